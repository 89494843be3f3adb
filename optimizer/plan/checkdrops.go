package plan

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// checkTime compares a reported time with a recomputed Unix time (the
// output rounds to the second).
func checkTime(what string, got time.Time, want float64) error {
	if math.Abs(float64(got.Unix())-want) > 1 {
		return fmt.Errorf("%s %s, recomputed %s", what, got.Format(time.RFC3339), unixTime(want).Format(time.RFC3339))
	}
	return nil
}

// checkReceiving checks a single-buyer shipment's deliveries: for every
// boarding, the arrival at buyer b's gate recomputed from its departure
// (road tables, restriction delay), unloading that starts inside the
// buyer's receiving hours and no earlier than the arrival, the wait it
// reports, and the cargo's transit limit with the longest port queue of
// the boarding and that wait (noWait is the lane's time without any
// wait). It returns what the waits cost (driver and spoilage) and when
// each boarding's trucks have unloaded.
func (m *Model) checkReceiving(t *tables, r *resolved, tl *tally, s *Shipment, c, x, v, b int, noWait float64) (float64, []float64, error) {
	w := m.in.Buyers[b].Window
	per := make([]cargo, 0, len(s.Cargo))
	for _, cg := range s.Cargo {
		per = append(per, cargo{m.in.commodityIndex(cg.Commodity), cg.Tonnes / float64(s.Trucks)})
	}
	var cost float64
	unloaded := make([]float64, len(s.Boardings))
	for i, bd := range s.Boardings {
		dep := float64(bd.Departure.Unix())
		tline, ok := m.timeline(t, r, tl.drops, v, x, []int{b}, dep+m.crossSeconds(x, r), true)
		if !ok {
			return 0, nil, errors.New("buyer unreachable")
		}
		d := tline.drops[0]
		if err := checkTime("arrival", bd.Arrival, d.gate); err != nil {
			return 0, nil, err
		}
		start := float64(bd.Unloading.Unix())
		switch {
		case start < d.gate-1:
			return 0, nil, fmt.Errorf("unloads at %s before arriving", bd.Unloading.Format(time.RFC3339))
		case !w.inside(start):
			return 0, nil, fmt.Errorf("unloads at %s, outside %s's receiving hours %s", bd.Unloading.Format(time.RFC3339), s.Buyer, w)
		case math.Abs(start-d.start) > 1:
			return 0, nil, fmt.Errorf("unloads at %s, the buyer receives from %s", bd.Unloading.Format(time.RFC3339), unixTime(d.start).Format(time.RFC3339))
		case math.Abs(bd.ReceivingWaitMin*60-d.wait()) > 1:
			return 0, nil, fmt.Errorf("receiving wait %.1f min, times say %.1f", bd.ReceivingWaitMin, d.wait()/60)
		}
		unloaded[i] = d.end
		wait := d.wait() // exact; the reported times are rounded to the second
		for _, cg := range per {
			if lim := m.in.Commodities[cg.k].MaxTransitHours; lim > 0 && (noWait+bd.MaxWaitMin*60+wait)/3600 > lim*(1+1e-9) {
				return 0, nil, fmt.Errorf("%s: a truck takes %.1f h with its queue and receiving wait, limit %.1f h",
					m.in.Commodities[cg.k].ID, (noWait+bd.MaxWaitMin*60+wait)/3600, lim)
			}
		}
		cost += float64(bd.Trucks) * m.waitCost(v, per, wait).Total()
	}
	return cost, unloaded, nil
}

// crossSeconds is crossing x's sailing time in the scenario.
func (m *Model) crossSeconds(x int, r *resolved) float64 {
	_, cross := m.crossingTimes(x, r, -1)
	return cross
}

// String formats receiving hours as HH:MM–HH:MM.
func (w Window) String() string {
	hm := func(h float64) string { return fmt.Sprintf("%02d:%02d", int(h), int(math.Round((h-math.Floor(h))*60))) }
	return hm(w.Open) + "–" + hm(w.Close)
}

