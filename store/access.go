package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Owner is who made a plan or a job: the organisation it belongs to and
// the API key that asked for it. Both are "" when access control is off.
type Owner struct {
	Org   string
	KeyID string
}

// Key is a stored API key. The token itself is never stored: Hash is an
// argon2id PHC string of the token's secret part (package auth).
type Key struct {
	ID      string    `json:"id"`
	Org     string    `json:"org"`
	Role    string    `json:"role"`
	Name    string    `json:"name"`
	Hash    string    `json:"-"`
	Created time.Time `json:"created"`
	Revoked time.Time `json:"revoked,omitzero"` // zero while the key is live
}

// Audit actions.
const (
	AuditCreate = "create"
	AuditRead   = "read"
	AuditExport = "export"
	AuditDelete = "delete"
)

// AuditEntry is one line of the append-only audit log: who (organisation
// and key) did what to which plan.
type AuditEntry struct {
	Seq    int64     `json:"seq"`
	At     time.Time `json:"at"`
	Org    string    `json:"org"`
	KeyID  string    `json:"key_id"`
	Action string    `json:"action"`
	PlanID string    `json:"plan_id"`
	Detail string    `json:"detail,omitempty"`
}

// ErrRevoked: the key was already revoked.
var ErrRevoked = errors.New("store: key already revoked")

func (s *sqlStore) CreateKey(ctx context.Context, k *Key) error {
	if k.ID == "" || k.Org == "" || k.Role == "" || k.Hash == "" {
		return errors.New("store: a key needs an ID, an organisation, a role and a hash")
	}
	if k.Created.IsZero() {
		k.Created = s.now().UTC()
	}
	_, err := s.db.ExecContext(ctx, s.d.bind(`INSERT INTO api_keys (id, org, role, name, hash, created_ns) VALUES (?, ?, ?, ?, ?, ?)`),
		k.ID, k.Org, k.Role, k.Name, k.Hash, k.Created.UnixNano())
	return err
}

const keyCols = `id, org, role, name, hash, created_ns, revoked_ns`

func scanKey(r rowScanner) (*Key, error) {
	var k Key
	var created, revoked int64
	if err := r.Scan(&k.ID, &k.Org, &k.Role, &k.Name, &k.Hash, &created, &revoked); err != nil {
		return nil, err
	}
	k.Created, k.Revoked = fromNS(created), fromNS(revoked)
	return &k, nil
}

func (s *sqlStore) Key(ctx context.Context, id string) (*Key, error) {
	k, err := scanKey(s.db.QueryRowContext(ctx, s.d.bind(`SELECT `+keyCols+` FROM api_keys WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return k, err
}

func (s *sqlStore) Keys(ctx context.Context, org string) ([]Key, error) {
	q, args := `SELECT `+keyCols+` FROM api_keys`, []any{}
	if org != "" {
		q += ` WHERE org = ?`
		args = append(args, org)
	}
	rows, err := s.db.QueryContext(ctx, s.d.bind(q+` ORDER BY org, created_ns, id`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Key{}
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *k)
	}
	return out, rows.Err()
}

func (s *sqlStore) RevokeKey(ctx context.Context, id string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var revoked int64
		err := tx.QueryRowContext(ctx, s.d.bind(`SELECT revoked_ns FROM api_keys WHERE id = ?`), id).Scan(&revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if revoked != 0 {
			return ErrRevoked
		}
		_, err = tx.ExecContext(ctx, s.d.bind(`UPDATE api_keys SET revoked_ns = ? WHERE id = ?`), s.now().UnixNano(), id)
		return err
	})
}

func (s *sqlStore) PlanOwner(ctx context.Context, id string) (Owner, error) {
	return s.owner(ctx, "plans", id)
}

func (s *sqlStore) JobOwner(ctx context.Context, id string) (Owner, error) {
	return s.owner(ctx, "jobs", id)
}

func (s *sqlStore) owner(ctx context.Context, table, id string) (Owner, error) {
	var o Owner
	err := s.db.QueryRowContext(ctx, s.d.bind(`SELECT org, key_id FROM `+table+` WHERE id = ?`), id).Scan(&o.Org, &o.KeyID)
	if errors.Is(err, sql.ErrNoRows) {
		return o, ErrNotFound
	}
	return o, err
}

type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

func (s *sqlStore) Audit(ctx context.Context, e *AuditEntry) error {
	return s.audit(ctx, s.db, e)
}

func (s *sqlStore) audit(ctx context.Context, x execer, e *AuditEntry) error {
	if e.At.IsZero() {
		e.At = s.now().UTC()
	}
	_, err := x.ExecContext(ctx, s.d.bind(`INSERT INTO audit (at_ns, org, key_id, action, plan_id, detail) VALUES (?, ?, ?, ?, ?, ?)`),
		e.At.UnixNano(), e.Org, e.KeyID, e.Action, e.PlanID, e.Detail)
	return err
}

func (s *sqlStore) AuditLog(ctx context.Context, org string, after int64, limit int) ([]AuditEntry, error) {
	if limit <= 0 {
		return nil, errors.New("store: list limit must be positive")
	}
	q, args := `SELECT seq, at_ns, org, key_id, action, plan_id, detail FROM audit WHERE seq > ?`, []any{after}
	if org != "" {
		q += ` AND org = ?`
		args = append(args, org)
	}
	rows, err := s.db.QueryContext(ctx, s.d.bind(q+` ORDER BY seq LIMIT ?`), append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		var at int64
		if err := rows.Scan(&e.Seq, &at, &e.Org, &e.KeyID, &e.Action, &e.PlanID, &e.Detail); err != nil {
			return nil, err
		}
		e.At = fromNS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
