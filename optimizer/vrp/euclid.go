package vrp

import (
	"cmp"
	"math"
	"slices"
)

// euclid is the rounded Euclidean distance of Problem.Euclidean; the
// model's arcs and Problem.Travel both use it.
func euclid(a, b [2]float64) float64 {
	dx, dy := a[0]-b[0], a[1]-b[1]
	return math.Floor(math.Sqrt(dx*dx+dy*dy) + 0.5)
}

// longestArc returns the longest rounded distance between two points, as
// the largest entry of the Euclidean matrix would be: the farthest pair
// lies on the convex hull (monotone chain, O(n log n)), whose points are
// then compared pairwise.
func longestArc(pts [][2]float64) float64 {
	ps := slices.Clone(pts)
	slices.SortFunc(ps, func(a, b [2]float64) int {
		if c := cmp.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return cmp.Compare(a[1], b[1])
	})
	ps = slices.Compact(ps)
	cross := func(o, a, b [2]float64) float64 {
		return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0])
	}
	var hull [][2]float64
	for pass := range 2 {
		start := len(hull)
		for i := range ps {
			p := ps[i]
			if pass == 1 {
				p = ps[len(ps)-1-i]
			}
			for len(hull) >= start+2 && cross(hull[len(hull)-2], hull[len(hull)-1], p) <= 0 {
				hull = hull[:len(hull)-1]
			}
			hull = append(hull, p)
		}
	}
	best := 0.0
	for i := range hull {
		for j := range i {
			best = math.Max(best, euclid(hull[i], hull[j]))
		}
	}
	return best
}
