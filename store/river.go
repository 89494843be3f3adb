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

func (q *riverQueue) insert(ctx context.Context, tx *sql.Tx, jobID string) error {
	_, err := q.client.InsertTx(ctx, tx, RiverArgs{JobID: jobID}, nil)
	return err
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
