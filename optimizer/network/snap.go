package network

import (
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/geo/hexgrid"
)

// Snap is the result of Nearest.
type Snap struct {
	Node     NodeID
	Distance geo.Meters // great-circle distance from the query point to Node
	// Radius is the distance within which the search was exhaustive: any
	// node closer than Radius to the query point was examined, so Node is
	// exactly the nearest node whenever Distance ≤ Radius.
	Radius geo.Meters
	Rings  int // H3 rings searched
}

// H3 cells at one resolution vary in size; these factors bound the edge
// length of any res-7 cell in the Lampung–Jakarta latitudes (and generously
// elsewhere) relative to the resolution's average.
const (
	edgeMinFactor = 0.7
	edgeMaxFactor = 1.3
)

// exactRadius returns a lower bound on the distance from any point in the
// origin cell to any point in a cell at grid distance ≥ d: cell centres at
// grid distance d are at least 1.5·d·aMin apart (hexagon geometry), and a
// point lies within aMax of its cell's centre.
func (g *Graph) exactRadius(d int) float64 {
	r := 1.5*float64(d)*edgeMinFactor*g.edgeLen - 2*edgeMaxFactor*g.edgeLen
	return math.Max(r, 0)
}

// Nearest returns the node nearest to p, searching H3 grid rings around p's
// cell until the nearest node found lies within the exhaustively searched
// radius, or until that radius exceeds maxMeters.
//
// Guarantee: the returned node is the exact nearest node whenever
// Snap.Distance ≤ Snap.Radius, which always holds when the result is within
// maxMeters. If no node lies within maxMeters the error wraps ErrTooFar.
func (g *Graph) Nearest(p orb.Point, maxMeters float64) (Snap, error) {
	if err := geo.Validate(p); err != nil {
		return Snap{}, fmt.Errorf("%w: %v", ErrPoint, err)
	}
	c, err := hexgrid.FromPoint(p, IndexRes)
	if err != nil {
		return Snap{}, fmt.Errorf("%w: %v", ErrPoint, err)
	}
	best := Snap{Node: None, Distance: geo.Meters(math.Inf(1))}
	var ring []hexgrid.Cell
	maxRings := int(math.Ceil((maxMeters+2*edgeMaxFactor*g.edgeLen)/(1.5*edgeMinFactor*g.edgeLen))) + 1
	for k := 0; ; k++ {
		ring = ring[:0]
		if k == 0 {
			ring = append(ring, c)
		} else if ring, err = c.Ring(k, ring); err != nil {
			return Snap{}, err
		}
		for _, cell := range ring {
			i := sort.Search(len(g.idxCells), func(i int) bool { return g.idxCells[i] >= cell })
			for ; i < len(g.idxCells) && g.idxCells[i] == cell; i++ {
				v := g.idxNodes[i]
				if d := geo.Distance(p, g.pos[v]); d < best.Distance || (d == best.Distance && v < best.Node) {
					best.Node, best.Distance = v, d
				}
			}
		}
		best.Rings = k + 1
		best.Radius = geo.Meters(g.exactRadius(k + 1))
		if best.Node != None && best.Distance <= best.Radius {
			break
		}
		if k >= maxRings || float64(best.Radius) > maxMeters {
			break
		}
	}
	if best.Node == None || float64(best.Distance) > maxMeters {
		return best, fmt.Errorf("%w: nearest node beyond %.0f m", ErrTooFar, maxMeters)
	}
	return best, nil
}
