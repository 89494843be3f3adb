package plan

import (
	"errors"
	"fmt"
	"math"
)

// checkTours verifies the first-mile tours against the shipments they
// feed: every tour is a shift of a class that may carry its cargo, within
// the collection shift, with stops in time order, loads that add up and
// never exceed the class's payload; its cost is recomputed from its
// kilometres and hours; and, per day and hub, the tours collect exactly
// the tonnes the hub's shipments say they collected (each commodity from
// each cluster) and cost what those shipments' first-mile parts sum to.
// A plan with unrouted pickups (priced at the estimate) may collect less
// by tour and cost more than its tours.
func (m *Model) checkTours(r *resolved, p *Plan) error {
	type key struct {
		day       int
		hub, from string
		k         int
	}
	type dayHub struct {
		day int
		hub string
	}
	want := map[key]float64{}
	wantCost := map[dayHub]float64{}
	for _, s := range p.Shipments {
		for _, pk := range s.CollectedFrom {
			want[key{s.Day, s.OriginCell, pk.Cluster, m.in.commodityIndex(pk.Commodity)}] += pk.Tonnes
		}
		wantCost[dayHub{s.Day, s.OriginCell}] += s.Cost.FirstMile
	}
	got := map[key]float64{}
	gotCost := map[dayHub]float64{}
	for i := range p.Tours {
		t := &p.Tours[i]
		if err := m.checkTour(r, t); err != nil {
			return fmt.Errorf("%w: tour %s (day %d at %s): %v", ErrCheck, t.ID, t.Day, t.Hub, err)
		}
		for _, st := range t.Stops {
			for _, cg := range st.Cargo {
				got[key{t.Day, t.Hub, st.Cluster, m.in.commodityIndex(cg.Commodity)}] += cg.Tonnes
			}
		}
		gotCost[dayHub{t.Day, t.Hub}] += t.CostIDR
	}
	exact := p.Summary.UnroutedPickups == 0
	for k, q := range got {
		w := want[k]
		if q > w+1e-6*math.Max(1, w) || (exact && q < w-1e-6*math.Max(1, w)) {
			return fmt.Errorf("%w: day %d hub %s: tours collect %.6f t of %s from %s, its shipments %.6f t",
				ErrCheck, k.day, k.hub, q, m.in.Commodities[k.k].ID, k.from, w)
		}
	}
	for k, w := range want {
		if _, ok := got[k]; !ok && exact && w > 1e-9 {
			return fmt.Errorf("%w: day %d hub %s: no tour collects the %.6f t of %s from %s",
				ErrCheck, k.day, k.hub, w, m.in.Commodities[k.k].ID, k.from)
		}
	}
	for k, w := range wantCost {
		g := gotCost[k]
		if math.Abs(g-w) > 1e-6*math.Max(1, w) && (exact || g > w+1e-6*math.Max(1, w)) {
			return fmt.Errorf("%w: day %d hub %s: tours cost %.2f, the shipments' first mile %.2f", ErrCheck, k.day, k.hub, g, w)
		}
	}
	return nil
}

// checkTour checks one tour on its own.
func (m *Model) checkTour(r *resolved, t *Tour) error {
	v := m.in.vehicleIndex(t.Vehicle)
	if v < 0 {
		return fmt.Errorf("unknown vehicle %q", t.Vehicle)
	}
	if t.Day < 0 || t.Day >= r.days {
		return errors.New("day out of horizon")
	}
	if len(t.Stops) == 0 || t.Stops[len(t.Stops)-1].Kind != "unload" {
		return errors.New("a tour ends by unloading at its hub")
	}
	day := float64(r.start.AddDate(0, 0, t.Day).Unix())
	shiftStart, shiftEnd := day+CollectionShiftStartHour*3600, day+(CollectionShiftStartHour+CollectionShiftHours)*3600
	const slack = 1 // s: times are rounded to whole seconds
	if float64(t.Start.Unix()) < shiftStart-slack || float64(t.End.Unix()) > shiftEnd+slack {
		return fmt.Errorf("runs %s–%s, outside the shift", t.Start, t.End)
	}
	capT := m.in.Vehicles[v].Capacity
	clock, onBoard, tonnes, trips := t.Start, 0.0, 0.0, 0
	for i, st := range t.Stops {
		if st.Arrival.Before(clock) || st.Departure.Before(st.Arrival) {
			return fmt.Errorf("stop %d: times out of order", i)
		}
		clock = st.Departure
		switch st.Kind {
		case "pickup":
			for _, cg := range st.Cargo {
				k := m.in.commodityIndex(cg.Commodity)
				if k < 0 || !m.allowed(v, k) || !(cg.Tonnes > 0) {
					return fmt.Errorf("stop %d: %s may not carry %v t of %q", i, t.Vehicle, cg.Tonnes, cg.Commodity)
				}
				onBoard += cg.Tonnes
				tonnes += cg.Tonnes
			}
			if onBoard > capT*(1+1e-9) {
				return fmt.Errorf("stop %d: %.3f t on board a %g t %s", i, onBoard, capT, t.Vehicle)
			}
		case "unload":
			if st.Cluster != t.Hub {
				return fmt.Errorf("stop %d: unloads at %s, not the hub", i, st.Cluster)
			}
			onBoard = 0
			trips++
		default:
			return fmt.Errorf("stop %d: kind %q", i, st.Kind)
		}
		if math.Abs(st.LoadTonnes-onBoard) > 1e-6*math.Max(1, onBoard) {
			return fmt.Errorf("stop %d: load %.6f t, its pickups sum to %.6f t", i, st.LoadTonnes, onBoard)
		}
	}
	if trips != t.Trips {
		return fmt.Errorf("%d trips, %d unloadings", t.Trips, trips)
	}
	if math.Abs(tonnes-t.Tonnes) > 1e-6*math.Max(1, tonnes) {
		return fmt.Errorf("tonnes %.6f, stops sum to %.6f", t.Tonnes, tonnes)
	}
	if h := t.End.Sub(t.Start).Hours(); math.Abs(h-t.Hours) > 2.0/3600 {
		return fmt.Errorf("hours %.4f, start to end %.4f", t.Hours, h)
	}
	if t.EmptyKm < 0 || t.EmptyKm > t.DistanceKm*(1+1e-9) {
		return fmt.Errorf("empty %.3f km of %.3f km", t.EmptyKm, t.DistanceKm)
	}
	if want := tourCost(m.perKm(r, v), m.in.Vehicles[v].Profile.DriverPerHour, t.DistanceKm, t.Hours); math.Abs(want-t.CostIDR) > 1e-6*math.Max(1, want) {
		return fmt.Errorf("cost %.2f, recomputed %.2f", t.CostIDR, want)
	}
	return nil
}
