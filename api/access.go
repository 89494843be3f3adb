package api

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"
	"golang.org/x/time/rate"

	"github.com/lumbung-id/lumbung/auth"
	"github.com/lumbung-id/lumbung/store"
)

// Access control (issue 13). With Config.Auth off every request is
// served, as on a laptop. With it on, every route but the public ones
// (health, the OpenAPI document, the map page's files) needs a bearer
// token of a key whose role covers the route (policies); plans and jobs
// of another organisation answer 404, as if they did not exist.

// Problem types of access control.
const (
	TypeUnauthorized = "urn:lumbung:problem:unauthorized"
	TypeForbidden    = "urn:lumbung:problem:forbidden"
)

// policy is what a route needs.
type policy struct {
	role   auth.Role // 0: public
	owned  string    // "plan" or "job": the {id} must belong to the caller's organisation
	audit  string    // the audit action a success records ("": none)
	solve  bool      // counts against the organisation's concurrent solves
	queues bool      // queues a job: counts against the organisation's live jobs
}

// policies maps "METHOD /route/template" to its policy. A route missing
// here needs an admin key (TestPoliciesCoverRoutes keeps it complete).
var policies = map[string]policy{
	"GET /healthz":       {},
	"GET /readyz":        {},
	"GET /openapi.json":  {},
	"GET /":              {},
	"GET " + pagePrefix:  {},
	"GET " + faviconPath: {},

	"GET /v1/network":                  {role: auth.Viewer},
	"GET /v1/nearest":                  {role: auth.Viewer},
	"GET /v1/cells":                    {role: auth.Viewer},
	"GET /v1/vehicles":                 {role: auth.Viewer},
	"GET /v1/ferries":                  {role: auth.Viewer},
	"GET /v1/tiles/{z}/{x}/{y}":        {role: auth.Viewer},
	"GET /v1/plans":                    {role: auth.Viewer},
	"GET /v1/plans/{id}":               {role: auth.Viewer, owned: "plan", audit: store.AuditRead},
	"GET /v1/plans/{id}/geojson":       {role: auth.Viewer, owned: "plan", audit: store.AuditRead},
	"GET /v1/plans/{id}.gpkg":          {role: auth.Viewer, owned: "plan", audit: store.AuditExport},
	"GET /v1/plans/{id}/shipments.csv": {role: auth.Viewer, owned: "plan", audit: store.AuditExport},
	"GET /v1/jobs/{id}":                {role: auth.Viewer, owned: "job"},
	"GET /v1/jobs/{id}/result":         {role: auth.Viewer, owned: "job"},
	"GET /v1/jobs/{id}/events":         {role: auth.Viewer, owned: "job"},

	"GET /v1/route":                       {role: auth.Planner},
	"POST /v1/matrix":                     {role: auth.Planner},
	"GET /route/v1/driving/{coordinates}": {role: auth.Planner},
	"GET /table/v1/driving/{coordinates}": {role: auth.Planner},
	"POST /v1/vrp":                        {role: auth.Planner, solve: true},
	"POST /v1/plans":                      {role: auth.Planner, solve: true},
	"POST /v1/plans/compare":              {role: auth.Planner, solve: true},
	"POST /v1/jobs":                       {role: auth.Planner, queues: true},
	"DELETE /v1/jobs/{id}":                {role: auth.Planner, owned: "job"},

	"DELETE /v1/plans/{id}": {role: auth.Admin, owned: "plan"},
	"GET /metrics":          {role: auth.Admin},
	"GET /v1/audit":         {role: auth.Admin},
	"GET /v1/keys":          {role: auth.Admin},
}

// principal is the key a request was made with.
type principal struct {
	key  *store.Key
	role auth.Role
}

type principalKey struct{}

// keyIDSlot is the context key of where the access log line (observe)
// learns the request's key ID.
type keyIDSlot struct{}

func principalOf(ctx context.Context) *principal {
	p, _ := ctx.Value(principalKey{}).(*principal)
	return p
}

// ownerOf is who a request's plans and jobs belong to: the key's
// organisation, or no one with access control off.
func ownerOf(ctx context.Context) store.Owner {
	if p := principalOf(ctx); p != nil {
		return store.Owner{Org: p.key.Org, KeyID: p.key.ID}
	}
	return store.Owner{}
}

// access holds access control's state: verified tokens, rate limiters and
// the organisations' running solves.
type access struct {
	verifier *auth.Verifier

	mu       sync.Mutex
	keys     map[string]*rate.Limiter // by key ID
	failures map[string]*rate.Limiter // failed authentications, by client IP
	solves   map[string]int           // synchronous solves running, by organisation
}

