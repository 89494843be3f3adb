package network

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo"
)

// EdgeSnap is the result of NearestOnEdge: the point of the road network
// nearest to a query point, on an edge's polyline.
type EdgeSnap struct {
	// Edge holds the snapped point; Twin is the same road driven the other
	// way (None on a one-way road).
	Edge, Twin EdgeID
	Point      orb.Point  // the nearest point on Edge's polyline
	Distance   geo.Meters // from the query point to Point
	// Offset is the distance in metres along Edge's polyline from its tail
	// to Point; Fraction is Offset over the polyline's length (0 at the
	// tail, 1 at the head), the share of the edge's cost still ahead of a
	// trip leaving Point towards Edge's head.
	Offset, Fraction float64
	// Radius is the distance within which the search was exhaustive.
	Radius geo.Meters
}

// snapCellDeg is the side of the snapping grid's cells in degrees (~550 m
// at the equator): small enough that a town's cell holds a few hundred
// segments, large enough that a long segment covers few cells.
const snapCellDeg = 0.005

const snapRows = int64(180/snapCellDeg) + 2

// edgeIndex is a uniform lon/lat grid over the polyline segments of the
// road edges (one edge of each two-way pair; ferries are not snapped to):
// keys are sorted cell keys, refs[first[i]:first[i+1]] the segments
// crossing cell keys[i]'s box.
type edgeIndex struct {
	keys  []int64
	first []int32
	refs  []segRef
	twin  []int32
	// the box of cells holding any segment, so that a search stops once
	// its rings cover it
	minX, minY, maxX, maxY int64
	// occupied marks the box's cells that hold a segment (nil when the box
	// is too large for a bitmap), so that the empty cells a search for a
	// point far from the roads crosses cost no binary search
	occupied []uint64
}

// maxOccupancyCells bounds the occupancy bitmap (8 MiB): a country
// extract fits, a planet falls back to binary searches.
const maxOccupancyCells = 1 << 26

// has reports whether cell x,y may hold a segment.
func (idx *edgeIndex) has(x, y int64) bool {
	if x < idx.minX || x > idx.maxX || y < idx.minY || y > idx.maxY {
		return false
	}
	if idx.occupied == nil {
		return true
	}
	i := (x-idx.minX)*(idx.maxY-idx.minY+1) + (y - idx.minY)
	return idx.occupied[i>>6]&(1<<(uint(i)&63)) != 0
}

type segRef struct {
	edge int32
	seg  int32 // segment k runs from polyline point k to k+1
}

type edgeIndexOnce struct {
	once sync.Once
	idx  *edgeIndex
}

func cellOf(p orb.Point) (ix, iy int64) {
	return int64(math.Floor((p[0] + 180) / snapCellDeg)), int64(math.Floor((p[1] + 90) / snapCellDeg))
}

// Twin returns the edge that drives e's road the other way (same end nodes
// reversed, same road, class, length and shape), or None.
func (g *Graph) Twin(e EdgeID) EdgeID { return g.edgeIndex().twin[e] }

// IndexEdges builds the edge snapping index now (NearestOnEdge, Twin and
// RoadEdgesIn otherwise build it on first use), so that a server pays for it
// while loading rather than on its first query.
func (g *Graph) IndexEdges() { g.edgeIndex() }

func (g *Graph) edgeIndex() *edgeIndex {
	g.edgeIdx.once.Do(func() { g.edgeIdx.idx = g.buildEdgeIndex() })
	return g.edgeIdx.idx
}

func (g *Graph) twins() []int32 {
	twin := make([]int32, len(g.head))
	for e := range twin {
		twin[e] = None
		u, v := g.tail[e], g.head[e]
		for f := g.first[v]; f < g.first[v+1]; f++ {
			if g.head[f] == u && g.isTwin(EdgeID(e), f) {
				twin[e] = f
				break
			}
		}
	}
	return twin
}

func (g *Graph) isTwin(e, f EdgeID) bool {
	if g.length[e] != g.length[f] || g.road[e] != g.road[f] || g.class[e] != g.class[f] || g.ferry[e] != g.ferry[f] {
		return false
	}
	a, b := g.Shape(e), g.Shape(f)
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[len(b)-1-i] {
			return false
		}
	}
	return true
}

type cellRef struct {
	key int64
	ref segRef
}

