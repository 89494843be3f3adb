package plan

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo/hexgrid"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// Commodity is what the planner needs to know about a product.
type Commodity struct {
	ID                   string
	MaxTransitHours      float64 // 0: no limit
	SpoilagePerTonneHour float64 // Rupiah
	NeedsReefer          bool
	// PenaltyPerTonne prices unmet demand; it should exceed any delivery
	// cost so that demand goes unserved only when it cannot be served.
	PenaltyPerTonne float64
	Seasonality     [12]float64 // production factor by month, mean 1
}

// Farm is a producer of one commodity.
type Farm struct {
	Point         orb.Point
	Cell          hexgrid.Cell // any resolution ≥ Params.ClusterRes
	Commodity     int
	TonnesPerYear float64
}

// Buyer is a demand point; Demand is tonnes per day by commodity index.
// Window is when it receives (the zero Window: around the clock).
type Buyer struct {
	ID, Name string
	Point    orb.Point
	Demand   []float64
	Window   Window
}

// Vehicle is a truck class available to the plan.
type Vehicle struct {
	ID       string
	Capacity float64 // tonnes
	Reefer   bool
	Profile  route.Profile
	// LitresPerKm lets a scenario reprice fuel: the per-km cost moves by
	// LitresPerKm × (new diesel price − Params.DieselIDRPerLitre).
	LitresPerKm float64
}

// Crossing is a ferry service as the plan uses it: from a Sumatra port node
// to a Java port node.
type Crossing struct {
	ID       string
	Service  int // index into the graph's services
	From, To network.NodeID
	// Regular marks the service today's practice uses.
	Regular bool
	// PeakCrossingSeconds replaces the crossing time in peak scenarios
	// (0: unchanged).
	PeakCrossingSeconds float64
	// Closed lists the windows in which the crossing never sails (a
	// season-only service out of season); every scenario keeps them on top
	// of its own ferry closures.
	Closed []network.Window
}

// Params are the model's documented assumptions; every one is visible in
// the plan and may be overridden by a scenario where it says so.
type Params struct {
	// ClusterRes is the H3 resolution farms aggregate to.
	ClusterRes int
	// DeckShare is the share of each departure's goods-vehicle deck that is
	// available to the planned flows (the rest carries other traffic).
	DeckShare float64
	// HandlingHours is loading plus unloading time per truck.
	HandlingHours float64
	// LoadingStartHour and LoadingEndHour bound the local hours in which
	// trucks leave collection points; departures are spread evenly.
	LoadingStartHour, LoadingEndHour float64
	// ConsolidationRes is the H3 resolution of the hubs where
	// less-than-truckload remainders are pooled (coarser than ClusterRes).
	ConsolidationRes int
	// CollectIDRPerTonneKm prices bringing a remainder from its cluster to
	// the hub on a collection run.
	CollectIDRPerTonneKm float64
	// DieselIDRPerLitre is the diesel price the vehicle costs assume.
	DieselIDRPerLitre float64
	// BackhaulShare is the share of return trips (Java → Sumatra) that
	// carry a paying load; the plan and the baseline charge every truck
	// (1 − BackhaulShare) of its return leg: fuel and wear, driver hours,
	// tolls and the ferry fare back to its collection point. A scenario
	// may override it.
	BackhaulShare float64
	// Baseline describes today's practice.
	Baseline Baseline
}

// Baseline parameterizes today's practice as collectors (pengepul) work
// it: each buys one commodity in a catchment (an H3 cell of CollectorRes,
// about a kecamatan at res 5, a regency at res 4), brings it from the
// farms to its yard on small first-mile runs, and sends it on in its own
// class of truck (VehiclesByCommodity, else the first of Vehicles allowed
// for the commodity) to the nearest buyer over the regular crossing,
// queueing QueueHours at the port on top of the expected wait for a
// departure. Trucks leave when full; a part load waits for the next day's
// produce, at most MaxHoldDays days, except perishables (a transit limit),
// which go daily.
type Baseline struct {
	Vehicles            []string          `json:"vehicles,omitempty"`
	VehiclesByCommodity map[string]string `json:"vehicles_by_commodity,omitempty"`
	QueueHours          float64           `json:"queue_hours,omitempty"`
	// CollectorRes and MaxHoldDays are pointers so that a scenario can
	// set them to 0 (nil: keep the dataset's).
	CollectorRes *int `json:"collector_res,omitempty"`
	MaxHoldDays  *int `json:"max_hold_days,omitempty"`
}

