package alloc

import (
	"context"
	"errors"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	gonumlp "gonum.org/v1/gonum/optimize/convex/lp"

	"github.com/lumbung-id/lumbung/optimizer/alloc/clp"
	"github.com/lumbung-id/lumbung/optimizer/alloc/glpk"
)

// writeCPLEX writes the LP to a file.
func (f *fullLP) writeCPLEX(path string) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := f.write(fh); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

// glpsolObjective solves the LP file with GLPK and returns its optimum at
// full precision.
func glpsolObjective(t *testing.T, _ string, lpPath string) float64 {
	t.Helper()
	z, err := glpk.Objective(lpPath)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

var oracleCases = []struct {
	name string
	seed int64
	cfg  dayConfig
}{
	{"small", 1, dayConfig{Supplies: 5, Ports: 2, Classes: 2, Services: 2, Buyers: 3, Commodities: 2, Tight: 0.5, CapArcs: true}},
	{"small-loose", 2, dayConfig{Supplies: 6, Ports: 1, Classes: 2, Services: 1, Buyers: 2, Commodities: 3, Tight: 5}},
	{"medium", 3, dayConfig{Supplies: 15, Ports: 2, Classes: 3, Services: 3, Buyers: 4, Commodities: 3, Tight: 0.6, CapArcs: true}},
	{"medium-tight", 4, dayConfig{Supplies: 20, Ports: 2, Classes: 3, Services: 4, Buyers: 4, Commodities: 4, Tight: 0.3}},
	{"large-binding", 5, dayConfig{Supplies: 60, Ports: 2, Classes: 4, Services: 4, Buyers: 8, Commodities: 6, Tight: 0.55}},
}

func TestGLPKOracle(t *testing.T) {
	bin := glpk.Require(t)
	dir := t.TempDir()
	for _, tc := range oracleCases {
		t.Run(tc.name, func(t *testing.T) {
			p := genDay(rand.New(rand.NewSource(tc.seed)), tc.cfg)
			r, err := Solve(context.Background(), p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := Verify(p, r, 1e-7); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, tc.name+".lp")
			if err := buildFullLP(p).writeCPLEX(path); err != nil {
				t.Fatal(err)
			}
			want := glpsolObjective(t, bin, path)
			if math.Abs(r.Objective-want) > 1e-6*math.Max(1, math.Abs(want)) {
				t.Fatalf("objective: got %v, want %v (glpsol)", r.Objective, want)
			}
			if r.Gap > 1e-9 {
				t.Fatalf("gap: got %v, want <= 1e-9", r.Gap)
			}
			if tc.cfg.Tight < 1 && r.Iterations == 0 {
				t.Fatalf("iterations: got 0, want > 0 (bundles should bind)")
			}
			full := buildFullLP(p)
			t.Logf("%s: vars=%d rows=%d objective=%.6f glpsol=%.6f reldiff=%.2e iterations=%d columns=%d",
				tc.name, len(full.cost), len(full.rows), r.Objective, want,
				math.Abs(r.Objective-want)/math.Max(1, math.Abs(want)), r.Iterations, r.Columns)
		})
	}
}

// gonumObjective solves the full LP with gonum's dense simplex after
// conversion to standard form (slack per <= row and per finite upper bound).
func gonumObjective(f *fullLP) (float64, error) {
	n := len(f.cost)
	var ub []int
	for j, u := range f.upper {
		if !math.IsInf(u, 1) {
			ub = append(ub, j)
		}
	}
	le := 0
	for _, r := range f.rows {
		if r.le {
			le++
		}
	}
	rows, cols := len(f.rows)+len(ub), n+le+len(ub)
	A := mat.NewDense(rows, cols, nil)
	b := make([]float64, rows)
	c := make([]float64, cols)
	copy(c, f.cost)
	sc := n
	for i, r := range f.rows {
		for t, j := range r.idx {
			A.Set(i, j, A.At(i, j)+r.val[t])
		}
		b[i] = r.rhs
		if r.le {
			A.Set(i, sc, 1)
			sc++
		}
	}
	for t, j := range ub {
		i := len(f.rows) + t
		A.Set(i, j, 1)
		A.Set(i, sc, 1)
		sc++
		b[i] = f.upper[j]
	}
	z, _, err := gonumlp.Simplex(c, A, b, 1e-10, nil)
	return z, err
}

// gonumGaveUp reports gonum's numerical failures, which give no verdict.
func gonumGaveUp(err error) bool {
	var cond mat.Condition
	return errors.Is(err, gonumlp.ErrSingular) || errors.Is(err, gonumlp.ErrBland) ||
		errors.Is(err, gonumlp.ErrLinSolve) || errors.As(err, &cond)
}

func TestGonumOracle(t *testing.T) {
	compared := 0
	for seed := int64(1); seed <= 12; seed++ {
		rng := rand.New(rand.NewSource(100 + seed))
		cfg := dayConfig{Supplies: 3 + rng.Intn(3), Ports: 1 + rng.Intn(2), Classes: 2, Services: 1 + rng.Intn(2),
			Buyers: 2, Commodities: 1 + rng.Intn(3), Tight: 0.3 + rng.Float64(), CapArcs: seed%2 == 0}
		p := genDay(rng, cfg)
		r, err := Solve(context.Background(), p, Options{})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if err := Verify(p, r, 1e-7); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		want, err := gonumObjective(buildFullLP(p))
		if err != nil {
			if gonumGaveUp(err) {
				continue // gonum's numerical failure gives no verdict
			}
			t.Fatalf("seed %d: gonum: %v", seed, err)
		}
		compared++
		if math.Abs(r.Objective-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Fatalf("seed %d: objective got %v, want %v (gonum)", seed, r.Objective, want)
		}
	}
	if compared < 8 {
		t.Fatalf("compared %d instances with gonum, want >= 8", compared)
	}
}

// TestFullLPWriterRoundTrip guards the oracle itself: the LP file must
// mention every variable and row.
func TestFullLPWriterRoundTrip(t *testing.T) {
	p := genDay(rand.New(rand.NewSource(9)), oracleCases[0].cfg)
	f := buildFullLP(p)
	path := filepath.Join(t.TempDir(), "x.lp")
	if err := f.writeCPLEX(path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, n := range f.names {
		if !strings.Contains(s, " "+n) {
			t.Fatalf("variable %s: got missing, want present", n)
		}
	}
	if got, want := strings.Count(s, ":")-1, len(f.rows); got != want {
		t.Fatalf("rows: got %d, want %d", got, want)
	}
}

// TestCLPOracle checks Solve against COIN-OR CLP's dual simplex on the
// oracle days and on a shut and a nearly shut variant of each, through
// WriteMPS.
func TestCLPOracle(t *testing.T) {
	clp.Require(t)
	dir := t.TempDir()
	for _, tc := range oracleCases {
		for _, v := range []struct {
			name  string
			scale float64
		}{{"", 1}, {"/shut", 0}, {"/tiny", 1e-6}} {
			t.Run(tc.name+v.name, func(t *testing.T) {
				p := genDay(rand.New(rand.NewSource(tc.seed)), tc.cfg)
				for j := range p.Bundles {
					p.Bundles[j].Cap *= v.scale
				}
				r, err := Solve(context.Background(), p, Options{})
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, "day.mps")
				f, err := os.Create(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := WriteMPS(f, p); err != nil {
					t.Fatal(err)
				}
				f.Close()
				want, err := clp.Solve(path)
				if err != nil {
					t.Fatal(err)
				}
				// CLP prints ten significant digits.
				if math.Abs(r.Objective-want.Objective) > 1e-8*math.Max(1, math.Abs(want.Objective)) {
					t.Fatalf("objective: got %v, want %v (clp)", r.Objective, want.Objective)
				}
			})
		}
	}
}
