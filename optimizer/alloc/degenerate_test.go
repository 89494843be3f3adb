package alloc

import (
	"context"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/lumbung-id/lumbung/optimizer/alloc/glpk"
)

// degenerateCases are the edge inputs of issue 16: capacities of zero
// (a shut strait, a deck share of 0), tiny capacities, nothing to ship,
// nothing to supply, no commodities, and commodities without bundles.
var degenerateCases = []struct {
	name   string
	mutate func(p *Problem)
}{
	{"all bundles zero", func(p *Problem) {
		for j := range p.Bundles {
			p.Bundles[j].Cap = 0
		}
	}},
	{"decks zero", func(p *Problem) {
		for j := range p.Bundles {
			if p.Bundles[j].Name == "deck" {
				p.Bundles[j].Cap = 0
			}
		}
	}},
	{"one deck zero", func(p *Problem) { p.Bundles[0].Cap = 0 }},
	{"tiny capacity", func(p *Problem) {
		for j := range p.Bundles {
			p.Bundles[j].Cap *= 1e-6
		}
	}},
	{"nothing demanded", func(p *Problem) {
		for k := range p.Commodities {
			p.Commodities[k].Demand = nil
		}
	}},
	{"nothing supplied", func(p *Problem) {
		for k := range p.Commodities {
			clear(p.Commodities[k].Supply)
		}
	}},
	{"no commodities", func(p *Problem) {
		p.Commodities = nil
		for j := range p.Bundles {
			p.Bundles[j].Terms = nil
		}
	}},
	{"zero bundle without terms", func(p *Problem) {
		p.Bundles = append(p.Bundles, Bundle{Name: "empty"})
	}},
	{"zero weights on a zero bundle", func(p *Problem) {
		p.Bundles[0].Cap = 0
		for i := range p.Bundles[0].Terms {
			p.Bundles[0].Terms[i].Weight = 0
		}
	}},
	{"zero penalty", func(p *Problem) {
		for k := range p.Commodities {
			p.Commodities[k].Penalty = 0
		}
	}},
}

// TestDegenerateOracles solves every degenerate case with and without the
// zero-capacity presolve (so that zero bundles also go through the master
// LP) and checks both against gonum's simplex and, where installed, GLPK.
func TestDegenerateOracles(t *testing.T) {
	_, glpErr := glpk.Path()
	if glpErr != nil && os.Getenv("CI") == "true" {
		t.Fatalf("glpsol not on PATH in CI: %v", glpErr)
	}
	dir := t.TempDir()
	for _, tc := range degenerateCases {
		for seed := int64(1); seed <= 3; seed++ {
			rng := rand.New(rand.NewSource(200 + seed))
			p := genDay(rng, smallDay(rng, 1, seed%2 == 0))
			tc.mutate(p)
			var objs [2]float64
			for i, keep := range []bool{false, true} {
				r, err := Solve(context.Background(), p, Options{keepClosed: keep})
				if err != nil {
					t.Fatalf("%s seed %d keepClosed=%v: %v", tc.name, seed, keep, err)
				}
				if err := Verify(p, r, 1e-7); err != nil {
					t.Fatalf("%s seed %d keepClosed=%v: %v", tc.name, seed, keep, err)
				}
				if r.Gap > 1e-9 {
					t.Fatalf("%s seed %d keepClosed=%v: gap got %v, want <= 1e-9", tc.name, seed, keep, r.Gap)
				}
				objs[i] = r.Objective
			}
			if !approxEq(objs[0], objs[1]) {
				t.Fatalf("%s seed %d: presolved %v, through the master %v", tc.name, seed, objs[0], objs[1])
			}
			full := buildFullLP(p)
			if len(full.cost) == 0 {
				if objs[0] != 0 {
					t.Fatalf("%s seed %d: objective got %v, want 0 (no variables)", tc.name, seed, objs[0])
				}
				continue
			}
			if want, err := gonumObjective(full); err == nil {
				if !approxEq(objs[0], want) {
					t.Fatalf("%s seed %d: objective got %v, want %v (gonum)", tc.name, seed, objs[0], want)
				}
			} else if !gonumGaveUp(err) {
				t.Fatalf("%s seed %d: gonum: %v", tc.name, seed, err)
			}
			if glpErr != nil {
				continue
			}
			path := filepath.Join(dir, "day.lp")
			if err := full.writeCPLEX(path); err != nil {
				t.Fatal(err)
			}
			want, err := glpk.Objective(path)
			if err != nil {
				t.Fatalf("%s seed %d: %v", tc.name, seed, err)
			}
			if !approxEq(objs[0], want) {
				t.Fatalf("%s seed %d: objective got %v, want %v (glpsol)", tc.name, seed, objs[0], want)
			}
		}
	}
}

func approxEq(got, want float64) bool {
	return math.Abs(got-want) <= 1e-6*math.Max(1, math.Abs(want))
}

// TestClosedBundleDual checks the shadow price of a presolved
// zero-capacity bundle against the right derivative of the optimum: the
// objective with a little capacity, minus the objective with none, per
// unit (equal when no other bundle binds, an optimal dual beyond it
// otherwise).
func TestClosedBundleDual(t *testing.T) {
	p := twoFarms()
	p.Bundles[0].Cap = 0
	r, err := Solve(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The first deck truck carries 5 t of corn that would go unmet
	// (1000/t) for 15/t: it is worth 4925.
	if got, want := r.BundleDual[0], -4925.0; math.Abs(got-want) > 1e-6 {
		t.Fatalf("zero deck dual: got %v, want %v", got, want)
	}
	checked := 0
	for seed := int64(1); seed <= 8; seed++ {
		rng := rand.New(rand.NewSource(300 + seed))
		cfg := smallDay(rng, 2, seed%2 == 0)
		p := genDay(rng, cfg)
		j := rng.Intn(cfg.Services) // a deck
		p.Bundles[j].Cap = 0
		r0, err := Solve(context.Background(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		const eps = 1e-4
		p.Bundles[j].Cap = eps
		r1, err := Solve(context.Background(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := (r1.Objective - r0.Objective) / eps
		tol := 1e-4 * math.Max(1, math.Abs(want))
		switch got := r0.BundleDual[j]; {
		case r0.Iterations == 0 && math.Abs(got-want) > tol:
			t.Fatalf("seed %d: dual of closed deck %d: got %v, want %v (finite difference)", seed, j, got, want)
		case got > want+tol:
			// With other bundles binding the dual is one optimal dual,
			// at or beyond the right derivative.
			t.Fatalf("seed %d: dual of closed deck %d: got %v, want <= %v (finite difference)", seed, j, got, want)
		}
		if want < -1 {
			checked++
		}
	}
	if checked < 4 {
		t.Fatalf("closed decks worth something: got %d, want >= 4", checked)
	}
}
