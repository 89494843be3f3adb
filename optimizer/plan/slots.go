package plan

import (
	"math"
	"sort"
)

// slotResult is the ferry assignment of every truck and the queue it makes.
type slotResult struct {
	// used[x][day] trucks boarded; slots[x][day] integer deck slots offered
	used  [][]int
	slots [][]int
	// queue[x][day] is the port queue of the trucks arriving that day
	queue [][]queueStats
	// unboarded[i][j] says why truck j of load i boards nothing ("" if it
	// boards)
	unboarded [][]string
	nUnboard  int
}

// queueStats sums one crossing-day's port queue.
type queueStats struct {
	arriving  int
	waitSum   float64 // s
	waitMax   float64 // s
	maxQueue  int     // trucks waiting at a departure
	boardings int
}

// truck is one truck of a load on its way to the port.
type truck struct {
	arrive   float64 // at the Sumatra port, Unix s
	deadline float64 // latest departure its cargo allows (+Inf: none)
	limit    float64 // its cargo's tightest transit limit, h (+Inf: none)
	load     int
	idx      int
}

// assignSlots gives every truck a departure: the port queue. Trucks leave
// their collection point evenly spread over the loading window (pooled
// loads after the collection shift, see leaveTime), reach the
// port after the router's first-leg time, and board, in order of arrival,
// the earliest departure of their crossing with deck space left for their
// ferry class that they may board (not closed, not under a truck
// restriction for their class and cargo, and in time for their cargo's
// perishability limit at every drop, receiving waits included). When more trucks arrive than a sailing's deck
// takes, the rest wait for later sailings; the waits are the plan's, in
// its times and costs. Trucks of a class board in order of their cargo's
// transit limit, tightest first (chicken, 12 h, before fruit, before
// durable goods), so that a queue delays what keeps longest: with arrival
// order among all perishables, a peak week's aimed fruit trucks took the
// slots chilled chicken then missed (the README's Lebaran week lost 87 t
// more chicken).
//
// Among trucks of one class and limit this first-come-first-served rule
// minimizes the total wait exactly: swapping the departures of two trucks
// that arrive in the other order never shortens the sum of waits (an
// exchange argument), and no truck skips a departure it may take. Deck
// space per departure is the plan's share of the deck, made integer by
// cumulative rounding down, so the slots offered over a day never exceed
// the capacity the allocation used. A truck that finds no departure within
// the horizon plus one day is unboarded: the plan drops it, and its cargo
// becomes unmet demand with the reason.
func (m *Model) assignSlots(t *tables, r *resolved, loads []load) slotResult {
	X := len(m.in.Crossings)
	days := r.days + 1
	res := slotResult{used: make([][]int, X), slots: make([][]int, X), queue: make([][]queueStats, X),
		unboarded: make([][]string, len(loads))}
	for i := range loads {
		l := &loads[i]
		l.depart = make([]float64, l.trucks)
		l.wait = make([]float64, l.trucks)
		l.leave = make([]float64, l.trucks)
		res.unboarded[i] = make([]string, l.trucks)
	}
	fleet := m.slotFleet(t, r, loads)
	dt := newDropTables(m)
	for x := 0; x < X; x++ {
		res.used[x] = make([]int, days)
		res.slots[x] = make([]int, days)
		res.queue[x] = make([]queueStats, r.days)
		// departures over the horizon and one spill-over day
		var deps []float64
		var open []bool
		var depDay []int
		for d := 0; d < days; d++ {
			ts, op := m.departures(x, r, d)
			deps = append(deps, ts...)
			open = append(open, op...)
			for range ts {
				depDay = append(depDay, d)
			}
		}
		var arrivals, boarded []float64 // of the trucks that board, for the queue length
		for f := 0; f < 6; f++ {
			trucks := m.trucksTo(t, r, loads, x, f)
			if len(trucks) == 0 {
				continue
			}
			capLeft := deckSlots(open, m.deckPerDeparture(x, r, f))
			for i, n := range capLeft {
				res.slots[x][depDay[i]] += n
			}
			may := func(tr truck, q int) bool {
				l := &loads[tr.load]
				return deps[q] <= tr.deadline && (len(r.bans) == 0 || !r.banned(x, l.v, deps[q], l.kinds())) &&
					m.deliversInTime(t, r, dt, l, deps[q], deps[q]-tr.arrive) &&
					fleet.rebook(m, t, r, loads, tr.load, tr.idx, deps[q]) // books it (last): the first departure allowed is taken
			}
			for i, q := range board(trucks, deps, capLeft, may) {
				tr := trucks[i]
				l := &loads[tr.load]
				if q < 0 {
					res.unboarded[tr.load][tr.idx] = m.whyMissed(t, r, dt, x, l, tr, deps, capLeft)
					if fleet.release(r, loads, tr.load, tr.idx) {
						res.unboarded[tr.load][tr.idx] = ReasonFleet
					}
					res.nUnboard++
					continue
				}
				res.used[x][depDay[q]]++
				l.depart[tr.idx] = deps[q]
				l.wait[tr.idx] = deps[q] - tr.arrive
				arrivals = append(arrivals, tr.arrive)
				boarded = append(boarded, deps[q])
				qs := &res.queue[x][m.dayOf(r, tr.arrive)]
				qs.arriving++
				qs.waitSum += l.wait[tr.idx]
				qs.waitMax = math.Max(qs.waitMax, l.wait[tr.idx])
			}
		}
		m.queueLengths(r, res.queue[x], deps, open, arrivals, boarded)
	}
	return res
}

