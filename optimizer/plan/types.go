package plan

import (
	"time"

	"github.com/paulmach/orb"
)

// Breakdown splits a cost into its parts, Rupiah.
type Breakdown struct {
	FuelWear float64 `json:"fuel_wear"`
	Driver   float64 `json:"driver"`
	Toll     float64 `json:"toll"`
	Ferry    float64 `json:"ferry"`
	Spoilage float64 `json:"spoilage"`
}

// Total is the sum of the parts.
func (b Breakdown) Total() float64 { return b.FuelWear + b.Driver + b.Toll + b.Ferry + b.Spoilage }

func (b Breakdown) add(o Breakdown) Breakdown {
	return Breakdown{b.FuelWear + o.FuelWear, b.Driver + o.Driver, b.Toll + o.Toll, b.Ferry + o.Ferry, b.Spoilage + o.Spoilage}
}

func (b Breakdown) scale(f float64) Breakdown {
	return Breakdown{b.FuelWear * f, b.Driver * f, b.Toll * f, b.Ferry * f, b.Spoilage * f}
}

// Plan is an optimized shipment plan.
type Plan struct {
	ID          string      `json:"id"`
	Scenario    string      `json:"scenario"`
	Start       string      `json:"start"`
	HorizonDays int         `json:"horizon_days"`
	Created     time.Time   `json:"created"`
	Summary     Summary     `json:"summary"`
	Shipments   []Shipment  `json:"shipments"`
	Assumptions Assumptions `json:"assumptions"`
}

// Summary holds a plan's key figures.
type Summary struct {
	TotalCostIDR       float64            `json:"total_cost_idr"`
	CostBreakdownIDR   Breakdown          `json:"cost_breakdown_idr"`
	CostPerTonneIDR    float64            `json:"cost_per_tonne_idr"`
	TonnesDelivered    float64            `json:"tonnes_delivered"`
	TonnesDemanded     float64            `json:"tonnes_demanded"`
	UnmetTonnes        float64            `json:"unmet_tonnes"`
	UnmetByCommodity   map[string]float64 `json:"unmet_by_commodity"`
	Unmet              []Unmet            `json:"unmet"`
	UnmetPenaltyIDR    float64            `json:"unmet_penalty_idr"`
	Trucks             int                `json:"trucks"`
	TrucksByVehicle    map[string]int     `json:"trucks_by_vehicle"`
	AvgFerryWaitMin    float64            `json:"avg_ferry_wait_min"`
	UnslottedTrucks    int                `json:"unslotted_trucks"`
	AllocationCostIDR  float64            `json:"allocation_cost_idr"`
	LowerBoundIDR      float64            `json:"lower_bound_idr"`
	AllocationGap      float64            `json:"allocation_gap"`
	IntegerCostIDR     float64            `json:"integer_cost_idr"`
	IntegerGap         float64            `json:"integer_gap"`
	BaselineCostIDR    float64            `json:"baseline_cost_idr"`
	SavingsIDR         float64            `json:"savings_idr"`
	SavingsPct         float64            `json:"savings_pct"`
	SavingsPerTonneIDR float64            `json:"savings_per_tonne_idr"`
	SavingsBreakdown   Savings            `json:"savings_breakdown_idr"`
	FerryUtilization   []Utilization      `json:"ferry_utilization"`
	Clusters           int                `json:"clusters"`
	Lanes              int                `json:"lanes"`
	Iterations         int                `json:"iterations"`
	SolveMillis        float64            `json:"solve_ms"`
}

// Unmet is demand left unserved and why.
type Unmet struct {
	Buyer     string  `json:"buyer"`
	Commodity string  `json:"commodity"`
	Tonnes    float64 `json:"tonnes"`
	Reason    string  `json:"reason"`
}

// Reasons for unmet demand.
const (
	ReasonNoSupply   = "no supply"
	ReasonNoCapacity = "no capacity"
	ReasonNoLane     = "no lane within the perishability limit"
	ReasonTooCostly  = "delivery costs more than the penalty"
)

// Savings splits the savings against today's practice by source; the parts
// add up to the total (a waterfall: each step changes one thing).
type Savings struct {
	VehicleSizing  float64 `json:"vehicle_sizing_and_consolidation"`
	CrossingChoice float64 `json:"crossing_choice"`
	Slotting       float64 `json:"slotting"`
	BuyerChoice    float64 `json:"buyer_choice_and_network"`
}

// Utilization is one crossing's use on one day.
type Utilization struct {
	Crossing     string  `json:"crossing"`
	Day          int     `json:"day"`
	Date         string  `json:"date"`
	Trucks       int     `json:"trucks"`
	CapacityTrks float64 `json:"capacity_trucks"`
	Utilization  float64 `json:"utilization"`
	// ShadowPriceIDR is what one more truck slot on the tightest ferry class
	// that day would save (0 when the deck is not binding).
	ShadowPriceIDR float64 `json:"shadow_price_idr_per_truck"`
}

// Shipment is one lane's loads on one day.
type Shipment struct {
	Day       int     `json:"day"`
	Date      string  `json:"date"`
	Commodity string  `json:"commodity"`
	Tonnes    float64 `json:"tonnes"`
	Cargo     []Cargo `json:"cargo"`
	// CollectedFrom lists produce brought to the origin hub from other
	// clusters for a consolidated load.
	CollectedFrom []Pickup  `json:"collected_from,omitempty"`
	OriginCell    string    `json:"origin_cluster"`
	Origin        orb.Point `json:"origin"`
	Buyer         string    `json:"buyer"`
	Vehicle       string    `json:"vehicle"`
	Trucks        int       `json:"trucks"`
	Consolidated  bool      `json:"consolidated,omitempty"`
	Crossing      string    `json:"crossing"`
	// Dispatch is when the first truck leaves the collection point,
	// Departure its ferry departure, Arrival the last truck's arrival at
	// the buyer (WIB).
	Dispatch     time.Time      `json:"dispatch"`
	Departure    time.Time      `json:"departure"`
	Arrival      time.Time      `json:"arrival"`
	WaitMin      float64        `json:"ferry_wait_min"`
	TransitHours float64        `json:"transit_hours"`
	DistanceKm   float64        `json:"distance_km"`
	Cost         Breakdown      `json:"cost_idr"`
	Route        orb.LineString `json:"-"`
}

// Assumptions are the parameters the plan rests on.
type Assumptions struct {
	ClusterRes        int      `json:"cluster_h3_res"`
	DeckShare         float64  `json:"deck_share"`
	FerryCapacity     float64  `json:"ferry_capacity_factor"`
	HandlingHours     float64  `json:"handling_hours"`
	LoadingWindow     string   `json:"loading_window_local"`
	DieselIDRPerLitre float64  `json:"diesel_idr_per_litre"`
	Baseline          Baseline `json:"baseline"`
	Notes             []string `json:"notes"`
}

// Cargo is one commodity's share of a shipment.
type Cargo struct {
	Commodity string  `json:"commodity"`
	Tonnes    float64 `json:"tonnes"`
}

// Pickup is produce a consolidated load collects from another cluster.
type Pickup struct {
	Cluster   string  `json:"cluster"`
	Commodity string  `json:"commodity"`
	Tonnes    float64 `json:"tonnes"`
}
