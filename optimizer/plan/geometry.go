package plan

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo/hexgrid"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// Route returns a shipment's geometry from the router: collection point to
// the Sumatra port, the crossing, and the Java port to the buyer, for the
// shipment's vehicle class. Closed roads of the plan's scenario are not
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
	x, b, v := -1, m.in.buyerIndex(s.Buyer), m.in.vehicleIndex(s.Vehicle)
	for i, cr := range m.in.Crossings {
		if cr.ID == s.Crossing {
			x = i
		}
	}
	if x < 0 || b < 0 || v < 0 {
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
	if err := add(m.in.Crossings[x].To, m.buyers[b].Node); err != nil {
		return nil, err
	}
	return append(line, m.in.Buyers[b].Point), nil
}
