// Package vroom converts between VROOM's JSON problem/solution format
// (https://github.com/VROOM-Project/vroom/blob/master/docs/API.md) and the
// vrp package's Problem and Solution.
//
// Decode reads a VROOM input (vehicles, jobs, shipments, and either
// "matrices" per profile or plain [lon, lat] coordinates, in which case the
// caller's MatrixFunc supplies the matrices), validates it and enforces the
// documented limits; every input error is a *FieldError naming the JSON
// path of the offending field, so an HTTP API can report it as an
// RFC 9457 problem. Encode turns a vrp.Solution into VROOM's output shape.
//
// Units follow VROOM: durations in seconds, distances in metres; vehicle
// costs {fixed, per_hour, per_km} map to vrp.Vehicle Fixed, PerTime =
// per_hour/3600 and PerDistance = per_km/1000. When costs are absent the
// VROOM default applies: per_hour = 3600, i.e. cost equals travel seconds.
//
// Lumbung extensions: vehicle "max_trips": N (N ≥ 2) lets the vehicle return
// to its start (or end, if it has no start) to unload and reload up to N-1
// times within its time window, and "reload_time" (seconds) is the time
// spent per reload; such depot visits appear as steps of type "reload".
// Unassigned entries carry a "reason" ("skills", "capacity", "time_window"
// or "no_feasible_route"). Job "penalty" overrides the cost of leaving it
// unassigned.
//
// Decoding is pure validation and conversion; it gives no optimality or
// feasibility guarantee beyond what vrp.Solve and vrp.Check provide.
package vroom

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/lumbung-id/lumbung/optimizer/vrp"
)

// Documented input limits.
const (
	MaxJobs         = 2000 // jobs plus shipment tasks (a shipment counts twice)
	MaxVehicles     = 200
	MaxLocations    = 5000
	MaxTimeWindows  = 32 // per task
	MaxTrips        = 16
	MaxPriority     = 100
	MaxInputBytes   = 64 << 20
	defaultPerHour  = 3600.0
	matrixProfileID = "car"
)

// ErrMatrix wraps errors returned by a MatrixFunc.
var ErrMatrix = errors.New("vroom: matrix provider failed")

// FieldError is an input error located at a JSON path such as
// "jobs[3].time_windows[0]".
type FieldError struct {
	Field  string
	Reason string
}

// Error implements error.
func (e *FieldError) Error() string {
	if e.Field == "" {
		return "vroom: " + e.Reason
	}
	return "vroom: " + e.Field + ": " + e.Reason
}

func fieldErr(field, format string, a ...any) *FieldError {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, a...)}
}

// MatrixFunc returns travel durations (seconds) and distances (metres)
// between coordinates given as [lon, lat]. Decode calls it only when the
// input has coordinates and no "matrices".
type MatrixFunc func(coords [][2]float64) (durations, distances [][]float64, err error)

// Costs are VROOM vehicle costs.
type Costs struct {
	Fixed   float64  `json:"fixed"`
	PerHour *float64 `json:"per_hour,omitempty"`
	PerKm   float64  `json:"per_km"`
}

// Vehicle is a VROOM vehicle.
type Vehicle struct {
	ID            uint64     `json:"id"`
	Profile       string     `json:"profile,omitempty"`
	Description   string     `json:"description,omitempty"`
	Start         []float64  `json:"start,omitempty"`
	StartIndex    *int       `json:"start_index,omitempty"`
	End           []float64  `json:"end,omitempty"`
	EndIndex      *int       `json:"end_index,omitempty"`
	Capacity      []int64    `json:"capacity,omitempty"`
	Skills        []int      `json:"skills,omitempty"`
	TimeWindow    []float64  `json:"time_window,omitempty"`
	MaxTravelTime *float64   `json:"max_travel_time,omitempty"`
	Costs         *Costs     `json:"costs,omitempty"`
	MaxTrips      int        `json:"max_trips,omitempty"`   // Lumbung extension
	ReloadTime    float64    `json:"reload_time,omitempty"` // Lumbung extension
	Breaks        []struct{} `json:"breaks,omitempty"`
}

// Job is a VROOM job.
type Job struct {
	ID            uint64      `json:"id"`
	Description   string      `json:"description,omitempty"`
	Location      []float64   `json:"location,omitempty"`
	LocationIndex *int        `json:"location_index,omitempty"`
	Service       float64     `json:"service,omitempty"`
	Delivery      []int64     `json:"delivery,omitempty"`
	Pickup        []int64     `json:"pickup,omitempty"`
	Amount        []int64     `json:"amount,omitempty"` // legacy VROOM alias of delivery
	Skills        []int       `json:"skills,omitempty"`
	Priority      int         `json:"priority,omitempty"`
	TimeWindows   [][]float64 `json:"time_windows,omitempty"`
	Penalty       float64     `json:"penalty,omitempty"` // Lumbung extension
}

