package plan

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/optimizer/alloc"
	"github.com/lumbung-id/lumbung/optimizer/vrp"
)

// DayProblem exposes one day's allocation problem and the planner's own
// optimum of it to the external tests (the GLPK oracle).
func (m *Model) DayProblem(sc *Scenario, day int, now time.Time) (*alloc.Problem, float64, error) {
	r, t, err := m.open(sc, now)
	if err != nil {
		return nil, 0, err
	}
	db := m.buildDay(r, t, day)
	sol, err := alloc.Solve(context.Background(), db.prob, alloc.Options{})
	if err != nil {
		return nil, 0, err
	}
	return db.prob, sol.Objective, nil
}

// CollectionProblems exposes a plan's first-mile VRPs and their solutions,
// so that the external tests check them with vrp.Check.
func (m *Model) CollectionProblems(sc *Scenario, now time.Time) ([]*vrp.Problem, []*vrp.Solution, error) {
	r, t, loads, err := m.loadsFor(sc, now)
	if err != nil {
		return nil, nil, err
	}
	loads, _ = dropUnboarded(loads, m.assignSlots(t, r, loads))
	parts, err := m.solveCollection(context.Background(), r, m.collectGroups(loads))
	if err != nil {
		return nil, nil, err
	}
	var ps []*vrp.Problem
	var ss []*vrp.Solution
	for _, g := range parts {
		for _, pt := range g {
			ps, ss = append(ps, pt.cp.p), append(ss, pt.sol)
		}
	}
	return ps, ss, nil
}

// FleetWeights returns, for every reachable lane on the first day, the
// calendar days the allocation's fleet bundle charges a truck (its arcs'
// parts added up) and the round trip the loads step books, in days.
func (m *Model) FleetWeights(sc *Scenario, now time.Time) (charged, roundTrip []float64, err error) {
	r, t, err := m.open(sc, now)
	if err != nil {
		return nil, nil, err
	}
	for v := range m.in.Vehicles {
		for x := range m.in.Crossings {
			wait, _ := m.crossingTimes(x, r, 0)
			for b := range m.in.Buyers {
				z := m.second(t, r, v, x, b)
				for c := range m.clusters {
					a := m.first(t, r, v, m.xs[x], c)
					if !a.ok || !z.ok {
						continue
					}
					charged = append(charged, m.fleetDays(a)+m.fleetDaysSecond(x, v, r, wait, z))
					roundTrip = append(roundTrip, m.roundTrip(t, r, c, x, v, b, wait)/86400)
				}
			}
		}
	}
	return charged, roundTrip, nil
}

// PartLoad is a crafted single-truck part load for MergeParts: tonnes of
// a commodity from a cluster ("" picks the cluster with the most of it)
// for a buyer.
type PartLoad struct {
	Cluster, Buyer, Commodity string
	Tonnes                    float64
}

// MergeParts runs the multi-drop step on crafted part loads of the
// scenario's first day, the buyers' receiving hours replaced by windows
// and commodities' transit limits by limits where they name them, and
// returns each resulting truck's buyers in drop order.
func (m *Model) MergeParts(sc *Scenario, now time.Time, windows map[string]Window, limits map[string]float64, parts []PartLoad) ([][]string, error) {
	if len(windows)+len(limits) > 0 {
		in := *m.in
		in.Buyers = append([]Buyer(nil), in.Buyers...)
		for i := range in.Buyers {
			if w, ok := windows[in.Buyers[i].ID]; ok {
				in.Buyers[i].Window = w
			}
		}
		in.Commodities = append([]Commodity(nil), in.Commodities...)
		for i := range in.Commodities {
			if h, ok := limits[in.Commodities[i].ID]; ok {
				in.Commodities[i].MaxTransitHours = h
			}
		}
		m2, err := Prepare(&in)
		if err != nil {
			return nil, err
		}
		m = m2
	}
	r, t, err := m.open(sc, now)
	if err != nil {
		return nil, err
	}
	book := m.newSlotBook(r)
	var loads []load
	for _, p := range parts {
		k, b := m.in.commodityIndex(p.Commodity), m.in.buyerIndex(p.Buyer)
		c := 0
		if p.Cluster != "" {
			if c, err = m.checkCluster(p.Cluster); err != nil {
				return nil, err
			}
		} else {
			for i := range m.clusters {
				if m.clusters[i].Tonnes[k] > m.clusters[c].Tonnes[k] {
					c = i
				}
			}
		}
		ld := load{c: c, b: b, part: true, cargo: []cargo{{k, p.Tonnes}}}
		if why := m.carryPool(t, r, book, &ld); why != "" {
			return nil, errors.New(why)
		}
		loads = append(loads, ld)
	}
	loads, _ = m.mergeDrops(t, r, newDropTables(m), book, loads)
	var out [][]string
	for _, l := range loads {
		var ids []string
		if len(l.drops) == 0 {
			ids = []string{m.in.Buyers[l.b].ID}
		}
		for _, d := range l.drops {
			ids = append(ids, m.in.Buyers[d.b].ID)
		}
		out = append(out, ids)
	}
	return out, nil
}

// BuyerWindow is a buyer's receiving hours.
func (m *Model) BuyerWindow(id string) Window { return m.in.Buyers[m.in.buyerIndex(id)].Window }

// BuyerPoint is a buyer's location.
func (m *Model) BuyerPoint(id string) orb.Point { return m.in.Buyers[m.in.buyerIndex(id)].Point }

