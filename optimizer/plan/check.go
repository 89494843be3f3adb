package plan

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/lumbung-id/lumbung/geo/hexgrid"
)

// ErrCheck reports a plan that breaks one of the model's rules.
var ErrCheck = errors.New("plan: check failed")

// Check verifies a plan against the model and the scenario that made it,
// independently of how the plan was made. It holds every limit the
// scenario sets on the final, integer plan:
//
//   - loads: every shipment's vehicle may carry its cargo and carries no
//     more than its trucks hold;
//   - closed roads: every lane is priced on the network without the
//     scenario's closed roads (a lane that needs one is unreachable, and
//     one priced over it costs less than the check recomputes);
//   - ferry closures and truck restrictions: every boarding is a real
//     departure of the shipment's crossing, open, and not restricted for
//     its vehicle class and cargo;
//   - deck: over every crossing and ferry class, the trucks boarded up to
//     each departure never exceed the plan's deck share of the departures
//     so far (rounded down), and no day's loads need more slots than the
//     day offers;
//   - fleet: on no day are more vehicles of a class busy than its fleet
//     limit, and the summary's vehicles busy per day and class are
//     exactly those counted here: a long-haul truck from its dispatch
//     (Boarding.Dispatch) until it is back (its boarding, the crossing, the
//     road to each drop with the restrictions' delay, every receiving wait
//     and unloading, and the whole lane back from its last buyer at the
//     service's expected wait), a collection vehicle on its tour's day (see
//     checkTrucksBusy);
//   - perishability: every truck's transit, its own queue at the port
//     and its wait for the buyer's receiving hours included, is within
//     each commodity's limit, at every drop;
//   - receiving hours and multi-drop trucks: every delivery starts
//     unloading inside its buyer's hours at the time the route tables
//     give, and a multi-drop truck's drops carry its cargo, one buyer
//     each, within one truck's payload (see checkReceiving,
//     checkMultiDrop);
//   - supply and demand: no cluster ships more than it produced that day,
//     no buyer gets more than it asked for, and delivered plus unmet
//     equals demand;
//   - costs: every shipment's cost is recomputed from the route tables and
//     its boardings' waits, and they sum to the summary's logistics cost;
//   - first mile: every collection tour keeps its shift, time order and
//     payload, costs what its kilometres and hours cost, and the tours
//     collect exactly the tonnes the shipments pooled (see checkTours);
//     no truck of a pooled shipment leaves before every tour at its hub
//     that day has unloaded (see checkCollectionFirst).
//
// sc must be the scenario that made p.
func (m *Model) Check(sc *Scenario, p *Plan) error {
	s2 := *sc
	s2.Start = p.Start
	r, err := m.in.resolve(&s2, time.Now())
	if err != nil {
		return err
	}
	if r.days != p.HorizonDays {
		return fmt.Errorf("%w: horizon %d, plan says %d", ErrCheck, r.days, p.HorizonDays)
	}
	t, err := m.begin(r)
	if err != nil {
		return err
	}
	if err := checkCollectionFirst(p); err != nil {
		return err
	}
	tl := m.newTally(r)
	var total float64
	for i := range p.Shipments {
		cost, err := m.checkShipment(t, r, tl, &p.Shipments[i])
		if err != nil {
			return fmt.Errorf("%w: shipment %d (day %d %s → %s): %v", ErrCheck, i, p.Shipments[i].Day,
				p.Shipments[i].OriginCell, p.Shipments[i].Buyer, err)
		}
		total += cost
	}
	if math.Abs(total-p.Summary.LogisticsCostIDR) > 1e-6*math.Max(1, total) {
		return fmt.Errorf("%w: logistics cost %.2f, shipments sum to %.2f", ErrCheck, p.Summary.LogisticsCostIDR, total)
	}
	m.tallyTours(r, tl, p)
	for _, step := range []func(*resolved, *tally) error{m.checkSupply, m.checkDecks, m.checkFleet} {
		if err := step(r, tl); err != nil {
			return err
		}
	}
	if err := m.checkFleetCount(r, tl, &p.Summary.Fleet); err != nil {
		return err
	}
	if err := m.checkTours(r, p); err != nil {
		return err
	}
	return m.checkDemand(r, tl, p)
}

