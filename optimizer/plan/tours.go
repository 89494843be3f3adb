package plan

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/optimizer/route"
	"github.com/lumbung-id/lumbung/optimizer/vrp"
)

// First-mile collection: the figures below are estimates (no published
// source found) except the shift, which is the one the vehicle costs
// assume (driver Rp 4.5 M/month over 26 days × 10 h, ALFI via bisnis.com
// 2017, see the dataset's vehicles).
const (
	// CollectionMaxTonnes: classes up to this payload (pickup, engkel,
	// CDD and reefer CDD in the dataset) run the collection tours.
	CollectionMaxTonnes = 5.0
	// CollectionShiftStartHour and CollectionShiftHours: a collection
	// vehicle's driver works 06:00–16:00 WIB, collecting for the day's
	// dispatch (estimate for the hours; 10 h is the costed shift).
	CollectionShiftStartHour = 6.0
	CollectionShiftHours     = 10.0
	// CollectionMaxTrips: a vehicle unloads at the hub and goes out again,
	// at most this many trips a shift (the 10 h shift and the loading
	// times bound it first on most days). Once the engine stopped charging
	// unused reloads to the shift, 4 cost the same as 3 or less (the
	// default week's first mile −1.5% against 3 trips with a single-trip
	// retry), and the single-trip retry found nothing more.
	CollectionMaxTrips = 4
	// CollectionStopMinutes and CollectionLoadMinutesPerTonne: a stop costs
	// a fixed 15 min (park, weigh, pay) plus manual loading at 20 min per
	// tonne (estimate).
	CollectionStopMinutes         = 15.0
	CollectionLoadMinutesPerTonne = 20.0
	// CollectionUnloadMinutes is the time to unload at the hub after each
	// trip (estimate).
	CollectionUnloadMinutes = 30.0
	// collectionIterations bounds each tour problem's genetic search: the
	// problems are small (tens of stops), so a short, seeded search keeps
	// the plan fast and deterministic. collectionStall stops it earlier,
	// after that many iterations without a better solution: most groups
	// reach their best tours in the first one or two (measured on the
	// default week, the README's compare and the 10× demand week; the
	// numbers are in the closing note of issue 15), and the tours took
	// 80–90% of a plan's time with the full 40.
	collectionIterations = 40
	collectionStall      = 5
	collectionSeed       = 11
)

// Tour is one collection vehicle's shift: from the hub cluster, out to the
// clusters whose produce joins a pooled load there, back to unload, and
// out again (multi-trip) until the shift ends.
type Tour struct {
	ID   string `json:"id"`
	Day  int    `json:"day"`
	Date string `json:"date"`
	// Hub is the cluster where the pooled loads leave for the crossing.
	Hub      string    `json:"hub_cluster"`
	HubPoint orb.Point `json:"hub"`
	Vehicle  string    `json:"vehicle"`
	Trips    int       `json:"trips"`
	// Start and End are the departure from the hub and the end of the
	// last unloading there (WIB).
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// DistanceKm is the tour's road distance; EmptyKm the part driven
	// empty (hub to the first stop of each trip).
	DistanceKm float64 `json:"distance_km"`
	EmptyKm    float64 `json:"empty_km"`
	// Hours is End − Start: driving, loading, unloading and waits.
	Hours  float64 `json:"hours"`
	Tonnes float64 `json:"tonnes"`
	// CostIDR is fuel and wear over DistanceKm plus the driver over Hours.
	CostIDR float64    `json:"cost_idr"`
	Stops   []TourStop `json:"stops"`
}

// TourStop is a visit of a tour: a pickup at a cluster or an unloading
// at the hub.
type TourStop struct {
	Kind      string    `json:"kind"` // "pickup" or "unload"
	Cluster   string    `json:"cluster"`
	Point     orb.Point `json:"point"`
	Arrival   time.Time `json:"arrival"`
	Departure time.Time `json:"departure"`
	// Cargo is what the stop loads (pickups only).
	Cargo []Cargo `json:"cargo,omitempty"`
	// LoadTonnes is on board when the vehicle leaves the stop.
	LoadTonnes float64 `json:"load_tonnes"`
}

