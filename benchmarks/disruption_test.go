package benchmarks

import (
	"context"
	"testing"
	"time"

	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// BenchmarkPlanDisruption plans the default week with the strait shut
// (every crossing closed for the whole horizon), with no deck share, and
// with a thousandth of the deck: the first scenarios a food-security
// planner runs (issue 16; target: the shut week under 0.3 s).
func BenchmarkPlanDisruption(b *testing.B) {
	c := mustLoad(b)
	m := planModel(b, 1)
	var shut []plan.Closure
	for _, f := range c.Data.Ferries {
		shut = append(shut, plan.Closure{Crossing: f.ID, From: "2026-03-15T00:00:00+07:00", To: "2026-03-30T00:00:00+07:00"})
	}
	zero, tiny := 0.0, 0.001
	now := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	if _, err := m.Plan(context.Background(), &plan.Scenario{Start: "2026-03-16"}, now); err != nil { // route tables, once
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		sc   plan.Scenario
	}{
		{"shut-week", plan.Scenario{Start: "2026-03-16", FerryClosures: shut}},
		{"deck-share-0", plan.Scenario{Start: "2026-03-16", DeckShare: &zero}},
		{"capacity-0.001", plan.Scenario{Start: "2026-03-16", FerryCapacityFactor: &tiny}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var p *plan.Plan
			for b.Loop() {
				m.ResetCollectionMemo() // no tours remembered from the loop before
				var err error
				if p, err = m.Plan(context.Background(), &tc.sc, now); err != nil {
					b.Fatal(err)
				}
			}
			if p.Summary.Trucks != 0 {
				b.Fatalf("trucks: got %d, want 0 behind a shut strait", p.Summary.Trucks)
			}
			b.ReportMetric(float64(p.Summary.Bound.Iterations), "cg-iters")
		})
	}
}
