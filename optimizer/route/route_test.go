package route_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/lumbung-id/lumbung/data/synth"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

var truck = route.Profile{MaxSpeedKmh: 60, CostPerKm: 4500, DriverPerHour: 25000, TollClass: 2, FerryClass: 2}

// oracle builds gonum's graph with each edge weighted by the metric the
// searcher uses (ferries at their expected wait) and runs its Dijkstra.
func oracle(t *testing.T, g *network.Graph, opt *route.Options, from network.NodeID) path.Shortest {
	t.Helper()
	wg := simple.NewWeightedDirectedGraph(0, math.Inf(1))
	for v := 0; v < g.NumNodes(); v++ {
		wg.AddNode(simple.Node(v))
	}
	for e := network.EdgeID(0); e < network.EdgeID(g.NumEdges()); e++ {
		w := edgeWeight(g, opt, e)
		wg.SetWeightedEdge(wg.NewWeightedEdge(simple.Node(g.Tail(e)), simple.Node(g.Head(e)), w))
	}
	return path.DijkstraFrom(simple.Node(from), wg)
}

// edgeWeight is edge e's metric under opt, ferries at their expected wait.
func edgeWeight(g *network.Graph, opt *route.Options, e network.EdgeID) float64 {
	l := g.Length(e)
	if g.Class(e) == network.Ferry {
		s := g.Services()[g.FerryService(e)]
		dt := s.ExpectedWait() + s.CrossingSeconds
		switch opt.Metric {
		case route.Time:
			return dt
		case route.Distance:
			return l
		}
		return s.Tariff[opt.Profile.FerryClass] + opt.Profile.DriverPerHour*dt/3600
	}
	v := math.Min(g.Speed(e), opt.Profile.MaxSpeedKmh)
	dt := l * 3.6 / v
	switch opt.Metric {
	case route.Time:
		return dt
	case route.Distance:
		return l
	}
	return opt.Profile.CostPerKm*l/1000 + opt.Profile.DriverPerHour*dt/3600 + g.Toll(e, opt.Profile.TollClass)
}

func TestRouteMatchesDijkstraOracle(t *testing.T) {
	for _, n := range []int{64, 144, 400} {
		g, err := synth.Generate(n, uint64(n))
		if err != nil {
			t.Fatal(err)
		}
		s := route.NewSearcher(g)
		rng := rand.New(rand.NewPCG(1, uint64(n)))
		for _, m := range []route.Metric{route.Time, route.Distance, route.Cost} {
			opt := &route.Options{Metric: m, Profile: truck}
			for q := 0; q < 5; q++ {
				from := network.NodeID(rng.IntN(g.NumNodes()))
				sp := oracle(t, g, opt, from)
				targets := make([]network.NodeID, 10)
				for i := range targets {
					targets[i] = network.NodeID(rng.IntN(g.NumNodes()))
				}
				out := make([]route.Totals, len(targets))
				if err := s.OneToMany(from, targets, opt, out); err != nil {
					t.Fatal(err)
				}
				back := make([]route.Totals, len(targets))
				for i, to := range targets {
					one := []network.NodeID{from}
					if err := s.ManyToOne(one, to, opt, back[i:i+1]); err != nil {
						t.Fatal(err)
					}
				}
				for i, to := range targets {
					want := sp.WeightTo(int64(to))
					if got := metricOf(m, back[i]); math.Abs(got-want) > 1e-6*math.Max(1, want) {
						t.Errorf("n=%d %v %d→%d: many-to-one got %v, want %v", n, m, from, to, got, want)
					}
					p, err := s.Route(from, to, opt)
					if err != nil {
						t.Fatalf("n=%d %v %d→%d: %v", n, m, from, to, err)
					}
					var got float64
					switch m {
					case route.Time:
						got = p.Duration
					case route.Distance:
						got = p.Distance
					case route.Cost:
						got = p.Cost.Total()
					}
					if math.Abs(got-want) > 1e-6*math.Max(1, want) {
						t.Errorf("n=%d %v %d→%d: A* got %v, want %v", n, m, from, to, got, want)
					}
					if math.Abs(out[i].Duration-p.Duration) > 1e-6*math.Max(1, p.Duration) ||
						math.Abs(out[i].Distance-p.Distance) > 1e-6*math.Max(1, p.Distance) {
						t.Errorf("n=%d %v %d→%d: one-to-many got %+v, route %v s %v m", n, m, from, to, out[i], p.Duration, p.Distance)
					}
					if len(p.Nodes) != len(p.Edges)+1 || p.Nodes[0] != from || p.Nodes[len(p.Nodes)-1] != to {
						t.Errorf("n=%d %d→%d: malformed path nodes=%v edges=%v", n, from, to, p.Nodes, p.Edges)
					}
				}
			}
		}
	}
}

