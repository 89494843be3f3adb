package plan_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// Each limit a scenario sets is tested the same way: a scenario that makes
// it bind, the limit asserted on the final plan (solve also runs Check),
// and Check shown to fail on a plan that breaks it.

// wantCheckFails asserts that Check rejects p under sc with a message
// naming the limit.
func wantCheckFails(t *testing.T, m *plan.Model, sc plan.Scenario, p *plan.Plan, about string) {
	t.Helper()
	err := m.Check(&sc, p)
	if !errors.Is(err, plan.ErrCheck) || !strings.Contains(err.Error(), about) {
		t.Errorf("Check got %v, want an ErrCheck about %q", err, about)
	}
}

func trucksByDay(p *plan.Plan, vehicle string) map[int]int {
	out := map[int]int{}
	for _, s := range p.Shipments {
		if s.Vehicle == vehicle {
			out[s.Day] += s.Trucks
		}
	}
	return out
}

// TestFleetLimitHolds: half the trailers the free plan uses must give at
// most that many on every day of the final plan (before the truckload step
// kept it, a limit of 50 gave a plan with 101).
func TestFleetLimitHolds(t *testing.T) {
	m := mustModel(t)
	free := solve(t, plan.Scenario{Start: "2026-03-16", HorizonDays: 1})
	limit := trucksByDay(free, "trailer")[0] / 2
	if limit < 1 {
		t.Fatalf("the free plan uses %d trailers: no limit would bind", trucksByDay(free, "trailer")[0])
	}
	sc := plan.Scenario{Start: "2026-03-16", HorizonDays: 1, FleetLimits: map[string]int{"trailer": limit}}
	capped := solve(t, sc)
	if n := trucksByDay(capped, "trailer")[0]; n > limit {
		t.Errorf("trailers got %d, want ≤ %d", n, limit)
	}
	if capped.Summary.Bound.LowerBoundIDR < free.Summary.Bound.LowerBoundIDR {
		t.Errorf("a fleet limit lowered the bound")
	}
	wantCheckFails(t, m, sc, free, "fleet limit")
}

// TestFleetBindsOnVehiclesBusy: a fleet limit caps the vehicles of a
// class busy on each day (a truck out over midnight counts on both days),
// not the trucks dispatched. The limit is set between the free plan's
// most trailers dispatched on a day and its most trailers busy on a day:
// the free plan keeps the old rule but fails the check, and the limited
// plan holds the new one on every day.
func TestFleetBindsOnVehiclesBusy(t *testing.T) {
	m := mustModel(t)
	free := solve(t, plan.Scenario{Start: "2026-03-16", HorizonDays: 3})
	dispatched, busy := 0, 0
	for _, n := range trucksByDay(free, "trailer") {
		dispatched = max(dispatched, n)
	}
	busy = free.Summary.Fleet.PeakVehicles["trailer"]
	limit := dispatched
	if busy <= limit {
		t.Fatalf("trailers: at most %d dispatched and %d busy on a day: no limit between them", dispatched, busy)
	}
	sc := plan.Scenario{Start: "2026-03-16", HorizonDays: 3, FleetLimits: map[string]int{"trailer": limit}}
	capped := solve(t, sc)
	for d, byClass := range capped.Summary.Fleet.VehiclesByDay {
		if n := byClass["trailer"]; n > limit {
			t.Errorf("day %d: %d trailers busy, limit %d", d, n, limit)
		}
	}
	t.Logf("free: %d trailers dispatched, %d busy at most on a day; limited to %d: busy %v, unmet %.1f t",
		dispatched, busy, limit, capped.Summary.Fleet.VehiclesByDay, capped.Summary.UnmetTonnes)
	if capped.Summary.Fleet.PeakVehicles["trailer"] == 0 {
		t.Errorf("the limited plan uses no trailer")
	}
	wantCheckFails(t, m, sc, free, "fleet limit")
}

