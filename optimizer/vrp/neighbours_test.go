package vrp

import (
	"context"
	"slices"
	"testing"
)

// Solve must cope with problems whose every job is unassigned up front
// (no client left to build neighbour lists for) or that have one client.
func TestSolveFewClients(t *testing.T) {
	d := NewMatrix(2)
	d.Set(0, 1, 5)
	d.Set(1, 0, 5)
	for _, tc := range []struct {
		demand int64
		routes int
	}{{20, 0}, {5, 1}} {
		p := &Problem{Dims: 1, Durations: d, Distances: d,
			Jobs:     []Job{{ID: "a", Location: 1, Delivery: []int64{tc.demand}}},
			Vehicles: []Vehicle{{ID: "v", Start: 0, End: 0, Capacity: []int64{10}, PerDistance: 1}}}
		sol, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 5})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Check(p, sol); err != nil {
			t.Fatal(err)
		}
		if got := len(sol.Routes); got != tc.routes {
			t.Errorf("demand %d: got %d routes, want %d", tc.demand, got, tc.routes)
		}
	}
}

// The heap selection keeps the Γ best candidates in correlation order,
// as sorting every row would; on a CVRP the lists are then made symmetric
// (HGS-CVRP), the added clients coming after the Γ nearest.
func TestNeighboursMatchSort(t *testing.T) {
	p := readInstance(t, "X-n101-k25.vrp")
	m := compile(p)
	for i := range m.nReg {
		var all []neighbour
		for j := range m.nReg {
			if j != i {
				all = append(all, neighbour{int32(j), m.distAt(m.loc[i], m.loc[j])})
			}
		}
		slices.SortFunc(all, func(a, b neighbour) int {
			if a.less(b) {
				return -1
			}
			return 1
		})
		if got := len(m.neigh[i]); got < 20 {
			t.Fatalf("client %d: got %d neighbours, want at least 20", i, got)
		}
		for x, c := range m.neigh[i][:20] {
			if c != all[x].c {
				t.Fatalf("client %d, neighbour %d: got %d, want %d", i, x, c, all[x].c)
			}
		}
		for _, j := range m.neigh[i] {
			if !slices.Contains(m.neigh[j], int32(i)) {
				t.Fatalf("client %d lists %d, but %d does not list %d", i, j, j, i)
			}
		}
	}
}

// Time windows, shifts or reloads keep the lists one-sided, at Γ.
func TestNeighboursTimedStayGamma(t *testing.T) {
	p := readInstance(t, "X-n101-k25.vrp")
	p.Vehicles[0].Shift = TimeWindow{Start: 0, End: 1e9}
	m := compile(p)
	for i := range m.nReg {
		if got, want := len(m.neigh[i]), 20; got != want {
			t.Fatalf("client %d: got %d neighbours, want %d", i, got, want)
		}
	}
}
