package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

const jobCols = `id, kind, state, request, created_ns, started_ns, finished_ns, attempt, worker, lease_ns,
	stage, fraction, error, result, plan_ids, org, key_id`

type rowScanner interface{ Scan(...any) error }

func scanJob(r rowScanner) (*Job, error) {
	var j Job
	var created, started, finished, lease int64
	var req, errJSON, result, planIDs, state string
	if err := r.Scan(&j.ID, &j.Kind, &state, &req, &created, &started, &finished, &j.Attempt, &j.Worker, &lease,
		&j.Progress.Stage, &j.Progress.Fraction, &errJSON, &result, &planIDs, &j.Owner.Org, &j.Owner.KeyID); err != nil {
		return nil, err
	}
	j.State = State(state)
	j.Request = json.RawMessage(req)
	j.Created = fromNS(created)
	j.Started, j.Finished, j.Lease = fromNS(started), fromNS(finished), fromNS(lease)
	if errJSON != "" {
		j.Error = json.RawMessage(errJSON)
	}
	if result != "" {
		j.Result = json.RawMessage(result)
	}
	if planIDs != "" {
		j.PlanIDs = strings.Split(planIDs, ",")
	}
	return &j, nil
}

func fromNS(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns).UTC()
}

func (s *sqlStore) CreateJob(ctx context.Context, j *Job) error {
	if j.ID == "" || j.Kind == "" || len(j.Request) == 0 {
		return errors.New("store: a job needs an ID, a kind and a request")
	}
	j.State = Queued
	if j.Created.IsZero() {
		j.Created = s.now().UTC()
	}
	insert := func(ctx context.Context, x execer) error {
		_, err := x.ExecContext(ctx, s.d.bind(`INSERT INTO jobs (id, kind, state, request, created_ns, org, key_id)
			VALUES (?, ?, ?, ?, ?, ?, ?)`),
			j.ID, j.Kind, string(Queued), string(j.Request), j.Created.UnixNano(), j.Owner.Org, j.Owner.KeyID)
		return err
	}
	if s.river != nil {
		// the job and the River job that will run it, together or not at all
		err := s.tx(ctx, func(tx *sql.Tx) error {
			if err := insert(ctx, tx); err != nil {
				return err
			}
			return s.river.insert(ctx, tx, RiverArgs{JobID: j.ID})
		})
		if err == nil {
			s.notify(ctx) // for an in-process Runner on PostgreSQL (River has its own)
		}
		return err
	}
	err := insert(ctx, s.db)
	if err == nil {
		s.notify(ctx)
	}
	return err
}

// Start records that a job's attempt-th run has started, for a queue that
// hands out the runs itself (River on PostgreSQL): the job must be queued
// or running under an earlier attempt (a queued job may also be a released
// one, restarted under the same attempt number). A run still going under
// an earlier attempt loses its claim (ErrLeaseLost on its next heartbeat,
// Complete or Fail), so only the latest run can store a result.
// ErrFinished (with the job) when the job is done, failed or cancelled;
// ErrLeaseLost when a run of the same or a later attempt holds it.
func (s *sqlStore) Start(ctx context.Context, id string, attempt int, worker string, lease time.Duration) (*Job, error) {
	var out *Job
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now().UnixNano()
		res, err := tx.ExecContext(ctx, s.d.bind(`UPDATE jobs SET state = ?, attempt = ?, worker = ?, started_ns = ?,
			lease_ns = ?, stage = ?, fraction = 0
			WHERE id = ? AND ((state = ? AND attempt <= ?) OR (state = ? AND attempt < ?))`),
			Running, attempt, worker, now, now+int64(lease), "claimed", id, Queued, attempt, Running, attempt)
		if err := lost(res, err); err != nil {
			if !errors.Is(err, ErrLeaseLost) {
				return err
			}
			j, jerr := s.jobQ(ctx, tx, id)
			switch {
			case jerr != nil:
				return jerr
			case j.State.Final():
				out = j
				return ErrFinished
			}
			return ErrLeaseLost
		}
		out, err = s.jobQ(ctx, tx, id)
		return err
	})
	return out, err
}

func (s *sqlStore) Job(ctx context.Context, id string) (*Job, error) {
	return s.jobQ(ctx, s.db, id)
}