// TestFleetLimitHoldsForCollection: collection vehicles count on their
// tour's day, with the long-haul trucks of the same class. Limits of half
// the free plan's peak on the small classes hold on every day, the
// collecting classes run fewer tours, and Check rejects the free plan.
func TestFleetLimitHoldsForCollection(t *testing.T) {
	m := mustModel(t)
	free := solve(t, plan.Scenario{Start: "2026-03-16", HorizonDays: 2})
	limits := map[string]int{}
	for _, c := range []string{"cdd", "engkel", "pickup"} {
		limits[c] = free.Summary.Fleet.PeakVehicles[c] / 2
	}
	sc := plan.Scenario{Start: "2026-03-16", HorizonDays: 2, FleetLimits: limits}
	capped := solve(t, sc)
	for d, byClass := range capped.Summary.Fleet.VehiclesByDay {
		for c, lim := range limits {
			if byClass[c] > lim {
				t.Errorf("day %d: %d %s busy, limit %d", d, byClass[c], c, lim)
			}
		}
	}
	t.Logf("free %v → limited %v: %d tours (free %d), unmet %.1f t %v", free.Summary.Fleet.PeakVehicles,
		capped.Summary.Fleet.PeakVehicles, len(capped.Tours), len(free.Tours), capped.Summary.UnmetTonnes, capped.Summary.Unmet)
	wantCheckFails(t, m, sc, free, "fleet limit")
}

// TestPooledTrucksLeaveAfterTours: a truck that carries produce the
// collection tours bring to its hub leaves after the day's last tour
// there has unloaded; Check refuses a plan whose truck leaves earlier.
func TestPooledTrucksLeaveAfterTours(t *testing.T) {
	m := mustModel(t)
	sc := plan.Scenario{Start: "2026-03-16", HorizonDays: 1}
	p := solve(t, sc)
	end := map[string]time.Time{}
	for _, tr := range p.Tours {
		if tr.End.After(end[tr.Hub]) {
			end[tr.Hub] = tr.End
		}
	}
	pooled := -1
	for i, s := range p.Shipments {
		e, ok := end[s.OriginCell]
		if len(s.CollectedFrom) == 0 || !ok {
			continue
		}
		pooled = i
		for _, b := range s.Boardings {
			for _, at := range b.Dispatch {
				if at.Before(e) {
					t.Errorf("shipment %d leaves %s, its hub's tours end %s", i, at, e)
				}
			}
		}
	}
	if pooled < 0 {
		t.Fatal("no pooled shipment with tours")
	}
	b := &p.Shipments[pooled].Boardings[0]
	b.Dispatch[0] = end[p.Shipments[pooled].OriginCell].Add(-time.Hour)
	wantCheckFails(t, m, sc, p, "before the collection tours")
}

