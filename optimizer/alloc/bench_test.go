package alloc

import (
	"context"
	"math/rand"
	"testing"
)

// dayBench is the planning-day shape of the brief: 2,000 farm clusters, 6
// commodities, 2 Lampung ports x 4 vehicle classes, 4 ferry services with
// binding deck bundles, 4 binding fleet bundles, 8 buyers.
var dayBench = dayConfig{Supplies: 2000, Ports: 2, Classes: 4, Services: 4, Buyers: 8, Commodities: 6, Tight: 0.5}

func benchDay(b *testing.B, cfg dayConfig, par int) {
	p := genDay(rand.New(rand.NewSource(1)), cfg)
	b.ReportAllocs()
	b.ResetTimer()
	var r *Result
	for i := 0; i < b.N; i++ {
		var err error
		if r, err = Solve(context.Background(), p, Options{Parallel: par}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if err := Verify(p, r, 1e-7); err != nil {
		b.Fatal(err)
	}
	if r.Iterations == 0 {
		b.Fatal("bundles do not bind")
	}
	b.ReportMetric(float64(r.Iterations), "iters")
	b.ReportMetric(float64(r.Pivots), "pivots")
}

// BenchmarkDay solves one planning day with serial pricing.
func BenchmarkDay(b *testing.B) { benchDay(b, dayBench, 1) }

// BenchmarkDayParallel prices the commodities on all cores.
func BenchmarkDayParallel(b *testing.B) { benchDay(b, dayBench, 0) }

// BenchmarkDay10x has ten times as many farm clusters.
func BenchmarkDay10x(b *testing.B) {
	cfg := dayBench
	cfg.Supplies *= 10
	benchDay(b, cfg, 0)
}
