// Package report turns a shipment plan into the tables a planner reads:
// the period, tonnes and cost per commodity and per buyer, truck trips per
// day by vehicle class, ferry use against capacity per crossing and day, the
// cost and its bound, and what "today's practice" assumes.
//
// Every figure carries its unit in its name (t, Rp, min, %). The tables are
// derived from the plan's shipments and summary only, so a report of a
// stored plan reads the same as the report made when it was solved.
//
// Costs per commodity and per buyer split each shipment's cost by its
// cargo's tonnes: a consolidated truck carrying rice and corn charges each
// its share of the load.
package report

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// Vehicle is what the report needs to know of a vehicle class.
type Vehicle struct {
	ID             string
	CapacityTonnes float64
}

// Report is a plan's summary as tables.
type Report struct {
	PlanID   string `json:"plan_id"`
	Scenario string `json:"scenario"`
	// First and Last are the first and last day of the plan (YYYY-MM-DD,
	// inclusive); Days is their count.
	First string `json:"first_day"`
	Last  string `json:"last_day"`
	Days  int    `json:"days"`

	Totals      Totals           `json:"totals"`
	Commodities []FlowRow        `json:"commodities"`
	Buyers      []FlowRow        `json:"buyers"`
	Unmet       []plan.Unmet     `json:"unmet"`
	Trucks      []TruckRow       `json:"truck_trips"`
	Ferries     []FerryRow       `json:"ferry_use"`
	Fleet       []FleetRow       `json:"fleet"`
	FleetUse    []FleetUseRow    `json:"fleet_use"`
	Baseline    Baseline         `json:"todays_practice"`
	Savings     []SavingsStep    `json:"savings_steps"`
	Assumptions plan.Assumptions `json:"assumptions"`
}

// Totals are the plan's headline figures.
type Totals struct {
	DemandedT       float64 `json:"demanded_t"`
	DeliveredT      float64 `json:"delivered_t"`
	UnmetT          float64 `json:"unmet_t"`
	CostIDR         float64 `json:"logistics_cost_idr"`
	CostPerTonneIDR float64 `json:"logistics_cost_idr_per_t"`
	FuelWearIDR     float64 `json:"fuel_and_wear_idr"`
	DriverIDR       float64 `json:"driver_idr"`
	TollIDR         float64 `json:"toll_idr"`
	FerryIDR        float64 `json:"ferry_fares_idr"`
	SpoilageIDR     float64 `json:"spoilage_idr"`
	// ReturnLegIDR is the trucks' trips back, charged at 1 − backhaul share.
	ReturnLegIDR float64 `json:"return_legs_idr"`
	// FirstMileIDR is the collection tours that bring pooled produce to
	// its hubs; CollectionTours counts them.
	FirstMileIDR    float64 `json:"first_mile_idr"`
	CollectionTours int     `json:"collection_tours"`
	// MultiDropTrucks cross once and drop part loads at several buyers;
	// they replace MultiDropReplaced single-buyer trucks and saved
	// MultiDropSavingsIDR (at expected ferry waits) when merged.
	MultiDropTrucks     int     `json:"multi_drop_trucks"`
	MultiDropReplaced   int     `json:"multi_drop_replaced_trucks"`
	MultiDropSavingsIDR float64 `json:"multi_drop_savings_idr"`
	// ReceivingWaitHours is the trucks' waits for their buyers'
	// receiving hours; ReceivingWaitIDR what they cost (in drivers and
	// spoilage above).
	ReceivingWaitHours float64 `json:"receiving_wait_hours"`
	ReceivingWaitIDR   float64 `json:"receiving_wait_cost_idr"`
	TruckTrips         int     `json:"truck_trips"`
	AvgFerryWaitMin    float64 `json:"avg_ferry_wait_min"`
	TripsWithoutSlot   int     `json:"truck_trips_without_ferry_slot"`
	UnmetPenaltyIDR    float64 `json:"unmet_penalty_idr"`
	ObjectiveIDR       float64 `json:"cost_plus_unmet_penalty_idr"`
	LowerBoundIDR      float64 `json:"lower_bound_idr"`
	AboveBoundPct      float64 `json:"above_lower_bound_pct"`
	SolveMillis        float64 `json:"solve_ms"`
}

