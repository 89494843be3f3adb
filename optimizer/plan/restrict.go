package plan

import (
	"math"

	"github.com/lumbung-id/lumbung/optimizer/route"
)

// restrictionDelay is how much later a truck of vehicle v that leaves crossing
// x's Java port at clock at (Unix seconds) reaches buyer b than the
// clock-free table t2 says, because road restrictions on the way (Jakarta's
// truck windows, route/restrict.go) make it wait before a restricted road or
// take a detour. It is 0 on a graph without restrictions.
//
// The allocation and the truckload step price lanes with the clock-free
// tables; only the shipment's reported arrival uses this delay (see
// shipment), so a plan's arrival times respect the restrictions.
func (m *Model) restrictionDelay(t *tables, r *resolved, v, x, b int, at float64) float64 {
	if len(m.in.Router.Graph().RoadRestrictions()) == 0 {
		return 0
	}
	tt := t.t2[v][m.xj[x]][b]
	if !tt.Reachable {
		return 0
	}
	s := m.in.Router.Searcher()
	defer m.in.Router.Release(s)
	opt := &route.Options{Metric: route.Cost, Profile: m.in.Vehicles[v].Profile, Depart: at, HasDepart: true, Avoid: r.avoid}
	p, err := s.Route(m.jPorts[m.xj[x]], m.buyers[b].Node, opt)
	if err != nil {
		return 0
	}
	return math.Max(0, p.Duration-tt.Duration)
}
