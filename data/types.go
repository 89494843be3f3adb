package data

import (
	"time"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo/hexgrid"
)

// Dataset is one loaded corridor: everything the router and the planner know
// about places, roads, ferries, production and demand. A Dataset is read-only
// once loaded; callers share it freely between goroutines.
type Dataset struct {
	Name        string
	Commodities []Commodity
	Provinces   []Province
	Regencies   []Regency
	Farms       []Farm
	Junctions   []Junction
	Roads       []Road
	Ports       []Port
	Ferries     []FerryService
	Markets     []Market
	Vehicles    []Vehicle
	Feeder      Feeder
	// Tolls lists the published tariff of each toll section the roads'
	// charges come from.
	Tolls []TollTariff
	// Restrictions are dated government traffic rules (the Lebaran truck
	// ban, peak-season port assignments) a scenario may switch on.
	Restrictions []Restriction
	// Planner holds the planner's default assumptions for this corridor.
	Planner Planner
	// Protected lists the protected areas (national parks, protected
	// forests) where no farm is generated.
	Protected []ProtectedArea
	// RoadRestrictions are recurring time windows during which some
	// vehicles may not enter some roads (Jakarta's truck hours).
	RoadRestrictions []RoadRestriction
}

// Commodity is a farm product the planner moves.
type Commodity struct {
	ID   string // stable key, e.g. "rice"
	Name string
	// MaxTransitHours is the longest farm-to-buyer time a shipment may take;
	// 0 means no limit.
	MaxTransitHours float64
	// SpoilageIDRPerTonneHour is the value lost per tonne for each hour in
	// transit (0 for durable goods).
	SpoilageIDRPerTonneHour float64
	// NeedsReefer restricts the commodity to refrigerated vehicles.
	NeedsReefer bool
	// PriceIDRPerTonne is an indicative wholesale price; the planner derives
	// its unmet-demand penalty from it.
	PriceIDRPerTonne float64
	// Seasonality holds a production factor per calendar month (January
	// first) with mean 1.
	Seasonality [12]float64
	Source      string
	Estimate    bool // figures above are estimates, not published statistics
}

// Province is a province boundary.
type Province struct {
	Code     string // BPS code, e.g. "18"
	Name     string
	Boundary orb.MultiPolygon
}

// Regency is a Lampung regency (kabupaten) or city (kota).
type Regency struct {
	Code     string // BPS code, e.g. "1801"
	Name     string
	SeatName string
	Seat     orb.Point
	// Boundary is nil where no polygon is available; farms are then placed
	// inside the province polygon near the seat.
	Boundary orb.MultiPolygon
	// Production is tonnes per year by commodity ID.
	Production map[string]Figure
}

// Figure is a number with the source it comes from.
type Figure struct {
	Value    float64
	Year     int
	Source   string
	Estimate bool
}

// Farm is one producer: a farm household or a small business.
type Farm struct {
	ID        int32
	Regency   int16 // index into Dataset.Regencies
	Commodity uint8 // index into Dataset.Commodities
	Point     orb.Point
	Tonnes    float64 // per year
	Cell      hexgrid.Cell
}

// FarmCellRes is the H3 resolution of Farm.Cell.
const FarmCellRes = 9

// Junction is a named node of the road network: an intersection, a toll
// gate, a town centre, a port gate or a market gate.
type Junction struct {
	ID          string
	Name        string
	Kind        string // "junction", "toll_gate", "seat", "port", "market", "town"
	Point       orb.Point
	Approximate bool
	Source      string
}

// Road classes, from fastest to slowest.
const (
	ClassToll      = "toll"
	ClassTrunk     = "trunk"     // national arterial (jalan nasional)
	ClassPrimary   = "primary"   // provincial
	ClassSecondary = "secondary" // regency roads
)

// Road is a road section between two junctions.
type Road struct {
	ID    string
	Name  string
	Ref   string
	Class string
	From  string // Junction ID
	To    string // Junction ID
	// Via holds the interior shape points from From to To (lon,lat).
	Via orb.LineString
	// TruckSpeedKmh is the typical loaded-truck speed on this section.
	TruckSpeedKmh float64
	// Toll is the charge for the whole section by toll class I..V (index
	// 0..4), in Rupiah; zero on non-toll roads.
	Toll        [5]float64
	Oneway      bool
	Approximate bool // geometry is hand-placed along the real alignment
	Source      string
}