// Failed authentications a client IP may make: a burst, then one per
// interval. Beyond it the server answers 429 without looking at the token.
const (
	authFailureBurst    = 10
	authFailureInterval = 2 * time.Second
	maxLimiters         = 100_000 // per map; beyond it the map starts afresh
)

func newAccess() *access {
	return &access{verifier: auth.NewVerifier(), keys: map[string]*rate.Limiter{},
		failures: map[string]*rate.Limiter{}, solves: map[string]int{}}
}

// limiter returns m's limiter for k, making it with lim and burst.
func (a *access) limiter(m map[string]*rate.Limiter, k string, lim rate.Limit, burst int) *rate.Limiter {
	a.mu.Lock()
	defer a.mu.Unlock()
	l, ok := m[k]
	if !ok {
		if len(m) >= maxLimiters {
			clear(m)
		}
		l = rate.NewLimiter(lim, burst)
		m[k] = l
	}
	return l
}

// wait is how long until l allows an event, at least a second (for
// Retry-After, in whole seconds).
func wait(l *rate.Limiter) time.Duration {
	r := l.Reserve()
	d := r.Delay()
	r.Cancel()
	return max(time.Second, time.Duration(math.Ceil(d.Seconds()))*time.Second)
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func unauthorized(w http.ResponseWriter, detail string) error {
	w.Header().Set("WWW-Authenticate", `Bearer realm="lumbung"`)
	return &Problem{Type: TypeUnauthorized, Title: "Unauthorized", Status: http.StatusUnauthorized, Detail: detail}
}

// authenticate finds the key of a request's bearer token. The token never
// appears in an error, a log line or a metric.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (*principal, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, unauthorized(w, "this server needs an API key: send Authorization: Bearer <token> (lumbung keys create)")
	}
	fails := s.access.limiter(s.access.failures, clientIP(r), rate.Every(authFailureInterval), authFailureBurst)
	scheme, token, ok := strings.Cut(h, " ")
	token = strings.TrimSpace(token)
	id, _, err := auth.Split(token)
	// a token this process verified before is not held up by others'
	// failures from the same address (a shared NAT)
	if fails.Tokens() < 1 && (err != nil || !s.access.verifier.Remembered(id, token)) {
		return nil, tooMany("too many failed authentications from this address", wait(fails))
	}
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		fails.Allow()
		return nil, unauthorized(w, "the Authorization header must be Bearer <token>")
	}
	var k *store.Key
	if err == nil {
		k, err = s.store.Key(r.Context(), id)
	}
	if err == nil && !k.Revoked.IsZero() {
		err = store.ErrRevoked
	}
	if err == nil {
		err = s.access.verifier.Check(id, token, k.Hash)
	}
	if err != nil {
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrRevoked) ||
			errors.Is(err, auth.ErrMalformed) || errors.Is(err, auth.ErrMismatch) {
			fails.Allow()
			return nil, unauthorized(w, "the API key is unknown, revoked or wrong")
		}
		return nil, err // the store failed: a 500, logged without the token
	}
	role, err := auth.ParseRole(k.Role)
	if err != nil {
		return nil, fmt.Errorf("api: key %s: %w", k.ID, err)
	}
	return &principal{key: k, role: role}, nil
}

func tooMany(what string, after time.Duration) error {
	return retryAfter{&Problem{Type: TypeBusy, Title: "Too many requests", Status: http.StatusTooManyRequests,
		Detail: what + ": retry after " + after.String()}, after}
}

// authorize is the router's middleware: it applies the matched route's
// policy (with Config.Auth on), and records plan reads and exports in the
// audit log (always).
func (s *Server) authorize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pol := routePolicy(r)
		if !s.cfg.Auth {
			s.audited(next, w, r, pol)
			return
		}
		if pol.role == 0 {
			next.ServeHTTP(w, r)
			return
		}
		s.wrap(func(w http.ResponseWriter, r *http.Request) error {
			p, err := s.authenticate(w, r)
			if err != nil {
				return err
			}
			if slot, ok := r.Context().Value(keyIDSlot{}).(*string); ok {
				*slot = p.key.ID // for the access log line
			}
			lim := s.access.limiter(s.access.keys, p.key.ID, rate.Limit(s.cfg.KeyRate), s.cfg.KeyBurst)
			if !lim.Allow() {
				return tooMany(fmt.Sprintf("key %s is limited to %g requests a second", p.key.ID, s.cfg.KeyRate), wait(lim))
			}
			if p.role < pol.role {
				return &Problem{Type: TypeForbidden, Title: "Forbidden", Status: http.StatusForbidden,
					Detail: fmt.Sprintf("this needs a %s key; key %s is a %s key", pol.role, p.key.ID, p.role)}
			}
			if err := s.checkOwner(r, p, pol); err != nil {
				return err
			}
			release, err := s.orgSlot(r, p, pol)
			if err != nil {
				return err
			}
			defer release()
			s.audited(next, w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)), pol)
			return nil
		}).ServeHTTP(w, r)
	})
}

