package api

import (
	"bytes"
	"container/list"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// MaxCompare is the most scenarios one compare request may run.
const MaxCompare = 4

// planStore keeps recent plans in memory: at most cap plans, the oldest
// evicted first. Plans are immutable once stored; their GeoJSON is built on
// first request and cached with them.
type planStore struct {
	mu    sync.Mutex
	cap   int
	order *list.List // of *storedPlan, oldest at the front
	byID  map[string]*list.Element
}

type storedPlan struct {
	plan    *plan.Plan
	once    sync.Once
	geojson []byte
	err     error
}

func newPlanStore(n int) *planStore {
	return &planStore{cap: n, order: list.New(), byID: map[string]*list.Element{}}
}

func (s *planStore) put(p *plan.Plan) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID[p.ID] = s.order.PushBack(&storedPlan{plan: p})
	for s.order.Len() > s.cap {
		old := s.order.Remove(s.order.Front()).(*storedPlan)
		delete(s.byID, old.plan.ID)
	}
}

func (s *planStore) get(id string) *storedPlan {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.byID[id]; ok {
		return e.Value.(*storedPlan)
	}
	return nil
}

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "plan-" + hex.EncodeToString(b[:])
}

// readScenario decodes an optional scenario body: empty means defaults.
func readScenario(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return jsonProblem(err, nil, v)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err := decodeJSON(r, v); err != nil {
		return err
	}
	return zeroHorizon(body, "")
}

// zeroHorizon rejects an explicit "horizon_days": 0, which plan.Scenario
// cannot tell from an absent field (the default horizon): a plan over no
// days is a bad request, not a week. body is already known to decode.
func zeroHorizon(body []byte, prefix string) error {
	var probe struct {
		HorizonDays *int `json:"horizon_days"`
	}
	if json.Unmarshal(body, &probe) == nil && probe.HorizonDays != nil && *probe.HorizonDays == 0 {
		return invalid(prefix+"horizon_days", "must be between 1 and %d days (omit it for the default %d), got 0",
			plan.MaxHorizonDays, plan.DefaultHorizon)
	}
	return nil
}

func planError(err error, prefix string) error {
	var fe *plan.FieldError
	if errors.As(err, &fe) {
		return invalid(prefix+fe.Field, "%s", fe.Reason)
	}
	return err
}

