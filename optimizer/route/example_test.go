package route_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// A port road, a ferry every 30 minutes, a road on the other side.
func ExampleSearcher_Route() {
	b := network.NewBuilder()
	a := b.AddNode(orb.Point{105.70, -5.80})
	p1 := b.AddNode(orb.Point{105.75, -5.87})
	p2 := b.AddNode(orb.Point{105.99, -5.93})
	z := b.AddNode(orb.Point{106.05, -6.00})
	road := b.AddRoad(network.Road{ID: "r", Name: "Jalan Lintas", Class: network.Trunk})
	ferry := b.AddService(network.Service{ID: "bkh-mrk", CrossingSeconds: 7200, HeadwaySeconds: 1800,
		Tariff: [network.NumFerryClasses]float64{447800, 835300, 1285200, 1860400, 2452400, 3755000}})
	for _, e := range [][2]network.NodeID{{a, p1}, {p2, z}} {
		b.AddEdge(network.EdgeSpec{From: e[0], To: e[1], SpeedKmh: 50, Class: network.Trunk, Road: road, Ferry: network.None})
	}
	b.AddEdge(network.EdgeSpec{From: p1, To: p2, Class: network.Ferry, Road: network.None, Ferry: ferry})
	g, _ := b.Build()

	s := route.NewSearcher(g)
	truck := route.Profile{MaxSpeedKmh: 60, CostPerKm: 4000, DriverPerHour: 30000, TollClass: 3, FerryClass: 4}
	p, _ := s.Route(a, z, &route.Options{Metric: route.Time, Profile: truck})
	fmt.Printf("%d edges, %.1f km, %.0f min (ferry wait %.0f min), ferry Rp %.0f\n",
		len(p.Edges), p.Distance/1000, p.Duration/60, p.FerryWait/60, p.Cost.Ferry)
	// Output: 3 edges, 47.1 km, 159 min (ferry wait 15 min), ferry Rp 2452400
}