// collectJob is a part of one pooled load's pickup that one vehicle
// collects in one visit.
type collectJob struct {
	load, c, k int
	p          int // index of the load's pickup it is part of
	src        int // index of the group's pickup it is part of
	tonnes     float64
}

// collectGroup is one day's collection at one hub cluster: the pickups of
// every pooled load that leaves from it, with or without a reefer.
type collectGroup struct {
	day, hub int
	reefer   bool
	jobs     []collectJob
	// largestOnly restricts the tours to the largest class that may run
	// them (today's collectors run their one truck).
	largestOnly bool
	// caps bounds the vehicles of a limited class the group may use (see
	// capCollection); capped: below what the group used without them, so
	// what the tours leave out is unmet for the fleet.
	caps   map[int]int
	capped bool
}

// collectProblem is a group's VRP and how to read its solution.
type collectProblem struct {
	p       *vrp.Problem
	locs    []int // location → cluster (0 is the hub)
	classes []int // VRP vehicle type → plan vehicle
	jobs    []collectJob
	dayT    float64 // Unix s of the day's local midnight
}

// routeCollection solves the first mile: for every day and hub cluster,
// the pickups of the pooled loads leaving from it become a capacitated
// VRP with a driver shift, multi-trip reloads at the hub and loading
// times, on a road matrix from the router, solved by package vrp and
// checked by vrp.Check. Each load's collection cost becomes its share of
// the tours' cost, split by tonne-km from the hub. A pickup no tour can
// take (an unreachable cluster, a stop longer than a shift) keeps the
// Params.CollectIDRPerTonneKm estimate and is counted in unrouted.
// With a fleet limit on a collecting class, left holds the vehicles the
// long haul leaves per day and class (see capCollection); a pickup the
// capped tours leave out is not collected: it is returned in dropped.
func (m *Model) routeCollection(ctx context.Context, r *resolved, loads []load, left [][]int) (tours []Tour, unrouted int, dropped []unserved, err error) {
	groups := m.collectGroups(loads)
	parts, err := m.solveCollection(ctx, r, groups)
	if err == nil && left != nil {
		parts, err = m.capCollection(ctx, r, groups, parts, left)
	}
	if err != nil {
		return nil, 0, nil, err
	}
	for gi, g := range groups {
		for _, i := range g.loadsOf() {
			loads[i].collectCost = 0
		}
		for pi, pt := range parts[gi] {
			got := m.readTours(r, g, pt.cp, pt.sol, loads)
			for i := range got {
				got[i].ID = fmt.Sprintf("t%d-%d", g.day, len(tours)+i+1)
			}
			tours = append(tours, got...)
			if pi < len(parts[gi])-1 {
				continue // the next part retries these
			}
			for _, u := range pt.sol.Unassigned {
				j := pt.cp.jobs[u.Index]
				if g.capped {
					dropped = append(dropped, dropPickup(loads, j)...)
					continue
				}
				loads[j.load].collectCost += m.collectEstimate(j.c, g.hub, j.tonnes)
				unrouted++
			}
		}
	}
	if len(dropped) > 0 {
		dropEmpty(loads)
	}
	return tours, unrouted, dropped, nil
}

// collectPart is one solve of a group's pickups: the first takes them
// all, a second (and third) the ones the search before it left out.
type collectPart struct {
	cp  *collectProblem
	sol *vrp.Solution
}

// collectPasses bounds the solves per group.
const collectPasses = 3

