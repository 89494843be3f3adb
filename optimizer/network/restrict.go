package network

import (
	"errors"
	"fmt"
	"math"
)

// Road restrictions are recurring time windows during which a class of
// vehicles may not enter a set of roads: Jakarta's truck bans on the inner
// toll ring and some arterials at rush hours, for example. A restriction
// binds vehicles of at least MinTollClass; the router decides what a
// restriction costs (a wait before the road, or a detour).

// DailyWindow is a weekly recurring interval of local time: from From to To
// seconds after local midnight on the days in Days. From > To wraps past
// midnight into the next day (the day named is the day the window opens).
type DailyWindow struct {
	// Days is a bitset of weekdays, bit time.Weekday (Sunday = 0); 0 means
	// every day.
	Days     uint8
	From, To float64
}

// RoadRestriction is a time-windowed ban on entering some roads.
type RoadRestriction struct {
	ID   string
	Name string
	// MinTollClass is the smallest toll class (1..5) the ban applies to:
	// 2 bans every truck of two axles and more, leaving class I (cars and
	// pickups) free.
	MinTollClass int
	Windows      []DailyWindow
	// UTCOffsetSeconds places local midnight (WIB is +7 h).
	UTCOffsetSeconds int
	Source           string
}

// ErrRestriction reports an invalid restriction.
var ErrRestriction = errors.New("network: invalid restriction")

const (
	secondsPerDay  = 86400.0
	secondsPerWeek = 7 * secondsPerDay
)

func (r *RoadRestriction) validate() error {
	if r.MinTollClass < 1 || r.MinTollClass > NumTollClasses {
		return fmt.Errorf("%w: %q: min toll class %d", ErrRestriction, r.ID, r.MinTollClass)
	}
	if len(r.Windows) == 0 {
		return fmt.Errorf("%w: %q: no time window", ErrRestriction, r.ID)
	}
	for _, w := range r.Windows {
		if !(w.From >= 0 && w.From < secondsPerDay && w.To >= 0 && w.To <= secondsPerDay) || w.From == w.To || w.Days&0x80 != 0 {
			return fmt.Errorf("%w: %q: window %+v", ErrRestriction, r.ID, w)
		}
	}
	return nil
}

// Applies reports whether the restriction binds a vehicle of toll class c.
func (r *RoadRestriction) Applies(tollClass int) bool { return tollClass >= r.MinTollClass }

// Clear returns the earliest time at or after t (Unix seconds) at which the
// restriction is not in force. It allocates nothing.
func (r *RoadRestriction) Clear(t float64) float64 {
	// Windows may chain (one ends as the next opens): step through the ends
	// until none is open. A week bounds the walk, since a restriction open
	// around the clock every day of the week would never clear.
	start := t
	for range 7 * len(r.Windows) * 2 {
		end, open := r.openUntil(t)
		if !open {
			return t
		}
		t = end
		if t-start > secondsPerWeek {
			break
		}
	}
	return math.Inf(1)
}

// Active reports whether the restriction is in force at t (Unix seconds).
func (r *RoadRestriction) Active(t float64) bool {
	_, open := r.openUntil(t)
	return open
}

// openUntil returns the latest end among the windows open at t.
func (r *RoadRestriction) openUntil(t float64) (float64, bool) {
	local := t + float64(r.UTCOffsetSeconds)
	dayStart := math.Floor(local/secondsPerDay) * secondsPerDay
	sod := local - dayStart
	// 1970-01-01 was a Thursday (weekday 4).
	wd := (int(math.Floor(local/secondsPerDay))%7 + 7 + 4) % 7
	end, open := 0.0, false
	for _, w := range r.Windows {
		var e float64
		switch {
		case w.From < w.To && sod >= w.From && sod < w.To && w.on(wd):
			e = dayStart + w.To
		case w.From > w.To && sod >= w.From && w.on(wd): // opened today, runs past midnight
			e = dayStart + secondsPerDay + w.To
		case w.From > w.To && sod < w.To && w.on((wd+6)%7): // opened yesterday
			e = dayStart + w.To
		default:
			continue
		}
		if !open || e > end {
			end, open = e, true
		}
	}
	return end - float64(r.UTCOffsetSeconds), open
}

func (w DailyWindow) on(weekday int) bool { return w.Days == 0 || w.Days&(1<<uint(weekday)) != 0 }

// AddRoadRestriction registers a restriction on the given roads (indices from
// AddRoad) and returns its index. A road carries at most one restriction.
func (b *Builder) AddRoadRestriction(r RoadRestriction, roads []int32) int {
	i := len(b.restrictions)
	b.restrictions = append(b.restrictions, r)
	for _, ro := range roads {
		b.restricted = append(b.restricted, roadRestriction{road: ro, restriction: int16(i)})
	}
	return i
}

type roadRestriction struct {
	road        int32
	restriction int16
}

// attachRestrictions validates the builder's restrictions and gives every
// edge of a restricted road its restriction index.
func (g *Graph) attachRestrictions(b *Builder) error {
	if len(b.restrictions) > math.MaxInt16 {
		return fmt.Errorf("%w: %d restrictions", ErrRestriction, len(b.restrictions))
	}
	byRoad := make([]int16, len(g.roads))
	for i := range byRoad {
		byRoad[i] = None
	}
	for i := range b.restrictions {
		if err := b.restrictions[i].validate(); err != nil {
			return err
		}
	}
	for _, rr := range b.restricted {
		if rr.road < 0 || int(rr.road) >= len(g.roads) {
			return fmt.Errorf("%w: %q: road %d out of range", ErrRestriction, b.restrictions[rr.restriction].ID, rr.road)
		}
		if prev := byRoad[rr.road]; prev != None && prev != rr.restriction {
			return fmt.Errorf("%w: road %q has two restrictions, %q and %q", ErrRestriction,
				g.roads[rr.road].ID, b.restrictions[prev].ID, b.restrictions[rr.restriction].ID)
		}
		byRoad[rr.road] = rr.restriction
	}
	g.restrictions = b.restrictions
	g.restr = make([]int16, len(g.head))
	for e, ro := range g.road {
		g.restr[e] = None
		if ro != None {
			g.restr[e] = byRoad[ro]
		}
	}
	return nil
}

// RoadRestrictions returns the graph's road restrictions.
func (g *Graph) RoadRestrictions() []RoadRestriction { return g.restrictions }

// Restricted returns the index of the restriction on edge e, or None.
func (g *Graph) Restricted(e EdgeID) int { return int(g.restr[e]) }

// EdgeRestrictions is the per-edge restriction index (None where free), in
// CSR order, for tight search loops.
func (g *Graph) EdgeRestrictions() []int16 { return g.restr }
