package plan

import (
	"context"
	"math"
	"sort"

	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/geo/hexgrid"
)

// baselineCosts prices today's practice for the tonnes the plan ships, in
// four steps that each change one thing, so that the savings split by
// source and add up:
//
//	b0: collectors (pengepul) buy each commodity in their catchment (an
//	    H3 cell of Baseline.CollectorRes), bring it from the farms to their
//	    yard on first-mile collection tours (routeCollectors: routed like
//	    the plan's, but one commodity per collector and its one truck
//	    class, the largest small class), and send it on in their own class of
//	    truck by the dispatch rule (collector.runs) to the nearest buyer,
//	    over the regular crossing, with an unplanned queue at the port;
//	b1: + the cheapest class for each collector's runs (vehicle sizing);
//	b2: + the best crossing and class for them;
//	b3: + planned arrival (no queue beyond the wait for a departure).
//
// The plan itself then adds buyer choice, its own consolidation and the
// network's routes, deck capacity and slotting: the last step, plan − b3,
// is SavingsBreakdown.BuyerChoice. Every step keeps the collectors'
// first-mile cost and dispatch days, so the steps only ever lower the
// cost and the parts add up to the total.
func (m *Model) baselineCosts(ctx context.Context, t *tables, r *resolved, lanes []lane) (b [4]float64, err error) {
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
	cos := m.collectors(r, lanes)
	if err := m.routeCollectors(ctx, r, cos); err != nil {
		return b, err
	}
	for _, co := range cos {
		v0 := m.baselineVehicle(r, co.k)
		b0 := m.nearestBuyer(t, r, co.k, v0, regular)
		if v0 < 0 || b0 < 0 {
			continue
		}
		today := m.runsCost(t, r, &co, v0, regular, b0, queue)
		if math.IsInf(today, 1) {
			continue
		}
		best := [3]float64{today, today, today}
		for v := range in.Vehicles {
			if !m.allowed(v, co.k) {
				continue
			}
			for x := range in.Crossings {
				for step, w := range [2]float64{queue, 0} {
					c := m.runsCost(t, r, &co, v, x, b0, w)
					if step == 0 && x == regular {
						best[0] = math.Min(best[0], c)
					}
					if step == 0 {
						best[1] = math.Min(best[1], c)
					}
					best[2] = math.Min(best[2], c)
				}
			}
		}
		b[0] += today + co.collect
		for i, c := range best {
			b[i+1] += c + co.collect
		}
	}
	return b, nil
}

// routeCollectors routes the collectors' first mile like the plan's:
// every day, the produce of each catchment's other clusters goes to the
// yard on collection tours (package vrp, the same vehicles, shift,
// reloads and loading times as the plan's tours), and co.collect becomes
// their cost (a pickup no tour takes stays at the per-t-km estimate).
func (m *Model) routeCollectors(ctx context.Context, r *resolved, cos []collector) error {
	var groups []*collectGroup
	var owner []int
	for i := range cos {
		co := &cos[i]
		for day := 0; day < r.days; day++ {
			g := &collectGroup{day: day, hub: co.yard, reefer: m.in.Commodities[co.k].NeedsReefer, largestOnly: true}
			for _, c := range co.clusters {
				if c.c != co.yard && c.daily[day] > 1e-9 {
					g.jobs = append(g.jobs, collectJob{load: -1, c: c.c, k: co.k, tonnes: c.daily[day]})
				}
			}
			if len(g.jobs) > 0 {
				groups = append(groups, g)
				owner = append(owner, i)
			}
		}
		co.collect = 0
	}
	parts, err := m.solveCollection(ctx, r, groups)
	if err != nil {
		return err
	}
	for gi, g := range groups {
		co := &cos[owner[gi]]
		for pi, pt := range parts[gi] {
			for _, t := range m.readTours(r, g, pt.cp, pt.sol, nil) {
				co.collect += t.CostIDR
			}
			if pi < len(parts[gi])-1 {
				continue
			}
			for _, u := range pt.sol.Unassigned {
				j := pt.cp.jobs[u.Index]
				co.collect += m.collectEstimate(j.c, g.hub, j.tonnes)
			}
		}
	}
	return nil
}

// collector is one collector's trade in one commodity over the horizon:
// what reaches the yard each day and what bringing it there costs.
type collector struct {
	yard, k  int            // cluster index of the yard, commodity
	daily    []float64      // tonnes bought per day
	collect  float64        // first-mile cost, Rupiah
	clusters []clusterDaily // what each cluster of the catchment sells, by day
}

// clusterDaily is one cluster's tonnes of a commodity per day.
type clusterDaily struct {
	c     int
	daily []float64
}

// collectors groups the shipped tonnes by collector catchment and
// commodity. The yard is the catchment's cluster that supplies the most of
// the commodity; the rest comes to it on first-mile runs, priced here at
// Params.CollectIDRPerTonneKm over the straight line times the feeder
// circuity until routeCollectors replaces that by routed tours.
func (m *Model) collectors(r *resolved, lanes []lane) []collector {
	type ck struct {
		area hexgrid.Cell
		k    int
	}
	byArea := map[ck]map[int][]float64{} // cluster → tonnes per day
	var order []ck
	for _, ln := range lanes {
		area, err := m.clusters[ln.c].Cell.Parent(*r.baseline.CollectorRes)
		if err != nil {
			area = m.clusters[ln.c].Cell
		}
		key := ck{area, ln.k}
		if _, ok := byArea[key]; !ok {
			byArea[key] = map[int][]float64{}
			order = append(order, key)
		}
		q := byArea[key][ln.c]
		if q == nil {
			q = make([]float64, r.days)
			byArea[key][ln.c] = q
		}
		q[ln.day] += ln.tonnes
	}
	out := make([]collector, 0, len(order))
	for _, key := range order {
		cl := byArea[key]
		yard, most := -1, -1.0
		for c, q := range cl {
			if s := sum(q); s > most || (s == most && c < yard) {
				yard, most = c, s
			}
		}
		co := collector{yard: yard, k: key.k, daily: make([]float64, r.days)}
		for c, q := range cl {
			co.clusters = append(co.clusters, clusterDaily{c, q})
			d := float64(geo.Distance(m.clusters[c].Point, m.clusters[yard].Point)) / 1000
			for day, x := range q {
				co.daily[day] += x
				co.collect += x * d * m.in.Router.Feeder().Circuity * m.in.Params.CollectIDRPerTonneKm
			}
		}
		sort.Slice(co.clusters, func(a, b int) bool { return co.clusters[a].c < co.clusters[b].c })
		out = append(out, co)
	}
	return out
}