func (s *Server) runPlan(r *http.Request, sc *plan.Scenario) (*plan.Plan, error) {
	if s.model == nil {
		return nil, unprocessable(TypeUnreachable, "network", "the loaded network cannot be planned: %v", s.noPlans)
	}
	select {
	case s.planSlots <- struct{}{}:
		defer func() { <-s.planSlots }()
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	start := time.Now()
	p, err := s.model.Plan(r.Context(), sc, start)
	s.metrics.observeSolve("plan", start, err)
	if err != nil {
		return nil, err
	}
	p.ID = newID()
	s.plans.put(p)
	return p, nil
}

func (s *Server) createPlan(w http.ResponseWriter, r *http.Request) error {
	var sc plan.Scenario
	if err := readScenario(r, &sc); err != nil {
		return err
	}
	p, err := s.runPlan(r, &sc)
	if err != nil {
		return planError(err, "")
	}
	w.Header().Set("Location", "/v1/plans/"+p.ID)
	writeJSON(w, http.StatusCreated, "application/json", p)
	return nil
}

func (s *Server) lookupPlan(r *http.Request) (*storedPlan, error) {
	id := mux.Vars(r)["id"]
	sp := s.plans.get(id)
	if sp == nil {
		return nil, &Problem{Type: TypeNotFound, Title: "Plan not found", Status: http.StatusNotFound,
			Detail:        fmt.Sprintf("no plan %q: plans are kept in memory, the %d most recent only", id, s.plans.cap),
			InvalidParams: []InvalidParam{{Name: "id", Reason: "unknown or evicted plan"}}}
	}
	return sp, nil
}

func (s *Server) getPlan(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.lookupPlan(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, "application/json", sp.plan)
	return nil
}

// lane groups a plan's shipments that share a route.
type laneKey struct{ origin, crossing, buyer, vehicle string }

func (s *Server) planGeoJSON(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.lookupPlan(r)
	if err != nil {
		return err
	}
	sp.once.Do(func() { sp.geojson, sp.err = s.buildPlanGeoJSON(sp.plan) })
	if sp.err != nil {
		return sp.err
	}
	w.Header().Set("Content-Type", "application/geo+json")
	_, err = w.Write(sp.geojson)
	return err
}

func (s *Server) buildPlanGeoJSON(p *plan.Plan) ([]byte, error) {
	type agg struct {
		first       *plan.Shipment
		tonnes      float64
		trucks      int
		cost        float64
		commodities map[string]float64
		days        map[int]bool
	}
	lanes := map[laneKey]*agg{}
	var order []laneKey
	for i := range p.Shipments {
		sh := &p.Shipments[i]
		k := laneKey{sh.OriginCell, sh.Crossing, sh.Buyer, sh.Vehicle}
		a := lanes[k]
		if a == nil {
			a = &agg{first: sh, commodities: map[string]float64{}, days: map[int]bool{}}
			lanes[k] = a
			order = append(order, k)
		}
		a.tonnes += sh.Tonnes
		a.trucks += sh.Trucks
		a.cost += sh.Cost.Total()
		a.days[sh.Day] = true
		for _, c := range sh.Cargo {
			a.commodities[c.Commodity] += c.Tonnes
		}
	}
	fc := geojson.NewFeatureCollection()
	for _, k := range order {
		a := lanes[k]
		line, err := s.model.Route(a.first)
		if err != nil {
			return nil, err
		}
		f := geojson.NewFeature(line)
		f.Properties = geojson.Properties{"kind": "lane", "origin_cluster": k.origin, "crossing": k.crossing,
			"buyer": k.buyer, "vehicle": k.vehicle, "tonnes": round(a.tonnes, 3), "trucks": a.trucks,
			"cost_idr": round(a.cost, 0), "commodities": a.commodities, "days": len(a.days)}
		fc.Append(f)
	}
	for _, pt := range s.ds.Ports {
		f := geojson.NewFeature(pt.Point)
		f.Properties = geojson.Properties{"kind": "port", "id": pt.ID, "name": pt.Name}
		fc.Append(f)
	}
	for _, m := range s.ds.Markets {
		f := geojson.NewFeature(orb.Point(m.Point))
		f.Properties = geojson.Properties{"kind": "buyer", "id": m.ID, "name": m.Name}
		fc.Append(f)
	}
	return json.Marshal(fc)
}

type compareRequest struct {
	Scenarios []plan.Scenario `json:"scenarios"`
}

// KPI is one scenario's headline figures in a comparison (see
// plan.Summary for each figure's meaning).
type KPI struct {
	Scenario         string             `json:"scenario"`
	PlanID           string             `json:"plan_id"`
	LogisticsCostIDR float64            `json:"logistics_cost_idr"`
	CostPerTonneIDR  float64            `json:"cost_per_tonne_idr"`
	TonnesDelivered  float64            `json:"tonnes_delivered"`
	UnmetTonnes      float64            `json:"unmet_tonnes"`
	UnmetBy          map[string]float64 `json:"unmet_by_commodity"`
	UnmetPenaltyIDR  float64            `json:"unmet_penalty_idr"`
	// ObjectiveIDR is logistics cost plus unmet penalty: the figure
	// LowerBoundIDR bounds.
	ObjectiveIDR     float64        `json:"objective_idr"`
	LowerBoundIDR    float64        `json:"lower_bound_idr"`
	Trucks           int            `json:"trucks"`
	AvgFerryWaitMin  float64        `json:"avg_ferry_wait_min"`
	MaxFerryWaitMin  float64        `json:"max_ferry_wait_min"`
	MaxQueueTrucks   int            `json:"max_queue_trucks"`
	BaselineCostIDR  float64        `json:"baseline_cost_idr"`
	SavingsPct       float64        `json:"savings_pct"`
	TrucksByCrossing map[string]int `json:"trucks_by_crossing"`
	SolveMillis      float64        `json:"solve_ms"`
}

func (s *Server) comparePlans(w http.ResponseWriter, r *http.Request) error {
	var req compareRequest
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return jsonProblem(err, nil, &req)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	var raw struct{ Scenarios []json.RawMessage }
	_ = json.Unmarshal(body, &raw)
	for i, sc := range raw.Scenarios {
		if err := zeroHorizon(sc, fmt.Sprintf("scenarios[%d].", i)); err != nil {
			return err
		}
	}
	if n := len(req.Scenarios); n < 2 || n > MaxCompare {
		return invalid("scenarios", "want 2 to %d scenarios, got %d", MaxCompare, n)
	}
	out := make([]KPI, 0, len(req.Scenarios))
	for i := range req.Scenarios {
		sc := &req.Scenarios[i]
		if sc.Name == "" {
			sc.Name = fmt.Sprintf("scenario %d", i+1)
		}
		p, err := s.runPlan(r, sc)
		if err != nil {
			return planError(err, fmt.Sprintf("scenarios[%d].", i))
		}
		sm := p.Summary
		k := KPI{Scenario: sc.Name, PlanID: p.ID, LogisticsCostIDR: round(sm.LogisticsCostIDR, 0), CostPerTonneIDR: round(sm.CostPerTonneIDR, 0),
			TonnesDelivered: round(sm.TonnesDelivered, 3), UnmetTonnes: round(sm.UnmetTonnes, 3), UnmetBy: sm.UnmetByCommodity,
			UnmetPenaltyIDR: round(sm.UnmetPenaltyIDR, 0), ObjectiveIDR: round(sm.ObjectiveIDR, 0), LowerBoundIDR: round(sm.Bound.LowerBoundIDR, 0),
			Trucks: sm.Trucks, AvgFerryWaitMin: round(sm.AvgFerryWaitMin, 1), MaxFerryWaitMin: round(sm.MaxFerryWaitMin, 1),
			MaxQueueTrucks:  sm.MaxQueueTrucks,
			BaselineCostIDR: round(sm.BaselineCostIDR, 0), SavingsPct: round(sm.SavingsPct, 2), TrucksByCrossing: map[string]int{},
			SolveMillis: round(sm.SolveMillis, 1)}
		for _, sh := range p.Shipments {
			k.TrucksByCrossing[sh.Crossing] += sh.Trucks
		}
		out = append(out, k)
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]any{"scenarios": out})
	return nil
}
