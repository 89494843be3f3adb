package plan

import (
	"math"
	"time"
)

// Window is a buyer's daily receiving hours, local time (WIB): a truck may
// start unloading from Open to Close, in hours since midnight (0–24). Close
// < Open wraps past midnight (a night market); Open == Close, the zero
// Window included, receives around the clock.
type Window struct {
	Open, Close float64
}

// always reports a window that never makes a truck wait.
func (w Window) always() bool {
	return w.Open == w.Close || (w.Open == 0 && w.Close == 24) || (w.Open == 24 && w.Close == 0)
}

// valid reports hours inside 0–24.
func (w Window) valid() bool {
	return w.Open >= 0 && w.Open <= 24 && w.Close >= 0 && w.Close <= 24
}

// hours is how long the window is open per day.
func (w Window) hours() float64 {
	switch {
	case w.always():
		return 24
	case w.Close > w.Open:
		return w.Close - w.Open
	default:
		return 24 - w.Open + w.Close
	}
}

// wibOffset is WIB's offset from UTC, s.
const wibOffset = 7 * 3600

// secondOfDay is the local (WIB) second of the day of a Unix time.
func secondOfDay(t float64) float64 {
	return math.Mod(math.Mod(t+wibOffset, 86400)+86400, 86400)
}

// Inside reports whether a truck may start unloading at t.
func (w Window) Inside(t time.Time) bool { return w.inside(float64(t.Unix())) }

// inside reports whether unloading may start at Unix time t.
func (w Window) inside(t float64) bool {
	if w.always() {
		return true
	}
	s, o, c := secondOfDay(t), w.Open*3600, w.Close*3600
	if c > o {
		return s >= o && s < c
	}
	return s >= o || s < c
}

// openAt is the earliest time at or after t (Unix s) at which unloading
// may start: t itself inside the window, else the next opening.
func (w Window) openAt(t float64) float64 {
	if w.inside(t) {
		return t
	}
	s, o := secondOfDay(t), w.Open*3600
	if s < o {
		return t + o - s
	}
	return t + 86400 - s + o
}

// dropTime is a truck's stop at one buyer, Unix s: it reaches the gate,
// starts unloading when the buyer receives (start − gate is the receiving
// wait) and leaves when unloaded.
type dropTime struct {
	gate, start, end float64
}

func (d dropTime) wait() float64 { return d.start - d.gate }

// timeline is a truck's drops, in order, after it lands in Java.
type timeline struct {
	drops []dropTime
	// delay is the road restrictions' delay on the way from the port to
	// the first drop: it moves the times but, as for every shipment, is
	// not charged (see restrictionDelay).
	delay float64
}

// waits is the sum of the receiving waits, s.
func (tl timeline) waits() float64 {
	var s float64
	for _, d := range tl.drops {
		s += d.wait()
	}
	return s
}

// unloadSeconds is the time a truck takes to unload at one drop: half the
// handling time (the other half is loading), at every drop of a
// multi-drop truck (an estimate: docking and paperwork cost as much as
// the unloading itself for a part load).
func (m *Model) unloadSeconds() float64 { return m.in.Params.HandlingHours / 2 * 3600 }

// timeline times a truck of class v that leaves crossing x's Java port at
// landed (Unix s) and drops at buyers in order: the road to each buyer
// (the first with the road restrictions' delay when withDelay), a wait
// for the buyer's receiving hours, and the unloading. ok is false if a
// leg is unreachable.
func (m *Model) timeline(t *tables, r *resolved, dt *dropTables, v, x int, buyers []int, landed float64, withDelay bool) (timeline, bool) {
	var tl timeline
	at := landed
	unload := m.unloadSeconds()
	for i, b := range buyers {
		var drive float64
		if i == 0 {
			z := m.second(t, r, v, x, b)
			if !z.ok {
				return tl, false
			}
			drive = z.time - unload
			if withDelay {
				tl.delay = m.restrictionDelay(t, r, v, x, b, landed)
				drive += tl.delay
			}
		} else {
			l := dt.leg(m, r, v, buyers[i-1], b)
			if !l.ok {
				return tl, false
			}
			drive = l.time
		}
		gate := at + drive
		start := m.in.Buyers[b].Window.openAt(gate)
		tl.drops = append(tl.drops, dropTime{gate: gate, start: start, end: start + unload})
		at = start + unload
	}
	return tl, true
}

