package plan

import (
	"math"
)

// baselineCosts prices today's practice for the tonnes the plan ships, in
// four steps that each change one thing, so that the savings split by
// source and add up:
//
//	b0: small trucks per cluster and commodity, nearest buyer, regular
//	    crossing, unplanned queue at the port;
//	b1: + right-sized, consolidated trucks (all commodities from a cluster
//	    to the same buyer pooled, cheapest class);
//	b2: + best crossing and class for each pooled load;
//	b3: + planned arrival (no queue beyond the wait for a departure).
//
// The plan itself then adds buyer choice, deck capacity and slotting.
func (m *Model) baselineCosts(t *tables, r *resolved, lanes []lane) (b [4]float64) {
	in := m.in
	regular := -1
	for x, c := range in.Crossings {
		if c.Regular {
			regular = x
			break
		}
	}
	if regular < 0 {
		regular = 0
	}
	queue := r.baseline.QueueHours * 3600
	type ck struct{ day, c, k int }
	shipped := map[ck]float64{}
	var order []ck
	for _, ln := range lanes {
		key := ck{ln.day, ln.c, ln.k}
		if _, ok := shipped[key]; !ok {
			order = append(order, key)
		}
		shipped[key] += ln.tonnes
	}
	type gk struct {
		day, c, b int
		reefer    bool
	}
	groups := map[gk][]cargo{}
	var gorder []gk
	for _, key := range order {
		q := shipped[key]
		k := key.k
		v0 := m.baselineVehicle(r, k)
		b0 := m.nearestBuyer(t, r, k, v0, regular)
		if v0 < 0 || b0 < 0 {
			continue
		}
		wait, _ := m.crossingTimes(regular, r, key.day)
		l := m.laneCost(t, r, key.c, regular, v0, b0, wait+queue)
		if !l.ok {
			continue
		}
		n := math.Ceil(q/in.Vehicles[v0].Capacity - 1e-9)
		b[0] += l.Cost.Total()*n + q*in.Commodities[k].SpoilagePerTonneHour*l.time/3600
		g := gk{key.day, key.c, b0, in.Commodities[k].NeedsReefer}
		if _, ok := groups[g]; !ok {
			gorder = append(gorder, g)
		}
		groups[g] = append(groups[g], cargo{k, q})
	}
	for _, g := range gorder {
		cg := groups[g]
		best := [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
		for x := range in.Crossings {
			wait, _ := m.crossingTimes(x, r, g.day)
			for v := range in.Vehicles {
				if !m.allowedAll(v, cg) {
					continue
				}
				var total float64
				for _, it := range cg {
					total += it.tonnes
				}
				n := math.Ceil(total/in.Vehicles[v].Capacity - 1e-9)
				for step, w := range [2]float64{wait + queue, wait} {
					l := m.laneCost(t, r, g.c, x, v, g.b, w)
					if !l.ok {
						continue
					}
					cost := l.Cost.Total() * n
					for _, it := range cg {
						cost += it.tonnes * in.Commodities[it.k].SpoilagePerTonneHour * l.time / 3600
					}
					if step == 0 && x == regular {
						best[0] = math.Min(best[0], cost)
					}
					best[1+step] = math.Min(best[1+step], cost)
				}
			}
		}
		for i := range best {
			if !math.IsInf(best[i], 1) {
				b[i+1] += best[i]
			}
		}
	}
	return b
}

func (m *Model) allowedAll(v int, cg []cargo) bool {
	for _, it := range cg {
		if !m.allowed(v, it.k) {
			return false
		}
	}
	return true
}

// baselineVehicle is the first class of the baseline list allowed for k,
// or the smallest allowed class.
func (m *Model) baselineVehicle(r *resolved, k int) int {
	for _, id := range r.baseline.Vehicles {
		if v := m.in.vehicleIndex(id); v >= 0 && m.allowed(v, k) {
			return v
		}
	}
	best := -1
	for v := range m.in.Vehicles {
		if m.allowed(v, k) && (best < 0 || m.in.Vehicles[v].Capacity < m.in.Vehicles[best].Capacity) {
			best = v
		}
	}
	return best
}

// nearestBuyer is the buyer of k closest by road to crossing x's Java port.
func (m *Model) nearestBuyer(t *tables, r *resolved, k, v, x int) int {
	best, bd := -1, math.Inf(1)
	if v < 0 {
		return -1
	}
	for b := range m.in.Buyers {
		if r.demand[b][k] <= 0 {
			continue
		}
		tt := t.t2[v][m.xj[x]][b]
		if tt.Reachable && tt.Distance < bd {
			best, bd = b, tt.Distance
		}
	}
	return best
}
