package plan

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/lumbung-id/lumbung/optimizer/network"
)

// open resolves a scenario against the model and begins its route
// tables: what every solve of it starts from.
func (m *Model) open(sc *Scenario, now time.Time) (*resolved, *tables, error) {
	r, err := m.in.resolve(sc, now)
	if err != nil {
		return nil, nil, err
	}
	t, err := m.begin(r)
	if err != nil {
		return nil, nil, err
	}
	return r, t, nil
}

// Plan computes the optimized shipment plan for a scenario. now fixes
// "today" for scenarios without a start date.
func (m *Model) Plan(ctx context.Context, sc *Scenario, now time.Time) (*Plan, error) {
	began := time.Now()
	r, t, err := m.open(sc, now)
	if err != nil {
		return nil, err
	}
	prog := newReporter(ctx, r.days)
	prog.report("allocation", 0)
	days, err := m.solveDays(ctx, r, t, prog)
	if err != nil {
		return nil, err
	}
	var lanes []lane
	sum := Summary{Unmet: []Unmet{}, UnmetByCommodity: map[string]float64{}, TrucksByVehicle: map[string]int{}, Clusters: len(m.clusters)}
	for _, d := range days {
		lanes = append(lanes, d.lanes...)
		sum.Bound.AllocationObjectiveIDR += d.objective
		sum.Bound.LowerBoundIDR += d.lowerBound
		sum.Bound.Iterations += d.iterations
	}
	sum.Lanes = len(lanes)
	prog.report("loads", allocationShare)
	loads, dropped := m.loads(t, r, lanes)
	prog.report("slotting", 0.85)
	loads, slots := m.slotDispatch(t, r, loads)
	loads, unboarded := dropUnboarded(loads, slots)
	dropped = append(dropped, unboarded...)
	sum.UnboardedTrucks = slots.nUnboard
	tours, unrouted, uncollected, err := m.routeCollection(ctx, r, loads, m.collectionLeft(t, r, loads))
	if err != nil {
		return nil, err
	}
	dropped = append(dropped, uncollected...)
	sum.UnroutedPickups = unrouted
	p := &Plan{Scenario: r.name, Start: dateOf(r, 0), HorizonDays: r.days, Created: now.UTC(), Shipments: []Shipment{}, Tours: tours}
	if p.Tours == nil {
		p.Tours = []Tour{}
	}
	var waitSum float64
	dt := newDropTables(m)
	for i := range loads {
		s := m.shipment(t, r, dt, &loads[i])
		m.addDelivery(&sum, &loads[i], &s)
		p.Shipments = append(p.Shipments, s)
		sum.LogisticsCostIDR += s.Cost.Total()
		sum.CostBreakdownIDR = sum.CostBreakdownIDR.add(s.Cost)
		sum.FirstMileCostIDR += s.Cost.FirstMile
		sum.TonnesDelivered += s.Tonnes
		sum.Trucks += s.Trucks
		sum.TrucksByVehicle[s.Vehicle] += s.Trucks
		waitSum += s.WaitMin * float64(s.Trucks)
		for _, b := range s.Boardings {
			sum.MaxFerryWaitMin = math.Max(sum.MaxFerryWaitMin, b.MaxWaitMin)
		}
	}
	if sum.Trucks > 0 {
		sum.AvgFerryWaitMin = waitSum / float64(sum.Trucks)
	}
	if sum.TonnesDelivered > 0 {
		sum.CostPerTonneIDR = sum.LogisticsCostIDR / sum.TonnesDelivered
	}
	m.unmetDemand(r, days, dropped, &sum)
	sum.ObjectiveIDR = sum.LogisticsCostIDR + sum.UnmetPenaltyIDR
	bd := &sum.Bound
	bd.AllocationGap = relGap(bd.AllocationObjectiveIDR, bd.LowerBoundIDR)
	for _, l := range loads {
		if len(l.drops) > 0 {
			o := m.optionCost(t, r, dt, l.day, l.c, l.x, l.v, l.drops, l.aim)
			bd.IntegerObjectiveIDR += o.cost + l.collectCost
			continue
		}
		c, _ := m.truckCost(t, r, l.day, l.c, l.x, l.v, l.b, l.trucks, l.cargo)
		bd.IntegerObjectiveIDR += c.Total() + l.collectCost
	}
	bd.IntegerObjectiveIDR += sum.UnmetPenaltyIDR
	bd.IntegerGap = relGap(bd.IntegerObjectiveIDR, bd.LowerBoundIDR)
	sum.Fleet = m.fleet(t, r, loads, tours)
	sum.FerryUtilization = m.utilization(r, days, slots)
	for _, u := range sum.FerryUtilization {
		sum.MaxQueueTrucks = max(sum.MaxQueueTrucks, u.MaxQueueTrucks)
	}
	// today's practice
	prog.report("baseline", 0.9)
	b, err := m.baselineCosts(ctx, t, r, lanes)
	if err != nil {
		return nil, err
	}
	sum.BaselineCostIDR = b[0]
	sum.SavingsIDR = b[0] - sum.LogisticsCostIDR
	if b[0] > 0 {
		sum.SavingsPct = 100 * sum.SavingsIDR / b[0]
	}
	if sum.TonnesDelivered > 0 {
		sum.SavingsPerTonneIDR = sum.SavingsIDR / sum.TonnesDelivered
	}
	sum.SavingsBreakdown = Savings{VehicleSizing: b[0] - b[1], CrossingChoice: b[1] - b[2],
		Slotting: b[2] - b[3], BuyerChoice: b[3] - sum.LogisticsCostIDR}
	sum.SolveMillis = float64(time.Since(began).Microseconds()) / 1000
	p.Summary = sum
	p.Assumptions = m.assumptions(r)
	if err := ctx.Err(); err != nil {
		return nil, err // cancelled late: no plan rather than one nobody waits for
	}
	prog.report("done", 1)
	return p, nil
}

