package lp

import (
	"errors"
	"fmt"
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/mat"
	gonumlp "gonum.org/v1/gonum/optimize/convex/lp"
)

var inf = math.Inf(1)

// checkFeasible is an independent validator of a claimed solution,
// including dual feasibility and strong duality.
func checkFeasible(t *testing.T, p *Problem, r *Result) {
	t.Helper()
	n := len(p.C)
	var obj float64
	for j := 0; j < n; j++ {
		lo, hi := 0.0, inf
		if p.Lower != nil {
			lo = p.Lower[j]
		}
		if p.Upper != nil {
			hi = p.Upper[j]
		}
		if r.X[j] < lo-1e-7 || r.X[j] > hi+1e-7 {
			t.Fatalf("x[%d] = %v outside [%v, %v]", j, r.X[j], lo, hi)
		}
		obj += p.C[j] * r.X[j]
	}
	for i, row := range p.A {
		var ax float64
		for j, a := range row {
			ax += a * r.X[j]
		}
		sense := LE
		if p.Sense != nil {
			sense = p.Sense[i]
		}
		tol := 1e-7 * (1 + math.Abs(p.B[i]))
		switch {
		case sense == LE && ax > p.B[i]+tol,
			sense == GE && ax < p.B[i]-tol,
			sense == EQ && math.Abs(ax-p.B[i]) > tol:
			t.Fatalf("row %d: A x = %v violates sense %d rhs %v", i, ax, sense, p.B[i])
		}
		if (sense == LE && r.Dual[i] > 1e-7) || (sense == GE && r.Dual[i] < -1e-7) {
			t.Fatalf("row %d: dual %v has the wrong sign for sense %d", i, r.Dual[i], sense)
		}
	}
	if math.Abs(obj-r.Objective) > 1e-7*(1+math.Abs(obj)) {
		t.Fatalf("objective: got %v, want recomputed %v", r.Objective, obj)
	}
}

func TestSolveTable(t *testing.T) {
	tests := []struct {
		name    string
		p       Problem
		wantObj float64
		wantX   []float64
		wantErr error
	}{
		{
			name: "textbook max 3x+5y",
			p: Problem{C: []float64{-3, -5}, A: [][]float64{{1, 0}, {0, 2}, {3, 2}},
				B: []float64{4, 12, 18}},
			wantObj: -36, wantX: []float64{2, 6},
		},
		{
			name: "upper bounds and GE row",
			p: Problem{C: []float64{1, 2}, A: [][]float64{{1, 1}}, Sense: []Sense{GE},
				B: []float64{3}, Upper: []float64{2, inf}},
			wantObj: 4, wantX: []float64{2, 1},
		},
		{
			name: "equality with free variable",
			p: Problem{C: []float64{1, 1}, A: [][]float64{{1, -1}, {1, 1}}, Sense: []Sense{EQ, GE},
				B: []float64{-4, 0}, Lower: []float64{-inf, 0}},
			wantObj: 0, wantX: []float64{-2, 2},
		},
		{
			name: "infeasible",
			p: Problem{C: []float64{1}, A: [][]float64{{1}, {1}}, Sense: []Sense{LE, GE},
				B: []float64{1, 2}},
			wantErr: ErrInfeasible,
		},
		{
			name:    "unbounded",
			p:       Problem{C: []float64{-1, 0}, A: [][]float64{{1, -1}}, B: []float64{1}},
			wantErr: ErrUnbounded,
		},
		{
			name:    "bad row length",
			p:       Problem{C: []float64{1, 1}, A: [][]float64{{1}}, B: []float64{1}},
			wantErr: ErrInvalid,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Solve(&tc.p, nil)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err: got %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if math.Abs(r.Objective-tc.wantObj) > 1e-9 {
				t.Fatalf("objective: got %v, want %v", r.Objective, tc.wantObj)
			}
			for j := range tc.wantX {
				if math.Abs(r.X[j]-tc.wantX[j]) > 1e-9 {
					t.Fatalf("x: got %v, want %v", r.X, tc.wantX)
				}
			}
			checkFeasible(t, &tc.p, r)
		})
	}
}

