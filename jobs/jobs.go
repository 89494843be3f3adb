// Package jobs runs queued solves: workers start jobs of a store.Store,
// run them through a Solver, report progress, and store the result with
// the job's plans in one transaction. The store's job row is the source of
// truth for state, progress and results (the API reads it); what differs
// between backends is what hands runs out.
//
// # PostgreSQL: River
//
// On PostgreSQL, River (github.com/riverqueue/river, riverpgxv5 driver)
// carries the execution: the store inserts one River job per job in the
// transaction that creates it (River's tables come from River's own
// migrator, run by store.OpenPostgres after our migrations), and River
// Workers (NewRiver) in any number of processes on any number of machines
// fetch, time out, retry and rescue them. DELETE /v1/jobs/{id} cancels the
// River job in the transaction that cancels ours: a queued job never
// starts, a running one has its context cancelled (River's LISTEN/NOTIFY;
// the next progress heartbeat, 0.5 s, is the fallback).
//
// The lease is River's: Config.Timeout is River's job timeout (the run's
// context is cancelled then and the job fails), and River's
// RescueStuckJobsAfter is Config.Lease when longer, else the timeout plus
// RescueMargin (defaults: 10 min and 11 min). River's leader rescues a
// job still running that long after its start every 30 s, so a dead
// worker's job starts again elsewhere within RescueStuckJobsAfter + 30 s
// of its start (plus about 20 s when the dead worker was River's leader:
// its 15 s leadership TTL and the next election round, 17 s measured),
// not at once: RiverLease says how long. A worker stopped by SIGTERM hands
// its jobs back at once (River's snooze). River starts a job at most
// store.RiverMaxAttempts times; its last start records the job failed
// rather than solve, so River never drops a job our row shows live.
//
// Guarantee: a job's result and plans are stored at most once, by the
// latest run. Each run records its start under River's attempt number
// (store.Start), which takes the job from any earlier run; Heartbeat,
// Complete and Fail succeed only for the attempt that still owns the job,
// checked in the transaction that writes. A run that River rescued while
// it still lived (a frozen process that outlived the timeout and the
// rescue delay) may compute its result again, but cannot store it; a live
// earlier run stops at its next heartbeat. What is not guaranteed: that a
// solve is computed only once.
//
// River's completer finalizes a job's River row for whichever run returns,
// without checking the attempt, so a late earlier run can finalize it
// while the rescue run still works; were that rescue run to die too,
// River would never start the job again. So River workers also sweep,
// every Config.Lease, for jobs queued, or running under a lapsed lease,
// with no live River row (store.Store's RequeueOrphans), and give each a
// new River row whose runs continue the attempt count.
//
// # SQLite: the in-process Runner
//
// On SQLite (one machine, no server), a Runner's workers claim jobs
// themselves (store.Claim, under the write lock). A claim is a lease of
// Config.Lease, renewed every Config.Heartbeat while the job runs; a
// runner that dies stops renewing, and once the lease has run out another
// runner's claim takes the job over (up to Config.MaxAttempts claims, then
// the job fails). The same attempt fencing makes its result stored once.
// Cancellation (store.Cancel) reaches the running solve at its next
// heartbeat, through its context. A runner that is stopped (SIGTERM)
// cancels its solves and releases their jobs to the queue at once. A
// Runner also works on PostgreSQL (LISTEN/NOTIFY wakes it), but lumbung
// runs River there.
//
// River's SQLite driver (riversqlite) is not used: its documentation
// calls it "in early testing" with "minimal real world use", and asks for
// a one-connection pool to avoid SQLITE_BUSY, which would serialize our
// plan reads behind job writes; the Runner already serves one process.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/lumbung-id/lumbung/store"
)

// Solver runs one job: its kind and request as queued. progress reports
// how far it is. A Failure error fails the job with its problem; other
// errors fail it with an internal problem.
type Solver interface {
	Solve(ctx context.Context, kind string, request json.RawMessage, progress func(store.Progress)) (*Outcome, error)
}

// Outcome is a finished job's result and the plans it made (stored with
// the result, in the same transaction).
type Outcome struct {
	Result json.RawMessage
	Plans  []*store.Record
}