// FlowRow is one commodity's or one buyer's tonnes and cost.
type FlowRow struct {
	ID              string  `json:"id"`
	DemandedT       float64 `json:"demanded_t"`
	DeliveredT      float64 `json:"delivered_t"`
	UnmetT          float64 `json:"unmet_t"`
	CostIDR         float64 `json:"logistics_cost_idr"`
	CostPerTonneIDR float64 `json:"logistics_cost_idr_per_t"`
}

// TruckRow counts the truck trips of one vehicle class dispatched on one
// day. A trip is one truck's journey from its collection point to a buyer.
type TruckRow struct {
	Date           string  `json:"date"`
	Vehicle        string  `json:"vehicle"`
	CapacityTonnes float64 `json:"capacity_t"`
	Trips          int     `json:"trips"`
	Tonnes         float64 `json:"tonnes"`
	// LoadPct is the tonnes carried over the trips' capacity.
	LoadPct float64 `json:"load_pct"`
}

// FerryRow is one crossing's use on one day: the planned trucks against the
// deck slots open to the plan (the deck share of every departure).
type FerryRow struct {
	Date         string  `json:"date"`
	Crossing     string  `json:"crossing"`
	Trucks       int     `json:"trucks"`
	CapacityTrks float64 `json:"capacity_trucks"`
	UsePct       float64 `json:"use_pct"`
	ShadowIDR    float64 `json:"value_of_one_more_slot_idr"`
}

// FleetRow is how many vehicles of one class the plan keeps busy on one
// day (a long-haul round trip counts on every day it touches, a collection
// tour on its day); the row with Date "peak" is each class's largest day.
type FleetRow struct {
	Date     string `json:"date"`
	Vehicle  string `json:"vehicle"`
	Vehicles int    `json:"vehicles"`
}

// FleetUseRow is the kilometres and hours of one kind of trip: "long
// haul" (collection point to buyer and back) or "first mile" (collection
// tours).
type FleetUseRow struct {
	Trips        string  `json:"trips"`
	Vehicles     int     `json:"vehicle_trips"`
	VehicleKm    float64 `json:"vehicle_km"`
	EmptyKm      float64 `json:"empty_km"`
	VehicleHours float64 `json:"vehicle_hours"`
}

// Baseline is what the savings are measured against.
type Baseline struct {
	CostIDR  float64  `json:"cost_idr"`
	Vehicles []string `json:"vehicles"`
	// VehiclesByCommodity, CollectorRes and MaxHoldDays describe the
	// collectors (plan.Baseline); absent in plans made without them.
	VehiclesByCommodity map[string]string `json:"vehicles_by_commodity,omitempty"`
	CollectorRes        *int              `json:"collector_res,omitempty"`
	MaxHoldDays         *int              `json:"max_hold_days,omitempty"`
	QueueHours          float64           `json:"queue_hours"`
	SavingsIDR          float64           `json:"savings_idr"`
	SavingsPct          float64           `json:"savings_pct"`
	PerTonne            float64           `json:"savings_idr_per_t"`
}

// SavingsStep is one step of the savings waterfall: the cost falls by
// SavingsIDR when the plan changes Step and keeps every earlier step.
type SavingsStep struct {
	Step       string  `json:"step"`
	SavingsIDR float64 `json:"savings_idr"`
}

