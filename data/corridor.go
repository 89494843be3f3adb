package data

import (
	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// Corridor is a dataset made ready to serve: its routing graph and a router
// over it with the dataset's feeder parameters.
type Corridor struct {
	Data    *Dataset
	Network *Network
	Router  *route.Router
}

// Corridor builds the dataset's network and router.
func (d *Dataset) Corridor() (*Corridor, error) {
	nw, err := d.BuildNetwork()
	if err != nil {
		return nil, err
	}
	r, err := d.Router(nw)
	if err != nil {
		return nil, err
	}
	return &Corridor{Data: d, Network: nw, Router: r}, nil
}

// DefaultCorridor is the embedded dataset's corridor.
func DefaultCorridor() (*Corridor, error) {
	ds, err := Default()
	if err != nil {
		return nil, err
	}
	return ds.Corridor()
}

// Planner prepares the shipment planner's model of the corridor.
func (c *Corridor) Planner() (*plan.Model, error) {
	in, err := c.Data.PlanInput(c.Network, c.Router)
	if err != nil {
		return nil, err
	}
	return plan.Prepare(in)
}
