package vrp

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// iterations solves p and returns the solution, the number of iterations
// the search ran (from its closing progress line) and the iteration of its
// last improvement.
func iterations(t *testing.T, p *Problem, opts Options) (sol *Solution, ran, last int) {
	t.Helper()
	opts.Logf = func(format string, args ...any) {
		if strings.HasPrefix(format, "done:") {
			ran = args[0].(int)
		}
	}
	opts.OnImprove = func(im Improvement) { last = im.Iteration }
	sol, err := Solve(context.Background(), p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(p, sol); err != nil {
		t.Fatal(err)
	}
	return sol, ran, last
}

func TestStallIterations(t *testing.T) {
	p := readInstance(t, "X-n101-k25.vrp")
	const stall = 5
	sol, ran, last := iterations(t, p, Options{Seed: 3, MaxIterations: 400, StallIterations: stall})
	if got, want := ran, last+stall; got != want {
		t.Errorf("iterations: got %v, want %v (last improvement %d + %d)", got, want, last, stall)
	}
	if ran >= 400 {
		t.Fatalf("the stall limit never stopped the search (%d iterations)", ran)
	}
	// Stopping on a stall is stopping at that iteration: the same search
	// capped there returns the same solution.
	capped, _, _ := iterations(t, p, Options{Seed: 3, MaxIterations: ran})
	if !reflect.DeepEqual(sol, capped) {
		t.Errorf("stalled solve (cost %v) differs from the solve capped at %d iterations (cost %v)", sol.Cost, ran, capped.Cost)
	}
	again, _, _ := iterations(t, p, Options{Seed: 3, MaxIterations: 400, StallIterations: stall})
	if !reflect.DeepEqual(sol, again) {
		t.Errorf("determinism: got cost %v, want %v", again.Cost, sol.Cost)
	}
}

func TestStallIterationsWithoutFeasible(t *testing.T) {
	// One vehicle of capacity 10 for four clients of 6: no solution serves
	// them all, so the stall counts the penalised cost's progress and the
	// search still stops well before its iteration limit.
	p := &Problem{Dims: 1, Durations: NewMatrix(5), Distances: NewMatrix(5)}
	for i := range 5 {
		for j := range 5 {
			if i != j {
				p.Durations.Set(i, j, float64(10*(i+j)))
				p.Distances.Set(i, j, float64(10*(i+j)))
			}
		}
	}
	for i := 1; i <= 4; i++ {
		p.Jobs = append(p.Jobs, Job{Location: i, Pickup: []int64{6}})
	}
	p.Vehicles = []Vehicle{{Capacity: []int64{10}, PerDistance: 1}}
	sol, ran, _ := iterations(t, p, Options{Seed: 1, MaxIterations: 1000, StallIterations: 10})
	if ran >= 1000 {
		t.Errorf("iterations: got %v, want fewer than the limit", ran)
	}
	if got, want := len(sol.Unassigned), 3; got != want {
		t.Errorf("unassigned: got %v, want %v", got, want)
	}
}
