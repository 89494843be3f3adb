package plan

import (
	"time"

	"github.com/paulmach/orb"
)

// Breakdown splits a cost into its parts, Rupiah. The first five are the
// loaded trip from the collection point to the buyer; ReturnLeg is the
// empty (or backhaul) trip back to the collection point, charged at
// (1 − backhaul share) of its fuel, wear, driver hours, tolls and ferry
// fare. FirstMile is the collection of a pooled load's produce from other
// clusters to its hub: its share of the routed collection tours (Tour).
type Breakdown struct {
	FuelWear  float64 `json:"fuel_wear"`
	Driver    float64 `json:"driver"`
	Toll      float64 `json:"toll"`
	Ferry     float64 `json:"ferry"`
	Spoilage  float64 `json:"spoilage"`
	ReturnLeg float64 `json:"return_leg"`
	FirstMile float64 `json:"first_mile"`
}

// Total is the sum of the parts.
func (b Breakdown) Total() float64 {
	return b.FuelWear + b.Driver + b.Toll + b.Ferry + b.Spoilage + b.ReturnLeg + b.FirstMile
}

func (b Breakdown) add(o Breakdown) Breakdown {
	return Breakdown{b.FuelWear + o.FuelWear, b.Driver + o.Driver, b.Toll + o.Toll, b.Ferry + o.Ferry,
		b.Spoilage + o.Spoilage, b.ReturnLeg + o.ReturnLeg, b.FirstMile + o.FirstMile}
}

func (b Breakdown) scale(f float64) Breakdown {
	return Breakdown{b.FuelWear * f, b.Driver * f, b.Toll * f, b.Ferry * f, b.Spoilage * f, b.ReturnLeg * f, b.FirstMile * f}
}

// Plan is an optimized shipment plan.
type Plan struct {
	ID          string     `json:"id"`
	Scenario    string     `json:"scenario"`
	Start       string     `json:"start"`
	HorizonDays int        `json:"horizon_days"`
	Created     time.Time  `json:"created"`
	Summary     Summary    `json:"summary"`
	Shipments   []Shipment `json:"shipments"`
	// Tours are the first-mile collection tours that bring the pooled
	// loads' produce to their hubs.
	Tours       []Tour      `json:"tours"`
	Assumptions Assumptions `json:"assumptions"`
}

// Summary holds a plan's key figures. Costs are Rupiah over the horizon.
type Summary struct {
	// LogisticsCostIDR is what moving the delivered tonnes costs in the
	// final plan: whole trucks at their slotted ferry waits, return legs
	// included. It leaves out unmet demand (see ObjectiveIDR).
	LogisticsCostIDR float64   `json:"logistics_cost_idr"`
	CostBreakdownIDR Breakdown `json:"cost_breakdown_idr"`
	// CostPerTonneIDR is LogisticsCostIDR per tonne delivered.
	CostPerTonneIDR  float64            `json:"cost_per_tonne_idr"`
	TonnesDelivered  float64            `json:"tonnes_delivered"`
	TonnesDemanded   float64            `json:"tonnes_demanded"`
	UnmetTonnes      float64            `json:"unmet_tonnes"`
	UnmetByCommodity map[string]float64 `json:"unmet_by_commodity"`
	Unmet            []Unmet            `json:"unmet"`
	// UnmetPenaltyIDR prices the unmet tonnes at each commodity's penalty
	// (its price per tonne).
	UnmetPenaltyIDR float64 `json:"unmet_penalty_idr"`
	// ObjectiveIDR is LogisticsCostIDR + UnmetPenaltyIDR: the figure the
	// planner minimizes, and the one Bound.LowerBoundIDR is comparable to.
	ObjectiveIDR    float64        `json:"objective_idr"`
	Trucks          int            `json:"trucks"`
	TrucksByVehicle map[string]int `json:"trucks_by_vehicle"`
	// AvgFerryWaitMin and MaxFerryWaitMin are the trucks' waits at the
	// Sumatra port from arrival to boarding, queue included.
	AvgFerryWaitMin float64 `json:"avg_ferry_wait_min"`
	MaxFerryWaitMin float64 `json:"max_ferry_wait_min"`
	// MaxQueueTrucks is the longest queue of the plan's trucks at any
	// port and departure (ferry_utilization has it per crossing and day).
	MaxQueueTrucks int `json:"max_queue_trucks"`
	// UnboardedTrucks counts trucks that found no departure they could
	// board (deck full to the end of the horizon plus a day, a truck
	// restriction, or a queue longer than the cargo keeps); they are not
	// in the plan and their tonnes are reported as unmet.
	UnboardedTrucks int `json:"unboarded_trucks"`
	// FirstMileCostIDR is the routed collection tours' cost (with any
	// unrouted pickups at the estimate); UnroutedPickups counts pickups no
	// tour could take, priced at Params.CollectIDRPerTonneKm.
	FirstMileCostIDR float64 `json:"first_mile_cost_idr"`
	UnroutedPickups  int     `json:"unrouted_pickups"`
	// MultiDrop sums the multi-drop trucks; ReceivingWaitHours and
	// ReceivingWaitCostIDR the trucks' waits for their buyers' receiving
	// hours and what those waits cost (driver hours and spoilage, inside
	// the cost breakdown's driver and spoilage).
	MultiDrop            MultiDrop `json:"multi_drop"`
	ReceivingWaitHours   float64   `json:"receiving_wait_hours"`
	ReceivingWaitCostIDR float64   `json:"receiving_wait_cost_idr"`
	// Fleet is the vehicles the plan needs per day and class, with their
	// kilometres (empty ones apart) and hours.
	Fleet Fleet `json:"fleet"`
	// Bound sets the plan against the allocation's lower bound.
	Bound              Bound         `json:"bound"`
	BaselineCostIDR    float64       `json:"baseline_cost_idr"`
	SavingsIDR         float64       `json:"savings_idr"`
	SavingsPct         float64       `json:"savings_pct"`
	SavingsPerTonneIDR float64       `json:"savings_per_tonne_idr"`
	SavingsBreakdown   Savings       `json:"savings_breakdown_idr"`
	FerryUtilization   []Utilization `json:"ferry_utilization"`
	Clusters           int           `json:"clusters"`
	Lanes              int           `json:"lanes"`
	SolveMillis        float64       `json:"solve_ms"`
}

