package plan

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo/hexgrid"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// Route returns a shipment's geometry from the router: collection point to
// the Sumatra port, the crossing, and the Java port to the buyer (to each
// drop in turn for a multi-drop truck), for the shipment's vehicle class. Closed roads of the plan's scenario are not
// known here: the geometry follows the open network.
func (m *Model) Route(s *Shipment) (orb.LineString, error) {
	cell, err := hexgrid.Parse(s.OriginCell)
	if err != nil {
		return nil, err
	}
	c, ok := m.clusterIdx[cell]
	if !ok {
		return nil, fmt.Errorf("%w: unknown origin cluster %s", ErrInput, s.OriginCell)
	}
	x, v := m.in.crossingIndex(s.Crossing), m.in.vehicleIndex(s.Vehicle)
	buyers := []int{m.in.buyerIndex(s.Buyer)}
	if len(s.Drops) > 0 {
		buyers = buyers[:0]
		for _, d := range s.Drops {
			buyers = append(buyers, m.in.buyerIndex(d.Buyer))
		}
	}
	if x < 0 || v < 0 || slices.Contains(buyers, -1) {
		return nil, fmt.Errorf("%w: shipment names unknown crossing, buyer or vehicle", ErrInput)
	}
	g := m.in.Router.Graph()
	sr := m.in.Router.Searcher()
	defer m.in.Router.Release(sr)
	opt := &route.Options{Metric: route.Cost, Profile: m.in.Vehicles[v].Profile}
	line := orb.LineString{m.clusters[c].Point}
	add := func(from, to network.NodeID) error {
		p, err := sr.Route(from, to, opt)
		if err != nil {
			return err
		}
		for _, n := range p.Nodes {
			line = append(line, g.Point(n))
		}
		return nil
	}
	if err := add(m.clusters[c].Snap.Node, m.in.Crossings[x].From); err != nil {
		return nil, err
	}
	from := m.in.Crossings[x].To
	for _, b := range buyers {
		if err := add(from, m.buyers[b].Node); err != nil {
			return nil, err
		}
		line = append(line, m.in.Buyers[b].Point)
		from = m.buyers[b].Node
	}
	return line, nil
}

// TourRoutes returns every tour's geometry from the router, one line per
// tour: hub, each stop in order, hub again, on the roads the tour's class
// takes (legs shared by several tours are routed once). Like Route, it
// follows the open network.
func (m *Model) TourRoutes(tours []Tour) ([]orb.LineString, error) {
	type legKey struct {
		from, to network.NodeID
		v        int
	}
	cache := map[legKey][]network.NodeID{}
	g := m.in.Router.Graph()
	sr := m.in.Router.Searcher()
	defer m.in.Router.Release(sr)
	out := make([]orb.LineString, len(tours))
	for i := range tours {
		t := &tours[i]
		v := m.in.vehicleIndex(t.Vehicle)
		hub, err := m.checkCluster(t.Hub)
		if v < 0 || err != nil {
			return nil, fmt.Errorf("%w: tour %s names an unknown vehicle or hub", ErrInput, t.ID)
		}
		opt := &route.Options{Metric: route.Cost, Profile: m.in.Vehicles[v].Profile}
		line := orb.LineString{m.clusters[hub].Point}
		prev := hub
		for _, st := range t.Stops {
			c, err := m.checkCluster(st.Cluster)
			if err != nil {
				return nil, fmt.Errorf("%w: tour %s: %v", ErrInput, t.ID, err)
			}
			if c == prev {
				continue
			}
			k := legKey{m.clusters[prev].Snap.Node, m.clusters[c].Snap.Node, v}
			nodes, ok := cache[k]
			if !ok {
				p, err := sr.Route(k.from, k.to, opt)
				if err != nil {
					return nil, err
				}
				nodes = append([]network.NodeID(nil), p.Nodes...)
				cache[k] = nodes
			}
			for _, n := range nodes {
				line = append(line, g.Point(n))
			}
			line = append(line, m.clusters[c].Point)
			prev = c
		}
		out[i] = line
	}
	return out, nil
}