// ferryGraph is A —road— P1 ==ferry== P2 —road— B.
func ferryGraph(t *testing.T, svc network.Service) *network.Graph {
	t.Helper()
	b := network.NewBuilder()
	a := b.AddNode([2]float64{105.70, -5.80})
	p1 := b.AddNode([2]float64{105.75, -5.87})
	p2 := b.AddNode([2]float64{105.99, -5.93})
	bb := b.AddNode([2]float64{106.05, -6.00})
	r := b.AddRoad(network.Road{ID: "r", Name: "road", Class: network.Trunk})
	s := b.AddService(svc)
	for _, e := range [][2]network.NodeID{{a, p1}, {p1, a}, {p2, bb}, {bb, p2}} {
		b.AddEdge(network.EdgeSpec{From: e[0], To: e[1], SpeedKmh: 40, Class: network.Trunk, Road: r, Ferry: network.None})
	}
	for _, e := range [][2]network.NodeID{{p1, p2}, {p2, p1}} {
		b.AddEdge(network.EdgeSpec{From: e[0], To: e[1], Class: network.Ferry, Road: network.None, Ferry: s})
	}
	g, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestFerryWait(t *testing.T) {
	svc := network.Service{ID: "f", CrossingSeconds: 7200, Departures: []float64{6 * 3600, 18 * 3600},
		Tariff: [6]float64{1, 2, 3, 4, 5, 6}, UTCOffsetSeconds: 7 * 3600}
	g := ferryGraph(t, svc)
	s := route.NewSearcher(g)
	drive, err := s.Route(0, 1, &route.Options{Metric: route.Time, Profile: truck})
	if err != nil {
		t.Fatal(err)
	}
	// Depart at local 05:00 (22:00 UTC the day before): arrive at the port
	// after the drive, wait for the 06:00 departure.
	depart := float64(-2*3600) + 86400*100
	p, err := s.Route(0, 3, &route.Options{Metric: route.Time, Profile: truck, Depart: depart, HasDepart: true})
	if err != nil {
		t.Fatal(err)
	}
	wantWait := 3600 - drive.Duration
	if math.Abs(p.FerryWait-wantWait) > 1e-6 {
		t.Errorf("wait got %v, want %v", p.FerryWait, wantWait)
	}
	// Without a departure time the wait is the timetable's expected wait:
	// two departures 12 h apart → 6 h.
	p, err = s.Route(0, 3, &route.Options{Metric: route.Cost, Profile: truck})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(p.FerryWait-6*3600) > 1e-6 {
		t.Errorf("expected wait got %v, want %v", p.FerryWait, 6*3600)
	}
	if p.Cost.Ferry != 3 {
		t.Errorf("ferry tariff got %v, want %v", p.Cost.Ferry, 3)
	}
	// Closing the ferry edges makes B unreachable.
	avoid := make([]uint64, 1)
	for e := network.EdgeID(0); e < network.EdgeID(g.NumEdges()); e++ {
		if g.Class(e) == network.Ferry {
			avoid[0] |= 1 << uint(e)
		}
	}
	if _, err := s.Route(0, 3, &route.Options{Metric: route.Time, Profile: truck, Avoid: avoid}); !errors.Is(err, route.ErrUnreachable) {
		t.Errorf("closed ferry: got %v, want ErrUnreachable", err)
	}
}

func TestServiceWait(t *testing.T) {
	reg := network.Service{HeadwaySeconds: 600}
	tests := []struct {
		s    network.Service
		t    float64
		want float64
	}{
		{reg, 0, 0},
		{reg, 1, 599},
		{reg, 86399, 1},
		{network.Service{Departures: []float64{3600}}, 0, 3600},
		{network.Service{Departures: []float64{3600}}, 7200, 86400 - 3600},
		{network.Service{Departures: []float64{3600}, UTCOffsetSeconds: 3600}, 0, 0},
	}
	for _, tt := range tests {
		if got := tt.s.Wait(tt.t); got != tt.want {
			t.Errorf("Wait(%v) got %v, want %v", tt.t, got, tt.want)
		}
	}
	if got := reg.ExpectedWait(); got != 300 {
		t.Errorf("ExpectedWait got %v, want 300", got)
	}
}

func TestRouteNoAllocs(t *testing.T) {
	g, err := synth.Generate(10_000, 1)
	if err != nil {
		t.Fatal(err)
	}
	s := route.NewSearcher(g)
	opt := &route.Options{Metric: route.Cost, Profile: truck}
	n := network.NodeID(g.NumNodes())
	if _, err := s.Route(0, n-1, opt); err != nil {
		t.Fatal(err)
	}
	i := network.NodeID(0)
	allocs := testing.AllocsPerRun(50, func() {
		i = (i*7919 + 13) % n
		if _, err := s.Route(i, n-1-i, opt); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("allocs per query got %v, want 0", allocs)
	}
}

func TestBadInput(t *testing.T) {
	g, _ := synth.Generate(16, 1)
	s := route.NewSearcher(g)
	if _, err := s.Route(0, 99, &route.Options{Profile: truck}); !errors.Is(err, route.ErrNode) {
		t.Errorf("got %v, want ErrNode", err)
	}
	bad := truck
	bad.TollClass = 9
	if _, err := s.Route(0, 1, &route.Options{Profile: bad}); !errors.Is(err, route.ErrProfile) {
		t.Errorf("got %v, want ErrProfile", err)
	}
	if _, err := route.ParseMetric("fastest"); !errors.Is(err, route.ErrMetric) {
		t.Errorf("got %v, want ErrMetric", err)
	}
}

func metricOf(m route.Metric, t route.Totals) float64 {
	switch m {
	case route.Time:
		return t.Duration
	case route.Distance:
		return t.Distance
	}
	return t.Cost
}
