package route_test

import (
	"math"
	"testing"

	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// restrictedGraph is A —R1— M —R2— B along a restricted road (two
// sections, 10 km in all) and A —D— B, a free detour of 30 km; all at
// 60 km/h. The restriction binds toll class II and up from 08:00 to 09:00
// UTC.
func restrictedGraph(t *testing.T) (*network.Graph, network.NodeID, network.NodeID) {
	t.Helper()
	b := network.NewBuilder()
	// 0.045° of longitude at the equator is ~5 km.
	a := b.AddNode([2]float64{0, 0})
	m := b.AddNode([2]float64{0.045, 0})
	bb := b.AddNode([2]float64{0.09, 0})
	c := b.AddNode([2]float64{0.045, 0.1})
	ring := b.AddRoad(network.Road{ID: "ring", Class: network.Toll})
	det := b.AddRoad(network.Road{ID: "detour", Class: network.Trunk})
	add := func(u, v network.NodeID, road int32, class network.Class, length float64) {
		for _, e := range [][2]network.NodeID{{u, v}, {v, u}} {
			b.AddEdge(network.EdgeSpec{From: e[0], To: e[1], Length: length, SpeedKmh: 60, Class: class, Road: road, Ferry: network.None})
		}
	}
	add(a, m, ring, network.Toll, 5000)
	add(m, bb, ring, network.Toll, 5000)
	add(a, c, det, network.Trunk, 15000)
	add(c, bb, det, network.Trunk, 15000)
	b.AddRoadRestriction(network.RoadRestriction{ID: "rush", Name: "rush hour", MinTollClass: 2,
		Windows: []network.DailyWindow{{From: 8 * 3600, To: 9 * 3600}}}, []int32{ring})
	g, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return g, a, bb
}

func TestRestrictionWaitOrDetour(t *testing.T) {
	g, a, bb := restrictedGraph(t)
	s := route.NewSearcher(g)
	car := truck
	car.TollClass = 1
	const h = 3600.0
	for _, c := range []struct {
		name     string
		metric   route.Metric
		profile  route.Profile
		depart   float64 // seconds after midnight UTC; <0: no departure time
		duration float64
		wait     float64
	}{
		{"before the window: direct", route.Time, truck, 7 * h, 600, 0},
		{"early in the window: detour beats the wait", route.Time, truck, 8*h + 600, 1800, 0},
		{"late in the window: waiting beats the detour", route.Time, truck, 8*h + 3000, 1200, 600},
		{"a wait is free by distance", route.Distance, truck, 8*h + 600, 3600, 3000},
		{"cost: the driver's wait is cheaper than 20 km more", route.Cost, truck, 8*h + 600, 3600, 3000},
		{"class I is not bound", route.Time, car, 8*h + 600, 600, 0},
		{"no departure time: no clock, no wait", route.Time, truck, -1, 600, 0},
		{"on the road when the window opens: drives on", route.Time, truck, 8*h - 200, 600, 0},
	} {
		opt := &route.Options{Metric: c.metric, Profile: c.profile, Depart: c.depart, HasDepart: c.depart >= 0}
		p, err := s.Route(a, bb, opt)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(p.Duration-c.duration) > 1 || math.Abs(p.RestrictionWait-c.wait) > 1 {
			t.Errorf("%s: got %.0f s with a %.0f s wait, want %.0f s with %.0f s", c.name, p.Duration, p.RestrictionWait, c.duration, c.wait)
		}
		// OneToMany prices the same clock-dependent waits.
		out := make([]route.Totals, 1)
		if err := s.OneToMany(a, []network.NodeID{bb}, opt, out); err != nil {
			t.Fatal(err)
		}
		if math.Abs(out[0].Duration-p.Duration) > 1 {
			t.Errorf("%s: OneToMany got %.0f s, Route %.0f s", c.name, out[0].Duration, p.Duration)
		}
	}
}

func TestTripReportsRestrictions(t *testing.T) {
	g, _, _ := restrictedGraph(t)
	r, err := route.NewRouter(g, route.Feeder{Circuity: 1.3, SpeedKmh: 30, MaxSnapMeters: 1000})
	if err != nil {
		t.Fatal(err)
	}
	from, to := g.Point(0), g.Point(2)
	trip, err := r.Trip(from, to, &route.Options{Metric: route.Time, Profile: truck})
	if err != nil {
		t.Fatal(err)
	}
	if len(trip.Restrictions) != 1 || trip.Restrictions[0].ID != "rush" || !trip.Restrictions[0].Binding {
		t.Fatalf("without a departure time got restrictions %+v, want the one binding entry to rush", trip.Restrictions)
	}
	if len(trip.Legs) != 1 || trip.Legs[0].Restriction != "rush" {
		t.Fatalf("got legs %+v, want one leg on the restricted road", trip.Legs)
	}
	trip, err = r.Trip(from, to, &route.Options{Metric: route.Distance, Profile: truck, Depart: 8*3600 + 600, HasDepart: true})
	if err != nil {
		t.Fatal(err)
	}
	if x := trip.Restrictions; len(x) != 1 || math.Abs(x[0].Wait-3000) > 1 || math.Abs(x[0].Enter-3000) > 1 {
		t.Fatalf("with a departure in the window got %+v, want a 3000 s wait then entry", x)
	}
	if l := trip.Legs[0]; math.Abs(l.RestrictionWaitSeconds-3000) > 1 || math.Abs(l.Duration-3600) > 1 {
		t.Errorf("leg got %.0f s with %.0f s wait, want 3600 s with 3000 s", l.Duration, l.RestrictionWaitSeconds)
	}
}

func TestRestrictedRouteNoAllocs(t *testing.T) {
	g, a, bb := restrictedGraph(t)
	s := route.NewSearcher(g)
	opt := &route.Options{Metric: route.Time, Profile: truck, Depart: 8*3600 + 3000, HasDepart: true}
	if _, err := s.Route(a, bb, opt); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(50, func() {
		opt.Depart += 60
		if _, err := s.Route(a, bb, opt); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("allocs per restricted query got %v, want 0", allocs)
	}
}