// checkMultiDrop checks a multi-drop truck: one truck on one boarding;
// its drops name distinct known buyers in the order its buyer field
// joins them and carry, between them, exactly its cargo, within one
// truck's payload and on a class allowed to carry all of it; each drop's
// times follow from the departure by the road tables, unloading starts
// inside the buyer's hours, each drop's cargo keeps its transit limit;
// and the cost is recomputed leg by leg. What it delivers and ships is
// tallied per buyer.
func (m *Model) checkMultiDrop(t *tables, r *resolved, tl *tally, s *Shipment, c int) (float64, error) {
	in := m.in
	v, x := in.vehicleIndex(s.Vehicle), in.crossingIndex(s.Crossing)
	switch {
	case v < 0 || x < 0:
		return 0, errors.New("unknown vehicle or crossing")
	case s.Trucks != 1 || len(s.Boardings) != 1:
		return 0, fmt.Errorf("multi-drop: %d trucks on %d boardings, want one", s.Trucks, len(s.Boardings))
	case len(s.Drops) < 2 || len(s.Drops) > MaxDrops:
		return 0, fmt.Errorf("multi-drop: %d drops", len(s.Drops))
	}
	drops, ids, err := m.checkDropCargo(s, v)
	if err != nil {
		return 0, err
	}
	if s.Buyer != strings.Join(ids, "+") {
		return 0, fmt.Errorf("buyer %q, drops say %q", s.Buyer, strings.Join(ids, "+"))
	}
	own := map[int]float64{}
	var ks []int
	for _, cg := range s.Cargo {
		k := in.commodityIndex(cg.Commodity)
		if k < 0 {
			return 0, fmt.Errorf("cargo %+v", cg)
		}
		own[k] += cg.Tonnes
		ks = append(ks, k)
	}
	waitSum, _, err := m.checkBoardings(r, tl, s, x, v, ks)
	if err != nil {
		return 0, err
	}
	a := m.first(t, r, v, m.xs[x], c)
	if !a.ok {
		return 0, errors.New("lane unreachable (closed roads)")
	}
	dep := float64(s.Boardings[0].Departure.Unix())
	cross := m.crossSeconds(x, r)
	buyers := make([]int, len(drops))
	for i, d := range drops {
		buyers[i] = d.b
	}
	tline, ok := m.timeline(t, r, tl.drops, v, x, buyers, dep+cross, true)
	if !ok {
		return 0, errors.New("a drop is unreachable")
	}
	// cost, leg by leg, from the reported (checked) times
	prof := &in.Vehicles[v].Profile
	f := m.ferry(x, v, r, waitSum)
	cost := a.Cost.Total() + f.Cost.Total()
	var road0 float64
	for i, d := range drops {
		got, want := s.Drops[i], tline.drops[i]
		for _, e := range []error{checkTime("drop "+got.Buyer+" arrival", got.Arrival, want.gate),
			checkTime("drop "+got.Buyer+" departure", got.Departure, want.end)} {
			if e != nil {
				return 0, e
			}
		}
		start := float64(got.Unloading.Unix())
		if math.Abs(got.ReceivingWaitMin*60-(want.start-want.gate)) > 1 {
			return 0, fmt.Errorf("drop %s: receiving wait %.1f min, recomputed %.1f", got.Buyer, got.ReceivingWaitMin, (want.start-want.gate)/60)
		}
		if start < float64(got.Arrival.Unix()) || !in.Buyers[d.b].Window.inside(start) {
			return 0, fmt.Errorf("drop %s unloads at %s, outside its receiving hours %s or before arriving", got.Buyer,
				got.Unloading.Format(time.RFC3339), in.Buyers[d.b].Window)
		}
		var l leg
		if i == 0 {
			l = m.javaRoad(t, r, v, x, d.b)
			road0 = l.time
		} else {
			l = tl.drops.leg(m, r, v, drops[i-1].b, d.b)
		}
		if !l.ok {
			return 0, fmt.Errorf("drop %s unreachable", got.Buyer)
		}
		// the reported times match these to the second; the cost uses them
		// unrounded
		cost += l.Cost.Total() + prof.DriverPerHour*(want.end-want.gate)/3600
		elapsed := a.time + waitSum + cross + road0 + want.end - tline.drops[0].gate
		for _, cg := range d.cargo {
			cm := &in.Commodities[cg.k]
			if cm.MaxTransitHours > 0 && elapsed/3600 > cm.MaxTransitHours*(1+1e-9) {
				return 0, fmt.Errorf("drop %s: %s after %.1f h, limit %.1f h", got.Buyer, cm.ID, elapsed/3600, cm.MaxTransitHours)
			}
			cost += cg.tonnes * cm.SpoilagePerTonneHour * elapsed / 3600
			tl.delivered[s.Day][d.b][cg.k] += cg.tonnes
		}
	}
	back := m.javaRoad(t, r, v, x, drops[len(drops)-1].b)
	cost += (1-r.backhaul)*back.Cost.Total() + s.Cost.FirstMile
	// km: the lane to the first drop, the roads between drops, and the
	// lane from the last drop back
	loaded := m.laneCost(t, r, c, x, v, drops[0].b, 0).dist
	for i := 1; i < len(drops); i++ {
		loaded += tl.drops.leg(m, r, v, drops[i-1].b, drops[i].b).dist
	}
	tl.addKm(r, loaded, m.laneCost(t, r, c, x, v, drops[len(drops)-1].b, 0).dist)
	if got := s.Cost.Total(); math.Abs(got-cost) > 1e-6*math.Max(1, cost)+1 {
		return 0, fmt.Errorf("multi-drop cost %.2f, recomputed %.2f", got, cost)
	}
	if err := m.checkPickups(tl, s, c, own); err != nil {
		return 0, err
	}
	last := len(drops) - 1
	if err := m.checkTrucksBusy(t, r, tl, s, c, x, v, drops[last].b, []float64{tline.drops[last].end}); err != nil {
		return 0, err
	}
	tl.dayTrucks[s.Day][x][prof.FerryClass]++
	return s.Cost.Total(), nil
}

