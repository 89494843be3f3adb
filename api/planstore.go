package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/store"
	"github.com/lumbung-id/lumbung/store/gpkg"
)

// Plan listing limits.
const (
	DefaultPlanPage = 20
	MaxPlanPage     = 100
)

func newID(prefix string) string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// record readies a solved plan for the store: its ID and map layers.
func (s *Server) record(p *plan.Plan, scenario json.RawMessage) (*store.Record, error) {
	p.ID = newID("plan-")
	l, err := s.layers(p)
	if err != nil {
		return nil, err
	}
	return &store.Record{Plan: p, Scenario: scenario, Layers: l}, nil
}

// layers groups a plan's shipments into lanes (one route each) and totals
// them by port and buyer.
func (s *Server) layers(p *plan.Plan) (*store.Layers, error) {
	type laneKey struct{ origin, crossing, buyer, vehicle string }
	idx := map[laneKey]int{}
	days := map[laneKey]map[int]bool{}
	portT, portN := map[string]float64{}, map[string]int{}
	buyerT, buyerN := map[string]float64{}, map[string]int{}
	ports := map[string][2]string{} // crossing → its two ports
	for _, f := range s.ds.Ferries {
		ports[f.ID] = [2]string{f.From, f.To}
	}
	l := &store.Layers{Lanes: []store.Lane{}, Ports: []store.Place{}, Buyers: []store.Place{}}
	for i := range p.Shipments {
		sh := &p.Shipments[i]
		k := laneKey{sh.OriginCell, sh.Crossing, sh.Buyer, sh.Vehicle}
		j, ok := idx[k]
		if !ok {
			line, err := s.model.Route(sh)
			if err != nil {
				return nil, err
			}
			j = len(l.Lanes)
			idx[k], days[k] = j, map[int]bool{}
			l.Lanes = append(l.Lanes, store.Lane{OriginCluster: k.origin, Crossing: k.crossing, Buyer: k.buyer,
				Vehicle: k.vehicle, Commodities: map[string]float64{}, Route: line})
		}
		ln := &l.Lanes[j]
		ln.Tonnes += sh.Tonnes
		ln.Trucks += sh.Trucks
		ln.CostIDR += sh.Cost.Total()
		days[k][sh.Day] = true
		ln.Days = len(days[k])
		for _, c := range sh.Cargo {
			ln.Commodities[c.Commodity] += c.Tonnes
		}
		for _, pt := range ports[sh.Crossing] {
			portT[pt] += sh.Tonnes
			portN[pt] += sh.Trucks
		}
		if len(sh.Drops) == 0 {
			buyerT[sh.Buyer] += sh.Tonnes
			buyerN[sh.Buyer] += sh.Trucks
		}
		for _, d := range sh.Drops { // a multi-drop truck serves each of its buyers
			buyerT[d.Buyer] += d.Tonnes
			buyerN[d.Buyer] += sh.Trucks
		}
	}
	for _, pt := range s.ds.Ports {
		l.Ports = append(l.Ports, store.Place{ID: pt.ID, Name: pt.Name, Tonnes: portT[pt.ID], Trucks: portN[pt.ID], Point: pt.Point})
	}
	for _, m := range s.ds.Markets {
		l.Buyers = append(l.Buyers, store.Place{ID: m.ID, Name: m.Name, Tonnes: buyerT[m.ID], Trucks: buyerN[m.ID], Point: m.Point})
	}
	return l, nil
}

