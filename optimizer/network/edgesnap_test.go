package network_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/data/osmimport"
	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

func imported(t testing.TB) *network.Graph {
	t.Helper()
	g, _, err := osmimport.Import("../../data/osmimport/testdata/gen2k_s42.osm.pbf", osmimport.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// nearestOnSegment finds the point of segment ab nearest p by ternary
// search on the great-circle distance: an oracle independent of the
// projection NearestOnEdge uses.
func nearestOnSegment(p, a, b orb.Point) float64 {
	at := func(t float64) orb.Point { return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])} }
	lo, hi := 0.0, 1.0
	for i := 0; i < 60; i++ {
		m1, m2 := lo+(hi-lo)/3, hi-(hi-lo)/3
		if geo.Distance(p, at(m1)) < geo.Distance(p, at(m2)) {
			hi = m2
		} else {
			lo = m1
		}
	}
	return float64(geo.Distance(p, at((lo+hi)/2)))
}

func TestNearestOnEdgeIsExact(t *testing.T) {
	g := imported(t)
	bd := g.Bound()
	rng := rand.New(rand.NewPCG(5, 6))
	var line orb.LineString
	for i := 0; i < 150; i++ {
		p := orb.Point{bd.Min[0] + rng.Float64()*(bd.Max[0]-bd.Min[0]), bd.Min[1] + rng.Float64()*(bd.Max[1]-bd.Min[1])}
		want := math.Inf(1)
		for e := network.EdgeID(0); e < network.EdgeID(g.NumEdges()); e++ {
			if g.Class(e) == network.Ferry {
				continue
			}
			line = g.AppendGeometry(line[:0], e)
			for k := 0; k+1 < len(line); k++ {
				seg := float64(geo.Distance(line[k], line[k+1]))
				if float64(geo.Distance(p, line[k]))-seg > want {
					continue
				}
				want = math.Min(want, nearestOnSegment(p, line[k], line[k+1]))
			}
		}
		got, err := g.NearestOnEdge(p, 50_000)
		if want > 50_000 {
			if !errors.Is(err, network.ErrTooFar) {
				t.Errorf("%v: got %v, want ErrTooFar", p, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%v: %v", p, err)
		}
		// 0.1% of the distance: the local projection's error
		if d := float64(got.Distance); math.Abs(d-want) > 0.5+1e-3*want {
			t.Errorf("%v: got %.2f m, want %.2f m", p, d, want)
		}
		if got.Distance > got.Radius {
			t.Errorf("%v: distance %v beyond exhaustive radius %v", p, got.Distance, got.Radius)
		}
		// the point lies on the edge at the reported offset
		l := g.Length(got.Edge)
		if math.Abs(got.Fraction*l-got.Offset) > 0.01*l+0.5 || got.Fraction < 0 || got.Fraction > 1 {
			t.Errorf("%v: offset %v m, fraction %v of %v m", p, got.Offset, got.Fraction, l)
		}
		sub := g.AppendSubGeometry(nil, got.Edge, got.Fraction, got.Fraction)
		if d := geo.Distance(sub[0], got.Point); d > 0.5 {
			t.Errorf("%v: sub-geometry at the fraction is %v m from the snapped point", p, d)
		}
	}
	if _, err := g.NearestOnEdge(orb.Point{0, 0}, 1000); !errors.Is(err, network.ErrTooFar) {
		t.Errorf("far point: got %v, want ErrTooFar", err)
	}
	if _, err := g.NearestOnEdge(orb.Point{math.NaN(), 0}, 1000); !errors.Is(err, network.ErrPoint) {
		t.Errorf("NaN point: got %v, want ErrPoint", err)
	}
}

func TestTwinsAndSubGeometry(t *testing.T) {
	g := imported(t)
	twins := 0
	for e := network.EdgeID(0); e < network.EdgeID(g.NumEdges()); e++ {
		tw := g.Twin(e)
		if tw == network.None {
			continue
		}
		twins++
		if g.Twin(tw) != e || g.Tail(tw) != g.Head(e) || g.Head(tw) != g.Tail(e) {
			t.Fatalf("edge %d: twin %d is not its reverse", e, tw)
		}
		full := g.AppendSubGeometry(nil, e, 0, 1)
		if want := g.AppendGeometry(nil, e); len(full) != len(want) || geo.Length(full)-geo.Length(want) > 0.01 {
			t.Fatalf("edge %d: sub-geometry 0..1 %v, want %v", e, full, want)
		}
		half := geo.Length(g.AppendSubGeometry(nil, e, 0.25, 0.75))
		if math.Abs(float64(half)-g.Length(e)/2) > 0.01*g.Length(e)+0.1 {
			t.Fatalf("edge %d: middle half is %v m of %v m", e, half, g.Length(e))
		}
	}
	if twins == 0 {
		t.Fatal("no two-way roads found")
	}
}

func BenchmarkNearestOnEdge(b *testing.B) {
	g := imported(b)
	bd := g.Bound()
	rng := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, 1024)
	for i := range pts {
		pts[i] = orb.Point{bd.Min[0] + rng.Float64()*(bd.Max[0]-bd.Min[0]), bd.Min[1] + rng.Float64()*(bd.Max[1]-bd.Min[1])}
	}
	g.NearestOnEdge(pts[0], 50_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g.NearestOnEdge(pts[i%len(pts)], 50_000)
	}
}

func TestRoadEdgesIn(t *testing.T) {
	g := imported(t)
	bd := g.Bound()
	box := orb.Bound{Min: orb.Point{bd.Min[0] + 0.3*(bd.Max[0]-bd.Min[0]), bd.Min[1] + 0.3*(bd.Max[1]-bd.Min[1])},
		Max: orb.Point{bd.Min[0] + 0.5*(bd.Max[0]-bd.Min[0]), bd.Min[1] + 0.6*(bd.Max[1]-bd.Min[1])}}
	got := map[network.EdgeID]bool{}
	for _, e := range g.RoadEdgesIn(box, nil) {
		got[e] = true
	}
	all := g.RoadEdgesIn(bd, nil)
	for e := network.EdgeID(0); e < network.EdgeID(g.NumEdges()); e++ {
		if g.Class(e) == network.Ferry || (g.Twin(e) != network.None && g.Twin(e) < e) {
			continue
		}
		if !slices.Contains(all, e) {
			t.Errorf("edge %d missing from the whole graph's box", e)
		}
		if g.AppendGeometry(nil, e).Bound().Intersects(box) && !got[e] {
			// an edge whose polyline box meets the box may still miss it;
			// one with a vertex inside must be listed
			for _, p := range g.AppendGeometry(nil, e) {
				if box.Contains(p) {
					t.Errorf("edge %d has a point in the box but is not listed", e)
					break
				}
			}
		}
	}
	if len(got) == 0 || len(got) >= len(all) {
		t.Errorf("got %d of %d edges in a part of the graph", len(got), len(all))
	}
}

// The first snaps from several goroutines build the index once (run with
// -race).
func TestConcurrentFirstSnap(t *testing.T) {
	g := imported(t)
	bd := g.Bound()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p := orb.Point{bd.Min[0] + float64(i)/8*(bd.Max[0]-bd.Min[0]), (bd.Min[1] + bd.Max[1]) / 2}
			g.NearestOnEdge(p, 50_000)
			g.Twin(0)
		}(i)
	}
	wg.Wait()
}