// Bound reports how far the plan can be from the best possible. Every
// figure includes the unmet-demand penalty, so each is an objective like
// Summary.ObjectiveIDR, and LowerBoundIDR ≤ AllocationObjectiveIDR holds
// by construction (weak duality); the integer figure is priced like the
// allocation (expected ferry waits), so IntegerGap measures what whole
// trucks cost over fractional ones.
type Bound struct {
	// AllocationObjectiveIDR is the optimum of the daily allocations:
	// fractional trucks at the expected ferry wait, plus unmet penalty.
	AllocationObjectiveIDR float64 `json:"allocation_objective_idr"`
	// LowerBoundIDR is the column generation's Lagrangian bound on
	// AllocationObjectiveIDR.
	LowerBoundIDR float64 `json:"lower_bound_idr"`
	// AllocationGap is (AllocationObjectiveIDR − LowerBoundIDR) /
	// AllocationObjectiveIDR.
	AllocationGap float64 `json:"allocation_gap"`
	// IntegerObjectiveIDR is the final plan's whole trucks at the expected
	// ferry wait plus the penalty of all unmet demand.
	IntegerObjectiveIDR float64 `json:"integer_objective_idr"`
	// IntegerGap is (IntegerObjectiveIDR − LowerBoundIDR) /
	// IntegerObjectiveIDR.
	IntegerGap float64 `json:"integer_gap"`
	// Iterations counts the column generation's pricing rounds.
	Iterations int `json:"iterations"`
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
	// ReasonNoRoad: no open road joins the farms that grow it to the
	// buyer, whatever the transit time (a closed road cuts them off).
	ReasonNoRoad    = "no open road from the farms"
	ReasonTooCostly = "delivery costs more than the penalty"
	// ReasonFleet: the scenario's fleet limit leaves no truck to carry it.
	ReasonFleet = "fleet limit reached"
	// ReasonTruckBan: the trucks that could carry it may not board during
	// a truck restriction the scenario switched on.
	ReasonTruckBan = "truck restriction at the port"
	// ReasonQueue: the port queue would hold the cargo past its
	// perishability limit.
	ReasonQueue = "port queue exceeds the perishability limit"
	// ReasonWindow: no departure with space lets the truck reach its
	// buyers inside their receiving hours within the perishability limit.
	ReasonWindow = "receiving hours cannot be met within the perishability limit"
)

// Savings splits the savings against today's practice by source; the parts
// add up to the total (a waterfall: each step changes one thing). The
// first three keep the collectors' catchments and dispatch days (see
// Baseline) and only ever save; the last one may be negative.
type Savings struct {
	// VehicleSizing: the cheapest class for each collector's loads
	// instead of its usual one (the JSON name is kept from when this
	// step also pooled loads).
	VehicleSizing float64 `json:"vehicle_sizing_and_consolidation"`
	// CrossingChoice: the best crossing for them.
	CrossingChoice float64 `json:"crossing_choice"`
	// Slotting: no unplanned queue at the port.
	Slotting float64 `json:"slotting"`
	// BuyerChoice: the plan against that: buyer choice, the plan's own
	// loads (clusters shipping daily, remainders pooled at hubs) and
	// routes, deck limits and real ferry waits.
	BuyerChoice float64 `json:"buyer_choice_and_network"`
}

