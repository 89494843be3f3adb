package mcf

import (
	"errors"
	"fmt"
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
	gonumlp "gonum.org/v1/gonum/optimize/convex/lp"
)

// checkSolution is an independent validator: bounds, conservation,
// objective and reduced-cost optimality conditions from the potentials.
func checkSolution(t *testing.T, nw *Network, r *Result) {
	t.Helper()
	m := len(nw.Tail)
	bal := make([]float64, nw.Nodes)
	var obj, scale float64
	for a := 0; a < m; a++ {
		f := r.Flow[a]
		u := math.Inf(1)
		if nw.Cap != nil {
			u = nw.Cap[a]
		}
		if f < -1e-9 || f > u+1e-9 {
			t.Fatalf("arc %d: flow %v outside [0,%v]", a, f, u)
		}
		bal[nw.Tail[a]] += f
		bal[nw.Head[a]] -= f
		obj += nw.Cost[a] * f
		scale = math.Max(scale, math.Abs(nw.Cost[a]))
		rc := nw.Cost[a] - r.Potential[nw.Tail[a]] + r.Potential[nw.Head[a]]
		tol := 1e-7 * math.Max(1, scale)
		if f < u-1e-9 && rc < -tol {
			t.Fatalf("arc %d: flow %v below cap %v but reduced cost %v < 0", a, f, u, rc)
		}
		if f > 1e-9 && rc > tol {
			t.Fatalf("arc %d: flow %v > 0 but reduced cost %v > 0", a, f, rc)
		}
	}
	for v := 0; v < nw.Nodes; v++ {
		b := 0.0
		if nw.Supply != nil {
			b = nw.Supply[v]
		}
		if math.Abs(bal[v]-b) > 1e-7 {
			t.Fatalf("node %d: net outflow %v, want %v", v, bal[v], b)
		}
	}
	if math.Abs(obj-r.Objective) > 1e-9*math.Max(1, math.Abs(obj)) {
		t.Fatalf("objective: got %v, want recomputed %v", r.Objective, obj)
	}
}

func TestSolveTable(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name    string
		nw      Network
		wantObj float64
		wantErr error
	}{
		{
			name: "two paths, cheap one capacitated",
			nw: Network{Nodes: 4, Tail: []int{0, 0, 1, 2}, Head: []int{1, 2, 3, 3},
				Cost: []float64{1, 2, 1, 2}, Cap: []float64{3, inf, 3, inf}, Supply: []float64{5, 0, 0, -5}},
			wantObj: 3*2 + 2*4,
		},
		{
			name:    "empty network",
			nw:      Network{Nodes: 0},
			wantObj: 0,
		},
		{
			name: "infeasible: capacity too small",
			nw: Network{Nodes: 2, Tail: []int{0}, Head: []int{1}, Cost: []float64{1},
				Cap: []float64{1}, Supply: []float64{2, -2}},
			wantErr: ErrInfeasible,
		},
		{
			name: "infeasible: unbalanced",
			nw: Network{Nodes: 2, Tail: []int{0}, Head: []int{1}, Cost: []float64{1},
				Supply: []float64{2, -1}},
			wantErr: ErrInfeasible,
		},
		{
			name: "unbounded negative cycle",
			nw: Network{Nodes: 3, Tail: []int{0, 1, 2}, Head: []int{1, 2, 0}, Cost: []float64{1, -3, 1},
				Supply: []float64{0, 0, 0}},
			wantErr: ErrUnbounded,
		},
		{
			name: "negative cycle with finite capacity",
			nw: Network{Nodes: 3, Tail: []int{0, 1, 2}, Head: []int{1, 2, 0}, Cost: []float64{1, -3, 1},
				Cap: []float64{2, 2, 2}, Supply: []float64{0, 0, 0}},
			wantObj: -2,
		},
		{
			name: "bad arc end point",
			nw: Network{Nodes: 2, Tail: []int{0}, Head: []int{5}, Cost: []float64{1},
				Supply: []float64{0, 0}},
			wantErr: ErrInvalid,
		},
		{
			name: "zero capacity arc",
			nw: Network{Nodes: 2, Tail: []int{0, 0}, Head: []int{1, 1}, Cost: []float64{-5, 1},
				Cap: []float64{0, inf}, Supply: []float64{1, -1}},
			wantObj: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Solve(&tc.nw)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err: got %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if math.Abs(r.Objective-tc.wantObj) > 1e-9 {
				t.Fatalf("objective: got %v, want %v", r.Objective, tc.wantObj)
			}
			checkSolution(t, &tc.nw, r)
		})
	}
}

