package route

import (
	"math"

	"github.com/lumbung-id/lumbung/optimizer/network"
)

// ferryCost prices riding service sv entered at clock t (seconds since
// departure). With a departure time the wait is that for the next
// departure in season (network.Service.NextDeparture); without one it is
// the service's expected wait, provided the service runs on the requested
// day (Options.Day). A seasonal service has no departure when it is out of
// season, when no departure falls within network.MaxWait, or when the
// query gives neither a departure time nor a day; nor does a service that
// refuses the vehicle's ferry class (see refuses). Then dt and wait are
// +Inf and the search does not use the edge.
func ferryCost(sv *network.Service, t float64, o *Options) (dt float64, c Breakdown, wait float64) {
	switch {
	case refuses(sv, o.Profile.FerryClass):
		return math.Inf(1), Breakdown{}, math.Inf(1)
	case o.HasDepart:
		w, ok := sv.NextDeparture(o.Depart + t)
		if !ok {
			return math.Inf(1), Breakdown{}, math.Inf(1)
		}
		wait = w
	case sv.Seasonal() && !(o.HasDay && sv.RunsOn(o.Day)):
		return math.Inf(1), Breakdown{}, math.Inf(1)
	default:
		wait = sv.ExpectedWait()
	}
	dt = wait + sv.CrossingSeconds
	c.Ferry = sv.Tariff[o.Profile.FerryClass]
	c.Driver = o.Profile.DriverPerHour * dt / 3600
	return dt, c, wait
}

// ferryFloor is the least a ride on sv can cost: the crossing alone, as the
// wait can be zero. The A* bound uses it whether or not the service runs.
func ferryFloor(sv *network.Service, p *Profile) (dt float64, c Breakdown) {
	dt = sv.CrossingSeconds
	c.Ferry = sv.Tariff[p.FerryClass]
	c.Driver = p.DriverPerHour * dt / 3600
	return dt, c
}

// refuses reports whether service sv carries no vehicle of ferry class f:
// its deck gives space to some class but none to f (Panjang – Ciwandan,
// for one, took only motorcycles and small cars). A service with no deck
// figures at all (a hand-built graph) is taken to carry every class.
func refuses(sv *network.Service, f int) bool {
	if sv.Deck[f] > 0 {
		return false
	}
	for _, n := range sv.Deck {
		if n > 0 {
			return true
		}
	}
	return false
}
