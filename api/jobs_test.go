package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/jobs"
	"github.com/lumbung-id/lumbung/store"
	"github.com/lumbung-id/lumbung/store/storetest"
)

func init() {
	// an event stream is text, to the OpenAPI response check
	openapi3filter.RegisterBodyDecoder("text/event-stream", openapi3filter.PlainBodyDecoder)
}

const lineVRP = `{"vehicles":[{"id":1,"start_index":0,"end_index":0,"capacity":[4]}],
	"jobs":[{"id":1,"location_index":1,"delivery":[1]},{"id":2,"location_index":2,"delivery":[1]}],
	"matrices":{"car":{"durations":[[0,5,9],[5,0,4],[9,4,0]]}}}`

// jobServer is the fixture's API over st, with a runner of one worker
// polling st.
func jobServer(t *testing.T, st store.Store, workers int) (*api.Server, *jobs.Runner) {
	t.Helper()
	cfg := api.DefaultConfig()
	cfg.Store = st
	var r *jobs.Runner
	cfg.WakeJobs = func() { r.Wake() }
	s, err := api.New(fixture(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if workers > 0 {
		r = jobs.New(st, s, jobs.Config{Workers: workers, Lease: 5 * time.Second, Poll: 20 * time.Millisecond})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { r.Run(ctx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
	}
	return s, r
}

func do(t *testing.T, h http.Handler, method, target, body string) (*httptest.ResponseRecorder, []byte) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, strings.NewReader(body)))
	checkSpec(t, method, target, body, rec, rec.Body.Bytes())
	return rec, rec.Body.Bytes()
}

type jobJSON struct {
	ID       string          `json:"id"`
	State    string          `json:"state"`
	Result   string          `json:"result"`
	Plans    []string        `json:"plans"`
	Error    json.RawMessage `json:"error"`
	Progress struct {
		Stage    string  `json:"stage"`
		Fraction float64 `json:"fraction"`
	} `json:"progress"`
}

// submit queues a job and returns its ID.
func submit(t *testing.T, h http.Handler, body string) string {
	t.Helper()
	rec, b := do(t, h, "POST", "/v1/jobs", body)
	if rec.Code != http.StatusAccepted {
		t.Fatalf("POST /v1/jobs %s: got %d, want 202: %s", body, rec.Code, b)
	}
	var j jobJSON
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	if loc := rec.Header().Get("Location"); loc != "/v1/jobs/"+j.ID || j.State != "queued" {
		t.Errorf("Location %q, state %q: want /v1/jobs/%s, queued", loc, j.State, j.ID)
	}
	return j.ID
}

// wait polls a job until it is final.
func wait(t *testing.T, h http.Handler, id string) jobJSON {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, b := do(t, h, "GET", "/v1/jobs/"+id, "")
		var j jobJSON
		if err := json.Unmarshal(b, &j); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		if j.State == "done" || j.State == "failed" || j.State == "cancelled" {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s still %s after 60 s", id, j.State)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestJobs(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, dsn string) {
		st, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		h, _ := jobServer(t, st, 2)

		// a plan job: its result is the stored plan, with its exports
		id := submit(t, h, `{"kind":"plan","request":{"start":"2026-03-16","horizon_days":2}}`)
		j := wait(t, h, id)
		if j.State != "done" || len(j.Plans) != 1 || j.Result != j.Plans[0] || j.Progress.Fraction != 1 {
			t.Fatalf("plan job: got %+v", j)
		}
		rec, b := do(t, h, "GET", j.Result, "")
		var p struct {
			ID        string            `json:"id"`
			Shipments []json.RawMessage `json:"shipments"`
		}
		if err := json.Unmarshal(b, &p); rec.Code != 200 || err != nil || len(p.Shipments) == 0 {
			t.Fatalf("the job's plan: %d %v %s", rec.Code, err, trunc(b))
		}
		rec, b = do(t, h, "GET", "/v1/plans/"+p.ID+"/shipments.csv", "")
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if rec.Code != 200 || err != nil || len(rows) != len(p.Shipments)+1 || rows[0][0] != "day" {
			t.Errorf("shipments.csv: %d, %v, %d rows for %d shipments: %s", rec.Code, err, len(rows), len(p.Shipments), trunc(b))
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("shipments.csv content type %q", ct)
		}
		rec, b = do(t, h, "GET", "/v1/plans/"+p.ID+".gpkg", "")
		if rec.Code != 200 || !bytes.HasPrefix(b, []byte("SQLite format 3\x00")) {
			t.Fatalf("gpkg: %d %s", rec.Code, trunc(b))
		}
		checkGPKG(t, b)
		rec, b = do(t, h, "GET", "/v1/plans/"+p.ID+"/geojson", "")
		if rec.Code != 200 || !strings.Contains(string(b), `"kind":"lane"`) || !strings.Contains(string(b), `"kind":"buyer"`) {
			t.Errorf("geojson: %d %s", rec.Code, trunc(b))
		}
		rec, b = do(t, h, "GET", "/v1/plans?limit=5", "")
		if rec.Code != 200 || !strings.Contains(string(b), `"id":"`+p.ID+`"`) || !strings.Contains(string(b), `"logistics_cost_idr"`) {
			t.Errorf("plan list: %d %s", rec.Code, trunc(b))
		}

		// a comparison stores one plan per scenario
		id = submit(t, h, `{"kind":"compare","request":{"scenarios":[{"name":"a","start":"2026-03-16","horizon_days":1},
			{"name":"b","start":"2026-03-16","horizon_days":1,"demand_multipliers":{"rice":2}}]}}`)
		j = wait(t, h, id)
		if j.State != "done" || len(j.Plans) != 2 || j.Result != "/v1/jobs/"+id+"/result" {
			t.Fatalf("compare job: got %+v", j)
		}
		rec, b = do(t, h, "GET", j.Result, "")
		if rec.Code != 200 || !strings.Contains(string(b), `"scenario":"b"`) {
			t.Errorf("compare result: %d %s", rec.Code, trunc(b))
		}

		// a vrp job answers as POST /v1/vrp does
		id = submit(t, h, `{"kind":"vrp","request":`+lineVRP+`,"options":{"time_limit":"200ms","seed":3}}`)
		j = wait(t, h, id)
		rec, b = do(t, h, "GET", "/v1/jobs/"+id+"/result", "")
		if j.State != "done" || rec.Code != 200 || !strings.Contains(string(b), `"routes"`) {
			t.Errorf("vrp job: %+v; result %d %s", j, rec.Code, trunc(b))
		}

		// a vrp job that fails when it runs keeps the problem, naming the field
		id = submit(t, h, `{"kind":"vrp","request":{"vehicles":[],"jobs":[]}}`)
		j = wait(t, h, id)
		if j.State != "failed" || !strings.Contains(string(j.Error), `"status":400`) || !strings.Contains(string(j.Error), `"name":"request.`) {
			t.Errorf("failing vrp job: got %+v, error %s", j, j.Error)
		}
		if rec, b := do(t, h, "GET", "/v1/jobs/"+id+"/result", ""); rec.Code != 409 {
			t.Errorf("result of a failed job: got %d, want 409: %s", rec.Code, b)
		}

		// the event stream ends with the final state
		rec, b = do(t, h, "GET", "/v1/jobs/"+id+"/events", "")
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/event-stream" || !strings.Contains(string(b), "event: failed\n") {
			t.Errorf("events: %d %q %s", rec.Code, rec.Header().Get("Content-Type"), b)
		}
	})
}

