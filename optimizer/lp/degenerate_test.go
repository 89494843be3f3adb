package lp

import (
	"errors"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	gonumlp "gonum.org/v1/gonum/optimize/convex/lp"
)

// masterLike builds a Dantzig–Wolfe master of the shape package alloc
// solves when ferries are shut: J capacity rows (<=) with right-hand side
// 0 on the rows in zero, K convexity rows (= 1), per commodity one column
// that uses no capacity (ship nothing, at the penalty) and cols columns
// that use one to three rows with entries of order 1..5000 trucks, and,
// as rounding of the pricing flows leaves them, entries of order 1e-14 on
// other rows. Costs are of order 1e8..1e10 Rupiah.
func masterLike(rng *rand.Rand, J, K, cols int, zero func(j int) bool) *Problem {
	m := J + K
	p := &Problem{Sense: make([]Sense, m), B: make([]float64, m), A: make([][]float64, m)}
	for j := 0; j < J; j++ {
		p.Sense[j] = LE
		if !zero(j) {
			p.B[j] = math.Round(1 + 700*rng.Float64())
		}
	}
	for k := 0; k < K; k++ {
		p.Sense[J+k], p.B[J+k] = EQ, 1
	}
	add := func(c float64, col map[int]float64) {
		p.C = append(p.C, c)
		for i := range p.A {
			p.A[i] = append(p.A[i], col[i])
		}
	}
	penalty := make([]float64, K)
	for k := range penalty {
		penalty[k] = 1e9 * (1 + 30*rng.Float64())
		add(penalty[k], map[int]float64{J + k: 1})
	}
	for c := 0; c < cols; c++ {
		k := rng.Intn(K)
		col := map[int]float64{J + k: 1}
		for u := 1 + rng.Intn(3); u > 0; u-- {
			col[rng.Intn(J)] = 1 + 5000*rng.Float64()
		}
		for u := rng.Intn(3); u > 0; u-- {
			if j := rng.Intn(J); col[j] == 0 {
				col[j] = 1e-14 * (1 + 40*rng.Float64())
			}
		}
		add(penalty[k]*(0.02+0.6*rng.Float64()), col)
	}
	return p
}

// denseGonum solves p with gonum's simplex after adding a slack per LE row.
func denseGonum(p *Problem) (float64, error) {
	m, n := len(p.A), len(p.C)
	le := 0
	for _, s := range p.Sense {
		if s == LE {
			le++
		}
	}
	A := mat.NewDense(m, n+le, nil)
	c := make([]float64, n+le)
	copy(c, p.C)
	sc := n
	for i, row := range p.A {
		for j, v := range row {
			A.Set(i, j, v)
		}
		if p.Sense[i] == LE {
			A.Set(i, sc, 1)
			sc++
		}
	}
	z, _, err := gonumlp.Simplex(c, A, p.B, 1e-10, nil)
	return z, err
}

// gonumGaveUp reports gonum's numerical failures, which give no verdict.
func gonumGaveUp(err error) bool {
	var cond mat.Condition
	return errors.Is(err, gonumlp.ErrSingular) || errors.Is(err, gonumlp.ErrBland) ||
		errors.Is(err, gonumlp.ErrLinSolve) || errors.As(err, &cond)
}

// TestDegenerateMaster is the regression test of issue 16: masters whose
// capacity rows are all or mostly 0 must solve, from scratch and as
// column generation grows them one column at a time, to gonum's optimum.
func TestDegenerateMaster(t *testing.T) {
	compared := 0
	for seed := int64(1); seed <= 40; seed++ {
		rng := rand.New(rand.NewSource(seed))
		J, K := 4+rng.Intn(17), 1+rng.Intn(6)
		var zero func(int) bool
		switch seed % 3 {
		case 0:
			zero = func(int) bool { return true }
		case 1:
			zero = func(j int) bool { return j%2 == 0 }
		default:
			zero = func(j int) bool { return j < J-1 }
		}
		p := masterLike(rng, J, K, 20+rng.Intn(200), zero)
		r, err := Solve(p, nil)
		if err != nil {
			t.Fatalf("seed %d (J=%d K=%d n=%d): %v", seed, J, K, len(p.C), err)
		}
		checkFeasible(t, p, r)
		inc := solveIncrementally(t, p)
		if math.Abs(inc-r.Objective) > 1e-9*math.Abs(r.Objective) {
			t.Fatalf("seed %d: incremental objective got %v, want %v", seed, inc, r.Objective)
		}
		want, err := denseGonum(p)
		if err != nil {
			if gonumGaveUp(err) {
				continue
			}
			t.Fatalf("seed %d: gonum: %v", seed, err)
		}
		compared++
		if math.Abs(r.Objective-want) > 1e-7*math.Abs(want) {
			t.Fatalf("seed %d: objective got %v, want %v (gonum)", seed, r.Objective, want)
		}
	}
	if compared < 20 {
		t.Fatalf("compared %d masters with gonum, want >= 20", compared)
	}
}

