package main

import (
	"context"
	"flag"
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
	retention *time.Duration
}

func addStoreFlags(fs *flag.FlagSet, workers int) *storeFlags {
	return &storeFlags{
		db:        fs.String("db", defaultDB(), "plans and jobs database: a SQLite file, or a postgres:// URL"),
		workers:   fs.Int("workers", workers, "queued jobs solved at once in this process (0: none, leave them to `lumbung worker`)"),
		lease:     fs.Duration("lease", jobs.DefaultLease, "how long a job stays claimed by a worker that stopped reporting, before another worker retries it"),
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

// runner makes the job runner of this process's -workers, or nil.
func (f *storeFlags) runner(st store.Store, sv jobs.Solver, log *slog.Logger) *jobs.Runner {
	if *f.workers <= 0 {
		return nil
	}
	return jobs.New(st, sv, jobs.Config{Workers: *f.workers, Lease: *f.lease, Logger: log})
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
