package corridor

import (
	"fmt"
	"maps"
	"slices"

	"github.com/lumbung-id/lumbung/data"

	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// Params maps the dataset's planner section onto the planner's parameters.
func Params(d *data.Dataset) plan.Params {
	p := d.Planner
	return plan.Params{
		ClusterRes: p.ClusterRes, DeckShare: p.DeckShare,
		ConsolidationRes: p.ConsolidationRes, CollectIDRPerTonneKm: p.CollectIDRPerTonneKm,
		HandlingHours:    p.HandlingHours,
		LoadingStartHour: p.LoadingStartHour, LoadingEndHour: p.LoadingEndHour,
		DieselIDRPerLitre: p.DieselIDRPerLitre,
		BackhaulShare:     p.BackhaulShare,
		Baseline: plan.Baseline{Vehicles: slices.Clone(p.BaselineVehicles), QueueHours: p.BaselineQueueHours,
			VehiclesByCommodity: maps.Clone(p.BaselineVehiclesByCommodity),
			CollectorRes:        &p.BaselineCollectorRes, MaxHoldDays: &p.BaselineMaxHoldDays},
	}
}

// PlanInput assembles the planner's input from the dataset, its network
// and a router over that network.
func PlanInput(d *data.Dataset, nw *Network, r *route.Router) (*plan.Input, error) {
	in := &plan.Input{Router: r, Params: Params(d), Roads: map[string][]int32{}}
	for id, ri := range nw.Road {
		in.Roads[id] = nw.RoadEdges[ri]
	}
	for _, c := range d.Commodities {
		in.Commodities = append(in.Commodities, plan.Commodity{
			ID: c.ID, MaxTransitHours: c.MaxTransitHours, SpoilagePerTonneHour: c.SpoilageIDRPerTonneHour,
			NeedsReefer: c.NeedsReefer, PenaltyPerTonne: c.PriceIDRPerTonne, Seasonality: c.Seasonality,
		})
	}
	for _, f := range d.Farms {
		in.Farms = append(in.Farms, plan.Farm{Point: f.Point, Cell: f.Cell, Commodity: int(f.Commodity), TonnesPerYear: f.Tonnes})
	}
	for _, m := range d.Markets {
		b := plan.Buyer{ID: m.ID, Name: m.Name, Point: m.Point, Demand: make([]float64, len(d.Commodities))}
		if m.Receiving != nil {
			b.Window = plan.Window{Open: m.Receiving.Open, Close: m.Receiving.Close}
		}
		for k, c := range d.Commodities {
			b.Demand[k] = m.Demand[c.ID].Value
		}
		in.Buyers = append(in.Buyers, b)
	}
	for _, v := range d.Vehicles {
		p, err := Profile(&v)
		if err != nil {
			return nil, fmt.Errorf("corridor: vehicle %q: %w", v.ID, err)
		}
		in.Vehicles = append(in.Vehicles, plan.Vehicle{ID: v.ID, Capacity: v.CapacityTonnes, Reefer: v.Reefer,
			Profile: p, LitresPerKm: v.LitresPerKm()})
	}
	for _, f := range d.Ferries {
		from, to := d.Port(f.From), d.Port(f.To)
		if from == nil || to == nil {
			return nil, fmt.Errorf("%w: ferry %q ports", ErrNetwork, f.ID)
		}
		si := nw.Service[f.ID]
		fromNode, toNode := nw.Junction[from.Junction], nw.Junction[to.Junction]
		if t, ok := nw.Terminals[f.ID]; ok {
			fromNode, toNode = t[0], t[1]
		}
		in.Crossings = append(in.Crossings, plan.Crossing{
			ID: f.ID, Service: si,
			From: fromNode, To: toNode,
			Regular:             f.ID == d.Planner.RegularCrossing,
			PeakCrossingSeconds: f.PeakCrossingMinutes * 60,
			// a season-only service carries nothing out of season
			Closed: nw.Graph.Services()[si].OffSeason(),
		})
	}
	rs, err := PlanRestrictions(d, nw)
	if err != nil {
		return nil, err
	}
	in.Restrictions = rs
	return in, nil
}
