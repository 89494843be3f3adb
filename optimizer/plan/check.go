package plan

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/geo/hexgrid"
)

// ErrCheck reports a plan that breaks one of the model's rules.
var ErrCheck = errors.New("plan: check failed")

// Check verifies a plan against the model independently of how it was
// made: every shipment's vehicle may carry its cargo and carries no more
// than its trucks hold; every lane meets its commodities' perishability
// limits; no cluster ships more than it produced that day; no buyer gets
// more than it asked for and delivered plus unmet equals demand; no day's
// trucks exceed a crossing's deck slots for their class; and every cost is
// recomputed from the route tables. sc must be the scenario that made p.
func (m *Model) Check(sc *Scenario, p *Plan) error {
	s2 := *sc
	s2.Start = p.Start
	r, err := m.in.resolve(&s2, time.Now())
	if err != nil {
		return err
	}
	if r.days != p.HorizonDays {
		return fmt.Errorf("%w: horizon %d, plan says %d", ErrCheck, r.days, p.HorizonDays)
	}
	t, err := m.begin(r)
	if err != nil {
		return err
	}
	in := m.in
	K, B, X := len(in.Commodities), len(in.Buyers), len(in.Crossings)
	shipped := make([]map[[2]int]float64, r.days) // day → (cluster, k) → t
	delivered := make([][][]float64, r.days)
	trucks := make([][][]int, r.days)
	for d := range shipped {
		shipped[d] = map[[2]int]float64{}
		delivered[d] = make([][]float64, B)
		for b := range delivered[d] {
			delivered[d][b] = make([]float64, K)
		}
		trucks[d] = make([][]int, X)
		for x := range trucks[d] {
			trucks[d][x] = make([]int, 6)
		}
	}
	cluster := func(id string) (int, error) {
		cell, err := hexgrid.Parse(id)
		if err != nil {
			return 0, err
		}
		c, ok := m.clusterIdx[cell]
		if !ok {
			return 0, fmt.Errorf("%w: unknown cluster %s", ErrCheck, id)
		}
		return c, nil
	}
	var total float64
	for i := range p.Shipments {
		s := &p.Shipments[i]
		bad := func(format string, a ...any) error {
			return fmt.Errorf("%w: shipment %d (day %d %s → %s): %s", ErrCheck, i, s.Day, s.OriginCell, s.Buyer, fmt.Sprintf(format, a...))
		}
		if s.Day < 0 || s.Day >= r.days {
			return bad("day out of horizon")
		}
		c, err := cluster(s.OriginCell)
		if err != nil {
			return bad("%v", err)
		}
		v, b := in.vehicleIndex(s.Vehicle), in.buyerIndex(s.Buyer)
		x := -1
		for j, cr := range in.Crossings {
			if cr.ID == s.Crossing {
				x = j
			}
		}
		if v < 0 || b < 0 || x < 0 {
			return bad("unknown vehicle, buyer or crossing")
		}
		if s.Trucks < 1 {
			return bad("%d trucks", s.Trucks)
		}
		var load float64
		own := map[int]float64{}
		for _, cg := range s.Cargo {
			k := in.commodityIndex(cg.Commodity)
			if k < 0 || !(cg.Tonnes > 0) {
				return bad("cargo %+v", cg)
			}
			if !m.allowed(v, k) {
				return bad("%s may not carry %s", s.Vehicle, cg.Commodity)
			}
			load += cg.Tonnes
			own[k] += cg.Tonnes
			delivered[s.Day][b][k] += cg.Tonnes
		}
		if math.Abs(load-s.Tonnes) > 1e-6*math.Max(1, load) {
			return bad("tonnes %v, cargo sums to %v", s.Tonnes, load)
		}
		if load > float64(s.Trucks)*in.Vehicles[v].Capacity*(1+1e-9) {
			return bad("%v t in %d × %v t trucks", load, s.Trucks, in.Vehicles[v].Capacity)
		}
		wait, _ := m.crossingTimes(x, r, s.Day)
		lc := m.laneCost(t, r, c, x, v, b, wait)
		if !lc.ok {
			return bad("lane unreachable")
		}
		for k := range own {
			if lim := in.Commodities[k].MaxTransitHours; lim > 0 && lc.time/3600 > lim*(1+1e-9) {
				return bad("%s lane takes %.1f h, limit %.1f h", in.Commodities[k].ID, lc.time/3600, lim)
			}
		}
		var collect float64
		for _, pk := range s.CollectedFrom {
			pc, err := cluster(pk.Cluster)
			if err != nil {
				return bad("%v", err)
			}
			k := in.commodityIndex(pk.Commodity)
			if k < 0 {
				return bad("pickup commodity %q", pk.Commodity)
			}
			own[k] -= pk.Tonnes
			shipped[s.Day][[2]int{pc, k}] += pk.Tonnes
			d := float64(geo.Distance(m.clusters[pc].Point, m.clusters[c].Point)) / 1000
			collect += pk.Tonnes * d * in.Router.Feeder().Circuity * in.Params.CollectIDRPerTonneKm
		}
		for k, q := range own {
			if q < -1e-6 {
				return bad("collects more %s than it carries", in.Commodities[k].ID)
			}
			shipped[s.Day][[2]int{c, k}] += q
		}
		trucks[s.Day][x][in.Vehicles[v].Profile.FerryClass] += s.Trucks
		// cost: trucks at the expected wait, moved to the slotted waits
		n := float64(s.Trucks)
		want := lc.Cost.Total()*n + in.Vehicles[v].Profile.DriverPerHour*(s.WaitMin*60-wait)*n/3600 + collect
		for _, cg := range s.Cargo {
			k := in.commodityIndex(cg.Commodity)
			want += cg.Tonnes * in.Commodities[k].SpoilagePerTonneHour * (lc.time + s.WaitMin*60 - wait) / 3600
		}
		if got := s.Cost.Total(); math.Abs(got-want) > 1e-6*math.Max(1, want) {
			return bad("cost %.2f, recomputed %.2f", got, want)
		}
		total += s.Cost.Total()
	}
	if math.Abs(total-p.Summary.TotalCostIDR) > 1e-6*math.Max(1, total) {
		return fmt.Errorf("%w: total cost %.2f, shipments sum to %.2f", ErrCheck, p.Summary.TotalCostIDR, total)
	}
	for d := 0; d < r.days; d++ {
		for key, q := range shipped[d] {
			if sup := m.supplyPerDay(r, key[0], key[1], d); q > sup*(1+1e-6)+1e-6 {
				return fmt.Errorf("%w: day %d cluster %s ships %.3f t of %s, has %.3f t", ErrCheck, d,
					m.clusters[key[0]].Cell, q, in.Commodities[key[1]].ID, sup)
			}
		}
		for x := 0; x < X; x++ {
			for f := 0; f < 6; f++ {
				if slots := int(math.Floor(m.dayCapacity(x, r, d, f) + 1e-9)); trucks[d][x][f] > slots {
					return fmt.Errorf("%w: day %d %s class %d: %d trucks for %d deck slots", ErrCheck, d,
						in.Crossings[x].ID, f, trucks[d][x][f], slots)
				}
			}
		}
	}
	unmet := map[[2]int]float64{}
	for _, u := range p.Summary.Unmet {
		unmet[[2]int{in.buyerIndex(u.Buyer), in.commodityIndex(u.Commodity)}] += u.Tonnes
	}
	for b := 0; b < B; b++ {
		for k := 0; k < K; k++ {
			var dem, del float64
			for d := 0; d < r.days; d++ {
				if delivered[d][b][k] > r.demand[b][k]*(1+1e-6)+1e-6 {
					return fmt.Errorf("%w: day %d %s gets %.3f t of %s, asked %.3f t", ErrCheck, d,
						in.Buyers[b].ID, delivered[d][b][k], in.Commodities[k].ID, r.demand[b][k])
				}
				dem += r.demand[b][k]
				del += delivered[d][b][k]
			}
			if u := unmet[[2]int{b, k}]; math.Abs(del+u-dem) > 1e-6*math.Max(1, dem) {
				return fmt.Errorf("%w: %s %s: delivered %.3f + unmet %.3f ≠ demand %.3f", ErrCheck,
					in.Buyers[b].ID, in.Commodities[k].ID, del, u, dem)
			}
		}
	}
	return nil
}
