package route

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/optimizer/network"
)

// SnapEdge finds the point on a road edge nearest p within the feeder's
// snap radius.
func (r *Router) SnapEdge(p orb.Point) (network.EdgeSnap, error) {
	return r.g.NearestOnEdge(p, r.feeder.MaxSnapMeters)
}

// tripOnEdges routes between the points on road edges nearest from and to:
// feeder links to them, the best of the seeded search and, when both lie
// on one road, the drive along it.
func (r *Router) tripOnEdges(from, to orb.Point, opt *Options) (*Trip, error) {
	sf, err := r.SnapEdge(from)
	if err != nil {
		return nil, &PointError{Field: "from", Index: -1, Err: err}
	}
	st, err := r.SnapEdge(to)
	if err != nil {
		return nil, &PointError{Field: "to", Index: -1, Err: err}
	}
	fin, cin := r.FeederLeg(float64(sf.Distance), &opt.Profile)
	fout, cout := r.FeederLeg(float64(st.Distance), &opt.Profile)
	o := *opt
	o.Depart += fin.Duration
	s := r.Searcher()
	defer r.Release(s)
	var sp SeedPath
	if r.engine != nil {
		sp, err = r.engine.RouteSeeds(SourceSeeds(r.g, sf), TargetSeeds(r.g, st), &o)
	} else {
		sp, err = s.RouteSeeds(SourceSeeds(r.g, sf), TargetSeeds(r.g, st), &o)
	}
	d, ok := s.direct(sf, st, &o)
	if ok && (err != nil || metricOf(o.Metric, d.Duration, d.Distance, d.Cost) <= metricOf(o.Metric, sp.Duration, sp.Distance, sp.Cost)) {
		sp, err = d, nil
	}
	if err != nil {
		return nil, err
	}
	t := &Trip{
		From:     network.Snap{Node: sp.Src.Node, Distance: sf.Distance, Radius: sf.Radius},
		To:       network.Snap{Node: sp.Dst.Node, Distance: st.Distance, Radius: st.Radius},
		FromEdge: &sf, ToEdge: &st,
		Duration:  fin.Duration + sp.Duration + fout.Duration,
		Distance:  fin.Distance + sp.Distance + fout.Distance,
		Cost:      cin.Add(sp.Cost).Add(cout),
		FerryWait: sp.FerryWait,
		Nodes:     append([]network.NodeID(nil), sp.Nodes...),
		Edges:     append([]network.EdgeID(nil), sp.Edges...),
	}
	var edges []network.EdgeID
	var first, last float64 = 1, 1
	t.Geometry = append(t.Geometry, from)
	if sp.Src.Node == network.None { // along one edge
		edges, first, last = []network.EdgeID{sp.Src.Edge}, sp.Src.Share, sp.Src.Share
		a := sf.Fraction
		if sp.Src.Edge != sf.Edge {
			a = 1 - sf.Fraction
		}
		t.Geometry = r.g.AppendSubGeometry(t.Geometry, sp.Src.Edge, a, a+sp.Src.Share)
		t.Nodes = nil
	} else {
		if sp.Src.Share > 0 {
			edges, first = append(edges, sp.Src.Edge), sp.Src.Share
			t.Geometry = r.g.AppendSubGeometry(t.Geometry, sp.Src.Edge, 1-sp.Src.Share, 1)
		}
		n := len(t.Geometry) + 2*len(sp.Edges) + 8
		for _, e := range sp.Edges {
			n += len(r.g.Shape(e))
		}
		t.Geometry = slices.Grow(t.Geometry, n-len(t.Geometry))
		for _, e := range sp.Edges {
			t.Geometry = r.g.AppendGeometry(t.Geometry, e)
		}
		edges = append(edges, sp.Edges...)
		if sp.Dst.Share > 0 {
			edges, last = append(edges, sp.Dst.Edge), sp.Dst.Share
			t.Geometry = r.g.AppendSubGeometry(t.Geometry, sp.Dst.Edge, 0, sp.Dst.Share)
		}
	}
	t.Geometry = append(dedupe(t.Geometry), to)
	if sf.Distance > 0 {
		t.Legs = append(t.Legs, Leg{Kind: "feeder", Name: "feeder", Class: "feeder", Distance: fin.Distance, Duration: fin.Duration})
	}
	t.Legs = append(t.Legs, r.legs(edges, first, last, &o)...)
	if st.Distance > 0 {
		t.Legs = append(t.Legs, Leg{Kind: "feeder", Name: "feeder", Class: "feeder", Distance: fout.Distance, Duration: fout.Duration})
	}
	return t, nil
}

// direct is the drive between two points on the same road edge (or on an
// edge and its twin) without leaving it, if its direction allows; the
// returned SeedPath has Src.Node None and Src.Edge, Src.Share the stretch.
func (s *Searcher) direct(sf, st network.EdgeSnap, o *Options) (SeedPath, bool) {
	if sf.Edge != st.Edge {
		return SeedPath{}, false
	}
	e, share := sf.Edge, st.Fraction-sf.Fraction
	if share < 0 {
		e, share = sf.Twin, -share
	}
	if e == network.None || avoided(o.Avoid, e) {
		return SeedPath{}, false
	}
	dt, dd, c := s.partial(e, share, 0, o)
	sp := SeedPath{Src: Seed{Node: network.None, Edge: e, Share: share}, Dst: Seed{Node: network.None, Edge: e, Share: share}}
	sp.Duration, sp.Distance, sp.Cost = dt, dd, c
	return sp, true
}

