package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/store"
	"github.com/lumbung-id/lumbung/store/storetest"
)

func open(t testing.TB, dsn string) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// record is a small plan with two shipments and its layers.
func record(id string, created time.Time) *store.Record {
	wib := time.FixedZone("WIB", 7*3600)
	dep := time.Date(2026, 3, 16, 8, 0, 0, 0, wib)
	p := &plan.Plan{ID: id, Scenario: "lebaran " + id, Start: "2026-03-16", HorizonDays: 2, Created: created.UTC(),
		Summary: plan.Summary{LogisticsCostIDR: 1.5e7, TonnesDelivered: 30, Trucks: 2, SavingsPct: 12.5,
			UnmetByCommodity: map[string]float64{}, TrucksByVehicle: map[string]int{"tronton": 2}},
		Shipments: []plan.Shipment{
			{Day: 0, Date: "2026-03-16", Commodity: "rice", Tonnes: 15, Cargo: []plan.Cargo{{Commodity: "rice", Tonnes: 15}},
				OriginCell: "86658a6afffffff", Origin: orb.Point{105.26, -5.43}, Buyer: "kramat-jati", Vehicle: "tronton",
				Trucks: 1, Crossing: "bkh-mrk", Dispatch: dep, Departure: dep.Add(3 * time.Hour), Arrival: dep.Add(9 * time.Hour),
				Cost: plan.Breakdown{FuelWear: 5e6, Ferry: 2.45e6}},
			{Day: 1, Date: "2026-03-17", Commodity: "corn", Tonnes: 15, Cargo: []plan.Cargo{{Commodity: "corn", Tonnes: 15}},
				OriginCell: "86658a6afffffff", Origin: orb.Point{105.26, -5.43}, Buyer: "kramat-jati", Vehicle: "tronton",
				Trucks: 1, Crossing: "bkh-mrk", Dispatch: dep, Departure: dep.Add(27 * time.Hour), Arrival: dep.Add(33 * time.Hour),
				Cost: plan.Breakdown{FuelWear: 5e6, Ferry: 2.45e6}},
		}}
	return &store.Record{Plan: p, Scenario: json.RawMessage(`{"start":"2026-03-16","horizon_days":2}`),
		Layers: &store.Layers{
			Lanes: []store.Lane{{OriginCluster: "86658a6afffffff", Crossing: "bkh-mrk", Buyer: "kramat-jati", Vehicle: "tronton",
				Tonnes: 30, Trucks: 2, CostIDR: 1.5e7, Days: 2, Commodities: map[string]float64{"rice": 15, "corn": 15},
				Route: orb.LineString{{105.26, -5.43}, {105.75333, -5.86944}, {105.995278, -5.930833}, {106.868, -6.272}}}},
			Ports:  []store.Place{{ID: "bakauheni", Name: "Bakauheni", Tonnes: 30, Trucks: 2, Point: orb.Point{105.75333, -5.86944}}},
			Buyers: []store.Place{{ID: "kramat-jati", Name: "Pasar Induk Kramat Jati", Tonnes: 30, Trucks: 2, Point: orb.Point{106.868, -6.272}}},
		}}
}

