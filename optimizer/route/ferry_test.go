package route_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// seasonalStrait is two ports joined by a fast ferry that runs only from 12
// to 18 April 2024 (WIB) and a slow one that runs all year.
func seasonalStrait(t *testing.T) (*network.Graph, network.NodeID, network.NodeID) {
	t.Helper()
	wib := time.FixedZone("WIB", 7*3600)
	day := func(d int) float64 { return float64(time.Date(2024, 4, d, 0, 0, 0, 0, wib).Unix()) }
	b := network.NewBuilder()
	u, v := b.AddNode(orb.Point{105.32, -5.47}), b.AddNode(orb.Point{105.96, -6.01})
	fast := b.AddService(network.Service{ID: "fast", CrossingSeconds: 3600, HeadwaySeconds: 3600,
		UTCOffsetSeconds: 7 * 3600, Seasons: []network.Window{{From: day(12), To: day(19)}},
		Tariff: [network.NumFerryClasses]float64{1, 1, 1, 1, 1, 1}})
	slow := b.AddService(network.Service{ID: "slow", CrossingSeconds: 5 * 3600, HeadwaySeconds: 600,
		UTCOffsetSeconds: 7 * 3600, Tariff: [network.NumFerryClasses]float64{1, 1, 1, 1, 1, 1}})
	for _, si := range []int{fast, slow} {
		for _, e := range [][2]network.NodeID{{u, v}, {v, u}} {
			b.AddEdge(network.EdgeSpec{From: e[0], To: e[1], Length: 90000, Class: network.Ferry, Road: network.None, Ferry: si})
		}
	}
	g, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return g, u, v
}

func TestSeasonalFerryOnlyInSeason(t *testing.T) {
	g, u, v := seasonalStrait(t)
	wib := time.FixedZone("WIB", 7*3600)
	at := func(y int, m time.Month, d, h int) float64 {
		return float64(time.Date(y, m, d, h, 0, 0, 0, wib).Unix())
	}
	s := route.NewSearcher(g)
	for _, tc := range []struct {
		name string
		opt  route.Options
		want string
	}{
		{"departing in season", route.Options{Depart: at(2024, 4, 15, 10), HasDepart: true}, "fast"},
		{"departing after the season", route.Options{Depart: at(2024, 5, 1, 10), HasDepart: true}, "slow"},
		{"departing on its last evening, no sailing left", route.Options{Depart: at(2024, 4, 18, 23) + 1, HasDepart: true}, "slow"},
		{"no time, no day", route.Options{}, "slow"},
		{"no time, a day in season", route.Options{Day: at(2024, 4, 15, 0), HasDay: true}, "fast"},
		{"no time, a day out of season", route.Options{Day: at(2025, 4, 15, 0), HasDay: true}, "slow"},
	} {
		for _, m := range []route.Metric{route.Time, route.Cost} {
			opt := tc.opt
			opt.Metric, opt.Profile = m, truck
			p, err := s.Route(u, v, &opt)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if got := g.Services()[g.FerryService(p.Edges[0])].ID; got != tc.want {
				t.Errorf("%s (%v): crossed on %s, want %s", tc.name, m, got, tc.want)
			}
		}
	}
	// with the year-round service closed, out of season there is no way over
	avoid := make([]uint64, (g.NumEdges()+63)/64)
	for e := network.EdgeID(0); e < network.EdgeID(g.NumEdges()); e++ {
		if g.Services()[g.FerryService(e)].ID == "slow" {
			avoid[e>>6] |= 1 << (uint(e) & 63)
		}
	}
	opt := route.Options{Metric: route.Time, Profile: truck, Depart: at(2024, 5, 1, 10), HasDepart: true, Avoid: avoid}
	if _, err := s.Route(u, v, &opt); !errors.Is(err, route.ErrUnreachable) {
		t.Errorf("out of season with the other service closed: got %v, want ErrUnreachable", err)
	}
	out := make([]route.Totals, 1)
	opt.HasDepart = false
	if err := s.OneToMany(u, []network.NodeID{v}, &opt, out); err != nil || out[0].Reachable {
		t.Errorf("one-to-many without a day: got %+v (%v), want unreachable", out[0], err)
	}
}

// TestFerryRefusesClass: a service whose deck has no space for a ferry
// class is not used by vehicles of that class, whatever it saves; other
// classes still take it.
func TestFerryRefusesClass(t *testing.T) {
	b := network.NewBuilder()
	u, v := b.AddNode(orb.Point{105.32, -5.47}), b.AddNode(orb.Point{105.96, -6.01})
	tariff := [network.NumFerryClasses]float64{1, 1, 1, 1, 1, 1}
	// small cars only (golongan IVB, class index 0), fast and cheap
	small := b.AddService(network.Service{ID: "small", CrossingSeconds: 3600, HeadwaySeconds: 600,
		Tariff: tariff, Deck: [network.NumFerryClasses]int{20, 0, 0, 0, 0, 0}})
	// every class, slow
	every := b.AddService(network.Service{ID: "any", CrossingSeconds: 5 * 3600, HeadwaySeconds: 600,
		Tariff: tariff, Deck: [network.NumFerryClasses]int{10, 10, 10, 10, 10, 10}})
	for _, si := range []int{small, every} {
		for _, e := range [][2]network.NodeID{{u, v}, {v, u}} {
			b.AddEdge(network.EdgeSpec{From: e[0], To: e[1], Length: 90000, Class: network.Ferry, Road: network.None, Ferry: si})
		}
	}
	g, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	s := route.NewSearcher(g)
	pickup := truck
	pickup.FerryClass = 0
	for _, tc := range []struct {
		name    string
		profile route.Profile
		want    string
	}{{"pickup (IVB)", pickup, "small"}, {"truck", truck, "any"}} {
		for _, m := range []route.Metric{route.Time, route.Cost} {
			opt := route.Options{Metric: m, Profile: tc.profile}
			p, err := s.Route(u, v, &opt)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if got := g.Services()[g.FerryService(p.Edges[0])].ID; got != tc.want {
				t.Errorf("%s (%v): crossed on %s, want %s", tc.name, m, got, tc.want)
			}
			out := make([]route.Totals, 1)
			if err := s.OneToMany(u, []network.NodeID{v}, &opt, out); err != nil {
				t.Fatal(err)
			}
			if want := p.Duration; math.Abs(out[0].Duration-want) > 1e-6 {
				t.Errorf("%s (%v): one-to-many %v s, route %v s", tc.name, m, out[0].Duration, want)
			}
		}
	}
	// with the all-class service closed the truck has no way over
	avoid := make([]uint64, (g.NumEdges()+63)/64)
	for e := network.EdgeID(0); e < network.EdgeID(g.NumEdges()); e++ {
		if g.Services()[g.FerryService(e)].ID == "any" {
			avoid[e>>6] |= 1 << (uint(e) & 63)
		}
	}
	opt := route.Options{Metric: route.Time, Profile: truck, Avoid: avoid}
	if _, err := s.Route(u, v, &opt); !errors.Is(err, route.ErrUnreachable) {
		t.Errorf("truck with only the small-car service: got %v, want ErrUnreachable", err)
	}
}
