package plan_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/lumbung-id/lumbung/optimizer/alloc"
	"github.com/lumbung-id/lumbung/optimizer/alloc/glpk"
	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// TestAllocationMatchesGLPK writes days of the default plan's allocation
// (every farm cluster, commodity, crossing, vehicle class and buyer) as one
// undecomposed LP each and checks Lumbung's optimum against GLPK's: equal
// within 1e-6 relative. Day 1 of the closure scenario has binding decks.
func TestAllocationMatchesGLPK(t *testing.T) {
	glpk.Require(t)
	m := mustModel(t)
	share := 0.05
	cases := []struct {
		name string
		sc   plan.Scenario
		day  int
	}{
		{"default", plan.Scenario{Start: "2026-03-16"}, 0},
		{"tight deck, closure", plan.Scenario{Start: "2026-03-16", DeckShare: &share, FerryClosures: []plan.Closure{{
			Crossing: "bkh-mrk-regular", From: "2026-03-17T06:00:00+07:00", To: "2026-03-17T18:00:00+07:00"}}}, 1},
	}
	for _, tc := range cases {
		p, ours, err := m.DayProblem(&tc.sc, tc.day, now)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "day.lp")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := alloc.WriteLP(f, p); err != nil {
			t.Fatal(err)
		}
		f.Close()
		want, err := glpk.Objective(path)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(ours-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: objective got %.6f, GLPK %.6f", tc.name, ours, want)
		}
		t.Logf("%s: %d arcs, %d bundles: Lumbung %.4f, GLPK %.4f", tc.name, len(p.Arcs), len(p.Bundles), ours, want)
	}
}
