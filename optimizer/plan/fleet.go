package plan

import (
	"context"
	"math"
	"slices"
	"sort"

	"github.com/lumbung-id/lumbung/optimizer/vrp"
)

// Fleet is what a plan needs on the road: vehicles of each class per day
// and the kilometres and hours they run, for the long haul (trucks from
// the collection points to the buyers and back) and the first mile (the
// collection tours).
type Fleet struct {
	// VehiclesByDay[d][class] is how many vehicles of a class are busy on
	// day d: a long-haul truck from leaving its collection point to being
	// back there (its port queue, every drop with its receiving wait and
	// unloading, then the return from its last buyer over the same roads
	// and crossing at the service's expected wait), so a round trip over
	// two days counts on both; a collection vehicle on its tour's day.
	VehiclesByDay []map[string]int `json:"vehicles_by_day"`
	// PeakVehicles is each class's largest day: the fleet the plan needs.
	PeakVehicles map[string]int `json:"peak_vehicles"`
	LongHaul     FleetUse       `json:"long_haul"`
	FirstMile    FleetUse       `json:"first_mile"`
}

// FleetUse sums the vehicle-kilometres, the part of them driven empty
// and the vehicle-hours of one kind of trip. A long-haul truck's return
// is empty in the share 1 − backhaul of trips (the plan's own
// assumption); a collection vehicle runs empty from the hub to each trip's
// first stop.
type FleetUse struct {
	Vehicles     int     `json:"vehicle_trips"`
	VehicleKm    float64 `json:"vehicle_km"`
	EmptyKm      float64 `json:"empty_km"`
	VehicleHours float64 `json:"vehicle_hours"`
}

// fleet computes a plan's Fleet from its slotted loads and its tours.
func (m *Model) fleet(t *tables, r *resolved, loads []load, tours []Tour) Fleet {
	f := Fleet{VehiclesByDay: make([]map[string]int, r.days), PeakVehicles: map[string]int{}}
	for d := range f.VehiclesByDay {
		f.VehiclesByDay[d] = map[string]int{}
	}
	dt := newDropTables(m)
	for i := range loads {
		l := &loads[i]
		class := m.in.Vehicles[l.v].ID
		loaded, back := m.tripKm(t, r, dt, l)
		for j := 0; j < l.trucks; j++ {
			dur := m.tripEnd(t, r, dt, l, l.depart[j]) - l.leave[j]
			a, b := busyDays(r, l.leave[j], dur)
			for d := a; d <= b; d++ {
				f.VehiclesByDay[d][class]++
			}
			f.LongHaul.Vehicles++
			f.LongHaul.VehicleKm += (loaded + back) / 1000
			f.LongHaul.EmptyKm += (1 - r.backhaul) * back / 1000
			f.LongHaul.VehicleHours += dur / 3600
		}
	}
	for i := range tours {
		tr := &tours[i]
		f.VehiclesByDay[tr.Day][tr.Vehicle]++
		f.FirstMile.Vehicles++
		f.FirstMile.VehicleKm += tr.DistanceKm
		f.FirstMile.EmptyKm += tr.EmptyKm
		f.FirstMile.VehicleHours += tr.Hours
	}
	for _, byClass := range f.VehiclesByDay {
		for c, n := range byClass {
			f.PeakVehicles[c] = max(f.PeakVehicles[c], n)
		}
	}
	return f
}

// tripKm is how far a truck of a load drives, m: loaded, from its
// collection point through every drop, and back from its last drop.
func (m *Model) tripKm(t *tables, r *resolved, dt *dropTables, l *load) (loaded, back float64) {
	buyers := l.buyers()
	a := m.first(t, r, l.v, m.xs[l.x], l.c)
	loaded = a.dist + m.javaRoad(t, r, l.v, l.x, buyers[0]).dist
	for i := 1; i < len(buyers); i++ {
		loaded += dt.leg(m, r, l.v, buyers[i-1], buyers[i]).dist
	}
	return loaded, m.javaRoad(t, r, l.v, l.x, buyers[len(buyers)-1]).dist + a.dist
}

// buyers lists the buyers a load's trucks drop at, in order: its one
// buyer, or a multi-drop truck's drops.
func (l *load) buyers() []int {
	if len(l.drops) > 0 {
		return l.dropBuyers()
	}
	return []int{l.b}
}