// waitCost is what a receiving wait of w seconds costs a truck of class v
// carrying cg: driver hours and the cargo's spoilage.
func (m *Model) waitCost(v int, cg []cargo, w float64) Breakdown {
	b := Breakdown{Driver: m.in.Vehicles[v].Profile.DriverPerHour * w / 3600}
	for _, c := range cg {
		b.Spoilage += c.tonnes * m.in.Commodities[c.k].SpoilagePerTonneHour * w / 3600
	}
	return b
}

// aimDispatch sets when a load's trucks leave their collection point:
// spread over the loading window (Params.LoadingStartHour–EndHour), or,
// when its (first) buyer has receiving hours, over the part of the
// loading window from which, at the expected ferry wait, they reach the
// buyer inside its hours (the last hour left as margin for the queue).
// Today's practice dispatches by the same rule (see baselineWindowWait).
func (m *Model) aimDispatch(t *tables, r *resolved, l *load) {
	lo, hi := m.loadingWindow(len(l.pickups) > 0)
	l.aim, l.span = lo, hi-lo
	b := l.b
	if len(l.drops) > 0 {
		b = l.drops[0].b
	}
	w := m.in.Buyers[b].Window
	if w.always() {
		return
	}
	wait, _ := m.crossingTimes(l.x, r, l.day)
	lc := m.laneCost(t, r, l.c, l.x, l.v, b, wait)
	if !lc.ok {
		return
	}
	travel := lc.time - m.unloadSeconds() // leave → gate
	span := math.Max(w.hours()-1, w.hours()/2) * 3600
	aim := math.Mod(math.Mod(w.Open*3600-travel, 86400)+86400, 86400)
	// inside the loading window: shift by whole days, clip the spread
	// (lo, hi: the load's loading window, set above)
	if l.span >= 86400 {
		l.aim, l.span = aim, span // leaveAt wraps it into the day
		return
	}
	for _, a := range []float64{aim - 86400, aim, aim + 86400} {
		s, e := math.Max(a, lo), math.Min(a+span, hi)
		if e-s > 0 {
			l.aim, l.span = s, e-s
			return
		}
	}
}

// leaveAt is when truck j of a load leaves its collection point: spread
// evenly over the load's dispatch span, wrapped into its day.
func (l *load) leaveAt(r *resolved, j int) float64 {
	dayStart := float64(r.start.AddDate(0, 0, l.day).Unix())
	return dayStart + math.Mod(l.aim+(float64(j)+0.5)/float64(l.trucks)*l.span, 86400)
}

// delivered times a truck of load l that boards departure dep after
// waiting wait at the port: its drops (restriction delay included) and
// each drop's transit, collection point to unloaded (the delay left out,
// as in every lane's time). ok is false if a leg is unreachable.
func (m *Model) delivered(t *tables, r *resolved, dt *dropTables, v, x, c int, buyers []int, dep, wait float64) (timeline, []float64, bool) {
	_, cross := m.crossingTimes(x, r, -1)
	tl, ok := m.timeline(t, r, dt, v, x, buyers, dep+cross, true)
	a, z := m.first(t, r, v, m.xs[x], c), m.javaRoad(t, r, v, x, buyers[0])
	if !ok || !a.ok || !z.ok {
		return tl, nil, false
	}
	base := a.time + wait + cross + z.time - tl.drops[0].gate
	elapsed := make([]float64, len(tl.drops))
	for i, d := range tl.drops {
		elapsed[i] = base + d.end
	}
	return tl, elapsed, true
}

// deliversInTime reports whether a truck of load l that boards departure
// dep after a port wait reaches every drop within its cargo's transit
// limit, receiving waits included (always true without a limit).
func (m *Model) deliversInTime(t *tables, r *resolved, dt *dropTables, l *load, dep, wait float64) bool {
	limited := false
	for _, c := range l.cargo {
		limited = limited || m.in.Commodities[c.k].MaxTransitHours > 0
	}
	buyers, drops := []int{l.b}, []drop{{l.b, l.cargo}}
	if len(l.drops) > 0 {
		buyers, drops = l.dropBuyers(), l.drops
	}
	if !limited || (len(l.drops) == 0 && m.in.Buyers[l.b].Window.always()) {
		return true
	}
	_, elapsed, ok := m.delivered(t, r, dt, l.v, l.x, l.c, buyers, dep, wait)
	return ok && m.withinLimits(drops, elapsed)
}