// unmetDemand totals the demand the allocation left unmet and what the
// loads and slotting could not carry, with a reason for each buyer and
// commodity (the reason of its largest shortfall).
func (m *Model) unmetDemand(r *resolved, days []*dayResult, dropped []unserved, sum *Summary) {
	K, B := len(m.in.Commodities), len(m.in.Buyers)
	type bk struct{ b, k int }
	unmet := map[bk]float64{}
	reason := map[bk]string{}
	worst := map[bk]float64{}
	demandK := make([]float64, K)
	for b := 0; b < B; b++ {
		for k := 0; k < K; k++ {
			demandK[k] += r.demand[b][k]
		}
	}
	for _, dr := range days {
		deckBinds := false
		for _, row := range dr.shadow {
			for _, s := range row {
				deckBinds = deckBinds || s > 1e-6
			}
		}
		for b := 0; b < B; b++ {
			for k := 0; k < K; k++ {
				sum.TonnesDemanded += r.demand[b][k]
				u := dr.unmet[b][k]
				if u <= 1e-6 {
					continue
				}
				key := bk{b, k}
				unmet[key] += u
				sum.UnmetPenaltyIDR += u * m.in.Commodities[k].PenaltyPerTonne
				if u > worst[key] {
					worst[key] = u
					switch {
					case dr.noLane[b][k] && dr.banCut[k]:
						reason[key] = ReasonTruckBan
					case dr.noRoad[b][k]:
						reason[key] = ReasonNoRoad
					case dr.noLane[b][k]:
						reason[key] = ReasonNoLane
					case dr.supply[k] < demandK[k]-1e-6:
						reason[key] = ReasonNoSupply
					case deckBinds:
						reason[key] = ReasonNoCapacity
					case dr.fleetBinds:
						reason[key] = ReasonFleet
					case dr.banBinds:
						reason[key] = ReasonTruckBan
					case dr.joint != nil && dr.joint[b][k] != "":
						reason[key] = dr.joint[b][k]
					default:
						reason[key] = ReasonTooCostly
					}
				}
			}
		}
	}
	for _, u := range dropped {
		key := bk{u.b, u.k}
		unmet[key] += u.tonnes
		sum.UnmetPenaltyIDR += u.tonnes * m.in.Commodities[u.k].PenaltyPerTonne
		if u.tonnes > worst[key] {
			worst[key] = u.tonnes
			reason[key] = u.reason
		}
	}
	for b := 0; b < B; b++ {
		for k := 0; k < K; k++ {
			if u, ok := unmet[bk{b, k}]; ok {
				sum.Unmet = append(sum.Unmet, Unmet{Buyer: m.in.Buyers[b].ID, Commodity: m.in.Commodities[k].ID,
					Tonnes: u, Reason: reason[bk{b, k}]})
				sum.UnmetTonnes += u
				sum.UnmetByCommodity[m.in.Commodities[k].ID] += u
			}
		}
	}
}

