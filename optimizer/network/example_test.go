package network_test

import (
	"fmt"
	"os"
	"path/filepath"

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

func ExampleGraph_NearestOnEdge() {
	b := network.NewBuilder()
	u := b.AddNode(orb.Point{105.26, -5.43})
	v := b.AddNode(orb.Point{105.30, -5.43})
	// one curved two-way road: its shape bends north through 105.28,-5.42
	shape := []orb.Point{{105.28, -5.42}}
	for _, e := range [][2]network.NodeID{{u, v}, {v, u}} {
		b.AddEdge(network.EdgeSpec{From: e[0], To: e[1], SpeedKmh: 40, Class: network.Primary,
			Road: network.None, Ferry: network.None, Shape: shape})
	}
	g, _ := b.Build()

	s, _ := g.NearestOnEdge(orb.Point{105.28, -5.418}, 30_000)
	fmt.Printf("edge %d (twin %d) at %.0f m, %.0f m along, fraction %.2f\n", s.Edge, s.Twin, s.Distance, s.Offset, s.Fraction)
	// Output: edge 0 (twin 1) at 222 m, 2477 m along, fraction 0.50
}

func ExampleSaveFile() {
	b := network.NewBuilder()
	u := b.AddNode(orb.Point{105.26, -5.43})
	v := b.AddNode(orb.Point{105.30, -5.43})
	b.AddEdge(network.EdgeSpec{From: u, To: v, SpeedKmh: 40, Class: network.Primary, Road: network.None, Ferry: network.None})
	g, _ := b.Build()

	dir, _ := os.MkdirTemp("", "lnet")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "roads.lnet")
	if err := network.SaveFile(path, g); err != nil {
		panic(err)
	}
	back, err := network.LoadFile(path)
	fmt.Println(back.NumNodes(), back.NumEdges(), err)
	// Output: 2 1 <nil>
}
