package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/mux"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus collectors, on a registry of its own
// so that several servers (tests) never share counters.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	solves   *prometheus.HistogramVec
}

func newMetrics(queueDepth func() float64) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "lumbung_http_requests_total", Help: "HTTP requests by route template, method and status code.",
	}, []string{"route", "method", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "lumbung_http_request_duration_seconds", Help: "HTTP request latency by route template and status code.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"route", "method", "code"})
	m.solves = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "lumbung_solve_duration_seconds", Help: "Solver run time by kind (plan, vrp) and outcome (ok, error).",
		Buckets: prometheus.ExponentialBuckets(0.01, 2, 14),
	}, []string{"kind", "outcome"})
	m.reg.MustRegister(m.requests, m.latency, m.solves,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "lumbung_solves_in_progress", Help: "Plan solves holding a solver slot.",
		}, queueDepth),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observeSolve records a solver run that began at start.
func (m *metrics) observeSolve(kind string, start time.Time, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.solves.WithLabelValues(kind, outcome).Observe(time.Since(start).Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// RequestIDHeader carries a request's ID, taken from the client when it
// sends a usable one, else made by the server; it is echoed on every
// response and named in every log line of the request.
const RequestIDHeader = "X-Request-ID"

type ctxKey int

const requestIDKey ctxKey = 0

// RequestID returns the ID of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// requestID keeps a client's ID when it is short and plain (so that it can
// go into logs as is), else makes one.
func requestID(r *http.Request) string {
	if id := r.Header.Get(RequestIDHeader); id != "" && len(id) <= 64 {
		ok := true
		for _, c := range id {
			ok = ok && (c == '-' || c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')
		}
		if ok {
			return id
		}
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// recorder remembers the status and size of a response.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Flush lets streaming handlers (Server-Sent Events) flush through.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the writer underneath.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe is the outermost layer: it gives the request its ID, and after
// the handler counts it, times it and writes one access-log line. Metrics
// are labelled by route template (/v1/plans/{id}), never by raw path, so
// their number stays bounded.
func (s *Server) observe(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := requestID(r)
	w.Header().Set(RequestIDHeader, id)
	var keyID string // the API key's ID, which authorize fills in (never the token)
	r = r.WithContext(context.WithValue(context.WithValue(r.Context(), requestIDKey, id), keyIDSlot{}, &keyID))
	route := "unmatched"
	var match mux.RouteMatch
	if s.mux.Match(r, &match) && match.Route != nil {
		if t, err := match.Route.GetPathTemplate(); err == nil {
			route = t
		}
	}
	rec := &recorder{ResponseWriter: w}
	s.mux.ServeHTTP(rec, r)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	code := strconv.Itoa(rec.status)
	took := time.Since(start)
	s.metrics.requests.WithLabelValues(route, r.Method, code).Inc()
	s.metrics.latency.WithLabelValues(route, r.Method, code).Observe(took.Seconds())
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("request_id", id), slog.String("method", r.Method), slog.String("route", route),
		slog.String("path", r.URL.Path), slog.Int("status", rec.status), slog.Int64("bytes", rec.bytes),
		slog.Duration("took", took), slog.String("remote", r.RemoteAddr), slog.String("key", keyID))
}

// SetReady says whether the server should take traffic: /readyz answers
// 503 while it is false, so that a load balancer drains the server before
// it shuts down. New servers are ready.
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if !s.ready.Load() {
		writeJSON(w, http.StatusServiceUnavailable, "application/json", map[string]any{"status": "draining"})
		return nil
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]any{"status": "ready"})
	return nil
}