// utilization reports each crossing's deck use and port queue by day.
func (m *Model) utilization(r *resolved, days []*dayResult, slots slotResult) []Utilization {
	var out []Utilization
	for x := range m.in.Crossings {
		for d := 0; d < r.days; d++ {
			q := slots.queue[x][d]
			u := Utilization{Crossing: m.in.Crossings[x].ID, Day: d, Date: dateOf(r, d), Trucks: slots.used[x][d],
				ArrivingTrucks: q.arriving, MaxWaitMin: q.waitMax / 60, MaxQueueTrucks: q.maxQueue}
			if q.arriving > 0 {
				u.AvgWaitMin = q.waitSum / float64(q.arriving) / 60
			}
			for f := 0; f < network.NumFerryClasses; f++ {
				u.CapacityTrks += days[d].capacity[x][f]
				u.ShadowPriceIDR = math.Max(u.ShadowPriceIDR, days[d].shadow[x][f])
			}
			if u.CapacityTrks > 0 {
				u.Utilization = float64(u.Trucks) / u.CapacityTrks
			}
			out = append(out, u)
		}
	}
	return out
}

// assumptions lists the parameters a plan rests on.
func (m *Model) assumptions(r *resolved) Assumptions {
	pr := m.in.Params
	a := Assumptions{
		ClusterRes: pr.ClusterRes, DeckShare: r.deckShare, BackhaulShare: r.backhaul, TruckBan: len(r.bans) > 0,
		FerryCapacity: r.capFactor, HandlingHours: pr.HandlingHours,
		LoadingWindow:     fmt.Sprintf("%02.0f:00–%02.0f:00 WIB", pr.LoadingStartHour, pr.LoadingEndHour),
		DieselIDRPerLitre: r.diesel, Baseline: r.baseline,
		Notes: []string{
			"daily buckets: produce collected on a day crosses and is delivered against that day's demand; unshipped supply stays in Lampung's local market",
			"costs: fuel and wear per km, driver hours (waits included), tolls by class, ferry tariff by golongan, spoilage per tonne-hour; " +
				fmt.Sprintf("every truck's return leg (same roads and crossing back, the service's expected wait) is charged at %.0f%% (1 − backhaul share), in the plan and the baseline alike", 100*(1-r.backhaul)),
			"the allocation prices each ferry wait at the service's expected wait; slotting then boards every truck on a real departure (a queue forms when arrivals exceed a sailing's deck) and the reported cost uses the real waits",
			"logistics_cost_idr is the cost of what is delivered; objective_idr adds the unmet-demand penalty; the bound's figures all include that penalty, so the lower bound sits below each of them",
			fmt.Sprintf("first mile: pooled loads' pickups are collected on routed tours (vehicle routing on road matrices) by pickup, engkel or CDD, 06:00–16:00 shift, up to %d trips with %.0f min unloading at the hub, 15 min per stop plus 20 min per tonne loading (estimates); a pooled load's trucks leave after the collection shift, once its tours have unloaded; today's collectors are routed alike, per commodity, in their one truck class", CollectionMaxTrips, CollectionUnloadMinutes),
			"savings compare the same tonnes from the same clusters against today's practice (see baseline): collectors consolidate each commodity in their catchment, send a truck when full (a part load of durable produce waits up to max_hold_days, perishables go daily) to the nearest buyer over the regular crossing, with queue_hours of unplanned queue",
		},
	}
	if slices.ContainsFunc(r.fleet, func(n float64) bool { return !math.IsInf(n, 1) }) {
		a.Notes = append(a.Notes, "fleet_limits cap the vehicles of a class busy on each day (a truck from dispatch until back, a collection vehicle on its tour's day) and hold exactly in the plan; "+
			"the daily allocation weighs a truck by its round trip in days plus one (the calendar days it touches on average), an estimate across days, so the lower bound is that estimate's bound, not a proven one")
	}
	return a
}

