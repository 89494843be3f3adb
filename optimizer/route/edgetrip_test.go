package route_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/data/osmimport"
	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// importedRouter routes over the generated test network.
func importedRouter(t testing.TB) (*network.Graph, *route.Router) {
	t.Helper()
	g, _, err := osmimport.Import("../../data/osmimport/testdata/gen2k_s42.osm.pbf", osmimport.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := route.NewRouter(g, route.Feeder{Circuity: 1.3, SpeedKmh: 30, MaxSnapMeters: 30_000})
	if err != nil {
		t.Fatal(err)
	}
	return g, r
}

// On an imported graph a trip runs between the points on edges nearest its
// ends: its network part must equal the best over the ways out of the
// source point and into the target point (seeds) of Dijkstra between their
// nodes plus the partial edges, or the drive along one shared edge.
func TestTripOnEdgesMatchesOracle(t *testing.T) {
	g, r := importedRouter(t)
	bd := g.Bound()
	rng := rand.New(rand.NewPCG(8, 9))
	random := func() orb.Point {
		return orb.Point{bd.Min[0] + rng.Float64()*(bd.Max[0]-bd.Min[0]), bd.Min[1] + rng.Float64()*(bd.Max[1]-bd.Min[1])}
	}
	checked := 0
	for _, m := range []route.Metric{route.Time, route.Distance, route.Cost} {
		opt := &route.Options{Metric: m, Profile: truck}
		trees := map[network.NodeID]func(network.NodeID) float64{}
		dist := func(u, v network.NodeID) float64 {
			if trees[u] == nil {
				sh := oracle(t, g, opt, u)
				trees[u] = func(v network.NodeID) float64 { return sh.WeightTo(int64(v)) }
			}
			return trees[u](v)
		}
		for i := 0; i < 60; i++ {
			from, to := random(), random()
			if i%10 == 0 { // both ends on one road
				e := network.EdgeID(rng.IntN(g.NumEdges()))
				if g.Class(e) == network.Ferry {
					continue
				}
				line := g.AppendGeometry(nil, e)
				from, to = line[0], line[len(line)-1]
				from, to = geo.Interpolate(from, to, 0.2), geo.Interpolate(from, to, 0.7)
			}
			trip, err := r.Trip(from, to, opt)
			if errors.Is(err, network.ErrTooFar) {
				continue
			}
			if err != nil {
				t.Fatalf("%v → %v: %v", from, to, err)
			}
			checked++
			sf, st := *trip.FromEdge, *trip.ToEdge
			want := math.Inf(1)
			for _, a := range route.SourceSeeds(g, sf) {
				for _, b := range route.TargetSeeds(g, st) {
					w := a.Share*edgeWeight(g, opt, a.Edge) + dist(a.Node, b.Node) + b.Share*edgeWeight(g, opt, b.Edge)
					want = math.Min(want, w)
				}
			}
			if sf.Edge == st.Edge {
				if st.Fraction >= sf.Fraction {
					want = math.Min(want, (st.Fraction-sf.Fraction)*edgeWeight(g, opt, sf.Edge))
				} else if sf.Twin != network.None {
					want = math.Min(want, (sf.Fraction-st.Fraction)*edgeWeight(g, opt, sf.Twin))
				}
			}
			fin, _ := r.FeederLeg(float64(sf.Distance), &opt.Profile)
			fout, _ := r.FeederLeg(float64(st.Distance), &opt.Profile)
			total := route.Totals{Duration: trip.Duration, Distance: trip.Distance, Cost: trip.Cost.Total()}
			feeders := route.Totals{Duration: fin.Duration + fout.Duration, Distance: fin.Distance + fout.Distance, Cost: fin.Cost + fout.Cost}
			got := metricOf(m, total) - metricOf(m, feeders)
			if math.Abs(got-want) > 1e-6*math.Max(1, want) {
				t.Errorf("%v %v → %v: got %v, want %v", m, from, to, got, want)
			}
			var legs float64
			for _, l := range trip.Legs {
				legs += l.Distance
			}
			if math.Abs(legs-trip.Distance) > 1e-6*trip.Distance+1e-6 {
				t.Errorf("%v → %v: legs sum to %v m, trip %v m", from, to, legs, trip.Distance)
			}
			if gl := trip.Geometry; gl[0] != from || gl[len(gl)-1] != to {
				t.Errorf("geometry runs %v → %v, want %v → %v", gl[0], gl[len(gl)-1], from, to)
			}
			// the drawn line is the driven road plus the feeders
			drawn := float64(geo.Length(trip.Geometry))
			road := trip.Distance - fin.Distance - fout.Distance
			if drawn < road*0.99-1 || drawn > road+float64(sf.Distance+st.Distance)+1 {
				t.Errorf("%v → %v: geometry %v m for %v m of road", from, to, drawn, road)
			}
		}
	}
	if checked < 90 {
		t.Errorf("only %d trips checked", checked)
	}
}

// A matrix between edge points agrees with the trips between them.
func TestMatrixOnEdgesMatchesTrips(t *testing.T) {
	g, r := importedRouter(t)
	rng := rand.New(rand.NewPCG(10, 11))
	var pts []orb.Point
	for len(pts) < 12 {
		e := network.EdgeID(rng.IntN(g.NumEdges()))
		if g.Class(e) == network.Ferry {
			continue
		}
		// points off a road, and two on the same edge
		sub := g.AppendSubGeometry(nil, e, rng.Float64(), 1)
		pts = append(pts, orb.Point{sub[0][0] + 0.002*(rng.Float64()-0.5), sub[0][1] + 0.002*(rng.Float64()-0.5)})
		if len(pts) == 6 {
			pts = append(pts, g.AppendSubGeometry(nil, e, 0.1, 1)[0], g.AppendSubGeometry(nil, e, 0.9, 1)[0])
		}
	}
	for _, metric := range []route.Metric{route.Time, route.Cost} {
		opt := &route.Options{Metric: metric, Profile: truck}
		m, err := r.Matrix(pts, pts, opt)
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range pts {
			for j, b := range pts {
				trip, err := r.Trip(a, b, opt)
				if err != nil {
					if m.Costs[i][j] != nil {
						t.Errorf("%d→%d: matrix has a value, trip fails: %v", i, j, err)
					}
					continue
				}
				if m.Costs[i][j] == nil {
					t.Fatalf("%d→%d: unreachable in the matrix", i, j)
				}
				got := route.Totals{Duration: *m.Durations[i][j], Distance: *m.Distances[i][j], Cost: *m.Costs[i][j]}
				want := route.Totals{Duration: trip.Duration, Distance: trip.Distance, Cost: trip.Cost.Total()}
				if g, w := metricOf(metric, got), metricOf(metric, want); math.Abs(g-w) > 1e-6*math.Max(1, w) {
					t.Errorf("%v %d→%d: matrix %v, trip %v", metric, i, j, g, w)
				}
			}
		}
	}
}

func BenchmarkTripOnEdges(b *testing.B) {
	g, r := importedRouter(b)
	rng := rand.New(rand.NewPCG(12, 13))
	var pairs [][2]orb.Point
	for len(pairs) < 64 {
		var pr [2]orb.Point
		for k := range pr {
			e := network.EdgeID(rng.IntN(g.NumEdges()))
			pr[k] = g.AppendSubGeometry(nil, e, rng.Float64(), 1)[0]
		}
		pairs = append(pairs, pr)
	}
	opt := &route.Options{Metric: route.Cost, Profile: truck}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pairs[i%len(pairs)]
		if _, err := r.Trip(p[0], p[1], opt); err != nil {
			b.Fatal(err)
		}
	}
}
