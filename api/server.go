// Package api is Lumbung's HTTP API, version 1: network layers and H3
// production cells as GeoJSON (RFC 7946, coordinates lon,lat), routes,
// matrices and snapping; errors are RFC 9457 problem+json bodies naming the
// offending parameter. It is the only importer of gorilla/mux.
//
// Limits are explicit and reported in errors: request bodies are capped by
// Config.MaxBodyBytes, each request runs under Config.RequestTimeout, and
// matrices under Config.MaxMatrixCells.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"

	"github.com/lumbung-id/lumbung/api/spec"
	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/optimizer/route"
	"github.com/lumbung-id/lumbung/store"
)

// Config holds the server's limits.
type Config struct {
	MaxBodyBytes   int64
	RequestTimeout time.Duration
	MaxMatrixCells int // sources × destinations
	MaxMatrixSide  int // sources or destinations
	Logger         *slog.Logger

	// Store keeps plans and jobs; nil opens a private in-memory SQLite
	// database (plans then last as long as the server).
	Store store.Store
	// PlanRetention deletes plans and finished jobs older than this,
	// hourly (0: keep them all).
	PlanRetention time.Duration
	// SolveSlots is how many synchronous solves run at once, SolveQueue
	// how many more may wait for a slot: beyond that the synchronous
	// endpoints answer 429 with Retry-After.
	SolveSlots, SolveQueue int
	// MaxQueuedJobs bounds the jobs queued or running; POST /v1/jobs
	// answers 429 beyond it.
	MaxQueuedJobs int
	// RemoteSolve makes the synchronous solve endpoints queue their solve
	// as a job and wait for a worker (lumbung serve -workers 0): the
	// server itself solves nothing.
	RemoteSolve bool
	// WakeJobs, if set, is called when a job is queued (a local runner's
	// Wake), so that it starts without waiting for its next poll.
	WakeJobs func()

	// Auth turns access control on: API keys, roles, organisations
	// (api/access.go). Off, every request is served.
	Auth bool
	// KeyRate and KeyBurst limit each key's requests (per second, and
	// the burst above that); OrgSolves bounds each organisation's
	// synchronous solves running at once, OrgJobs its jobs queued or
	// running. Beyond them: 429 with Retry-After.
	KeyRate            float64
	KeyBurst           int
	OrgSolves, OrgJobs int
	// CORSOrigins are the origins whose browser pages may call the API
	// (exact matches, e.g. https://peta.example.id); none: CORS is off.
	CORSOrigins []string
}

// DefaultConfig returns the limits the server ships with.
func DefaultConfig() Config {
	return Config{
		MaxBodyBytes:   1 << 20,
		RequestTimeout: 30 * time.Second,
		MaxMatrixCells: 10_000,
		MaxMatrixSide:  500,
		SolveSlots:     2,
		SolveQueue:     8,
		MaxQueuedJobs:  1000,
		KeyRate:        10,
		KeyBurst:       40,
		OrgSolves:      1,
		OrgJobs:        20,
	}
}

// Server serves the API over one dataset.
type Server struct {
	ds       *data.Dataset
	nw       *corridor.Network
	router   *route.Router
	cfg      Config
	profiles map[string]route.Profile
	mux      *mux.Router
	log      *slog.Logger

	cellsMu sync.Mutex
	cells   map[cellKey][]byte // encoded /v1/cells responses
	tiles   *tileSet

	model      *plan.Model
	noPlans    error // why there is no model (an imported network without the dataset)
	store      store.Store
	ownStore   bool          // opened by New, closed by Close
	planSlots  chan struct{} // bounds concurrent synchronous solves
	solveQueue chan struct{} // bounds synchronous solves running or waiting
	stopPrune  context.CancelFunc

	metrics *metrics
	ready   atomic.Bool
	access  *access
}

