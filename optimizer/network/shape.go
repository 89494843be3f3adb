package network

import (
	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo"
)

// setShapes stores the specs' shapes in CSR order, replaying Build's
// placement of each spec (first is the CSR offset of each node's edges).
func (g *Graph) setShapes(specs []EdgeSpec, first []int32) {
	total := 0
	for i := range specs {
		total += len(specs[i].Shape)
	}
	if total == 0 {
		return
	}
	m := len(specs)
	count := make([]int32, m+1)
	next := make([]int32, len(first))
	copy(next, first)
	slot := make([]int32, m) // CSR position of spec i
	for i := range specs {
		k := next[specs[i].From]
		next[specs[i].From]++
		slot[i] = k
		count[k+1] = int32(len(specs[i].Shape))
	}
	for k := 0; k < m; k++ {
		count[k+1] += count[k]
	}
	g.shapeFirst = count
	g.shapePts = make([]orb.Point, total)
	for i := range specs {
		copy(g.shapePts[count[slot[i]]:], specs[i].Shape)
	}
}

// PolylineLength is the great-circle length of a → shape… → b in metres.
func PolylineLength(a orb.Point, shape []orb.Point, b orb.Point) float64 {
	var l float64
	prev := a
	for _, p := range shape {
		l += float64(geo.Distance(prev, p))
		prev = p
	}
	return l + float64(geo.Distance(prev, b))
}

// HasShapes reports whether any edge carries interior shape points.
func (g *Graph) HasShapes() bool { return g.shapeFirst != nil }

// Shape returns edge e's interior points from tail to head (nil for a
// straight edge); callers must not modify them.
func (g *Graph) Shape(e EdgeID) []orb.Point {
	if g.shapeFirst == nil {
		return nil
	}
	return g.shapePts[g.shapeFirst[e]:g.shapeFirst[e+1]]
}

// NumShapePoints returns the number of interior shape points of all edges.
func (g *Graph) NumShapePoints() int { return len(g.shapePts) }

// AppendGeometry appends edge e's polyline to dst: its tail, its shape and
// its head. To join consecutive edges of a path, skip the first point of
// every edge after the first.
func (g *Graph) AppendGeometry(dst orb.LineString, e EdgeID) orb.LineString {
	dst = append(dst, g.pos[g.tail[e]])
	dst = append(dst, g.Shape(e)...)
	return append(dst, g.pos[g.head[e]])
}

// AppendSubGeometry appends the stretch of edge e's polyline between
// fractions a ≤ b of its length (0 the tail, 1 the head) to dst, with
// interpolated end points.
func (g *Graph) AppendSubGeometry(dst orb.LineString, e EdgeID, a, b float64) orb.LineString {
	n := int32(len(g.Shape(e)) + 2)
	total := 0.0
	for k := int32(0); k+1 < n; k++ {
		total += float64(geo.Distance(g.polylinePoint(e, k), g.polylinePoint(e, k+1)))
	}
	at := func(p, q orb.Point, t float64) orb.Point {
		return orb.Point{p[0] + t*(q[0]-p[0]), p[1] + t*(q[1]-p[1])}
	}
	lo, hi := a*total, b*total
	run := 0.0
	started := false
	for k := int32(0); k+1 < n; k++ {
		p, q := g.polylinePoint(e, k), g.polylinePoint(e, k+1)
		l := float64(geo.Distance(p, q))
		if !started && run+l >= lo {
			t := 0.0
			if l > 0 {
				t = (lo - run) / l
			}
			dst = append(dst, at(p, q, t))
			started = true
		}
		if started {
			if run+l >= hi {
				t := 1.0
				if l > 0 {
					t = (hi - run) / l
				}
				return append(dst, at(p, q, t))
			}
			dst = append(dst, q)
		}
		run += l
	}
	if !started {
		dst = append(dst, g.pos[g.head[e]])
	}
	return dst
}