// tally accumulates what the plan's shipments use.
type tally struct {
	shipped   []map[[2]int]float64 // day → (cluster, k) → t
	delivered [][][]float64        // day × buyer × commodity, t
	dayTrucks [][][]int            // day × crossing × ferry class
	fleet     [][]int              // day × vehicle: vehicles busy
	longHaul  FleetUse             // the long-haul trucks' trips, km and hours
	// departures by crossing: Unix second → index into deps[x]
	depIndex []map[int64]int
	deps     [][]float64
	open     [][]bool
	boarded  [][][]int // crossing × ferry class × departure
	drops    *dropTables
}

func (m *Model) newTally(r *resolved) *tally {
	in := m.in
	K, B, X, V := len(in.Commodities), len(in.Buyers), len(in.Crossings), len(in.Vehicles)
	tl := &tally{shipped: make([]map[[2]int]float64, r.days), delivered: make([][][]float64, r.days),
		dayTrucks: make([][][]int, r.days), fleet: make([][]int, r.days), depIndex: make([]map[int64]int, X),
		deps: make([][]float64, X), open: make([][]bool, X), boarded: make([][][]int, X), drops: newDropTables(m)}
	for d := 0; d < r.days; d++ {
		tl.shipped[d] = map[[2]int]float64{}
		tl.delivered[d] = make([][]float64, B)
		for b := range tl.delivered[d] {
			tl.delivered[d][b] = make([]float64, K)
		}
		tl.dayTrucks[d] = make([][]int, X)
		for x := range tl.dayTrucks[d] {
			tl.dayTrucks[d][x] = make([]int, 6)
		}
		tl.fleet[d] = make([]int, V)
	}
	for x := 0; x < X; x++ {
		tl.depIndex[x] = map[int64]int{}
		for d := 0; d <= r.days; d++ {
			ts, open := m.departures(x, r, d)
			for i, ts := range ts {
				tl.depIndex[x][int64(math.Round(ts))] = len(tl.deps[x])
				tl.deps[x] = append(tl.deps[x], ts)
				tl.open[x] = append(tl.open[x], open[i])
			}
		}
		tl.boarded[x] = make([][]int, 6)
		for f := range tl.boarded[x] {
			tl.boarded[x][f] = make([]int, len(tl.deps[x]))
		}
	}
	return tl
}