// ShipmentStep is one end of a VROOM shipment.
type ShipmentStep struct {
	ID            uint64      `json:"id"`
	Description   string      `json:"description,omitempty"`
	Location      []float64   `json:"location,omitempty"`
	LocationIndex *int        `json:"location_index,omitempty"`
	Service       float64     `json:"service,omitempty"`
	TimeWindows   [][]float64 `json:"time_windows,omitempty"`
}

// Shipment is a VROOM shipment.
type Shipment struct {
	Pickup   ShipmentStep `json:"pickup"`
	Delivery ShipmentStep `json:"delivery"`
	Amount   []int64      `json:"amount,omitempty"`
	Skills   []int        `json:"skills,omitempty"`
	Priority int          `json:"priority,omitempty"`
	Penalty  float64      `json:"penalty,omitempty"`
}

// MatrixSet holds the matrices of one routing profile.
type MatrixSet struct {
	Durations [][]float64 `json:"durations,omitempty"`
	Distances [][]float64 `json:"distances,omitempty"`
	Costs     [][]float64 `json:"costs,omitempty"`
}

// Input is a VROOM problem.
type Input struct {
	Vehicles  []Vehicle            `json:"vehicles"`
	Jobs      []Job                `json:"jobs,omitempty"`
	Shipments []Shipment           `json:"shipments,omitempty"`
	Matrices  map[string]MatrixSet `json:"matrices,omitempty"`
}

// Meta keeps what Encode needs to map a solution back to VROOM ids.
type Meta struct {
	VehicleIDs   []uint64
	JobIDs       []uint64
	PickupIDs    []uint64
	DeliveryIDs  []uint64
	Coords       [][2]float64 // per location when coordinates were given
	JobDescs     []string
	VehicleDescs []string
}

// Decode reads a VROOM JSON input from r and converts it to a vrp.Problem.
// Matrices come from the input's "matrices" (profile "car", or the only
// profile given) when present; otherwise every location must be given as
// coordinates and matrices(coords) is called once. All input errors are
// *FieldError.
func Decode(r io.Reader, matrices MatrixFunc) (*vrp.Problem, *Meta, error) {
	dec := json.NewDecoder(io.LimitReader(r, MaxInputBytes))
	var in Input
	if err := dec.Decode(&in); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, nil, fieldErr(te.Field, "expected %s, got %s", te.Type, te.Value)
		}
		return nil, nil, fieldErr("", "malformed JSON: %v", err)
	}
	return FromInput(&in, matrices)
}

// locator assigns location indices, from explicit indices or coordinates.
type locator struct {
	byCoord  map[[2]float64]int
	coords   [][2]float64
	useIndex bool
	maxIndex int
	set      bool
}

func (l *locator) resolve(field string, coord []float64, idx *int) (int, error) {
	switch {
	case idx != nil:
		if l.set && !l.useIndex {
			return 0, fieldErr(field+"_index", "mixes location indices and coordinates")
		}
		l.set, l.useIndex = true, true
		if *idx < 0 || *idx >= MaxLocations {
			return 0, fieldErr(field+"_index", "index %d out of range", *idx)
		}
		l.maxIndex = max(l.maxIndex, *idx)
		return *idx, nil
	case coord != nil:
		if l.set && l.useIndex {
			return 0, fieldErr(field, "mixes coordinates and location indices")
		}
		l.set = true
		if len(coord) != 2 || math.IsNaN(coord[0]) || math.IsNaN(coord[1]) ||
			coord[0] < -180 || coord[0] > 180 || coord[1] < -90 || coord[1] > 90 {
			return 0, fieldErr(field, "want [lon, lat] in degrees")
		}
		k := [2]float64{coord[0], coord[1]}
		if i, ok := l.byCoord[k]; ok {
			return i, nil
		}
		if len(l.coords) >= MaxLocations {
			return 0, fieldErr(field, "more than %d distinct locations", MaxLocations)
		}
		l.byCoord[k] = len(l.coords)
		l.coords = append(l.coords, k)
		return len(l.coords) - 1, nil
	}
	return 0, fieldErr(field, "missing location")
}