func (g *Graph) buildEdgeIndex() *edgeIndex {
	idx := &edgeIndex{twin: g.twins()}
	var all []cellRef
	var line orb.LineString
	for e := range g.head {
		if g.class[e] == Ferry || (idx.twin[e] != None && idx.twin[e] < int32(e)) {
			continue
		}
		line = g.AppendGeometry(line[:0], EdgeID(e))
		for k := 0; k+1 < len(line); k++ {
			x0, y0 := cellOf(line[k])
			x1, y1 := cellOf(line[k+1])
			for x := min(x0, x1); x <= max(x0, x1); x++ {
				for y := min(y0, y1); y <= max(y0, y1); y++ {
					all = append(all, cellRef{x*snapRows + y, segRef{int32(e), int32(k)}})
				}
			}
		}
	}
	slices.SortFunc(all, func(a, b cellRef) int {
		if a.key != b.key {
			return cmpInt64(a.key, b.key)
		}
		if a.ref.edge != b.ref.edge {
			return int(a.ref.edge - b.ref.edge)
		}
		return int(a.ref.seg - b.ref.seg)
	})
	idx.refs = make([]segRef, len(all))
	for i, c := range all {
		idx.refs[i] = c.ref
		if i == 0 || c.key != all[i-1].key {
			idx.keys = append(idx.keys, c.key)
			idx.first = append(idx.first, int32(i))
		}
	}
	idx.first = append(idx.first, int32(len(all)))
	idx.minX, idx.minY, idx.maxX, idx.maxY = math.MaxInt64, math.MaxInt64, math.MinInt64, math.MinInt64
	for _, k := range idx.keys {
		x, y := k/snapRows, k%snapRows
		idx.minX, idx.maxX = min(idx.minX, x), max(idx.maxX, x)
		idx.minY, idx.maxY = min(idx.minY, y), max(idx.maxY, y)
	}
	if len(idx.keys) > 0 {
		if w, h := idx.maxX-idx.minX+1, idx.maxY-idx.minY+1; w*h <= maxOccupancyCells {
			idx.occupied = make([]uint64, (w*h+63)/64)
			for _, k := range idx.keys {
				i := (k/snapRows-idx.minX)*h + (k%snapRows - idx.minY)
				idx.occupied[i>>6] |= 1 << (uint(i) & 63)
			}
		}
	}
	return idx
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ringRadius is a lower bound in metres on the distance from a point in the
// centre cell to any point outside the block of cells within k rings.
func ringRadius(k int, lat float64) float64 {
	if k <= 0 {
		return 0
	}
	deg := float64(k) * snapCellDeg
	phi := math.Min(math.Abs(lat)+float64(k+1)*snapCellDeg, 89.9) * math.Pi / 180
	perDeg := geo.EarthRadius * math.Pi / 180
	return 0.995 * deg * perDeg * math.Cos(phi)
}

// NearestOnEdge returns the point of a road edge (ferries excluded) nearest
// to p, searching grid rings around p until the nearest point found lies
// within the exhaustively searched radius or that radius exceeds maxMeters.
//
// Guarantee: the result is the nearest point on any road polyline, up to
// the error of a local equirectangular projection (well under 0.1% within
// a few kilometres); ties go to the lower edge id. The first call builds
// the index (linear in the number of shape points) and is safe to make
// from several goroutines. If no road lies within maxMeters the error wraps
// ErrTooFar.
func (g *Graph) NearestOnEdge(p orb.Point, maxMeters float64) (EdgeSnap, error) {
	if err := geo.Validate(p); err != nil {
		return EdgeSnap{}, fmt.Errorf("%w: %v", ErrPoint, err)
	}
	idx := g.edgeIndex()
	best := EdgeSnap{Edge: None, Twin: None, Distance: geo.Meters(math.Inf(1))}
	bestSeg := int32(0)
	bestT := 0.0
	bestD2 := math.Inf(1)
	cx, cy := cellOf(p)
	kx := math.Cos(p[1]*math.Pi/180) * geo.EarthRadius * math.Pi / 180
	ky := geo.EarthRadius * math.Pi / 180
	scan := func(x, y int64) {
		if !idx.has(x, y) {
			return
		}
		// skip a cell whose box lies farther than the best point so far
		lo0, lo1 := float64(x)*snapCellDeg-180, float64(y)*snapCellDeg-90
		dx := math.Max(0, math.Max(lo0-p[0], p[0]-(lo0+snapCellDeg))) * kx
		dy := math.Max(0, math.Max(lo1-p[1], p[1]-(lo1+snapCellDeg))) * ky
		if 0.99*(dx*dx+dy*dy) > bestD2 {
			return
		}
		key := x*snapRows + y
		i := sort.Search(len(idx.keys), func(i int) bool { return idx.keys[i] >= key })
		if i == len(idx.keys) || idx.keys[i] != key {
			return
		}
		for _, r := range idx.refs[idx.first[i]:idx.first[i+1]] {
			a, b := g.segment(r)
			ax, ay := (a[0]-p[0])*kx, (a[1]-p[1])*ky
			bx, by := (b[0]-p[0])*kx, (b[1]-p[1])*ky
			dx, dy := bx-ax, by-ay
			t := 0.0
			if l2 := dx*dx + dy*dy; l2 > 0 {
				t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
			}
			qx, qy := ax+t*dx, ay+t*dy
			d2 := qx*qx + qy*qy
			if d2 < bestD2 || (d2 == bestD2 && (r.edge < best.Edge || (r.edge == best.Edge && r.seg < bestSeg))) {
				bestD2, best.Edge, bestSeg, bestT = d2, r.edge, r.seg, t
			}
		}
	}
	for k := 0; ; k++ {
		if k == 0 {
			scan(cx, cy)
		} else {
			for d := -int64(k); d <= int64(k); d++ {
				scan(cx+d, cy-int64(k))
				scan(cx+d, cy+int64(k))
				if d != -int64(k) && d != int64(k) {
					scan(cx-int64(k), cy+d)
					scan(cx+int64(k), cy+d)
				}
			}
		}
		best.Radius = geo.Meters(ringRadius(k, p[1]))
		if best.Edge != None && math.Sqrt(bestD2) <= float64(best.Radius) {
			break
		}
		kk := int64(k)
		covered := cx-kk <= idx.minX && cx+kk >= idx.maxX && cy-kk <= idx.minY && cy+kk >= idx.maxY
		if float64(best.Radius) > maxMeters || covered {
			break
		}
	}
	if best.Edge == None || math.Sqrt(bestD2) > maxMeters {
		return best, fmt.Errorf("%w: no road within %.0f m", ErrTooFar, maxMeters)
	}
	g.finishSnap(p, &best, bestSeg, bestT)
	if float64(best.Distance) > maxMeters {
		return best, fmt.Errorf("%w: no road within %.0f m", ErrTooFar, maxMeters)
	}
	return best, nil
}

// segment returns the end points of an indexed segment.
func (g *Graph) segment(r segRef) (a, b orb.Point) {
	return g.polylinePoint(r.edge, r.seg), g.polylinePoint(r.edge, r.seg+1)
}

// polylinePoint returns point k of edge e's polyline (0 is the tail).
func (g *Graph) polylinePoint(e EdgeID, k int32) orb.Point {
	sh := g.Shape(e)
	switch {
	case k == 0:
		return g.pos[g.tail[e]]
	case int(k) > len(sh):
		return g.pos[g.head[e]]
	}
	return sh[k-1]
}

// finishSnap fills the snapped point, its distance and its offset along the
// edge from the winning segment and parameter.
func (g *Graph) finishSnap(p orb.Point, s *EdgeSnap, seg int32, t float64) {
	a, b := g.segment(segRef{s.Edge, seg})
	s.Point = orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
	s.Distance = geo.Distance(p, s.Point)
	var before, total float64
	n := int32(len(g.Shape(s.Edge)) + 2)
	for k := int32(0); k+1 < n; k++ {
		l := float64(geo.Distance(g.polylinePoint(s.Edge, k), g.polylinePoint(s.Edge, k+1)))
		if k < seg {
			before += l
		} else if k == seg {
			before += t * l
		}
		total += l
	}
	s.Offset = before
	if total > 0 {
		s.Fraction = before / total
	}
	s.Twin = g.edgeIndex().twin[s.Edge]
}

// RoadEdgesIn appends to dst the road edges (one of each two-way pair,
// ferries excluded, as NearestOnEdge sees them) that may cross box b: those
// with a segment whose bounding box meets a snapping-grid cell overlapping
// b, in increasing order. Callers clip the geometry themselves.
func (g *Graph) RoadEdgesIn(b orb.Bound, dst []EdgeID) []EdgeID {
	idx := g.edgeIndex()
	x0, y0 := cellOf(b.Min)
	x1, y1 := cellOf(b.Max)
	x0, y0, x1, y1 = max(x0, idx.minX), max(y0, idx.minY), min(x1, idx.maxX), min(y1, idx.maxY)
	if x0 > x1 || y0 > y1 {
		return dst
	}
	start := len(dst)
	if (x1-x0+1)*(y1-y0+1) >= int64(len(idx.keys)) {
		for i, k := range idx.keys {
			if x, y := k/snapRows, k%snapRows; x >= x0 && x <= x1 && y >= y0 && y <= y1 {
				for _, r := range idx.refs[idx.first[i]:idx.first[i+1]] {
					dst = append(dst, r.edge)
				}
			}
		}
	} else {
		for x := x0; x <= x1; x++ {
			lo := sort.Search(len(idx.keys), func(i int) bool { return idx.keys[i] >= x*snapRows+y0 })
			for i := lo; i < len(idx.keys) && idx.keys[i] <= x*snapRows+y1; i++ {
				for _, r := range idx.refs[idx.first[i]:idx.first[i+1]] {
					dst = append(dst, r.edge)
				}
			}
		}
	}
	tail := dst[start:]
	slices.Sort(tail)
	return append(dst[:start], slices.Compact(tail)...)
}