// Failure is a job that failed for a reason its submitter can act on: a
// bad scenario, an unreachable point. Problem is an RFC 9457 problem, JSON.
type Failure struct {
	Problem json.RawMessage
}

func (f *Failure) Error() string { return "jobs: job failed: " + string(f.Problem) }

// Config tunes a Runner; zero fields take the defaults.
type Config struct {
	Workers     int           // jobs run at once (default 1)
	Name        string        // the runner's name in claims (default host:pid)
	Lease       time.Duration // how long a claim holds a job without a heartbeat (default 30 s)
	Heartbeat   time.Duration // progress and lease renewal interval (default 500 ms)
	Poll        time.Duration // how often idle workers look for jobs (default 250 ms)
	MaxAttempts int           // claims before a job whose workers keep dying fails (default 3)
	Timeout     time.Duration // the longest a job may run (default 10 min)
	Logger      *slog.Logger
}

// Defaults.
const (
	DefaultLease       = 30 * time.Second
	DefaultHeartbeat   = 500 * time.Millisecond
	DefaultPoll        = 250 * time.Millisecond
	DefaultMaxAttempts = 3
	DefaultTimeout     = 10 * time.Minute
)

func (c Config) withDefaults() Config {
	if c.Workers <= 0 {
		c.Workers = 1
	}
	if c.Name == "" {
		host, _ := os.Hostname()
		c.Name = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	if c.Lease <= 0 {
		c.Lease = DefaultLease
	}
	if c.Heartbeat <= 0 {
		c.Heartbeat = DefaultHeartbeat
	}
	if c.Heartbeat > c.Lease/3 {
		c.Heartbeat = c.Lease / 3 // two missed heartbeats must not lose the lease
	}
	if c.Poll <= 0 {
		c.Poll = DefaultPoll
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Runner claims and runs jobs.
type Runner struct {
	ex   executor
	st   store.Store
	cfg  Config
	wake chan struct{}
}

// executor runs one started job (claimed by a Runner, or started by
// River) to its end.
type executor struct {
	st  store.Store
	sv  Solver
	cfg Config
}

// ending is how a run ended.
type ending int

const (
	recorded ending = iota // done or failed, and recorded so (or not, if the store refused)
	dropped                // cancelled, or taken over by a later attempt: nothing recorded
	released               // the runner is stopping: the job went back to the queue
)

// New makes a runner of jobs in st.
func New(st store.Store, sv Solver, cfg Config) *Runner {
	cfg = cfg.withDefaults()
	return &Runner{ex: executor{st: st, sv: sv, cfg: cfg}, st: st, cfg: cfg, wake: make(chan struct{}, cfg.Workers)}
}

// Wake tells idle workers a job was queued, so that they claim it now
// rather than at their next poll. A nil Runner ignores it.
func (r *Runner) Wake() {
	if r == nil {
		return
	}
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run runs the workers until ctx ends. Jobs running then are stopped and
// released to the queue for another runner (or this one, restarted).
func (r *Runner) Run(ctx context.Context) {
	var wg sync.WaitGroup
	if n, ok := r.st.(store.Notifier); ok {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n.Listen(ctx, r.Wake)
		}()
	}
	for i := 0; i < r.cfg.Workers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r.work(ctx, fmt.Sprintf("%s/%d", r.cfg.Name, i))
		}(i)
	}
	wg.Wait()
}

func (r *Runner) work(ctx context.Context, name string) {
	for ctx.Err() == nil {
		j, err := r.st.Claim(ctx, name, r.cfg.Lease, r.cfg.MaxAttempts)
		if err == nil {
			r.ex.run(ctx, j, func() bool { return ctx.Err() != nil })
			continue
		}
		if !errors.Is(err, store.ErrNoJob) && ctx.Err() == nil {
			r.cfg.Logger.Error("claim a job", "worker", name, "err", err)
		}
		select {
		case <-ctx.Done():
		case <-r.wake:
		case <-time.After(r.cfg.Poll):
		}
	}
}

// run runs one claimed job to its end: done, failed, cancelled (by
// someone else, through the store or through ctx), or released to the
// queue when ctx ends because the runner is stopping (stopping says so).
func (r *executor) run(ctx context.Context, j *store.Job, stopping func() bool) ending {
	log := r.cfg.Logger.With("job", j.ID, "kind", j.Kind, "attempt", j.Attempt)
	log.Info("job started", "worker", j.Worker, "queued", j.Started.Sub(j.Created).Round(time.Millisecond))
	claim := j.Claim()
	jctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()

	var mu sync.Mutex
	prog := store.Progress{Stage: "started"}
	report := func(p store.Progress) {
		mu.Lock()
		prog = p
		mu.Unlock()
	}
	lostLease := make(chan struct{})
	beatDone := make(chan struct{})
	go func() {
		defer close(beatDone)
		t := time.NewTicker(r.cfg.Heartbeat)
		defer t.Stop()
		renewed := time.Now() // the claim set the lease
		for {
			select {
			case <-jctx.Done():
				return
			case <-t.C:
			}
			mu.Lock()
			p := prog
			mu.Unlock()
			err := r.st.Heartbeat(jctx, claim, p, r.cfg.Lease)
			if err == nil {
				renewed = time.Now()
			}
			// lost, or unrenewed for a whole lease (the store unreachable):
			// another runner may hold the job now, so stop solving it
			if errors.Is(err, store.ErrLeaseLost) || time.Since(renewed) > r.cfg.Lease {
				close(lostLease)
				cancel()
				return
			}
			if err != nil && jctx.Err() == nil {
				log.Warn("job heartbeat", "err", err) // the lease holds until it runs out
			}
		}
	}()

	out, err := r.sv.Solve(jctx, j.Kind, j.Request, report)
	timedOut := errors.Is(jctx.Err(), context.DeadlineExceeded)
	cancel()
	<-beatDone
	select {
	case <-lostLease:
		log.Info("job cancelled or taken over: result dropped")
		return dropped
	default:
	}
	if ctx.Err() != nil && !stopping() {
		// cancelled through the context (River's job cancel): the store
		// has the job cancelled already
		log.Info("job cancelled: result dropped")
		return dropped
	}
	if ctx.Err() != nil {
		// the runner is stopping: hand the job back rather than leave it
		// to its lease
		rctx, rcancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer rcancel()
		if err := r.st.Release(rctx, claim); err != nil {
			log.Warn("runner stopping: could not release the job, it waits for its lease", "err", err)
			return dropped
		}
		log.Info("runner stopping: job released to the queue")
		return released
	}
	// the job's own context has ended: finish under a fresh one
	fctx, fcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer fcancel()
	switch {
	case err == nil:
		err = r.st.Complete(fctx, claim, out.Result, out.Plans)
		if err == nil {
			log.Info("job done", "plans", len(out.Plans))
			return recorded
		}
		if errors.Is(err, store.ErrLeaseLost) {
			log.Info("job cancelled or taken over before its result was stored: result dropped")
			return dropped
		}
		log.Error("store a job's result", "err", err)
		err = fmt.Errorf("storing the result: %w", err)
	case timedOut:
		err = &Failure{Problem: problem("urn:lumbung:problem:timeout", "Job timed out", 503,
			fmt.Sprintf("the job ran longer than the runner's %v limit", r.cfg.Timeout))}
	}
	var f *Failure
	if !errors.As(err, &f) {
		log.Error("job failed", "err", err)
		f = &Failure{Problem: problem("urn:lumbung:problem:internal", "Internal error", 500, "")}
	}
	if err := r.st.Fail(fctx, claim, f.Problem); err != nil && !errors.Is(err, store.ErrLeaseLost) {
		log.Error("record a job's failure", "err", err)
	}
	log.Info("job failed", "problem", string(f.Problem))
	return recorded
}

func problem(typ, title string, status int, detail string) json.RawMessage {
	b, _ := json.Marshal(struct {
		Type   string `json:"type"`
		Title  string `json:"title"`
		Status int    `json:"status"`
		Detail string `json:"detail,omitempty"`
	}{typ, title, status, detail})
	return b
}