// checkShipment checks one shipment's cargo, lane, boardings and cost,
// adds what it uses to the tally and returns its cost.
func (m *Model) checkShipment(t *tables, r *resolved, tl *tally, s *Shipment) (float64, error) {
	in := m.in
	if s.Day < 0 || s.Day >= r.days {
		return 0, errors.New("day out of horizon")
	}
	c, err := m.checkCluster(s.OriginCell)
	if err != nil {
		return 0, err
	}
	if len(s.Drops) > 0 {
		return m.checkMultiDrop(t, r, tl, s, c)
	}
	v, b, x := in.vehicleIndex(s.Vehicle), in.buyerIndex(s.Buyer), in.crossingIndex(s.Crossing)
	if v < 0 || b < 0 || x < 0 {
		return 0, errors.New("unknown vehicle, buyer or crossing")
	}
	if s.Trucks < 1 {
		return 0, fmt.Errorf("%d trucks", s.Trucks)
	}
	var load float64
	own := map[int]float64{}
	var ks []int
	for _, cg := range s.Cargo {
		k := in.commodityIndex(cg.Commodity)
		if k < 0 || !(cg.Tonnes > 0) {
			return 0, fmt.Errorf("cargo %+v", cg)
		}
		if !m.allowed(v, k) {
			return 0, fmt.Errorf("%s may not carry %s", s.Vehicle, cg.Commodity)
		}
		load += cg.Tonnes
		own[k] += cg.Tonnes
		ks = append(ks, k)
		tl.delivered[s.Day][b][k] += cg.Tonnes
	}
	if math.Abs(load-s.Tonnes) > 1e-6*math.Max(1, load) {
		return 0, fmt.Errorf("tonnes %v, cargo sums to %v", s.Tonnes, load)
	}
	if load > float64(s.Trucks)*in.Vehicles[v].Capacity*(1+1e-9) {
		return 0, fmt.Errorf("%v t in %d × %v t trucks", load, s.Trucks, in.Vehicles[v].Capacity)
	}
	wait, _ := m.crossingTimes(x, r, s.Day)
	lc := m.laneCost(t, r, c, x, v, b, wait)
	if !lc.ok {
		return 0, errors.New("lane unreachable (closed roads)")
	}
	waitSum, waitMax, err := m.checkBoardings(r, tl, s, x, v, ks)
	if err != nil {
		return 0, err
	}
	noWait := lc.time - wait
	for k := range own {
		if lim := in.Commodities[k].MaxTransitHours; lim > 0 && (noWait+waitMax)/3600 > lim*(1+1e-9) {
			return 0, fmt.Errorf("%s: a truck takes %.1f h with its %.0f min queue, limit %.1f h",
				in.Commodities[k].ID, (noWait+waitMax)/3600, waitMax/60, lim)
		}
	}
	recvCost, unloaded, err := m.checkReceiving(t, r, tl, s, c, x, v, b, noWait)
	if err != nil {
		return 0, err
	}
	if err := m.checkPickups(tl, s, c, own); err != nil {
		return 0, err
	}
	if err := m.checkTrucksBusy(t, r, tl, s, c, x, v, b, unloaded); err != nil {
		return 0, err
	}
	tl.dayTrucks[s.Day][x][in.Vehicles[v].Profile.FerryClass] += s.Trucks
	// cost: trucks at the expected wait, moved to the boarded waits
	n := float64(s.Trucks)
	tl.addKm(r, n*lc.dist, n*lc.dist)
	want := lc.Cost.Total()*n + in.Vehicles[v].Profile.DriverPerHour*(waitSum-wait*n)/3600 + s.Cost.FirstMile + recvCost
	for _, cg := range s.Cargo {
		k := in.commodityIndex(cg.Commodity)
		want += cg.Tonnes * in.Commodities[k].SpoilagePerTonneHour * (lc.time + waitSum/n - wait) / 3600
	}
	if got := s.Cost.Total(); math.Abs(got-want) > 1e-6*math.Max(1, want) {
		return 0, fmt.Errorf("cost %.2f, recomputed %.2f", got, want)
	}
	return s.Cost.Total(), nil
}

// checkBoardings checks that a shipment's trucks board real, open,
// unrestricted departures of crossing x, tallies them, and returns the
// trucks' total and longest wait, s.
func (m *Model) checkBoardings(r *resolved, tl *tally, s *Shipment, x, v int, ks []int) (sum, worst float64, err error) {
	f := m.in.Vehicles[v].Profile.FerryClass
	n := 0
	for _, bd := range s.Boardings {
		q, ok := tl.depIndex[x][bd.Departure.Unix()]
		switch {
		case !ok:
			return 0, 0, fmt.Errorf("boards %s, not a departure of %s in the horizon", bd.Departure, s.Crossing)
		case !tl.open[x][q]:
			return 0, 0, fmt.Errorf("boards %s, during a closure of %s", bd.Departure, s.Crossing)
		case r.banned(x, v, tl.deps[x][q], ks):
			return 0, 0, fmt.Errorf("boards %s with %s during a truck restriction", bd.Departure, s.Vehicle)
		case bd.Trucks < 1 || bd.WaitMin < 0 || bd.MaxWaitMin < bd.WaitMin-1e-9:
			return 0, 0, fmt.Errorf("boarding %+v", bd)
		}
		tl.boarded[x][f][q] += bd.Trucks
		n += bd.Trucks
		sum += bd.WaitMin * 60 * float64(bd.Trucks)
		worst = math.Max(worst, bd.MaxWaitMin*60)
	}
	if n != s.Trucks {
		return 0, 0, fmt.Errorf("%d trucks, %d boarded", s.Trucks, n)
	}
	if mean := sum / float64(n) / 60; math.Abs(mean-s.WaitMin) > 1e-6*math.Max(1, mean) {
		return 0, 0, fmt.Errorf("mean wait %.3f min, boardings say %.3f", s.WaitMin, mean)
	}
	return sum, worst, nil
}

