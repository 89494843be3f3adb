package corridor

import (
	"fmt"
	"github.com/lumbung-id/lumbung/data"
	"strings"

	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// PlanParams are the planner's default assumptions for this corridor. Each
// is an estimate (no published figure was found) and a scenario may
// override it.
var PlanParams = plan.Params{
	// Res-6 cells (~36 km²) aggregate the farms into about a thousand
	// collection points: finer than a kecamatan, coarse enough for the
	// daily allocation to solve in well under a second.
	ClusterRes: 6,
	// The deck space left by other traffic: ships ran at a ~70% load factor
	// (Tempo 2014, FACTS.md), so ~30% of each departure is open to the
	// planned flows. Peak scenarios should lower it.
	DeckShare: 0.30,
	// Remainders pool at res-4 hubs (~1,770 km², a few kecamatan; res 5
	// measured 1.8 points worse on the integer gap); a shared collection
	// run to the hub costs an estimated Rp 1,000 per tonne-km: an engkel's
	// Rp 1,871/km (vehicles.json) over its 2.5 t, plus driver time.
	ConsolidationRes: 4, CollectIDRPerTonneKm: 1000,
	// Estimate: one hour loading at the collection point, one unloading.
	HandlingHours: 2,
	// The plan staggers dispatch from the collection points evenly around
	// the clock, as the ferries run around the clock; a narrower window
	// bunches arrivals at the port and shows up as waiting.
	LoadingStartHour: 0, LoadingEndHour: 24,
	// Subsidised Biosolar, Pertamina, since 2022-09-03 (vehicles.json).
	DieselIDRPerLitre: 6800,
	Baseline: plan.Baseline{
		// Today's practice: collectors' small trucks (engkel/CDD; reefer CDD
		// for chicken).
		Vehicles: []string{"cdd", "reefer-cdd"},
		// Estimate: queueing at Bakauheni on top of the wait for a
		// departure when arrivals are not planned.
		QueueHours: 3,
	},
}

// PlanInput assembles the planner's input from the dataset, its network
// and a router over that network.
func PlanInput(d *data.Dataset, nw *Network, r *route.Router) (*plan.Input, error) {
	in := &plan.Input{Router: r, Params: PlanParams, Roads: map[string][]int32{}}
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
		in.Crossings = append(in.Crossings, plan.Crossing{
			ID: f.ID, Service: nw.Service[f.ID],
			From: nw.Junction[from.Junction], To: nw.Junction[to.Junction],
			Regular:             strings.HasSuffix(f.ID, "-regular"),
			PeakCrossingSeconds: f.PeakCrossingMinutes * 60,
		})
	}
	in.Params.BackhaulShare = BackhaulShare
	return in, nil
}
