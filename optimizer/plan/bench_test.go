package plan_test

import (
	"context"
	"testing"

	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// BenchmarkPlanQueues plans the README's Lebaran week, whose thin deck
// share makes long port queues: the slotting and the check scan departures
// for every queued truck, so this is where they would show.
func BenchmarkPlanQueues(b *testing.B) {
	m := mustModel(b)
	share := 0.12
	sc := &plan.Scenario{Start: "2026-03-16", Peak: true, DeckShare: &share,
		DemandMultipliers: map[string]float64{"rice": 1.3, "corn": 1.3, "cassava": 1.3, "chicken": 1.3, "banana": 1.3, "pineapple": 1.3}}
	if _, err := m.Plan(context.Background(), sc, now); err != nil { // route tables, once
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p, err := m.Plan(context.Background(), sc, now)
		if err != nil {
			b.Fatal(err)
		}
		if err := m.Check(sc, p); err != nil {
			b.Fatal(err)
		}
	}
}