func relGap(upper, lower float64) float64 {
	if upper == 0 {
		return 0
	}
	return math.Max(0, (upper-lower)/math.Abs(upper))
}

// shipment prices a load at its slotted waits and describes it.
func (m *Model) shipment(t *tables, r *resolved, dt *dropTables, l *load) Shipment {
	in := m.in
	var cost Breakdown
	var timeSum, waitSum, dist float64
	var arrival float64
	tls := make([]timeline, l.trucks)
	for j := 0; j < l.trucks; j++ {
		lc := m.laneCost(t, r, l.c, l.x, l.v, l.b, l.wait[j])
		cost = cost.add(lc.Cost)
		timeSum += lc.time
		waitSum += l.wait[j]
		dist = lc.dist
		tls[j] = m.truckTimeline(t, r, dt, l, j)
		arrival = math.Max(arrival, tls[j].drops[len(tls[j].drops)-1].end)
	}
	n := float64(l.trucks)
	names := make([]string, 0, len(l.cargo))
	var tonnes float64
	for _, c := range l.cargo {
		cost.Spoilage += c.tonnes * in.Commodities[c.k].SpoilagePerTonneHour * timeSum / n / 3600
		names = append(names, in.Commodities[c.k].ID)
		tonnes += c.tonnes
	}
	sort.Strings(names)
	first := l.depart[0]
	for _, d := range l.depart {
		first = math.Min(first, d)
	}
	cost = m.deliveryCost(t, r, dt, l, tls, cost)
	cost.FirstMile += l.collectCost
	cl := &m.clusters[l.c]
	s := Shipment{
		Day: l.day, Date: dateOf(r, l.day), Commodity: strings.Join(names, "+"), Tonnes: tonnes,
		OriginCell: cl.Cell.String(), Origin: cl.Point, Buyer: in.Buyers[l.b].ID, Vehicle: in.Vehicles[l.v].ID,
		Trucks: l.trucks, Crossing: in.Crossings[l.x].ID,
		Dispatch: unixTime(l.leave[0]), Departure: unixTime(first), Arrival: unixTime(arrival),
		WaitMin: waitSum / n / 60, TransitHours: timeSum / n / 3600, DistanceKm: dist / 1000, Cost: cost,
	}
	for _, c := range l.cargo {
		s.Cargo = append(s.Cargo, Cargo{Commodity: in.Commodities[c.k].ID, Tonnes: c.tonnes})
	}
	for _, p := range l.pickups {
		s.CollectedFrom = append(s.CollectedFrom, Pickup{Cluster: m.clusters[p.c].Cell.String(),
			Commodity: in.Commodities[p.k].ID, Tonnes: p.tonnes})
	}
	s.Consolidated = len(l.pickups) > 0 || len(l.cargo) > 1
	s.Boardings = boardings(l)
	m.describeDeliveries(t, r, dt, l, tls, &s)
	return s
}

// boardings groups a load's trucks by departure, earliest first.
func boardings(l *load) []Boarding {
	idx := make([]int, l.trucks)
	for j := range idx {
		idx[j] = j
	}
	sort.Slice(idx, func(a, b int) bool { return l.depart[idx[a]] < l.depart[idx[b]] })
	var out []Boarding
	for _, j := range idx {
		w := l.wait[j] / 60
		if n := len(out); n > 0 && out[n-1].Departure.Equal(unixTime(l.depart[j])) {
			b := &out[n-1]
			b.WaitMin = (b.WaitMin*float64(b.Trucks) + w) / float64(b.Trucks+1)
			b.Trucks++
			b.MaxWaitMin = math.Max(b.MaxWaitMin, w)
			b.Dispatch = append(b.Dispatch, unixTime(l.leave[j]))
			continue
		}
		out = append(out, Boarding{Departure: unixTime(l.depart[j]), Trucks: 1, WaitMin: w, MaxWaitMin: w,
			Dispatch: []time.Time{unixTime(l.leave[j])}})
	}
	return out
}