func TestPlans(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := open(t, dsn)
		base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		const n = 7
		for i := 0; i < n; i++ {
			if err := st.SavePlan(ctx, record(fmt.Sprintf("plan-%02d", i), base.Add(time.Duration(i)*time.Hour))); err != nil {
				t.Fatal(err)
			}
		}
		// a duplicate ID is refused and leaves the stored plan alone
		if err := st.SavePlan(ctx, record("plan-03", base)); err == nil {
			t.Error("saving a duplicate plan ID: got no error")
		}
		want := record("plan-03", base.Add(3*time.Hour))
		got, err := st.Plan(ctx, "plan-03")
		if err != nil {
			t.Fatal(err)
		}
		wj, _ := json.Marshal(want.Plan)
		gj, _ := json.Marshal(got)
		if string(wj) != string(gj) {
			t.Errorf("plan round trip:\ngot  %s\nwant %s", gj, wj)
		}
		l, err := st.Layers(ctx, "plan-03")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(l, want.Layers) {
			t.Errorf("layers round trip: got %+v, want %+v", l, want.Layers)
		}
		if _, err := st.Plan(ctx, "plan-xx"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown plan: got %v, want ErrNotFound", err)
		}
		if _, err := st.Layers(ctx, "plan-xx"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown plan layers: got %v, want ErrNotFound", err)
		}
		// pages of 3, newest first
		var ids []string
		cursor := ""
		for page := 0; ; page++ {
			ps, next, err := st.Plans(ctx, 3, cursor)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				ids = append(ids, p.ID)
			}
			if next == "" {
				break
			}
			cursor = next
			if page > n {
				t.Fatal("listing does not end")
			}
		}
		wantIDs := []string{"plan-06", "plan-05", "plan-04", "plan-03", "plan-02", "plan-01", "plan-00"}
		if !reflect.DeepEqual(ids, wantIDs) {
			t.Errorf("listing: got %v, want %v", ids, wantIDs)
		}
		ps, _, _ := st.Plans(ctx, 1, "")
		if p := ps[0]; p.Name != "lebaran plan-06" || p.LogisticsCostIDR != 1.5e7 || p.Trucks != 2 || !p.Created.Equal(base.Add(6*time.Hour)) {
			t.Errorf("listing entry: got %+v", p)
		}
		if _, _, err := st.Plans(ctx, 3, "not-a-cursor"); !errors.Is(err, store.ErrBadCursor) {
			t.Errorf("bad cursor: got %v, want ErrBadCursor", err)
		}
		// retention
		gone, err := st.DeletePlansBefore(ctx, base.Add(2*time.Hour))
		if err != nil || gone != 2 {
			t.Fatalf("delete before: got %d, %v, want 2", gone, err)
		}
		if _, err := st.Plan(ctx, "plan-01"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted plan: got %v, want ErrNotFound", err)
		}
		if _, err := st.Layers(ctx, "plan-02"); err != nil {
			t.Errorf("kept plan's layers: %v", err)
		}
	})
}

func TestJobs(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := open(t, dsn)
		for i := 0; i < 3; i++ {
			j := &store.Job{ID: fmt.Sprintf("job-%d", i), Kind: "plan", Request: json.RawMessage(`{}`),
				Created: time.Now().Add(time.Duration(i) * time.Millisecond)}
			if err := st.CreateJob(ctx, j); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := st.QueuedJobs(ctx); err != nil || n != 3 {
			t.Errorf("queued: got %d, %v, want 3", n, err)
		}
		a, err := st.Claim(ctx, "w1", time.Hour, 3)
		if err != nil {
			t.Fatal(err)
		}
		if a.ID != "job-0" || a.State != store.Running || a.Attempt != 1 || a.Worker != "w1" {
			t.Errorf("first claim: got %+v", a)
		}
		if err := st.Heartbeat(ctx, a.Claim(), store.Progress{Stage: "allocation", Fraction: 0.5}, time.Hour); err != nil {
			t.Fatal(err)
		}
		j, _ := st.Job(ctx, "job-0")
		if j.Progress != (store.Progress{Stage: "allocation", Fraction: 0.5}) {
			t.Errorf("progress: got %+v", j.Progress)
		}
		// a lease that ran out: another worker takes the job over, and the
		// first claim can neither report nor complete
		b, err := st.Claim(ctx, "w2", -time.Second, 3)
		if err != nil || b.ID != "job-1" {
			t.Fatalf("second claim: got %+v, %v", b, err)
		}
		c, err := st.Claim(ctx, "w3", time.Hour, 3)
		if err != nil || c.ID != "job-1" || c.Attempt != 2 {
			t.Fatalf("takeover of an expired lease: got %+v, %v", c, err)
		}
		if err := st.Heartbeat(ctx, b.Claim(), store.Progress{}, time.Hour); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("heartbeat of a lost claim: got %v, want ErrLeaseLost", err)
		}
		if err := st.Complete(ctx, b.Claim(), json.RawMessage(`{}`), []*store.Record{record("plan-b", time.Now())}); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("complete of a lost claim: got %v, want ErrLeaseLost", err)
		}
		if _, err := st.Plan(ctx, "plan-b"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a lost claim's plan was stored: %v", err)
		}
		if err := st.Complete(ctx, c.Claim(), json.RawMessage(`{"plan":"plan-c"}`), []*store.Record{record("plan-c", time.Now())}); err != nil {
			t.Fatal(err)
		}
		if err := st.Complete(ctx, c.Claim(), json.RawMessage(`{}`), nil); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("second completion: got %v, want ErrLeaseLost", err)
		}
		j, _ = st.Job(ctx, "job-1")
		if j.State != store.Done || string(j.Result) != `{"plan":"plan-c"}` || !reflect.DeepEqual(j.PlanIDs, []string{"plan-c"}) || j.Finished.IsZero() {
			t.Errorf("completed job: got %+v", j)
		}
		if _, err := st.Plan(ctx, "plan-c"); err != nil {
			t.Errorf("completed job's plan: %v", err)
		}
		// cancel a running job: its claim is lost; cancelling again says finished
		if _, err := st.Cancel(ctx, "job-0"); err != nil {
			t.Fatal(err)
		}
		if err := st.Heartbeat(ctx, a.Claim(), store.Progress{}, time.Hour); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("heartbeat after cancel: got %v, want ErrLeaseLost", err)
		}
		if j, err := st.Cancel(ctx, "job-0"); !errors.Is(err, store.ErrFinished) || j.State != store.Cancelled {
			t.Errorf("second cancel: got %+v, %v, want ErrFinished", j, err)
		}
		if _, err := st.Cancel(ctx, "job-x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("cancel unknown: got %v, want ErrNotFound", err)
		}
		// a released job is claimed again at once, with the next attempt
		r, err := st.Claim(ctx, "w5", time.Hour, 3)
		if err != nil || r.ID != "job-2" {
			t.Fatalf("claim job-2: %+v, %v", r, err)
		}
		if err := st.Release(ctx, r.Claim()); err != nil {
			t.Fatal(err)
		}
		if err := st.Release(ctx, r.Claim()); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("second release: got %v, want ErrLeaseLost", err)
		}
		if r2, err := st.Claim(ctx, "w6", -time.Second, 3); err != nil || r2.ID != "job-2" || r2.Attempt != 2 {
			t.Fatalf("claim of a released job: %+v, %v", r2, err)
		}
		// a job whose workers keep dying fails after maxAttempts claims
		// (here: the claim above, whose lease has run out, and one more)
		for i := 0; i < 1; i++ {
			if d, err := st.Claim(ctx, "w4", -time.Second, 3); err != nil || d.ID != "job-2" {
				t.Fatalf("claim %d of job-2: %+v, %v", i, d, err)
			}
		}
		if _, err := st.Claim(ctx, "w4", time.Hour, 3); !errors.Is(err, store.ErrNoJob) {
			t.Errorf("claim with nothing left: got %v, want ErrNoJob", err)
		}
		j, _ = st.Job(ctx, "job-2")
		if j.State != store.Failed || len(j.Error) == 0 {
			t.Errorf("abandoned job: got %+v", j)
		}
		if n, _ := st.QueuedJobs(ctx); n != 0 {
			t.Errorf("queued at the end: got %d, want 0", n)
		}
		// retention: finished jobs go, live ones stay
		if err := st.CreateJob(ctx, &store.Job{ID: "job-live", Kind: "plan", Request: json.RawMessage(`{}`)}); err != nil {
			t.Fatal(err)
		}
		if n, err := st.DeleteJobsBefore(ctx, time.Now().Add(time.Minute)); err != nil || n != 3 {
			t.Errorf("delete finished jobs: got %d, %v, want 3", n, err)
		}
		if _, err := st.Job(ctx, "job-live"); err != nil {
			t.Errorf("live job after retention: %v", err)
		}
	})
}

