package api_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/corridor"
)

func TestRequestIDAndAccessLog(t *testing.T) {
	var logs bytes.Buffer
	cfg := api.DefaultConfig()
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	s, err := api.New(fixture(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		sent, want string
	}{
		{"abc-123", "abc-123"},
		{"", ""},                      // made by the server
		{"bad id with spaces", ""},    // replaced
		{strings.Repeat("x", 65), ""}, // too long: replaced
	}
	for _, tt := range tests {
		logs.Reset()
		r := httptest.NewRequest(http.MethodGet, "/v1/plans/nope", nil)
		if tt.sent != "" {
			r.Header.Set(api.RequestIDHeader, tt.sent)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		got := w.Header().Get(api.RequestIDHeader)
		if tt.want != "" && got != tt.want || tt.want == "" && (got == "" || got == tt.sent) {
			t.Errorf("sent %q: request ID got %q, want %q (or a fresh one)", tt.sent, got, tt.want)
		}
		line := logs.String()
		for _, want := range []string{`"request_id":"` + got + `"`, `"route":"/v1/plans/{id}"`, `"status":404`} {
			if !strings.Contains(line, want) {
				t.Errorf("access log %q lacks %s", line, want)
			}
		}
	}
}

func TestMetricsAndReadiness(t *testing.T) {
	s, err := api.New(fixture(t), api.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w
	}
	get("/v1/route?from=105.26,-5.43&to=106.868,-6.272")
	get("/v1/route?from=abc")
	body := get("/metrics").Body.String()
	for _, want := range []string{
		`lumbung_http_requests_total{code="200",method="GET",route="/v1/route"} 1`,
		`lumbung_http_requests_total{code="400",method="GET",route="/v1/route"} 1`,
		`lumbung_http_request_duration_seconds_bucket{code="200",method="GET",route="/v1/route",le="+Inf"} 1`,
		`lumbung_solves_in_progress 0`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if got := get("/readyz").Code; got != http.StatusOK {
		t.Errorf("/readyz got %d, want 200", got)
	}
	s.SetReady(false)
	if got := get("/readyz").Code; got != http.StatusServiceUnavailable {
		t.Errorf("/readyz while draining got %d, want 503", got)
	}
	if got := get("/healthz").Code; got != http.StatusOK {
		t.Errorf("/healthz while draining got %d, want 200 (alive)", got)
	}
}

// TestClientDisconnectStopsSolve: a client that gives up on a long plan
// stops its solve: the solve ends with an error (cancelled) instead of
// running to completion, and frees its solver slot.
func TestClientDisconnectStopsSolve(t *testing.T) {
	c, err := corridor.Default() // a month of the full corridor takes seconds
	if err != nil {
		t.Fatal(err)
	}
	s, err := api.New(c, api.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s)
	defer hs.Close()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, hs.URL+"/v1/plans",
		strings.NewReader(`{"start":"2026-03-01","horizon_days":31}`))
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	metrics := func() string {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		return w.Body.String()
	}
	// leave once the solve runs (a fixed sleep could end before the
	// handler starts it on a loaded machine: nothing to stop then)
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(metrics(), "lumbung_solves_in_progress 1") {
		if time.Now().After(deadline) {
			t.Fatal("the solve did not start within 30 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err == nil {
		t.Fatal("the request completed; want it cancelled by the client")
	}
	deadline = time.Now().Add(30 * time.Second)
	for {
		m := metrics()
		if strings.Contains(m, `lumbung_solve_duration_seconds_count{kind="plan",outcome="error"} 1`) &&
			strings.Contains(m, "lumbung_solves_in_progress 0") {
			break
		}
		if strings.Contains(m, `lumbung_solve_duration_seconds_count{kind="plan",outcome="ok"} 1`) {
			t.Fatal("the solve ran to completion after the client left")
		}
		if time.Now().After(deadline) {
			t.Fatalf("the solve did not stop; metrics:\n%s", m)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
