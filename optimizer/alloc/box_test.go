package alloc

import (
	"context"
	"errors"
	"math"
	"math/rand"
	"testing"
)

// TestDualBox solves the oracle days with a box far too narrow (it must
// widen many times), the default box, and a box that never binds (the
// unstabilised method): the plans must keep every bundle, close the gap
// and agree on the optimum.
func TestDualBox(t *testing.T) {
	cases := append([]struct {
		name string
		seed int64
		cfg  dayConfig
	}{}, oracleCases...)
	for seed := int64(20); seed < 30; seed++ {
		rng := rand.New(rand.NewSource(seed))
		cases = append(cases, struct {
			name string
			seed int64
			cfg  dayConfig
		}{"random", seed, smallDay(rng, 2, seed%2 == 0)})
	}
	for _, tc := range cases {
		p := genDay(rand.New(rand.NewSource(tc.seed)), tc.cfg)
		var objs []float64
		for _, scale := range []float64{1e-9, 0, -1} {
			r, err := Solve(context.Background(), p, Options{boxScale: scale})
			if err != nil {
				t.Fatalf("%s seed %d box %g: %v", tc.name, tc.seed, scale, err)
			}
			if err := Verify(p, r, 1e-7); err != nil {
				t.Fatalf("%s seed %d box %g: %v", tc.name, tc.seed, scale, err)
			}
			if r.Gap > 1e-9 || r.LowerBound > r.Objective {
				t.Fatalf("%s seed %d box %g: gap %v, bound %v above objective %v", tc.name, tc.seed, scale, r.Gap, r.LowerBound, r.Objective)
			}
			objs = append(objs, r.Objective)
		}
		for i, z := range objs[:2] {
			if math.Abs(z-objs[2]) > 1e-9*math.Max(1, math.Abs(objs[2])) {
				t.Fatalf("%s seed %d: objective %d got %v, want %v (no box)", tc.name, tc.seed, i, z, objs[2])
			}
		}
	}
}

// TestDualBoxMaxIter stops column generation while the master still buys
// capacity: the returned plan must keep every bundle all the same.
func TestDualBoxMaxIter(t *testing.T) {
	tc := oracleCases[len(oracleCases)-1]
	p := genDay(rand.New(rand.NewSource(tc.seed)), tc.cfg)
	for _, it := range []int{1, 2, 3} {
		r, err := Solve(context.Background(), p, Options{MaxIter: it, boxScale: 1e-9})
		if !errors.Is(err, ErrNotConverged) {
			t.Fatalf("MaxIter %d: got %v, want %v", it, err, ErrNotConverged)
		}
		if err := Verify(p, r, 1e-7); err != nil {
			t.Fatalf("MaxIter %d: %v", it, err)
		}
	}
}
