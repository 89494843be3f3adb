package route

import (
	"math"

	"github.com/lumbung-id/lumbung/optimizer/network"
)

// Road restrictions (network.RoadRestriction) in searches.
//
// Semantics: a vehicle the restriction binds (toll class at least
// MinTollClass) may not ENTER a restricted road while one of its windows is
// open. Entering means taking an edge of the road from anything other than
// an edge of the same restriction, so a truck already on the road when a
// window opens drives on (as enforcement at the gates works), and a
// restriction spanning several road sections is entered once. A vehicle that
// arrives during a window waits at the entry until the window closes; the
// wait is time (and driver cost) like a ferry wait. The search weighs that
// wait against every detour under the query's metric, so the route it returns
// waits or detours, whichever is cheaper: by time, the earlier arrival; by
// cost, the cheaper of the driver's waiting hours and the detour's fuel,
// tolls and hours; by distance a wait is free, so it always waits.
//
// Without a departure time there is no clock, so restrictions cost nothing;
// Trip then reports the restricted roads the route uses, with their windows.
//
// Exactness: waiting at an entry is first-in-first-out (arriving later never
// clears earlier), so the travel-time search stays exact as with ferries,
// except where another road joins a restricted road between its ends: a node
// label there keeps only the best arrival, and a slightly later arrival along
// the restricted road itself (which would not count as an entry) can be
// lost. The default dataset has no such junction.

// restrictionWait returns how long a vehicle must wait before taking edge e,
// reached by edge prev (-1 at the origin), at clock t seconds after
// departure; +Inf if the restriction never clears.
func (s *Searcher) restrictionWait(e, prev int32, t float64, o *Options) float64 {
	ri := s.restr[e]
	if ri == network.None || !o.HasDepart || (prev >= 0 && s.restr[prev] == ri) {
		return 0
	}
	r := &s.rs[ri]
	if !r.Applies(o.Profile.TollClass) {
		return 0
	}
	now := o.Depart + t
	return r.Clear(now) - now
}

// edgeCostAt prices edge e entered from edge prev at clock t: edgeCost plus
// the wait for a restriction on e, which it also returns.
func (s *Searcher) edgeCostAt(e, prev int32, t float64, o *Options) (dt, dd float64, c Breakdown, wait, rwait float64) {
	rwait = s.restrictionWait(e, prev, t, o)
	if math.IsInf(rwait, 1) {
		return math.Inf(1), 0, Breakdown{}, 0, rwait
	}
	dt, dd, c, wait = s.edgeCost(e, t+rwait, o)
	if rwait > 0 {
		dt += rwait
		c.Driver += o.Profile.DriverPerHour * rwait / 3600
	}
	return dt, dd, c, wait, rwait
}

// RestrictionCrossing is a restricted road a trip enters.
type RestrictionCrossing struct {
	ID, Name string
	// Enter is when the vehicle enters, seconds after departure (after any
	// wait); meaningful only with a departure time.
	Enter float64
	// Wait is the time spent waiting for the restriction to clear.
	Wait float64
	// Binding is false when the restriction does not apply to the vehicle's
	// toll class.
	Binding bool
	// Windows are the restriction's windows, for reports.
	Windows []network.DailyWindow
	// MinTollClass is the smallest toll class the restriction binds.
	MinTollClass int
}

// crossings lists the restricted roads a path enters, in order, with the
// clock and wait at each entry under opt.
func (r *Router) crossings(edges []network.EdgeID, opt *Options) []RestrictionCrossing {
	var out []RestrictionCrossing
	if len(r.g.RoadRestrictions()) == 0 {
		return nil
	}
	s := r.Searcher()
	defer r.Release(s)
	rs := r.g.RoadRestrictions()
	clock := 0.0
	prev := int32(-1)
	for _, e := range edges {
		k := r.g.Restricted(e)
		entry := k != network.None && (prev < 0 || r.g.Restricted(prev) != k)
		dt, _, _, _, rwait := s.edgeCostAt(e, prev, clock, opt)
		if entry {
			x := &rs[k]
			out = append(out, RestrictionCrossing{ID: x.ID, Name: x.Name, Enter: clock + rwait, Wait: rwait,
				Binding: x.Applies(opt.Profile.TollClass), Windows: x.Windows, MinTollClass: x.MinTollClass})
		}
		clock += dt
		prev = e
	}
	return out
}
