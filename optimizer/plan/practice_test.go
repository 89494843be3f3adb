package plan_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// TestTodaysPractice: over the range of today's-practice assumptions the
// plan stays the same, today's practice costs more, the first three steps
// of the waterfall only save and all four add up to the savings.
func TestTodaysPractice(t *testing.T) {
	ints := func(a, b int) (*int, *int) { return &a, &b }
	res6, hold0 := ints(6, 0)
	res4, hold4 := ints(4, 4)
	cases := []struct {
		name string
		b    *plan.Baseline
	}{
		{"dataset", nil},
		{"no consolidation, daily trucks", &plan.Baseline{CollectorRes: res6, MaxHoldDays: hold0}},
		{"regency collectors, 4-day holds", &plan.Baseline{CollectorRes: res4, MaxHoldDays: hold4}},
		{"big trucks, 1 h queue", &plan.Baseline{Vehicles: []string{"tronton", "reefer-fuso"}, QueueHours: 1}},
	}
	var first *plan.Plan
	costs := map[float64]string{}
	for _, c := range cases {
		p := solve(t, plan.Scenario{Start: "2026-03-16", HorizonDays: 2, Baseline: c.b})
		s := p.Summary
		if first == nil {
			first = p
		} else if s.LogisticsCostIDR != first.Summary.LogisticsCostIDR {
			t.Errorf("%s: plan cost %v, want %v: the baseline must not change the plan", c.name, s.LogisticsCostIDR, first.Summary.LogisticsCostIDR)
		}
		if s.BaselineCostIDR <= s.LogisticsCostIDR {
			t.Errorf("%s: today's practice %v not above the plan's %v", c.name, s.BaselineCostIDR, s.LogisticsCostIDR)
		}
		b := s.SavingsBreakdown
		if b.VehicleSizing < 0 || b.CrossingChoice < 0 || b.Slotting < 0 {
			t.Errorf("%s: steps before the plan must only save: %+v", c.name, b)
		}
		if sum := b.VehicleSizing + b.CrossingChoice + b.Slotting + b.BuyerChoice; abs(sum-s.SavingsIDR) > 1e-6*s.BaselineCostIDR {
			t.Errorf("%s: waterfall %v, want savings %v", c.name, sum, s.SavingsIDR)
		}
		if ab := p.Assumptions.Baseline; ab.CollectorRes == nil || ab.MaxHoldDays == nil {
			t.Errorf("%s: assumptions do not state the collectors' rule: %+v", c.name, ab)
		}
		if prev, dup := costs[s.BaselineCostIDR]; dup {
			t.Errorf("%s: same baseline cost as %s: the assumption has no effect", c.name, prev)
		}
		costs[s.BaselineCostIDR] = c.name
	}
	if ab := first.Assumptions.Baseline; *ab.CollectorRes != 5 || *ab.MaxHoldDays != 2 || ab.VehiclesByCommodity["rice"] != "fuso" {
		t.Errorf("dataset baseline %+v, want res-5 collectors, 2-day holds, rice by fuso", ab)
	}
}

func TestInvalidBaseline(t *testing.T) {
	m := mustModel(t)
	ints := func(a, b int) (*int, *int) { return &a, &b }
	res7, hold9 := ints(7, 9)
	tests := []struct {
		name  string
		b     plan.Baseline
		field string
	}{
		{"collector res finer than clusters", plan.Baseline{CollectorRes: res7}, "baseline.collector_res"},
		{"hold days", plan.Baseline{MaxHoldDays: hold9}, "baseline.max_hold_days"},
		{"unknown vehicle", plan.Baseline{Vehicles: []string{"becak"}}, "baseline.vehicles[0]"},
		{"unknown commodity", plan.Baseline{VehiclesByCommodity: map[string]string{"durian": "cdd"}}, "baseline.vehicles_by_commodity.durian"},
		{"chicken without a reefer", plan.Baseline{VehiclesByCommodity: map[string]string{"chicken": "cdd"}}, "baseline.vehicles_by_commodity.chicken"},
		{"queue", plan.Baseline{QueueHours: 100}, "baseline.queue_hours"},
	}
	for _, tt := range tests {
		sc := plan.Scenario{Baseline: &tt.b}
		_, err := m.Plan(context.Background(), &sc, now)
		var fe *plan.FieldError
		if !errors.As(err, &fe) || fe.Field != tt.field || !errors.Is(err, plan.ErrInvalid) {
			t.Errorf("%s: got %v, want a FieldError on %q", tt.name, err, tt.field)
		}
	}
}
