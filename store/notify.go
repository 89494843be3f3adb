package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
)

// Notifier is a Store that tells waiting workers at once that a job was
// queued, wherever it was queued (PostgreSQL's LISTEN/NOTIFY). Workers of
// other stores find new jobs by polling.
type Notifier interface {
	// Listen calls f whenever a job is queued or released, until ctx
	// ends; it reconnects after errors.
	Listen(ctx context.Context, f func())
}

// jobsChannel is the PostgreSQL notification channel of queued jobs.
const jobsChannel = "lumbung_jobs"

// notify tells listeners a job is ready to claim; best effort (a missed
// notification costs a poll interval).
func (s *sqlStore) notify(ctx context.Context) {
	if s.d.name == "postgres" {
		_, _ = s.db.ExecContext(ctx, "NOTIFY "+jobsChannel)
	}
}

// pgNotifier is the PostgreSQL store, which can listen.
type pgNotifier struct{ *sqlStore }

func (s pgNotifier) Listen(ctx context.Context, f func()) {
	for ctx.Err() == nil {
		err := s.listenOnce(ctx, f)
		if ctx.Err() != nil {
			return
		}
		_ = err // the poll covers the gap; retry after a pause
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (s pgNotifier) listenOnce(ctx context.Context, f func()) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "LISTEN "+jobsChannel); err != nil {
		return err
	}
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("store: not a pgx connection")
		}
		for {
			if _, err := c.Conn().WaitForNotification(ctx); err != nil {
				// the connection still LISTENs (or is broken): never
				// hand it back to the pool
				return driver.ErrBadConn
			}
			f()
		}
	})
}

// base is the SQL store under st.
func base(st Store) (*sqlStore, bool) {
	switch s := st.(type) {
	case *sqlStore:
		return s, true
	case pgNotifier:
		return s.sqlStore, true
	}
	return nil, false
}
