package route

import (
	"fmt"

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
		return nil, fmt.Errorf("from: %w", err)
	}
	st, err := r.SnapEdge(to)
	if err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	fin, cin := r.FeederLeg(float64(sf.Distance), &opt.Profile)
	fout, cout := r.FeederLeg(float64(st.Distance), &opt.Profile)
	o := *opt
	o.Depart += fin.Duration
	s := r.Searcher()
	defer r.Release(s)
	sp, err := s.RouteSeeds(SourceSeeds(r.g, sf), TargetSeeds(r.g, st), &o)
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
	t.Legs = append(t.Legs, r.legs(s, edges, first, last, &o)...)
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