// New builds the report of p; vehicles give the capacities of the vehicle
// classes the plan uses.
func New(p *plan.Plan, vehicles []Vehicle) *Report {
	s := &p.Summary
	r := &Report{PlanID: p.ID, Scenario: p.Scenario, First: p.Start, Days: p.HorizonDays,
		Unmet: s.Unmet, Assumptions: p.Assumptions}
	if t, err := time.Parse(time.DateOnly, p.Start); err == nil && p.HorizonDays > 0 {
		r.Last = t.AddDate(0, 0, p.HorizonDays-1).Format(time.DateOnly)
	}
	r.Totals = Totals{
		DemandedT: s.TonnesDemanded, DeliveredT: s.TonnesDelivered, UnmetT: s.UnmetTonnes,
		CostIDR: s.LogisticsCostIDR, CostPerTonneIDR: s.CostPerTonneIDR,
		FuelWearIDR: s.CostBreakdownIDR.FuelWear, DriverIDR: s.CostBreakdownIDR.Driver,
		TollIDR: s.CostBreakdownIDR.Toll, FerryIDR: s.CostBreakdownIDR.Ferry, SpoilageIDR: s.CostBreakdownIDR.Spoilage,
		ReturnLegIDR: s.CostBreakdownIDR.ReturnLeg, FirstMileIDR: s.CostBreakdownIDR.FirstMile, CollectionTours: len(p.Tours),
		MultiDropTrucks: s.MultiDrop.Trucks, MultiDropReplaced: s.MultiDrop.ReplacedTrucks, MultiDropSavingsIDR: s.MultiDrop.SavingsIDR,
		ReceivingWaitHours: s.ReceivingWaitHours, ReceivingWaitIDR: s.ReceivingWaitCostIDR,
		TruckTrips: s.Trucks, AvgFerryWaitMin: s.AvgFerryWaitMin, TripsWithoutSlot: s.UnboardedTrucks,
		UnmetPenaltyIDR: s.UnmetPenaltyIDR, ObjectiveIDR: s.ObjectiveIDR,
		LowerBoundIDR: s.Bound.LowerBoundIDR, SolveMillis: s.SolveMillis,
	}
	if r.Totals.ObjectiveIDR > 0 {
		r.Totals.AboveBoundPct = 100 * (r.Totals.ObjectiveIDR - s.Bound.LowerBoundIDR) / r.Totals.ObjectiveIDR
	}
	r.Commodities, r.Buyers = flows(p)
	r.Trucks = truckTrips(p, vehicles)
	for _, u := range s.FerryUtilization {
		r.Ferries = append(r.Ferries, FerryRow{Date: u.Date, Crossing: u.Crossing, Trucks: u.Trucks,
			CapacityTrks: u.CapacityTrks, UsePct: 100 * u.Utilization, ShadowIDR: u.ShadowPriceIDR})
	}
	r.Fleet, r.FleetUse = fleet(p)
	ab := &p.Assumptions.Baseline
	r.Baseline = Baseline{CostIDR: s.BaselineCostIDR, Vehicles: ab.Vehicles, VehiclesByCommodity: ab.VehiclesByCommodity,
		CollectorRes: ab.CollectorRes, MaxHoldDays: ab.MaxHoldDays, QueueHours: ab.QueueHours, SavingsIDR: s.SavingsIDR, SavingsPct: s.SavingsPct,
		PerTonne: s.SavingsPerTonneIDR}
	b := s.SavingsBreakdown
	r.Savings = []SavingsStep{
		{"right-sized vehicles", b.VehicleSizing},
		{"choice of crossing (regular, executive, other ports)", b.CrossingChoice},
		{"booked ferry departures instead of queueing", b.Slotting},
		{"choice of buyer and route, the plan's own loads", b.BuyerChoice},
	}
	return r
}

// fleet lays out the plan's fleet by day and class, then the peak.
func fleet(p *plan.Plan) ([]FleetRow, []FleetUseRow) {
	f := &p.Summary.Fleet
	classes := f.Classes()
	start, err := time.Parse(time.DateOnly, p.Start)
	var rows []FleetRow
	for d, byClass := range f.VehiclesByDay {
		date := strconv.Itoa(d)
		if err == nil {
			date = start.AddDate(0, 0, d).Format(time.DateOnly)
		}
		for _, c := range classes {
			rows = append(rows, FleetRow{Date: date, Vehicle: c, Vehicles: byClass[c]})
		}
	}
	for _, c := range classes {
		rows = append(rows, FleetRow{Date: "peak", Vehicle: c, Vehicles: f.PeakVehicles[c]})
	}
	use := []FleetUseRow{
		{"long haul", f.LongHaul.Vehicles, f.LongHaul.VehicleKm, f.LongHaul.EmptyKm, f.LongHaul.VehicleHours},
		{"first mile", f.FirstMile.Vehicles, f.FirstMile.VehicleKm, f.FirstMile.EmptyKm, f.FirstMile.VehicleHours},
	}
	return rows, use
}

