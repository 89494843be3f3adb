package ch_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/lumbung-id/lumbung/data/synth"
	"github.com/lumbung-id/lumbung/optimizer/ch"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// Benchmark graphs: LUMBUNG_CH_NETWORK names graph files written by
// `lumbung import` (comma-separated; benchmarks/osrm/run.sh sets it),
// otherwise synthetic graphs of LUMBUNG_CH_SIZES nodes (default 10000; the
// issue's sizes are 100000 and 1000000, whose contraction takes minutes).
type benchGraph struct {
	name string
	load func() (*network.Graph, error)
}

func benchGraphs() []benchGraph {
	var out []benchGraph
	if files := os.Getenv("LUMBUNG_CH_NETWORK"); files != "" {
		for _, f := range strings.Split(files, ",") {
			out = append(out, benchGraph{name: "file=" + f[strings.LastIndex(f, "/")+1:],
				load: func() (*network.Graph, error) { return network.LoadFile(f) }})
		}
		return out
	}
	sizes := os.Getenv("LUMBUNG_CH_SIZES")
	if sizes == "" {
		sizes = "10000"
	}
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(s)
		if err != nil {
			panic(err)
		}
		out = append(out, benchGraph{name: fmt.Sprintf("synth=%d", n),
			load: func() (*network.Graph, error) { return synth.Generate(n, 42) }})
	}
	return out
}

var prepared sync.Map // name → *ch.Engine, hierarchy for the time metric built

func engineFor(b *testing.B, bg benchGraph) *ch.Engine {
	if e, ok := prepared.Load(bg.name); ok {
		return e.(*ch.Engine)
	}
	g, err := bg.load()
	if err != nil {
		b.Fatal(err)
	}
	e := ch.NewEngine(g)
	if _, err := e.Prepare(&route.Options{Metric: route.Time, Profile: truck}); err != nil {
		b.Fatal(err)
	}
	prepared.Store(bg.name, e)
	return e
}

// BenchmarkContract is preprocessing: node ordering, contraction and the
// ferry overlay for the time metric.
func BenchmarkContract(b *testing.B) {
	for _, bg := range benchGraphs() {
		b.Run(bg.name, func(b *testing.B) {
			g, err := bg.load()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				h, err := ch.Contract(g, &route.Options{Metric: route.Time, Profile: truck}, nil)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(h.NumArcs())/float64(g.NumEdges()), "arcs/edge")
			}
		})
	}
}

func randomNodes(g *network.Graph, n int, seed uint64) []network.NodeID {
	rng := rand.New(rand.NewPCG(seed, 42))
	out := make([]network.NodeID, n)
	for i := range out {
		out[i] = network.NodeID(rng.IntN(g.NumNodes()))
	}
	return out
}

// BenchmarkRoute is a point-to-point query for totals (no unpacking), over
// a fixed sequence of random pairs.
func BenchmarkRoute(b *testing.B) {
	for _, bg := range benchGraphs() {
		b.Run(bg.name, func(b *testing.B) {
			e := engineFor(b, bg)
			ids := randomNodes(e.Graph(), 1024, 1)
			opt := &route.Options{Metric: route.Time, Profile: truck}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := e.Totals(ids[i%1024], ids[(i+1)%1024], opt); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkRouteGeometry adds unpacking the path into edges.
func BenchmarkRouteGeometry(b *testing.B) {
	for _, bg := range benchGraphs() {
		b.Run(bg.name, func(b *testing.B) {
			e := engineFor(b, bg)
			ids := randomNodes(e.Graph(), 1024, 2)
			opt := &route.Options{Metric: route.Time, Profile: truck}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := e.Route(ids[i%1024], ids[(i+1)%1024], opt); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkTable is the bucket many-to-many search, 100×100 and 1000×1000.
func BenchmarkTable(b *testing.B) {
	for _, bg := range benchGraphs() {
		for _, k := range []int{100, 1000} {
			b.Run(fmt.Sprintf("%s/%dx%d", bg.name, k, k), func(b *testing.B) {
				e := engineFor(b, bg)
				ids := randomNodes(e.Graph(), k, 3)
				opt := &route.Options{Metric: route.Time, Profile: truck}
				out := make([]route.Totals, k*k)
				b.ReportAllocs()
				for b.Loop() {
					if err := e.Table(ids, ids, opt, out); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