// Utilization is one crossing's use on one day and the queue at its
// Sumatra port.
type Utilization struct {
	Crossing string `json:"crossing"`
	Day      int    `json:"day"`
	Date     string `json:"date"`
	// Trucks boarded that day's departures; CapacityTrks is the plan's
	// share of their decks.
	Trucks       int     `json:"trucks"`
	CapacityTrks float64 `json:"capacity_trucks"`
	Utilization  float64 `json:"utilization"`
	// ArrivingTrucks reached the port that day (those arriving after the
	// horizon count on its last day); AvgWaitMin and MaxWaitMin are their
	// waits to boarding, and MaxQueueTrucks is the most of the plan's
	// trucks waiting at the port at any of the day's departures.
	ArrivingTrucks int     `json:"arriving_trucks"`
	AvgWaitMin     float64 `json:"avg_wait_min"`
	MaxWaitMin     float64 `json:"max_wait_min"`
	MaxQueueTrucks int     `json:"max_queue_trucks"`
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
	// Buyer is the buyer's ID; for a multi-drop truck, its buyers' IDs
	// joined by "+" in the order of Drops.
	Buyer        string `json:"buyer"`
	Vehicle      string `json:"vehicle"`
	Trucks       int    `json:"trucks"`
	Consolidated bool   `json:"consolidated,omitempty"`
	Crossing     string `json:"crossing"`
	// Dispatch is when the first truck leaves the collection point,
	// Departure its ferry departure, Arrival the last truck's arrival at
	// the buyer (WIB).
	Dispatch  time.Time `json:"dispatch"`
	Departure time.Time `json:"departure"`
	Arrival   time.Time `json:"arrival"`
	// WaitMin is the trucks' mean wait at the port, queue included;
	// Boardings gives every departure they take.
	WaitMin      float64    `json:"ferry_wait_min"`
	Boardings    []Boarding `json:"boardings"`
	TransitHours float64    `json:"transit_hours"`
	DistanceKm   float64    `json:"distance_km"`
	Cost         Breakdown  `json:"cost_idr"`
	// Drops, for a multi-drop truck (one truck that crosses once and
	// drops part loads at several buyers), lists its stops in order;
	// empty for a shipment to one buyer.
	Drops []Drop         `json:"drops,omitempty"`
	Route orb.LineString `json:"-"`
}

// Drop is a multi-drop truck's stop at one buyer.
type Drop struct {
	Buyer string `json:"buyer"`
	// Arrival at the buyer's gate, Unloading when unloading starts (inside
	// the buyer's receiving hours; the truck waits ReceivingWaitMin for
	// them), Departure when it leaves unloaded (WIB).
	Arrival          time.Time `json:"arrival"`
	Unloading        time.Time `json:"unloading"`
	Departure        time.Time `json:"departure"`
	ReceivingWaitMin float64   `json:"receiving_wait_min"`
	Tonnes           float64   `json:"tonnes"`
	Cargo            []Cargo   `json:"cargo"`
}

// Boarding is some of a shipment's trucks on one ferry departure.
type Boarding struct {
	Departure time.Time `json:"departure"`
	Trucks    int       `json:"trucks"`
	// WaitMin is these trucks' mean wait from arrival at the port to the
	// departure, MaxWaitMin the longest.
	WaitMin    float64 `json:"wait_min"`
	MaxWaitMin float64 `json:"max_wait_min"`
	// Dispatch is when each of these trucks leaves its collection point
	// (WIB): with the lane's times it gives each truck's days on the road.
	Dispatch []time.Time `json:"dispatch"`
	// Arrival is these trucks' arrival at the buyer's gate (the first
	// drop's for a multi-drop truck), Unloading when they start unloading,
	// inside the buyer's receiving hours, after a wait of
	// ReceivingWaitMin (WIB).
	Arrival          time.Time `json:"arrival"`
	Unloading        time.Time `json:"unloading"`
	ReceivingWaitMin float64   `json:"receiving_wait_min"`
}

// Assumptions are the parameters the plan rests on.
type Assumptions struct {
	ClusterRes        int      `json:"cluster_h3_res"`
	DeckShare         float64  `json:"deck_share"`
	BackhaulShare     float64  `json:"backhaul_share"`
	TruckBan          bool     `json:"truck_ban"`
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

// MultiDrop sums a plan's multi-drop trucks: how many, how many
// single-buyer trucks they replace, how many drops they make, and what
// merging saved when it was decided (the replaced trucks' cost less the
// multi-drop trucks', both at expected ferry waits, first-mile estimates
// included).
type MultiDrop struct {
	Trucks         int     `json:"trucks"`
	ReplacedTrucks int     `json:"replaced_trucks"`
	Drops          int     `json:"drops"`
	SavingsIDR     float64 `json:"savings_idr"`
}
