package corridor

import (
	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// Corridor is a dataset made ready to serve: its routing graph and a router
// over it with the dataset's feeder parameters.
type Corridor struct {
	Data    *data.Dataset
	Network *Network
	Router  *route.Router
	// Imported is nil on the dataset's own network and tells what was kept
	// of the dataset on a network imported from OpenStreetMap (FromGraph).
	Imported *Imported
}

// New builds the dataset's network and router.
func New(d *data.Dataset) (*Corridor, error) {
	nw, err := BuildNetwork(d)
	if err != nil {
		return nil, err
	}
	r, err := NewRouter(d, nw)
	if err != nil {
		return nil, err
	}
	return &Corridor{Data: d, Network: nw, Router: r}, nil
}

// Default is the embedded dataset's corridor.
func Default() (*Corridor, error) {
	ds, err := data.Default()
	if err != nil {
		return nil, err
	}
	return New(ds)
}

// Planner prepares the shipment planner's model of the corridor.
func (c *Corridor) Planner() (*plan.Model, error) {
	if c.Imported != nil && c.Imported.NoPlans != nil {
		return nil, c.Imported.NoPlans
	}
	in, err := PlanInput(c.Data, c.Network, c.Router)
	if err != nil {
		return nil, err
	}
	return plan.Prepare(in)
}