func routePolicy(r *http.Request) policy {
	if rt := mux.CurrentRoute(r); rt != nil {
		if t, err := rt.GetPathTemplate(); err == nil {
			if p, ok := policies[r.Method+" "+t]; ok {
				return p
			}
		}
	}
	return policy{role: auth.Admin}
}

// checkOwner answers 404 for another organisation's plan or job.
func (s *Server) checkOwner(r *http.Request, p *principal, pol policy) error {
	if pol.owned == "" {
		return nil
	}
	id := mux.Vars(r)["id"]
	var o store.Owner
	var err error
	if pol.owned == "plan" {
		o, err = s.store.PlanOwner(r.Context(), id)
	} else {
		o, err = s.store.JobOwner(r.Context(), id)
	}
	if err == nil && o.Org != p.key.Org {
		err = store.ErrNotFound // not theirs: as if it did not exist
	}
	return storeError(err, pol.owned, id)
}

// orgSlot holds one of the organisation's concurrent solves, or answers
// 429 when they are all taken (or, for a job, when the organisation has
// Config.OrgJobs jobs queued or running).
func (s *Server) orgSlot(r *http.Request, p *principal, pol policy) (release func(), err error) {
	org := p.key.Org
	if pol.queues {
		n, err := s.store.OrgQueuedJobs(r.Context(), org)
		if err != nil {
			return nil, err
		}
		if n >= s.cfg.OrgJobs {
			return nil, tooMany(fmt.Sprintf("organisation %s has %d jobs queued or running", org, n), 30*time.Second)
		}
	}
	if !pol.solve {
		return func() {}, nil
	}
	a := s.access
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.solves[org] >= s.cfg.OrgSolves {
		return nil, tooMany(fmt.Sprintf("organisation %s already runs %d solves", org, a.solves[org]), 5*time.Second)
	}
	a.solves[org]++
	return func() {
		a.mu.Lock()
		if a.solves[org]--; a.solves[org] == 0 {
			delete(a.solves, org)
		}
		a.mu.Unlock()
	}, nil
}

// audited serves the request and, for a plan read or export that
// succeeded, appends who did it to the audit log.
func (s *Server) audited(next http.Handler, w http.ResponseWriter, r *http.Request, pol policy) {
	if pol.audit == "" {
		next.ServeHTTP(w, r)
		return
	}
	rec := &recorder{ResponseWriter: w}
	next.ServeHTTP(rec, r)
	if rec.status != 0 && rec.status >= 300 {
		return
	}
	o := ownerOf(r.Context())
	e := &store.AuditEntry{Org: o.Org, KeyID: o.KeyID, Action: pol.audit, PlanID: mux.Vars(r)["id"], Detail: routeName(r)}
	if err := s.store.Audit(context.WithoutCancel(r.Context()), e); err != nil {
		s.log.Error("audit log write failed", "request_id", RequestID(r.Context()), "err", err)
	}
}

func routeName(r *http.Request) string {
	if rt := mux.CurrentRoute(r); rt != nil {
		if t, err := rt.GetPathTemplate(); err == nil {
			return r.Method + " " + t
		}
	}
	return r.Method
}

// contentSecurityPolicy allows only our own origin: the map page's
// scripts, styles, tiles and API calls are all served here. Style
// attributes are allowed (the page's legend swatches set colours with
// them; they cannot run script), style elements are not; MapLibre's
// sprites and controls use data: and blob: images and may start its worker
// from a blob.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; " +
	"img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// secure sets the security headers of every response and answers CORS
// preflights from the allowed origins; it reports whether the request is
// answered.
func (s *Server) secure(w http.ResponseWriter, r *http.Request) bool {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	if len(s.cfg.CORSOrigins) == 0 {
		return false // CORS off: browsers keep other origins out
	}
	h.Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	if origin == "" || !slices.Contains(s.cfg.CORSOrigins, origin) {
		return false
	}
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Expose-Headers", "Location, Retry-After, "+RequestIDHeader)
	if r.Method != http.MethodOptions || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	h.Set("Access-Control-Allow-Methods", "GET, POST, DELETE")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
	h.Set("Access-Control-Max-Age", strconv.Itoa(600))
	w.WriteHeader(http.StatusNoContent)
	return true
}
