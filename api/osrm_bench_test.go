package api_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/data/osmimport"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

// The OSRM handler benchmarks run on the graph files named by
// LUMBUNG_OSRM_NETWORK (comma-separated, written by `lumbung import`, e.g.
// benchmarks/osm/gen.sh's net2_1000000_s42.lnet), otherwise on the
// generated 2k test network. Requests go through the whole server
// (routing, middleware, JSON) via ServeHTTP, without a socket.

type osrmBench struct {
	name string
	h    http.Handler
	pts  []string // "lon,lat" of random points on roads
}

// importedServer serves the dataset on imported graph g (as `lumbung serve
// -network`).
func importedServer(g *network.Graph) (http.Handler, error) {
	ds, err := data.Default()
	if err != nil {
		return nil, err
	}
	c, err := corridor.FromGraph(ds, g)
	if err != nil {
		return nil, err
	}
	return api.New(c, api.DefaultConfig())
}

// gen2k imports the generated 2k test network.
func gen2k() (*network.Graph, error) {
	g, _, err := osmimport.Import("../data/osmimport/testdata/gen2k_s42.osm.pbf", osmimport.Options{})
	return g, err
}

var osrmBenchOnce = sync.OnceValues(func() ([]osrmBench, error) {
	type src struct {
		name string
		load func() (*network.Graph, error)
	}
	var srcs []src
	if files := os.Getenv("LUMBUNG_OSRM_NETWORK"); files != "" {
		for _, f := range strings.Split(files, ",") {
			srcs = append(srcs, src{f[strings.LastIndex(f, "/")+1:], func() (*network.Graph, error) { return network.LoadFile(f) }})
		}
	} else {
		srcs = append(srcs, src{"gen2k", gen2k})
	}
	var out []osrmBench
	for _, s := range srcs {
		g, err := s.load()
		if err != nil {
			return nil, err
		}
		h, err := importedServer(g)
		if err != nil {
			return nil, err
		}
		out = append(out, osrmBench{name: s.name, h: h, pts: roadPoints(g, 1400)})
	}
	return out, nil
})

// roadPoints picks n random shape points of road edges (what an OSRM
// client sends: points on roads, mostly between junctions).
func roadPoints(g *network.Graph, n int) []string {
	rng := rand.New(rand.NewPCG(42, 8))
	out := make([]string, 0, n)
	for len(out) < n {
		e := network.EdgeID(rng.IntN(g.NumEdges()))
		if g.Class(e) == network.Ferry {
			continue
		}
		p := g.Point(g.Tail(e))
		if sh := g.Shape(e); len(sh) > 0 {
			p = sh[rng.IntN(len(sh))]
		}
		out = append(out, fmt.Sprintf("%.6f,%.6f", p[0], p[1]))
	}
	return out
}

func osrmBenches(b *testing.B) []osrmBench {
	bs, err := osrmBenchOnce()
	if err != nil {
		b.Fatal(err)
	}
	return bs
}

func benchGet(b *testing.B, h http.Handler, target string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d %s", target, rec.Code, rec.Body.String())
	}
}

// BenchmarkOSRMRoute is GET /route/v1/driving without geometry (what
// benchmarks/osrm/run.sh times over HTTP), over 200 random pairs.
func BenchmarkOSRMRoute(b *testing.B) {
	for _, ob := range osrmBenches(b) {
		for _, overview := range []string{"false", "full"} {
			b.Run(ob.name+"/overview="+overview, func(b *testing.B) {
				targets := make([]string, 200)
				for i := range targets {
					targets[i] = "/route/v1/driving/" + ob.pts[i] + ";" + ob.pts[i+200] + "?overview=" + overview
				}
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					benchGet(b, ob.h, targets[i%len(targets)])
					i++
				}
			})
		}
	}
}

// BenchmarkOSRMTable is GET /table/v1/driving over k random points, all to
// all, durations (OSRM's default annotation, as benchmarks/osrm/run.sh asks).
func BenchmarkOSRMTable(b *testing.B) {
	for _, ob := range osrmBenches(b) {
		for _, k := range []int{100, 1000} {
			b.Run(fmt.Sprintf("%s/%dx%d", ob.name, k, k), func(b *testing.B) {
				target := "/table/v1/driving/" + strings.Join(ob.pts[:k], ";")
				b.ReportAllocs()
				for b.Loop() {
					benchGet(b, ob.h, target)
				}
			})
		}
	}
}
