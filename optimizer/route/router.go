package route

import (
	"errors"
	"fmt"
	"sync"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/optimizer/network"
)

// Feeder prices the off-network link between an arbitrary point and the
// node it snaps to: straight-line distance times Circuity, driven at
// SpeedKmh (or the vehicle's top speed if lower).
type Feeder struct {
	Circuity      float64
	SpeedKmh      float64
	MaxSnapMeters float64
}

// Sentinel errors.
var (
	ErrFeeder = errors.New("route: invalid feeder parameters")
	ErrTable  = errors.New("route: table output too short")
)

// Router answers point-to-point questions over one graph: it snaps points
// to the network, adds feeder links and keeps a pool of Searchers, so it is
// safe for concurrent use.
type Router struct {
	g      *network.Graph
	feeder Feeder
	pool   sync.Pool
	engine TableEngine // nil: the pooled Searchers answer everything
}

// NewRouter returns a Router over g.
func NewRouter(g *network.Graph, f Feeder) (*Router, error) {
	if !(f.Circuity >= 1) || !(f.SpeedKmh > 0) || !(f.MaxSnapMeters > 0) {
		return nil, fmt.Errorf("%w: %+v", ErrFeeder, f)
	}
	r := &Router{g: g, feeder: f}
	r.pool.New = func() any { return NewSearcher(g) }
	return r, nil
}

// Graph returns the router's graph.
func (r *Router) Graph() *network.Graph { return r.g }

// Feeder returns the feeder parameters.
func (r *Router) Feeder() Feeder { return r.feeder }

// SetEngine makes trips and matrices use e (a contraction hierarchy over
// the same graph) instead of the Searchers; call it before serving.
func (r *Router) SetEngine(e TableEngine) { r.engine = e }

// Engine returns the engine set by SetEngine, or nil.
func (r *Router) Engine() TableEngine { return r.engine }

// Searcher borrows a Searcher; give it back with Release.
func (r *Router) Searcher() *Searcher { return r.pool.Get().(*Searcher) }

// Release returns a Searcher to the pool.
func (r *Router) Release(s *Searcher) { r.pool.Put(s) }

// Snap finds the node nearest p within the feeder's snap radius.
func (r *Router) Snap(p orb.Point) (network.Snap, error) {
	return r.g.Nearest(p, r.feeder.MaxSnapMeters)
}

// FeederLeg returns the totals of the feeder link of straight length m.
func (r *Router) FeederLeg(m float64, p *Profile) (Totals, Breakdown) {
	d := m * r.feeder.Circuity
	v := min(r.feeder.SpeedKmh, p.MaxSpeedKmh)
	t := d * 3.6 / v
	c := Breakdown{Running: p.CostPerKm * d / 1000, Driver: p.DriverPerHour * t / 3600}
	return Totals{Duration: t, Distance: d, Cost: c.Total(), Reachable: true}, c
}

// Leg is a stretch of a trip on one road, one ferry or one feeder link.
type Leg struct {
	Kind     string // "feeder", "road" or "ferry"
	Name     string
	Ref      string
	Class    string
	Distance float64 // metres
	Duration float64 // seconds, waits included
	Toll     float64
	// Ferry legs only.
	Service         string
	WaitSeconds     float64
	CrossingSeconds float64
	Tariff          float64
	// Restriction is the ID of the road restriction on this leg's road
	// ("" if none); RestrictionWaitSeconds the wait before entering it,
	// included in Duration.
	Restriction            string
	RestrictionWaitSeconds float64
}

// Trip is a door-to-door route between two points. It owns its slices.
type Trip struct {
	From, To network.Snap
	// FromEdge and ToEdge are the points on road edges the trip starts and
	// ends at when the graph snaps to edges (nil when it snaps to nodes).
	FromEdge, ToEdge   *network.EdgeSnap
	Duration, Distance float64
	Cost               Breakdown
	FerryWait          float64
	// RestrictionWait is the time spent waiting at restricted roads;
	// Restrictions lists every restricted road the trip enters (with a
	// departure time, the waits; without, which windows it must avoid).
	RestrictionWait float64
	Restrictions    []RestrictionCrossing
	Geometry        orb.LineString
	Legs            []Leg
	Nodes           []network.NodeID
	Edges           []network.EdgeID
}

