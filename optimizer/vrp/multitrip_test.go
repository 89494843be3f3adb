package vrp

import (
	"context"
	"fmt"
	"testing"
)

// tightShiftProblem is the collection case of issue #11 (old/tours.md): two
// pickups of 1,620 kg at a location 13,053 s from the hub fit one trip of a
// 5,000 kg vehicle, and that trip takes 31,794 s of a 34,200 s shift, so at
// most one reload (1,800 s) would still fit. Allowing more trips must never
// make the search leave them out.
func tightShiftProblem(maxTrips int) *Problem {
	d := NewMatrix(2)
	d.Set(0, 1, 13053)
	d.Set(1, 0, 13053)
	job := func(id string) Job {
		return Job{ID: id, Location: 1, Pickup: []int64{1620}, Service: 2844}
	}
	return &Problem{
		Name: "tight-shift", Dims: 1,
		Jobs:      []Job{job("a"), job("b")},
		Durations: d, Distances: d,
		Vehicles: []Vehicle{{ID: "cdd", Start: 0, End: 0, Capacity: []int64{5000},
			Shift: TimeWindow{21600, 55800}, PerDistance: 1, Count: 2,
			MaxTrips: maxTrips, ReloadTime: 1800}},
	}
}

func TestMultiTripUnusedReloadsAreFree(t *testing.T) {
	for _, trips := range []int{1, 2, 3, 4, 8} {
		t.Run(fmt.Sprintf("trips=%d", trips), func(t *testing.T) {
			p := tightShiftProblem(trips)
			sol, err := Solve(context.Background(), p, Options{Seed: 11, MaxIterations: 40})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Check(p, sol); err != nil {
				t.Fatal(err)
			}
			if got := len(sol.Unassigned); got != 0 {
				t.Fatalf("got %d unassigned (%v), want 0", got, sol.Unassigned)
			}
			if got := len(sol.Routes); got != 1 {
				t.Errorf("got %d routes, want 1 (both pickups fit one trip)", got)
			}
		})
	}
}

// A multi-trip vehicle that serves nobody still holds its parked reload
// visits; the local search must see it as free to open (tryEmpty), or a
// route that overruns its shift can never hand a client to an idle
// vehicle.
func TestTryEmptyOpensIdleMultiTripVehicle(t *testing.T) {
	d := NewMatrix(2)
	d.Set(0, 1, 10000)
	d.Set(1, 0, 10000)
	p := &Problem{Dims: 1, Durations: d, Distances: d,
		Jobs: []Job{{ID: "a", Location: 1, Pickup: []int64{1}, Service: 4000}, {ID: "b", Location: 1, Pickup: []int64{1}, Service: 4000}},
		Vehicles: []Vehicle{{ID: "v", Start: 0, End: 0, Capacity: []int64{10}, Shift: TimeWindow{0, 25000},
			PerDistance: 1, Count: 2, MaxTrips: 3, ReloadTime: 600}}}
	m := compile(p)
	g := newGA(m, 1, false, 8, 12)
	ls := g.ls
	// A late route costs more than a second vehicle's 20,000 of distance.
	ls.wl, ls.ww = g.wl, 100
	routes := make([][]int32, len(m.routeType))
	for c := m.nReg; c < m.nc; c++ {
		routes[m.reloadOf[c]] = append(routes[m.reloadOf[c]], int32(c))
	}
	routes[0] = append(routes[0], 0, 1) // both jobs: 28,000 s of a 25,000 s shift
	ls.load(routes)
	if ls.routes[0].warp == 0 || ls.routes[1].warp != 0 {
		t.Fatalf("setup: got warps %v and %v, want the first route late only", ls.routes[0].warp, ls.routes[1].warp)
	}
	if !ls.tryEmpty(0) {
		t.Fatal("tryEmpty: got no move, want job a moved to the idle vehicle")
	}
	if ls.routeOf[0] == ls.routeOf[1] || ls.routes[0].warp != 0 || ls.routes[1].warp != 0 {
		t.Errorf("got jobs in routes %d and %d with warps %v and %v, want one each and no warp",
			ls.routeOf[0], ls.routeOf[1], ls.routes[0].warp, ls.routes[1].warp)
	}
}
