package network

import (
	"math"
	"sort"
)

// Window is a half-open time interval [From, To) in Unix seconds. Open ends
// are ±Inf.
type Window struct {
	From, To float64
}

// Contains reports whether t lies in the window.
func (w Window) Contains(t float64) bool { return t >= w.From && t < w.To }

// MaxWait is the longest a vehicle waits for a departure: a service whose
// next departure is further away than this (out of season, or after its
// last season) has no departure for that vehicle.
const MaxWait = 86400

// Seasonal reports whether the service runs only in dated seasons.
func (s *Service) Seasonal() bool { return len(s.Seasons) > 0 }

// InSeason reports whether a departure at t (Unix seconds) lies in one of
// the service's seasons; a year-round service is always in season.
func (s *Service) InSeason(t float64) bool {
	if len(s.Seasons) == 0 {
		return true
	}
	i := sort.Search(len(s.Seasons), func(i int) bool { return s.Seasons[i].To > t })
	return i < len(s.Seasons) && s.Seasons[i].Contains(t)
}

// RunsOn reports whether the service has a departure on the local day that
// contains t: a year-round service always does, a seasonal one on the days
// a season overlaps.
func (s *Service) RunsOn(t float64) bool {
	if len(s.Seasons) == 0 {
		return true
	}
	off := float64(s.UTCOffsetSeconds)
	lo := math.Floor((t+off)/86400)*86400 - off
	hi := lo + 86400
	for _, w := range s.Seasons {
		if w.From < hi && w.To > lo {
			return true
		}
	}
	return false
}

// OffSeason returns the windows in which a seasonal service does not sail:
// the complement of its seasons, with open ends at ±Inf. A year-round
// service has none.
func (s *Service) OffSeason() []Window {
	if len(s.Seasons) == 0 {
		return nil
	}
	out := make([]Window, 0, len(s.Seasons)+1)
	prev := math.Inf(-1)
	for _, w := range s.Seasons {
		if w.From > prev {
			out = append(out, Window{prev, w.From})
		}
		prev = w.To
	}
	return append(out, Window{prev, math.Inf(1)})
}

// NextDeparture returns the seconds from clock t (Unix seconds) to the next
// departure in season, looking at most MaxWait ahead; ok is false when there
// is none in that time. It is first-in-first-out within MaxWait: a later
// arrival never departs earlier.
func (s *Service) NextDeparture(t float64) (wait float64, ok bool) {
	if len(s.Seasons) == 0 {
		return s.Wait(t), true
	}
	waited := 0.0
	for waited <= MaxWait {
		w := s.Wait(t + waited)
		d := t + waited + w
		if s.InSeason(d) {
			if waited+w > MaxWait {
				return 0, false
			}
			return waited + w, true
		}
		// jump to the next season's opening, or past this departure
		i := sort.Search(len(s.Seasons), func(i int) bool { return s.Seasons[i].From > d })
		if i == len(s.Seasons) {
			return 0, false
		}
		waited = s.Seasons[i].From - t
	}
	return 0, false
}

// checkSeasons validates a service's seasons: sorted, disjoint, non-empty.
func (s *Service) checkSeasons() bool {
	for i, w := range s.Seasons {
		if !(w.To > w.From) || math.IsNaN(w.From) || math.IsNaN(w.To) {
			return false
		}
		if i > 0 && w.From < s.Seasons[i-1].To {
			return false
		}
	}
	return true
}
