package alloc

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// twoFarms is a tiny instance: two commodities from farm 0 to buyer 2 over
// a ferry arc (0->1, cheap) or a detour (0->2 direct, expensive); the ferry
// deck holds 10 trucks; rice needs 1 truck per 10 t, corn 1 per 5 t.
func twoFarms() *Problem {
	inf := math.Inf(1)
	return &Problem{
		Nodes: 3,
		Arcs:  []Arc{{0, 1}, {1, 2}, {0, 2}},
		Commodities: []Commodity{
			{Name: "rice", Cost: []float64{10, 5, 40}, Supply: []float64{100, 0, 0}, Demand: []float64{0, 0, 80}, Penalty: 1000},
			{Name: "corn", Cost: []float64{10, 5, 30}, Cap: []float64{inf, inf, 10}, Supply: []float64{30, 0, 0}, Demand: []float64{0, 0, 30}, Penalty: 1000},
		},
		Bundles: []Bundle{{Name: "deck", Cap: 10, Terms: []Term{{0, 0, 0.1}, {1, 0, 0.2}}}},
	}
}

func TestSolveTable(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(p *Problem)
		wantObj float64
		wantIt0 bool // expect the no-binding short circuit
		wantErr error
	}{
		// Deck is 10 trucks: each deck truck saves 250 on rice (per 10 t,
		// 25/t) or 75 on corn (per 5 t, 15/t); rice gets all of it, corn
		// uses the direct arc up to 10 t and the rest goes unmet... or not:
		// unmet costs 1000/t, so corn takes what deck is left.
		// Optimum: 10 t corn direct (300), 20 t corn by ferry (4 trucks,
		// 300), 60 t rice by ferry (6 trucks, 900), 20 t rice direct (800).
		{name: "binding deck", mutate: func(*Problem) {}, wantObj: 300 + 300 + 900 + 800},
		{name: "no bundles", mutate: func(p *Problem) { p.Bundles = nil }, wantObj: 80*15 + 30*15, wantIt0: true},
		{name: "loose deck", mutate: func(p *Problem) { p.Bundles[0].Cap = 100 }, wantObj: 80*15 + 30*15, wantIt0: true},
		{name: "zero deck", mutate: func(p *Problem) { p.Bundles[0].Cap = 0 }, wantObj: 80*40 + 10*30 + 20*1000, wantIt0: true},
		{name: "forbidden ferry for corn", mutate: func(p *Problem) {
			p.Commodities[1].Cost[0] = math.Inf(1)
		}, wantObj: 80*15 + 10*30 + 20*1000, wantIt0: true},
		{name: "negative cost", mutate: func(p *Problem) { p.Commodities[0].Cost[1] = -1 }, wantErr: ErrInvalid},
		{name: "bad bundle arc", mutate: func(p *Problem) { p.Bundles[0].Terms[0].Arc = 7 }, wantErr: ErrInvalid},
		{name: "bad supply length", mutate: func(p *Problem) { p.Commodities[1].Supply = []float64{1} }, wantErr: ErrInvalid},
		{name: "infinite penalty", mutate: func(p *Problem) { p.Commodities[1].Penalty = math.Inf(1) }, wantErr: ErrInvalid},
		{name: "bad arc end", mutate: func(p *Problem) { p.Arcs[2].Head = 3 }, wantErr: ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := twoFarms()
			tc.mutate(p)
			r, err := Solve(context.Background(), p, Options{})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err: got %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if math.Abs(r.Objective-tc.wantObj) > 1e-9*tc.wantObj {
				t.Fatalf("objective: got %v, want %v", r.Objective, tc.wantObj)
			}
			if got := r.Iterations == 0; got != tc.wantIt0 {
				t.Fatalf("short circuit: got %v, want %v", got, tc.wantIt0)
			}
			if err := Verify(p, r, 1e-9); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestBindingDeckDual(t *testing.T) {
	p := twoFarms()
	r, err := Solve(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// One more deck truck moves 10 t of rice off the 40/t detour onto the
	// 15/t ferry path: the objective falls by 250.
	if math.Abs(r.BundleDual[0]-(-250)) > 1e-6 {
		t.Fatalf("deck dual: got %v, want %v", r.BundleDual[0], -250.0)
	}
	if math.Abs(r.Unmet[1][2]) > 1e-9 || math.Abs(r.Unmet[0][2]) > 1e-9 {
		t.Fatalf("unmet: got %v, want all zero", r.Unmet)
	}
	if r.Gap > 1e-9 {
		t.Fatalf("gap: got %v, want <= 1e-9", r.Gap)
	}
}

func TestVerifyRejects(t *testing.T) {
	p := twoFarms()
	r, err := Solve(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		mutate func(r *Result)
	}{
		{"bundle overload", func(r *Result) { r.Flow[0][0] += 20; r.Flow[0][1] += 20; r.Flow[0][2] -= 20; r.BundleLoad = nil }},
		{"conservation", func(r *Result) { r.Flow[1][1] += 1 }},
		{"capacity", func(r *Result) { r.Flow[1][2] = 11; r.Flow[1][0] = 19; r.Flow[1][1] = 19 }},
		{"objective", func(r *Result) { r.Objective += 1 }},
		{"lower bound", func(r *Result) { r.LowerBound = r.Objective + 10 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := cloneResult(r)
			tc.mutate(c)
			if err := Verify(p, c, 1e-9); err == nil {
				t.Fatalf("Verify: got nil, want an error")
			}
		})
	}
}

func cloneResult(r *Result) *Result {
	c := *r
	c.Flow = make([][]float64, len(r.Flow))
	for k := range r.Flow {
		c.Flow[k] = append([]float64(nil), r.Flow[k]...)
	}
	c.Unmet = make([][]float64, len(r.Unmet))
	for k := range r.Unmet {
		c.Unmet[k] = append([]float64(nil), r.Unmet[k]...)
	}
	return &c
}

func TestParallelMatchesSerial(t *testing.T) {
	p := genDay(rand.New(rand.NewSource(21)), dayConfig{Supplies: 200, Ports: 2, Classes: 4, Services: 4, Buyers: 8, Commodities: 6, Tight: 0.5})
	a, err := Solve(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Solve(context.Background(), p, Options{Parallel: 2})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(a.Objective-b.Objective) > 1e-9*a.Objective {
		t.Fatalf("objective: got %v, want %v", b.Objective, a.Objective)
	}
	if err := Verify(p, b, 1e-7); err != nil {
		t.Fatal(err)
	}
}

func TestContextCanceled(t *testing.T) {
	p := genDay(rand.New(rand.NewSource(3)), oracleCases[3].cfg)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Solve(ctx, p, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err: got %v, want %v", err, context.Canceled)
	}
}

func ExampleSolve() {
	p := twoFarms()
	r, err := Solve(context.Background(), p, Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("cost %.0f, deck load %.0f trucks, deck price %.0f per truck\n",
		r.Objective, r.BundleLoad[0], -r.BundleDual[0])
	fmt.Printf("rice by ferry %.0f t, corn by ferry %.0f t\n", r.Flow[0][0], r.Flow[1][0])
	// Output:
	// cost 2300, deck load 10 trucks, deck price 250 per truck
	// rice by ferry 60 t, corn by ferry 20 t
}

// TestStartDuals: a warm start from any duals (optimal, of another day,
// nonsense) reaches the same optimum.
func TestStartDuals(t *testing.T) {
	for _, tc := range oracleCases {
		p := genDay(rand.New(rand.NewSource(tc.seed)), tc.cfg)
		cold, err := Solve(context.Background(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		other := genDay(rand.New(rand.NewSource(tc.seed+100)), tc.cfg)
		prev, err := Solve(context.Background(), other, Options{})
		if err != nil {
			t.Fatal(err)
		}
		huge := make([]float64, len(p.Bundles))
		for j := range huge {
			huge[j] = -1e12
		}
		huge[0] = math.NaN()
		for name, start := range map[string][]float64{"optimal": cold.BundleDual, "other day": prev.BundleDual,
			"nonsense": huge, "wrong length": {1, 2}} {
			r, err := Solve(context.Background(), p, Options{StartDuals: start})
			if err != nil {
				t.Fatalf("%s %s: %v", tc.name, name, err)
			}
			if err := Verify(p, r, 1e-7); err != nil {
				t.Fatalf("%s %s: %v", tc.name, name, err)
			}
			if math.Abs(r.Objective-cold.Objective) > 1e-8*math.Max(1, math.Abs(cold.Objective)) || r.Gap > 1e-9 {
				t.Fatalf("%s %s: objective got %v (gap %v), want %v", tc.name, name, r.Objective, r.Gap, cold.Objective)
			}
		}
	}
}
