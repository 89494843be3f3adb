package network_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/optimizer/network"
)

func ExampleGraph_Nearest() {
	b := network.NewBuilder()
	u := b.AddNode(orb.Point{105.26, -5.43}) // Bandar Lampung
	v := b.AddNode(orb.Point{105.30, -5.47})
	r := b.AddRoad(network.Road{ID: "r", Name: "Jalan Soekarno-Hatta", Class: network.Trunk})
	b.AddEdge(network.EdgeSpec{From: u, To: v, SpeedKmh: 40, Class: network.Trunk, Road: r, Ferry: network.None})
	g, _ := b.Build()

	s, err := g.Nearest(orb.Point{105.262, -5.431}, 30_000)
	fmt.Printf("node %d at %.0f m, exact within %v\n", s.Node, s.Distance, s.Distance <= s.Radius)
	_, err = g.Nearest(orb.Point{104.0, -7.5}, 30_000) // Indian Ocean
	fmt.Println(err)
	// Output:
	// node 0 at 248 m, exact within true
	// network: point is farther from the network than the snap radius: nearest node beyond 30000 m
}
