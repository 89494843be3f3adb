package corridor

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// Ban is a dataset restriction (data.Restriction) resolved onto the
// routing graph and the vehicle classes, ready for a scenario to switch on:
// from From to To, the Vehicles may not use the RoadEdges, and vehicles of
// the barred golongan may not board the listed crossings, unless their
// cargo is one of the Exempt commodities.
type Ban struct {
	ID, Name string
	From, To time.Time
	// Vehicles are the IDs of the vehicle classes the road rule bars.
	Vehicles []string
	// RoadEdges are the edges of the restricted roads, sorted.
	RoadEdges []network.EdgeID
	// Crossings maps a ferry service ID to the barred golongan (indexes
	// into network.FerryClasses).
	Crossings map[string][]int
	Exempt    []string
	Source    string
}

// Bans resolves the dataset's restrictions onto its network.
func Bans(d *data.Dataset, nw *Network) ([]Ban, error) {
	out := make([]Ban, 0, len(d.Restrictions))
	for _, r := range d.Restrictions {
		b := Ban{ID: r.ID, Name: r.Name, From: r.From, To: r.To, Exempt: slices.Clone(r.ExemptCommodities),
			Crossings: map[string][]int{}, Source: r.Source}
		if len(r.RoadClasses) > 0 {
			for _, v := range d.Vehicles {
				if v.TollClass >= r.MinTollClass {
					b.Vehicles = append(b.Vehicles, v.ID)
				}
			}
			for _, road := range d.Roads {
				if slices.Contains(r.RoadClasses, road.Class) {
					b.RoadEdges = append(b.RoadEdges, nw.RoadEdges[nw.Road[road.ID]]...)
				}
			}
			slices.Sort(b.RoadEdges)
		}
		for _, c := range r.Crossings {
			if _, ok := nw.Service[c.Service]; !ok {
				return nil, fmt.Errorf("%w: restriction %q: unknown ferry service %q", ErrNetwork, r.ID, c.Service)
			}
			for _, g := range c.Classes {
				fc, err := network.ParseFerryClass(g)
				if err != nil {
					return nil, fmt.Errorf("%w: restriction %q: %v", ErrNetwork, r.ID, err)
				}
				b.Crossings[c.Service] = append(b.Crossings[c.Service], fc)
			}
		}
		out = append(out, b)
	}
	return out, nil
}

// PlanRestrictions maps the dataset's restrictions onto the planner's,
// which act at the ports (a barred truck may not board a departure inside
// the window unless all its cargo is exempt); crossings, vehicles and
// commodities are indexed as PlanInput indexes them (the dataset's order).
//
//   - A crossing rule bars, on its service, the vehicle classes whose
//     golongan it lists and whose toll class is at least MinTollClass.
//   - A road rule bars its vehicle classes from the restricted road classes.
//     The planner has no time windows on roads, so the rule is applied
//     where it cuts a crossing off: at every service with a port that only
//     restricted roads reach (the barred trucks can neither get to its
//     departures nor leave its arrivals). Elsewhere it is not applied.
func PlanRestrictions(d *data.Dataset, nw *Network) ([]plan.Restriction, error) {
	bans, err := Bans(d, nw)
	if err != nil {
		return nil, err
	}
	vehicle := func(id string) int {
		return slices.IndexFunc(d.Vehicles, func(v data.Vehicle) bool { return v.ID == id })
	}
	var out []plan.Restriction
	for i, b := range bans {
		base := plan.Restriction{From: b.From, To: b.To}
		for _, id := range b.Exempt {
			base.Exempt = append(base.Exempt, slices.IndexFunc(d.Commodities, func(c data.Commodity) bool { return c.ID == id }))
		}
		for _, service := range slices.Sorted(maps.Keys(b.Crossings)) {
			r := base
			r.ID = b.ID + "/" + service
			r.Crossings = []int{slices.IndexFunc(d.Ferries, func(f data.FerryService) bool { return f.ID == service })}
			for v, veh := range d.Vehicles {
				fc, err := network.ParseFerryClass(veh.FerryClass)
				if err != nil {
					return nil, fmt.Errorf("%w: vehicle %q: %v", ErrNetwork, veh.ID, err)
				}
				if veh.TollClass >= d.Restrictions[i].MinTollClass && slices.Contains(b.Crossings[service], fc) {
					r.Vehicles = append(r.Vehicles, v)
				}
			}
			if len(r.Vehicles) > 0 {
				out = append(out, r)
			}
		}
		if len(b.Vehicles) == 0 || len(b.RoadEdges) == 0 {
			continue
		}
		r := base
		r.ID = b.ID + "/roads"
		r.Crossings = []int{} // none unless a port is cut off
		for x, f := range d.Ferries {
			from, to := d.Port(f.From), d.Port(f.To)
			if from == nil || to == nil {
				return nil, fmt.Errorf("%w: ferry %q ports", ErrNetwork, f.ID)
			}
			if onlyRestricted(nw, nw.Junction[from.Junction], b.RoadEdges) || onlyRestricted(nw, nw.Junction[to.Junction], b.RoadEdges) {
				r.Crossings = append(r.Crossings, x)
			}
		}
		for _, id := range b.Vehicles {
			r.Vehicles = append(r.Vehicles, vehicle(id))
		}
		if len(r.Crossings) > 0 {
			out = append(out, r)
		}
	}
	return out, nil
}

// onlyRestricted reports whether every road edge into and out of node v is
// one of the restricted (sorted) edges.
func onlyRestricted(nw *Network, v network.NodeID, restricted []network.EdgeID) bool {
	g := nw.Graph
	roads := 0
	check := func(e network.EdgeID) bool {
		if g.Class(e) == network.Ferry {
			return true
		}
		roads++
		_, found := slices.BinarySearch(restricted, e)
		return found
	}
	lo, hi := g.Edges(v)
	for e := lo; e < hi; e++ {
		if !check(e) {
			return false
		}
	}
	for _, e := range g.InEdges(v) {
		if !check(e) {
			return false
		}
	}
	return roads > 0
}