// solveIncrementally adds the columns of p a few at a time and re-solves
// after each batch, as column generation does, and returns the final
// objective.
func solveIncrementally(t *testing.T, p *Problem) float64 {
	t.Helper()
	s, err := NewSolver(p.Sense, p.B, nil)
	if err != nil {
		t.Fatal(err)
	}
	K := 0
	for _, sn := range p.Sense {
		if sn == EQ {
			K++
		}
	}
	var rows []int
	var vals []float64
	for j := range p.C {
		rows, vals = rows[:0], vals[:0]
		for i := range p.A {
			if v := p.A[i][j]; v != 0 {
				rows, vals = append(rows, i), append(vals, v)
			}
		}
		if _, err := s.AddColumn(p.C[j], 0, math.Inf(1), rows, vals); err != nil {
			t.Fatal(err)
		}
		if j >= K-1 && j%3 == 0 {
			if err := s.Solve(); err != nil {
				t.Fatalf("after %d columns: %v", j+1, err)
			}
		}
	}
	if err := s.Solve(); err != nil {
		t.Fatal(err)
	}
	return s.Objective()
}

// TestRecordedMasters replays the column-generation traces under testdata
// that failed before issue 16 was fixed: every solve must succeed, and the
// last one must reach the optimum of the full master. (gonum's dense
// simplex does not finish on these masters; their optimum is known in
// closed form instead, see zeroCapacityOptimum.)
func TestRecordedMasters(t *testing.T) {
	files, err := filepath.Glob("testdata/master-*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("testdata: got %v (%v), want master traces", files, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			p, s := replayTrace(t, f)
			r := &Result{X: s.X(nil), Dual: s.Dual(nil), Objective: s.Objective()}
			checkFeasible(t, p, r)
			want := zeroCapacityOptimum(t, p)
			if math.Abs(r.Objective-want) > 1e-9*math.Abs(want) {
				t.Fatalf("objective: got %v, want %v", r.Objective, want)
			}
		})
	}
}

// replayTrace runs one trace file and returns the dense master it built
// and the solver after its last solve.
func replayTrace(t *testing.T, path string) (*Problem, *Solver) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := &Problem{}
	var s *Solver
	num := func(x string) float64 {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return v
	}
	solves := 0
	for ln, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "le", "eq":
			sense := map[string]Sense{"le": LE, "eq": EQ}[f[0]]
			for _, x := range f[1:] {
				p.Sense, p.B, p.A = append(p.Sense, sense), append(p.B, num(x)), append(p.A, nil)
			}
		case "col":
			if s == nil {
				if s, err = NewSolver(p.Sense, p.B, nil); err != nil {
					t.Fatal(err)
				}
			}
			p.C = append(p.C, num(f[1]))
			for i := range p.A {
				p.A[i] = append(p.A[i], 0)
			}
			var rows []int
			var vals []float64
			for _, rv := range f[2:] {
				r, v, _ := strings.Cut(rv, ":")
				i, err := strconv.Atoi(r)
				if err != nil {
					t.Fatalf("%s:%d: %v", path, ln+1, err)
				}
				rows, vals = append(rows, i), append(vals, num(v))
				p.A[i][len(p.C)-1] = num(v)
			}
			if _, err := s.AddColumn(num(f[1]), 0, math.Inf(1), rows, vals); err != nil {
				t.Fatalf("%s:%d: %v", path, ln+1, err)
			}
		case "solve":
			solves++
			if err := s.Solve(); err != nil {
				t.Fatalf("%s:%d: solve %d: %v", path, ln+1, solves, err)
			}
		default:
			t.Fatalf("%s:%d: unknown line %q", path, ln+1, line)
		}
	}
	return p, s
}

// zeroCapacityOptimum is the optimum of a master whose LE rows all have
// right-hand side 0 and non-negative entries: a column with a positive
// entry in such a row must be 0, so each convexity row picks its cheapest
// column that uses no capacity.
func zeroCapacityOptimum(t *testing.T, p *Problem) float64 {
	t.Helper()
	var z float64
	for i, sn := range p.Sense {
		if sn == LE {
			if p.B[i] != 0 {
				t.Fatalf("row %d: rhs %v, want 0", i, p.B[i])
			}
			continue
		}
		best := math.Inf(1)
	cols:
		for j, a := range p.A[i] {
			if a == 0 {
				continue
			}
			for r, sr := range p.Sense {
				if sr == LE && p.A[r][j] != 0 {
					continue cols
				}
			}
			best = math.Min(best, p.C[j])
		}
		z += best
	}
	return z
}