// MaxHoldDays bounds Baseline.MaxHoldDays.
const MaxHoldDays = 7

// Input is the static description of a corridor the planner works on.
type Input struct {
	Router      *route.Router
	Commodities []Commodity
	Farms       []Farm
	Buyers      []Buyer
	Vehicles    []Vehicle
	Crossings   []Crossing
	// Roads maps a road ID to its edges, so that scenarios can close it.
	Roads map[string][]network.EdgeID
	// Restrictions are the government's truck restrictions at the ports
	// (for example around Lebaran); a scenario switches them on with
	// truck_ban.
	Restrictions []Restriction
	Params       Params
}

// Restriction keeps the listed vehicle classes off the listed crossings'
// departures from From to To, unless every commodity they carry is
// exempt (restrictions usually spare staple food).
type Restriction struct {
	ID       string
	From, To time.Time
	// Crossings and Vehicles index Input.Crossings and Input.Vehicles;
	// nil Crossings means every crossing.
	Crossings []int
	Vehicles  []int
	// Exempt lists exempt commodities (indices into Input.Commodities).
	Exempt []int
}

// Limits on requests.
const (
	MaxHorizonDays = 31
	MaxClosures    = 100
)

// FieldError names the scenario field at fault.
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string { return "plan: " + e.Field + ": " + e.Reason }

// Is makes every FieldError match ErrInvalid.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Sentinel errors.
var (
	ErrInvalid = errors.New("plan: invalid request")
	ErrInput   = errors.New("plan: invalid input")
)

func fieldErr(field, format string, a ...any) error {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, a...)}
}

// Scenario is one plan request: the horizon and what differs from the
// dataset. The zero value plans the dataset as it is for DefaultHorizon days
// from today.
type Scenario struct {
	Name string `json:"name,omitempty"`
	// Start is the first day, YYYY-MM-DD (default: today in WIB).
	Start string `json:"start,omitempty"`
	// HorizonDays is the number of daily buckets (default 7).
	HorizonDays int `json:"horizon_days,omitempty"`
	// FerryClosures suspend crossings (weather) for a time window.
	FerryClosures []Closure `json:"ferry_closures,omitempty"`
	// FerryCapacityFactor scales every crossing's deck space (default 1).
	FerryCapacityFactor *float64 `json:"ferry_capacity_factor,omitempty"`
	// DeckShare overrides Params.DeckShare.
	DeckShare *float64 `json:"deck_share,omitempty"`
	// Peak uses the crossings' peak crossing times.
	Peak bool `json:"peak,omitempty"`
	// ClosedRoads lists road IDs that may not be used.
	ClosedRoads []string `json:"closed_roads,omitempty"`
	// DemandMultipliers scale demand; keys are a commodity ID, a buyer ID
	// or "buyer/commodity"; multipliers compose.
	DemandMultipliers map[string]float64 `json:"demand_multipliers,omitempty"`
	// SupplyMultipliers scale supply by commodity ID.
	SupplyMultipliers map[string]float64 `json:"supply_multipliers,omitempty"`
	// Seasonality replaces a commodity's monthly factors: twelve numbers,
	// January first.
	Seasonality map[string][]float64 `json:"seasonality,omitempty"`
	// DieselIDRPerLitre reprices fuel.
	DieselIDRPerLitre *float64 `json:"diesel_idr_per_litre,omitempty"`
	// FleetLimits caps, by vehicle class ID, the vehicles of the class busy
	// on each day: long-haul trucks from dispatch until back, collection
	// vehicles on their tour's day (see Fleet.VehiclesByDay).
	FleetLimits map[string]int `json:"fleet_limits,omitempty"`
	// Demand replaces the buyers' demand table where given.
	Demand []DemandRow `json:"demand,omitempty"`
	// Supply replaces a commodity's daily supply total (farms keep their
	// shares).
	Supply []SupplyRow `json:"supply,omitempty"`
	// Baseline overrides today's-practice parameters.
	Baseline *Baseline `json:"baseline,omitempty"`
	// BackhaulShare overrides Params.BackhaulShare, in [0, 1].
	BackhaulShare *float64 `json:"backhaul_share,omitempty"`
	// TruckBan applies the dataset's truck restrictions at the ports.
	TruckBan bool `json:"truck_ban,omitempty"`
}