// checkPickups tallies what a shipment collects from other clusters and
// what its own cluster ships (its collection cost is checked against the
// tours by checkTours).
func (m *Model) checkPickups(tl *tally, s *Shipment, c int, own map[int]float64) error {
	in := m.in
	for _, pk := range s.CollectedFrom {
		pc, err := m.checkCluster(pk.Cluster)
		if err != nil {
			return err
		}
		k := in.commodityIndex(pk.Commodity)
		if k < 0 {
			return fmt.Errorf("pickup commodity %q", pk.Commodity)
		}
		own[k] -= pk.Tonnes
		tl.shipped[s.Day][[2]int{pc, k}] += pk.Tonnes
	}
	for k, q := range own {
		if q < -1e-6 {
			return fmt.Errorf("collects more %s than it carries", in.Commodities[k].ID)
		}
		tl.shipped[s.Day][[2]int{c, k}] += q
	}
	return nil
}

func (m *Model) checkCluster(id string) (int, error) {
	cell, err := hexgrid.Parse(id)
	if err != nil {
		return 0, err
	}
	c, ok := m.clusterIdx[cell]
	if !ok {
		return 0, fmt.Errorf("unknown cluster %s", id)
	}
	return c, nil
}

func (m *Model) checkSupply(r *resolved, tl *tally) error {
	for d := 0; d < r.days; d++ {
		for key, q := range tl.shipped[d] {
			if sup := m.supplyPerDay(r, key[0], key[1], d); q > sup*(1+1e-6)+1e-6 {
				return fmt.Errorf("%w: day %d cluster %s ships %.3f t of %s, has %.3f t", ErrCheck, d,
					m.clusters[key[0]].Cell, q, m.in.Commodities[key[1]].ID, sup)
			}
		}
	}
	return nil
}

// checkDecks holds the deck share per day and, cumulatively, per departure.
func (m *Model) checkDecks(r *resolved, tl *tally) error {
	in := m.in
	for x := range in.Crossings {
		for f := 0; f < 6; f++ {
			for d := 0; d < r.days; d++ {
				if slots := int(math.Floor(m.dayCapacity(x, r, d, f) + 1e-9)); tl.dayTrucks[d][x][f] > slots {
					return fmt.Errorf("%w: day %d %s class %d: %d trucks for %d deck slots", ErrCheck, d,
						in.Crossings[x].ID, f, tl.dayTrucks[d][x][f], slots)
				}
			}
			per := m.deckPerDeparture(x, r, f)
			acc, n := 0.0, 0
			for q, ts := range tl.deps[x] {
				if tl.open[x][q] {
					acc += per
				}
				n += tl.boarded[x][f][q]
				if n > int(acc+1e-9) {
					return fmt.Errorf("%w: %s class %d: %d trucks boarded by %s, deck share of the departures so far %.2f",
						ErrCheck, in.Crossings[x].ID, f, n, unixTime(ts).Format(time.RFC3339), acc)
				}
			}
		}
	}
	return nil
}

