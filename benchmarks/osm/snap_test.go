package osm_test

import (
	"math/rand/v2"
	"os"
	"testing"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/optimizer/network"
)

// BenchmarkSnapNearRoads snaps points within ~100 m of random junctions of
// an imported network, as route and table queries do. The graph file comes
// from gen.sh: LUMBUNG_OSM_GRAPH=/tmp/lumbung-osm/net2_1000000_s42.lnet
// (the benchmark is skipped without it).
func BenchmarkSnapNearRoads(b *testing.B) {
	path := os.Getenv("LUMBUNG_OSM_GRAPH")
	if path == "" {
		b.Skip("set LUMBUNG_OSM_GRAPH to a graph file written by benchmarks/osm/gen.sh")
	}
	g, err := network.LoadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	g.IndexEdges()
	rng := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, 4096)
	for i := range pts {
		p := g.Point(network.NodeID(rng.IntN(g.NumNodes())))
		pts[i] = orb.Point{p[0] + (rng.Float64()-0.5)*0.002, p[1] + (rng.Float64()-0.5)*0.002}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := g.NearestOnEdge(pts[i%len(pts)], 30_000); err != nil {
			b.Fatal(err)
		}
	}
}