// trucksTo lists the trucks of ferry class f bound for crossing x, with
// their dispatch times set: spread evenly over the load's dispatch span
// (aimDispatch: the loading window, aimed at the buyer's hours). They
// come by their cargo's transit limit, tightest first, then by arrival at
// the port.
func (m *Model) trucksTo(t *tables, r *resolved, loads []load, x, f int) []truck {
	var trucks []truck
	for i := range loads {
		l := &loads[i]
		if l.x != x || m.in.Vehicles[l.v].Profile.FerryClass != f {
			continue
		}
		first := m.first(t, r, l.v, m.xs[x], l.c)
		slack := m.queueSlack(t, r, l)
		limit := m.transitLimit(l)
		for j := 0; j < l.trucks; j++ {
			leave := l.leaveAt(r, j)
			l.leave[j] = leave
			a := leave + first.time
			trucks = append(trucks, truck{arrive: a, deadline: a + slack, limit: limit, load: i, idx: j})
		}
	}
	sort.Slice(trucks, func(a, b int) bool {
		if trucks[a].limit != trucks[b].limit {
			return trucks[a].limit < trucks[b].limit
		}
		if trucks[a].arrive != trucks[b].arrive {
			return trucks[a].arrive < trucks[b].arrive
		}
		if trucks[a].load != trucks[b].load {
			return trucks[a].load < trucks[b].load
		}
		return trucks[a].idx < trucks[b].idx
	})
	return trucks
}

// deckSlots makes the deck share per departure integer by cumulative
// rounding down: the slots up to any departure never exceed the share of
// the open departures so far.
func deckSlots(open []bool, per float64) []int {
	out := make([]int, len(open))
	acc, prev := 0.0, 0
	for i, op := range open {
		if !op {
			continue
		}
		acc += per
		n := int(acc + 1e-9)
		out[i] = n - prev
		prev = n
	}
	return out
}

// transitLimit is the tightest transit limit of a load's cargo, h (+Inf
// without one).
func (m *Model) transitLimit(l *load) float64 {
	lim := math.Inf(1)
	for _, c := range l.cargo {
		if h := m.in.Commodities[c.k].MaxTransitHours; h > 0 {
			lim = math.Min(lim, h)
		}
	}
	return lim
}

// queueSlack is how long a load's trucks may wait at the port: the
// tightest perishability limit of its cargo less the lane's time without
// any wait (+Inf without a limit).
func (m *Model) queueSlack(t *tables, r *resolved, l *load) float64 {
	lim := math.Inf(1)
	for _, c := range l.cargo {
		if h := m.in.Commodities[c.k].MaxTransitHours; h > 0 {
			lim = math.Min(lim, h*3600)
		}
	}
	if math.IsInf(lim, 1) {
		return lim
	}
	return lim - m.laneCost(t, r, l.c, l.x, l.v, l.b, 0).time
}

// dayOf is the horizon day of a Unix time, clamped to the horizon.
func (m *Model) dayOf(r *resolved, ts float64) int {
	d := int(math.Floor((ts - float64(r.start.Unix())) / 86400))
	return min(max(d, 0), r.days-1)
}

