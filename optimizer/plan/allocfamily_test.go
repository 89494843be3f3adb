package plan_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/lumbung-id/lumbung/optimizer/alloc"
	"github.com/lumbung-id/lumbung/optimizer/alloc/clp"
	"github.com/lumbung-id/lumbung/optimizer/alloc/glpk"
	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// allocFamily is the family of planning days of issue 15: the loose
// default, decks that bind, a closure on binding decks, the Lebaran week
// of the README (peak, deck share 0.12, demand ×1.3), and ten times the
// demand with and without ten times the deck.
func allocFamily() []struct {
	name string
	sc   plan.Scenario
	day  int
} {
	share, leb, ten := 0.05, 0.12, 10.0
	mult := func(f float64) map[string]float64 {
		m := map[string]float64{}
		for _, k := range []string{"rice", "corn", "cassava", "chicken", "banana", "pineapple"} {
			m[k] = f
		}
		return m
	}
	closure := []plan.Closure{{Crossing: "bkh-mrk-regular", From: "2026-03-17T06:00:00+07:00", To: "2026-03-17T18:00:00+07:00"}}
	return []struct {
		name string
		sc   plan.Scenario
		day  int
	}{
		{"loose", plan.Scenario{Start: "2026-03-16"}, 0},
		{"binding-deck", plan.Scenario{Start: "2026-03-16", DeckShare: &share}, 0},
		{"closure", plan.Scenario{Start: "2026-03-16", DeckShare: &share, FerryClosures: closure}, 1},
		{"lebaran-1.3", plan.Scenario{Start: "2026-03-16", Peak: true, DeckShare: &leb, DemandMultipliers: mult(1.3)}, 0},
		{"demand-10x-deck-10x", plan.Scenario{Start: "2026-03-16", FerryCapacityFactor: &ten, DemandMultipliers: mult(10)}, 0},
		{"demand-10x", plan.Scenario{Start: "2026-03-16", DemandMultipliers: mult(10)}, 0},
	}
}

// BenchmarkAllocFamily solves each day of the family with alloc.Solve on
// one goroutine and, where installed, with CLP's dual simplex and GLPK on
// the same LP (their own solve times, reading excluded), and prints one
// table. CLP reports its CPU time, so the ratio compares it with ours
// (the process's CPU time over the loop, garbage collection included):
// on a shared machine wall time grows with the load and CPU time far
// less. The wall time is printed beside it.
//
//	go test -run '^$' -bench AllocFamily -benchtime 3x ./optimizer/plan
func BenchmarkAllocFamily(b *testing.B) {
	m := mustModel(b)
	dir := b.TempDir()
	type row struct {
		name                      string
		arcs, bundles, iter       int
		ours, oursCPU, clpT, glpT time.Duration
	}
	var table []row
	for _, tc := range allocFamily() {
		p, _, err := m.DayProblem(&tc.sc, tc.day, now)
		if err != nil {
			b.Fatal(err)
		}
		r := row{name: tc.name, arcs: len(p.Arcs), bundles: len(p.Bundles)}
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var sol *alloc.Result
			start, cpu0 := time.Now(), cpuTime()
			n := 0
			for b.Loop() {
				if sol, err = alloc.Solve(context.Background(), p, alloc.Options{Parallel: 1}); err != nil {
					b.Fatal(err)
				}
				n++
			}
			r.ours = time.Since(start) / time.Duration(n)
			r.oursCPU = (cpuTime() - cpu0) / time.Duration(n)
			b.ReportMetric(float64(r.oursCPU)/1e6, "cpu-ms/op")
			r.iter = sol.Iterations
			b.ReportMetric(float64(sol.Iterations), "cg-iters")
		})
		if r.ours == 0 {
			continue // not selected by -bench
		}
		r.clpT, r.glpT = externalTimes(b, dir, p)
		table = append(table, r)
	}
	fmt.Printf("\n%-20s %7s %4s %6s %11s %11s %11s %11s %9s\n", "day", "arcs", "bnd", "iters", "alloc-wall", "alloc-cpu", "clp-dual", "glpsol", "alloc/clp")
	for _, r := range table {
		ours := r.oursCPU
		if ours == 0 {
			ours = r.ours // no CPU clock here: compare wall time
		}
		ratio := "-"
		if r.clpT > 0 {
			ratio = fmt.Sprintf("%.2f", float64(ours)/float64(r.clpT))
		}
		fmt.Printf("%-20s %7d %4d %6d %11v %11v %11v %11v %9s\n", r.name, r.arcs, r.bundles, r.iter,
			r.ours.Round(100*time.Microsecond), r.oursCPU.Round(100*time.Microsecond), r.clpT, r.glpT, ratio)
	}
}

// glpTime matches glpsol's "Time used:   0.4 secs".
var glpTime = regexp.MustCompile(`Time used:\s+(\S+) secs`)

// externalTimes writes p and returns CLP's and GLPK's own solve times (0
// when the solver is not installed).
func externalTimes(b *testing.B, dir string, p *alloc.Problem) (clpT, glpT time.Duration) {
	write := func(name string, w func(*os.File) error) string {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := w(f); err != nil {
			b.Fatal(err)
		}
		f.Close()
		return path
	}
	if _, err := clp.Path(); err == nil {
		mps := write("day.mps", func(f *os.File) error { return alloc.WriteMPS(f, p) })
		res, err := clp.Solve(mps)
		if err != nil {
			b.Fatal(err)
		}
		clpT = res.Solve
	}
	if bin, err := glpk.Path(); err == nil {
		lp := write("day.lp", func(f *os.File) error { return alloc.WriteLP(f, p) })
		out, err := exec.Command(bin, "--lp", lp).CombinedOutput()
		if err != nil {
			b.Fatalf("glpsol: %v\n%s", err, out)
		}
		if m := glpTime.FindSubmatch(out); m != nil {
			s, _ := strconv.ParseFloat(string(m[1]), 64)
			glpT = time.Duration(s * float64(time.Second))
		}
	}
	return clpT, glpT
}