// toStandard converts p to gonum's min c·x, A x = b, x >= 0 form with
// x = lower + x', requiring finite lower bounds.
func toStandard(p *Problem) (c []float64, A *mat.Dense, b []float64, shift float64) {
	m, n := len(p.A), len(p.C)
	var ub []int
	for j := 0; j < n; j++ {
		if !math.IsInf(p.Upper[j], 1) {
			ub = append(ub, j)
		}
	}
	slacks := 0
	for i := 0; i < m; i++ {
		if p.Sense[i] != EQ {
			slacks++
		}
	}
	rows, cols := m+len(ub), n+slacks+len(ub)
	A = mat.NewDense(rows, cols, nil)
	b = make([]float64, rows)
	c = make([]float64, cols)
	copy(c, p.C)
	for j := 0; j < n; j++ {
		shift += p.C[j] * p.Lower[j]
	}
	sc := n
	for i := 0; i < m; i++ {
		b[i] = p.B[i]
		for j := 0; j < n; j++ {
			A.Set(i, j, p.A[i][j])
			b[i] -= p.A[i][j] * p.Lower[j]
		}
		switch p.Sense[i] {
		case LE:
			A.Set(i, sc, 1)
			sc++
		case GE:
			A.Set(i, sc, -1)
			sc++
		}
	}
	for k, j := range ub {
		A.Set(m+k, j, 1)
		A.Set(m+k, sc, 1)
		sc++
		b[m+k] = p.Upper[j] - p.Lower[j]
	}
	return c, A, b, shift
}

func randomProblem(rng *rand.Rand) *Problem {
	m := 1 + rng.Intn(7)
	n := m + 1 + rng.Intn(5) // gonum needs at least as many columns as rows
	p := &Problem{C: make([]float64, n), A: make([][]float64, m), Sense: make([]Sense, m),
		B: make([]float64, m), Lower: make([]float64, n), Upper: make([]float64, n)}
	x0 := make([]float64, n)
	for j := 0; j < n; j++ {
		p.C[j] = float64(rng.Intn(21) - 10)
		p.Lower[j] = float64(-rng.Intn(3))
		p.Upper[j] = inf
		if rng.Intn(2) == 0 {
			p.Upper[j] = p.Lower[j] + float64(1+rng.Intn(6))
		}
		x0[j] = p.Lower[j] + float64(rng.Intn(3))
		if x0[j] > p.Upper[j] {
			x0[j] = p.Upper[j]
		}
	}
	for i := 0; i < m; i++ {
		p.A[i] = make([]float64, n)
		var ax float64
		for j := 0; j < n; j++ {
			if rng.Intn(4) != 0 {
				p.A[i][j] = float64(rng.Intn(11) - 5)
			}
			ax += p.A[i][j] * x0[j]
		}
		p.Sense[i] = Sense(rng.Intn(3))
		slack := float64(rng.Intn(5))
		if rng.Intn(10) == 0 {
			slack = -slack - 1 // occasionally infeasible
		}
		switch p.Sense[i] {
		case LE:
			p.B[i] = ax + slack
		case GE:
			p.B[i] = ax - slack
		default:
			p.B[i] = ax
		}
	}
	return p
}

func TestRandomAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	compared := 0
	const trials = 400
	for it := 0; it < trials; it++ {
		p := randomProblem(rng)
		c, A, b, shift := toStandard(p)
		want, _, gerr := gonumlp.Simplex(c, A, b, 1e-10, nil)
		if gerr != nil && !errors.Is(gerr, gonumlp.ErrInfeasible) && !errors.Is(gerr, gonumlp.ErrUnbounded) {
			continue // gonum's own numerical failure (singular/Bland): no verdict
		}
		compared++
		r, err := Solve(p, nil)
		switch {
		case errors.Is(gerr, gonumlp.ErrInfeasible):
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("instance %d: got %v, want %v", it, err, ErrInfeasible)
			}
		case errors.Is(gerr, gonumlp.ErrUnbounded):
			if !errors.Is(err, ErrUnbounded) {
				t.Fatalf("instance %d: got %v, want %v", it, err, ErrUnbounded)
			}
		default:
			if err != nil {
				t.Fatalf("instance %d: got %v, want objective %v", it, err, want+shift)
			}
			checkFeasible(t, p, r)
			if math.Abs(r.Objective-(want+shift)) > 1e-7*(1+math.Abs(want)) {
				t.Fatalf("instance %d: objective got %v, want %v", it, r.Objective, want+shift)
			}
		}
	}
	if compared < trials*3/4 {
		t.Fatalf("only %d of %d instances compared, want >= %d", compared, trials, trials*3/4)
	}
}

// warmMaster is an incremental solver and the same LP stated in full,
// built side by side, to check warm solves against cold ones. Rows are
// m-1 LE rows and a convexity row (EQ 1), fed by a zero column.
type warmMaster struct {
	s    *Solver
	full *Problem
}