// Trip routes between two points: feeder to the nearest node, the best
// network path under opt, feeder to the destination. With a departure
// time, ferry waits are computed at the clock after the first feeder leg.
//
// On a graph whose edges carry shapes (an imported road network) points
// snap to the nearest point on a road edge instead, and the trip starts and
// ends there, mid-edge (tripOnEdges).
func (r *Router) Trip(from, to orb.Point, opt *Options) (*Trip, error) {
	if err := opt.Profile.Validate(); err != nil {
		return nil, err
	}
	if r.g.HasShapes() {
		return r.tripOnEdges(from, to, opt)
	}
	sf, err := r.Snap(from)
	if err != nil {
		return nil, &PointError{Field: "from", Index: -1, Err: err}
	}
	st, err := r.Snap(to)
	if err != nil {
		return nil, &PointError{Field: "to", Index: -1, Err: err}
	}
	fin, cin := r.FeederLeg(float64(sf.Distance), &opt.Profile)
	fout, cout := r.FeederLeg(float64(st.Distance), &opt.Profile)
	o := *opt
	o.Depart += fin.Duration
	var p Path
	// The hierarchy is static: a road restriction's wait or detour at a
	// departure time needs the time-dependent search.
	if r.engine != nil && !(o.HasDepart && len(r.g.RoadRestrictions()) > 0) {
		p, err = r.engine.Route(sf.Node, st.Node, &o)
	} else {
		s := r.Searcher()
		defer r.Release(s)
		p, err = s.Route(sf.Node, st.Node, &o)
	}
	if err != nil {
		return nil, err
	}
	t := &Trip{From: sf, To: st,
		Duration:  fin.Duration + p.Duration + fout.Duration,
		Distance:  fin.Distance + p.Distance + fout.Distance,
		Cost:      cin.Add(p.Cost).Add(cout),
		FerryWait: p.FerryWait, RestrictionWait: p.RestrictionWait,
		Nodes: append([]network.NodeID(nil), p.Nodes...),
		Edges: append([]network.EdgeID(nil), p.Edges...),
	}
	t.Geometry = append(t.Geometry, from)
	for _, v := range p.Nodes {
		t.Geometry = append(t.Geometry, r.g.Point(v))
	}
	t.Geometry = append(t.Geometry, to)
	if sf.Distance > 0 {
		t.Legs = append(t.Legs, Leg{Kind: "feeder", Name: "feeder", Class: "feeder", Distance: fin.Distance, Duration: fin.Duration})
	}
	t.Legs = append(t.Legs, r.legs(p.Edges, 1, 1, &o)...)
	t.Restrictions = r.crossings(p.Edges, &o)
	if st.Distance > 0 {
		t.Legs = append(t.Legs, Leg{Kind: "feeder", Name: "feeder", Class: "feeder", Distance: fout.Distance, Duration: fout.Duration})
	}
	return t, nil
}

// legs groups consecutive edges of one road or one ferry service; only the
// given shares of the first and last edge are driven (a trip between points
// on edges).
func (r *Router) legs(edges []network.EdgeID, firstShare, lastShare float64, opt *Options) []Leg {
	var out []Leg
	raw := r.g.Raw()
	roads, svcs := r.g.Roads(), r.g.Services()
	s := r.Searcher() // prices restriction waits as the search did
	defer r.Release(s)
	clock := 0.0
	prevRoad, prevSvc := int32(-2), -2
	prev := int32(-1)
	for i, e := range edges {
		dt, dd, c, wait, rwait := s.edgeCostAt(e, prev, clock, opt)
		prev = e
		share := 1.0
		switch {
		case i == 0:
			share = firstShare
		case i == len(edges)-1:
			share = lastShare
		}
		if share != 1 {
			// Only part of an end edge is driven (a trip between points on
			// edges, on imported graphs, which carry no restrictions).
			dt, dd, c = Partial(&raw, svcs, e, share, clock, opt)
		}
		clock += dt
		ri, si := r.g.Road(e), r.g.FerryService(e)
		if len(out) == 0 || ri != prevRoad || si != prevSvc || si != network.None {
			l := Leg{Kind: "road", Class: r.g.Class(e).String()}
			if si != network.None {
				sv := &svcs[si]
				l.Kind, l.Service, l.Name = "ferry", sv.ID, sv.Name
				l.CrossingSeconds = sv.CrossingSeconds
			} else if ri != network.None {
				l.Name, l.Ref = roads[ri].Name, roads[ri].Ref
			}
			if k := r.g.Restricted(e); k != network.None {
				l.Restriction = r.g.RoadRestrictions()[k].ID
			}
			out = append(out, l)
		}
		l := &out[len(out)-1]
		l.Distance += dd
		l.Duration += dt
		l.Toll += c.Toll
		l.Tariff += c.Ferry
		l.WaitSeconds += wait
		l.RestrictionWaitSeconds += rwait
		prevRoad, prevSvc = ri, si
	}
	return out
}