// checkGPKG opens a GeoPackage export and counts its layers' features.
func checkGPKG(t *testing.T, b []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.gpkg")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, table := range []string{"lanes", "ports", "buyers"} {
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil || n == 0 {
			t.Errorf("gpkg layer %s: %d features, %v", table, n, err)
		}
	}
}

// TestCancelQueued cancels a job before any worker runs it: it never runs.
func TestCancelQueued(t *testing.T) {
	st, err := store.OpenSQLite(context.Background(), storetest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, _ := jobServer(t, st, 0)
	id := submit(t, h, `{"kind":"plan"}`)
	rec, b := do(t, h, "DELETE", "/v1/jobs/"+id, "")
	if rec.Code != 200 || !strings.Contains(string(b), `"state":"cancelled"`) {
		t.Fatalf("cancel: %d %s", rec.Code, b)
	}
	if rec, b := do(t, h, "DELETE", "/v1/jobs/"+id, ""); rec.Code != 409 || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("second cancel: got %d %s, want 409 problem", rec.Code, b)
	}
	if _, err := st.Claim(context.Background(), "w", time.Minute, 3); err != store.ErrNoJob {
		t.Errorf("claim after cancel: got %v, want ErrNoJob", err)
	}
}

func TestJobErrors(t *testing.T) {
	st, err := store.OpenSQLite(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, _ := jobServer(t, st, 0)
	queued := submit(t, h, `{"kind":"plan","request":{}}`)
	tests := []struct {
		name, method, target, body string
		status                     int
		field                      string
	}{
		{"no kind", "POST", "/v1/jobs", `{"request":{}}`, 400, "kind"},
		{"bad kind", "POST", "/v1/jobs", `{"kind":"tsp","request":{}}`, 400, "kind"},
		{"kind wrong type", "POST", "/v1/jobs", `{"kind":3}`, 400, "kind"},
		{"unknown field", "POST", "/v1/jobs", `{"kind":"plan","scenario":{}}`, 400, "scenario"},
		{"malformed", "POST", "/v1/jobs", `{"kind":`, 400, "body"},
		{"empty", "POST", "/v1/jobs", ``, 400, "body"},
		{"plan bad horizon", "POST", "/v1/jobs", `{"kind":"plan","request":{"horizon_days":400}}`, 400, "request.horizon_days"},
		{"plan unknown field", "POST", "/v1/jobs", `{"kind":"plan","request":{"horizon":3}}`, 400, "request.horizon"},
		{"plan not an object", "POST", "/v1/jobs", `{"kind":"plan","request":[1]}`, 400, "request"},
		{"plan options", "POST", "/v1/jobs", `{"kind":"plan","request":{},"options":{"seed":1}}`, 400, "options"},
		{"plan zero horizon", "POST", "/v1/jobs", `{"kind":"plan","request":{"horizon_days":0}}`, 400, "request.horizon_days"},
		{"compare zero horizon", "POST", "/v1/jobs", `{"kind":"compare","request":{"scenarios":[{},{"horizon_days":0}]}}`, 400, "request.scenarios[1].horizon_days"},
		{"compare missing", "POST", "/v1/jobs", `{"kind":"compare"}`, 400, "request"},
		{"compare one", "POST", "/v1/jobs", `{"kind":"compare","request":{"scenarios":[{}]}}`, 400, "request.scenarios"},
		{"compare bad scenario", "POST", "/v1/jobs", `{"kind":"compare","request":{"scenarios":[{},{"horizon_days":-1}]}}`, 400, "request.scenarios[1].horizon_days"},
		{"vrp bad type", "POST", "/v1/jobs", `{"kind":"vrp","request":{"jobs":"x"}}`, 400, "request.jobs"},
		{"vrp bad time", "POST", "/v1/jobs", `{"kind":"vrp","request":{},"options":{"time_limit":"1h"}}`, 400, "options.time_limit"},
		{"vrp bad vehicle", "POST", "/v1/jobs", `{"kind":"vrp","request":{},"options":{"vehicle":"becak"}}`, 400, "options.vehicle"},
		{"unknown job", "GET", "/v1/jobs/job-0000", "", 404, "id"},
		{"unknown job events", "GET", "/v1/jobs/job-0000/events", "", 404, "id"},
		{"unknown job result", "GET", "/v1/jobs/job-0000/result", "", 404, "id"},
		{"cancel unknown job", "DELETE", "/v1/jobs/job-0000", "", 404, "id"},
		{"result not ready", "GET", "/v1/jobs/" + queued + "/result", "", 409, ""},
		{"list bad limit", "GET", "/v1/plans?limit=1000", "", 400, "limit"},
		{"list limit not a number", "GET", "/v1/plans?limit=ten", "", 400, "limit"},
		{"list bad cursor", "GET", "/v1/plans?cursor=%21%21", "", 400, "cursor"},
		{"csv unknown plan", "GET", "/v1/plans/plan-0000/shipments.csv", "", 404, "id"},
		{"gpkg unknown plan", "GET", "/v1/plans/plan-0000.gpkg", "", 404, "id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, b := do(t, h, tt.method, tt.target, tt.body)
			if rec.Code != tt.status {
				t.Fatalf("got %d, want %d: %s", rec.Code, tt.status, b)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("content type %q, want application/problem+json", ct)
			}
			if tt.field != "" && !strings.Contains(string(b), `"name":"`+tt.field+`"`) {
				t.Errorf("problem does not name %s: %s", tt.field, b)
			}
		})
	}
	rec, b := do(t, h, "GET", "/v1/plans", "")
	if rec.Code != 200 || string(bytes.TrimSpace(b)) != `{"next_cursor":null,"plans":[]}` {
		t.Errorf("empty plan list: %d %s", rec.Code, b)
	}
}