func TestMigrationsIdempotent(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		for i := 0; i < 2; i++ {
			st := open(t, dsn)
			v, err := store.SchemaVersion(ctx, st)
			if err != nil || v != 2 {
				t.Errorf("open %d: schema version %d, %v, want 2", i, v, err)
			}
			st.Close()
		}
	})
}

// TestPostGISLayers: the plan layers are PostGIS geometry columns in
// EPSG:4326 that QGIS lists (geometry_columns), with valid geometries.
func TestPostGISLayers(t *testing.T) {
	dsn := storetest.Postgres(t)
	st := open(t, dsn)
	ctx := context.Background()
	if err := st.SavePlan(ctx, record("plan-g", time.Now())); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT f_table_name, type, srid FROM geometry_columns ORDER BY f_table_name`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var name, typ string
		var srid int
		if err := rows.Scan(&name, &typ, &srid); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s %d", name, typ, srid))
	}
	want := []string{"plan_buyers POINT 4326", "plan_lanes LINESTRING 4326", "plan_ports POINT 4326"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("geometry_columns: got %v, want %v", got, want)
	}
	var valid bool
	var length float64
	if err := db.QueryRowContext(ctx, `SELECT bool_and(ST_IsValid(geom)), sum(ST_Length(geom::geography))
		FROM plan_lanes WHERE plan_id = 'plan-g'`).Scan(&valid, &length); err != nil {
		t.Fatal(err)
	}
	// Bandar Lampung → Bakauheni → Merak → Kramat Jati, great-circle legs
	if !valid || length < 180e3 || length > 220e3 {
		t.Errorf("lane geometry: valid %v, length %.0f m, want valid and about 200 km", valid, length)
	}
}