type querier interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func (s *sqlStore) jobQ(ctx context.Context, q querier, id string) (*Job, error) {
	j, err := scanJob(q.QueryRowContext(ctx, s.d.bind(`SELECT `+jobCols+` FROM jobs WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return j, err
}

func (s *sqlStore) QueuedJobs(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, s.d.bind(`SELECT COUNT(*) FROM jobs WHERE state IN (?, ?)`), Queued, Running).Scan(&n)
	return n, err
}

func (s *sqlStore) OrgQueuedJobs(ctx context.Context, org string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, s.d.bind(`SELECT COUNT(*) FROM jobs WHERE org = ? AND state IN (?, ?)`),
		org, Queued, Running).Scan(&n)
	return n, err
}

// workerLost is the problem a job gets when its workers kept dying.
func workerLost(attempts int) json.RawMessage {
	b, _ := json.Marshal(map[string]any{"type": "urn:lumbung:problem:worker-lost", "title": "Job abandoned",
		"status": 500, "detail": fmt.Sprintf("the job's worker stopped without finishing it %d times", attempts)})
	return b
}

func (s *sqlStore) Claim(ctx context.Context, worker string, lease time.Duration, maxAttempts int) (*Job, error) {
	var out *Job
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for {
			now := s.now().UnixNano()
			var id string
			var attempt int
			var state string
			err := tx.QueryRowContext(ctx, s.d.bind(`SELECT id, attempt, state FROM jobs
				WHERE state = ? OR (state = ? AND lease_ns < ?) ORDER BY created_ns, id LIMIT 1`+s.d.skipLocked),
				Queued, Running, now).Scan(&id, &attempt, &state)
			if errors.Is(err, sql.ErrNoRows) {
				return nil // commit the abandoned jobs failed on the way
			}
			if err != nil {
				return err
			}
			if State(state) == Running && attempt >= maxAttempts {
				if _, err := tx.ExecContext(ctx, s.d.bind(`UPDATE jobs SET state = ?, error = ?, finished_ns = ? WHERE id = ?`),
					Failed, string(workerLost(attempt)), now, id); err != nil {
					return err
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, s.d.bind(`UPDATE jobs SET state = ?, attempt = ?, worker = ?, started_ns = ?,
				lease_ns = ?, stage = ?, fraction = 0 WHERE id = ?`),
				Running, attempt+1, worker, now, now+int64(lease), "claimed", id); err != nil {
				return err
			}
			out, err = s.jobQ(ctx, tx, id)
			return err
		}
	})
	if err == nil && out == nil {
		err = ErrNoJob
	}
	return out, err
}

// own is the condition a claim holds its job under.
const own = ` WHERE id = ? AND attempt = ? AND state = 'running'`

func lost(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrLeaseLost
	}
	return nil
}

func (s *sqlStore) Heartbeat(ctx context.Context, c Claim, p Progress, lease time.Duration) error {
	return lost(s.db.ExecContext(ctx, s.d.bind(`UPDATE jobs SET stage = ?, fraction = ?, lease_ns = ?`+own),
		p.Stage, p.Fraction, s.now().UnixNano()+int64(lease), c.JobID, c.Attempt))
}

func (s *sqlStore) Complete(ctx context.Context, c Claim, result json.RawMessage, plans []*Record) error {
	ids := make([]string, len(plans))
	for i, r := range plans {
		ids[i] = r.Plan.ID
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		err := lost(tx.ExecContext(ctx, s.d.bind(`UPDATE jobs SET state = ?, finished_ns = ?, result = ?, plan_ids = ?,
			stage = ?, fraction = 1`+own), Done, s.now().UnixNano(), string(result), strings.Join(ids, ","), "done",
			c.JobID, c.Attempt))
		if err != nil {
			return err
		}
		var o Owner // the job's plans are its owner's, whoever solved them
		if err := tx.QueryRowContext(ctx, s.d.bind(`SELECT org, key_id FROM jobs WHERE id = ?`), c.JobID).Scan(&o.Org, &o.KeyID); err != nil {
			return err
		}
		for _, r := range plans {
			r.Owner = o
			if err := s.insertPlan(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *sqlStore) Release(ctx context.Context, c Claim) error {
	err := lost(s.db.ExecContext(ctx, s.d.bind(`UPDATE jobs SET state = ?, lease_ns = 0, stage = ?, fraction = 0`+own),
		Queued, "released", c.JobID, c.Attempt))
	if err == nil {
		s.notify(ctx)
	}
	return err
}

func (s *sqlStore) Fail(ctx context.Context, c Claim, problem json.RawMessage) error {
	return lost(s.db.ExecContext(ctx, s.d.bind(`UPDATE jobs SET state = ?, finished_ns = ?, error = ?`+own),
		Failed, s.now().UnixNano(), string(problem), c.JobID, c.Attempt))
}

func (s *sqlStore) Cancel(ctx context.Context, id string) (*Job, error) {
	var out *Job
	err := s.tx(ctx, func(tx *sql.Tx) error {
		j, err := s.jobQ(ctx, tx, id)
		if err != nil {
			return err
		}
		if j.State.Final() {
			out = j
			return ErrFinished
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, s.d.bind(`UPDATE jobs SET state = ?, finished_ns = ? WHERE id = ?`),
			Cancelled, now.UnixNano(), id); err != nil {
			return err
		}
		j.State, j.Finished = Cancelled, now.UTC()
		out = j
		if s.river != nil {
			return s.river.cancel(ctx, tx, id)
		}
		return nil
	})
	return out, err
}

func (s *sqlStore) DeleteJobsBefore(ctx context.Context, t time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, s.d.bind(`DELETE FROM jobs WHERE state IN (?, ?, ?) AND finished_ns < ?`),
		Done, Failed, Cancelled, t.UnixNano())
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