// TestBusy fills the synchronous solve queue: the next solve is refused
// with 429 and a Retry-After instead of waiting without bound.
func TestBusy(t *testing.T) {
	cfg := api.DefaultConfig()
	cfg.SolveSlots, cfg.SolveQueue = 1, 0
	s, err := api.New(fixture(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		do(t, s, "POST", "/v1/vrp?time_limit=1500ms", lineVRP)
	}()
	// wait until the first solve holds the only slot
	for deadline := time.Now().Add(10 * time.Second); ; {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		if strings.Contains(rec.Body.String(), "lumbung_solves_in_progress 1") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first solve never took its slot")
		}
		time.Sleep(5 * time.Millisecond)
	}
	for _, tt := range []struct{ target, body string }{{"/v1/vrp?time_limit=100ms", lineVRP}, {"/v1/plans", `{"horizon_days":1}`}} {
		rec, b := do(t, s, "POST", tt.target, tt.body)
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
			t.Errorf("%s while the queue is full: got %d, Retry-After %q: %s", tt.target, rec.Code, rec.Header().Get("Retry-After"), b)
		}
	}
	wg.Wait()
	if rec, b := do(t, s, "POST", "/v1/vrp?time_limit=100ms", lineVRP); rec.Code != 200 {
		t.Errorf("after the queue drained: got %d: %s", rec.Code, b)
	}
}