// DispatchScores runs a plan's steps up to slotting and returns the
// dispatch score (port and receiving waits, unboarded penalty) of its
// loads slotted as aimed at the buyers' hours and spread over the loading
// window, and of the slotting slotDispatch keeps.
func (m *Model) DispatchScores(sc *Scenario, now time.Time) (aimed, spread, kept float64, err error) {
	r, t, loads, err := m.loadsFor(sc, now)
	if err != nil {
		return 0, 0, 0, err
	}
	dt := newDropTables(m)
	sp := make([]load, len(loads))
	for i, l := range loads {
		if len(l.drops) == 0 {
			lo, hi := m.loadingWindow(len(l.pickups) > 0)
			l.aim, l.span = lo, hi-lo
		}
		sp[i] = l
	}
	a := append([]load(nil), loads...)
	aimed = m.dispatchScore(t, r, dt, a, m.assignSlots(t, r, a))
	spread = m.dispatchScore(t, r, dt, sp, m.assignSlots(t, r, sp))
	k, sr := m.slotDispatch(t, r, loads)
	return aimed, spread, m.dispatchScore(t, r, dt, k, sr), nil
}

// TourKey exposes the collection memo's key of a problem solved with seed.
func TourKey(p *vrp.Problem, seed uint64) ([32]byte, bool) {
	return tourKey(p, collectionOptions(seed))
}

// DropTrip is how the fleet book holds one multi-drop truck, s: the trip
// it books, the time from leaving to unloading at its first and at its
// last drop, and the whole lane back from its last buyer at the expected
// wait, less one handling.
type DropTrip struct {
	Booked, ToFirst, ToLast, Back float64
}

// DropTrips runs a plan's steps up to the multi-drop step, with a fleet
// limit on every class (so that the book holds every truck), and returns
// how the book holds each multi-drop truck.
func (m *Model) DropTrips(sc *Scenario, now time.Time) ([]DropTrip, error) {
	s2 := *sc
	s2.FleetLimits = map[string]int{}
	for _, v := range m.in.Vehicles {
		s2.FleetLimits[v.ID] = 100000
	}
	r, t, loads, err := m.loadsFor(&s2, now)
	if err != nil {
		return nil, err
	}
	fb := m.slotFleet(t, r, loads)
	var out []DropTrip
	for i, l := range loads {
		if len(l.drops) == 0 {
			continue
		}
		wait, cross := m.crossingTimes(l.x, r, l.day)
		leave := l.leaveAt(r, 0)
		landed := leave + m.first(t, r, l.v, m.xs[l.x], l.c).time + wait + cross
		tl, ok := m.timeline(t, r, fb.drops, l.v, l.x, l.dropBuyers(), landed, false)
		if !ok {
			return nil, errors.New("a drop is unreachable")
		}
		last := len(l.drops) - 1
		expWait, _ := m.crossingTimes(l.x, r, -1)
		out = append(out, DropTrip{Booked: fb.expected[i], ToFirst: tl.drops[0].end - leave, ToLast: tl.drops[last].end - leave,
			Back: m.laneCost(t, r, l.c, l.x, l.v, l.drops[last].b, expWait).time - m.in.Params.HandlingHours*3600})
	}
	return out, nil
}

// BoardingLimits runs a plan's steps up to slotting and returns, for
// every crossing and ferry class, the transit limits (h, +Inf: none) of
// the cargo of its trucks in the order they claim departures.
func (m *Model) BoardingLimits(sc *Scenario, now time.Time) ([][]float64, error) {
	r, t, loads, err := m.loadsFor(sc, now)
	if err != nil {
		return nil, err
	}
	for i := range loads {
		loads[i].leave = make([]float64, loads[i].trucks)
	}
	var out [][]float64
	for x := range m.in.Crossings {
		for f := 0; f < 6; f++ {
			var lims []float64
			for _, tr := range m.trucksTo(t, r, loads, x, f) {
				lims = append(lims, m.transitLimit(&loads[tr.load]))
			}
			out = append(out, lims)
		}
	}
	return out, nil
}

// NeighbourHubs returns the cluster with the most of a commodity and the
// nearest cluster with some of it whose consolidation hub is another.
func (m *Model) NeighbourHubs(commodity string) (a, b string) {
	k := m.in.commodityIndex(commodity)
	ia, ib := 0, -1
	for i := range m.clusters {
		if m.clusters[i].Tonnes[k] > m.clusters[ia].Tonnes[k] {
			ia = i
		}
	}
	best := math.Inf(1)
	for i := range m.clusters {
		if d := geo.Distance(m.clusters[ia].Point, m.clusters[i].Point); m.hubOf[i] != m.hubOf[ia] && m.clusters[i].Tonnes[k] > 0 && float64(d) < best {
			ib, best = i, float64(d)
		}
	}
	return m.clusters[ia].Cell.String(), m.clusters[ib].Cell.String()
}

// loadsFor runs a plan's allocation and loads step (the multi-drop step
// included) for the tests' hooks.
func (m *Model) loadsFor(sc *Scenario, now time.Time) (*resolved, *tables, []load, error) {
	r, t, err := m.open(sc, now)
	if err != nil {
		return nil, nil, nil, err
	}
	days, err := m.solveDays(context.Background(), r, t, newReporter(context.Background(), r.days))
	if err != nil {
		return nil, nil, nil, err
	}
	var lanes []lane
	for _, d := range days {
		lanes = append(lanes, d.lanes...)
	}
	loads, _ := m.loads(t, r, lanes)
	return r, t, loads, nil
}
