package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// MaxCompare is the most scenarios one compare request may run.
const MaxCompare = 4

// readScenario decodes an optional scenario body: empty means defaults.
func readScenario(r *http.Request, v any) error {
	_, err := readScenarioBody(r, v)
	return err
}

// readScenarioBody is readScenario that also returns the body as given,
// to store with the plan.
func readScenarioBody(r *http.Request, v any) (json.RawMessage, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, jsonProblem(err, nil, v)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, nil
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err := decodeJSON(r, v); err != nil {
		return nil, err
	}
	return body, zeroHorizon(body, "")
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

// runPlan solves a scenario in a synchronous solve slot and stores the
// plan.
func (s *Server) runPlan(r *http.Request, sc *plan.Scenario, raw json.RawMessage) (*plan.Plan, error) {
	if s.model == nil {
		return nil, unprocessable(TypeUnreachable, "network", "the loaded network cannot be planned: %v", s.noPlans)
	}
	if s.cfg.RemoteSolve {
		return s.remotePlan(r.Context(), raw)
	}
	release, err := s.acquireSolve(r.Context())
	if err != nil {
		return nil, err
	}
	defer release()
	start := time.Now()
	p, err := s.model.Plan(r.Context(), sc, start)
	s.metrics.observeSolve("plan", start, err)
	if err != nil {
		return nil, err
	}
	rec, err := s.record(p, raw)
	if err != nil {
		return nil, err
	}
	rec.Owner = ownerOf(r.Context())
	return p, s.store.SavePlan(r.Context(), rec)
}

func (s *Server) createPlan(w http.ResponseWriter, r *http.Request) error {
	var sc plan.Scenario
	raw, err := readScenarioBody(r, &sc)
	if err != nil {
		return err
	}
	p, err := s.runPlan(r, &sc, raw)
	if err != nil {
		return planError(err, "")
	}
	w.Header().Set("Location", "/v1/plans/"+p.ID)
	writeJSON(w, http.StatusCreated, "application/json", p)
	return nil
}

func (s *Server) getPlan(w http.ResponseWriter, r *http.Request) error {
	p, err := s.storedPlan(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, "application/json", p)
	return nil
}

func (s *Server) planGeoJSON(w http.ResponseWriter, r *http.Request) error {
	_, l, err := s.storedLayers(r)
	if err != nil {
		return err
	}
	p, err := s.storedPlan(r)
	if err != nil {
		return err
	}
	tours, err := s.tourFeatures(p)
	if err != nil {
		return err
	}
	b, err := layersGeoJSON(l, tours...)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/geo+json")
	_, err = w.Write(b)
	return err
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
	FleetKPI
	// Delta is each figure less the first scenario's (absent on the
	// first).
	Delta *KPIDelta `json:"delta,omitempty"`
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
	if s.cfg.RemoteSolve {
		return s.remoteCompare(w, r, &req)
	}
	out, err := compare(&req, func(sc *plan.Scenario) (*plan.Plan, error) {
		raw, err := json.Marshal(sc)
		if err != nil {
			return nil, err
		}
		return s.runPlan(r, sc, raw)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]any{"scenarios": out})
	return nil
}

// compare plans each scenario of a comparison with run and returns their
// KPIs.
func compare(req *compareRequest, run func(*plan.Scenario) (*plan.Plan, error)) ([]KPI, error) {
	if n := len(req.Scenarios); n < 2 || n > MaxCompare {
		return nil, invalid("scenarios", "want 2 to %d scenarios, got %d", MaxCompare, n)
	}
	out := make([]KPI, 0, len(req.Scenarios))
	for i := range req.Scenarios {
		sc := &req.Scenarios[i]
		if sc.Name == "" {
			sc.Name = fmt.Sprintf("scenario %d", i+1)
		}
		p, err := run(sc)
		if err != nil {
			return nil, planError(err, fmt.Sprintf("scenarios[%d].", i))
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
		k.FleetKPI = fleetKPI(p)
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		out[i].Delta = kpiDelta(&out[0], &out[i])
	}
	return out, nil
}