// TestRemoteSolve: an API that solves nothing itself (lumbung serve
// -workers 0) answers the synchronous endpoints through the job queue,
// solved by a worker (here another server's runner on the same store).
func TestRemoteSolve(t *testing.T) {
	st, err := store.OpenSQLite(context.Background(), storetest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := api.DefaultConfig()
	cfg.Store, cfg.RemoteSolve, cfg.RequestTimeout = st, true, 3*time.Second
	front, err := api.New(fixture(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer front.Close()

	// no worker yet: the request times out and its job is cancelled
	rec, b := do(t, front, "POST", "/v1/plans", `{"start":"2026-03-16","horizon_days":1}`)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("without workers: got %d, want 503: %s", rec.Code, b)
	}
	if n, _ := st.QueuedJobs(context.Background()); n != 0 {
		t.Errorf("the timed-out solve left %d jobs queued", n)
	}

	jobServer(t, st, 1) // the worker
	tests := []struct {
		name, target, body string
		status             int
		contains           string
	}{
		{"plan", "/v1/plans", `{"start":"2026-03-16","horizon_days":1}`, 201, `"shipments":[{`},
		{"plan defaults", "/v1/plans", ``, 201, `"shipments":`},
		{"plan bad horizon", "/v1/plans", `{"horizon_days":400}`, 400, `"name":"horizon_days"`},
		{"plan unknown buyer", "/v1/plans", `{"demand":[{"buyer":"x","commodity":"rice","tonnes_per_day":3}]}`, 400, `"name":"demand[0].buyer"`},
		{"compare", "/v1/plans/compare", `{"scenarios":[{"name":"a","start":"2026-03-16","horizon_days":1},{"name":"b","start":"2026-03-16","horizon_days":1}]}`, 200, `"scenario":"b"`},
		{"compare one", "/v1/plans/compare", `{"scenarios":[{}]}`, 400, `"name":"scenarios"`},
		{"vrp", "/v1/vrp?time_limit=100ms", lineVRP, 200, `"routes"`},
		{"vrp bad time", "/v1/vrp?time_limit=1h", lineVRP, 400, `"name":"time_limit"`},
		{"vrp empty", "/v1/vrp", `{"vehicles":[],"jobs":[]}`, 400, `"status":400`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, b := do(t, front, "POST", tt.target, tt.body)
			if rec.Code != tt.status || !strings.Contains(string(b), tt.contains) {
				t.Errorf("got %d %s, want %d with %s", rec.Code, trunc(b), tt.status, tt.contains)
			}
		})
	}
}