// Closure suspends a crossing from From to To (RFC 3339).
type Closure struct {
	Crossing string `json:"crossing"`
	From     string `json:"from"`
	To       string `json:"to"`
}

// DemandRow sets one buyer's daily demand for one commodity.
type DemandRow struct {
	Buyer        string  `json:"buyer"`
	Commodity    string  `json:"commodity"`
	TonnesPerDay float64 `json:"tonnes_per_day"`
}

// SupplyRow sets a commodity's total daily supply.
type SupplyRow struct {
	Commodity    string  `json:"commodity"`
	TonnesPerDay float64 `json:"tonnes_per_day"`
}

// DefaultHorizon is the horizon in days when a scenario gives none.
const DefaultHorizon = 7

// wib is Western Indonesia Time.
var wib = time.FixedZone("WIB", 7*3600)

// resolved is a validated scenario in index form.
type resolved struct {
	name        string
	start       time.Time // local midnight of day 0
	days        int
	closures    [][][2]float64 // by crossing: Unix-second windows
	capFactor   float64
	deckShare   float64
	peak        bool
	avoid       []uint64
	demand      [][]float64 // buyer × commodity, t/day, multipliers applied
	supplyMult  []float64   // by commodity
	supplyTotal []float64   // by commodity, t/day; NaN = keep
	season      [][12]float64
	diesel      float64
	backhaul    float64   // share of return legs with a paying load
	bans        []ban     // truck restrictions in force
	fleet       []float64 // vehicles busy per day by vehicle class; +Inf = unlimited
	baseline    Baseline
	waits       [][]float64 // expected ferry wait by crossing and day, s
	open        [][]int     // open departures by crossing and day (horizon + 1)
	first       [][][]leg   // first legs by vehicle, Sumatra port and cluster
}

func (in *Input) commodityIndex(id string) int {
	for i, c := range in.Commodities {
		if c.ID == id {
			return i
		}
	}
	return -1
}

func (in *Input) buyerIndex(id string) int {
	for i, b := range in.Buyers {
		if b.ID == id {
			return i
		}
	}
	return -1
}

func (in *Input) crossingIndex(id string) int {
	for i, x := range in.Crossings {
		if x.ID == id {
			return i
		}
	}
	return -1
}

func (in *Input) vehicleIndex(id string) int {
	for i, v := range in.Vehicles {
		if v.ID == id {
			return i
		}
	}
	return -1
}

func finitePos(x float64) bool { return x >= 0 && !math.IsInf(x, 0) && !math.IsNaN(x) }

// ban is a Restriction in force, in index form.
type ban struct {
	from, to float64 // Unix s
	crossing []bool  // by crossing
	vehicle  []bool  // by vehicle
	exempt   []bool  // by commodity
}

// resolveBans turns the input's restrictions into bans.
func (in *Input) resolveBans() ([]ban, error) {
	if len(in.Restrictions) == 0 {
		return nil, fieldErr("truck_ban", "the dataset defines no truck restrictions")
	}
	out := make([]ban, 0, len(in.Restrictions))
	for _, rs := range in.Restrictions {
		b := ban{from: float64(rs.From.Unix()), to: float64(rs.To.Unix()), crossing: make([]bool, len(in.Crossings)),
			vehicle: make([]bool, len(in.Vehicles)), exempt: make([]bool, len(in.Commodities))}
		if !rs.To.After(rs.From) {
			return nil, fmt.Errorf("%w: restriction %q ends before it starts", ErrInput, rs.ID)
		}
		for x := range b.crossing {
			b.crossing[x] = rs.Crossings == nil
		}
		for _, x := range rs.Crossings {
			if x < 0 || x >= len(b.crossing) {
				return nil, fmt.Errorf("%w: restriction %q crossing %d", ErrInput, rs.ID, x)
			}
			b.crossing[x] = true
		}
		for _, v := range rs.Vehicles {
			if v < 0 || v >= len(b.vehicle) {
				return nil, fmt.Errorf("%w: restriction %q vehicle %d", ErrInput, rs.ID, v)
			}
			b.vehicle[v] = true
		}
		for _, k := range rs.Exempt {
			if k < 0 || k >= len(b.exempt) {
				return nil, fmt.Errorf("%w: restriction %q commodity %d", ErrInput, rs.ID, k)
			}
			b.exempt[k] = true
		}
		out = append(out, b)
	}
	return out, nil
}

