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
	// part marks a pooled load (remainders): it may join a multi-drop
	// truck. drops, for a multi-drop truck, lists its buyers in order with
	// their cargo (b is the first); replaced counts the part loads it
	// replaced and saved what that saved at expected waits.
	part     bool
	drops    []drop
	replaced int
	saved    float64
	// aim and span: the trucks leave spread over span seconds from aim
	// seconds after their day's local midnight (aimDispatch).
	aim, span float64
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

// unserved is demand a step of the plan could not carry, and why.
type unserved struct {
	b, k   int
	tonnes float64
	reason string
}

// slotBook tracks what rounding flows up to whole trucks may still use:
// the integer deck slots left per day, crossing and ferry class, and the
// vehicles the scenario's fleet limits leave per day and class.
type slotBook struct {
	left  [][][]int // [day][crossing][ferry class]
	fleet *fleetBook
}

// unlimited stands for a vehicle class without a fleet limit.
const unlimited = math.MaxInt32

func (m *Model) newSlotBook(r *resolved) *slotBook {
	sb := &slotBook{left: make([][][]int, r.days), fleet: m.newFleetBook(r)}
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

// room is how many trucks of class v may still cross x on a day.
func (sb *slotBook) room(m *Model, day, x, v int) int {
	return sb.left[day][x][m.in.Vehicles[v].Profile.FerryClass]
}

// take books n trucks of a dispatch: deck slots on its day, vehicles on
// every day they are busy.
func (sb *slotBook) take(m *Model, t *tables, r *resolved, ds dispatch, n int) {
	sb.left[ds.day][ds.x][m.in.Vehicles[ds.v].Profile.FerryClass] -= n
	sb.fleet.take(m, t, r, ds, n)
}

// give returns n trucks of a dispatch that take booked.
func (sb *slotBook) give(m *Model, t *tables, r *resolved, ds dispatch, n int) {
	sb.left[ds.day][ds.x][m.in.Vehicles[ds.v].Profile.FerryClass] += n
	sb.fleet.give(m, t, r, ds, n)
}

// loads turns lane flows into integer truckloads. Each lane first fills as
// many trucks of its own class as it can (the allocation's deck capacity
// covers them; a fleet limit books each truck on every day it is expected
// busy, see fleetBook, and may leave fewer). The remainders are pooled per day, crossing, buyer, reefer
// need and consolidation hub (the res-Params.ConsolidationRes parent cell):
// the hub is the cluster with the largest remainder, the others' produce is
// collected to it at Params.CollectIDRPerTonneKm, and the pool rides the
// cheapest class, on any crossing, that fits every perishability limit,
// has deck slots that day and vehicles left on the days it is busy, and may board at least one of the
// day's departures under the scenario's truck restrictions; the pools worth
// most claim slots first. A pool that no class can carry is not shipped:
// it is returned as unserved, with the limit that stopped it (rounding
// flows to whole trucks can need a slot or a truck the fractional
// allocation did not).
func (m *Model) loads(t *tables, r *resolved, lanes []lane) (out []load, dropped []unserved) {
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
		n := min(int(math.Floor(ln.tonnes/capT+1e-9)), max(0, book.room(m, ln.day, ln.x, ln.v)))
		ds := dispatch{day: ln.day, c: ln.c, x: ln.x, v: ln.v, b: ln.b}
		n = book.fleet.most(m, t, r, ds, n)
		if n > 0 {
			out = append(out, load{day: ln.day, c: ln.c, x: ln.x, v: ln.v, b: ln.b, trucks: n,
				cargo: []cargo{{ln.k, math.Min(ln.tonnes, float64(n)*capT)}}})
			book.take(m, t, r, ds, n)
		}
		switch rem := ln.tonnes - float64(n)*capT; {
		case rem > 1e-6:
			key := gkey{ln.day, m.hubOf[ln.c], ln.x, ln.b, in.Commodities[ln.k].NeedsReefer}
			if _, ok := groups[key]; !ok {
				order = append(order, key)
			}
			ln.tonnes = rem
			groups[key] = append(groups[key], ln)
		case rem > 1e-9:
			// A truck for a few grams costs more than leaving them: they
			// are unmet, and counted, so delivered + unmet = demand holds.
			dropped = append(dropped, unserved{b: ln.b, k: ln.k, tonnes: rem, reason: ReasonTooCostly})
		}
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
		ld := m.pool(g)
		ld.day, ld.b = key.day, key.b
		if reason := m.carryPool(t, r, book, &ld); reason != "" {
			for _, ln := range g {
				dropped = append(dropped, unserved{b: ln.b, k: ln.k, tonnes: ln.tonnes, reason: reason})
			}
			continue
		}
		ld.part = true
		out = append(out, ld)
	}
	return m.routeTrucks(t, r, book, out), dropped
}