// solveCollection builds and solves every group's VRP on two goroutines
// (each solve is seeded, so the result does not depend on the schedule)
// and checks each solution with vrp.Check. A day's supply is the same
// every day of a month, so most hubs collect the same pickups day after
// day: a group whose pickups (clusters, commodities and kilograms) equal
// an earlier group's reuses its solution, which is in times of day.
func (m *Model) solveCollection(ctx context.Context, r *resolved, groups []*collectGroup) ([][]collectPart, error) {
	parts := make([][]collectPart, len(groups))
	errs := make([]error, len(groups))
	first := map[string]int{}
	same := make([]int, len(groups))
	var todo []int
	for gi, g := range groups {
		key := g.signature()
		if f, ok := first[key]; ok {
			same[gi] = f
			continue
		}
		first[key], same[gi] = gi, gi
		todo = append(todo, gi)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for gi := range next {
				parts[gi], errs[gi] = m.solveGroup(ctx, r, groups[gi])
			}
		})
	}
	// Largest first, so that the two workers finish together; the order
	// does not change any solution.
	slices.SortStableFunc(todo, func(a, b int) int { return len(groups[b].jobs) - len(groups[a].jobs) })
	for _, gi := range todo {
		next <- gi
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for gi, f := range same {
		if f == gi {
			continue
		}
		for _, pt := range parts[f] {
			cp := *pt.cp
			cp.dayT = float64(r.start.AddDate(0, 0, groups[gi].day).Unix())
			cp.jobs = make([]collectJob, len(pt.cp.jobs))
			for i, j := range pt.cp.jobs {
				src, was := groups[gi].jobs[j.src], groups[f].jobs[j.src]
				j.load, j.p, j.tonnes = src.load, src.p, j.tonnes*src.tonnes/was.tonnes
				cp.jobs[i] = j
			}
			parts[gi] = append(parts[gi], collectPart{&cp, pt.sol})
		}
	}
	return parts, nil
}

// signature names a group's collection problem: hub, reefer need and
// every pickup's cluster, commodity and kilograms, in order.
func (g *collectGroup) signature() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(g.hub))
	b.WriteString(strconv.FormatBool(g.reefer))
	b.WriteString(strconv.FormatBool(g.largestOnly))
	fmt.Fprint(&b, g.caps)
	for _, j := range g.jobs {
		fmt.Fprintf(&b, ";%d,%d,%d", j.c, j.k, kg(j.tonnes))
	}
	return b.String()
}

// solveGroup solves a group's pickups, then again, with another seed, the
// ones the short search left out (no feasible route found), up to
// collectPasses times.
func (m *Model) solveGroup(ctx context.Context, r *resolved, g *collectGroup) ([]collectPart, error) {
	chunks := m.splitPickups(g)
	var out []collectPart
	caps := maps.Clone(g.caps)
	for pass := range collectPasses {
		cp, err := m.collectProblem(r, g, chunks, CollectionMaxTrips, caps)
		if err != nil {
			return nil, err
		}
		sol, err := m.solvePart(ctx, g, cp, caps, collectionSeed+uint64(pass))
		if err != nil {
			return nil, err
		}
		out = append(out, collectPart{cp, sol})
		chunks = chunks[:0:0]
		for _, u := range sol.Unassigned {
			if u.Reason == vrp.ReasonNoRoute {
				chunks = append(chunks, cp.jobs[u.Index])
			}
		}
		if len(chunks) == 0 || len(chunks) < len(sol.Unassigned) {
			break
		}
	}
	return m.uncappedPass(ctx, r, g, out, caps)
}

// solvePart solves and checks one collection problem; the vehicles its
// tours use come off caps. A problem the fleet limit leaves no vehicle for
// has every job unassigned.
func (m *Model) solvePart(ctx context.Context, g *collectGroup, cp *collectProblem, caps map[int]int, seed uint64) (*vrp.Solution, error) {
	if len(cp.p.Vehicles) == 0 {
		return unassignedAll(cp), nil
	}
	sol, err := m.solveTours(ctx, cp.p, seed)
	if err != nil {
		return nil, err
	}
	if _, err := vrp.Check(cp.p, sol); err != nil {
		return nil, fmt.Errorf("plan: collection tours at %s on day %d: %w", m.clusters[g.hub].Cell, g.day, err)
	}
	for v, n := range routesByClass(cp, sol) {
		if _, ok := caps[v]; ok {
			caps[v] -= n
		}
	}
	return sol, nil
}

// splitPickups splits a group's pickups larger than its largest class
// into equal visits that each fit.
func (m *Model) splitPickups(g *collectGroup) []collectJob {
	maxCap := 0.0
	for _, v := range m.collectClasses(g) {
		maxCap = math.Max(maxCap, m.in.Vehicles[v].Capacity)
	}
	var out []collectJob
	for ji, j := range g.jobs {
		j.src = ji
		out = append(out, splitJob(j, maxCap)...)
	}
	return out
}