// New builds the server for a corridor.
func New(c *corridor.Corridor, cfg Config) (*Server, error) {
	ds, nw := c.Data, c.Network
	s := &Server{ds: ds, nw: nw, router: c.Router, cfg: cfg, profiles: map[string]route.Profile{},
		cells: map[cellKey][]byte{}, log: cfg.Logger, access: newAccess()}
	if s.log == nil {
		s.log = slog.Default()
	}
	if len(ds.Vehicles) == 0 {
		return nil, errors.New("api: the dataset has no vehicle classes")
	}
	for _, v := range ds.Vehicles {
		p, err := corridor.Profile(&v)
		if err != nil {
			return nil, err
		}
		s.profiles[v.ID] = p
	}
	var err error
	if s.model, err = c.Planner(); err != nil {
		if c.Imported == nil || c.Imported.NoPlans == nil {
			return nil, err
		}
		// an imported extract of another region: route, but do not plan
		s.noPlans = err
	}
	if err := s.warmOSRM(); err != nil {
		return nil, err
	}
	if err := s.openStore(); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(func() float64 { return float64(len(s.planSlots)) })
	s.ready.Store(true)
	m := mux.NewRouter()
	m.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, &Problem{Type: TypeNotFound, Title: "Not found", Status: http.StatusNotFound,
			Detail: "no such endpoint: " + r.URL.Path})
	})
	m.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, &Problem{Type: TypeMethod, Title: "Method not allowed", Status: http.StatusMethodNotAllowed,
			Detail: r.Method + " is not allowed on " + r.URL.Path})
	})
	m.Use(s.authorize)
	handle := func(path, method string, h func(http.ResponseWriter, *http.Request) error) {
		m.Handle(path, s.wrap(h)).Methods(method)
	}
	handle("/healthz", http.MethodGet, s.healthz)
	handle("/readyz", http.MethodGet, s.readyz)
	m.Handle("/metrics", s.metrics.handler()).Methods(http.MethodGet)
	handle("/openapi.json", http.MethodGet, serveSpec)
	handle("/v1/network", http.MethodGet, s.network)
	handle("/v1/route", http.MethodGet, s.route)
	handle("/v1/matrix", http.MethodPost, s.matrix)
	handle("/v1/nearest", http.MethodGet, s.nearest)
	handle("/v1/cells", http.MethodGet, s.cellsHandler)
	handle("/v1/vehicles", http.MethodGet, s.vehicles)
	handle("/v1/ferries", http.MethodGet, s.ferries)
	handle("/v1/tiles/{z}/{x}/{y}", http.MethodGet, s.tile)
	handle("/v1/vrp", http.MethodPost, s.solveVRP)
	handle("/v1/plans", http.MethodPost, s.createPlan)
	handle("/v1/plans/compare", http.MethodPost, s.comparePlans)
	handle("/v1/plans", http.MethodGet, s.listPlans)
	handle("/v1/plans/{id}.gpkg", http.MethodGet, s.planGPKG)
	handle("/v1/plans/{id}/shipments.csv", http.MethodGet, s.shipmentsCSV)
	handle("/v1/plans/{id}", http.MethodGet, s.getPlan)
	handle("/v1/plans/{id}/geojson", http.MethodGet, s.planGeoJSON)
	handle("/route/v1/driving/{coordinates}", http.MethodGet, s.osrm(s.osrmRouteHandler))
	handle("/table/v1/driving/{coordinates}", http.MethodGet, s.osrm(s.osrmTableHandler))
	s.mountJobs(handle)
	handle("/v1/audit", http.MethodGet, s.auditLog)
	handle("/v1/keys", http.MethodGet, s.listKeys)
	handle("/v1/plans/{id}", http.MethodDelete, s.deletePlan)
	s.tiles = newTileSet(ds, nw)
	s.mountPage(m)
	s.mux = m
	return s, nil
}

// Handle mounts an extra handler (other packages' endpoints) with the
// server's limits, timeouts and problem responses.
func (s *Server) Handle(path, method string, h func(http.ResponseWriter, *http.Request) error) {
	s.mux.Handle(path, s.wrap(h)).Methods(method)
}

// Walk visits the server's routes (see mux.Router.Walk): the OpenAPI
// tests check that the document and the routes agree.
func (s *Server) Walk(fn mux.WalkFunc) error { return s.mux.Walk(fn) }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.secure(w, r) {
		return
	}
	s.observe(w, r)
}

// Router returns the server's router, shared with other handlers.
func (s *Server) Router() *route.Router { return s.router }

// Profiles returns the vehicle profiles by ID.
func (s *Server) Profiles() map[string]route.Profile { return s.profiles }

// wrap applies the body limit and the request deadline, turns returned
// errors into problems and recovers panics into a 500 problem (a panic is a
// bug, but it must not take the server down).
func (s *Server) wrap(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic", "request_id", RequestID(r.Context()), "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				writeProblem(w, r, &Problem{Type: TypeInternal, Title: "Internal error", Status: http.StatusInternalServerError})
			}
		}()
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		defer cancel()
		r = r.WithContext(ctx)
		if err := h(w, r); err != nil {
			if ctx.Err() == context.DeadlineExceeded {
				writeProblem(w, r, &Problem{Type: TypeTimeout, Title: "Request timed out", Status: http.StatusServiceUnavailable,
					Detail: "the request exceeded the server's " + s.cfg.RequestTimeout.String() + " limit"})
				return
			}
			if errors.Is(ctx.Err(), context.Canceled) { // the client left (e.g. the map's Cancel): no one to answer
				return
			}
			p := asProblem(err)
			if ra, ok := errors.AsType[retryAfter](err); ok {
				w.Header().Set("Retry-After", strconv.Itoa(int(ra.after.Seconds())))
			}
			if p.Status >= 500 {
				s.log.Error("request failed", "request_id", RequestID(r.Context()), "path", r.URL.Path, "err", err)
			}
			writeProblem(w, r, p)
		}
	})
}

func serveSpec(w http.ResponseWriter, r *http.Request) error {
	b, err := spec.JSON()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(b)
	return err
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, "application/json", map[string]any{
		"status": "ok", "dataset": s.ds.Name,
		"nodes": s.nw.Graph.NumNodes(), "edges": s.nw.Graph.NumEdges(),
		"farms": len(s.ds.Farms), "markets": len(s.ds.Markets),
	})
	return nil
}
