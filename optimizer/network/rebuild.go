package network

import (
	"slices"

	"github.com/paulmach/orb"
)

// Rebuild returns a Builder holding g's nodes, roads, services, road
// restrictions and the edges for which keep returns true (all edges if keep is nil), in CSR
// order with their attributes and shapes, so that a caller can add
// services and edges (a dataset's ferry timetables on an imported graph)
// and build a new graph. Node ids, road and service indices are unchanged.
func (g *Graph) Rebuild(keep func(EdgeID) bool) *Builder {
	b := &Builder{
		pos:      append([]orb.Point(nil), g.pos...),
		roads:    append([]Road(nil), g.roads...),
		services: append([]Service(nil), g.services...),
		edges:    make([]EdgeSpec, 0, len(g.head)),
	}
	for e := EdgeID(0); e < EdgeID(len(g.head)); e++ {
		if keep != nil && !keep(e) {
			continue
		}
		b.edges = append(b.edges, g.Spec(e))
	}
	for k, roads := range g.restrictedRoads() {
		b.AddRoadRestriction(g.restrictions[k], roads)
	}
	return b
}

// restrictedRoads lists, for each road restriction, the roads whose edges
// carry it (as AddRoadRestriction took them), in increasing order.
func (g *Graph) restrictedRoads() [][]int32 {
	out := make([][]int32, len(g.restrictions))
	for e, k := range g.restr {
		if k == None {
			continue
		}
		if ro := g.road[e]; len(out[k]) == 0 || !slices.Contains(out[k], ro) {
			out[k] = append(out[k], ro)
		}
	}
	for _, roads := range out {
		slices.Sort(roads)
	}
	return out
}

// Spec returns edge e as an EdgeSpec; its Shape aliases the graph's, which
// callers must not modify.
func (g *Graph) Spec(e EdgeID) EdgeSpec {
	s := EdgeSpec{From: g.tail[e], To: g.head[e], Length: float64(g.length[e]), SpeedKmh: float64(g.speed[e]),
		Class: g.class[e], Road: g.road[e], Ferry: int(g.ferry[e]), Shape: g.Shape(e)}
	for c := range s.Toll {
		s.Toll[c] = float64(g.toll[int(e)*NumTollClasses+c])
	}
	return s
}