// tripEnd is when a truck of a load that boards departure dep is back at
// its collection point: its timeline through every drop (the road
// restrictions' delay, the receiving waits and each unloading included),
// then the way back from its last buyer (backAt).
func (m *Model) tripEnd(t *tables, r *resolved, dt *dropTables, l *load, dep float64) float64 {
	buyers := l.buyers()
	_, cross := m.crossingTimes(l.x, r, -1)
	tl, ok := m.timeline(t, r, dt, l.v, l.x, buyers, dep+cross, true)
	if !ok { // loads ride reachable lanes only; keep the time defined
		return dep + cross
	}
	return m.backAt(t, r, l.c, l.x, l.v, buyers[len(buyers)-1], tl.drops[len(tl.drops)-1].end)
}

// backAt is when a truck of class v that leaves buyer b at end is back at
// cluster c over crossing x: the road to the Java port, the crossing at
// the service's expected wait and the first leg back, without loading.
func (m *Model) backAt(t *tables, r *resolved, c, x, v, b int, end float64) float64 {
	expWait, cross := m.crossingTimes(x, r, -1)
	return end + m.javaRoad(t, r, v, x, b).time + expWait + cross + m.first(t, r, v, m.xs[x], c).time - m.unloadSeconds()
}

// Classes lists the vehicle classes of a fleet in name order.
func (f *Fleet) Classes() []string {
	out := make([]string, 0, len(f.PeakVehicles))
	for c := range f.PeakVehicles {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// A fleet limit (Scenario.FleetLimits) caps the vehicles of a class busy
// on each day of the horizon, counted as Fleet.VehiclesByDay counts them:
// a long-haul truck on every day from leaving its collection point to
// being back there, a collection vehicle on its tour's day. The plan keeps
// it in three steps (see the package doc): the allocation prices each
// truck's calendar days (fleetDays), the loads step books every truck on
// the days it is expected to be busy (fleetBook), and slotting moves the
// booking to the truck's real departure, refusing a departure that would
// keep it out on a day with no vehicle left.

// roundTrip is how long a truck on lane (c, x, v, b) that waits wait at
// the port is away from its collection point: there, and back over the
// same roads and crossing at the service's expected wait, loading and
// unloading counted once.
func (m *Model) roundTrip(t *tables, r *resolved, c, x, v, b int, wait float64) float64 {
	expWait, _ := m.crossingTimes(x, r, -1)
	there := m.laneCost(t, r, c, x, v, b, wait)
	back := m.laneCost(t, r, c, x, v, b, expWait)
	return there.time + back.time - m.in.Params.HandlingHours*3600
}

// fleetDays splits the calendar days a truck is busy between the parts of
// its lane the allocation prices separately, so that a flow's fleet use
// adds up along its path: the first leg's part (first leg there and back,
// less one half handling) and the crossing and second leg's part (both
// ferry trips, the second leg there and back, less the other half). A
// truck leaving at a uniformly random time of a 24-hour loading window and
// away L days is busy on L + 1 calendar days on average (a 10-hour trip
// from 20:00 is busy on two days), so the first part carries the extra
// day. For a shorter loading window this overstates the days by less than
// one; the loads step holds the exact count either way.
func (m *Model) fleetDays(first leg) float64 {
	return (2*first.time-m.in.Params.HandlingHours*1800)/86400 + 1
}

// fleetDaysSecond is the crossing and second leg's part of fleetDays for
// vehicle v on crossing x with an expected wait.
func (m *Model) fleetDaysSecond(x, v int, r *resolved, wait float64, second leg) float64 {
	expWait, _ := m.crossingTimes(x, r, -1)
	ferry := m.ferry(x, v, r, wait).time + m.ferry(x, v, r, expWait).time
	return (ferry + 2*second.time - m.in.Params.HandlingHours*1800) / 86400
}

// dispatch is a load's trucks as the fleet book sees them: their lane and
// day, whether they carry pooled produce (collected by tours first) and,
// for a multi-drop truck, its buyers in drop order (b is the first) and
// when it leaves (s after its day's local midnight: the merge's time).
type dispatch struct {
	day, c, x, v, b int
	pooled          bool
	drops           []int
	at              float64
}

func (l *load) dispatch() dispatch {
	ds := dispatch{day: l.day, c: l.c, x: l.x, v: l.v, b: l.b, pooled: len(l.pickups) > 0}
	if len(l.drops) > 0 {
		ds.drops, ds.at = l.dropBuyers(), l.aim
	}
	return ds
}

// leaves is when the fleet book expects truck j of n of a dispatch to
// leave its collection point: spread over the loading window (leaveTime),
// or a multi-drop truck at its own time.
func (m *Model) leaves(r *resolved, ds dispatch, j, n int) float64 {
	if len(ds.drops) > 0 {
		return float64(r.start.AddDate(0, 0, ds.day).Unix()) + ds.at
	}
	return m.leaveTime(r, ds.day, j, n, ds.pooled)
}

// leaveTime is when truck j of a load of n trucks dispatched on day leaves
// its collection point, as the loads step expects it: the trucks spread
// evenly over the load's loading window, at whole seconds.
func (m *Model) leaveTime(r *resolved, day, j, n int, pooled bool) float64 {
	win0, win1 := m.loadingWindow(pooled)
	dayStart := float64(r.start.AddDate(0, 0, day).Unix())
	return math.Round(dayStart + win0 + (float64(j)+0.5)/float64(n)*(win1-win0))
}

// loadingWindow is when (s after the day's local midnight) a load's
// trucks may leave their collection point: Params.LoadingStartHour to
// LoadingEndHour, except that a pooled load's trucks leave after the
// collection shift has ended, so every tour that brings its produce to
// the hub has unloaded before they go (a tour's last unloading ends
// inside the shift); if the loading window closes before the shift ends,
// they leave in the hour after it.
func (m *Model) loadingWindow(pooled bool) (lo, hi float64) {
	lo, hi = m.in.Params.LoadingStartHour*3600, m.in.Params.LoadingEndHour*3600
	if end := (CollectionShiftStartHour + CollectionShiftHours) * 3600; pooled && lo < end {
		lo, hi = end, max(hi, end+3600)
	}
	return lo, hi
}

// busyDays is the horizon days a truck leaving at leave and away dur
// seconds is busy on, clamped to the horizon (b < a: none).
func busyDays(r *resolved, leave, dur float64) (a, b int) {
	day0 := float64(r.start.Unix())
	a = max(0, int(math.Floor((leave-day0)/86400)))
	b = min(r.days-1, int(math.Floor((leave+dur-day0)/86400)))
	return a, b
}

// fleetBook holds the vehicles a scenario's fleet limits leave per day and
// class, as trucks are booked on every day they are busy.
type fleetBook struct {
	left    [][]int // [day][vehicle]
	limited []bool  // by vehicle
	any     bool
	count   []int // scratch: trucks busy per day
	drops   *dropTables
	// expected[i] is load i's round trip at the day's expected wait, and
	// refused[i][j] that slotting refused truck j of load i a departure
	// for want of a vehicle (set by rebook).
	expected []float64
	refused  [][]bool
}

func (m *Model) newFleetBook(r *resolved) *fleetBook {
	fb := &fleetBook{left: make([][]int, r.days), limited: make([]bool, len(m.in.Vehicles)), count: make([]int, r.days),
		drops: newDropTables(m)}
	for v, n := range r.fleet {
		fb.limited[v] = !math.IsInf(n, 1)
		fb.any = fb.any || fb.limited[v]
	}
	for d := range fb.left {
		fb.left[d] = make([]int, len(m.in.Vehicles))
		for v, n := range r.fleet {
			fb.left[d][v] = unlimited
			if fb.limited[v] {
				fb.left[d][v] = int(n)
			}
		}
	}
	return fb
}

// expectedTrip is how long a truck of a dispatch is away at its day's
// expected ferry wait: what the loads step books it for. A single-buyer
// truck's is its lane's round trip (dispatch is aimed at the buyer's
// hours later: no receiving wait is expected); a multi-drop truck's runs
// from its own time through every drop, receiving waits included, and
// back from the last (as tripEnd, without the restrictions' delay).
func (fb *fleetBook) expectedTrip(m *Model, t *tables, r *resolved, ds dispatch) float64 {
	wait, cross := m.crossingTimes(ds.x, r, ds.day)
	if len(ds.drops) == 0 {
		return m.roundTrip(t, r, ds.c, ds.x, ds.v, ds.b, wait)
	}
	leave := m.leaves(r, ds, 0, 1)
	landed := leave + m.first(t, r, ds.v, m.xs[ds.x], ds.c).time + wait + cross
	tl, ok := m.timeline(t, r, fb.drops, ds.v, ds.x, ds.drops, landed, false)
	if !ok {
		return m.roundTrip(t, r, ds.c, ds.x, ds.v, ds.b, wait)
	}
	last := len(ds.drops) - 1
	return m.backAt(t, r, ds.c, ds.x, ds.v, ds.drops[last], tl.drops[last].end) - leave
}

// fits reports whether n trucks of a dispatch, each away dur, find a
// vehicle on every day they are busy.
func (fb *fleetBook) fits(m *Model, r *resolved, ds dispatch, n int, dur float64) bool {
	if !fb.limited[ds.v] || n == 0 {
		return true
	}
	clear(fb.count)
	for j := range n {
		a, b := busyDays(r, m.leaves(r, ds, j, n), dur)
		for d := a; d <= b; d++ {
			if fb.count[d]++; fb.count[d] > fb.left[d][ds.v] {
				return false
			}
		}
	}
	return true
}

// most is the largest number of trucks, up to want, that fits.
func (fb *fleetBook) most(m *Model, t *tables, r *resolved, ds dispatch, want int) int {
	if !fb.limited[ds.v] || want <= 0 {
		return max(0, want)
	}
	dur := fb.expectedTrip(m, t, r, ds)
	for want > 0 && !fb.fits(m, r, ds, want, dur) {
		want--
	}
	return want
}

// take books n trucks of a dispatch on every day they are expected busy.
func (fb *fleetBook) take(m *Model, t *tables, r *resolved, ds dispatch, n int) {
	fb.add(m, t, r, ds, n, -1)
}

// give returns n trucks of a dispatch that take booked.
func (fb *fleetBook) give(m *Model, t *tables, r *resolved, ds dispatch, n int) {
	fb.add(m, t, r, ds, n, +1)
}

// add moves n trucks of a dispatch's expected busy days by sign.
func (fb *fleetBook) add(m *Model, t *tables, r *resolved, ds dispatch, n, sign int) {
	if !fb.limited[ds.v] {
		return
	}
	dur := fb.expectedTrip(m, t, r, ds)
	for j := range n {
		a, e := busyDays(r, m.leaves(r, ds, j, n), dur)
		for d := a; d <= e; d++ {
			fb.left[d][ds.v] += sign
		}
	}
}

// slotFleet is the fleet book slotting starts from: every load's trucks
// booked for their expected trip (as the loads step booked them) from
// the time they now leave (aimed or spread, see slotDispatch), so that
// rebook moves each from the days it holds (nil without a fleet limit).
func (m *Model) slotFleet(t *tables, r *resolved, loads []load) *fleetBook {
	fb := m.newFleetBook(r)
	if !fb.any {
		return nil
	}
	fb.expected = make([]float64, len(loads))
	fb.refused = make([][]bool, len(loads))
	for i := range loads {
		l := &loads[i]
		fb.expected[i] = fb.expectedTrip(m, t, r, l.dispatch())
		fb.refused[i] = make([]bool, l.trucks)
		if !fb.limited[l.v] {
			continue
		}
		for j := 0; j < l.trucks; j++ {
			a, e := busyDays(r, l.leaveAt(r, j), fb.expected[i])
			for d := a; d <= e; d++ {
				fb.left[d][l.v]--
			}
		}
	}
	return fb
}

// rebook moves truck j of load i from the days it was booked for to those
// it is busy when it boards departure dep (until tripEnd), and reports
// whether a vehicle is left on each added day and no day it keeps is
// overbooked (if not, nothing changes and the truck is marked refused,
// so that a refused truck's release brings an overbooked day back within
// the limit). A nil book allows everything.
func (fb *fleetBook) rebook(m *Model, t *tables, r *resolved, loads []load, i, j int, dep float64) bool {
	if fb == nil || !fb.limited[loads[i].v] {
		return true
	}
	l := &loads[i]
	_, was := busyDays(r, l.leave[j], fb.expected[i])
	a, now := busyDays(r, l.leave[j], m.tripEnd(t, r, fb.drops, l, dep)-l.leave[j])
	for d := a; d <= now; d++ {
		// a day it holds must not be overbooked (aiming may have moved
		// the trucks' expected days since the loads step booked them);
		// a day it adds needs a vehicle left
		if need := min(1, max(0, d-was)); fb.left[d][l.v] < need {
			fb.refused[i][j] = true
			return false
		}
	}
	for d := max(a, was+1); d <= now; d++ {
		fb.left[d][l.v]--
	}
	for d := max(a, now+1); d <= was; d++ {
		fb.left[d][l.v]++
	}
	fb.refused[i][j] = false
	return true
}

// release gives back the days truck j of load i was booked for when it
// boards nothing, and reports whether the fleet refused it a departure.
func (fb *fleetBook) release(r *resolved, loads []load, i, j int) bool {
	if fb == nil || !fb.limited[loads[i].v] {
		return false
	}
	l := &loads[i]
	a, was := busyDays(r, l.leave[j], fb.expected[i])
	for d := a; d <= was; d++ {
		fb.left[d][l.v]++
	}
	return fb.refused[i][j]
}

// collectionLeft is what the long haul leaves of each limited class per
// day for the collection tours (nil without a fleet limit).
func (m *Model) collectionLeft(t *tables, r *resolved, loads []load) [][]int {
	fb := m.newFleetBook(r)
	if !fb.any {
		return nil
	}
	for i := range loads {
		l := &loads[i]
		if !fb.limited[l.v] {
			continue
		}
		for j := 0; j < l.trucks; j++ {
			a, b := busyDays(r, l.leave[j], m.tripEnd(t, r, fb.drops, l, l.depart[j])-l.leave[j])
			for d := a; d <= b; d++ {
				fb.left[d][l.v]--
			}
		}
	}
	return fb.left
}

// capCollection holds the collection tours to the vehicles the long haul
// leaves (left, per day and class). Tours are routed without caps first;
// on a day where they use more of a limited class than is left, every
// group of the day is routed again with a cap on each limited class:
// where the class is over, the day's vehicles split in proportion to what
// each group used; where it is not, each group keeps what it used and an
// equal share of the rest. What a capped group's tours leave out is not
// collected (routeCollection drops it as unmet for the fleet).
func (m *Model) capCollection(ctx context.Context, r *resolved, groups []*collectGroup, parts [][]collectPart, left [][]int) ([][]collectPart, error) {
	type dayClass struct{ d, v int }
	used := make([]map[int]int, len(groups))
	total := map[dayClass]int{}
	perDay := map[int]int{}
	for gi, g := range groups {
		used[gi] = map[int]int{}
		for _, pt := range parts[gi] {
			for v, n := range routesByClass(pt.cp, pt.sol) {
				used[gi][v] += n
				total[dayClass{g.day, v}] += n
			}
		}
		perDay[g.day]++
	}
	over := map[int]bool{}
	for key, n := range total {
		over[key.d] = over[key.d] || (!math.IsInf(r.fleet[key.v], 1) && n > max(0, left[key.d][key.v]))
	}
	var redo []*collectGroup
	var at []int
	for gi, g := range groups {
		if !over[g.day] {
			continue
		}
		g.caps = map[int]int{}
		for v := range m.in.Vehicles {
			if math.IsInf(r.fleet[v], 1) {
				continue
			}
			lv, tv, uv := max(0, left[g.day][v]), total[dayClass{g.day, v}], used[gi][v]
			if tv > lv {
				g.caps[v] = lv * uv / tv
			} else {
				g.caps[v] = uv + (lv-tv)/perDay[g.day]
			}
			g.capped = g.capped || g.caps[v] < uv
		}
		redo = append(redo, g)
		at = append(at, gi)
	}
	spreadRemainders(r, redo, left, used, at)
	if len(redo) == 0 {
		return parts, nil
	}
	again, err := m.solveCollection(ctx, r, redo)
	if err != nil {
		return nil, err
	}
	for i, gi := range at {
		parts[gi] = again[i]
	}
	return parts, nil
}

// spreadRemainders hands the vehicles the caps' rounding down left over
// to the groups, one each in turn, so a day's caps use all that is left.
func spreadRemainders(r *resolved, groups []*collectGroup, left [][]int, used []map[int]int, at []int) {
	for v := range r.fleet {
		if math.IsInf(r.fleet[v], 1) {
			continue
		}
		spare := map[int]int{}
		for _, g := range groups {
			if _, ok := spare[g.day]; !ok {
				spare[g.day] = max(0, left[g.day][v])
			}
			spare[g.day] -= g.caps[v]
		}
		for i, g := range groups {
			if spare[g.day] > 0 && used[at[i]][v] > g.caps[v] {
				g.caps[v]++
				spare[g.day]--
			}
		}
	}
}

// uncappedPass routes, for a group whose caps bind, what its passes left
// out once more, split into visits that a class without a cap can take
// (the capped classes, full, may have been the only ones that could take
// the larger visits). It appends that part to out.
func (m *Model) uncappedPass(ctx context.Context, r *resolved, g *collectGroup, out []collectPart, caps map[int]int) ([]collectPart, error) {
	u := m.uncappedCapacity(g)
	last := out[len(out)-1]
	if !g.capped || u == 0 || len(last.sol.Unassigned) == 0 {
		return out, nil
	}
	var rest []collectJob
	for _, un := range last.sol.Unassigned {
		rest = append(rest, splitJob(last.cp.jobs[un.Index], u)...)
	}
	cp, err := m.collectProblem(r, g, rest, CollectionMaxTrips, caps)
	if err != nil {
		return nil, err
	}
	sol, err := m.solvePart(ctx, g, cp, caps, collectionSeed+collectPasses)
	if err != nil {
		return nil, err
	}
	return append(out, collectPart{cp, sol}), nil
}

// uncappedCapacity is the largest payload of a class that may run a
// group's tours without a cap (0: none).
func (m *Model) uncappedCapacity(g *collectGroup) float64 {
	best := 0.0
	for _, v := range m.collectClasses(g) {
		if _, ok := g.caps[v]; !ok {
			best = math.Max(best, m.in.Vehicles[v].Capacity)
		}
	}
	return best
}

// routesByClass counts a solution's routes (vehicles used) by plan class.
func routesByClass(cp *collectProblem, sol *vrp.Solution) map[int]int {
	out := map[int]int{}
	for _, rt := range sol.Routes {
		if len(rt.Steps) > 0 {
			out[cp.classes[rt.Vehicle]]++
		}
	}
	return out
}

// unassignedAll is the solution of a collection problem with no vehicle.
func unassignedAll(cp *collectProblem) *vrp.Solution {
	sol := &vrp.Solution{}
	for i := range cp.jobs {
		sol.Unassigned = append(sol.Unassigned, vrp.Unassigned{Index: i, Reason: ReasonFleet})
	}
	return sol
}

// dropPickup takes a collection job out of its load (it is not
// collected) and returns it as demand unmet for the fleet: a multi-drop
// truck's commodity is taken from its last drops first (they are the
// ones a late truck would miss), each drop's shortfall unmet at its buyer.
func dropPickup(loads []load, j collectJob) []unserved {
	l := &loads[j.load]
	l.pickups[j.p].tonnes -= j.tonnes
	for i := range l.cargo {
		if l.cargo[i].k == j.k {
			l.cargo[i].tonnes -= j.tonnes
		}
	}
	if len(l.drops) == 0 {
		return []unserved{{b: l.b, k: j.k, tonnes: j.tonnes, reason: ReasonFleet}}
	}
	var out []unserved
	left := j.tonnes
	for d := len(l.drops) - 1; d >= 0 && left > 1e-12; d-- {
		// a new slice: the drops may share cargo with the merge's options
		cg := slices.Clone(l.drops[d].cargo)
		for i := range cg {
			if cg[i].k != j.k || cg[i].tonnes <= 0 {
				continue
			}
			take := math.Min(left, cg[i].tonnes)
			cg[i].tonnes -= take
			left -= take
			out = append(out, unserved{b: l.drops[d].b, k: j.k, tonnes: take, reason: ReasonFleet})
		}
		l.drops[d].cargo = cg
	}
	return out
}

// dropEmpty removes the pickups and cargo dropPickup emptied.
func dropEmpty(loads []load) {
	for i := range loads {
		l := &loads[i]
		l.pickups = slices.DeleteFunc(slices.Clone(l.pickups), func(p pickup) bool { return p.tonnes <= 1e-9 })
		l.cargo = slices.DeleteFunc(slices.Clone(l.cargo), func(c cargo) bool { return c.tonnes <= 1e-9 })
		for d := range l.drops {
			l.drops[d].cargo = slices.DeleteFunc(slices.Clone(l.drops[d].cargo), func(c cargo) bool { return c.tonnes <= 1e-9 })
		}
	}
}