// randomNetwork builds a connected, feasible network: a directed
// uncapacitated ring through all nodes plus random capacitated arcs.
func randomNetwork(rng *rand.Rand, n, extra int, negative bool) *Network {
	nw := &Network{Nodes: n, Supply: make([]float64, n)}
	add := func(t, h int, c, u float64) {
		nw.Tail = append(nw.Tail, t)
		nw.Head = append(nw.Head, h)
		nw.Cost = append(nw.Cost, c)
		nw.Cap = append(nw.Cap, u)
	}
	for v := 0; v < n; v++ {
		add(v, (v+1)%n, 50+float64(rng.Intn(50)), math.Inf(1))
	}
	for i := 0; i < extra; i++ {
		t, h := rng.Intn(n), rng.Intn(n)
		if t == h {
			continue
		}
		c := float64(rng.Intn(40))
		if negative {
			c -= 5
		}
		u := float64(1 + rng.Intn(20))
		if rng.Intn(4) == 0 {
			u = math.Inf(1)
			if c < 0 {
				c = -c
			}
		}
		add(t, h, c+0.25*float64(rng.Intn(4)), u)
	}
	var sum float64
	for v := 0; v < n-1; v++ {
		if rng.Intn(2) == 0 {
			b := float64(rng.Intn(30) - 15)
			nw.Supply[v] = b
			sum += b
		}
	}
	nw.Supply[n-1] = -sum
	return nw
}

// gonumObjective solves the network LP with gonum's dense simplex.
func gonumObjective(nw *Network) (float64, error) {
	m := len(nw.Tail)
	var capArcs []int
	for a := 0; a < m; a++ {
		if !math.IsInf(nw.Cap[a], 1) {
			capArcs = append(capArcs, a)
		}
	}
	// The last conservation row is redundant on a connected network.
	rows := nw.Nodes - 1 + len(capArcs)
	cols := m + len(capArcs)
	A := mat.NewDense(rows, cols, nil)
	b := make([]float64, rows)
	c := make([]float64, cols)
	copy(c, nw.Cost)
	for a := 0; a < m; a++ {
		if nw.Tail[a] < nw.Nodes-1 {
			A.Set(nw.Tail[a], a, 1)
		}
		if nw.Head[a] < nw.Nodes-1 {
			A.Set(nw.Head[a], a, -1)
		}
	}
	copy(b, nw.Supply[:nw.Nodes-1])
	for i, a := range capArcs {
		r := nw.Nodes - 1 + i
		A.Set(r, a, 1)
		A.Set(r, m+i, 1)
		b[r] = nw.Cap[a]
	}
	z, _, err := gonumlp.Simplex(c, A, b, 1e-10, nil)
	return z, err
}

func TestRandomAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for it := 0; it < 60; it++ {
		n := 3 + rng.Intn(10)
		nw := randomNetwork(rng, n, 2*n+rng.Intn(3*n), it%3 == 0)
		r, err := Solve(nw)
		if err != nil {
			t.Fatalf("instance %d: %v", it, err)
		}
		checkSolution(t, nw, r)
		want, err := gonumObjective(nw)
		if err != nil {
			t.Fatalf("instance %d: gonum: %v", it, err)
		}
		if math.Abs(r.Objective-want) > 1e-7*math.Max(1, math.Abs(want)) {
			t.Fatalf("instance %d: objective got %v, want %v", it, r.Objective, want)
		}
	}
}

func TestWarmStartMatchesCold(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for it := 0; it < 20; it++ {
		nw := randomNetwork(rng, 40+rng.Intn(60), 400, false)
		s, err := NewSolver(nw)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Solve(); err != nil {
			t.Fatal(err)
		}
		for round := 0; round < 4; round++ {
			for a := range nw.Cost {
				if rng.Intn(3) == 0 {
					nw.Cost[a] = float64(rng.Intn(100)) + 0.5
					s.SetCost(a, nw.Cost[a])
				}
			}
			warmMatchesCold(t, s, nw, it, round)
		}
	}
}

