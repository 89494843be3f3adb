package network_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/data/synth"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

// shaped builds a small graph with curved two-way roads, a oneway road, a
// toll road and a ferry.
func shaped(t testing.TB) *network.Graph {
	t.Helper()
	b := network.NewBuilder()
	a := b.AddNode(orb.Point{105.0, -5.0})
	c := b.AddNode(orb.Point{105.02, -5.0})
	d := b.AddNode(orb.Point{105.02, -5.02})
	e := b.AddNode(orb.Point{105.2, -5.02})
	r := b.AddRoad(network.Road{ID: "r1", Name: "Jalan Satu", Ref: "1", Class: network.Primary})
	s := b.AddService(network.Service{ID: "f", Name: "Ferry", CrossingSeconds: 3600, Departures: []float64{3600, 7200},
		Tariff: [network.NumFerryClasses]float64{1, 2, 3, 4, 5, 6}, Deck: [network.NumFerryClasses]int{1, 2, 3, 4, 5, 6}, UTCOffsetSeconds: 7 * 3600})
	shape := []orb.Point{{105.005, -4.995}, {105.015, -4.995}}
	back := []orb.Point{shape[1], shape[0]}
	b.AddRoadRestriction(network.RoadRestriction{ID: "ban", Name: "Rush hour", MinTollClass: 2, UTCOffsetSeconds: 7 * 3600,
		Windows: []network.DailyWindow{{Days: 0x3e, From: 6 * 3600, To: 10 * 3600}}, Source: "test"}, []int32{r})
	b.AddEdge(network.EdgeSpec{From: a, To: c, SpeedKmh: 50, Class: network.Primary, Road: r, Ferry: network.None, Shape: shape})
	b.AddEdge(network.EdgeSpec{From: c, To: a, SpeedKmh: 50, Class: network.Primary, Road: r, Ferry: network.None, Shape: back})
	b.AddEdge(network.EdgeSpec{From: c, To: d, SpeedKmh: 30, Class: network.Toll, Road: network.None, Ferry: network.None,
		Toll: [network.NumTollClasses]float64{10, 20, 30, 40, 50}})
	b.AddEdge(network.EdgeSpec{From: d, To: a, SpeedKmh: 30, Class: network.Feeder, Road: network.None, Ferry: network.None})
	b.AddEdge(network.EdgeSpec{From: d, To: e, Class: network.Ferry, Road: network.None, Ferry: s})
	b.AddEdge(network.EdgeSpec{From: e, To: d, Class: network.Ferry, Road: network.None, Ferry: s})
	g, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func sameGraph(t *testing.T, got, want *network.Graph) {
	t.Helper()
	if got.NumNodes() != want.NumNodes() || got.NumEdges() != want.NumEdges() {
		t.Fatalf("got %d nodes %d edges, want %d %d", got.NumNodes(), got.NumEdges(), want.NumNodes(), want.NumEdges())
	}
	for v := network.NodeID(0); v < network.NodeID(want.NumNodes()); v++ {
		if got.Point(v) != want.Point(v) {
			t.Errorf("node %d: got %v, want %v", v, got.Point(v), want.Point(v))
		}
	}
	if !reflect.DeepEqual(got.Raw(), want.Raw()) {
		t.Errorf("CSR arrays differ")
	}
	for e := network.EdgeID(0); e < network.EdgeID(want.NumEdges()); e++ {
		if !reflect.DeepEqual(got.Shape(e), want.Shape(e)) || got.Road(e) != want.Road(e) || got.Tail(e) != want.Tail(e) ||
			got.Restricted(e) != want.Restricted(e) {
			t.Errorf("edge %d differs", e)
		}
	}
	if !reflect.DeepEqual(got.RoadRestrictions(), want.RoadRestrictions()) {
		t.Errorf("got restrictions %+v, want %+v", got.RoadRestrictions(), want.RoadRestrictions())
	}
	if !reflect.DeepEqual(got.Roads(), want.Roads()) || !reflect.DeepEqual(got.Services(), want.Services()) {
		t.Errorf("got roads %+v services %+v, want %+v %+v", got.Roads(), got.Services(), want.Roads(), want.Services())
	}
}

func TestFileRoundTrip(t *testing.T) {
	g := shaped(t)
	path := filepath.Join(t.TempDir(), "g.lnet")
	if err := network.SaveFile(path, g); err != nil {
		t.Fatal(err)
	}
	got, err := network.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sameGraph(t, got, g)
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("got %d files in the directory, want only the graph", len(entries))
	}
}

// A graph without shapes (the corridor's) round-trips too.
func TestFileRoundTripStraightEdges(t *testing.T) {
	g, err := synth.Generate(400, 1)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := network.Encode(&buf, g); err != nil {
		t.Fatal(err)
	}
	got, err := network.Decode(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	sameGraph(t, got, g)
	if got.HasShapes() {
		t.Error("got shapes from a graph without any")
	}
}

// Rebuild keeps everything, restrictions included.
func TestRebuild(t *testing.T) {
	g := shaped(t)
	got, err := g.Rebuild(nil).Build()
	if err != nil {
		t.Fatal(err)
	}
	sameGraph(t, got, g)
	if got.Restricted(0) == network.None {
		t.Error("the restricted road lost its restriction")
	}
}

func TestFileRejectsDamage(t *testing.T) {
	var buf bytes.Buffer
	if err := network.Encode(&buf, shaped(t)); err != nil {
		t.Fatal(err)
	}
	full := buf.Bytes()
	flip := func(i int) []byte {
		b := bytes.Clone(full)
		b[i] ^= 0x40
		return b
	}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, network.ErrTruncate},
		{"not a graph", []byte("<?xml version='1.0'?><osm></osm>........................................"), network.ErrFormat},
		{"truncated body", full[:len(full)/2], network.ErrTruncate},
		{"truncated trailer", full[:len(full)-3], network.ErrTruncate},
		{"flipped payload bit", flip(200), network.ErrChecksum},
		{"flipped checksum", flip(len(full) - 10), network.ErrChecksum},
		{"version", func() []byte { b := bytes.Clone(full); b[8] = 99; return b }(), network.ErrVersion},
		{"huge count", func() []byte { b := bytes.Clone(full); b[24+7] = 0x7f; return b }(), network.ErrTruncate},
	}
	for _, tc := range tests {
		_, err := network.Decode(bytes.NewReader(tc.data), int64(len(tc.data)))
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}
