package corridor

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/geo/hexgrid"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

// MaxPortMeters is how far an OpenStreetMap ferry terminal may lie from a
// dataset port for the port's timetable to attach to that ferry route: an
// estimate of the distance between a port's gate point and the berth that
// OSM ferry ways end at, with room for mapping differences.
const MaxPortMeters = 10_000

// ErrImported reports that a dataset cannot be served on an imported graph.
var ErrImported = errors.New("corridor: dataset does not fit the imported network")

// Imported tells what FromGraph kept of the dataset.
type Imported struct {
	// Ferries are the dataset's ferry services attached to an OSM ferry
	// route; Unmatched have no OSM route ending near both their ports and
	// are left out.
	Ferries, Unmatched []string
	// Farms and Markets kept; the others lie farther than the feeder's
	// snap radius from the imported roads.
	Farms, FarmsOutside     int
	Markets, MarketsOutside int
	// NoPlans, if not nil, says why the dataset cannot be planned on this
	// network (an extract of another region: no farm, market or crossing
	// on it); routes, matrices and tiles still work.
	NoPlans error
}

// FromGraph readies dataset d to serve and plan on g, a road graph imported
// from OpenStreetMap, in place of the dataset's own roads: each dataset
// ferry service replaces the OSM ferry route whose ends lie nearest its two
// ports (so that its timetable, decks and tariffs apply), and farms and
// markets farther than the feeder's snap radius from g are left out. The
// returned corridor's Data has no junctions or roads of its own. An extract
// of another region is served for routing; Imported.NoPlans then says why
// it cannot be planned.
func FromGraph(d *data.Dataset, g *network.Graph) (*Corridor, error) {
	rep := &Imported{}
	nw := &Network{Junction: map[string]network.NodeID{}, Road: map[string]int32{},
		Service: map[string]int{}, Terminals: map[string][2]network.NodeID{}}
	ds := *d
	ds.Junctions, ds.Roads, ds.Ferries = nil, nil, nil
	matched, err := matchFerries(d, g)
	if err != nil {
		return nil, err
	}
	replaced := map[int]bool{}
	for _, m := range matched {
		replaced[g.FerryService(m.edge)] = true
	}
	b := g.Rebuild(func(e network.EdgeID) bool { return !replaced[g.FerryService(e)] })
	for i := range d.Ferries {
		f := &d.Ferries[i]
		m, ok := matched[f.ID]
		if !ok {
			rep.Unmatched = append(rep.Unmatched, f.ID)
			continue
		}
		svc, err := serviceOf(f)
		if err != nil {
			return nil, err
		}
		si := b.AddService(svc)
		for _, e := range [2]network.EdgeID{m.edge, m.back} {
			if e == network.None {
				continue
			}
			spec := g.Spec(e)
			spec.Ferry = si
			b.AddEdge(spec)
		}
		nw.Service[f.ID] = si
		nw.Terminals[f.ID] = [2]network.NodeID{g.Tail(m.edge), g.Head(m.edge)}
		nw.Junction[d.Port(f.From).Junction] = g.Tail(m.edge)
		nw.Junction[d.Port(f.To).Junction] = g.Head(m.edge)
		ds.Ferries = append(ds.Ferries, *f)
		rep.Ferries = append(rep.Ferries, f.ID)
	}
	ds.Restrictions = keepMatchedCrossings(d.Restrictions, nw.Service)
	ng, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrImported, err)
	}
	for i, r := range ng.Roads() {
		nw.Road[r.ID] = int32(i)
	}
	nw.setGraph(ng)
	ng.IndexEdges()
	if err := keepNear(&ds, ng, rep); err != nil {
		return nil, err
	}
	r, err := NewRouter(&ds, nw)
	if err != nil {
		return nil, err
	}
	return &Corridor{Data: &ds, Network: nw, Router: r, Imported: rep}, nil
}

type ferryMatch struct{ edge, back network.EdgeID }

// matchFerries finds for each dataset ferry the OSM ferry edge whose tail
// and head lie nearest (in sum) to its From and To ports, both within
// MaxPortMeters, and the edge back along the same route if there is one.
func matchFerries(d *data.Dataset, g *network.Graph) (map[string]ferryMatch, error) {
	out := map[string]ferryMatch{}
	for i := range d.Ferries {
		f := &d.Ferries[i]
		pf, pt := d.Port(f.From), d.Port(f.To)
		if pf == nil || pt == nil {
			return nil, fmt.Errorf("%w: ferry %q: unknown port %q or %q", ErrNetwork, f.ID, f.From, f.To)
		}
		best, bestScore := network.EdgeID(network.None), math.Inf(1)
		for e := network.EdgeID(0); e < network.EdgeID(g.NumEdges()); e++ {
			if g.Class(e) != network.Ferry {
				continue
			}
			a := float64(geo.Distance(g.Point(g.Tail(e)), pf.Point))
			z := float64(geo.Distance(g.Point(g.Head(e)), pt.Point))
			if a <= MaxPortMeters && z <= MaxPortMeters && a+z < bestScore {
				best, bestScore = e, a+z
			}
		}
		if best == network.None {
			continue
		}
		m := ferryMatch{edge: best, back: network.None}
		svc := g.FerryService(best)
		for _, e := range g.InEdges(g.Tail(best)) {
			if g.Tail(e) == g.Head(best) && g.FerryService(e) == svc {
				m.back = e
			}
		}
		out[f.ID] = m
	}
	return out, nil
}

