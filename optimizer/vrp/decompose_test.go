package vrp

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
)

// genCVRP returns a Euclidean CVRP of n clients around a central depot,
// with demands of 1–10 and a capacity of 60.
func genCVRP(n int, seed uint64) *Problem {
	rng := rand.New(rand.NewPCG(seed, 7))
	p := &Problem{Name: "gen", Dims: 1, Euclidean: true}
	p.Coords = append(p.Coords, [2]float64{500, 500})
	for i := range n {
		p.Coords = append(p.Coords, [2]float64{float64(rng.IntN(1001)), float64(rng.IntN(1001))})
		p.Jobs = append(p.Jobs, Job{ID: string(rune('a' + i%26)), Location: i + 1, Delivery: []int64{int64(1 + rng.IntN(10))}})
	}
	p.Vehicles = []Vehicle{{ID: "v", Start: 0, End: 0, Capacity: []int64{60}, PerDistance: 1, Count: n}}
	return p
}

// smallDecomp makes decomposition run on small problems, often and
// briefly, so that tests exercise it in little time.
var smallDecomp = decompConfig{minClients: 200, maxClients: 1 << 30, target: 70, period: 20, iters: 40, stall: 40, init: 2}

// feasibleStart returns a feasible educated individual of g's problem.
func feasibleStart(t *testing.T, g *ga) *indiv {
	t.Helper()
	for range 20 {
		if ind := g.educate(g.sp.split(g.sweepTour(), g.limit, g.wl, g.ww), true); ind.feas {
			return ind
		}
	}
	t.Fatal("no feasible individual")
	return nil
}

// TestDecomposeReassembles decomposes a feasible solution of a generated
// CVRP: the reassembled routes must form a feasible solution (checked by
// Check) no worse than the input, whatever the number of workers, and the
// same for one and two workers.
func TestDecomposeReassembles(t *testing.T) {
	p := genCVRP(220, 1)
	var costs []float64
	for _, workers := range []int{1, 2} {
		m := compile(p) // the local search reorders the neighbour lists
		g := newGA(m, 1, false, 8, 12)
		ind := feasibleStart(t, g)
		d := newDecomposer(smallDecomp, g, workers, func() bool { return true })
		routes, work := d.run(ind, smallDecomp.iters)
		if routes == nil {
			t.Fatalf("workers %d: got no routes", workers)
		}
		if len(d.sub) < 3 {
			t.Errorf("workers %d: got %d subproblems, want at least 3", workers, len(d.sub))
		}
		if work <= 0 || work > smallDecomp.iters {
			t.Errorf("workers %d: got work %d, want in (0, %d]", workers, work, smallDecomp.iters)
		}
		sol := buildSolution(p, m, routes)
		if _, err := Check(p, sol); err != nil {
			t.Fatalf("workers %d: %v", workers, err)
		}
		if len(sol.Unassigned) > 0 {
			t.Fatalf("workers %d: got %d unassigned, want 0", workers, len(sol.Unassigned))
		}
		if sol.Cost > ind.cost+1e-6 {
			t.Errorf("workers %d: got cost %v, want at most the input's %v", workers, sol.Cost, ind.cost)
		}
		costs = append(costs, sol.Cost)
	}
	if costs[0] != costs[1] {
		t.Errorf("got costs %v with 1 and 2 workers, want equal", costs)
	}
}

// TestDecomposable checks which problems are decomposed.
func TestDecomposable(t *testing.T) {
	tw := genCVRP(300, 2)
	tw.Jobs[5].TimeWindows = []TimeWindow{{0, 5000}}
	multi := genCVRP(300, 3)
	multi.Vehicles[0].MaxTrips = 2
	noCoords := genCVRP(300, 4)
	noCoords.Euclidean = false
	noCoords.Distances = NewMatrix(301)
	noCoords.Durations = noCoords.Distances
	noCoords.Coords = nil
	for _, tc := range []struct {
		name string
		p    *Problem
		want bool
	}{
		{"cvrp", genCVRP(300, 1), true},
		{"small", genCVRP(150, 1), false},
		{"time window", tw, false},
		{"multi-trip", multi, false},
		{"no coordinates", noCoords, false},
	} {
		if got := decomposable(compile(tc.p), smallDecomp); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	capped := smallDecomp
	capped.maxClients = 250
	if decomposable(compile(genCVRP(300, 1)), capped) {
		t.Errorf("300 clients above maxClients 250: got true, want false")
	}
}

// TestDecompositionDeterministic solves a generated CVRP twice with
// decomposition on (it must run: the log says so) and two workers, whose
// subproblems are solved in parallel: the same seed and worker count give
// the same solution, which passes Check.
func TestDecompositionDeterministic(t *testing.T) {
	saved := decompDefaults
	decompDefaults = smallDecomp
	defer func() { decompDefaults = saved }()
	p := genCVRP(220, 5)
	for _, workers := range []int{2} {
		var costs [2]float64
		for k := range costs {
			runs := 0
			logf := func(format string, _ ...any) {
				if strings.HasPrefix(format, "decomposition:") {
					runs++
				}
			}
			sol, err := Solve(context.Background(), p, Options{Seed: 2, MaxIterations: 50, PopulationSize: 4, Workers: workers, Logf: logf})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Check(p, sol); err != nil {
				t.Fatalf("workers %d: %v", workers, err)
			}
			if runs == 0 {
				t.Fatalf("workers %d: got no decomposition, want some", workers)
			}
			costs[k] = sol.Cost
		}
		if costs[0] != costs[1] {
			t.Errorf("workers %d: got costs %v and %v, want equal", workers, costs[0], costs[1])
		}
	}
}

// BenchmarkDecompose measures one decomposition (grouping, three
// subproblem solves of 40 iterations, reassembly) of an educated solution
// of a generated 220-client CVRP.
func BenchmarkDecompose(b *testing.B) {
	p := genCVRP(220, 1)
	m := compile(p)
	g := newGA(m, 1, false, 8, 12)
	var ind *indiv
	for ind == nil || !ind.feas {
		ind = g.educate(g.sp.split(g.sweepTour(), g.limit, g.wl, g.ww), true)
	}
	d := newDecomposer(smallDecomp, g, 1, func() bool { return true })
	b.ReportAllocs()
	for b.Loop() {
		if routes, _ := d.run(ind, smallDecomp.iters); routes == nil {
			b.Fatal("no routes")
		}
	}
}