// whyMissed is whyUnboarded, told apart from the deck when a departure
// with space was refused only because the truck would reach a buyer
// outside its hours too late for its cargo.
func (m *Model) whyMissed(t *tables, r *resolved, dt *dropTables, x int, l *load, tr truck, deps []float64, caps []int) string {
	why := whyUnboarded(r, x, l, tr, deps, caps)
	if why != ReasonNoCapacity {
		return why
	}
	for q, d := range deps {
		if d >= tr.arrive && caps[q] > 0 && d <= tr.deadline && !m.deliversInTime(t, r, dt, l, d, d-tr.arrive) {
			return ReasonWindow
		}
	}
	return why
}

// slotDispatch boards the loads (assignSlots) with their trucks
// dispatched as aimDispatch aimed them, or spread over the whole loading
// window, chosen load by load (a lane's trucks of one class on one day):
// aiming at night markets bunches departures, and when the deck is tight
// (a peak week with a small deck share) the queue it makes costs more
// than the receiving waits it saves, for some loads and not for others.
// The loads are slotted all aimed and all spread; each load takes the
// dispatch whose trucks scored less (port and receiving waits, driver
// hours and spoilage, and the penalty of what stays unboarded; the rest
// of the cost does not depend on the dispatch times), the mix is slotted
// too, and the plan keeps whichever of the three slottings scores least
// in all (the queue and the fleet couple loads, so the mix is not sure to
// win). Choosing per load beat choosing per day, per day and crossing,
// and per day, crossing and origin on the default and the Lebaran week
// (see the closing notes). Multi-drop trucks keep the time their merge
// chose.
func (m *Model) slotDispatch(t *tables, r *resolved, loads []load) ([]load, slotResult) {
	spread := make([]load, len(loads))
	aimed := false
	for i, l := range loads {
		if lo, hi := m.loadingWindow(len(l.pickups) > 0); len(l.drops) == 0 && l.span < hi-lo {
			l.aim, l.span = lo, hi-lo
			aimed = true
		}
		spread[i] = l
	}
	sr := m.assignSlots(t, r, loads)
	if !aimed {
		return loads, sr
	}
	sr2 := m.assignSlots(t, r, spread)
	dt := newDropTables(m)
	byAim, bySpread := m.dispatchScores(t, r, dt, loads, sr), m.dispatchScores(t, r, dt, spread, sr2)
	best, bestSr, bestScore := loads, sr, sum(byAim)
	if s := sum(bySpread); s < bestScore {
		best, bestSr, bestScore = spread, sr2, s
	}
	mixed, ok := mixDispatch(loads, spread, byAim, bySpread)
	if !ok {
		return best, bestSr
	}
	sr3 := m.assignSlots(t, r, mixed)
	if s := sum(m.dispatchScores(t, r, dt, mixed, sr3)); s < bestScore {
		return mixed, sr3
	}
	return best, bestSr
}

// mixDispatch takes for each load its aimed or its spread dispatch,
// whichever scored less in its slotting; ok is false when that is all of
// one (the mix is one of the slottings already made).
func mixDispatch(aimed, spread []load, byAim, bySpread []float64) ([]load, bool) {
	mixed := make([]load, len(aimed))
	nSpread := 0
	for i := range aimed {
		mixed[i] = aimed[i]
		if bySpread[i] < byAim[i] {
			mixed[i] = spread[i]
			nSpread++
		}
	}
	return mixed, nSpread > 0 && nSpread < len(aimed)
}

// dispatchScore is what a slotting's dispatch times cost: port and
// receiving waits (driver hours and spoilage, restriction delays left
// out) and the penalty of the cargo it leaves unboarded.
func (m *Model) dispatchScore(t *tables, r *resolved, dt *dropTables, loads []load, sr slotResult) float64 {
	return sum(m.dispatchScores(t, r, dt, loads, sr))
}

// dispatchScores is dispatchScore load by load.
func (m *Model) dispatchScores(t *tables, r *resolved, dt *dropTables, loads []load, sr slotResult) []float64 {
	out := make([]float64, len(loads))
	for i := range loads {
		l := &loads[i]
		per := scaleCargo(l.cargo, 1/float64(l.trucks))
		buyers := l.buyers()
		_, cross := m.crossingTimes(l.x, r, -1)
		var s float64
		for j := 0; j < l.trucks; j++ {
			if sr.unboarded[i][j] != "" {
				for _, c := range per {
					s += c.tonnes * m.in.Commodities[c.k].PenaltyPerTonne
				}
				continue
			}
			w := l.wait[j]
			if tl, ok := m.timeline(t, r, dt, l.v, l.x, buyers, l.depart[j]+cross, false); ok {
				w += tl.waits()
			}
			s += m.waitCost(l.v, per, w).Total()
		}
		out[i] = s
	}
	return out
}
