package api

import "github.com/lumbung-id/lumbung/optimizer/plan"

// FleetKPI is a scenario's first mile and fleet in a comparison (see
// plan.Fleet): the totals, and the long haul's and first mile's parts of
// the kilometres and hours.
type FleetKPI struct {
	FleetTotals
	LongHaul  plan.FleetUse `json:"long_haul"`
	FirstMile plan.FleetUse `json:"first_mile"`
}

// FleetTotals are the routed collection tours and their cost, the
// vehicles of each class the plan needs on its busiest day, and the
// kilometres, empty kilometres and hours of all its vehicles.
type FleetTotals struct {
	FirstMileCostIDR float64        `json:"first_mile_cost_idr"`
	CollectionTours  int            `json:"collection_tours"`
	PeakVehicles     map[string]int `json:"peak_vehicles"`
	VehicleKm        float64        `json:"vehicle_km"`
	EmptyKm          float64        `json:"empty_km"`
	VehicleHours     float64        `json:"vehicle_hours"`
}

func fleetKPI(p *plan.Plan) FleetKPI {
	f := &p.Summary.Fleet
	use := func(u plan.FleetUse) plan.FleetUse {
		return plan.FleetUse{Vehicles: u.Vehicles, VehicleKm: round(u.VehicleKm, 1), EmptyKm: round(u.EmptyKm, 1),
			VehicleHours: round(u.VehicleHours, 1)}
	}
	k := FleetKPI{LongHaul: use(f.LongHaul), FirstMile: use(f.FirstMile), FleetTotals: FleetTotals{
		FirstMileCostIDR: round(p.Summary.FirstMileCostIDR, 0), CollectionTours: len(p.Tours), PeakVehicles: map[string]int{},
		VehicleKm:    round(f.LongHaul.VehicleKm+f.FirstMile.VehicleKm, 1),
		EmptyKm:      round(f.LongHaul.EmptyKm+f.FirstMile.EmptyKm, 1),
		VehicleHours: round(f.LongHaul.VehicleHours+f.FirstMile.VehicleHours, 1)}}
	for c, n := range f.PeakVehicles {
		k.PeakVehicles[c] = n
	}
	return k
}

// KPIDelta is a scenario's figures less the first scenario's: positive
// when this scenario's figure is higher. PeakVehicles covers every class
// either uses.
type KPIDelta struct {
	LogisticsCostIDR float64 `json:"logistics_cost_idr"`
	CostPerTonneIDR  float64 `json:"cost_per_tonne_idr"`
	TonnesDelivered  float64 `json:"tonnes_delivered"`
	UnmetTonnes      float64 `json:"unmet_tonnes"`
	ObjectiveIDR     float64 `json:"objective_idr"`
	Trucks           int     `json:"trucks"`
	AvgFerryWaitMin  float64 `json:"avg_ferry_wait_min"`
	MaxQueueTrucks   int     `json:"max_queue_trucks"`
	SavingsPct       float64 `json:"savings_pct"`
	FleetTotals
}

// kpiDelta is b less a, rounded as the figures are.
func kpiDelta(a, b *KPI) *KPIDelta {
	d := &KPIDelta{LogisticsCostIDR: round(b.LogisticsCostIDR-a.LogisticsCostIDR, 0),
		CostPerTonneIDR: round(b.CostPerTonneIDR-a.CostPerTonneIDR, 0), TonnesDelivered: round(b.TonnesDelivered-a.TonnesDelivered, 3),
		UnmetTonnes: round(b.UnmetTonnes-a.UnmetTonnes, 3), ObjectiveIDR: round(b.ObjectiveIDR-a.ObjectiveIDR, 0),
		Trucks: b.Trucks - a.Trucks, AvgFerryWaitMin: round(b.AvgFerryWaitMin-a.AvgFerryWaitMin, 1),
		MaxQueueTrucks: b.MaxQueueTrucks - a.MaxQueueTrucks, SavingsPct: round(b.SavingsPct-a.SavingsPct, 2),
		FleetTotals: FleetTotals{FirstMileCostIDR: round(b.FirstMileCostIDR-a.FirstMileCostIDR, 0), CollectionTours: b.CollectionTours - a.CollectionTours,
			PeakVehicles: map[string]int{}, VehicleKm: round(b.VehicleKm-a.VehicleKm, 1), EmptyKm: round(b.EmptyKm-a.EmptyKm, 1),
			VehicleHours: round(b.VehicleHours-a.VehicleHours, 1)}}
	for c, n := range b.PeakVehicles {
		d.PeakVehicles[c] = n - a.PeakVehicles[c]
	}
	for c, n := range a.PeakVehicles {
		if _, ok := b.PeakVehicles[c]; !ok {
			d.PeakVehicles[c] = -n
		}
	}
	return d
}