// layersGeoJSON is a plan's lanes as LineStrings with its ports and buyers
// as Points, and any extra features (the collection tours).
func layersGeoJSON(l *store.Layers, extra ...*geojson.Feature) ([]byte, error) {
	fc := geojson.NewFeatureCollection()
	for _, ln := range l.Lanes {
		com := map[string]float64{}
		for c, t := range ln.Commodities {
			com[c] = round(t, 3)
		}
		f := geojson.NewFeature(ln.Route)
		f.Properties = geojson.Properties{"kind": "lane", "origin_cluster": ln.OriginCluster, "crossing": ln.Crossing,
			"buyer": ln.Buyer, "vehicle": ln.Vehicle, "tonnes": round(ln.Tonnes, 3), "trucks": ln.Trucks,
			"cost_idr": round(ln.CostIDR, 0), "commodities": com, "days": ln.Days}
		fc.Append(f)
	}
	for _, f := range extra {
		fc.Append(f)
	}
	for _, kind := range []struct {
		name   string
		places []store.Place
	}{{"port", l.Ports}, {"buyer", l.Buyers}} {
		for _, p := range kind.places {
			f := geojson.NewFeature(orb.Point(p.Point))
			f.Properties = geojson.Properties{"kind": kind.name, "id": p.ID, "name": p.Name,
				"tonnes": round(p.Tonnes, 3), "trucks": p.Trucks}
			fc.Append(f)
		}
	}
	return json.Marshal(fc)
}

// storeError maps the store's sentinels to problems.
func storeError(err error, what, id string) error {
	if errors.Is(err, store.ErrNotFound) {
		return &Problem{Type: TypeNotFound, Title: strings.ToUpper(what[:1]) + what[1:] + " not found", Status: http.StatusNotFound,
			Detail:        fmt.Sprintf("no %s %q", what, id),
			InvalidParams: []InvalidParam{{Name: "id", Reason: "unknown " + what}}}
	}
	return err
}

func (s *Server) storedPlan(r *http.Request) (*plan.Plan, error) {
	id := mux.Vars(r)["id"]
	p, err := s.store.Plan(r.Context(), id)
	if err != nil {
		return nil, storeError(err, "plan", id)
	}
	return p, nil
}

func (s *Server) storedLayers(r *http.Request) (string, *store.Layers, error) {
	id := mux.Vars(r)["id"]
	l, err := s.store.Layers(r.Context(), id)
	if err != nil {
		return id, nil, storeError(err, "plan", id)
	}
	return id, l, nil
}

// listPlans answers GET /v1/plans?limit=&cursor=: stored plans, newest
// first, with a next link while there are more.
func (s *Server) listPlans(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit := DefaultPlanPage
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxPlanPage {
			return invalid("limit", "want an integer from 1 to %d, got %q", MaxPlanPage, v)
		}
		limit = n
	}
	var ps []store.PlanInfo
	var next string
	var err error
	if p := principalOf(r.Context()); p != nil {
		ps, next, err = s.store.OrgPlans(r.Context(), p.key.Org, limit, q.Get("cursor"))
	} else {
		ps, next, err = s.store.Plans(r.Context(), limit, q.Get("cursor"))
	}
	if errors.Is(err, store.ErrBadCursor) {
		return invalid("cursor", "not a cursor this server issued: pass the next_cursor of the previous page")
	}
	if err != nil {
		return err
	}
	out := map[string]any{"plans": ps, "next_cursor": nil}
	if next != "" {
		out["next_cursor"] = next
		out["next"] = fmt.Sprintf("/v1/plans?limit=%d&cursor=%s", limit, next)
	}
	writeJSON(w, http.StatusOK, "application/json", out)
	return nil
}

