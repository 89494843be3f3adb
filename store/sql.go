package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// dialect is what differs between the SQL backends: placeholders, how
// geometries go in and come out, and row locking.
type dialect struct {
	name          string // the migrations directory
	dollar        bool   // $1 placeholders instead of ?
	lineIn        string // the SQL expression storing a WKB LineString placeholder
	pointCols     string // a place's geometry columns
	pointIn       string // the SQL expression(s) storing lon, lat placeholders
	lineOut       string // the SQL expression reading a lane's geometry as WKB
	pointOut      string // the SQL expressions reading lon, lat
	skipLocked    string // appended to the claim's SELECT
	migrationLock string // run first in the migration transaction
}

// bind rewrites ? placeholders to the dialect's.
func (d *dialect) bind(q string) string {
	if !d.dollar {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// sqlStore implements Store over database/sql for SQLite and PostgreSQL.
type sqlStore struct {
	db  *sql.DB
	d   *dialect
	now func() time.Time
	// river, on PostgreSQL, inserts and cancels each job's River job in
	// the job's own transactions; nil on SQLite (in-process runner)
	river *riverQueue
}

func (s *sqlStore) Close() error { return s.db.Close() }

func (s *sqlStore) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (s *sqlStore) SavePlan(ctx context.Context, r *Record) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.insertPlan(ctx, tx, r) })
}