// checkTrucksBusy checks that each of a shipment's trucks has a dispatch
// time that its boarding's wait agrees with, and tallies the days it is
// busy: from its dispatch until it is back. unloaded[i] is when boarding
// i's trucks have unloaded at their last buyer b (receiving waits, the
// restrictions' delay and every drop included, as checkReceiving and
// checkMultiDrop recompute it); the way back is recomputed from the route
// tables: the whole lane from b at the service's expected wait, less one
// handling (loading and unloading are not repeated on the way back).
func (m *Model) checkTrucksBusy(t *tables, r *resolved, tl *tally, s *Shipment, c, x, v, b int, unloaded []float64) error {
	first := m.first(t, r, v, m.xs[x], c).time
	expWait, _ := m.crossingTimes(x, r, -1)
	back := m.laneCost(t, r, c, x, v, b, expWait).time - m.in.Params.HandlingHours*3600
	day0 := float64(r.start.Unix())
	for i, bd := range s.Boardings {
		if len(bd.Dispatch) != bd.Trucks {
			return fmt.Errorf("boarding %s: %d trucks, %d dispatch times", bd.Departure, bd.Trucks, len(bd.Dispatch))
		}
		dep := float64(bd.Departure.Unix())
		var sum, worst float64
		for _, at := range bd.Dispatch {
			leave := float64(at.Unix())
			w := dep - leave - first
			if w < -1 {
				return fmt.Errorf("a truck dispatched %s reaches the port after its departure %s", at, bd.Departure)
			}
			sum += w
			worst = math.Max(worst, w)
			end := unloaded[i] + back
			tl.longHaul.Vehicles++
			tl.longHaul.VehicleHours += (end - leave) / 3600
			for d := max(0, int(math.Floor((leave-day0)/86400))); d <= min(r.days-1, int(math.Floor((end-day0)/86400))); d++ {
				tl.fleet[d][v]++
			}
		}
		if mean := sum / float64(bd.Trucks) / 60; math.Abs(mean-bd.WaitMin) > 0.02 || math.Abs(worst/60-bd.MaxWaitMin) > 0.02 {
			return fmt.Errorf("boarding %s: waits from the dispatch times %.2f (max %.2f) min, boarding says %.2f (%.2f)",
				bd.Departure, mean, worst/60, bd.WaitMin, bd.MaxWaitMin)
		}
	}
	return nil
}

// checkCollectionFirst checks that every truck of a shipment that pools
// produce from other clusters leaves its hub after the day's collection
// tours there have ended (their last unloading).
func checkCollectionFirst(p *Plan) error {
	type hubDay struct {
		hub string
		day int
	}
	last := map[hubDay]time.Time{}
	for _, tr := range p.Tours {
		if k := (hubDay{tr.Hub, tr.Day}); tr.End.After(last[k]) {
			last[k] = tr.End
		}
	}
	for i, s := range p.Shipments {
		end, ok := last[hubDay{s.OriginCell, s.Day}]
		if !ok || len(s.CollectedFrom) == 0 {
			continue
		}
		for _, bd := range s.Boardings {
			for _, at := range bd.Dispatch {
				if at.Before(end) {
					return fmt.Errorf("%w: shipment %d (day %d from %s) dispatches a truck at %s, before the collection tours at its hub end at %s",
						ErrCheck, i, s.Day, s.OriginCell, at.Format(time.RFC3339), end.Format(time.RFC3339))
				}
			}
		}
	}
	return nil
}

// tallyTours counts each collection tour's vehicle on its day (checkTours
// checks the tours themselves).
func (m *Model) tallyTours(r *resolved, tl *tally, p *Plan) {
	for _, tr := range p.Tours {
		if v := m.in.vehicleIndex(tr.Vehicle); v >= 0 && tr.Day >= 0 && tr.Day < r.days {
			tl.fleet[tr.Day][v]++
		}
	}
}