// shipmentsCSV answers GET /v1/plans/{id}/shipments.csv: one row per
// shipment, costs in Rupiah, times in WIB (RFC 3339).
func (s *Server) shipmentsCSV(w http.ResponseWriter, r *http.Request) error {
	p, err := s.storedPlan(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.Write([]string{"day", "date", "commodity", "tonnes", "origin_cluster", "origin_lon", "origin_lat", "buyer",
		"vehicle", "trucks", "crossing", "dispatch", "departure", "arrival", "ferry_wait_min", "transit_hours",
		"distance_km", "cost_idr", "fuel_wear_idr", "driver_idr", "toll_idr", "ferry_idr", "spoilage_idr", "consolidated"})
	f := func(x float64, prec int) string { return strconv.FormatFloat(x, 'f', prec, 64) }
	for _, sh := range p.Shipments {
		c := sh.Cost
		_ = cw.Write([]string{strconv.Itoa(sh.Day), sh.Date, sh.Commodity, f(sh.Tonnes, 3), sh.OriginCell,
			f(sh.Origin[0], 6), f(sh.Origin[1], 6), sh.Buyer, sh.Vehicle, strconv.Itoa(sh.Trucks), sh.Crossing,
			sh.Dispatch.Format(time.RFC3339), sh.Departure.Format(time.RFC3339), sh.Arrival.Format(time.RFC3339),
			f(sh.WaitMin, 1), f(sh.TransitHours, 2), f(sh.DistanceKm, 1), f(c.Total(), 0), f(c.FuelWear, 0),
			f(c.Driver, 0), f(c.Toll, 0), f(c.Ferry, 0), f(c.Spoilage, 0), strconv.FormatBool(sh.Consolidated)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-shipments.csv"`, p.ID))
	_, err = w.Write(buf.Bytes())
	return err
}

// planGPKG answers GET /v1/plans/{id}.gpkg: the plan's lanes, ports and
// buyers as a GeoPackage.
func (s *Server) planGPKG(w http.ResponseWriter, r *http.Request) error {
	id, l, err := s.storedLayers(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := gpkg.Encode(r.Context(), &buf, id, l); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/geopackage+sqlite3")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.gpkg"`, id))
	_, err = w.Write(buf.Bytes())
	return err
}

// pruneLoop deletes plans and finished jobs older than the retention,
// once at start and then hourly, and logs what it deleted: nothing is
// dropped silently.
func (s *Server) pruneLoop(ctx context.Context, keep time.Duration) {
	for {
		before := time.Now().Add(-keep)
		plans, err := s.store.DeletePlansBefore(ctx, before)
		if err == nil {
			var jobs int
			jobs, err = s.store.DeleteJobsBefore(ctx, before)
			if plans > 0 || jobs > 0 {
				s.log.Info("retention: deleted", "plans", plans, "jobs", jobs, "older_than", keep.String())
			}
		}
		if err != nil && ctx.Err() == nil {
			s.log.Error("retention", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}

// openStore uses the configured store, or a private in-memory one, and
// starts the retention sweep.
func (s *Server) openStore() error {
	s.planSlots = make(chan struct{}, max(1, s.cfg.SolveSlots))
	s.solveQueue = make(chan struct{}, max(1, s.cfg.SolveSlots)+max(0, s.cfg.SolveQueue))
	s.store = s.cfg.Store
	if s.store == nil {
		st, err := store.OpenSQLite(context.Background(), ":memory:")
		if err != nil {
			return err
		}
		s.store, s.ownStore = st, true
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.stopPrune = cancel
	if s.cfg.PlanRetention > 0 {
		go s.pruneLoop(ctx, s.cfg.PlanRetention)
	}
	return nil
}

// Close stops the server's background work and closes the store if the
// server opened it.
func (s *Server) Close() error {
	s.stopPrune()
	if s.ownStore {
		return s.store.Close()
	}
	return nil
}

// retryAfter is a 429 problem with the Retry-After the client should wait.
type retryAfter struct {
	*Problem
	after time.Duration
}

func (e retryAfter) Unwrap() error { return e.Problem }

func tooBusy(what string, after time.Duration) error {
	return retryAfter{&Problem{Type: TypeBusy, Title: "Too many requests", Status: http.StatusTooManyRequests,
		Detail: what + ": retry after " + after.String() + ", or queue the solve as a job (POST /v1/jobs)"}, after}
}

// TypeBusy is the problem type of a 429: the solve queue is full.
const TypeBusy = "urn:lumbung:problem:busy"

// acquireSolve waits for a synchronous solve slot, or fails at once with a
// 429 when the queue of waiting solves is full.
func (s *Server) acquireSolve(ctx context.Context) (release func(), err error) {
	select {
	case s.solveQueue <- struct{}{}:
	default:
		return nil, tooBusy(fmt.Sprintf("%d solves are running or waiting", cap(s.solveQueue)), 5*time.Second)
	}
	select {
	case s.planSlots <- struct{}{}:
		return func() { <-s.planSlots; <-s.solveQueue }, nil
	case <-ctx.Done():
		<-s.solveQueue
		return nil, ctx.Err()
	}
}