// Matrix holds many-to-many totals; nil entries are unreachable pairs.
type Matrix struct {
	Durations, Distances, Costs [][]*float64
	cells                       [][]float64 // backing store, by row
}

// Matrix computes totals from every source to every destination point,
// feeder links included. It returns the index and error of the first point
// that cannot be snapped.
//
// On a graph whose edges carry shapes the points snap to edges, as in Trip.
func (r *Router) Matrix(src, dst []orb.Point, opt *Options) (*Matrix, error) {
	if err := opt.Profile.Validate(); err != nil {
		return nil, err
	}
	if r.g.HasShapes() {
		return r.matrixOnEdges(src, dst, opt)
	}
	snapAll := func(ps []orb.Point, what string) ([]network.NodeID, []Totals, error) {
		ids := make([]network.NodeID, len(ps))
		fs := make([]Totals, len(ps))
		for i, p := range ps {
			sn, err := r.Snap(p)
			if err != nil {
				return nil, nil, &PointError{Field: what, Index: i, Err: err}
			}
			ids[i] = sn.Node
			fs[i], _ = r.FeederLeg(float64(sn.Distance), &opt.Profile)
		}
		return ids, fs, nil
	}
	sids, sf, err := snapAll(src, "sources")
	if err != nil {
		return nil, err
	}
	dids, df, err := snapAll(dst, "destinations")
	if err != nil {
		return nil, err
	}
	m := newMatrix(len(src), len(dst))
	rows, err := r.rows(sids, dids, sf, opt)
	if err != nil {
		return nil, err
	}
	for i := range sids {
		m.setRow(i, sf[i], rows[i*len(dst):(i+1)*len(dst)], df)
	}
	return m, nil
}

// rows computes the network totals of every source-destination pair,
// row-major; with a departure time each row departs after its own feeder.
func (r *Router) rows(sids, dids []network.NodeID, sf []Totals, opt *Options) ([]Totals, error) {
	all := make([]Totals, len(sids)*len(dids))
	if r.engine != nil && !opt.HasDepart {
		return all, r.engine.Table(sids, dids, opt, all)
	}
	var s *Searcher
	if r.engine == nil {
		s = r.Searcher()
		defer r.Release(s)
	}
	for i, sid := range sids {
		o := *opt
		o.Depart += sf[i].Duration
		out := all[i*len(dids) : (i+1)*len(dids)]
		var err error
		if s != nil {
			err = s.OneToMany(sid, dids, &o, out)
		} else {
			err = r.engine.Table(sids[i:i+1], dids, &o, out)
		}
		if err != nil {
			return nil, err
		}
	}
	return all, nil
}

// newMatrix allocates an ns×nd matrix of unreachable pairs.
func newMatrix(ns, nd int) *Matrix {
	m := &Matrix{Durations: make([][]*float64, ns), Distances: make([][]*float64, ns), Costs: make([][]*float64, ns)}
	cells := make([]float64, 3*ns*nd)
	for i := range ns {
		m.Durations[i], m.Distances[i], m.Costs[i] = make([]*float64, nd), make([]*float64, nd), make([]*float64, nd)
		m.cells = append(m.cells, cells[3*i*nd:3*(i+1)*nd])
	}
	return m
}

// setRow stores row i: the network totals out[j] between the feeder legs
// from (of source i) and to[j].
func (m *Matrix) setRow(i int, from Totals, out, to []Totals) {
	for j, t := range out {
		if !t.Reachable {
			continue
		}
		c := m.cells[i][3*j : 3*j+3]
		c[0] = from.Duration + t.Duration + to[j].Duration
		c[1] = from.Distance + t.Distance + to[j].Distance
		c[2] = from.Cost + t.Cost + to[j].Cost
		m.Durations[i][j], m.Distances[i][j], m.Costs[i][j] = &c[0], &c[1], &c[2]
	}
}

// PointError names the input point that failed, as data: callers map
// Field and Index onto their own parameter names instead of parsing the
// message.
type PointError struct {
	// Field is "from" or "to" for a trip, "sources" or "destinations" for
	// a matrix.
	Field string
	// Index is the point's position in a matrix's list, -1 for a trip.
	Index int
	Err   error
}

func (e *PointError) Error() string {
	if e.Index >= 0 {
		return fmt.Sprintf("%s[%d]: %v", e.Field, e.Index, e.Err)
	}
	return e.Field + ": " + e.Err.Error()
}
func (e *PointError) Unwrap() error { return e.Err }