func (m *Model) checkFleet(r *resolved, tl *tally) error {
	for d := 0; d < r.days; d++ {
		for v, n := range tl.fleet[d] {
			if float64(n) > r.fleet[v] {
				return fmt.Errorf("%w: day %d has %d vehicles of %s busy, fleet limit %.0f", ErrCheck, d, n,
					m.in.Vehicles[v].ID, r.fleet[v])
			}
		}
	}
	return nil
}

// addKm adds long-haul trucks' loaded and return distances, m (the return
// is empty in the share 1 − backhaul, as the plan assumes).
func (tl *tally) addKm(r *resolved, loaded, back float64) {
	tl.longHaul.VehicleKm += (loaded + back) / 1000
	tl.longHaul.EmptyKm += (1 - r.backhaul) * back / 1000
}

// checkFleetCount holds the summary's long-haul trips, kilometres and
// hours and its vehicles busy per day and class to the count Check made
// (hours within a second per trip: the reported times are rounded).
func (m *Model) checkFleetCount(r *resolved, tl *tally, f *Fleet) error {
	got, want := f.LongHaul, tl.longHaul
	near := func(a, b, slack float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b))+slack }
	if got.Vehicles != want.Vehicles || !near(got.VehicleKm, want.VehicleKm, 0) || !near(got.EmptyKm, want.EmptyKm, 0) ||
		!near(got.VehicleHours, want.VehicleHours, float64(want.Vehicles)/3600) {
		return fmt.Errorf("%w: long haul: the summary has %d trips, %.1f km (%.1f empty), %.2f h; the check counts %d, %.1f km (%.1f empty), %.2f h",
			ErrCheck, got.Vehicles, got.VehicleKm, got.EmptyKm, got.VehicleHours, want.Vehicles, want.VehicleKm, want.EmptyKm, want.VehicleHours)
	}
	if len(f.VehiclesByDay) != r.days {
		return fmt.Errorf("%w: vehicles busy for %d days, horizon %d", ErrCheck, len(f.VehiclesByDay), r.days)
	}
	for d, byClass := range f.VehiclesByDay {
		n := 0
		for v, want := range tl.fleet[d] {
			got := byClass[m.in.Vehicles[v].ID]
			if got != want {
				return fmt.Errorf("%w: day %d: the summary has %d vehicles of %s busy, the check counts %d", ErrCheck, d, got,
					m.in.Vehicles[v].ID, want)
			}
			n += got
		}
		for _, got := range byClass {
			n -= got
		}
		if n != 0 {
			return fmt.Errorf("%w: day %d: the summary counts vehicles of an unknown class", ErrCheck, d)
		}
	}
	return nil
}

func (m *Model) checkDemand(r *resolved, tl *tally, p *Plan) error {
	in := m.in
	unmet := map[[2]int]float64{}
	for _, u := range p.Summary.Unmet {
		unmet[[2]int{in.buyerIndex(u.Buyer), in.commodityIndex(u.Commodity)}] += u.Tonnes
	}
	for b := range in.Buyers {
		for k := range in.Commodities {
			var dem, del float64
			for d := 0; d < r.days; d++ {
				if tl.delivered[d][b][k] > r.demand[b][k]*(1+1e-6)+1e-6 {
					return fmt.Errorf("%w: day %d %s gets %.3f t of %s, asked %.3f t", ErrCheck, d,
						in.Buyers[b].ID, tl.delivered[d][b][k], in.Commodities[k].ID, r.demand[b][k])
				}
				dem += r.demand[b][k]
				del += tl.delivered[d][b][k]
			}
			if u := unmet[[2]int{b, k}]; math.Abs(del+u-dem) > 1e-6*math.Max(1, dem) {
				return fmt.Errorf("%w: %s %s: delivered %.3f + unmet %.3f ≠ demand %.3f", ErrCheck,
					in.Buyers[b].ID, in.Commodities[k].ID, del, u, dem)
			}
		}
	}
	return nil
}