// flows adds up delivered tonnes and cost by commodity and by buyer; unmet
// tonnes come from the plan's unmet list, and demanded = delivered + unmet.
func flows(p *plan.Plan) (commodities, buyers []FlowRow) {
	byC, byB := map[string]*FlowRow{}, map[string]*FlowRow{}
	row := func(m map[string]*FlowRow, id string) *FlowRow {
		if r, ok := m[id]; ok {
			return r
		}
		r := &FlowRow{ID: id}
		m[id] = r
		return r
	}
	for i := range p.Shipments {
		sh := &p.Shipments[i]
		cost := sh.Cost.Total()
		cargo := sh.Cargo
		if len(cargo) == 0 {
			cargo = []plan.Cargo{{Commodity: sh.Commodity, Tonnes: sh.Tonnes}}
		}
		var total float64
		for _, c := range cargo {
			total += c.Tonnes
		}
		for _, c := range cargo {
			share := 0.0
			if total > 0 {
				share = c.Tonnes / total
			}
			rc := row(byC, c.Commodity)
			rc.DeliveredT += c.Tonnes
			rc.CostIDR += share * cost
		}
		for _, d := range drops(sh) {
			rb := row(byB, d.Buyer)
			rb.DeliveredT += d.Tonnes
			if total > 0 {
				rb.CostIDR += d.Tonnes / total * cost
			}
		}
	}
	for _, u := range p.Summary.Unmet {
		row(byC, u.Commodity).UnmetT += u.Tonnes
		row(byB, u.Buyer).UnmetT += u.Tonnes
	}
	return sorted(byC), sorted(byB)
}

// drops is what a shipment delivers to each buyer: its drops, or all of it
// to its one buyer. A multi-drop truck's cost splits by tonnes.
func drops(sh *plan.Shipment) []plan.Drop {
	if len(sh.Drops) > 0 {
		return sh.Drops
	}
	return []plan.Drop{{Buyer: sh.Buyer, Tonnes: sh.Tonnes}}
}

func sorted(m map[string]*FlowRow) []FlowRow {
	out := make([]FlowRow, 0, len(m))
	for _, r := range m {
		r.DemandedT = r.DeliveredT + r.UnmetT
		if r.DeliveredT > 0 {
			r.CostPerTonneIDR = r.CostIDR / r.DeliveredT
		}
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b FlowRow) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// truckTrips counts trips and tonnes by dispatch date and vehicle class.
func truckTrips(p *plan.Plan, vehicles []Vehicle) []TruckRow {
	capacity := map[string]float64{}
	for _, v := range vehicles {
		capacity[v.ID] = v.CapacityTonnes
	}
	type key struct{ date, vehicle string }
	rows := map[key]*TruckRow{}
	for i := range p.Shipments {
		sh := &p.Shipments[i]
		k := key{sh.Date, sh.Vehicle}
		r, ok := rows[k]
		if !ok {
			r = &TruckRow{Date: sh.Date, Vehicle: sh.Vehicle, CapacityTonnes: capacity[sh.Vehicle]}
			rows[k] = r
		}
		r.Trips += sh.Trucks
		r.Tonnes += sh.Tonnes
	}
	out := make([]TruckRow, 0, len(rows))
	for _, r := range rows {
		if c := r.CapacityTonnes * float64(r.Trips); c > 0 {
			r.LoadPct = 100 * r.Tonnes / c
		}
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b TruckRow) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Vehicle, b.Vehicle))
	})
	return out
}
