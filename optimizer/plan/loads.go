package plan

import (
	"math"
	"sort"

	"github.com/lumbung-id/lumbung/geo"
)

// cargo is one commodity's tonnes in a load.
type cargo struct {
	k      int
	tonnes float64
}

// pickup is what a consolidated load collects from another cluster.
type pickup struct {
	c, k   int
	tonnes float64
}

// load is a number of trucks of one class on one lane and day.
type load struct {
	day, c, x, v, b int
	trucks          int
	cargo           []cargo
	// pickups lists the tonnes brought to the hub cluster c from other
	// clusters for a consolidated load, with their collection cost.
	pickups     []pickup
	collectCost float64
	// set by slotting: per-truck ferry departure (Unix s) and waits
	depart, wait []float64
	leave        []float64 // departure from the collection point
}

// truckCost prices a load at the expected ferry wait: trucks times the
// lane's per-truck cost plus the cargo's spoilage over the transit time.
func (m *Model) truckCost(t *tables, r *resolved, day, c, x, v, b int, trucks int, cg []cargo) (Breakdown, leg) {
	wait, _ := m.crossingTimes(x, r, day)
	l := m.laneCost(t, r, c, x, v, b, wait)
	cost := l.Cost.scale(float64(trucks))
	for _, it := range cg {
		cost.Spoilage += it.tonnes * m.in.Commodities[it.k].SpoilagePerTonneHour * l.time / 3600
	}
	return cost, l
}

// fits reports whether vehicle v may carry all of a group's cargo over a
// lane l (priced by truckCost) within every perishability limit.
func (m *Model) fits(v int, l leg, cg []cargo) bool {
	if !l.ok {
		return false
	}
	for _, it := range cg {
		if !m.allowed(v, it.k) {
			return false
		}
		if lim := m.in.Commodities[it.k].MaxTransitHours; lim > 0 && l.time/3600 > lim {
			return false
		}
	}
	return true
}

// slotBook tracks the integer deck slots left per day, crossing and ferry
// class, so that rounding flows up to whole trucks does not overbook.
type slotBook struct {
	left [][][]int // [day][crossing][ferry class]
}

func (m *Model) newSlotBook(r *resolved) *slotBook {
	sb := &slotBook{left: make([][][]int, r.days)}
	for d := range sb.left {
		sb.left[d] = make([][]int, len(m.in.Crossings))
		for x := range sb.left[d] {
			sb.left[d][x] = make([]int, 6)
			for f := range sb.left[d][x] {
				sb.left[d][x][f] = int(math.Floor(m.dayCapacity(x, r, d, f) + 1e-9))
			}
		}
	}
	return sb
}

// loads turns lane flows into integer truckloads. Each lane first fills as
// many trucks of its own class as it can (the allocation's deck capacity
// covers them). The remainders are pooled per day, crossing, buyer, reefer
// need and consolidation hub (the res-Params.ConsolidationRes parent cell):
// the hub is the cluster with the largest remainder, the others' produce is
// collected to it at Params.CollectIDRPerTonneKm, and the pool rides the
// cheapest class, on any crossing, that fits every perishability limit and
// has deck slots left that day; the pools worth most claim slots first. A pool that no class can carry within the
// deck slots left is not shipped: it is returned as dropped and reported as
// unmet demand for lack of capacity (rounding flows to whole trucks can
// need a slot the fractional allocation did not).
func (m *Model) loads(t *tables, r *resolved, lanes []lane) (out []load, dropped []lane) {
	type gkey struct {
		day, hub, x, b int
		reefer         bool
	}
	in := m.in
	book := m.newSlotBook(r)
	groups := map[gkey][]lane{}
	var order []gkey
	for _, ln := range lanes {
		capT := in.Vehicles[ln.v].Capacity
		n := int(math.Floor(ln.tonnes/capT + 1e-9))
		if n > 0 {
			out = append(out, load{day: ln.day, c: ln.c, x: ln.x, v: ln.v, b: ln.b, trucks: n,
				cargo: []cargo{{ln.k, math.Min(ln.tonnes, float64(n)*capT)}}})
			book.left[ln.day][ln.x][in.Vehicles[ln.v].Profile.FerryClass] -= n
		}
		if rem := ln.tonnes - float64(n)*capT; rem > 1e-6 {
			key := gkey{ln.day, m.hubOf[ln.c], ln.x, ln.b, in.Commodities[ln.k].NeedsReefer}
			if _, ok := groups[key]; !ok {
				order = append(order, key)
			}
			ln.tonnes = rem
			groups[key] = append(groups[key], ln)
		}
	}
	total := func(g []lane) float64 {
		var s float64
		for _, ln := range g {
			s += ln.tonnes
		}
		return s
	}
	// Pools claim the deck slots left in order of what leaving them behind
	// would cost (tonnes at the unmet-demand penalty): when the deck is
	// tight, the dearest produce (chicken) boards first.
	worth := func(g []lane) float64 {
		var s float64
		for _, ln := range g {
			s += ln.tonnes * in.Commodities[ln.k].PenaltyPerTonne
		}
		return s
	}
	sort.SliceStable(order, func(i, j int) bool { return worth(groups[order[i]]) > worth(groups[order[j]]) })
	for _, key := range order {
		g := groups[key]
		// the hub: the cluster with the largest remainder in the pool
		by := map[int]float64{}
		for _, ln := range g {
			by[ln.c] += ln.tonnes
		}
		hub := g[0].c
		for c, q := range by {
			if q > by[hub] || (q == by[hub] && c < hub) {
				hub = c
			}
		}
		var cg []cargo
		var picks []pickup
		var collect float64
		for _, ln := range g {
			merged := false
			for i := range cg {
				if cg[i].k == ln.k {
					cg[i].tonnes += ln.tonnes
					merged = true
				}
			}
			if !merged {
				cg = append(cg, cargo{ln.k, ln.tonnes})
			}
			if ln.c != hub {
				picks = append(picks, pickup{ln.c, ln.k, ln.tonnes})
				d := float64(geo.Distance(m.clusters[ln.c].Point, m.clusters[hub].Point)) / 1000
				collect += ln.tonnes * d * m.in.Router.Feeder().Circuity * in.Params.CollectIDRPerTonneKm
			}
		}
		sort.Slice(cg, func(i, j int) bool { return cg[i].k < cg[j].k })
		sum := total(g)
		bestV, bestX, bestN, bestCost := -1, -1, 0, math.Inf(1)
		for x := range in.Crossings {
			for v := range in.Vehicles {
				n := max(1, int(math.Ceil(sum/in.Vehicles[v].Capacity-1e-9)))
				if book.left[key.day][x][in.Vehicles[v].Profile.FerryClass] < n {
					continue
				}
				bd, l := m.truckCost(t, r, key.day, hub, x, v, key.b, n, cg)
				if !m.fits(v, l, cg) {
					continue
				}
				if c := bd.Total(); c < bestCost {
					bestV, bestX, bestN, bestCost = v, x, n, c
				}
			}
		}
		if bestV >= 0 {
			book.left[key.day][bestX][in.Vehicles[bestV].Profile.FerryClass] -= bestN
			out = append(out, load{day: key.day, c: hub, x: bestX, v: bestV, b: key.b, trucks: bestN, cargo: cg,
				pickups: picks, collectCost: collect})
			continue
		}
		dropped = append(dropped, g...)
	}
	return out, dropped
}