// queueLengths sets each day's longest queue: at every open departure, the
// trucks that have arrived and not yet boarded an earlier one.
func (m *Model) queueLengths(r *resolved, qs []queueStats, deps []float64, open []bool, arrivals, boarded []float64) {
	sort.Float64s(arrivals)
	sort.Float64s(boarded)
	a, b := 0, 0
	for i, t := range deps {
		if !open[i] {
			continue
		}
		for a < len(arrivals) && arrivals[a] <= t {
			a++
		}
		for b < len(boarded) && boarded[b] < t {
			b++
		}
		if d := m.dayOf(r, t); a-b > qs[d].maxQueue && t < float64(r.start.AddDate(0, 0, r.days).Unix()) {
			qs[d].maxQueue = a - b
		}
	}
}

// whyUnboarded names what kept a truck off every departure: a truck
// restriction if a departure with space left was restricted for it, the
// perishability limit if one with space left sails too late, else the deck
// (closed departures offer no space).
func whyUnboarded(r *resolved, x int, l *load, tr truck, deps []float64, caps []int) string {
	restricted, late := false, false
	for q, d := range deps {
		if d < tr.arrive || caps[q] == 0 {
			continue
		}
		if len(r.bans) > 0 && r.banned(x, l.v, d, l.kinds()) {
			restricted = true
		} else if d > tr.deadline {
			late = true
		}
	}
	switch {
	case restricted:
		return ReasonTruckBan
	case late:
		return ReasonQueue
	default:
		return ReasonNoCapacity
	}
}

// kinds lists the commodities a load carries.
func (l *load) kinds() []int {
	ks := make([]int, len(l.cargo))
	for i, c := range l.cargo {
		ks[i] = c.k
	}
	return ks
}

// board gives each truck, in the order given (by arrival within each
// priority), the earliest departure at or after its arrival that still has
// space and that it may take (deps sorted, caps consumed), or -1.
func board(trucks []truck, deps []float64, caps []int, may func(truck, int) bool) []int {
	out := make([]int, len(trucks))
	for i, tr := range trucks {
		q := sort.SearchFloat64s(deps, tr.arrive)
		for q < len(deps) && (caps[q] == 0 || !may(tr, q)) {
			q++
		}
		if q == len(deps) {
			out[i] = -1
			continue
		}
		caps[q]--
		out[i] = q
	}
	return out
}

// boardFIFO is board for trucks of one priority without restrictions:
// arrive sorted. It minimizes the total wait exactly; the tests check it
// against a min-cost flow.
func boardFIFO(arrive, deps []float64, caps []int) []int {
	trucks := make([]truck, len(arrive))
	for i, a := range arrive {
		trucks[i] = truck{arrive: a, deadline: math.Inf(1)}
	}
	return board(trucks, deps, caps, func(truck, int) bool { return true })
}

// dropUnboarded takes the trucks slotting could not board out of their
// loads (each truck carries an equal share of its load's cargo, pickups
// and collection cost) and returns their cargo as unserved demand.
func dropUnboarded(loads []load, sr slotResult) (kept []load, dropped []unserved) {
	kept = loads[:0:0]
	for i := range loads {
		l := loads[i]
		reasons := sr.unboarded[i]
		n := 0
		for j, why := range reasons {
			if why == "" {
				l.depart[n], l.wait[n], l.leave[n] = l.depart[j], l.wait[j], l.leave[j]
				n++
				continue
			}
			dropped = append(dropped, l.unserved(why)...)
		}
		if n == l.trucks {
			kept = append(kept, l)
			continue
		}
		if n == 0 {
			continue
		}
		f := float64(n) / float64(l.trucks)
		l.cargo = scaleCargo(l.cargo, f)
		l.pickups = append([]pickup(nil), l.pickups...)
		for p := range l.pickups {
			l.pickups[p].tonnes *= f
		}
		l.collectCost *= f
		l.trucks = n
		l.depart, l.wait, l.leave = l.depart[:n], l.wait[:n], l.leave[:n]
		kept = append(kept, l)
	}
	return kept, dropped
}

func scaleCargo(cg []cargo, f float64) []cargo {
	out := make([]cargo, len(cg))
	for i, c := range cg {
		out[i] = cargo{c.k, c.tonnes * f}
	}
	return out
}