// splitJob splits a pickup into equal visits of at most maxCap tonnes
// (none: maxCap 0).
func splitJob(j collectJob, maxCap float64) []collectJob {
	n := 1
	if maxCap > 0 {
		n = max(1, int(math.Ceil(j.tonnes/maxCap-1e-9)))
	}
	out := make([]collectJob, n)
	for i := range out {
		out[i] = j
		out[i].tonnes = j.tonnes / float64(n)
	}
	return out
}

// collectEstimate is Params.CollectIDRPerTonneKm over the straight line
// times the feeder circuity: the first mile when it is not routed.
func (m *Model) collectEstimate(c, hub int, tonnes float64) float64 {
	d := float64(geo.Distance(m.clusters[c].Point, m.clusters[hub].Point)) / 1000
	return tonnes * d * m.in.Router.Feeder().Circuity * m.in.Params.CollectIDRPerTonneKm
}

func (g *collectGroup) loadsOf() []int {
	var out []int
	for _, j := range g.jobs {
		if len(out) == 0 || out[len(out)-1] != j.load {
			out = append(out, j.load)
		}
	}
	return out
}

// collectGroups gathers the loads' pickups by day, hub cluster and reefer
// need, in a deterministic order.
func (m *Model) collectGroups(loads []load) []*collectGroup {
	type key struct {
		day, hub int
		reefer   bool
	}
	by := map[key]*collectGroup{}
	var out []*collectGroup
	for i := range loads {
		l := &loads[i]
		if len(l.pickups) == 0 {
			continue
		}
		reefer := m.in.Vehicles[l.v].Reefer
		k := key{l.day, l.c, reefer}
		g := by[k]
		if g == nil {
			g = &collectGroup{day: l.day, hub: l.c, reefer: reefer}
			by[k] = g
			out = append(out, g)
		}
		for pi, p := range l.pickups {
			g.jobs = append(g.jobs, collectJob{load: i, c: p.c, k: p.k, p: pi, tonnes: p.tonnes})
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].day != out[b].day {
			return out[a].day < out[b].day
		}
		return m.clusters[out[a].hub].Cell < m.clusters[out[b].hub].Cell
	})
	return out
}

// collectClasses are the vehicle classes that may run a group's tours:
// every class of at most CollectionMaxTonnes that may carry all of its
// commodities, else the smallest class that may.
func (m *Model) collectClasses(g *collectGroup) []int {
	ok := func(v int) bool {
		for _, j := range g.jobs {
			if !m.allowed(v, j.k) {
				return false
			}
		}
		return true
	}
	var out []int
	smallest := -1
	for v, vh := range m.in.Vehicles {
		if !ok(v) {
			continue
		}
		if vh.Capacity <= CollectionMaxTonnes {
			out = append(out, v)
		}
		if smallest < 0 || vh.Capacity < m.in.Vehicles[smallest].Capacity {
			smallest = v
		}
	}
	if len(out) == 0 && smallest >= 0 {
		out = []int{smallest}
	}
	if g.largestOnly {
		big := out[0]
		for _, v := range out {
			if m.in.Vehicles[v].Capacity > m.in.Vehicles[big].Capacity {
				big = v
			}
		}
		out = []int{big}
	}
	return out
}

// perKm is vehicle v's fuel and wear per km at the scenario's diesel price.
func (m *Model) perKm(r *resolved, v int) float64 {
	vh := &m.in.Vehicles[v]
	return vh.Profile.CostPerKm + vh.LitresPerKm*(r.diesel-m.in.Params.DieselIDRPerLitre)
}

// unreachableArc stands for a pair of clusters the router cannot join:
// longer than any shift, so no tour uses it.
const unreachableArc = 1e9