// Port is a ferry terminal.
type Port struct {
	ID          string
	Name        string
	Point       orb.Point
	Junction    string // road junction at the port gate
	Approximate bool
	Source      string
}

// FerryService is a scheduled ferry service between two ports, run in both
// directions.
type FerryService struct {
	ID   string
	Name string
	From string // Port ID (Sumatra side)
	To   string // Port ID (Java side)
	// CrossingMinutes is the typical berth-to-berth time; PeakCrossingMinutes
	// applies in peak seasons.
	CrossingMinutes     float64
	PeakCrossingMinutes float64
	// Departures lists departure times in minutes after local midnight (WIB,
	// UTC+7) from each port; when empty the service runs every
	// HeadwayMinutes around the clock.
	Departures     []int
	HeadwayMinutes float64
	// Deck is the goods-vehicle capacity of one scheduled departure by
	// ferry tariff class (golongan "IVB" … "IX"): the fleet's deck per
	// sailing, weighted by each ship type's share of sailings, times
	// Availability, rounded down.
	Deck map[string]int
	// Fleet lists the ship types that serve the route, with their deck.
	Fleet []Ship
	// Availability is the share of scheduled sailings actually sailed
	// (ships out of service for repair or docking).
	Availability Figure
	// Tariff is the fare per vehicle, driver included, by golongan, Rupiah.
	Tariff map[string]float64
	// TariffDate is the date the tariff applies from.
	TariffDate string
	// Seasons, when not empty, are the only periods the service runs (a
	// Lebaran extra service); otherwise it runs all year.
	Seasons []Season
	Source  string
}

// Ship is a ship type serving a ferry route.
type Ship struct {
	Name string
	// Share is the share of the route's sailings this ship type makes.
	Share float64
	// Deck is the goods vehicles one sailing carries by golongan when the
	// truck deck is used for trucks only.
	Deck     map[string]int
	Source   string
	Estimate bool
}

// Season is a dated period in which a seasonal service runs: from local
// midnight (WIB) of its first day to local midnight after its last day.
type Season struct {
	Name     string
	From, To time.Time
	Source   string
	Estimate bool
}

// Market is a buyer: a wholesale market, a mill, a slaughterhouse.
type Market struct {
	ID          string
	Name        string
	Kind        string
	Point       orb.Point
	Approximate bool
	// Demand is tonnes per day by commodity ID (estimates).
	Demand map[string]Figure
	Source string
	// Receiving is when the buyer takes deliveries (nil: around the
	// clock).
	Receiving *Receiving
}

// Receiving is a buyer's daily receiving hours, local time (WIB): a truck
// may start unloading from Open to Close, in hours since midnight (0–24).
// Close < Open wraps past midnight (a night market); Open == Close means
// around the clock.
type Receiving struct {
	Open, Close float64
	Source      string
	Estimate    bool
}

// Vehicle is a truck class.
type Vehicle struct {
	ID               string
	Name             string
	CapacityTonnes   float64
	MaxSpeedKmh      float64
	CostIDRPerKm     float64 // fuel and wear
	DriverIDRPerHour float64
	TollClass        int // 1..5 (toll golongan I..V)
	// LengthM is the vehicle's overall length in metres; FerryClass is
	// derived from it by FerryClassForLength.
	LengthM    float64
	FerryClass string // "IVB" … "IX"
	Reefer     bool
	// FuelLitresPerKm is the diesel burnt per km; scenarios that reprice
	// diesel move CostIDRPerKm by it.
	FuelLitresPerKm float64
	Source          string
}

// LitresPerKm returns the vehicle's diesel use per km.
func (v *Vehicle) LitresPerKm() float64 { return v.FuelLitresPerKm }

// Feeder describes the off-network link from an arbitrary point to the road
// network: the straight-line distance times Circuity, driven at SpeedKmh.
type Feeder struct {
	Circuity float64
	SpeedKmh float64
	// MaxSnapMeters is the largest straight-line distance accepted between a
	// point and the network; farther points (at sea, outside the region) are
	// rejected.
	MaxSnapMeters float64
	Source        string
}

// Port returns the port with the given ID, or nil.
func (d *Dataset) Port(id string) *Port {
	for i := range d.Ports {
		if d.Ports[i].ID == id {
			return &d.Ports[i]
		}
	}
	return nil
}

// Vehicle returns the vehicle class with the given ID, or nil.
func (d *Dataset) Vehicle(id string) *Vehicle {
	for i := range d.Vehicles {
		if d.Vehicles[i].ID == id {
			return &d.Vehicles[i]
		}
	}
	return nil
}

