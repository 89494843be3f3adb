package corridor_test

import (
	"context"
	"testing"
	"time"

	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// TestPlanArrivalsRespectRestrictions plans the same day on the default
// corridor with and without its road restrictions. The allocation prices
// lanes without a clock, so both plans ship the same loads; with
// restrictions, a truck that reaches Jakarta inside a window arrives later
// (it waits or detours), and never earlier.
func TestPlanArrivalsRespectRestrictions(t *testing.T) {
	c, cf := withoutRestrictions(t)
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	run := func(c *corridor.Corridor) *plan.Plan {
		m, err := c.Planner()
		if err != nil {
			t.Fatal(err)
		}
		sc := &plan.Scenario{Start: "2026-12-07", HorizonDays: 1}
		p, err := m.Plan(context.Background(), sc, now)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	with, without := run(c), run(cf)
	if len(with.Shipments) != len(without.Shipments) {
		t.Fatalf("got %d shipments with restrictions, %d without: the allocation should not see them", len(with.Shipments), len(without.Shipments))
	}
	later := 0
	for i, s := range with.Shipments {
		o := without.Shipments[i]
		if s.Buyer != o.Buyer || s.Vehicle != o.Vehicle || s.Trucks != o.Trucks || !s.Departure.Equal(o.Departure) {
			t.Fatalf("shipment %d differs beyond its arrival: %+v vs %+v", i, s, o)
		}
		switch {
		case s.Arrival.Before(o.Arrival):
			t.Errorf("shipment %d arrives at %s with restrictions, earlier than %s without", i, s.Arrival, o.Arrival)
		case s.Arrival.After(o.Arrival):
			later++
		}
	}
	t.Logf("%d of %d shipments arrive later because of Jakarta's truck restrictions", later, len(with.Shipments))
	if later == 0 {
		t.Error("no shipment was delayed by the restrictions")
	}
}
