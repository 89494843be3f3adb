package synth_test

import (
	"errors"
	"testing"

	"github.com/lumbung-id/lumbung/data/synth"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

func TestGenerateDeterministicAndConnected(t *testing.T) {
	a, err := synth.Generate(2500, 9)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := synth.Generate(2500, 9)
	if a.NumNodes() != b.NumNodes() || a.NumEdges() != b.NumEdges() {
		t.Fatalf("two generations differ: %d/%d vs %d/%d nodes/edges", a.NumNodes(), a.NumEdges(), b.NumNodes(), b.NumEdges())
	}
	for v := network.NodeID(0); v < network.NodeID(a.NumNodes()); v++ {
		if a.Point(v) != b.Point(v) {
			t.Fatalf("node %d at %v and %v", v, a.Point(v), b.Point(v))
		}
	}
	s := route.NewSearcher(a)
	all := make([]network.NodeID, a.NumNodes())
	for i := range all {
		all[i] = network.NodeID(i)
	}
	out := make([]route.Totals, len(all))
	p := route.Profile{MaxSpeedKmh: 60, TollClass: 1}
	if err := s.OneToMany(0, all, &route.Options{Profile: p}, out); err != nil {
		t.Fatal(err)
	}
	for i, o := range out {
		if !o.Reachable {
			t.Fatalf("node %d unreachable from node 0", i)
		}
	}
	if _, err := synth.Generate(1, 1); !errors.Is(err, synth.ErrSize) {
		t.Errorf("got %v, want ErrSize", err)
	}
}