// resolve validates a scenario against the input.
func (in *Input) resolve(sc *Scenario, now time.Time) (*resolved, error) {
	r := &resolved{name: sc.Name, days: sc.HorizonDays, capFactor: 1, deckShare: in.Params.DeckShare,
		peak: sc.Peak, diesel: in.Params.DieselIDRPerLitre, backhaul: in.Params.BackhaulShare}
	if r.name == "" {
		r.name = "default"
	}
	if r.days == 0 {
		r.days = DefaultHorizon
	}
	if r.days < 1 || r.days > MaxHorizonDays {
		return nil, fieldErr("horizon_days", "must be between 1 and %d, got %d", MaxHorizonDays, sc.HorizonDays)
	}
	if sc.Start == "" {
		t := now.In(wib)
		r.start = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, wib)
	} else {
		t, err := time.ParseInLocation("2006-01-02", sc.Start, wib)
		if err != nil {
			return nil, fieldErr("start", "want a date YYYY-MM-DD, got %q", sc.Start)
		}
		r.start = t
	}
	end := r.start.AddDate(0, 0, r.days)
	r.closures = make([][][2]float64, len(in.Crossings))
	for x, c := range in.Crossings {
		for _, w := range c.Closed {
			r.closures[x] = append(r.closures[x], [2]float64{w.From, w.To})
		}
	}
	if len(sc.FerryClosures) > MaxClosures {
		return nil, fieldErr("ferry_closures", "at most %d closures", MaxClosures)
	}
	for i, c := range sc.FerryClosures {
		f := fmt.Sprintf("ferry_closures[%d]", i)
		ci := -1
		for j, x := range in.Crossings {
			if x.ID == c.Crossing {
				ci = j
			}
		}
		if ci < 0 {
			ids := make([]string, len(in.Crossings))
			for j, x := range in.Crossings {
				ids[j] = x.ID
			}
			return nil, fieldErr(f+".crossing", "unknown crossing %q (known: %v)", c.Crossing, ids)
		}
		from, err := time.Parse(time.RFC3339, c.From)
		if err != nil {
			return nil, fieldErr(f+".from", "want an RFC 3339 time, got %q", c.From)
		}
		to, err := time.Parse(time.RFC3339, c.To)
		if err != nil {
			return nil, fieldErr(f+".to", "want an RFC 3339 time, got %q", c.To)
		}
		if !to.After(from) {
			return nil, fieldErr(f+".to", "closure must end after it starts")
		}
		if !from.Before(end) || !to.After(r.start) {
			return nil, fieldErr(f, "closure %s–%s lies outside the horizon %s–%s", c.From, c.To,
				r.start.Format(time.RFC3339), end.Format(time.RFC3339))
		}
		r.closures[ci] = append(r.closures[ci], [2]float64{float64(from.Unix()), float64(to.Unix())})
	}
	for _, step := range []func(*Scenario, *resolved) error{in.resolveDeck, in.resolveDemand, in.resolveSupply, in.resolveCosts} {
		if err := step(sc, r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// resolveDeck reads the scenario's deck capacity, deck share and closed roads.
func (in *Input) resolveDeck(sc *Scenario, r *resolved) error {
	if sc.FerryCapacityFactor != nil {
		if f := *sc.FerryCapacityFactor; !finitePos(f) || f > 10 {
			return fieldErr("ferry_capacity_factor", "must be in [0, 10], got %g", f)
		}
		r.capFactor = *sc.FerryCapacityFactor
	}
	if sc.DeckShare != nil {
		if f := *sc.DeckShare; !finitePos(f) || f > 1 {
			return fieldErr("deck_share", "must be in [0, 1], got %g", f)
		}
		r.deckShare = *sc.DeckShare
	}
	g := in.Router.Graph()
	if len(sc.ClosedRoads) > 0 {
		r.avoid = make([]uint64, (g.NumEdges()+63)/64)
		for i, id := range sc.ClosedRoads {
			edges, ok := in.Roads[id]
			if !ok {
				return fieldErr(fmt.Sprintf("closed_roads[%d]", i), "unknown road %q", id)
			}
			for _, e := range edges {
				r.avoid[e>>6] |= 1 << (uint(e) & 63)
			}
		}
	}
	return nil
}

// resolveDemand builds the demand table: the dataset's, rows replaced, then
// multipliers applied in key order.
func (in *Input) resolveDemand(sc *Scenario, r *resolved) error {
	K, B := len(in.Commodities), len(in.Buyers)
	r.demand = make([][]float64, B)
	for b := range in.Buyers {
		r.demand[b] = append([]float64(nil), in.Buyers[b].Demand...)
	}
	for i, row := range sc.Demand {
		f := fmt.Sprintf("demand[%d]", i)
		b := in.buyerIndex(row.Buyer)
		if b < 0 {
			return fieldErr(f+".buyer", "unknown buyer %q", row.Buyer)
		}
		k := in.commodityIndex(row.Commodity)
		if k < 0 {
			return fieldErr(f+".commodity", "unknown commodity %q", row.Commodity)
		}
		if !finitePos(row.TonnesPerDay) || row.TonnesPerDay > 1e6 {
			return fieldErr(f+".tonnes_per_day", "must be a number in [0, 1e6], got %g", row.TonnesPerDay)
		}
		r.demand[b][k] = row.TonnesPerDay
	}
	keys := make([]string, 0, len(sc.DemandMultipliers))
	for key := range sc.DemandMultipliers {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		m := sc.DemandMultipliers[key]
		f := "demand_multipliers." + key
		if !finitePos(m) || m > 100 {
			return fieldErr(f, "must be in [0, 100], got %g", m)
		}
		bi, ki := -1, -1
		if i := indexByte(key, '/'); i >= 0 {
			bi, ki = in.buyerIndex(key[:i]), in.commodityIndex(key[i+1:])
			if bi < 0 || ki < 0 {
				return fieldErr(f, "unknown buyer/commodity %q", key)
			}
		} else if ki = in.commodityIndex(key); ki < 0 {
			if bi = in.buyerIndex(key); bi < 0 {
				return fieldErr(f, "%q is neither a commodity nor a buyer", key)
			}
		}
		for b := 0; b < B; b++ {
			for k := 0; k < K; k++ {
				if (bi < 0 || bi == b) && (ki < 0 || ki == k) {
					r.demand[b][k] *= m
				}
			}
		}
	}
	return nil
}

// resolveSupply reads supply multipliers, totals and seasonality.
func (in *Input) resolveSupply(sc *Scenario, r *resolved) error {
	K := len(in.Commodities)
	r.supplyMult = make([]float64, K)
	r.supplyTotal = make([]float64, K)
	r.season = make([][12]float64, K)
	for k := range r.supplyMult {
		r.supplyMult[k] = 1
		r.supplyTotal[k] = math.NaN()
		r.season[k] = in.Commodities[k].Seasonality
	}
	for id, m := range sc.SupplyMultipliers {
		k := in.commodityIndex(id)
		if k < 0 {
			return fieldErr("supply_multipliers."+id, "unknown commodity %q", id)
		}
		if !finitePos(m) || m > 100 {
			return fieldErr("supply_multipliers."+id, "must be in [0, 100], got %g", m)
		}
		r.supplyMult[k] = m
	}
	for i, row := range sc.Supply {
		f := fmt.Sprintf("supply[%d]", i)
		k := in.commodityIndex(row.Commodity)
		if k < 0 {
			return fieldErr(f+".commodity", "unknown commodity %q", row.Commodity)
		}
		if !finitePos(row.TonnesPerDay) || row.TonnesPerDay > 1e7 {
			return fieldErr(f+".tonnes_per_day", "must be a number in [0, 1e7], got %g", row.TonnesPerDay)
		}
		r.supplyTotal[k] = row.TonnesPerDay
	}
	for id, s := range sc.Seasonality {
		k := in.commodityIndex(id)
		if k < 0 {
			return fieldErr("seasonality."+id, "unknown commodity %q", id)
		}
		if len(s) != 12 {
			return fieldErr("seasonality."+id, "want 12 monthly factors, got %d", len(s))
		}
		for m, f := range s {
			if !finitePos(f) || f > 12 {
				return fieldErr(fmt.Sprintf("seasonality.%s[%d]", id, m), "must be in [0, 12], got %g", f)
			}
			r.season[k][m] = f
		}
	}
	return nil
}

// resolveCosts reads the diesel price, backhaul share, truck restrictions,
// fleet limits and baseline overrides.
func (in *Input) resolveCosts(sc *Scenario, r *resolved) error {
	if sc.DieselIDRPerLitre != nil {
		if d := *sc.DieselIDRPerLitre; !finitePos(d) || d > 1e6 {
			return fieldErr("diesel_idr_per_litre", "must be in [0, 1e6], got %g", d)
		}
		r.diesel = *sc.DieselIDRPerLitre
	}
	if sc.BackhaulShare != nil {
		if f := *sc.BackhaulShare; !finitePos(f) || f > 1 {
			return fieldErr("backhaul_share", "must be in [0, 1], got %g", f)
		}
		r.backhaul = *sc.BackhaulShare
	}
	if sc.TruckBan {
		bans, err := in.resolveBans()
		if err != nil {
			return err
		}
		r.bans = bans
	}
	r.fleet = make([]float64, len(in.Vehicles))
	for v := range r.fleet {
		r.fleet[v] = math.Inf(1)
	}
	for id, n := range sc.FleetLimits {
		v := in.vehicleIndex(id)
		if v < 0 {
			return fieldErr("fleet_limits."+id, "unknown vehicle %q", id)
		}
		if n < 0 || n > 1e6 {
			return fieldErr("fleet_limits."+id, "must be between 0 and 1e6 vehicles, got %d", n)
		}
		r.fleet[v] = float64(n)
	}
	return in.resolveBaseline(sc, r)
}

// resolveBaseline applies a scenario's today's-practice overrides. A
// scenario that names vehicles (either list) replaces both lists.
func (in *Input) resolveBaseline(sc *Scenario, r *resolved) error {
	b := in.Params.Baseline
	if o := sc.Baseline; o != nil {
		if o.Vehicles != nil || o.VehiclesByCommodity != nil {
			b.Vehicles, b.VehiclesByCommodity = o.Vehicles, o.VehiclesByCommodity
		}
		if o.QueueHours != 0 {
			b.QueueHours = o.QueueHours
		}
		if o.CollectorRes != nil {
			b.CollectorRes = o.CollectorRes
		}
		if o.MaxHoldDays != nil {
			b.MaxHoldDays = o.MaxHoldDays
		}
	}
	if b.CollectorRes == nil {
		res := in.Params.ClusterRes
		b.CollectorRes = &res
	}
	if b.MaxHoldDays == nil {
		zero := 0
		b.MaxHoldDays = &zero
	}
	if err := in.checkBaseline(&b); err != nil {
		return err
	}
	r.baseline = b
	return nil
}

// checkBaseline validates today's-practice parameters; the errors name the
// scenario field.
func (in *Input) checkBaseline(b *Baseline) error {
	for i, id := range b.Vehicles {
		if in.vehicleIndex(id) < 0 {
			return fieldErr(fmt.Sprintf("baseline.vehicles[%d]", i), "unknown vehicle %q", id)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(b.VehiclesByCommodity)) {
		id := b.VehiclesByCommodity[k]
		f := "baseline.vehicles_by_commodity." + k
		ki, v := in.commodityIndex(k), in.vehicleIndex(id)
		switch {
		case ki < 0:
			return fieldErr(f, "unknown commodity %q", k)
		case v < 0:
			return fieldErr(f, "unknown vehicle %q", id)
		case in.Vehicles[v].Reefer != in.Commodities[ki].NeedsReefer:
			return fieldErr(f, "vehicle %q cannot carry %s (refrigeration)", id, k)
		}
	}
	if q := b.QueueHours; !finitePos(q) || q > 72 {
		return fieldErr("baseline.queue_hours", "must be in [0, 72], got %g", q)
	}
	if b.CollectorRes != nil {
		if res := *b.CollectorRes; res < 0 || res > in.Params.ClusterRes {
			return fieldErr("baseline.collector_res", "must be in [0, %d] (no finer than the clusters), got %d", in.Params.ClusterRes, res)
		}
	}
	if b.MaxHoldDays != nil {
		if d := *b.MaxHoldDays; d < 0 || d > MaxHoldDays {
			return fieldErr("baseline.max_hold_days", "must be in [0, %d], got %d", MaxHoldDays, d)
		}
	}
	return nil
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
