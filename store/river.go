package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivermigrate"
)

// RiverArgs is the River job (github.com/riverqueue/river) that carries
// one of our jobs on PostgreSQL: River holds when and where the job runs
// (queueing, the claim, retries, rescue of a dead worker's job,
// cancellation), our jobs table holds what the job is and what became of
// it (state, progress, result, plans). The PostgreSQL store inserts one in
// the transaction that creates the job, and cancels it in the transaction
// that cancels the job.
type RiverArgs struct {
	JobID string `json:"job_id"`
	// Base is how many runs the job had before this River job: a River
	// job that RequeueOrphans inserts for a job already run starts its
	// runs at attempt Base+1, so that they take the job from the earlier
	// runs (store.Start fences by attempt).
	Base int `json:"base,omitempty"`
}

// Kind is River's name for the job kind.
func (RiverArgs) Kind() string { return "lumbung_job" }

// RiverMaxAttempts is how many times River may start one job: up to
// RiverMaxAttempts-1 solves (a solve's worker dying, or its worker
// stopping, takes one), then one last start that only records the job
// failed (so that River never discards a job our table still shows live).
const RiverMaxAttempts = 4

// InsertOpts are the River options of every job.
func (RiverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: RiverMaxAttempts}
}

// riverQueue is the PostgreSQL store's handle on River: an insert-only
// client on the store's own connections, so that a River job is inserted
// and cancelled inside the store's transactions.
type riverQueue struct {
	client *river.Client[*sql.Tx]
}

func newRiverQueue(db *sql.DB) (*riverQueue, error) {
	// River notifies workers of inserted jobs at most once per
	// FetchCooldown per client (default 100 ms); a job inserted sooner
	// would wait for a worker's poll, so notify (almost) every insert
	c, err := river.NewClient(riverdatabasesql.New(db), &river.Config{FetchCooldown: river.FetchCooldownMin})
	if err != nil {
		return nil, fmt.Errorf("store: River client: %w", err)
	}
	return &riverQueue{client: c}, nil
}

// migrateRiver brings River's own tables (river_job, river_leader, …) up
// to date with River's migrator, right after ours. River's migrations
// cannot share one transaction (one adds an enum value that the next
// uses), so they run one transaction each, under a session advisory lock
// that makes processes starting together apply each once.
func migrateRiver(ctx context.Context, db *sql.DB) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, riverMigrationLock); err != nil {
		return err
	}
	defer func() {
		if _, uerr := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, riverMigrationLock); uerr != nil && err == nil {
			err = uerr
		}
	}()
	m, err := rivermigrate.New(riverdatabasesql.New(db), nil)
	if err != nil {
		return err
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("store: River's migrations: %w", err)
	}
	return nil
}

// riverMigrationLock is the advisory lock key of River's migrations (any
// constant shared by all lumbung processes, not our own migrations' key).
const riverMigrationLock = 7415046883

func (q *riverQueue) insert(ctx context.Context, tx *sql.Tx, args RiverArgs) error {
	_, err := q.client.InsertTx(ctx, tx, args, nil)
	return err
}

// liveRiverJob is the SQL condition "job j has a River job that may still
// run": River's completer finalizes a River job without checking which
// run returned, so a late earlier run can finalize it while our row still
// waits for a run.
const liveRiverJob = `EXISTS (SELECT 1 FROM river_job r WHERE r.kind = 'lumbung_job' AND r.args->>'job_id' = j.id
	AND r.state NOT IN ('completed', 'cancelled', 'discarded'))`

// orphanSweepLock is the advisory lock key that makes RequeueOrphans run
// one at a time across processes, so each sweep's query sees the River
// jobs the one before it inserted.
const orphanSweepLock = 7415046884

// RequeueOrphans gives a new River job to each job that River can no
// longer start: queued, or running under a lease that has lapsed (its run
// died), while none of its River jobs is live. That happens when a run
// River rescued as stuck lived on (a frozen process) and, finishing late,
// had River finalize the job's River row while the rescue run held our
// row; if the rescue run then dies, River would never start the job
// again. It returns how many jobs it requeued (at most 100 a call); on
// SQLite, where no River runs, it does nothing.
func (s *sqlStore) RequeueOrphans(ctx context.Context) (int, error) {
	if s.river == nil {
		return 0, nil
	}
	var n int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, orphanSweepLock); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT j.id, j.attempt FROM jobs j
			WHERE (j.state = $1 OR (j.state = $2 AND j.lease_ns < $3)) AND NOT `+liveRiverJob+`
			ORDER BY j.created_ns LIMIT 100 FOR UPDATE OF j`, Queued, Running, s.now().UnixNano())
		if err != nil {
			return err
		}
		var orphans []RiverArgs
		for rows.Next() {
			var a RiverArgs
			if err := rows.Scan(&a.JobID, &a.Base); err != nil {
				rows.Close()
				return err
			}
			orphans = append(orphans, a)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, a := range orphans {
			if err := s.river.insert(ctx, tx, a); err != nil {
				return err
			}
		}
		n = len(orphans)
		return nil
	})
	return n, err
}

// cancel cancels the job's live River job, if any: a queued one will not
// start; a running one has its context cancelled (River tells its worker
// through LISTEN/NOTIFY once the transaction commits).
func (q *riverQueue) cancel(ctx context.Context, tx *sql.Tx, jobID string) error {
	var rid int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM river_job WHERE kind = $1 AND args->>'job_id' = $2
		AND state NOT IN ('completed', 'cancelled', 'discarded') ORDER BY id DESC LIMIT 1`,
		RiverArgs{}.Kind(), jobID).Scan(&rid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = q.client.JobCancelTx(ctx, tx, rid)
	return err
}
