package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/mux"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/auth"
	"github.com/lumbung-id/lumbung/jobs"
	"github.com/lumbung-id/lumbung/store"
	"github.com/lumbung-id/lumbung/store/storetest"
)

// syncBuffer is a log sink the server's goroutines may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// makeKey stores a key and returns its token.
func makeKey(t *testing.T, st store.Store, org string, role auth.Role) string {
	t.Helper()
	id, tok, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	h, err := auth.Hash(tok)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateKey(context.Background(), &store.Key{ID: id, Org: org, Role: role.String(), Hash: h}); err != nil {
		t.Fatal(err)
	}
	return tok
}

// authServer is the fixture's API over st with access control on, a
// job runner of one worker, and its log captured.
func authServer(t *testing.T, st store.Store, edit func(*api.Config)) (*api.Server, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	cfg := api.DefaultConfig()
	cfg.Store, cfg.Auth = st, true
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.KeyRate, cfg.KeyBurst, cfg.OrgSolves = 1000, 1000, 4
	if edit != nil {
		edit(&cfg)
	}
	var r *jobs.Runner
	cfg.WakeJobs = func() { r.Wake() }
	s, err := api.New(fixture(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	r = jobs.New(st, s, jobs.Config{Workers: 1, Lease: 5 * time.Second, Poll: 20 * time.Millisecond, Logger: cfg.Logger})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return s, logs
}

// call sends a request with a bearer token ("" for none) from remote.
func call(t *testing.T, h http.Handler, method, target, body, token, remote string) (*httptest.ResponseRecorder, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if remote != "" {
		req.RemoteAddr = remote
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if target != "/" { // the page is HTML, which the document does not decode
		checkSpec(t, method, target, body, rec, rec.Body.Bytes())
	}
	return rec, rec.Body.Bytes()
}

func created(t *testing.T, rec *httptest.ResponseRecorder, b []byte, want int) string {
	t.Helper()
	if rec.Code != want {
		t.Fatalf("got %d, want %d: %s", rec.Code, want, b)
	}
	var v struct{ ID string }
	if err := json.Unmarshal(b, &v); err != nil || v.ID == "" {
		t.Fatalf("no id in %s", b)
	}
	return v.ID
}

// TestAccessTable: every (role, endpoint, own or other organisation) cell
// gets the status its role and organisation call for, and no response,
// log line or metric holds a token.
func TestAccessTable(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, dsn string) {
		st, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		tokens := map[string]map[auth.Role]string{}
		for _, org := range []string{"dinas", "pasar"} {
			tokens[org] = map[auth.Role]string{}
			for _, role := range []auth.Role{auth.Viewer, auth.Planner, auth.Admin} {
				tokens[org][role] = makeKey(t, st, org, role)
			}
		}
		s, logs := authServer(t, st, nil)
		own := tokens["dinas"][auth.Planner]
		rec, b := call(t, s, "POST", "/v1/plans", `{"horizon_days":1}`, own, "")
		planID := created(t, rec, b, 201)
		rec, b = call(t, s, "POST", "/v1/plans", `{"horizon_days":1}`, own, "")
		doomed := created(t, rec, b, 201)
		rec, b = call(t, s, "POST", "/v1/jobs", `{"kind":"vrp","request":`+lineVRP+`,"options":{"time_limit":"100ms"}}`, own, "")
		jobID := created(t, rec, b, 202)
		waitAuth(t, s, jobID, own)

		type endpoint struct {
			method, target, body string
			role                 auth.Role // 0: public
			owned                bool      // dinas's plan or job: 404 for pasar
			ok                   int       // the status when allowed
		}
		p, j := "/v1/plans/"+planID, "/v1/jobs/"+jobID
		endpoints := []endpoint{
			{"GET", "/healthz", "", 0, false, 200},
			{"GET", "/openapi.json", "", 0, false, 200},
			{"GET", "/", "", 0, false, 200},
			{"GET", "/v1/network", "", auth.Viewer, false, 200},
			{"GET", "/v1/vehicles", "", auth.Viewer, false, 200},
			{"GET", "/v1/ferries", "", auth.Viewer, false, 200},
			{"GET", "/v1/plans", "", auth.Viewer, false, 200},
			{"GET", p, "", auth.Viewer, true, 200},
			{"GET", p + "/geojson", "", auth.Viewer, true, 200},
			{"GET", p + "/shipments.csv", "", auth.Viewer, true, 200},
			{"GET", p + ".gpkg", "", auth.Viewer, true, 200},
			{"GET", j, "", auth.Viewer, true, 200},
			{"GET", j + "/result", "", auth.Viewer, true, 200},
			{"GET", "/v1/route?from=105.26,-5.43&to=106.868,-6.272", "", auth.Planner, false, 200},
			{"POST", "/v1/vrp?time_limit=100ms", lineVRP, auth.Planner, false, 200},
			{"POST", "/v1/plans", `{"horizon_days":1}`, auth.Planner, false, 201},
			{"POST", "/v1/jobs", `{"kind":"vrp","request":` + lineVRP + `,"options":{"time_limit":"100ms"}}`, auth.Planner, false, 202},
			{"DELETE", j, "", auth.Planner, true, 409}, // done: too late to cancel, but it is theirs
			{"GET", "/v1/audit", "", auth.Admin, false, 200},
			{"GET", "/v1/keys", "", auth.Admin, false, 200},
			{"GET", "/metrics", "", auth.Admin, false, 200},
			{"DELETE", "/v1/plans/" + doomed, "", auth.Admin, true, 204}, // dinas's admin is the first allowed
		}
		// callers: no token, a wrong token, and each role of each organisation
		type caller struct {
			name  string
			org   string
			role  auth.Role
			token string
		}
		_, wrong, _ := auth.NewToken()
		callers := []caller{{"no token", "", 0, ""}, {"wrong token", "", 0, wrong}}
		for _, org := range []string{"dinas", "pasar"} {
			for _, role := range []auth.Role{auth.Viewer, auth.Planner, auth.Admin} {
				callers = append(callers, caller{org + " " + role.String(), org, role, tokens[org][role]})
			}
		}
		cells := 0
		for _, e := range endpoints {
			for _, c := range callers {
				want := e.ok
				switch {
				case e.role == 0:
				case c.role == 0:
					want = 401
				case c.role < e.role:
					want = 403
				case e.owned && c.org != "dinas":
					want = 404
				}
				// each wrong token from its own address: the brute-force
				// limit is TestBruteForce's
				remote := fmt.Sprintf("198.51.100.%d:4000", 1+cells%250)
				rec, b := call(t, s, e.method, e.target, e.body, c.token, remote)
				cells++
				if rec.Code != want {
					t.Errorf("%s %s as %s: got %d, want %d: %.200s", e.method, e.target, c.name, rec.Code, want, b)
				}
				if c.token != "" && bytes.Contains(b, []byte(c.token)) {
					t.Errorf("%s %s as %s: the response holds the token", e.method, e.target, c.name)
				}
				if want == 401 && rec.Header().Get("WWW-Authenticate") == "" {
					t.Errorf("%s %s as %s: 401 without WWW-Authenticate", e.method, e.target, c.name)
				}
			}
		}
		if cells != len(endpoints)*len(callers) {
			t.Fatalf("asserted %d cells, want %d", cells, len(endpoints)*len(callers))
		}

		// lists show only the organisation's own
		for org, want := range map[string]bool{"dinas": true, "pasar": false} {
			_, b := call(t, s, "GET", "/v1/plans?limit=100", "", tokens[org][auth.Viewer], "")
			if got := bytes.Contains(b, []byte(planID)); got != want {
				t.Errorf("%s lists dinas's plan: got %v, want %v", org, got, want)
			}
		}
		_, b = call(t, s, "GET", "/v1/audit?limit=1000", "", tokens["dinas"][auth.Admin], "")
		var audit struct {
			Entries []store.AuditEntry `json:"entries"`
		}
		if err := json.Unmarshal(b, &audit); err != nil {
			t.Fatal(err)
		}
		acts := map[string]int{}
		for _, e := range audit.Entries {
			if e.Org != "dinas" {
				t.Errorf("dinas's audit log holds %+v", e)
			}
			if e.PlanID == planID {
				acts[e.Action]++
			}
		}
		// created once; read (plan, geojson) and exported (csv, gpkg) by
		// the three dinas roles each
		if acts["create"] != 1 || acts["read"] != 6 || acts["export"] != 6 {
			t.Errorf("audit of %s: got %v, want create 1, read 6, export 6", planID, acts)
		}
		var deleted []store.AuditEntry
		for _, e := range audit.Entries {
			if e.PlanID == doomed && e.Action == "delete" {
				deleted = append(deleted, e)
			}
		}
		if len(deleted) != 1 || deleted[0].KeyID != tokens["dinas"][auth.Admin][4:20] {
			t.Errorf("deletion of %s audited as %+v, want once, by dinas's admin key", doomed, deleted)
		}
		_, b = call(t, s, "GET", "/v1/audit?limit=1000", "", tokens["pasar"][auth.Admin], "")
		if bytes.Contains(b, []byte(planID)) {
			t.Errorf("pasar's audit log shows dinas's plan")
		}

		// no token in the logs or the metrics
		_, metrics := call(t, s, "GET", "/metrics", "", tokens["dinas"][auth.Admin], "")
		all := []string{wrong}
		for _, m := range tokens {
			for _, tok := range m {
				all = append(all, tok)
			}
		}
		for _, tok := range all {
			secret := tok[len(tok)-43:]
			if strings.Contains(logs.String(), secret) || bytes.Contains(metrics, []byte(secret)) {
				t.Errorf("a token's secret is in the logs or the metrics")
			}
		}
		if !strings.Contains(logs.String(), "request") {
			t.Fatal("captured no log lines: the check above checked nothing")
		}
		// the access log names the key (its ID) that made each request
		if id := tokens["pasar"][auth.Viewer][4:20]; !strings.Contains(logs.String(), "key="+id) {
			t.Errorf("no access log line names key %s", id)
		}
	})
}

func waitAuth(t *testing.T, h http.Handler, id, token string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		_, b := call(t, h, "GET", "/v1/jobs/"+id, "", token, "")
		if bytes.Contains(b, []byte(`"state":"done"`)) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("job %s not done after 60 s", id)
}

// TestBruteForce: 1,000 wrong tokens from one address, some naming a real
// key: none succeeds, and all but the first few are refused with 429
// before their token is looked at.
func TestBruteForce(t *testing.T) {
	st, err := store.OpenSQLite(context.Background(), storetest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	real := makeKey(t, st, "dinas", auth.Admin)
	s, _ := authServer(t, st, nil)
	if rec, _ := call(t, s, "GET", "/v1/network", "", real, "203.0.113.9:5555"); rec.Code != 200 {
		t.Fatalf("the real key before the attack: got %d", rec.Code)
	}
	start := time.Now()
	codes := map[int]int{}
	for i := range 1000 {
		_, tok, _ := auth.NewToken()
		if i%2 == 0 { // the real key's ID with a guessed secret
			tok = real[:len(real)-43] + tok[len(tok)-43:]
		}
		rec, _ := call(t, s, "GET", "/v1/network", "", tok, "203.0.113.9:5555")
		codes[rec.Code]++
		if rec.Code == 429 && rec.Header().Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
	}
	took := time.Since(start)
	t.Logf("1,000 wrong tokens in %v: %v", took, codes)
	if codes[200] != 0 {
		t.Fatalf("%d wrong tokens succeeded", codes[200])
	}
	// the burst, then one every 2 s
	if most := 10 + int(took/(2*time.Second)) + 1; codes[401] > most || codes[401]+codes[429] != 1000 {
		t.Fatalf("codes %v in %v: want at most %d 401s, the rest 429", codes, took, most)
	}
	// the real key, used before, still works from the attacked address
	// (a shared NAT), and from another
	for _, from := range []string{"203.0.113.9:5555", "192.0.2.77:1"} {
		if rec, _ := call(t, s, "GET", "/v1/network", "", real, from); rec.Code != 200 {
			t.Fatalf("the real key after the attack, from %s: got %d", from, rec.Code)
		}
	}
}

// TestRateLimits: a key beyond its rate, and an organisation beyond its
// live jobs, get 429 with Retry-After; another organisation does not.
func TestRateLimits(t *testing.T) {
	st, err := store.OpenSQLite(context.Background(), storetest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, b := makeKey(t, st, "dinas", auth.Planner), makeKey(t, st, "pasar", auth.Planner)
	s, _ := authServer(t, st, func(c *api.Config) { c.KeyRate, c.KeyBurst = 0.1, 3 })
	for i := range 4 {
		rec, _ := call(t, s, "GET", "/v1/vehicles", "", a, "")
		want := 200
		if i == 3 {
			want = 429
		}
		if rec.Code != want {
			t.Fatalf("request %d: got %d, want %d", i+1, rec.Code, want)
		}
		if want == 429 && rec.Header().Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
	}
	if rec, _ := call(t, s, "GET", "/v1/vehicles", "", b, ""); rec.Code != 200 {
		t.Fatalf("another key: got %d, want 200", rec.Code)
	}

	st2, err := store.OpenSQLite(context.Background(), storetest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	a, b = makeKey(t, st2, "dinas", auth.Planner), makeKey(t, st2, "pasar", auth.Planner)
	cfg := api.DefaultConfig()
	cfg.Store, cfg.Auth, cfg.OrgJobs = st2, true, 1
	s2, err := api.New(fixture(t), cfg) // no runner: jobs stay queued
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	job := `{"kind":"vrp","request":` + lineVRP + `}`
	for _, c := range []struct {
		token string
		want  int
	}{{a, 202}, {a, 429}, {b, 202}} {
		rec, body := call(t, s2, "POST", "/v1/jobs", job, c.token, "")
		if rec.Code != c.want {
			t.Fatalf("POST /v1/jobs: got %d, want %d: %s", rec.Code, c.want, body)
		}
		if c.want == 429 && rec.Header().Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
	}
}

// TestSecurityHeaders: every response has the CSP and nosniff; CORS is
// off by default and answers only the allowed origins when set.
func TestSecurityHeaders(t *testing.T) {
	s, err := api.New(fixture(t), api.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, target := range []string{"/", "/v1/network", "/nope"} {
		req := httptest.NewRequest("GET", target, nil)
		req.Header.Set("Origin", "https://evil.example")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		h := rec.Header()
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", target, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s: nosniff %q, CORS %q", target, h.Get("X-Content-Type-Options"), h.Get("Access-Control-Allow-Origin"))
		}
	}
	cfg := api.DefaultConfig()
	cfg.CORSOrigins = []string{"https://peta.example.id"}
	s2, err := api.New(fixture(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	for _, c := range []struct {
		method, origin string
		code           int
		allow          string
	}{
		{"GET", "https://peta.example.id", 200, "https://peta.example.id"},
		{"GET", "https://evil.example", 200, ""},
		{"OPTIONS", "https://peta.example.id", 204, "https://peta.example.id"},
		{"OPTIONS", "https://evil.example", 405, ""},
	} {
		req := httptest.NewRequest(c.method, "/v1/vehicles", nil)
		req.Header.Set("Origin", c.origin)
		if c.method == "OPTIONS" {
			req.Header.Set("Access-Control-Request-Method", "GET")
		}
		rec := httptest.NewRecorder()
		s2.ServeHTTP(rec, req)
		if rec.Code != c.code || rec.Header().Get("Access-Control-Allow-Origin") != c.allow {
			t.Errorf("%s from %s: got %d, allow %q; want %d, %q", c.method, c.origin, rec.Code,
				rec.Header().Get("Access-Control-Allow-Origin"), c.code, c.allow)
		}
	}
}

// TestPoliciesCoverRoutes: every route has an access policy (a route
// without one would need an admin key: safe, but surely not meant).
func TestPoliciesCoverRoutes(t *testing.T) {
	s, err := api.New(fixture(t), api.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tmpl, err := route.GetPathTemplate()
		if err != nil {
			return nil
		}
		methods, _ := route.GetMethods()
		for _, m := range methods {
			if !api.HasPolicy(m + " " + tmpl) {
				t.Errorf("%s %s has no access policy (api/access.go)", m, tmpl)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestOrgSolveCap: while an organisation's solve runs, its next one gets
// 429 with Retry-After; another organisation's runs.
func TestOrgSolveCap(t *testing.T) {
	st, err := store.OpenSQLite(context.Background(), storetest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, b, admin := makeKey(t, st, "dinas", auth.Planner), makeKey(t, st, "pasar", auth.Planner), makeKey(t, st, "dinas", auth.Admin)
	s, _ := authServer(t, st, func(c *api.Config) { c.OrgSolves = 1 })
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		call(t, s, "POST", "/v1/vrp?time_limit=1500ms", lineVRP, a, "")
	}()
	for deadline := time.Now().Add(10 * time.Second); ; {
		_, m := call(t, s, "GET", "/metrics", "", admin, "")
		if bytes.Contains(m, []byte("lumbung_solves_in_progress 1")) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first solve never started")
		}
		time.Sleep(5 * time.Millisecond)
	}
	rec, body := call(t, s, "POST", "/v1/vrp?time_limit=100ms", lineVRP, a, "")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("dinas's second solve: got %d, Retry-After %q: %s", rec.Code, rec.Header().Get("Retry-After"), body)
	}
	if rec, body := call(t, s, "POST", "/v1/vrp?time_limit=100ms", lineVRP, b, ""); rec.Code != 200 {
		t.Errorf("pasar's solve meanwhile: got %d: %s", rec.Code, body)
	}
	wg.Wait()
	if rec, body := call(t, s, "POST", "/v1/vrp?time_limit=100ms", lineVRP, a, ""); rec.Code != 200 {
		t.Errorf("dinas's solve after the first ended: got %d: %s", rec.Code, body)
	}
}