// keepNear leaves out the farms and markets that lie farther than the
// feeder's snap radius from g's nodes, and records in rep.NoPlans what
// planning lacks.
func keepNear(ds *data.Dataset, g *network.Graph, rep *Imported) error {
	// A point beyond the graph's box grown by the radius is far without a
	// ring search (which would scan the whole radius to say so).
	box := g.Bound()
	dLat := ds.Feeder.MaxSnapMeters / 110_574
	dLon := dLat / math.Max(math.Cos(math.Max(math.Abs(box.Min[1]), math.Abs(box.Max[1]))*math.Pi/180), 0.01)
	box.Min[0], box.Min[1], box.Max[0], box.Max[1] = box.Min[0]-dLon, box.Min[1]-dLat, box.Max[0]+dLon, box.Max[1]+dLat
	near := func(p orb.Point) bool {
		if !box.Contains(p) {
			return false
		}
		_, err := g.Nearest(p, ds.Feeder.MaxSnapMeters)
		return err == nil
	}
	// Farms are many and clustered: decide per res-6 cell when the cell's
	// centre is clearly near or far (its points lie within one circumradius
	// of the centre), and per farm only in between.
	const res = 6
	edge, err := hexgrid.EdgeLength(res)
	if err != nil {
		return err
	}
	margin := 1.3 * edge               // bounds the circumradius of any res-6 cell here
	verdict := map[hexgrid.Cell]int8{} // 1 near, -1 far, 0 mixed
	farms := make([]data.Farm, 0, len(ds.Farms))
	for _, f := range ds.Farms {
		c, err := f.Cell.Parent(res)
		if err != nil {
			return fmt.Errorf("%w: farm %d: %v", ErrImported, f.ID, err)
		}
		v, seen := verdict[c]
		if !seen {
			v = 0
			centre, err := c.Center()
			if err != nil {
				return fmt.Errorf("%w: farm %d: %v", ErrImported, f.ID, err)
			}
			sn, err := g.Nearest(centre, ds.Feeder.MaxSnapMeters+margin)
			switch {
			case err != nil || float64(sn.Distance) > ds.Feeder.MaxSnapMeters+margin:
				v = -1
			case float64(sn.Distance)+margin <= ds.Feeder.MaxSnapMeters:
				v = 1
			}
			verdict[c] = v
		}
		if v == 1 || (v == 0 && near(f.Point)) {
			farms = append(farms, f)
		}
	}
	rep.Farms, rep.FarmsOutside = len(farms), len(ds.Farms)-len(farms)
	var markets []data.Market
	for _, m := range ds.Markets {
		if near(m.Point) {
			markets = append(markets, m)
		}
	}
	rep.Markets, rep.MarketsOutside = len(markets), len(ds.Markets)-len(markets)
	ds.Farms, ds.Markets = farms, markets
	switch {
	case len(farms) == 0:
		rep.NoPlans = fmt.Errorf("%w: none of the %d farms lies within %.0f m of its roads", ErrImported, rep.FarmsOutside, ds.Feeder.MaxSnapMeters)
	case len(markets) == 0:
		rep.NoPlans = fmt.Errorf("%w: none of the %d markets lies within %.0f m of its roads", ErrImported, rep.MarketsOutside, ds.Feeder.MaxSnapMeters)
	case len(ds.Ferries) == 0:
		rep.NoPlans = fmt.Errorf("%w: no OSM ferry route ends within %d m of a dataset ferry's ports", ErrImported, MaxPortMeters)
	}
	return nil
}

// keepMatchedCrossings copies restrictions without their rules for ferry
// services that did not attach to the imported network (there is nothing
// to restrict); their road rules stay.
func keepMatchedCrossings(rs []data.Restriction, matched map[string]int) []data.Restriction {
	out := make([]data.Restriction, 0, len(rs))
	for _, r := range rs {
		r.Crossings = slices.DeleteFunc(slices.Clone(r.Crossings), func(c data.CrossingRule) bool {
			_, ok := matched[c.Service]
			return !ok
		})
		out = append(out, r)
	}
	return out
}