func newWarmMaster(t *testing.T, rng *rand.Rand, m int) *warmMaster {
	t.Helper()
	sense := make([]Sense, m)
	rhs := make([]float64, m)
	for i := range rhs {
		rhs[i] = float64(5 + rng.Intn(20))
	}
	sense[m-1], rhs[m-1] = EQ, 1
	s, err := NewSolver(sense, rhs, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &warmMaster{s: s, full: &Problem{A: make([][]float64, m), Sense: sense, B: rhs}}
	zero := make([]float64, m)
	zero[m-1] = 1
	w.add(t, 0, inf, zero)
	return w
}

// add appends the dense column col with cost c and bounds [0, hi].
func (w *warmMaster) add(t *testing.T, c, hi float64, col []float64) {
	t.Helper()
	rows := make([]int, len(col))
	for i := range rows {
		rows[i] = i
	}
	if _, err := w.s.AddColumn(c, 0, hi, rows, col); err != nil {
		t.Fatal(err)
	}
	w.full.C = append(w.full.C, c)
	w.full.Upper = append(w.full.Upper, hi)
	for i := range col {
		w.full.A[i] = append(w.full.A[i], col[i])
	}
}

// check solves warm and compares with a cold solve of the full LP.
func (w *warmMaster) check(t *testing.T, it, round int) {
	t.Helper()
	if err := w.s.Solve(); err != nil {
		t.Fatal(err)
	}
	cold, err := Solve(w.full, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(w.s.Objective()-cold.Objective) > 1e-8*(1+math.Abs(cold.Objective)) {
		t.Fatalf("instance %d round %d: warm objective got %v, want %v", it, round, w.s.Objective(), cold.Objective)
	}
}

// randomColumn is a convexity column with entries offset+[0, 30).
func randomColumn(rng *rand.Rand, m, offset int) []float64 {
	col := make([]float64, m)
	for i := 0; i < m-1; i++ {
		col[i] = float64(rng.Intn(30) + offset)
	}
	col[m-1] = 1
	return col
}

// TestWarmColumns checks that adding columns and re-solving matches a cold
// solve of the full problem.
func TestWarmColumns(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for it := 0; it < 30; it++ {
		m := 3 + rng.Intn(5)
		w := newWarmMaster(t, rng, m)
		for round := 0; round < 5; round++ {
			for k := 0; k < 3; k++ {
				w.add(t, float64(rng.Intn(100)-50), inf, randomColumn(rng, m, 0))
			}
			w.check(t, it, round)
		}
	}
}

// TestSetCostUpper changes costs and upper bounds between warm solves
// and checks each optimum against a cold solve of the changed problem.
func TestSetCostUpper(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	for it := 0; it < 40; it++ {
		m := 2 + rng.Intn(5)
		w := newWarmMaster(t, rng, m)
		for k := 0; k < 6; k++ {
			w.add(t, float64(rng.Intn(100)-50), inf, randomColumn(rng, m, -5))
		}
		for i := 0; i < m-1; i++ { // box-like columns: capacity bought
			col := make([]float64, m)
			col[i] = -1
			w.add(t, float64(rng.Intn(20)), inf, col)
		}
		full := w.full
		for round := 0; round < 6; round++ {
			w.check(t, it, round)
			j := 1 + rng.Intn(len(full.C)-1)
			if rng.Intn(2) == 0 {
				c := float64(rng.Intn(100) - 50)
				if j >= len(full.C)-(m-1) {
					c = float64(rng.Intn(50)) // a bought unit never pays
				}
				if err := w.s.SetCost(j, c); err != nil {
					t.Fatal(err)
				}
				full.C[j] = c
			} else {
				hi := []float64{0, 0.5, 3, inf}[rng.Intn(4)]
				if err := w.s.SetUpper(j, hi); err != nil {
					t.Fatal(err)
				}
				full.Upper[j] = hi
			}
		}
	}
	s, _ := NewSolver([]Sense{LE}, []float64{1}, nil)
	if _, err := s.AddColumn(1, 0, 1, []int{0}, []float64{1}); err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{s.SetCost(1, 0), s.SetCost(0, math.NaN()), s.SetUpper(0, -1), s.SetUpper(-1, 1)} {
		if !errors.Is(err, ErrInvalid) {
			t.Fatalf("got %v, want %v", err, ErrInvalid)
		}
	}
}

func ExampleSolve() {
	// maximise 3x + 5y  s.t.  x <= 4, 2y <= 12, 3x + 2y <= 18
	p := &Problem{
		C: []float64{-3, -5},
		A: [][]float64{{1, 0}, {0, 2}, {3, 2}},
		B: []float64{4, 12, 18},
	}
	r, err := Solve(p, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Objective, r.X, r.Dual)
	// Output: -36 [2 6] [0 -1.5 -1]
}
