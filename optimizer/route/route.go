// Package route finds shortest paths over a network.Graph by travel time,
// distance or generalized cost in Rupiah for a vehicle profile.
//
// A Searcher owns all per-query memory (labels, an index-based binary heap,
// path buffers) and reuses it: after its first query on a graph it allocates
// nothing per query. Point-to-point queries run A* with a potential built
// from the straight-line chord to the target times the smallest ratio of
// metric to chord over all edges, which is consistent (hence exact: the first
// time the target is settled its label is optimal). One-to-many queries run
// Dijkstra until every target is settled.
//
// Ferry edges cost their crossing time plus the wait for the next departure
// when the query gives a departure time, or the expected wait (half the
// headway for a regular service) when it does not. A season-only service
// (network.Service.Seasons) departs only in its seasons: with a departure
// time it is used only if it departs within network.MaxWait; without one,
// only if the query's Day falls in a season (see ferryCost). With a departure time the
// travel-time search is exact (waiting for a ferry is first-in-first-out);
// distance and cost searches then price each wait at the clock of the label
// being extended, which is exact for the path found but may miss a path that
// is cheaper only because it reaches a port at a luckier time.
//
// Road restrictions (network.RoadRestriction, e.g. Jakarta's truck hours)
// bar a vehicle from entering a road during daily windows: with a departure
// time the vehicle waits at the entry or detours, whichever is cheaper for
// the metric; without one they cost nothing and Trip lists the restrictions
// the route enters (restrict.go states the exact semantics).
package route

import (
	"errors"
	"fmt"
	"math"

	"github.com/lumbung-id/lumbung/optimizer/network"
)

// Metric selects what a search minimizes.
type Metric uint8

// Metrics.
const (
	Time Metric = iota
	Distance
	Cost
)

var metricNames = [...]string{"time", "distance", "cost"}

// String returns the metric's API name.
func (m Metric) String() string {
	if int(m) < len(metricNames) {
		return metricNames[m]
	}
	return fmt.Sprintf("metric(%d)", m)
}

// ParseMetric maps "time", "distance" or "cost" to a Metric.
func ParseMetric(s string) (Metric, error) {
	for i, n := range metricNames {
		if n == s {
			return Metric(i), nil
		}
	}
	return 0, fmt.Errorf("%w: %q (want time, distance or cost)", ErrMetric, s)
}

// Profile is what the router needs to know about a vehicle.
type Profile struct {
	MaxSpeedKmh   float64 // caps every edge's truck speed
	CostPerKm     float64 // fuel and wear, Rupiah
	DriverPerHour float64 // Rupiah, for every hour on the road or waiting
	TollClass     int     // 1..5
	FerryClass    int     // index into network.FerryClasses
}

// Validate checks the profile's ranges.
func (p Profile) Validate() error {
	switch {
	case !(p.MaxSpeedKmh > 0) || p.MaxSpeedKmh > 200:
		return fmt.Errorf("%w: max speed %g km/h", ErrProfile, p.MaxSpeedKmh)
	case !(p.CostPerKm >= 0) || math.IsInf(p.CostPerKm, 0):
		return fmt.Errorf("%w: cost per km %g", ErrProfile, p.CostPerKm)
	case !(p.DriverPerHour >= 0) || math.IsInf(p.DriverPerHour, 0):
		return fmt.Errorf("%w: driver cost %g", ErrProfile, p.DriverPerHour)
	case p.TollClass < 1 || p.TollClass > network.NumTollClasses:
		return fmt.Errorf("%w: toll class %d", ErrProfile, p.TollClass)
	case p.FerryClass < 0 || p.FerryClass >= network.NumFerryClasses:
		return fmt.Errorf("%w: ferry class %d", ErrProfile, p.FerryClass)
	}
	return nil
}

// Options parameterize one query.
type Options struct {
	Metric  Metric
	Profile Profile
	// Depart is the departure time in Unix seconds; with HasDepart false
	// ferries cost their expected wait.
	Depart    float64
	HasDepart bool
	// Day, with HasDay, is any time (Unix seconds) on the day a query
	// without a departure time is for: a season-only ferry is used at its
	// expected wait on the days it runs and not at all on others, nor when
	// the query names no day.
	Day    float64
	HasDay bool
	// Avoid, if non-nil, is a bitset over edges (bit e of Avoid[e/64]) of
	// edges that may not be used: closed roads, suspended ferries.
	Avoid []uint64
}

// Sentinel errors.
var (
	ErrMetric      = errors.New("route: unknown metric")
	ErrProfile     = errors.New("route: invalid vehicle profile")
	ErrNode        = errors.New("route: node out of range")
	ErrUnreachable = errors.New("route: target unreachable")
)

// Breakdown splits a generalized cost into its parts, Rupiah.
type Breakdown struct {
	Running float64 // fuel and wear per km
	Driver  float64 // driver hours, waits included
	Toll    float64
	Ferry   float64 // tariffs
}

// Total returns the sum of the parts.
func (b Breakdown) Total() float64 { return b.Running + b.Driver + b.Toll + b.Ferry }

// Add returns the part-wise sum.
func (b Breakdown) Add(o Breakdown) Breakdown {
	return Breakdown{b.Running + o.Running, b.Driver + o.Driver, b.Toll + o.Toll, b.Ferry + o.Ferry}
}

// Path is a route between two nodes. Its slices belong to the Searcher that
// returned it and stay valid until that Searcher's next query; copy them to
// keep them.
type Path struct {
	Nodes     []network.NodeID
	Edges     []network.EdgeID
	Duration  float64 // seconds, ferry waits included
	Distance  float64 // metres
	Cost      Breakdown
	FerryWait float64 // seconds waiting for departures
	// RestrictionWait is the time spent waiting for road restrictions to
	// clear (restrict.go); included in Duration.
	RestrictionWait float64
}

// Totals are a path's sums without the path, as matrices report them.
type Totals struct {
	Duration, Distance, Cost float64
	Reachable                bool
}

// Value returns t's value under metric m.
func (t Totals) Value(m Metric) float64 {
	switch m {
	case Time:
		return t.Duration
	case Distance:
		return t.Distance
	}
	return t.Cost
}

// Engine is what the planner and the API need from a router; Searcher is the
// plain A*/Dijkstra engine, and a contraction-hierarchy engine can implement
// the same interface.
type Engine interface {
	Route(from, to network.NodeID, opt *Options) (Path, error)
	OneToMany(from network.NodeID, targets []network.NodeID, opt *Options, out []Totals) error
}

var _ Engine = (*Searcher)(nil)

// TableEngine is an Engine that also answers many-to-many tables at once
// (a contraction hierarchy's bucket search) and is safe for concurrent use.
// Table fills out[i*len(targets)+j] with the totals of the best path from
// sources[i] to targets[j]; with opt.HasDepart every row departs at
// opt.Depart.
// RouteSeeds and TableSeeds answer between points on edges as
// Searcher.RouteSeeds and OneToManySeeds do (drives along one shared edge
// left to the caller).
type TableEngine interface {
	Engine
	Table(sources, targets []network.NodeID, opt *Options, out []Totals) error
	RouteSeeds(src, dst []Seed, opt *Options) (SeedPath, error)
	TableSeeds(src, dst [][]Seed, opt *Options, out []Totals) error
	// Ready reports whether queries under opt need no preprocessing that
	// costs more than a few one-to-many Dijkstra searches would: callers
	// with only a few roots (the planner's ports) use a Searcher otherwise.
	Ready(opt *Options) bool
}