// routeTrucks merges part loads into multi-drop trucks (mergeDrops) and
// sets when every load's trucks leave (aimDispatch; a multi-drop truck
// keeps the time its merge chose).
func (m *Model) routeTrucks(t *tables, r *resolved, book *slotBook, out []load) []load {
	out, _ = m.mergeDrops(t, r, newDropTables(m), book, out)
	for i := range out {
		if len(out[i].drops) == 0 {
			m.aimDispatch(t, r, &out[i])
		}
	}
	return out
}

// pool gathers a group of remainders into one load at its hub: the cluster
// with the largest remainder, to which the others' produce is collected.
func (m *Model) pool(g []lane) load {
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
	ld := load{c: hub}
	for _, ln := range g {
		merged := false
		for i := range ld.cargo {
			if ld.cargo[i].k == ln.k {
				ld.cargo[i].tonnes += ln.tonnes
				merged = true
			}
		}
		if !merged {
			ld.cargo = append(ld.cargo, cargo{ln.k, ln.tonnes})
		}
		if ln.c != hub {
			ld.pickups = append(ld.pickups, pickup{ln.c, ln.k, ln.tonnes})
			d := float64(geo.Distance(m.clusters[ln.c].Point, m.clusters[hub].Point)) / 1000
			ld.collectCost += ln.tonnes * d * m.in.Router.Feeder().Circuity * m.in.Params.CollectIDRPerTonneKm
		}
	}
	sort.Slice(ld.cargo, func(i, j int) bool { return ld.cargo[i].k < ld.cargo[j].k })
	return ld
}

// carryPool picks the cheapest crossing and class for a pooled load within
// the book and books it; if none fits it says which limit stopped it.
func (m *Model) carryPool(t *tables, r *resolved, book *slotBook, ld *load) string {
	in := m.in
	var sum float64
	ks := make([]int, len(ld.cargo))
	for i, c := range ld.cargo {
		sum += c.tonnes
		ks[i] = c.k
	}
	bestV, bestX, bestN, bestCost := -1, -1, 0, math.Inf(1)
	var deckFull, fleetOut, restricted bool
	for x := range in.Crossings {
		for v := range in.Vehicles {
			n := max(1, int(math.Ceil(sum/in.Vehicles[v].Capacity-1e-9)))
			bd, l := m.truckCost(t, r, ld.day, ld.c, x, v, ld.b, n, ld.cargo)
			if !m.fits(v, l, ld.cargo) {
				continue
			}
			switch {
			case book.left[ld.day][x][in.Vehicles[v].Profile.FerryClass] < n:
				deckFull = true
				continue
			case book.fleet.most(m, t, r, dispatch{day: ld.day, c: ld.c, x: x, v: v, b: ld.b, pooled: len(ld.pickups) > 0}, n) < n:
				fleetOut = true
				continue
			case m.openFor(x, r, ld.day, v, ks) == 0:
				restricted = true
				continue
			}
			if c := bd.Total(); c < bestCost {
				bestV, bestX, bestN, bestCost = v, x, n, c
			}
		}
	}
	switch {
	case bestV >= 0:
		book.take(m, t, r, dispatch{day: ld.day, c: ld.c, x: bestX, v: bestV, b: ld.b, pooled: len(ld.pickups) > 0}, bestN)
		ld.x, ld.v, ld.trucks = bestX, bestV, bestN
		return ""
	case fleetOut && !deckFull:
		return ReasonFleet
	case restricted && !deckFull:
		return ReasonTruckBan
	default:
		return ReasonNoCapacity
	}
}
