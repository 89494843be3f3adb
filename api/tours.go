package api

import (
	"github.com/paulmach/orb/geojson"

	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// tourFeatures is a plan's collection tours as LineStrings (one per tour,
// hub to hub through its stops), routed now from the stored tours.
func (s *Server) tourFeatures(p *plan.Plan) ([]*geojson.Feature, error) {
	lines, err := s.model.TourRoutes(p.Tours)
	if err != nil {
		return nil, err
	}
	out := make([]*geojson.Feature, len(lines))
	for i, line := range lines {
		t := &p.Tours[i]
		f := geojson.NewFeature(line)
		f.Properties = geojson.Properties{"kind": "tour", "id": t.ID, "day": t.Day, "hub_cluster": t.Hub,
			"vehicle": t.Vehicle, "trips": t.Trips, "stops": len(t.Stops), "tonnes": round(t.Tonnes, 3),
			"distance_km": round(t.DistanceKm, 1), "hours": round(t.Hours, 2), "cost_idr": round(t.CostIDR, 0)}
		out[i] = f
	}
	return out, nil
}
