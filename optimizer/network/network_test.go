package network_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/data/synth"
	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

func TestNearestIsExact(t *testing.T) {
	g, err := synth.Generate(2500, 7)
	if err != nil {
		t.Fatal(err)
	}
	bd := g.Bound()
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 300; i++ {
		// points inside and up to ~20 km outside the grid
		p := orb.Point{
			bd.Min[0] - 0.2 + rng.Float64()*(bd.Max[0]-bd.Min[0]+0.4),
			bd.Min[1] - 0.2 + rng.Float64()*(bd.Max[1]-bd.Min[1]+0.4),
		}
		want, wantD := network.NodeID(-1), math.Inf(1)
		for v := 0; v < g.NumNodes(); v++ {
			if d := float64(geo.Distance(p, g.Point(network.NodeID(v)))); d < wantD {
				want, wantD = network.NodeID(v), d
			}
		}
		got, err := g.Nearest(p, 30_000)
		if wantD > 30_000 {
			if !errors.Is(err, network.ErrTooFar) {
				t.Errorf("%v: got %v, want ErrTooFar", p, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%v: %v", p, err)
		}
		if got.Node != want && float64(got.Distance) != wantD {
			t.Errorf("%v: got node %d at %v m, want %d at %v m", p, got.Node, got.Distance, want, wantD)
		}
		if got.Distance > got.Radius {
			t.Errorf("%v: distance %v beyond exact radius %v", p, got.Distance, got.Radius)
		}
	}
}

func TestBuilderRejects(t *testing.T) {
	tests := []struct {
		name string
		edge network.EdgeSpec
		want error
	}{
		{"self loop", network.EdgeSpec{From: 0, To: 0, SpeedKmh: 50, Road: network.None, Ferry: network.None}, network.ErrEdge},
		{"node range", network.EdgeSpec{From: 0, To: 5, SpeedKmh: 50, Road: network.None, Ferry: network.None}, network.ErrEdge},
		{"zero speed", network.EdgeSpec{From: 0, To: 1, Road: network.None, Ferry: network.None}, network.ErrEdge},
		{"negative length", network.EdgeSpec{From: 0, To: 1, Length: -1, SpeedKmh: 50, Road: network.None, Ferry: network.None}, network.ErrEdge},
		{"ferry without service", network.EdgeSpec{From: 0, To: 1, Class: network.Ferry, Road: network.None, Ferry: 3}, network.ErrEdge},
		{"negative toll", network.EdgeSpec{From: 0, To: 1, SpeedKmh: 50, Road: network.None, Ferry: network.None, Toll: [5]float64{-1}}, network.ErrEdge},
	}
	for _, tt := range tests {
		b := network.NewBuilder()
		b.AddNode(orb.Point{105, -5})
		b.AddNode(orb.Point{105.1, -5})
		b.AddEdge(tt.edge)
		if _, err := b.Build(); !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
	}
	b := network.NewBuilder()
	b.AddNode(orb.Point{190, 0})
	if _, err := b.Build(); !errors.Is(err, network.ErrPoint) {
		t.Errorf("bad point: got %v, want ErrPoint", err)
	}
	if _, err := network.NewBuilder().Build(); !errors.Is(err, network.ErrEmpty) {
		t.Errorf("empty: got %v, want ErrEmpty", err)
	}
}

func BenchmarkNearest(b *testing.B) {
	g, err := synth.Generate(100_000, 1)
	if err != nil {
		b.Fatal(err)
	}
	bd := g.Bound()
	rng := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, 1024)
	for i := range pts {
		pts[i] = orb.Point{bd.Min[0] + rng.Float64()*(bd.Max[0]-bd.Min[0]), bd.Min[1] + rng.Float64()*(bd.Max[1]-bd.Min[1])}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := g.Nearest(pts[i&1023], 30_000); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
