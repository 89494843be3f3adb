package corridor

import (
	"fmt"
	"slices"
	"time"

	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/optimizer/network"
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
