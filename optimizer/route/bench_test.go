package route_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/lumbung-id/lumbung/data/synth"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

var (
	synthOnce sync.Map // size → func() *network.Graph
)

func synthGraph(b *testing.B, n int) *network.Graph {
	f, _ := synthOnce.LoadOrStore(n, sync.OnceValue(func() *network.Graph {
		g, err := synth.Generate(n, 42)
		if err != nil {
			panic(err)
		}
		return g
	}))
	return f.(func() *network.Graph)()
}

// BenchmarkRoute is the point-to-point query on synthetic graphs, queries
// spread over random pairs (a fixed sequence).
func BenchmarkRoute(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		for _, m := range []route.Metric{route.Time, route.Cost} {
			b.Run(fmt.Sprintf("nodes=%d/metric=%v", n, m), func(b *testing.B) {
				g := synthGraph(b, n)
				s := route.NewSearcher(g)
				opt := &route.Options{Metric: m, Profile: truck}
				nn := uint64(g.NumNodes())
				x := uint64(12345)
				query := func() {
					x = x*6364136223846793005 + 1442695040888963407
					from := network.NodeID((x >> 20) % nn)
					to := network.NodeID((x >> 40) % nn)
					if _, err := s.Route(from, to, opt); err != nil {
						b.Fatal(err)
					}
				}
				// warm-up: the path buffers grow to the longest path once
				for range 20 {
					query()
				}
				b.ReportAllocs()
				for b.Loop() {
					query()
				}
			})
		}
	}
}

// BenchmarkMatrix100 is a 100×100 matrix on the 10k-node graph.
func BenchmarkMatrix100(b *testing.B) {
	g := synthGraph(b, 10_000)
	s := route.NewSearcher(g)
	opt := &route.Options{Metric: route.Cost, Profile: truck}
	ids := make([]network.NodeID, 100)
	for i := range ids {
		ids[i] = network.NodeID(i * 97 % g.NumNodes())
	}
	out := make([]route.Totals, len(ids))
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range ids {
			if err := s.OneToMany(src, ids, opt, out); err != nil {
				b.Fatal(err)
			}
		}
	}
}
