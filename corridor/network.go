package corridor

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/optimizer/ch"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// MaxEdgeMeters is the longest edge BuildNetwork emits: longer straight
// stretches of a road are split so that a point's nearest node is never more
// than half this far beyond its nearest point on the road.
const MaxEdgeMeters = 1000

// UTCOffsetSeconds is Western Indonesia Time (WIB, UTC+7), the clock of the
// ferry timetables.
const UTCOffsetSeconds = 7 * 3600

// Network is a dataset's routing graph with the named places located on it.
type Network struct {
	Graph *network.Graph
	// Junction maps a junction ID to its node.
	Junction map[string]network.NodeID
	// Road maps a road ID to its index in Graph.Roads().
	Road map[string]int32
	// Service maps a ferry service ID to its index in Graph.Services().
	Service map[string]int
	// RoadEdges lists each road's edges (both directions) by road index, so
	// that a scenario can close a road; ServiceEdges likewise for ferries.
	RoadEdges    [][]network.EdgeID
	ServiceEdges [][]network.EdgeID
	// Terminals, if set for a ferry service ID, are the nodes its crossing
	// runs between (From, To), overriding its ports' junctions: on an
	// imported network one port may have a terminal per route.
	Terminals map[string][2]network.NodeID
}

// ErrNetwork wraps failures to turn a dataset into a graph.
var ErrNetwork = errors.New("corridor: cannot build network")

var classOf = map[string]network.Class{
	data.ClassToll: network.Toll, data.ClassTrunk: network.Trunk,
	data.ClassPrimary: network.Primary, data.ClassSecondary: network.Secondary,
}

// BuildNetwork turns the dataset's junctions, roads and ferry services into
// a routing graph. Each road becomes a chain of edges through its shape
// points, split to at most MaxEdgeMeters; its toll is spread over its edges
// in proportion to length. Junctions are shared by the roads that name them;
// each ferry service links its two ports' junctions both ways.
func BuildNetwork(d *data.Dataset) (*Network, error) {
	b := network.NewBuilder()
	nw := &Network{
		Junction: make(map[string]network.NodeID, len(d.Junctions)),
		Road:     make(map[string]int32, len(d.Roads)),
		Service:  make(map[string]int, len(d.Ferries)),
	}
	for _, j := range d.Junctions {
		if _, dup := nw.Junction[j.ID]; dup {
			return nil, fmt.Errorf("%w: duplicate junction %q", ErrNetwork, j.ID)
		}
		nw.Junction[j.ID] = b.AddNode(j.Point)
	}
	var chain []network.NodeID
	var pts []orb.Point
	for _, r := range d.Roads {
		from, ok1 := nw.Junction[r.From]
		to, ok2 := nw.Junction[r.To]
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%w: road %q: unknown junction %q or %q", ErrNetwork, r.ID, r.From, r.To)
		}
		class, ok := classOf[r.Class]
		if !ok {
			return nil, fmt.Errorf("%w: road %q: class %q", ErrNetwork, r.ID, r.Class)
		}
		ri := b.AddRoad(network.Road{ID: r.ID, Name: r.Name, Ref: r.Ref, Class: class})
		nw.Road[r.ID] = ri
		line := make(orb.LineString, 0, len(r.Via)+2)
		line = append(line, d.Junctions[from].Point)
		line = append(line, r.Via...)
		line = append(line, d.Junctions[to].Point)
		chain, pts = append(chain[:0], from), append(pts[:0], line[0])
		for i := 1; i < len(line); i++ {
			a, c := line[i-1], line[i]
			seg := float64(geo.Distance(a, c))
			if seg == 0 {
				continue
			}
			k := int(math.Ceil(seg / MaxEdgeMeters))
			for s := 1; s < k; s++ {
				p := geo.Interpolate(a, c, float64(s)/float64(k))
				chain, pts = append(chain, b.AddNode(p)), append(pts, p)
			}
			if i < len(line)-1 {
				chain, pts = append(chain, b.AddNode(c)), append(pts, c)
			}
		}
		chain, pts = append(chain, to), append(pts, line[len(line)-1])
		total := float64(geo.Length(orb.LineString(pts)))
		if total == 0 {
			return nil, fmt.Errorf("%w: road %q has zero length", ErrNetwork, r.ID)
		}
		for i := 1; i < len(chain); i++ {
			l := float64(geo.Distance(pts[i-1], pts[i]))
			var toll [network.NumTollClasses]float64
			for c := range toll {
				toll[c] = r.Toll[c] * l / total
			}
			spec := network.EdgeSpec{From: chain[i-1], To: chain[i], Length: l, SpeedKmh: r.TruckSpeedKmh,
				Class: class, Road: ri, Ferry: network.None, Toll: toll}
			b.AddEdge(spec)
			if !r.Oneway {
				spec.From, spec.To = spec.To, spec.From
				b.AddEdge(spec)
			}
		}
	}
	for i := range d.Ferries {
		f := &d.Ferries[i]
		svc, err := serviceOf(f)
		if err != nil {
			return nil, err
		}
		si := b.AddService(svc)
		nw.Service[f.ID] = si
		pf, pt := d.Port(f.From), d.Port(f.To)
		if pf == nil || pt == nil {
			return nil, fmt.Errorf("%w: ferry %q: unknown port %q or %q", ErrNetwork, f.ID, f.From, f.To)
		}
		u, ok1 := nw.Junction[pf.Junction]
		v, ok2 := nw.Junction[pt.Junction]
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%w: ferry %q: port junction missing", ErrNetwork, f.ID)
		}
		l := float64(geo.Distance(pf.Point, pt.Point))
		for _, e := range [2][2]network.NodeID{{u, v}, {v, u}} {
			b.AddEdge(network.EdgeSpec{From: e[0], To: e[1], Length: l, Class: network.Ferry,
				Road: network.None, Ferry: si})
		}
	}
	if err := addRestrictions(b, d, nw.Road); err != nil {
		return nil, err
	}
	g, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNetwork, err)
	}
	nw.setGraph(g)
	return nw, nil
}