// warmMatchesCold re-solves s (whose costs the caller changed as in nw)
// and checks its optimum by reduced costs and against a cold solve.
func warmMatchesCold(t *testing.T, s *Solver, nw *Network, it, round int) {
	t.Helper()
	if err := s.Solve(); err != nil {
		t.Fatalf("instance %d round %d: %v", it, round, err)
	}
	warm := &Result{Flow: s.Flow(nil), Potential: s.Potential(nil), Objective: s.Objective()}
	checkSolution(t, nw, warm)
	cold, err := Solve(nw)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(warm.Objective-cold.Objective) > 1e-9*math.Max(1, math.Abs(cold.Objective)) {
		t.Fatalf("instance %d round %d: warm objective got %v, want %v", it, round, warm.Objective, cold.Objective)
	}
}

// TestPooledCold checks cold solves priced from the pool (SetPoolCold)
// against block search on random networks, feasible or not.
func TestPooledCold(t *testing.T) {
	rng := rand.New(rand.NewSource(16))
	for it := 0; it < 80; it++ {
		n := 3 + rng.Intn(60)
		nw := randomNetwork(rng, n, 2*n+rng.Intn(6*n), it%3 == 0)
		if it%5 == 0 {
			for a := range nw.Cap {
				nw.Cap[a] = math.Min(nw.Cap[a], 3) // often infeasible
			}
		}
		want, wantErr := Solve(nw)
		s, err := NewSolver(nw)
		if err != nil {
			t.Fatal(err)
		}
		s.SetPoolCold(true)
		err = s.Solve()
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("instance %d: pooled error %v, block search error %v", it, err, wantErr)
		}
		if err != nil {
			continue
		}
		got := &Result{Flow: s.Flow(nil), Potential: s.Potential(nil), Objective: s.Objective()}
		checkSolution(t, nw, got)
		if math.Abs(got.Objective-want.Objective) > 1e-9*math.Max(1, math.Abs(want.Objective)) {
			t.Fatalf("instance %d: objective got %v, want %v", it, got.Objective, want.Objective)
		}
	}
}

// TestPricingHandOver runs the random and warm tests with pooled pricing
// handing over to full pricing at once (after the first pivot of every
// solve), so that both paths and the switch between them are checked.
func TestPricingHandOver(t *testing.T) {
	defer func(v int) { poolWorkPerPivot = v }(poolWorkPerPivot)
	poolWorkPerPivot = -1 << 20
	t.Run("random", TestRandomAgainstGonum)
	t.Run("pooled-cold", TestPooledCold)
	t.Run("warm", TestWarmStartMatchesCold)
	t.Run("few", TestWarmFewChanges)
}

// TestWarmFewChanges drives the pooled pricing of warm solves the way
// column generation does: many rounds that each change a few costs (tree
// arcs and non-tree arcs alike), every warm optimum checked against a
// cold solve and by its reduced costs.
func TestWarmFewChanges(t *testing.T) {
	rng := rand.New(rand.NewSource(15))
	for it := 0; it < 30; it++ {
		nw := randomNetwork(rng, 20+rng.Intn(80), 300+rng.Intn(300), it%2 == 0)
		s, err := NewSolver(nw)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Solve(); err != nil {
			t.Fatal(err)
		}
		for round := 0; round < 30; round++ {
			for i := 1 + rng.Intn(5); i > 0; i-- {
				a := rng.Intn(len(nw.Cost))
				c := nw.Cost[a] + float64(rng.Intn(41)-20)
				if c < 0 && math.IsInf(nw.Cap[a], 1) {
					c = -c // keep infinite-capacity cycles non-negative
				}
				nw.Cost[a] = c
				s.SetCost(a, c)
			}
			warmMatchesCold(t, s, nw, it, round)
		}
	}
}

func TestLargeTransport(t *testing.T) {
	nw := transportNetwork(rand.New(rand.NewSource(3)), 500, 20, 8)
	r, err := Solve(nw)
	if err != nil {
		t.Fatal(err)
	}
	checkSolution(t, nw, r)
}

func ExampleSolve() {
	inf := math.Inf(1)
	nw := &Network{
		Nodes:  4,
		Tail:   []int{0, 0, 1, 2},
		Head:   []int{1, 2, 3, 3},
		Cost:   []float64{1, 2, 1, 2},
		Cap:    []float64{3, inf, 3, inf},
		Supply: []float64{5, 0, 0, -5},
	}
	r, err := Solve(nw)
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Objective, r.Flow)
	// Output: 14 [3 2 3 2]
}