// TollTariff is the published tariff of one toll road section (gate to
// gate) by toll class, spread over the road features it covers in
// proportion to their length.
type TollTariff struct {
	ID    string
	Name  string
	Roads []string // road IDs in order
	// IDR is the charge for the whole section by toll class I..V.
	IDR [5]float64
	// Since is the date the tariff applies from (YYYY-MM-DD).
	Since  string
	Source string
	// Estimate marks a tariff not published for every class (e.g. classes
	// derived by the usual ratios), or not published at all.
	Estimate bool
}

// Restriction is a dated traffic rule: goods vehicles of toll class
// MinTollClass and above (three or more axles) may not use roads of the
// listed classes, and the listed ferry golongan may not board the listed
// services, from From to To. Cargo of the exempt commodities (staple
// goods carried with a cargo letter) is not restricted.
type Restriction struct {
	ID, Name          string
	From, To          time.Time
	MinTollClass      int
	RoadClasses       []string
	Crossings         []CrossingRule
	ExemptCommodities []string
	Source            string
}

// CrossingRule bars the listed golongan from a ferry service.
type CrossingRule struct {
	Service string
	Classes []string
}

// Planner holds the planner's default assumptions for a corridor (see
// plan.Params for their meaning); a scenario may override several.
type Planner struct {
	ClusterRes           int
	DeckShare            float64
	ConsolidationRes     int
	CollectIDRPerTonneKm float64
	HandlingHours        float64
	LoadingStartHour     float64
	LoadingEndHour       float64
	DieselIDRPerLitre    float64
	// RegularCrossing is the ferry service today's practice uses.
	RegularCrossing string
	// BaselineVehicles are the vehicle classes collectors use today, in
	// order of preference; BaselineQueueHours is the unplanned queue at the
	// port on top of the wait for a departure.
	BaselineVehicles   []string
	BaselineQueueHours float64
	// BaselineVehiclesByCommodity names the collectors' class for a
	// commodity (before BaselineVehicles); BaselineCollectorRes is the H3
	// resolution of a collector's catchment; BaselineMaxHoldDays is how
	// long a part load of durable produce waits at the collector's yard
	// for the truck to fill.
	BaselineVehiclesByCommodity map[string]string
	BaselineCollectorRes        int
	BaselineMaxHoldDays         int
	// BackhaulShare is the share of return trips (Java → Sumatra) that
	// carry a paying load.
	BackhaulShare float64
	Source        string
}

// Ferry golongan for goods vehicles by overall length, as ASDP classes
// them: IVB up to 5 m, VB up to 7 m, VIB up to 10 m, VII up to 12 m, VIII
// up to 16 m, IX above.
var ferryClassLimits = [...]struct {
	maxM  float64
	class string
}{{5, "IVB"}, {7, "VB"}, {10, "VIB"}, {12, "VII"}, {16, "VIII"}}

// FerryClassForLength returns the goods-vehicle golongan of a vehicle of
// the given overall length in metres.
func FerryClassForLength(m float64) string {
	for _, l := range ferryClassLimits {
		if m <= l.maxM {
			return l.class
		}
	}
	return "IX"
}

// ProtectedArea is a national park or protected forest: farmland is excluded
// from it, so farm generation places no farm inside its boundary.
type ProtectedArea struct {
	ID       string
	Name     string
	Kind     string // "national_park", "grand_forest_park", "protected_forest"
	Boundary orb.MultiPolygon
	// AreaKm2 is the published area; the drawn boundary may cover only the
	// part inside the dataset's provinces.
	AreaKm2     float64
	Approximate bool // outline hand-drawn from descriptions, not surveyed
	Source      string
}

// RoadRestriction bans vehicles of a toll class and up from entering some
// roads during recurring windows of local time (WIB).
type RoadRestriction struct {
	ID    string
	Name  string
	Roads []string // road IDs
	// MinTollClass is the smallest toll class (1..5) the ban applies to.
	MinTollClass int
	Windows      []TimeWindow
	Source       string
	Estimate     bool // the hours or their scope are estimates
}

// TimeWindow is a daily interval of local time on some weekdays.
type TimeWindow struct {
	// Days lists the weekdays the window opens on; empty means every day.
	Days []time.Weekday
	// From and To are minutes after local midnight; From > To runs past
	// midnight into the next day.
	From, To int
}
