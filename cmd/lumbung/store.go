package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/jobs"
	"github.com/lumbung-id/lumbung/store"
)

// storeFlags are the flags of the commands that use the store (serve,
// worker).
type storeFlags struct {
	db        *string
	workers   *int
	lease     *time.Duration
	timeout   *time.Duration
	retention *time.Duration
	fs        *flag.FlagSet
}

func addStoreFlags(fs *flag.FlagSet, workers int) *storeFlags {
	return &storeFlags{
		db:      fs.String("db", defaultDB(), "plans and jobs database: a SQLite file, or a postgres:// URL"),
		workers: fs.Int("workers", workers, "queued jobs solved at once in this process (0: none, leave them to `lumbung worker`)"),
		lease: fs.Duration("lease", jobs.DefaultLease, "how long a job stays claimed by a worker that stopped reporting, before another worker retries it; "+
			"on PostgreSQL (River) it is River's RescueStuckJobsAfter, counted from the job's start: it must exceed -job-timeout (unset: -job-timeout + 1m)"),
		timeout:   fs.Duration("job-timeout", jobs.DefaultTimeout, "the longest a job may run before it is stopped and fails"),
		fs:        fs,
		retention: fs.Duration("retention", 0, "delete plans and finished jobs older than this, hourly (0: keep them all)"),
	}
}

// defaultDB is where plans live without -db: the user's data directory
// ($XDG_DATA_HOME/lumbung, else ~/.local/share/lumbung; on macOS
// ~/Library/Application Support/lumbung; on Windows %LocalAppData%\lumbung),
// or ./lumbung.db when there is no home directory.
func defaultDB() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		switch {
		case runtime.GOOS == "windows" && os.Getenv("LocalAppData") != "":
			dir = os.Getenv("LocalAppData")
		case err != nil || home == "":
			return "lumbung.db"
		case runtime.GOOS == "darwin":
			dir = filepath.Join(home, "Library", "Application Support")
		default:
			dir = filepath.Join(home, ".local", "share")
		}
	}
	return filepath.Join(dir, "lumbung", "lumbung.db")
}

// open opens the store and sets the server config's storage fields.
func (f *storeFlags) open(ctx context.Context, cfg *api.Config) (store.Store, error) {
	st, err := store.Open(ctx, *f.db)
	if err != nil {
		return nil, err
	}
	cfg.Store = st
	cfg.PlanRetention = *f.retention
	cfg.RemoteSolve = *f.workers <= 0 // solve nothing here: queue even synchronous solves for workers
	return st, nil
}

// jobRunner runs this process's workers until its context ends.
type jobRunner interface {
	Run(ctx context.Context) error
	Wake()
}

// inProcess is the in-process runner (SQLite) as a jobRunner.
type inProcess struct{ *jobs.Runner }

func (r inProcess) Run(ctx context.Context) error {
	r.Runner.Run(ctx)
	return nil
}

// runner makes the job runner of this process's -workers, or nil: River
// on PostgreSQL, the in-process runner on SQLite.
func (f *storeFlags) runner(ctx context.Context, st store.Store, sv jobs.Solver, log *slog.Logger) (jobRunner, error) {
	if *f.workers <= 0 {
		return nil, nil
	}
	cfg := jobs.Config{Workers: *f.workers, Lease: *f.lease, Timeout: *f.timeout, Logger: log}
	if !store.IsPostgres(*f.db) {
		return inProcess{jobs.New(st, sv, cfg)}, nil
	}
	if !f.leaseGiven() {
		cfg.Lease = 0 // River's rescue: the timeout and a margin
	}
	r, err := jobs.NewRiver(ctx, *f.db, st, sv, cfg)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// dbName is the database as logged: a SQLite path, or a PostgreSQL URL
// without its password.
func dbName(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		return dsn
	}
	return u.Redacted()
}

// leaseText is the lease as the worker logs it: River's rescue delay on
// PostgreSQL, the claim's lease on SQLite.
func (f *storeFlags) leaseText() string {
	if !store.IsPostgres(*f.db) {
		return f.lease.String()
	}
	cfg := jobs.Config{Lease: *f.lease, Timeout: *f.timeout}
	if !f.leaseGiven() {
		cfg.Lease = 0
	}
	return "river rescue after " + jobs.RiverLease(cfg).String() + " at most"
}

// check refuses flag values that cannot work together, before anything
// is opened.
func (f *storeFlags) check() error {
	if *f.timeout <= 0 {
		return fmt.Errorf("-job-timeout: want a positive duration, got %v", *f.timeout)
	}
	if store.IsPostgres(*f.db) && f.leaseGiven() && *f.lease <= *f.timeout {
		return fmt.Errorf("-lease: on PostgreSQL River rescues a job only after its run must have ended: want more than -job-timeout (%v), got %v", *f.timeout, *f.lease)
	}
	return nil
}

// leaseGiven reports whether -lease was set (flag or environment).
func (f *storeFlags) leaseGiven() bool {
	given := false
	f.fs.Visit(func(fl *flag.Flag) { given = given || fl.Name == "lease" })
	return given
}
