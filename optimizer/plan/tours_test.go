package plan_test

import (
	"errors"
	"testing"

	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/optimizer/vrp"
)

// Every collection problem's solution passes the VRP engine's own
// independent checker.
func TestCollectionToursPassVRPCheck(t *testing.T) {
	m := mustModel(t)
	ps, ss, err := m.CollectionProblems(&plan.Scenario{Start: "2026-03-16", HorizonDays: 2}, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 {
		t.Fatal("no collection problems in the default plan")
	}
	for i, p := range ps {
		if _, err := vrp.Check(p, ss[i]); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
		for _, rt := range ss[i].Routes {
			if max := p.Vehicles[rt.Vehicle].Capacity[0]; max > 5000 {
				t.Errorf("%s: collects with a %d kg class", p.Name, max)
			}
		}
	}
}

// The default plan's tours collect what its shipments pool, and their
// cost is the plan's first mile.
func TestToursDeliverPooledTonnes(t *testing.T) {
	p := solve(t, plan.Scenario{Start: "2026-03-16", HorizonDays: 2}) // solve runs Model.Check
	if len(p.Tours) == 0 {
		t.Fatal("no tours")
	}
	var pooled, toured, cost float64
	for _, s := range p.Shipments {
		for _, pk := range s.CollectedFrom {
			pooled += pk.Tonnes
		}
	}
	for _, tr := range p.Tours {
		toured += tr.Tonnes
		cost += tr.CostIDR
		if tr.Hours <= 0 || tr.Hours > plan.CollectionShiftHours || tr.DistanceKm <= 0 || tr.Trips < 1 {
			t.Errorf("tour %s: %v h, %v km, %d trips", tr.ID, tr.Hours, tr.DistanceKm, tr.Trips)
		}
	}
	if p.Summary.UnroutedPickups != 0 {
		t.Fatalf("%d unrouted pickups", p.Summary.UnroutedPickups)
	}
	if d := toured - pooled; d > 1e-6 || d < -1e-6 {
		t.Errorf("tours collect %v t, shipments pool %v t", toured, pooled)
	}
	if d := cost - p.Summary.FirstMileCostIDR; d > 1e-3 || d < -1e-3 {
		t.Errorf("tours cost %v, first mile %v", cost, p.Summary.FirstMileCostIDR)
	}
}

// Model.Check catches tours that do not match the plan.
func TestCheckRejectsBadTours(t *testing.T) {
	m := mustModel(t)
	sc := plan.Scenario{Start: "2026-03-16", HorizonDays: 1}
	p := solve(t, sc)
	tamper := []struct {
		name string
		do   func(p *plan.Plan)
	}{
		{"a pickup dropped", func(p *plan.Plan) {
			tr := &p.Tours[0]
			// half of the first pickup, consistently within the tour
			half := tr.Stops[0].Cargo[0].Tonnes / 2
			tr.Stops[0].Cargo[0].Tonnes -= half
			tr.Tonnes -= half
			for i := 0; tr.Stops[i].Kind == "pickup"; i++ {
				tr.Stops[i].LoadTonnes -= half
			}
		}},
		{"a cheaper tour", func(p *plan.Plan) { p.Tours[0].CostIDR *= 0.9 }},
		{"a tour removed", func(p *plan.Plan) { p.Tours = p.Tours[1:] }},
		{"overloaded", func(p *plan.Plan) { p.Tours[0].Vehicle = "pickup"; p.Tours[0].Stops[0].Cargo[0].Tonnes += 10 }},
		{"past the shift", func(p *plan.Plan) { p.Tours[0].End = p.Tours[0].End.Add(8 * 3600e9) }},
	}
	for _, tc := range tamper {
		q := clonePlan(p)
		tc.do(q)
		if err := m.Check(&sc, q); !errors.Is(err, plan.ErrCheck) {
			t.Errorf("%s: Check says %v, want ErrCheck", tc.name, err)
		}
	}
	if err := m.Check(&sc, clonePlan(p)); err != nil {
		t.Errorf("untouched copy: %v", err)
	}
}

func clonePlan(p *plan.Plan) *plan.Plan {
	q := *p
	q.Tours = make([]plan.Tour, len(p.Tours))
	for i, tr := range p.Tours {
		tr.Stops = append([]plan.TourStop(nil), tr.Stops...)
		for j := range tr.Stops {
			tr.Stops[j].Cargo = append([]plan.Cargo(nil), tr.Stops[j].Cargo...)
		}
		q.Tours[i] = tr
	}
	return &q
}

// Every tour gets one line from its hub back to its hub through its stops.
func TestTourRoutes(t *testing.T) {
	m := mustModel(t)
	p := solve(t, plan.Scenario{Start: "2026-03-16", HorizonDays: 1})
	lines, err := m.TourRoutes(p.Tours)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != len(p.Tours) {
		t.Fatalf("got %d lines, want %d", len(lines), len(p.Tours))
	}
	for i, l := range lines {
		tr := &p.Tours[i]
		if len(l) < 3 || l[0] != tr.HubPoint || l[len(l)-1] != tr.HubPoint {
			t.Errorf("tour %s: line of %d points from %v to %v, want hub %v at both ends", tr.ID, len(l), l[0], l[len(l)-1], tr.HubPoint)
		}
	}
	if _, err := m.TourRoutes([]plan.Tour{{ID: "x", Vehicle: "no-such", Hub: p.Tours[0].Hub}}); !errors.Is(err, plan.ErrInput) {
		t.Errorf("unknown vehicle: got %v, want ErrInput", err)
	}
}

// The fleet counts a vehicle on every day its round trip touches, and its
// totals agree with the trucks and tours.
func TestFleet(t *testing.T) {
	p := solve(t, plan.Scenario{Start: "2026-03-16", HorizonDays: 2})
	f := p.Summary.Fleet
	if f.LongHaul.Vehicles != p.Summary.Trucks || f.FirstMile.Vehicles != len(p.Tours) {
		t.Errorf("fleet counts %d trucks and %d tours, plan has %d and %d", f.LongHaul.Vehicles, f.FirstMile.Vehicles, p.Summary.Trucks, len(p.Tours))
	}
	dispatched := make([]map[string]int, 2)
	for d := range dispatched {
		dispatched[d] = map[string]int{}
	}
	for _, s := range p.Shipments {
		dispatched[s.Day][s.Vehicle] += s.Trucks
	}
	for _, tr := range p.Tours {
		dispatched[tr.Day][tr.Vehicle]++
	}
	total, busy := 0, 0
	for d, byClass := range dispatched {
		for c, n := range byClass {
			total += n
			if got := f.VehiclesByDay[d][c]; got < n {
				t.Errorf("day %d %s: %d vehicles busy, %d start that day", d, c, got, n)
			}
		}
		for c, n := range f.VehiclesByDay[d] {
			busy += n
			if n > f.PeakVehicles[c] {
				t.Errorf("day %d %s: %d busy above the peak %d", d, c, n, f.PeakVehicles[c])
			}
		}
	}
	// long-haul round trips take more than a day: day-0 trucks are still
	// out on day 1
	if busy <= total {
		t.Errorf("%d vehicle-days for %d vehicles started: no round trip spans two days", busy, total)
	}
	for _, u := range []plan.FleetUse{f.LongHaul, f.FirstMile} {
		if !(u.VehicleKm > 0) || u.EmptyKm < 0 || u.EmptyKm > u.VehicleKm || !(u.VehicleHours > 0) {
			t.Errorf("fleet use %+v", u)
		}
	}
}