// dedupe drops consecutive repeated points (where edges join).
func dedupe(ls orb.LineString) orb.LineString {
	out := ls[:0]
	for i, p := range ls {
		if i == 0 || p != out[len(out)-1] {
			out = append(out, p)
		}
	}
	return out
}

// snapEdges snaps points to edges, naming the first that fails, and
// prices their feeder legs.
func (r *Router) snapEdges(ps []orb.Point, what string, p *Profile) ([]network.EdgeSnap, []Totals, error) {
	sns := make([]network.EdgeSnap, len(ps))
	fs := make([]Totals, len(ps))
	for i, pt := range ps {
		sn, err := r.SnapEdge(pt)
		if err != nil {
			return nil, nil, &PointError{Field: what, Index: i, Err: err}
		}
		sns[i] = sn
		fs[i], _ = r.FeederLeg(float64(sn.Distance), p)
	}
	return sns, fs, nil
}

// matrixOnEdges is Matrix between points snapped onto edges.
func (r *Router) matrixOnEdges(src, dst []orb.Point, opt *Options) (*Matrix, error) {
	ss, _, err := r.snapEdges(src, "sources", &opt.Profile)
	if err != nil {
		return nil, err
	}
	ds, _, err := r.snapEdges(dst, "destinations", &opt.Profile)
	if err != nil {
		return nil, err
	}
	all := make([]Totals, len(ss)*len(ds))
	if err := r.TableOnEdges(ss, ds, opt, all); err != nil {
		return nil, err
	}
	m := newMatrix(len(src), len(dst))
	none := make([]Totals, len(ds)) // the feeders are in all
	for i := range ss {
		m.setRow(i, Totals{}, all[i*len(ds):(i+1)*len(ds)], none)
	}
	return m, nil
}

// TableOnEdges fills out[i*len(dst)+j] with the door-to-door totals from
// src[i] to dst[j], points already snapped onto road edges (SnapEdge), so
// that a caller that reports the snaps snaps each point once: feeder links,
// the seeded many-to-many search (the engine's buckets, or one Dijkstra
// per source) and, where shorter, the drive along a shared edge. With a
// departure time each row departs after its own feeder link.
func (r *Router) TableOnEdges(src, dst []network.EdgeSnap, opt *Options, out []Totals) error {
	if err := opt.Profile.Validate(); err != nil {
		return err
	}
	if len(out) < len(src)*len(dst) {
		return fmt.Errorf("%w: %d cells for %d×%d", ErrTable, len(out), len(src), len(dst))
	}
	sf := make([]Totals, len(src))
	for i, sn := range src {
		sf[i], _ = r.FeederLeg(float64(sn.Distance), &opt.Profile)
	}
	df := make([]Totals, len(dst))
	targets := make([][]Seed, len(dst))
	for j, sn := range dst {
		df[j], _ = r.FeederLeg(float64(sn.Distance), &opt.Profile)
		targets[j] = TargetSeeds(r.g, sn)
	}
	s := r.Searcher()
	defer r.Release(s)
	whole := r.engine != nil && !opt.HasDepart
	if whole {
		sources := make([][]Seed, len(src))
		for i, sn := range src {
			sources[i] = SourceSeeds(r.g, sn)
		}
		if err := r.engine.TableSeeds(sources, targets, opt, out); err != nil {
			return err
		}
	}
	for i, sn := range src {
		o := *opt
		o.Depart += sf[i].Duration
		row := out[i*len(dst) : (i+1)*len(dst)]
		var err error
		switch {
		case whole:
		case r.engine != nil:
			err = r.engine.TableSeeds([][]Seed{SourceSeeds(r.g, sn)}, targets, &o, row)
		default:
			err = s.OneToManySeeds(SourceSeeds(r.g, sn), targets, &o, row)
		}
		if err != nil {
			return err
		}
		for j := range row {
			if src[i].Edge == dst[j].Edge {
				d, ok := s.direct(sn, dst[j], &o)
				if ok && (!row[j].Reachable || metricOf(o.Metric, d.Duration, d.Distance, d.Cost) <= totalsMetric(o.Metric, row[j])) {
					row[j] = Totals{Duration: d.Duration, Distance: d.Distance, Cost: d.Cost.Total(), Reachable: true}
				}
			}
			if t := &row[j]; t.Reachable {
				t.Duration = sf[i].Duration + t.Duration + df[j].Duration
				t.Distance = sf[i].Distance + t.Distance + df[j].Distance
				t.Cost = sf[i].Cost + t.Cost + df[j].Cost
			}
		}
	}
	return nil
}

// totalsMetric is a Totals' value under metric m.
func totalsMetric(m Metric, t Totals) float64 {
	switch m {
	case Time:
		return t.Duration
	case Distance:
		return t.Distance
	}
	return t.Cost
}