func sum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}

// run is one day's trucks from a collector's yard.
type run struct {
	day    int
	trucks int
	tonnes float64
	// heldHours is tonne-hours the cargo waited at the yard for the
	// truck to fill.
	heldHours float64
}

// runs applies today's dispatch rule to trucks of capT tonnes: every day
// the collector sends as many full trucks as the stock fills, oldest
// produce first; a part load is sent too when the commodity has a transit
// limit (perishables go daily), when its oldest produce has waited
// maxHold days, or on the horizon's last day. Otherwise it waits for the
// next day's produce.
func runs(daily []float64, capT float64, maxHold int, perishable bool) []run {
	type lot struct {
		day    int
		tonnes float64
	}
	var stock []lot
	var out []run
	for d, q := range daily {
		if q > 0 {
			stock = append(stock, lot{d, q})
		}
		var have float64
		for _, l := range stock {
			have += l.tonnes
		}
		if have <= 1e-9 {
			continue
		}
		ship := math.Floor(have/capT+1e-9) * capT
		if rest := have - ship; rest > 1e-9 && (perishable || d == len(daily)-1 || d-stock[0].day >= maxHold) {
			ship = have
		}
		if ship <= 1e-9 {
			continue
		}
		rn := run{day: d, trucks: int(math.Ceil(ship/capT - 1e-9)), tonnes: ship}
		for left := ship; left > 1e-9; {
			l := &stock[0]
			take := math.Min(left, l.tonnes)
			rn.heldHours += take * float64(d-l.day) * 24
			l.tonnes -= take
			left -= take
			if l.tonnes <= 1e-9 {
				stock = stock[1:]
			}
		}
		out = append(out, rn)
	}
	return out
}

// runsCost prices a collector's runs by vehicle v over crossing x to buyer
// b with an extra queue (s) at the port: whole trucks at the lane's cost,
// spoilage in transit and while held at the yard, and waits for the
// buyer's receiving hours. +Inf if the lane does not exist.
func (m *Model) runsCost(t *tables, r *resolved, co *collector, v, x, b int, queue float64) float64 {
	k := &m.in.Commodities[co.k]
	var cost float64
	for _, rn := range runs(co.daily, m.in.Vehicles[v].Capacity, *r.baseline.MaxHoldDays, k.MaxTransitHours > 0) {
		wait, _ := m.crossingTimes(x, r, rn.day)
		l := m.laneCost(t, r, co.yard, x, v, b, wait+queue)
		if !l.ok {
			return math.Inf(1)
		}
		cost += l.Cost.Total()*float64(rn.trucks) + k.SpoilagePerTonneHour*(rn.tonnes*l.time/3600+rn.heldHours)
		cost += m.baselineReceiving(t, r, co, rn, v, x, b, l.time, queue)
	}
	return cost
}

// baselineReceiving is what a run's receiving waits cost today: the
// collector's trucks leave by the plan's dispatch rule (aimDispatch, aimed
// at the buyer's hours at the expected ferry wait, and earlier by the
// usual queue, which collectors know), arrive after the lane's time with
// that queue (transit, s), and wait for the buyer's hours: driver hours
// and spoilage, as in the plan.
func (m *Model) baselineReceiving(t *tables, r *resolved, co *collector, rn run, v, x, b int, transit, queue float64) float64 {
	if m.in.Buyers[b].Window.always() {
		return 0
	}
	l := load{day: rn.day, c: co.yard, x: x, v: v, b: b, trucks: rn.trucks}
	m.aimDispatch(t, r, &l)
	if l.span >= 86400 || m.in.Params.LoadingEndHour-m.in.Params.LoadingStartHour >= 24 {
		l.aim -= queue // leaveAt wraps it into the day
	} else {
		l.aim = math.Max(m.in.Params.LoadingStartHour*3600, l.aim-queue)
	}
	per := []cargo{{co.k, rn.tonnes / float64(rn.trucks)}}
	var cost float64
	for j := 0; j < rn.trucks; j++ {
		gate := l.leaveAt(r, j) + transit - m.unloadSeconds()
		cost += m.waitCost(v, per, m.in.Buyers[b].Window.openAt(gate)-gate).Total()
	}
	return cost
}

// baselineVehicle is the collectors' class for commodity k: the one
// Baseline.VehiclesByCommodity names, else the first of Baseline.Vehicles
// allowed for k, else the smallest allowed class.
func (m *Model) baselineVehicle(r *resolved, k int) int {
	if id, ok := r.baseline.VehiclesByCommodity[m.in.Commodities[k].ID]; ok {
		if v := m.in.vehicleIndex(id); v >= 0 && m.allowed(v, k) {
			return v
		}
	}
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
