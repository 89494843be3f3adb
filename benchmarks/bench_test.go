package benchmarks

import (
	"context"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/geo/hexgrid"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

var load = sync.OnceValues(corridor.Default)

func mustLoad(b *testing.B) *corridor.Corridor {
	c, err := load()
	if err != nil {
		b.Fatal(err)
	}
	return c
}

var (
	bandarLampung = orb.Point{105.26, -5.43}
	kramatJati    = orb.Point{106.868, -6.272}
)

func tronton(b *testing.B, c *corridor.Corridor) route.Profile {
	for _, v := range c.Data.Vehicles {
		if v.ID == "tronton" {
			p, err := corridor.Profile(&v)
			if err != nil {
				b.Fatal(err)
			}
			return p
		}
	}
	b.Fatal("no tronton")
	return route.Profile{}
}

// BenchmarkBuildNetwork turns the loaded dataset into the routing graph.
func BenchmarkBuildNetwork(b *testing.B) {
	c := mustLoad(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := corridor.BuildNetwork(c.Data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSnap snaps points spread over Lampung to the embedded network.
func BenchmarkSnap(b *testing.B) {
	c := mustLoad(b)
	rng := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, 256)
	for i := range pts {
		pts[i] = c.Data.Farms[rng.IntN(len(c.Data.Farms))].Point
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := c.Router.Snap(pts[i&255]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkRouteEmbedded is the node-to-node query Bandar Lampung → Kramat
// Jati on the embedded network: A* by cost and by time.
func BenchmarkRouteEmbedded(b *testing.B) {
	c := mustLoad(b)
	from, err := c.Router.Snap(bandarLampung)
	if err != nil {
		b.Fatal(err)
	}
	to, err := c.Router.Snap(kramatJati)
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range []route.Metric{route.Cost, route.Time} {
		b.Run(m.String(), func(b *testing.B) {
			s := route.NewSearcher(c.Network.Graph)
			opt := &route.Options{Metric: m, Profile: tronton(b, c)}
			if _, err := s.Route(from.Node, to.Node, opt); err != nil { // warm-up
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Route(from.Node, to.Node, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTrip is the full API route: snapping, feeders, A*, legs and
// geometry (it allocates its result).
func BenchmarkTrip(b *testing.B) {
	c := mustLoad(b)
	opt := &route.Options{Metric: route.Cost, Profile: tronton(b, c)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Router.Trip(bandarLampung, kramatJati, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatrix100 is a 100×100 cost matrix between farms and nodes of
// the embedded network.
func BenchmarkMatrix100(b *testing.B) {
	c := mustLoad(b)
	g := c.Network.Graph
	ids := make([]network.NodeID, 100)
	for i := range ids {
		ids[i] = network.NodeID(i * g.NumNodes() / 100)
	}
	s := route.NewSearcher(g)
	opt := &route.Options{Metric: route.Cost, Profile: tronton(b, c)}
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

func planModel(b *testing.B, scale int) *plan.Model {
	c := mustLoad(b)
	in, err := corridor.PlanInput(c.Data, c.Network, c.Router)
	if err != nil {
		b.Fatal(err)
	}
	if scale > 1 {
		scaleInput(b, in, scale)
	}
	m, err := plan.Prepare(in)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// scaleInput makes the 10× variant: every farm copied scale times,
// jittered within ~200 m (production × scale), demand × scale, and
// clusters one H3 resolution finer (about 7× as many origins); the
// benchmark also scales ferry capacity by the same factor.
func scaleInput(b *testing.B, in *plan.Input, scale int) {
	rng := rand.New(rand.NewPCG(10, 10))
	farms := make([]plan.Farm, 0, len(in.Farms)*scale)
	for _, f := range in.Farms {
		for i := 0; i < scale; i++ {
			p := orb.Point{f.Point[0] + (rng.Float64()-0.5)*0.004, f.Point[1] + (rng.Float64()-0.5)*0.004}
			cell, err := hexgrid.FromPoint(p, data.FarmCellRes)
			if err != nil {
				b.Fatal(err)
			}
			farms = append(farms, plan.Farm{Point: p, Cell: cell, Commodity: f.Commodity, TonnesPerYear: f.TonnesPerYear})
		}
	}
	in.Farms = farms
	for i := range in.Buyers {
		d := append([]float64(nil), in.Buyers[i].Demand...)
		for k := range d {
			d[k] *= float64(scale)
		}
		in.Buyers[i].Demand = d
	}
	in.Params.ClusterRes++
	in.Params.ConsolidationRes++
}

// BenchmarkPlan is the full default plan (125,000 farms, 6 commodities,
// 7 days, every stage) and the 10× variant; it reports peak heap. Each
// plan starts with no collection tours remembered from the one before.
func BenchmarkPlan(b *testing.B) {
	for _, tc := range []struct {
		name  string
		scale int
	}{{"default", 1}, {"scaled10x", 10}} {
		b.Run(tc.name, func(b *testing.B) {
			m := planModel(b, tc.scale)
			// the 10× variant scales deck capacity with the flows, so that it
			// is the same problem ten times larger, not a disruption
			capF := float64(tc.scale)
			sc := &plan.Scenario{Start: "2026-03-16", FerryCapacityFactor: &capF}
			now := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
			if _, err := m.Plan(context.Background(), sc, now); err != nil { // route tables, once
				b.Fatal(err)
			}
			var peak uint64
			b.ReportAllocs()
			for b.Loop() {
				m.ResetCollectionMemo() // route every plan's tours, not only the first's
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				base := ms.HeapAlloc
				done := make(chan struct{})
				var hi uint64
				go func() {
					t := time.NewTicker(5 * time.Millisecond)
					defer t.Stop()
					for {
						select {
						case <-done:
							return
						case <-t.C:
							var s runtime.MemStats
							runtime.ReadMemStats(&s)
							if s.HeapAlloc > base && s.HeapAlloc-base > hi {
								hi = s.HeapAlloc - base
							}
						}
					}
				}()
				p, err := m.Plan(context.Background(), sc, now)
				close(done)
				if err != nil {
					b.Fatal(err)
				}
				if p.Summary.TonnesDelivered == 0 {
					b.Fatal("empty plan")
				}
				peak = max(peak, hi)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}