// checkDropCargo reads a multi-drop shipment's drops: distinct known
// buyers, each drop's cargo summing to its tonnes, together exactly the
// shipment's cargo, carried by a class allowed for all of it within its
// payload.
func (m *Model) checkDropCargo(s *Shipment, v int) ([]drop, []string, error) {
	in := m.in
	var drops []drop
	var ids []string
	seen := map[int]bool{}
	total := map[string]float64{}
	var sum float64
	for _, d := range s.Drops {
		b := in.buyerIndex(d.Buyer)
		if b < 0 || seen[b] {
			return nil, nil, fmt.Errorf("drop buyer %q unknown or repeated", d.Buyer)
		}
		seen[b] = true
		dr := drop{b: b}
		var q float64
		for _, cg := range d.Cargo {
			k := in.commodityIndex(cg.Commodity)
			if k < 0 || !(cg.Tonnes > 0) || !m.allowed(v, k) {
				return nil, nil, fmt.Errorf("drop %s cargo %+v on %s", d.Buyer, cg, s.Vehicle)
			}
			dr.cargo = append(dr.cargo, cargo{k, cg.Tonnes})
			q += cg.Tonnes
			total[cg.Commodity] += cg.Tonnes
		}
		if math.Abs(q-d.Tonnes) > 1e-6*math.Max(1, q) {
			return nil, nil, fmt.Errorf("drop %s: tonnes %v, cargo sums to %v", d.Buyer, d.Tonnes, q)
		}
		sum += q
		drops = append(drops, dr)
		ids = append(ids, d.Buyer)
	}
	for _, cg := range s.Cargo {
		if math.Abs(total[cg.Commodity]-cg.Tonnes) > 1e-6*math.Max(1, cg.Tonnes) {
			return nil, nil, fmt.Errorf("%s: drops unload %v t, cargo %v t", cg.Commodity, total[cg.Commodity], cg.Tonnes)
		}
		delete(total, cg.Commodity)
	}
	switch {
	case len(total) > 0:
		return nil, nil, errors.New("drops unload a commodity the truck does not carry")
	case math.Abs(sum-s.Tonnes) > 1e-6*math.Max(1, sum):
		return nil, nil, fmt.Errorf("tonnes %v, drops sum to %v", s.Tonnes, sum)
	case sum > in.Vehicles[v].Capacity*(1+1e-9):
		return nil, nil, fmt.Errorf("%v t on one %v t %s", sum, in.Vehicles[v].Capacity, s.Vehicle)
	}
	return drops, ids, nil
}
