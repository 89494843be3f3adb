package data

import (
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
	// Deck is the goods-vehicle capacity of one departure by ferry tariff
	// class (golongan "IVB" … "IX").
	Deck map[string]int
	// Tariff is the fare per vehicle, driver included, by golongan, Rupiah.
	Tariff map[string]float64
	Source string
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
}

// Vehicle is a truck class.
type Vehicle struct {
	ID               string
	Name             string
	CapacityTonnes   float64
	MaxSpeedKmh      float64
	CostIDRPerKm     float64 // fuel and wear
	DriverIDRPerHour float64
	TollClass        int    // 1..5 (toll golongan I..V)
	FerryClass       string // "IVB" … "IX"
	Reefer           bool
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
