package vrp

import (
	"errors"
	"fmt"
	"math"
)

// Sentinel errors returned by Validate, Solve and Check.
var (
	ErrInvalidProblem = errors.New("vrp: invalid problem")
	ErrInfeasible     = errors.New("vrp: solution violates a constraint")
)

// MaxDims is the largest number of capacity dimensions supported; it keeps
// load summaries in fixed-size arrays so that move evaluation never allocates.
const MaxDims = 4

// TimeWindow is a closed interval [Start, End] in the time unit of the
// duration matrix. Service must start inside one window.
type TimeWindow struct {
	Start, End float64
}

// Matrix is a dense square matrix stored row-major in a flat slice.
type Matrix struct {
	N    int
	Data []float64
}

// NewMatrix returns an n×n zero matrix.
func NewMatrix(n int) *Matrix { return &Matrix{N: n, Data: make([]float64, n*n)} }

// At returns element (i, j).
func (m *Matrix) At(i, j int) float64 { return m.Data[i*m.N+j] }

// Set sets element (i, j).
func (m *Matrix) Set(i, j int, v float64) { m.Data[i*m.N+j] = v }

// Job is a single task at one location: it delivers Delivery (loaded at the
// start of the vehicle's trip) and collects Pickup (unloaded at the end of
// the trip).
type Job struct {
	ID          string
	Location    int
	Delivery    []int64
	Pickup      []int64
	Service     float64
	TimeWindows []TimeWindow // empty means always open
	Skills      []int
	// Priority in [0, 100]: higher-priority jobs cost more to leave unassigned.
	Priority int
	// Penalty is the cost of leaving the job unassigned; 0 means
	// Problem.UnassignedPenalty.
	Penalty float64
}

// Task is one end of a shipment.
type Task struct {
	ID          string
	Location    int
	Service     float64
	TimeWindows []TimeWindow
}

// Shipment is a pickup and its delivery, which must be served by the same
// vehicle in the same trip, the pickup first. Amount is carried in between.
type Shipment struct {
	Pickup, Delivery Task
	Amount           []int64
	Skills           []int
	Priority         int
	Penalty          float64
}

// NoLocation marks a vehicle without a start or end location (an open
// route): travel from or to it is free.
const NoLocation = -1

// Vehicle is a vehicle type; Count identical copies are available.
type Vehicle struct {
	ID         string
	Start, End int // location indices or NoLocation
	Capacity   []int64
	Shift      TimeWindow // zero value means unconstrained
	// MaxTravelTime bounds the route's total travel duration (0: no bound).
	MaxTravelTime float64
	Skills        []int
	Fixed         float64 // cost when the vehicle is used
	PerDistance   float64 // cost per unit of distance
	PerTime       float64 // cost per unit of travel time
	// Count is the number of identical copies (0 means 1).
	Count int
	// MaxTrips > 1 lets the vehicle return to its depot (Start, or End when
	// Start is NoLocation) to unload and reload, at most MaxTrips-1 times.
	MaxTrips int
	// ReloadTime is the time spent at the depot for each reload.
	ReloadTime float64
}

// Problem is a vehicle routing instance.
type Problem struct {
	Name      string
	Dims      int // capacity dimensions, 1..MaxDims
	Jobs      []Job
	Shipments []Shipment
	Vehicles  []Vehicle
	// Durations and Distances are indexed by location; Costs, if non-nil, is
	// an extra per-arc cost added for every vehicle.
	Durations, Distances, Costs *Matrix
	// Coords optionally gives planar coordinates per location; the solver
	// only uses them to order routes in giant tours, unless Euclidean.
	Coords [][2]float64
	// Euclidean, if true, defines travel by Coords instead of matrices:
	// an arc's duration and distance are both the Euclidean distance
	// between its ends rounded to the nearest integer (the CVRPLIB
	// convention), computed when needed. Durations, Distances and Costs
	// must be nil. A problem of n locations then takes O(n) memory
	// instead of 8·n² bytes per matrix (800 MB at 10,000 locations).
	Euclidean bool
	// UnassignedPenalty is the default cost of an unassigned job or
	// shipment; 0 selects a large automatic value.
	UnassignedPenalty float64
}

// Unassigned reasons reported in Solution.Unassigned.
const (
	ReasonSkills     = "skills"
	ReasonCapacity   = "capacity"
	ReasonTimeWindow = "time_window"
	ReasonNoRoute    = "no_feasible_route"
)

// StepKind is the type of a route step.
type StepKind uint8

// Step kinds.
const (
	StepJob StepKind = iota
	StepPickup
	StepDelivery
	StepReload
)

// String returns the VROOM-style name of the step kind.
func (k StepKind) String() string {
	switch k {
	case StepJob:
		return "job"
	case StepPickup:
		return "pickup"
	case StepDelivery:
		return "delivery"
	case StepReload:
		return "reload"
	}
	return "unknown"
}

// Step is one visit of a route. Index is the job index for StepJob and the
// shipment index for StepPickup and StepDelivery.
type Step struct {
	Kind    StepKind
	Index   int
	Arrival float64 // arrival time at the location
	Start   float64 // service start (after waiting)
	Load    []int64 // vehicle load after the step
}

// Route is the tour of one vehicle copy.
type Route struct {
	Vehicle    int // index in Problem.Vehicles
	Steps      []Step
	Start, End float64 // departure from start, arrival at end
	Distance   float64
	TravelTime float64
	Service    float64
	Waiting    float64
	Cost       float64
	StartLoad  []int64
}