// TestFleetWeights: the allocation charges a truck its round trip in
// days plus one (the calendar days it touches on average), its arcs'
// parts adding up to exactly that on every lane.
func TestFleetWeights(t *testing.T) {
	charged, trip, err := mustModel(t).FleetWeights(&plan.Scenario{Start: "2026-03-16", HorizonDays: 1}, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(charged) == 0 {
		t.Fatal("no lanes")
	}
	for i := range charged {
		if math.Abs(charged[i]-(trip[i]+1)) > 1e-9 || trip[i] <= 0 {
			t.Fatalf("lane %d: charged %v days, round trip %v days", i, charged[i], trip[i])
		}
	}
}

// TestCheckRejectsMovedDispatch: a truck whose dispatch time disagrees
// with its boarding's wait is refused, so the busy days Check counts are
// the plan's own.
func TestCheckRejectsMovedDispatch(t *testing.T) {
	m := mustModel(t)
	sc := plan.Scenario{Start: "2026-03-16", HorizonDays: 1}
	p := solve(t, sc)
	b := &p.Shipments[0].Boardings[0]
	b.Dispatch[0] = b.Dispatch[0].Add(-3 * time.Hour)
	wantCheckFails(t, m, sc, p, "dispatch")
}

// TestDeckLimitHolds: with a tenth of the deck (the plan without the limit
// needs more, so Check rejects it) boarded trucks never exceed the deck
// share of the departures so far.
func TestDeckLimitHolds(t *testing.T) {
	m := mustModel(t)
	free := solve(t, plan.Scenario{Start: "2026-03-16", HorizonDays: 1})
	share := 0.1
	sc := plan.Scenario{Start: "2026-03-16", HorizonDays: 1, DeckShare: &share}
	tight := solve(t, sc)
	cum := map[string][2]float64{} // crossing → (trucks, capacity) so far
	for _, u := range tight.Summary.FerryUtilization {
		c := cum[u.Crossing]
		c[0] += float64(u.Trucks)
		c[1] += u.CapacityTrks
		cum[u.Crossing] = c
		if c[0] > c[1]+1e-9 {
			t.Errorf("%s to %s: %v trucks boarded, deck share %v", u.Crossing, u.Date, c[0], c[1])
		}
	}
	wantCheckFails(t, m, sc, free, "deck")
}

// TestClosureHolds: no truck boards the regular crossing while it is
// closed, though the plan without the closure does.
func TestClosureHolds(t *testing.T) {
	m := mustModel(t)
	from, to := "2026-03-17T06:00:00+07:00", "2026-03-17T18:00:00+07:00"
	sc := plan.Scenario{Start: "2026-03-16", HorizonDays: 3, FerryClosures: []plan.Closure{{Crossing: "bkh-mrk-regular", From: from, To: to}}}
	free := solve(t, plan.Scenario{Start: "2026-03-16", HorizonDays: 3})
	closed := solve(t, sc)
	t0, _ := time.Parse(time.RFC3339, from)
	t1, _ := time.Parse(time.RFC3339, to)
	during := func(p *plan.Plan) int {
		n := 0
		for _, s := range p.Shipments {
			for _, b := range s.Boardings {
				if s.Crossing == "bkh-mrk-regular" && !b.Departure.Before(t0) && b.Departure.Before(t1) {
					n += b.Trucks
				}
			}
		}
		return n
	}
	if n := during(free); n == 0 {
		t.Fatal("no truck boards in the window without a closure: the limit would not bind")
	}
	if n := during(closed); n != 0 {
		t.Errorf("%d trucks board during the closure, want 0", n)
	}
	wantCheckFails(t, m, sc, free, "closure")
}

// TestClosedRoadHolds: the plan with Bakauheni's approach roads closed is
// priced without them; the plan that used them fails the check.
func TestClosedRoadHolds(t *testing.T) {
	m := mustModel(t)
	free := solve(t, plan.Scenario{Start: "2026-03-16", HorizonDays: 1})
	sc := plan.Scenario{Start: "2026-03-16", HorizonDays: 1, ClosedRoads: portRoads(t, "bakauheni")}
	solve(t, sc)
	err := m.Check(&sc, free)
	if !errors.Is(err, plan.ErrCheck) || !(strings.Contains(err.Error(), "cost") || strings.Contains(err.Error(), "closed roads")) {
		t.Errorf("Check got %v, want an ErrCheck on a lane over the closed road", err)
	}
}

// TestPerishabilityHoldsInQueues: Lebaran with a thin deck makes queues of
// many hours; no chicken truck's transit, its own queue included, may pass
// 12 h, and chicken that the queue would hold longer is unmet for that
// reason.
func TestPerishabilityHoldsInQueues(t *testing.T) {
	m := mustModel(t)
	share := 0.12
	sc := plan.Scenario{Start: "2026-03-16", HorizonDays: 3, Peak: true, DeckShare: &share,
		DemandMultipliers: map[string]float64{"rice": 1.3, "corn": 1.3, "cassava": 1.3, "chicken": 1.3, "banana": 1.3, "pineapple": 1.3}}
	p := solve(t, sc)
	const limit = 12.0
	var worst float64
	mi, mj := -1, -1
	for i, s := range p.Shipments {
		if !strings.Contains(s.Commodity, "chicken") {
			continue
		}
		for j, b := range s.Boardings {
			h := s.TransitHours - s.WaitMin/60 + b.MaxWaitMin/60
			if h > limit+1e-6 {
				t.Errorf("chicken shipment %d: a truck takes %.2f h, limit %v", i, h, limit)
			}
			if h > worst {
				worst, mi, mj = h, i, j
			}
		}
	}
	queued := false
	for _, u := range p.Summary.Unmet {
		queued = queued || u.Reason == plan.ReasonQueue
	}
	if !queued && worst < limit-1 {
		t.Fatalf("chicken's worst transit %.1f h and nothing unmet for the queue: the limit does not bind", worst)
	}
	if mi < 0 {
		t.Fatal("no chicken shipped")
	}
	b := &p.Shipments[mi].Boardings[mj]
	b.MaxWaitMin = b.WaitMin + 60*limit
	wantCheckFails(t, m, sc, p, "limit")
}

// TestQueueKPIs: a closure makes a queue; the per-crossing-day waits
// match the shipments' boardings and the summary.
func TestQueueKPIs(t *testing.T) {
	p := solve(t, plan.Scenario{Start: "2026-03-16", HorizonDays: 3, FerryClosures: []plan.Closure{{
		Crossing: "bkh-mrk-regular", From: "2026-03-17T06:00:00+07:00", To: "2026-03-17T18:00:00+07:00"}}})
	var n, waits, worst float64
	maxQueue := map[string]int{}
	for _, u := range p.Summary.FerryUtilization {
		n += float64(u.ArrivingTrucks)
		waits += u.AvgWaitMin * float64(u.ArrivingTrucks)
		worst = math.Max(worst, u.MaxWaitMin)
		if u.MaxWaitMin < u.AvgWaitMin || (u.ArrivingTrucks == 0 && u.MaxQueueTrucks > 0) {
			t.Errorf("%s %s: %+v", u.Crossing, u.Date, u)
		}
		if u.Day == 1 {
			maxQueue[u.Crossing] = u.MaxQueueTrucks
		}
	}
	if int(n) != p.Summary.Trucks {
		t.Errorf("arriving trucks got %v, want %d", n, p.Summary.Trucks)
	}
	if got := waits / n; math.Abs(got-p.Summary.AvgFerryWaitMin) > 1e-6 {
		t.Errorf("mean wait got %v, summary %v", got, p.Summary.AvgFerryWaitMin)
	}
	if math.Abs(worst-p.Summary.MaxFerryWaitMin) > 1e-9 {
		t.Errorf("max wait got %v, summary %v", worst, p.Summary.MaxFerryWaitMin)
	}
	if p.Summary.MaxQueueTrucks < maxQueue["bkh-mrk-regular"] {
		t.Errorf("summary's longest queue %d below day 1's %d", p.Summary.MaxQueueTrucks, maxQueue["bkh-mrk-regular"])
	}
	if maxQueue["bkh-mrk-regular"] == 0 || p.Summary.MaxFerryWaitMin < 60 {
		t.Errorf("a 12-hour closure made no queue: %v, max wait %v min", maxQueue, p.Summary.MaxFerryWaitMin)
	}
}

// modelWith prepares the corridor's planner with restrictions built from
// the input's vehicle and commodity indices.
func modelWith(t *testing.T, restrict func(veh, com map[string]int) []plan.Restriction) *plan.Model {
	t.Helper()
	c, err := corridor.Default()
	if err != nil {
		t.Fatal(err)
	}
	in, err := corridor.PlanInput(c.Data, c.Network, c.Router)
	if err != nil {
		t.Fatal(err)
	}
	veh, com := map[string]int{}, map[string]int{}
	for i, v := range in.Vehicles {
		veh[v.ID] = i
	}
	for i, k := range in.Commodities {
		com[k.ID] = i
	}
	in.Restrictions = restrict(veh, com)
	m, err := plan.Prepare(in)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var wib = time.FixedZone("WIB", 7*3600)

// TestTruckBanHolds: with the restriction switched on, no restricted
// class boards during it unless it carries only exempt rice, and the plan
// made without it fails the check.
func TestTruckBanHolds(t *testing.T) {
	m := modelWith(t, func(veh, com map[string]int) []plan.Restriction {
		return []plan.Restriction{{ID: "test-ban", From: time.Date(2026, 3, 17, 0, 0, 0, 0, wib),
			To: time.Date(2026, 3, 18, 0, 0, 0, 0, wib), Vehicles: []int{veh["trailer"], veh["tronton"]},
			Exempt: []int{com["rice"]}}}
	})
	free := plan.Scenario{Start: "2026-03-16", HorizonDays: 3}
	sc := free
	sc.TruckBan = true
	pf, err := m.Plan(context.Background(), &free, now)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := m.Plan(context.Background(), &sc, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Check(&sc, pb); err != nil {
		t.Fatal(err)
	}
	t0, t1 := time.Date(2026, 3, 17, 0, 0, 0, 0, wib), time.Date(2026, 3, 18, 0, 0, 0, 0, wib)
	during := func(p *plan.Plan) (restricted, exempt int) {
		for _, s := range p.Shipments {
			if s.Vehicle != "trailer" && s.Vehicle != "tronton" {
				continue
			}
			for _, b := range s.Boardings {
				if !b.Departure.Before(t0) && b.Departure.Before(t1) {
					if s.Commodity == "rice" {
						exempt += b.Trucks
					} else {
						restricted += b.Trucks
					}
				}
			}
		}
		return restricted, exempt
	}
	if n, _ := during(pf); n == 0 {
		t.Fatal("no restricted truck boards on 17 March without the ban: it would not bind")
	}
	n, ex := during(pb)
	if n != 0 {
		t.Errorf("%d restricted trucks board during the ban, want 0", n)
	}
	if ex == 0 {
		t.Errorf("no exempt rice trailer boards during the ban")
	}
	if !pb.Assumptions.TruckBan || pf.Assumptions.TruckBan {
		t.Errorf("assumptions truck_ban got %v / %v", pb.Assumptions.TruckBan, pf.Assumptions.TruckBan)
	}
	wantCheckFails(t, m, sc, pf, "truck restriction")
}

// TestBackhaulShare: return legs cost the plan and the baseline alike; a
// full backhaul share charges nothing for them, an empty one everything,
// and the savings waterfall adds up at every share.
func TestBackhaulShare(t *testing.T) {
	var prev *plan.Plan
	for _, share := range []float64{0, 0.5, 1} {
		p := solve(t, plan.Scenario{Start: "2026-03-16", HorizonDays: 1, BackhaulShare: &share})
		s := p.Summary
		if p.Assumptions.BackhaulShare != share {
			t.Errorf("share %v: assumptions say %v", share, p.Assumptions.BackhaulShare)
		}
		if ret := s.CostBreakdownIDR.ReturnLeg; (share == 1) != (ret == 0) {
			t.Errorf("share %v: return legs cost %v", share, ret)
		}
		b := s.SavingsBreakdown
		if sum := b.VehicleSizing + b.CrossingChoice + b.Slotting + b.BuyerChoice; math.Abs(sum-s.SavingsIDR) > 1e-6*s.BaselineCostIDR {
			t.Errorf("share %v: savings parts sum to %v, want %v", share, sum, s.SavingsIDR)
		}
		if prev != nil {
			if s.LogisticsCostIDR >= prev.Summary.LogisticsCostIDR || s.BaselineCostIDR >= prev.Summary.BaselineCostIDR {
				t.Errorf("share %v: plan %v and baseline %v, want both below the smaller share's %v and %v", share,
					s.LogisticsCostIDR, s.BaselineCostIDR, prev.Summary.LogisticsCostIDR, prev.Summary.BaselineCostIDR)
			}
		}
		prev = p
	}
}

// TestBoundsBelowObjectives: with demand the deck cannot carry, the unmet
// penalty is in every figure the lower bound bounds, so the bound sits
// below each of them.
func TestBoundsBelowObjectives(t *testing.T) {
	p := solve(t, plan.Scenario{Start: "2026-03-16", HorizonDays: 1, DemandMultipliers: map[string]float64{"chicken": 8, "rice": 3}})
	s := p.Summary
	if s.UnmetPenaltyIDR <= 0 {
		t.Fatalf("nothing unmet: %+v", s.Unmet)
	}
	if got, want := s.ObjectiveIDR, s.LogisticsCostIDR+s.UnmetPenaltyIDR; math.Abs(got-want) > 1e-6*want {
		t.Errorf("objective got %v, want logistics cost + penalty %v", got, want)
	}
	lb := s.Bound.LowerBoundIDR
	for name, x := range map[string]float64{"allocation objective": s.Bound.AllocationObjectiveIDR,
		"integer objective": s.Bound.IntegerObjectiveIDR, "plan objective": s.ObjectiveIDR} {
		if lb > x*(1+1e-9) {
			t.Errorf("lower bound %v above the %s %v", lb, name, x)
		}
	}
}

// TestTruckBanReason: a restriction that keeps every reefer off every
// crossing all day leaves that day's chicken unmet for the restriction,
// not for want of a lane.
func TestTruckBanReason(t *testing.T) {
	m := modelWith(t, func(veh, com map[string]int) []plan.Restriction {
		return []plan.Restriction{{ID: "reefers", From: time.Date(2026, 3, 16, 0, 0, 0, 0, wib),
			To: time.Date(2026, 3, 17, 0, 0, 0, 0, wib), Vehicles: []int{veh["reefer-cdd"], veh["reefer-fuso"]}}}
	})
	sc := plan.Scenario{Start: "2026-03-16", HorizonDays: 1, TruckBan: true}
	p, err := m.Plan(context.Background(), &sc, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Check(&sc, p); err != nil {
		t.Fatal(err)
	}
	if got := p.Summary.UnmetByCommodity["chicken"]; got <= 0 {
		t.Fatalf("unmet chicken got %v, want the day's demand", got)
	}
	for _, u := range p.Summary.Unmet {
		if u.Commodity == "chicken" && u.Reason != plan.ReasonTruckBan {
			t.Errorf("%s chicken unmet for %q, want %q", u.Buyer, u.Reason, plan.ReasonTruckBan)
		}
	}
}

// portRoads returns the roads that end at a port's gate: every lane over
// that port uses one of them.
func portRoads(t *testing.T, port string) []string {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	p := ds.Port(port)
	if p == nil {
		t.Fatalf("no port %q", port)
	}
	var ids []string
	for _, r := range ds.Roads {
		if r.From == p.Junction || r.To == p.Junction {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		t.Fatalf("no road reaches %s", port)
	}
	return ids
}

// TestTruckBanWithoutRestrictions: truck_ban on a corridor without
// restrictions is the request's error, named.
func TestTruckBanWithoutRestrictions(t *testing.T) {
	m := modelWith(t, func(map[string]int, map[string]int) []plan.Restriction { return nil })
	_, err := m.Plan(context.Background(), &plan.Scenario{TruckBan: true}, now)
	var fe *plan.FieldError
	if !errors.As(err, &fe) || fe.Field != "truck_ban" {
		t.Errorf("got %v, want a FieldError on truck_ban", err)
	}
}

// TestJointCapacityReason: with the strait shut and every vehicle class's
// fleet at zero, neither capacity alone is worth anything at the margin
// (each shadow price is zero, since the other still blocks), yet together
// they are why nothing is delivered: the unmet demand says so, not "too
// costly".
func TestJointCapacityReason(t *testing.T) {
	zero := 0.0
	c, err := corridor.Default()
	if err != nil {
		t.Fatal(err)
	}
	fleet := map[string]int{}
	for _, v := range c.Data.Vehicles {
		fleet[v.ID] = 0
	}
	p := solve(t, plan.Scenario{Start: "2026-03-16", HorizonDays: 1, DeckShare: &zero, FleetLimits: fleet})
	if p.Summary.TonnesDelivered != 0 || len(p.Summary.Unmet) == 0 {
		t.Fatalf("delivered %v t, %d unmet; want nothing delivered", p.Summary.TonnesDelivered, len(p.Summary.Unmet))
	}
	for _, u := range p.Summary.Unmet {
		if u.Reason != plan.ReasonNoCapacity && u.Reason != plan.ReasonNoSupply {
			t.Errorf("%s/%s: got reason %q, want %q", u.Buyer, u.Commodity, u.Reason, plan.ReasonNoCapacity)
		}
	}
}

// TestTightestLimitBoardsFirst: in the README's Lebaran week, trucks of a
// crossing and ferry class claim departures in order of their cargo's
// transit limit, chilled chicken (12 h) before fruit, fruit before
// durable goods (perishables once boarded in arrival order, and aimed
// fruit trucks took the slots chicken then missed).
func TestTightestLimitBoardsFirst(t *testing.T) {
	tight := 0.12
	sc := plan.Scenario{Start: "2026-03-16", Peak: true, DeckShare: &tight, TruckBan: true,
		DemandMultipliers: map[string]float64{"banana": 1.3, "pineapple": 1.3, "cassava": 1.3, "rice": 1.3, "corn": 1.3, "chicken": 1.3}}
	order, err := mustModel(t).BoardingLimits(&sc, now)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[float64]bool{}
	for g, lims := range order {
		for i, l := range lims {
			kinds[l] = true
			if i > 0 && l < lims[i-1] {
				t.Fatalf("group %d: a truck with a %.0f h limit claims after one with %.0f h", g, l, lims[i-1])
			}
		}
	}
	if len(kinds) < 3 {
		t.Errorf("limits %v: want chicken, fruit and durable trucks", kinds)
	}
}
