package plan

import (
	"math"
	"sort"
)

// Fleet is what a plan needs on the road: vehicles of each class per day
// and the kilometres and hours they run, for the long haul (trucks from
// the collection points to the buyers and back) and the first mile (the
// collection tours).
type Fleet struct {
	// VehiclesByDay[d][class] is how many vehicles of a class are busy on
	// day d: a long-haul truck from leaving its collection point to being
	// back there (the return over the same roads and crossing at the
	// service's expected wait), so a round trip over two days counts on
	// both; a collection vehicle on its tour's day.
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
	day0 := float64(r.start.Unix())
	busy := func(class string, from, to float64) {
		a := max(0, int(math.Floor((from-day0)/86400)))
		b := min(r.days-1, int(math.Floor((to-day0)/86400)))
		for d := a; d <= b; d++ {
			f.VehiclesByDay[d][class]++
		}
	}
	handling := m.in.Params.HandlingHours * 3600
	for i := range loads {
		l := &loads[i]
		class := m.in.Vehicles[l.v].ID
		expWait, _ := m.crossingTimes(l.x, r, -1)
		back := m.laneCost(t, r, l.c, l.x, l.v, l.b, expWait)
		for j := 0; j < l.trucks; j++ {
			there := m.laneCost(t, r, l.c, l.x, l.v, l.b, l.wait[j])
			dur := there.time + back.time - handling
			busy(class, l.leave[j], l.leave[j]+dur)
			f.LongHaul.Vehicles++
			f.LongHaul.VehicleKm += 2 * there.dist / 1000
			f.LongHaul.EmptyKm += (1 - r.backhaul) * back.dist / 1000
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

// Classes lists the vehicle classes of a fleet in name order.
func (f *Fleet) Classes() []string {
	out := make([]string, 0, len(f.PeakVehicles))
	for c := range f.PeakVehicles {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}