// collectProblem builds the VRP of some of a group's pickups (split to
// fit by splitPickups): location 0 is the hub, the others the pickup
// clusters.
func (m *Model) collectProblem(r *resolved, g *collectGroup, chunks []collectJob, trips int, caps map[int]int) (*collectProblem, error) {
	classes := m.collectClasses(g)
	if len(classes) == 0 {
		return nil, fmt.Errorf("%w: no vehicle class may collect at %s", ErrInput, m.clusters[g.hub].Cell)
	}
	classes = slices.DeleteFunc(classes, func(v int) bool { n, ok := caps[v]; return ok && n <= 0 })
	if len(classes) == 0 {
		return &collectProblem{p: &vrp.Problem{}, jobs: chunks}, nil
	}
	slow := classes[0]
	for _, v := range classes {
		if m.in.Vehicles[v].Profile.MaxSpeedKmh < m.in.Vehicles[slow].Profile.MaxSpeedKmh {
			slow = v
		}
	}
	cp := &collectProblem{locs: []int{g.hub}, classes: classes,
		dayT: float64(r.start.AddDate(0, 0, g.day).Unix())}
	locOf := map[int]int{g.hub: 0}
	for _, j := range chunks {
		if _, ok := locOf[j.c]; !ok {
			locOf[j.c] = len(cp.locs)
			cp.locs = append(cp.locs, j.c)
		}
	}
	cp.jobs = chunks
	// The matrix is for the slowest class, so every class keeps its times.
	dur, dist, err := m.collectMatrix(r, cp.locs, slow)
	if err != nil {
		return nil, err
	}
	p := &vrp.Problem{Name: fmt.Sprintf("collect-%d-%s", g.day, m.clusters[g.hub].Cell), Dims: 1,
		Durations: dur, Distances: dist}
	for _, j := range cp.jobs {
		p.Jobs = append(p.Jobs, vrp.Job{Location: locOf[j.c], Pickup: []int64{kgUp(j.tonnes)},
			Service: 60 * (CollectionStopMinutes + CollectionLoadMinutesPerTonne*j.tonnes)})
	}
	start := CollectionShiftStartHour * 3600
	end := start + CollectionShiftHours*3600 - 60*CollectionUnloadMinutes // the last unloading ends the shift
	var total float64
	for _, j := range cp.jobs {
		total += j.tonnes
	}
	for _, v := range classes {
		vh := &m.in.Vehicles[v]
		// Copies: enough for the tonnes in one full trip each, and two
		// spare. Fewer copies keep the search small (each copy carries
		// its reload visits), but with half as many (two trips each) the
		// 10× demand week's first passes left 425 visits without a tour
		// (93 with these; 588 pickups ended at the estimate, 77 now), and
		// the default week's tours cost 0.2% more, for no less time.
		count := min(len(cp.jobs), int(math.Ceil(total/vh.Capacity))+2)
		if n, ok := caps[v]; ok {
			count = min(count, n)
		}
		p.Vehicles = append(p.Vehicles, vrp.Vehicle{ID: vh.ID, Start: 0, End: 0,
			Capacity: []int64{kg(vh.Capacity)}, Shift: vrp.TimeWindow{Start: start, End: end},
			PerDistance: m.perKm(r, v) / 1000, PerTime: vh.Profile.DriverPerHour / 3600,
			Count: count, MaxTrips: trips, ReloadTime: 60 * CollectionUnloadMinutes})
	}
	cp.p = p
	return cp, nil
}

// kg rounds tonnes to whole kilograms, at least one.
func kg(t float64) int64 { return max(1, int64(math.Round(1000*t))) }

// kgUp rounds a pickup up to whole kilograms, at least one, so that a
// trip the engine fits into a vehicle's capacity in kilograms fits it in
// tonnes too (pickups rounded to the nearest kilogram could add up to
// more than the payload: 1.0004 t on a 1 t pickup).
func kgUp(t float64) int64 { return max(1, int64(math.Ceil(1000*t-1e-6))) }