// Unassigned is a job or shipment left out of the solution.
type Unassigned struct {
	Shipment bool // Index refers to Problem.Shipments if true, else Jobs
	Index    int
	Reason   string
	Penalty  float64
}

// Solution is a set of routes plus unassigned tasks. Cost is the sum of route
// costs and unassigned penalties.
type Solution struct {
	Routes     []Route
	Unassigned []Unassigned
	Cost       float64
	Distance   float64
}

// NumLocations returns the number of locations of the matrices, or of
// Coords for a Euclidean problem.
func (p *Problem) NumLocations() int {
	if p.Euclidean {
		return len(p.Coords)
	}
	if p.Durations != nil {
		return p.Durations.N
	}
	if p.Distances != nil {
		return p.Distances.N
	}
	return 0
}

// Travel returns the duration and the distance from location a to b; an
// end at NoLocation costs nothing.
func (p *Problem) Travel(a, b int) (duration, distance float64) {
	if a == NoLocation || b == NoLocation {
		return 0, 0
	}
	if p.Euclidean {
		d := euclid(p.Coords[a], p.Coords[b])
		return d, d
	}
	if p.Durations != nil {
		duration = p.Durations.At(a, b)
	}
	if p.Distances != nil {
		distance = p.Distances.At(a, b)
	}
	return duration, distance
}

// vehicleCount returns the number of copies of vehicle type v.
func (p *Problem) vehicleCount(v int) int {
	if p.Vehicles[v].Count <= 0 {
		return 1
	}
	return p.Vehicles[v].Count
}

// depot returns the reload location of vehicle v.
func (v *Vehicle) depot() int {
	if v.Start != NoLocation {
		return v.Start
	}
	return v.End
}

// shift returns the vehicle shift, unbounded when unset.
func (v *Vehicle) shift() TimeWindow {
	if v.Shift.Start == 0 && v.Shift.End == 0 {
		return TimeWindow{0, math.Inf(1)}
	}
	return v.Shift
}

func invalid(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidProblem, fmt.Sprintf(format, a...))
}

// Validate checks the structural consistency of p (indices, dimensions,
// matrix sizes, ordered time windows).
func (p *Problem) Validate() error {
	if p.Dims < 1 || p.Dims > MaxDims {
		return invalid("Dims %d out of [1,%d]", p.Dims, MaxDims)
	}
	n := p.NumLocations()
	if p.Euclidean && (p.Durations != nil || p.Distances != nil || p.Costs != nil) {
		return invalid("a Euclidean problem takes no matrices")
	}
	if n == 0 {
		if p.Euclidean {
			return invalid("a Euclidean problem needs Coords")
		}
		return invalid("no travel matrix")
	}
	for _, m := range []*Matrix{p.Durations, p.Distances, p.Costs} {
		if m != nil && (m.N != n || len(m.Data) != n*n) {
			return invalid("matrix size mismatch")
		}
	}
	if len(p.Vehicles) == 0 {
		return invalid("no vehicles")
	}
	loc := func(l int, what string) error {
		if l < 0 || l >= n {
			return invalid("%s: location %d out of range", what, l)
		}
		return nil
	}
	amt := func(a []int64, what string) error {
		if len(a) != 0 && len(a) != p.Dims {
			return invalid("%s: %d amounts, want %d", what, len(a), p.Dims)
		}
		for _, x := range a {
			if x < 0 {
				return invalid("%s: negative amount", what)
			}
		}
		return nil
	}
	tws := func(w []TimeWindow, what string) error {
		for i, t := range w {
			if t.End < t.Start || (i > 0 && t.Start <= w[i-1].End) {
				return invalid("%s: time windows must be ordered and disjoint", what)
			}
		}
		return nil
	}
	for i, j := range p.Jobs {
		w := fmt.Sprintf("job %d", i)
		if err := loc(j.Location, w); err != nil {
			return err
		}
		if err := amt(j.Delivery, w); err != nil {
			return err
		}
		if err := amt(j.Pickup, w); err != nil {
			return err
		}
		if err := tws(j.TimeWindows, w); err != nil {
			return err
		}
	}
	for i, s := range p.Shipments {
		w := fmt.Sprintf("shipment %d", i)
		if err := loc(s.Pickup.Location, w); err != nil {
			return err
		}
		if err := loc(s.Delivery.Location, w); err != nil {
			return err
		}
		if err := amt(s.Amount, w); err != nil {
			return err
		}
		if err := tws(s.Pickup.TimeWindows, w); err != nil {
			return err
		}
		if err := tws(s.Delivery.TimeWindows, w); err != nil {
			return err
		}
	}
	for i, v := range p.Vehicles {
		w := fmt.Sprintf("vehicle %d", i)
		if v.Start != NoLocation {
			if err := loc(v.Start, w); err != nil {
				return err
			}
		}
		if v.End != NoLocation {
			if err := loc(v.End, w); err != nil {
				return err
			}
		}
		if len(v.Capacity) != p.Dims {
			return invalid("%s: %d capacities, want %d", w, len(v.Capacity), p.Dims)
		}
		if v.MaxTrips > 1 && v.depot() == NoLocation {
			return invalid("%s: multi-trip needs a depot", w)
		}
		if v.Shift.End < v.Shift.Start {
			return invalid("%s: bad shift", w)
		}
	}
	return nil
}
