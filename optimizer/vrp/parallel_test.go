package vrp

import (
	"context"
	"strings"
	"testing"
)

// TestWorkersDeterministic solves with two workers twice: the same seed and
// worker count give the same solution whatever the scheduling, and it
// passes Check. The run has the race detector's attention in CI.
func TestWorkersDeterministic(t *testing.T) {
	for _, tc := range []struct {
		file string
		opts Options
	}{
		{"X-n101-k25.vrp", Options{Seed: 3, MaxIterations: 120, Workers: 2}},
		{"R101.txt", Options{Seed: 3, MaxIterations: 60, Workers: 2, MinimizeVehicles: true}},
		{"RC201.txt", Options{Seed: 5, MaxIterations: 60, Workers: 3}},
	} {
		p := readInstance(t, tc.file)
		var costs [2]float64
		for k := range costs {
			sol, err := Solve(context.Background(), p, tc.opts)
			if err != nil {
				t.Fatalf("%s: %v", tc.file, err)
			}
			if _, err := Check(p, sol); err != nil {
				t.Fatalf("%s: %v", tc.file, err)
			}
			if len(sol.Unassigned) > 0 {
				t.Fatalf("%s: %d unassigned", tc.file, len(sol.Unassigned))
			}
			costs[k] = sol.Cost
		}
		if costs[0] != costs[1] {
			t.Errorf("%s: got costs %v and %v, want equal", tc.file, costs[0], costs[1])
		}
	}
}

// TestWorkersIterationLimit checks that a batch of offspring never runs
// past MaxIterations, with a limit that is not a multiple of the worker
// count.
func TestWorkersIterationLimit(t *testing.T) {
	p := readInstance(t, "X-n101-k25.vrp")
	var done int
	logf := func(format string, a ...any) {
		if strings.HasPrefix(format, "done: ") {
			done = a[0].(int)
		}
	}
	sol, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 37, Workers: 4, Logf: logf})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(p, sol); err != nil {
		t.Fatal(err)
	}
	if done != 37 {
		t.Errorf("iterations: got %d, want 37", done)
	}
}