func timeWindows(field string, tws [][]float64) ([]vrp.TimeWindow, error) {
	if len(tws) > MaxTimeWindows {
		return nil, fieldErr(field, "more than %d time windows", MaxTimeWindows)
	}
	out := make([]vrp.TimeWindow, 0, len(tws))
	for i, w := range tws {
		f := fmt.Sprintf("%s[%d]", field, i)
		if len(w) != 2 {
			return nil, fieldErr(f, "want [start, end]")
		}
		if w[0] < 0 || w[1] < w[0] || math.IsNaN(w[0]) || math.IsNaN(w[1]) {
			return nil, fieldErr(f, "want 0 <= start <= end")
		}
		out = append(out, vrp.TimeWindow{Start: w[0], End: w[1]})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Start < out[b].Start })
	for i := 1; i < len(out); i++ {
		if out[i].Start <= out[i-1].End {
			return nil, fieldErr(field, "time windows overlap")
		}
	}
	return out, nil
}

// FromInput converts a parsed VROOM input; see Decode.
func FromInput(in *Input, matrices MatrixFunc) (*vrp.Problem, *Meta, error) {
	if len(in.Vehicles) == 0 {
		return nil, nil, fieldErr("vehicles", "at least one vehicle is required")
	}
	if len(in.Vehicles) > MaxVehicles {
		return nil, nil, fieldErr("vehicles", "more than %d vehicles", MaxVehicles)
	}
	if len(in.Jobs)+2*len(in.Shipments) > MaxJobs {
		return nil, nil, fieldErr("jobs", "more than %d tasks (a shipment counts twice)", MaxJobs)
	}
	if len(in.Jobs)+len(in.Shipments) == 0 {
		return nil, nil, fieldErr("jobs", "no jobs or shipments")
	}
	dims := -1
	amount := func(field string, a []int64) ([]int64, error) {
		if a == nil {
			return nil, nil
		}
		if dims < 0 {
			dims = len(a)
		}
		if len(a) != dims {
			return nil, fieldErr(field, "has %d values, others have %d", len(a), dims)
		}
		if len(a) > vrp.MaxDims {
			return nil, fieldErr(field, "more than %d capacity dimensions", vrp.MaxDims)
		}
		for i, x := range a {
			if x < 0 {
				return nil, fieldErr(fmt.Sprintf("%s[%d]", field, i), "must be non-negative")
			}
		}
		return a, nil
	}
	loc := &locator{byCoord: map[[2]float64]int{}}
	p := &vrp.Problem{}
	meta := &Meta{}
	seenJob := map[uint64]bool{}
	for i := range in.Vehicles {
		v := &in.Vehicles[i]
		f := fmt.Sprintf("vehicles[%d]", i)
		if len(v.Breaks) > 0 {
			return nil, nil, fieldErr(f+".breaks", "breaks are not supported")
		}
		out := vrp.Vehicle{ID: fmt.Sprint(v.ID), Start: vrp.NoLocation, End: vrp.NoLocation, Skills: v.Skills}
		var err error
		if v.Start != nil || v.StartIndex != nil {
			if out.Start, err = loc.resolve(f+".start", v.Start, v.StartIndex); err != nil {
				return nil, nil, err
			}
		}
		if v.End != nil || v.EndIndex != nil {
			if out.End, err = loc.resolve(f+".end", v.End, v.EndIndex); err != nil {
				return nil, nil, err
			}
		}
		if out.Start == vrp.NoLocation && out.End == vrp.NoLocation {
			return nil, nil, fieldErr(f, "needs a start or an end")
		}
		if out.Capacity, err = amount(f+".capacity", v.Capacity); err != nil {
			return nil, nil, err
		}
		if v.TimeWindow != nil {
			if len(v.TimeWindow) != 2 || v.TimeWindow[0] < 0 || v.TimeWindow[1] < v.TimeWindow[0] {
				return nil, nil, fieldErr(f+".time_window", "want [start, end] with 0 <= start <= end")
			}
			out.Shift = vrp.TimeWindow{Start: v.TimeWindow[0], End: v.TimeWindow[1]}
			if out.Shift.Start == 0 && out.Shift.End == 0 {
				return nil, nil, fieldErr(f+".time_window", "empty time window")
			}
		}
		if v.MaxTravelTime != nil {
			if *v.MaxTravelTime <= 0 {
				return nil, nil, fieldErr(f+".max_travel_time", "must be positive")
			}
			out.MaxTravelTime = *v.MaxTravelTime
		}
		out.PerTime = defaultPerHour / 3600
		if c := v.Costs; c != nil {
			if c.Fixed < 0 || c.PerKm < 0 || (c.PerHour != nil && *c.PerHour < 0) {
				return nil, nil, fieldErr(f+".costs", "costs must be non-negative")
			}
			out.Fixed = c.Fixed
			out.PerDistance = c.PerKm / 1000
			if c.PerHour != nil {
				out.PerTime = *c.PerHour / 3600
			}
		}
		if v.MaxTrips < 0 || v.MaxTrips > MaxTrips {
			return nil, nil, fieldErr(f+".max_trips", "must be in [0, %d]", MaxTrips)
		}
		if v.ReloadTime < 0 {
			return nil, nil, fieldErr(f+".reload_time", "must be non-negative")
		}
		out.MaxTrips, out.ReloadTime = v.MaxTrips, v.ReloadTime
		p.Vehicles = append(p.Vehicles, out)
		meta.VehicleIDs = append(meta.VehicleIDs, v.ID)
		meta.VehicleDescs = append(meta.VehicleDescs, v.Description)
	}
	for i := range in.Jobs {
		j := &in.Jobs[i]
		f := fmt.Sprintf("jobs[%d]", i)
		if seenJob[j.ID] {
			return nil, nil, fieldErr(f+".id", "duplicate job id %d", j.ID)
		}
		seenJob[j.ID] = true
		out := vrp.Job{ID: fmt.Sprint(j.ID), Service: j.Service, Skills: j.Skills, Priority: j.Priority, Penalty: j.Penalty}
		var err error
		if out.Location, err = loc.resolve(f+".location", j.Location, j.LocationIndex); err != nil {
			return nil, nil, err
		}
		if j.Service < 0 {
			return nil, nil, fieldErr(f+".service", "must be non-negative")
		}
		if j.Priority < 0 || j.Priority > MaxPriority {
			return nil, nil, fieldErr(f+".priority", "must be in [0, %d]", MaxPriority)
		}
		if j.Penalty < 0 {
			return nil, nil, fieldErr(f+".penalty", "must be non-negative")
		}
		del := j.Delivery
		if del == nil {
			del = j.Amount
		}
		if out.Delivery, err = amount(f+".delivery", del); err != nil {
			return nil, nil, err
		}
		if out.Pickup, err = amount(f+".pickup", j.Pickup); err != nil {
			return nil, nil, err
		}
		if out.TimeWindows, err = timeWindows(f+".time_windows", j.TimeWindows); err != nil {
			return nil, nil, err
		}
		p.Jobs = append(p.Jobs, out)
		meta.JobIDs = append(meta.JobIDs, j.ID)
		meta.JobDescs = append(meta.JobDescs, j.Description)
	}
	seenP, seenD := map[uint64]bool{}, map[uint64]bool{}
	for i := range in.Shipments {
		s := &in.Shipments[i]
		f := fmt.Sprintf("shipments[%d]", i)
		if seenP[s.Pickup.ID] {
			return nil, nil, fieldErr(f+".pickup.id", "duplicate pickup id %d", s.Pickup.ID)
		}
		if seenD[s.Delivery.ID] {
			return nil, nil, fieldErr(f+".delivery.id", "duplicate delivery id %d", s.Delivery.ID)
		}
		seenP[s.Pickup.ID], seenD[s.Delivery.ID] = true, true
		out := vrp.Shipment{Skills: s.Skills, Priority: s.Priority, Penalty: s.Penalty}
		if s.Priority < 0 || s.Priority > MaxPriority {
			return nil, nil, fieldErr(f+".priority", "must be in [0, %d]", MaxPriority)
		}
		var err error
		if out.Amount, err = amount(f+".amount", s.Amount); err != nil {
			return nil, nil, err
		}
		for k, st := range []*ShipmentStep{&s.Pickup, &s.Delivery} {
			ff := f + ".pickup"
			task := &out.Pickup
			if k == 1 {
				ff, task = f+".delivery", &out.Delivery
			}
			task.ID = fmt.Sprint(st.ID)
			if task.Location, err = loc.resolve(ff+".location", st.Location, st.LocationIndex); err != nil {
				return nil, nil, err
			}
			if st.Service < 0 {
				return nil, nil, fieldErr(ff+".service", "must be non-negative")
			}
			task.Service = st.Service
			if task.TimeWindows, err = timeWindows(ff+".time_windows", st.TimeWindows); err != nil {
				return nil, nil, err
			}
		}
		p.Shipments = append(p.Shipments, out)
		meta.PickupIDs = append(meta.PickupIDs, s.Pickup.ID)
		meta.DeliveryIDs = append(meta.DeliveryIDs, s.Delivery.ID)
	}
	if dims <= 0 {
		dims = 1
	}
	p.Dims = dims
	// Missing amounts mean zero; capacity defaults to unbounded only when
	// no amount is given anywhere.
	for i := range p.Vehicles {
		v := &p.Vehicles[i]
		if v.Capacity == nil {
			v.Capacity = make([]int64, dims)
			for d := range v.Capacity {
				v.Capacity[d] = math.MaxInt64 / 4
			}
		}
		if v.MaxTrips > 1 && v.Start == vrp.NoLocation && v.End == vrp.NoLocation {
			return nil, nil, fieldErr(fmt.Sprintf("vehicles[%d].max_trips", i), "multi-trip needs a start or end depot")
		}
	}
	for i := range p.Shipments {
		if p.Shipments[i].Amount == nil {
			p.Shipments[i].Amount = make([]int64, dims)
		}
	}
	// Matrices.
	if len(in.Matrices) > 0 {
		if !loc.useIndex && loc.set {
			return nil, nil, fieldErr("matrices", "matrices need location_index on every task and vehicle end")
		}
		name := matrixProfileID
		ms, ok := in.Matrices[name]
		if !ok {
			if len(in.Matrices) != 1 {
				return nil, nil, fieldErr("matrices", "want a %q profile", matrixProfileID)
			}
			for k, v := range in.Matrices {
				name, ms = k, v
			}
		}
		f := "matrices." + name
		if ms.Durations == nil && ms.Distances == nil && ms.Costs == nil {
			return nil, nil, fieldErr(f, "no durations, distances or costs")
		}
		var err error
		if p.Durations, err = toMatrix(f+".durations", ms.Durations, loc.maxIndex); err != nil {
			return nil, nil, err
		}
		if p.Distances, err = toMatrix(f+".distances", ms.Distances, loc.maxIndex); err != nil {
			return nil, nil, err
		}
		if p.Costs, err = toMatrix(f+".costs", ms.Costs, loc.maxIndex); err != nil {
			return nil, nil, err
		}
		if p.Costs != nil {
			// VROOM: a custom cost matrix replaces the travel-time cost.
			for i := range p.Vehicles {
				if in.Vehicles[i].Costs == nil || in.Vehicles[i].Costs.PerHour == nil {
					p.Vehicles[i].PerTime = 0
				}
			}
		}
	} else {
		if loc.useIndex {
			return nil, nil, fieldErr("matrices", "location indices need matrices")
		}
		if matrices == nil {
			return nil, nil, fieldErr("matrices", "coordinates given but no matrix provider is configured")
		}
		du, di, err := matrices(loc.coords)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %v", ErrMatrix, err)
		}
		n := len(loc.coords)
		if p.Durations, err = toMatrix("matrices.durations", du, n-1); err != nil {
			return nil, nil, err
		}
		if p.Distances, err = toMatrix("matrices.distances", di, n-1); err != nil {
			return nil, nil, err
		}
		meta.Coords = loc.coords
		p.Coords = loc.coords
	}
	n := p.NumLocations()
	for _, m := range []*vrp.Matrix{p.Durations, p.Distances, p.Costs} {
		if m != nil && m.N != n {
			return nil, nil, fieldErr("matrices", "matrices have different sizes")
		}
	}
	if p.Durations == nil {
		p.Durations = vrp.NewMatrix(n)
	}
	if p.Distances == nil {
		p.Distances = vrp.NewMatrix(n)
	}
	if err := p.Validate(); err != nil {
		return nil, nil, fieldErr("", "%s", strings.TrimPrefix(err.Error(), "vrp: "))
	}
	return p, meta, nil
}

func toMatrix(field string, rows [][]float64, maxIndex int) (*vrp.Matrix, error) {
	if rows == nil {
		return nil, nil
	}
	n := len(rows)
	if n > MaxLocations {
		return nil, fieldErr(field, "more than %d rows", MaxLocations)
	}
	if maxIndex >= n {
		return nil, fieldErr(field, "has %d rows, location index %d used", n, maxIndex)
	}
	m := vrp.NewMatrix(n)
	for i, row := range rows {
		if len(row) != n {
			return nil, fieldErr(fmt.Sprintf("%s[%d]", field, i), "has %d values, want %d", len(row), n)
		}
		for j, x := range row {
			if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fieldErr(fmt.Sprintf("%s[%d][%d]", field, i, j), "must be finite and non-negative")
			}
			m.Set(i, j, x)
		}
	}
	return m, nil
}