// collectMatrix asks the router for the durations and distances between
// the clusters' collection points by vehicle v, on the scenario's open
// roads; pairs it cannot join get unreachableArc.
func (m *Model) collectMatrix(r *resolved, locs []int, v int) (dur, dist *vrp.Matrix, err error) {
	pts := make([]orb.Point, len(locs))
	for i, c := range locs {
		pts[i] = m.clusters[c].Point
	}
	mx, err := m.in.Router.Matrix(pts, pts, &route.Options{Metric: route.Cost, Profile: m.in.Vehicles[v].Profile, Avoid: r.avoid})
	if err != nil {
		return nil, nil, err
	}
	n := len(locs)
	dur, dist = vrp.NewMatrix(n), vrp.NewMatrix(n)
	for i := range n {
		for j := range n {
			if i == j {
				continue
			}
			d, l := mx.Durations[i][j], mx.Distances[i][j]
			if d == nil || l == nil {
				dur.Set(i, j, unreachableArc)
				dist.Set(i, j, unreachableArc)
				continue
			}
			dur.Set(i, j, *d)
			dist.Set(i, j, *l)
		}
	}
	return dur, dist, nil
}

// readTours turns a group's VRP solution into tours and adds each tour's
// cost to its loads' collection cost, split by tonne-km from the hub
// (loads may be nil: today's practice's collectors have none).
func (m *Model) readTours(r *resolved, g *collectGroup, cp *collectProblem, sol *vrp.Solution, loads []load) []Tour {
	hub := &m.clusters[g.hub]
	var out []Tour
	for _, rt := range sol.Routes {
		if len(rt.Steps) == 0 {
			continue
		}
		v := cp.classes[rt.Vehicle]
		vh := &m.in.Vehicles[v]
		t := Tour{Day: g.day, Date: dateOf(r, g.day), Hub: hub.Cell.String(), HubPoint: hub.Point, Vehicle: vh.ID,
			Trips: 1, Start: unixTime(cp.dayT + rt.Start)}
		at := func(s float64) time.Time { return unixTime(cp.dayT + s) }
		prev, onBoard, empty := 0, 0.0, 0.0
		var shares []float64
		var share float64
		for _, st := range rt.Steps {
			if st.Kind == vrp.StepReload {
				t.Stops = append(t.Stops, TourStop{Kind: "unload", Cluster: hub.Cell.String(), Point: hub.Point,
					Arrival: at(st.Arrival), Departure: at(st.Start + 60*CollectionUnloadMinutes)})
				t.Trips++
				prev, onBoard = 0, 0
				continue
			}
			j := cp.jobs[st.Index]
			loc := cp.p.Jobs[st.Index].Location
			if onBoard == 0 {
				empty += cp.p.Distances.At(prev, loc)
			}
			onBoard += j.tonnes
			t.Tonnes += j.tonnes
			cl := &m.clusters[j.c]
			t.Stops = append(t.Stops, TourStop{Kind: "pickup", Cluster: cl.Cell.String(), Point: cl.Point,
				Arrival: at(st.Arrival), Departure: at(st.Start + cp.p.Jobs[st.Index].Service),
				Cargo: []Cargo{{Commodity: m.in.Commodities[j.k].ID, Tonnes: j.tonnes}}, LoadTonnes: onBoard})
			w := j.tonnes * math.Max(cp.p.Distances.At(0, loc), 1)
			shares = append(shares, w)
			share += w
			prev = loc
		}
		endS := rt.End + 60*CollectionUnloadMinutes
		t.Stops = append(t.Stops, TourStop{Kind: "unload", Cluster: hub.Cell.String(), Point: hub.Point,
			Arrival: at(rt.End), Departure: at(endS)})
		t.End = at(endS)
		t.DistanceKm, t.EmptyKm = rt.Distance/1000, empty/1000
		t.Hours = (endS - rt.Start) / 3600
		t.CostIDR = tourCost(m.perKm(r, v), vh.Profile.DriverPerHour, t.DistanceKm, t.Hours)
		i := 0
		for _, st := range rt.Steps {
			if st.Kind == vrp.StepReload {
				continue
			}
			if loads != nil {
				loads[cp.jobs[st.Index].load].collectCost += t.CostIDR * shares[i] / share
			}
			i++
		}
		out = append(out, t)
	}
	return out
}

// tourCost prices a tour: fuel and wear per km plus the driver per hour.
func tourCost(perKm, driverPerHour, km, hours float64) float64 {
	return perKm*km + driverPerHour*hours
}
