package corridor

import (
	"fmt"

	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

// addRestrictions hands the dataset's road restrictions to the builder,
// with their windows on the WIB clock.
func addRestrictions(b *network.Builder, d *data.Dataset, roads map[string]int32) error {
	for _, r := range d.RoadRestrictions {
		nr := network.RoadRestriction{ID: r.ID, Name: r.Name, MinTollClass: r.MinTollClass,
			UTCOffsetSeconds: UTCOffsetSeconds, Source: r.Source}
		for _, w := range r.Windows {
			nw := network.DailyWindow{From: float64(w.From) * 60, To: float64(w.To) * 60}
			for _, day := range w.Days {
				nw.Days |= 1 << uint(day)
			}
			nr.Windows = append(nr.Windows, nw)
		}
		ids := make([]int32, 0, len(r.Roads))
		for _, id := range r.Roads {
			ri, ok := roads[id]
			if !ok {
				return fmt.Errorf("%w: restriction %q: unknown road %q", ErrNetwork, r.ID, id)
			}
			ids = append(ids, ri)
		}
		b.AddRoadRestriction(nr, ids)
	}
	return nil
}