// setGraph stores g and lists each road's and ferry service's edges.
func (nw *Network) setGraph(g *network.Graph) {
	nw.Graph = g
	nw.RoadEdges = make([][]network.EdgeID, len(g.Roads()))
	nw.ServiceEdges = make([][]network.EdgeID, len(g.Services()))
	for e := network.EdgeID(0); e < network.EdgeID(g.NumEdges()); e++ {
		if r := g.Road(e); r != network.None {
			nw.RoadEdges[r] = append(nw.RoadEdges[r], e)
		}
		if s := g.FerryService(e); s != network.None {
			nw.ServiceEdges[s] = append(nw.ServiceEdges[s], e)
		}
	}
}

func serviceOf(f *data.FerryService) (network.Service, error) {
	s := network.Service{
		ID: f.ID, Name: f.Name,
		CrossingSeconds:  f.CrossingMinutes * 60,
		HeadwaySeconds:   f.HeadwayMinutes * 60,
		UTCOffsetSeconds: UTCOffsetSeconds,
	}
	for _, m := range f.Departures {
		s.Departures = append(s.Departures, float64(m)*60)
	}
	for _, season := range f.Seasons {
		s.Seasons = append(s.Seasons, network.Window{From: float64(season.From.Unix()), To: float64(season.To.Unix())})
	}
	for k, v := range f.Tariff {
		c, err := network.ParseFerryClass(k)
		if err != nil {
			return s, fmt.Errorf("%w: ferry %q tariff: %v", ErrNetwork, f.ID, err)
		}
		s.Tariff[c] = v
	}
	for k, v := range f.Deck {
		c, err := network.ParseFerryClass(k)
		if err != nil {
			return s, fmt.Errorf("%w: ferry %q deck: %v", ErrNetwork, f.ID, err)
		}
		s.Deck[c] = v
	}
	return s, nil
}

// NewRouter returns a router over the dataset's network with the dataset's
// feeder parameters; its trips, matrices and the planner's lane tables run
// on contraction hierarchies (optimizer/ch), built per vehicle and metric on
// first use.
func NewRouter(d *data.Dataset, nw *Network) (*route.Router, error) {
	r, err := route.NewRouter(nw.Graph, route.Feeder{Circuity: d.Feeder.Circuity,
		SpeedKmh: d.Feeder.SpeedKmh, MaxSnapMeters: d.Feeder.MaxSnapMeters})
	if err != nil {
		return nil, err
	}
	r.SetEngine(ch.NewEngine(nw.Graph))
	return r, nil
}
