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
