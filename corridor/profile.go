package corridor

import (
	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// Profile converts a vehicle class into the router's profile.
func Profile(v *data.Vehicle) (route.Profile, error) {
	fc, err := network.ParseFerryClass(v.FerryClass)
	if err != nil {
		return route.Profile{}, err
	}
	p := route.Profile{MaxSpeedKmh: v.MaxSpeedKmh, CostPerKm: v.CostIDRPerKm,
		DriverPerHour: v.DriverIDRPerHour, TollClass: v.TollClass, FerryClass: fc}
	return p, p.Validate()
}