func (s *sqlStore) insertPlan(ctx context.Context, tx *sql.Tx, r *Record) error {
	p := r.Plan
	if p == nil || p.ID == "" {
		return errors.New("store: a plan needs an ID")
	}
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	scenario := strings.TrimSpace(string(r.Scenario))
	if scenario == "" || scenario == "null" {
		scenario = "{}" // the defaults, as an empty body asks for
	}
	sm := &p.Summary
	if _, err := tx.ExecContext(ctx, s.d.bind(`INSERT INTO plans (id, name, created_ns, start_date, horizon_days,
		logistics_cost_idr, tonnes_delivered, unmet_tonnes, trucks, savings_pct, scenario, body, org, key_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		p.ID, p.Scenario, p.Created.UnixNano(), p.Start, p.HorizonDays, sm.LogisticsCostIDR, sm.TonnesDelivered,
		sm.UnmetTonnes, sm.Trucks, sm.SavingsPct, scenario, string(body), r.Owner.Org, r.Owner.KeyID); err != nil {
		return err
	}
	if err := s.audit(ctx, tx, &AuditEntry{Org: r.Owner.Org, KeyID: r.Owner.KeyID, Action: AuditCreate, PlanID: p.ID}); err != nil {
		return err
	}
	if err := s.insertShipments(ctx, tx, p); err != nil {
		return err
	}
	if r.Layers == nil {
		return nil
	}
	return s.insertLayers(ctx, tx, p.ID, r.Layers)
}

// batchRows is how many rows one multi-row INSERT carries: one round trip
// to PostgreSQL and one statement in SQLite per batch, well within both's
// parameter limits (SQLite 32766, PostgreSQL 65535).
const batchRows = 200

// insertRows inserts n rows, each the values expression row with its ?
// placeholders, into the table and columns head names; args gives row i's
// values.
func (s *sqlStore) insertRows(ctx context.Context, tx *sql.Tx, head, row string, n int, args func(i int) ([]any, error)) error {
	var q strings.Builder
	var vals []any
	for lo := 0; lo < n; lo += batchRows {
		q.Reset()
		vals = vals[:0]
		q.WriteString(head + " VALUES ")
		for i := lo; i < min(n, lo+batchRows); i++ {
			if i > lo {
				q.WriteString(", ")
			}
			q.WriteString(row)
			a, err := args(i)
			if err != nil {
				return err
			}
			vals = append(vals, a...)
		}
		if _, err := tx.ExecContext(ctx, s.d.bind(q.String()), vals...); err != nil {
			return err
		}
	}
	return nil
}

func (s *sqlStore) insertShipments(ctx context.Context, tx *sql.Tx, p *plan.Plan) error {
	return s.insertRows(ctx, tx, `INSERT INTO plan_shipments (plan_id, seq, day, date, commodity, tonnes,
		origin_cluster, origin_lon, origin_lat, buyer, vehicle, trucks, crossing, departure, arrival, cost_idr)`,
		`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, len(p.Shipments), func(i int) ([]any, error) {
			sh := &p.Shipments[i]
			return []any{p.ID, i, sh.Day, sh.Date, sh.Commodity, sh.Tonnes, sh.OriginCell,
				sh.Origin[0], sh.Origin[1], sh.Buyer, sh.Vehicle, sh.Trucks, sh.Crossing,
				sh.Departure.Format(time.RFC3339), sh.Arrival.Format(time.RFC3339), sh.Cost.Total()}, nil
		})
}

func (s *sqlStore) insertLayers(ctx context.Context, tx *sql.Tx, id string, l *Layers) error {
	err := s.insertRows(ctx, tx, `INSERT INTO plan_lanes (plan_id, seq, origin_cluster, crossing, buyer,
		vehicle, tonnes, trucks, cost_idr, days, commodities, geom)`, `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+s.d.lineIn+`)`,
		len(l.Lanes), func(i int) ([]any, error) {
			ln := &l.Lanes[i]
			com, err := json.Marshal(ln.Commodities)
			if err != nil {
				return nil, err
			}
			g, err := wkb.Marshal(ln.Route)
			if err != nil {
				return nil, err
			}
			return []any{id, i, ln.OriginCluster, ln.Crossing, ln.Buyer, ln.Vehicle, ln.Tonnes,
				ln.Trucks, ln.CostIDR, ln.Days, string(com), g}, nil
		})
	if err != nil {
		return err
	}
	for _, t := range []struct {
		table  string
		places []Place
	}{{"plan_ports", l.Ports}, {"plan_buyers", l.Buyers}} {
		err := s.insertRows(ctx, tx, `INSERT INTO `+t.table+` (plan_id, id, name, tonnes, trucks, `+s.d.pointCols+`)`,
			`(?, ?, ?, ?, ?, `+s.d.pointIn+`)`, len(t.places), func(i int) ([]any, error) {
				pl := &t.places[i]
				return []any{id, pl.ID, pl.Name, pl.Tonnes, pl.Trucks, pl.Point[0], pl.Point[1]}, nil
			})
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *sqlStore) Plan(ctx context.Context, id string) (*plan.Plan, error) {
	var body string
	err := s.db.QueryRowContext(ctx, s.d.bind(`SELECT body FROM plans WHERE id = ?`), id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	p := new(plan.Plan)
	if err := json.Unmarshal([]byte(body), p); err != nil {
		return nil, fmt.Errorf("store: plan %s: %w", id, err)
	}
	return p, nil
}

func (s *sqlStore) Layers(ctx context.Context, id string) (*Layers, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, s.d.bind(`SELECT COUNT(*) FROM plans WHERE id = ?`), id).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, ErrNotFound
	}
	l := &Layers{Lanes: []Lane{}}
	rows, err := s.db.QueryContext(ctx, s.d.bind(`SELECT origin_cluster, crossing, buyer, vehicle, tonnes, trucks,
		cost_idr, days, commodities, `+s.d.lineOut+` FROM plan_lanes WHERE plan_id = ? ORDER BY seq`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var ln Lane
		var com string
		var g []byte
		if err := rows.Scan(&ln.OriginCluster, &ln.Crossing, &ln.Buyer, &ln.Vehicle, &ln.Tonnes, &ln.Trucks,
			&ln.CostIDR, &ln.Days, &com, &g); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(com), &ln.Commodities); err != nil {
			return nil, err
		}
		geom, err := wkb.Unmarshal(g)
		if err != nil {
			return nil, fmt.Errorf("store: plan %s lane geometry: %w", id, err)
		}
		ls, ok := geom.(orb.LineString)
		if !ok {
			return nil, fmt.Errorf("store: plan %s lane geometry is a %s, want a LineString", id, geom.GeoJSONType())
		}
		ln.Route = ls
		l.Lanes = append(l.Lanes, ln)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if l.Ports, err = s.places(ctx, "plan_ports", id); err != nil {
		return nil, err
	}
	if l.Buyers, err = s.places(ctx, "plan_buyers", id); err != nil {
		return nil, err
	}
	return l, nil
}

func (s *sqlStore) places(ctx context.Context, table, id string) ([]Place, error) {
	rows, err := s.db.QueryContext(ctx, s.d.bind(`SELECT id, name, tonnes, trucks, `+s.d.pointOut+
		` FROM `+table+` WHERE plan_id = ? ORDER BY id`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Place{}
	for rows.Next() {
		var p Place
		if err := rows.Scan(&p.ID, &p.Name, &p.Tonnes, &p.Trucks, &p.Point[0], &p.Point[1]); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// A cursor is the last listed plan's creation time and ID, opaque to
// clients.
func encodeCursor(ns int64, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(ns, 10) + ":" + id))
}

func decodeCursor(c string) (int64, string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, "", ErrBadCursor
	}
	num, id, ok := strings.Cut(string(b), ":")
	ns, err := strconv.ParseInt(num, 10, 64)
	if !ok || err != nil || id == "" {
		return 0, "", ErrBadCursor
	}
	return ns, id, nil
}

func (s *sqlStore) Plans(ctx context.Context, limit int, cursor string) ([]PlanInfo, string, error) {
	return s.plans(ctx, nil, limit, cursor)
}

func (s *sqlStore) OrgPlans(ctx context.Context, org string, limit int, cursor string) ([]PlanInfo, string, error) {
	return s.plans(ctx, &org, limit, cursor)
}

// plans lists the plans of org, or every plan when org is nil.
func (s *sqlStore) plans(ctx context.Context, org *string, limit int, cursor string) ([]PlanInfo, string, error) {
	if limit <= 0 {
		return nil, "", errors.New("store: list limit must be positive")
	}
	q := `SELECT id, name, created_ns, start_date, horizon_days, logistics_cost_idr, tonnes_delivered, unmet_tonnes,
		trucks, savings_pct FROM plans WHERE 1 = 1`
	args := []any{}
	if org != nil {
		q += ` AND org = ?`
		args = append(args, *org)
	}
	if cursor != "" {
		ns, id, err := decodeCursor(cursor)
		if err != nil {
			return nil, "", err
		}
		q += ` AND (created_ns < ? OR (created_ns = ? AND id < ?))`
		args = append(args, ns, ns, id)
	}
	q += ` ORDER BY created_ns DESC, id DESC LIMIT ?`
	args = append(args, limit+1)
	rows, err := s.db.QueryContext(ctx, s.d.bind(q), args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	out := []PlanInfo{}
	var lastNS int64
	for rows.Next() {
		var p PlanInfo
		var ns int64
		if err := rows.Scan(&p.ID, &p.Name, &ns, &p.Start, &p.HorizonDays, &p.LogisticsCostIDR, &p.TonnesDelivered,
			&p.UnmetTonnes, &p.Trucks, &p.SavingsPct); err != nil {
			return nil, "", err
		}
		if len(out) == limit {
			return out, encodeCursor(lastNS, out[len(out)-1].ID), rows.Err()
		}
		p.Created = time.Unix(0, ns).UTC()
		lastNS = ns
		out = append(out, p)
	}
	return out, "", rows.Err()
}

func (s *sqlStore) DeletePlansBefore(ctx context.Context, t time.Time) (int, error) {
	var n int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = s.deletePlans(ctx, tx, "retention", "older than the retention period", `created_ns < ?`, t.UnixNano())
		return err
	})
	return n, err
}

func (s *sqlStore) DeletePlan(ctx context.Context, id string, by Owner) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		n, err := s.deletePlans(ctx, tx, by.KeyID, "", `id = ?`, id)
		if err == nil && n == 0 {
			err = ErrNotFound
		}
		return err
	})
}

// deletePlans deletes the plans where (a condition on plans with one
// argument) holds, with their rows, and records each deletion in the audit
// log, by key.
func (s *sqlStore) deletePlans(ctx context.Context, tx *sql.Tx, key, detail, where string, arg any) (int, error) {
	if _, err := tx.ExecContext(ctx, s.d.bind(`INSERT INTO audit (at_ns, org, key_id, action, plan_id, detail)
		SELECT ?, org, ?, ?, id, ? FROM plans WHERE `+where), s.now().UnixNano(), key, AuditDelete, detail, arg); err != nil {
		return 0, err
	}
	// children first: SQLite enforces ON DELETE CASCADE only with its
	// foreign_keys pragma on, which a DSN may leave off
	for _, table := range []string{"plan_shipments", "plan_lanes", "plan_ports", "plan_buyers"} {
		if _, err := tx.ExecContext(ctx, s.d.bind(`DELETE FROM `+table+` WHERE plan_id IN
			(SELECT id FROM plans WHERE `+where+`)`), arg); err != nil {
			return 0, err
		}
	}
	res, err := tx.ExecContext(ctx, s.d.bind(`DELETE FROM plans WHERE `+where), arg)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
