package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/lumbung-id/lumbung/store"
)

// RescueMargin is how much longer than the job timeout River waits before
// it rescues a job whose worker stopped reporting: River's rescuer may
// only take a job once its run must have ended (the timeout cancels it),
// else a live run and its rescue would overlap.
const RescueMargin = time.Minute

// RiverLease is the lease River's settings imply for cfg: a job whose
// worker died is started again elsewhere at most this long after its run
// started (RescueStuckJobsAfter, plus River's rescuer interval of 30 s,
// plus about 20 s more when the dead worker was River's leader).
func RiverLease(cfg Config) time.Duration {
	return cfg.riverRescue() + 30*time.Second
}

// riverRescue is River's RescueStuckJobsAfter for cfg: Config.Lease when
// set and longer than the timeout, else the timeout plus RescueMargin.
func (c Config) riverRescue() time.Duration {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if c.Lease > timeout {
		return c.Lease
	}
	return timeout + RescueMargin
}

// River runs jobs of a PostgreSQL store through River
// (github.com/riverqueue/river): River queues, claims, times out, retries,
// rescues and cancels them; the executor records each run's start,
// progress and outcome in the store, whose job row stays the source of
// truth the API reads. See the package doc for the guarantees.
type River struct {
	client   *river.Client[pgx.Tx]
	pool     *pgxpool.Pool
	st       store.Store
	stopping *atomic.Bool
	sweep    time.Duration // how often orphaned jobs are requeued: Config.Lease
	logger   *slog.Logger
}

// NewRiver connects River to the PostgreSQL database dsn (the one st was
// opened on: store.OpenPostgres has run River's migrations) with
// cfg.Workers jobs at once. cfg.Timeout is River's job timeout; River's
// RescueStuckJobsAfter is cfg.Lease if longer than the timeout, else the
// timeout plus RescueMargin.
func NewRiver(ctx context.Context, dsn string, st store.Store, sv Solver, cfg Config) (*River, error) {
	rescue := cfg.riverRescue()
	cfg = cfg.withDefaults()
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("jobs: River's connection pool: %w", err)
	}
	stopping := new(atomic.Bool)
	workers := river.NewWorkers()
	river.AddWorker(workers, &riverWorker{ex: executor{st: st, sv: sv, cfg: cfg}, stopping: stopping, rescue: rescue})
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		ID:                   cfg.Name,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:              workers,
		JobTimeout:           cfg.Timeout,
		RescueStuckJobsAfter: rescue,
		MaxAttempts:          store.RiverMaxAttempts,
		RetryPolicy:          retryNow{},
		FetchCooldown:        river.FetchCooldownMin,
		FetchPollInterval:    cfg.Poll,
		Logger:               cfg.Logger.With("component", "river"),
	})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("jobs: River client: %w", err)
	}
	return &River{client: client, pool: pool, st: st, stopping: stopping, sweep: cfg.Lease, logger: cfg.Logger}, nil
}

// Run works jobs until ctx ends, then cancels the running ones, which go
// back to the queue at once (River's snooze; our job row: queued).
func (r *River) Run(ctx context.Context) error {
	defer r.pool.Close()
	// River's work contexts end with its start context: start it on one
	// that ctx does not end, so that a stop is first marked (stopping) and
	// only then cancels the running jobs, which then go back to the queue
	// instead of counting as failed runs.
	if err := r.client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("jobs: start River: %w", err)
	}
	r.requeueOrphans(ctx)
	r.stopping.Store(true)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return r.client.StopAndCancel(sctx)
}

// requeueOrphans asks the store, every r.sweep until ctx ends, to give a
// new River job to each job River can no longer start (store.Store's
// RequeueOrphans): River's completer finalizes a job's River row for
// whichever run returns, a late earlier run included, and a rescue run
// that then dies would leave our row live for ever. A job's lease lapses
// Config.Lease after its run's last heartbeat, so such a job starts again
// within two leases (plus River's fetch) of its run's death.
func (r *River) requeueOrphans(ctx context.Context) {
	t := time.NewTicker(r.sweep)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n, err := r.st.RequeueOrphans(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			r.logger.Warn("requeue orphaned jobs", "err", err)
		case n > 0:
			r.logger.Info("orphaned jobs requeued", "jobs", n)
		}
	}
}

// Wake does nothing: River's producers hear of new jobs through
// PostgreSQL's LISTEN/NOTIFY, wherever they were inserted.
func (r *River) Wake() {}

// retryNow retries a run that returned an error, or that River rescued,
// at once: the time a dead worker costs is already the rescue delay.
type retryNow struct{}

func (retryNow) NextRetry(*rivertype.JobRow) time.Time { return time.Now() }

// riverWorker is River's worker of store.RiverArgs.
type riverWorker struct {
	river.WorkerDefaults[store.RiverArgs]
	ex       executor
	stopping *atomic.Bool
	rescue   time.Duration // River's RescueStuckJobsAfter: the lease recorded at start
}

func (w *riverWorker) Timeout(*river.Job[store.RiverArgs]) time.Duration { return w.ex.cfg.Timeout }

// Work runs one River start of a job: it records the start under River's
// attempt number (which fences off any earlier run of the job), runs the
// solve with River's context, and records the outcome only if this run
// still owns the job.
func (w *riverWorker) Work(ctx context.Context, rj *river.Job[store.RiverArgs]) error {
	cfg := w.ex.cfg
	id := rj.Args.JobID
	attempt := rj.Args.Base + rj.Attempt // runs before this River job, plus this one's
	j, err := w.ex.st.Start(ctx, id, attempt, fmt.Sprintf("%s/river-%d", cfg.Name, rj.ID), w.rescue)
	switch {
	case errors.Is(err, store.ErrFinished), errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrLeaseLost):
		// cancelled before it started, deleted, or a later run holds it
		return river.JobCancel(fmt.Errorf("job %s not started: %w", id, err))
	case err != nil:
		return err // the store is unreachable: River retries
	}
	if rj.Attempt >= rj.MaxAttempts {
		// River's last start: River would discard the job if this run died
		// too, leaving our row live for ever, so record the failure instead
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if err := w.ex.st.Fail(fctx, j.Claim(), workerLost(attempt-1)); err != nil {
			return err
		}
		cfg.Logger.Info("job failed", "job", id, "problem", "worker-lost", "attempt", attempt)
		return nil
	}
	switch w.ex.run(ctx, j, w.stopping.Load) {
	case released:
		return river.JobSnooze(0) // run again at once, elsewhere, not counted as an attempt
	case dropped:
		return river.JobCancel(fmt.Errorf("job %s cancelled or taken over", id))
	}
	return nil
}

// workerLost is the problem of a job whose workers kept dying.
func workerLost(runs int) []byte {
	return problem("urn:lumbung:problem:worker-lost", "Job abandoned", 500,
		fmt.Sprintf("the job's worker stopped without finishing it %d times", runs))
}
