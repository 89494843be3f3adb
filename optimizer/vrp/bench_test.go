package vrp

import (
	"context"
	"testing"
)

// BenchmarkLocalSearch measures one education (full local search until no
// improving move) of a random giant tour of X-n101-k25.
func BenchmarkLocalSearch(b *testing.B) {
	p := readInstance(b, "X-n101-k25.vrp")
	m := compile(p)
	g := newGA(m, 1, false, 8, 12)
	tours := make([][][]int32, 16)
	for i := range tours {
		tours[i] = g.sp.split(g.randomTour(), g.limit, g.wl, g.ww)
	}
	ls := g.ls
	ls.wl, ls.ww = g.wl, g.ww
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ls.load(tours[i%len(tours)])
		ls.run()
	}
}

// BenchmarkMoveEval measures the O(1) evaluation of inter-route relocate
// moves on an educated X-n101-k25 solution (no move is applied).
func BenchmarkMoveEval(b *testing.B) {
	p := readInstance(b, "X-n101-k25.vrp")
	m := compile(p)
	g := newGA(m, 1, false, 8, 12)
	ls := g.ls
	ls.wl, ls.ww = g.wl, g.ww
	ls.load(g.sp.split(g.randomTour(), g.limit, g.wl, g.ww))
	ls.run()
	b.ReportAllocs()
	b.ResetTimer()
	n := int32(m.nReg)
	for i := 0; b.Loop(); i++ {
		u := int32(i) % n
		v := m.neigh[u][i%len(m.neigh[u])]
		ru, iu := ls.routeOf[u], ls.posOf[u]
		rv, iv := ls.routeOf[v], ls.posOf[v]
		if ru == rv {
			continue
		}
		ls.ins[0] = piece{ru, iu, iu, false}
		ps1 := ls.removeInsert(ls.p1[:0], ru, iu, iu, -2, nil)
		ps2 := ls.removeInsert(ls.p2[:0], rv, 1, 0, iv, ls.ins[:1])
		_ = ls.eval(ru, ps1) + ls.eval(rv, ps2)
	}
}

// BenchmarkSolveX101 is a full solve of X-n101-k25 with 100 iterations.
func BenchmarkSolveX101(b *testing.B) {
	p := readInstance(b, "X-n101-k25.vrp")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 100}); err != nil {
			b.Fatal(err)
		}
	}
}
