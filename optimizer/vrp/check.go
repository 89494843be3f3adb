package vrp

import (
	"fmt"
	"math"
)

// checkEps is the tolerance for time and cost comparisons; schedules are
// sums of floating-point travel times, so exact equality is not meaningful.
const checkEps = 1e-6

// DefaultPenalty returns the automatic cost of leaving a task unassigned: it
// exceeds the cost of any single route visit so that serving is preferred.
func (p *Problem) DefaultPenalty() float64 {
	if p.UnassignedPenalty > 0 {
		return p.UnassignedPenalty
	}
	maxArc, maxFixed, maxRate := 0.0, 0.0, 1.0
	if p.Euclidean {
		maxArc = longestArc(p.Coords)
	}
	for i, m := range []*Matrix{p.Durations, p.Distances, p.Costs} {
		if m == nil || (i == 1 && m == p.Durations) {
			continue
		}
		for _, x := range m.Data {
			maxArc = math.Max(maxArc, x)
		}
	}
	for _, v := range p.Vehicles {
		maxFixed = math.Max(maxFixed, v.Fixed)
		maxRate = math.Max(maxRate, v.PerDistance+v.PerTime+1)
	}
	return 100 * (2*maxArc*maxRate + maxFixed + 1)
}

// penaltyOf returns the unassigned penalty of a task given its explicit
// penalty, priority and the problem default.
func penaltyOf(explicit float64, priority int, def float64) float64 {
	if explicit > 0 {
		return explicit
	}
	return def * (1 + float64(priority)/10)
}

func viol(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInfeasible, fmt.Sprintf(format, a...))
}

// Check verifies s against every hard constraint of p, independently of the
// solver: each job and shipment served exactly once or reported unassigned,
// vehicle copies used at most Count times, skills, capacity in every
// dimension at every point of every trip, time windows, shifts, maximum
// travel time, reload count, and shipments picked up before delivery in the
// same vehicle and trip. It recomputes the schedule from each route's start
// time and the total cost, and fails if s.Cost differs. It returns the
// recomputed cost.
func Check(p *Problem, s *Solution) (float64, error) {
	if err := p.Validate(); err != nil {
		return 0, err
	}
	nj, ns := len(p.Jobs), len(p.Shipments)
	jobSeen := make([]int, nj)
	pickSeen := make([]int, ns)
	delSeen := make([]int, ns)
	used := make([]int, len(p.Vehicles))
	def := p.DefaultPenalty()
	total := 0.0
	dur := func(a, b int) float64 {
		d, _ := p.Travel(a, b)
		return d
	}
	dist := func(a, b int) float64 {
		_, d := p.Travel(a, b)
		return d
	}
	extra := func(a, b int) float64 {
		if a == NoLocation || b == NoLocation || p.Costs == nil {
			return 0
		}
		return p.Costs.At(a, b)
	}
	hasSkills := func(have, need []int) bool {
		for _, n := range need {
			ok := false
			for _, h := range have {
				ok = ok || h == n
			}
			if !ok {
				return false
			}
		}
		return true
	}
	serviceStart := func(arr float64, tws []TimeWindow) (float64, bool) {
		if len(tws) == 0 {
			return arr, true
		}
		for _, w := range tws {
			if arr <= w.End+checkEps {
				return math.Max(arr, w.Start), true
			}
		}
		return 0, false
	}
	totalDist := 0.0
	for ri := range s.Routes {
		r := &s.Routes[ri]
		if r.Vehicle < 0 || r.Vehicle >= len(p.Vehicles) {
			return 0, viol("route %d: vehicle %d out of range", ri, r.Vehicle)
		}
		v := &p.Vehicles[r.Vehicle]
		used[r.Vehicle]++
		if used[r.Vehicle] > p.vehicleCount(r.Vehicle) {
			return 0, viol("vehicle %d used more than %d times", r.Vehicle, p.vehicleCount(r.Vehicle))
		}
		if len(r.Steps) == 0 {
			continue
		}
		sh := v.shift()
		if r.Start < sh.Start-checkEps {
			return 0, viol("route %d starts at %g before shift %g", ri, r.Start, sh.Start)
		}
		// Split the route into trips separated by reloads; compute each
		// trip's start load (its deliveries) first.
		trips := 1
		for _, st := range r.Steps {
			if st.Kind == StepReload {
				trips++
			}
		}
		maxTrips := max(v.MaxTrips, 1)
		if trips > maxTrips {
			return 0, viol("route %d: %d trips, vehicle allows %d", ri, trips, maxTrips)
		}
		load := make([]int64, p.Dims)
		tripOf := make(map[int]int) // shipment -> trip of its pickup
		trip := 0
		startTripLoad := func(from int) {
			clear(load)
			for k := from; k < len(r.Steps) && r.Steps[k].Kind != StepReload; k++ {
				st := r.Steps[k]
				if st.Kind == StepJob && st.Index >= 0 && st.Index < nj {
					for d, x := range p.Jobs[st.Index].Delivery {
						load[d] += x
					}
				}
			}
		}
		checkLoad := func(where string) error {
			for d := range load {
				if load[d] > v.Capacity[d] {
					return viol("route %d %s: load %d > capacity %d (dim %d)", ri, where, load[d], v.Capacity[d], d)
				}
				if load[d] < 0 {
					return viol("route %d %s: negative load", ri, where)
				}
			}
			return nil
		}
		startTripLoad(0)
		if err := checkLoad("start"); err != nil {
			return 0, err
		}
		t := r.Start
		prev := v.Start
		var d, tt, ex, svc float64
		for k, st := range r.Steps {
			var l int
			var service float64
			var tws []TimeWindow
			switch st.Kind {
			case StepJob:
				if st.Index < 0 || st.Index >= nj {
					return 0, viol("route %d step %d: job %d out of range", ri, k, st.Index)
				}
				j := &p.Jobs[st.Index]
				jobSeen[st.Index]++
				if !hasSkills(v.Skills, j.Skills) {
					return 0, viol("job %d: vehicle %d lacks skills", st.Index, r.Vehicle)
				}
				l, service, tws = j.Location, j.Service, j.TimeWindows
			case StepPickup, StepDelivery:
				if st.Index < 0 || st.Index >= ns {
					return 0, viol("route %d step %d: shipment %d out of range", ri, k, st.Index)
				}
				sp := &p.Shipments[st.Index]
				if !hasSkills(v.Skills, sp.Skills) {
					return 0, viol("shipment %d: vehicle %d lacks skills", st.Index, r.Vehicle)
				}
				task := &sp.Pickup
				if st.Kind == StepPickup {
					pickSeen[st.Index]++
					tripOf[st.Index] = ri*1_000_000 + trip
				} else {
					task = &sp.Delivery
					delSeen[st.Index]++
					tr, ok := tripOf[st.Index]
					if !ok || tr != ri*1_000_000+trip {
						return 0, viol("shipment %d: delivery without earlier pickup in the same vehicle trip", st.Index)
					}
				}
				l, service, tws = task.Location, task.Service, task.TimeWindows
			case StepReload:
				if v.MaxTrips < 2 {
					return 0, viol("route %d: reload on a single-trip vehicle", ri)
				}
				l, service = v.depot(), v.ReloadTime
			default:
				return 0, viol("route %d: unknown step kind", ri)
			}
			arr := t + dur(prev, l)
			d += dist(prev, l)
			tt += dur(prev, l)
			ex += extra(prev, l)
			start, ok := serviceStart(arr, tws)
			if !ok {
				return 0, viol("route %d step %d: arrival %g after its time windows", ri, k, arr)
			}
			if math.Abs(arr-st.Arrival) > checkEps*math.Max(1, math.Abs(arr)) || math.Abs(start-st.Start) > checkEps*math.Max(1, math.Abs(start)) {
				return 0, viol("route %d step %d: reported times %g/%g, recomputed %g/%g", ri, k, st.Arrival, st.Start, arr, start)
			}
			svc += service
			t = start + service
			prev = l
			switch st.Kind {
			case StepJob:
				j := &p.Jobs[st.Index]
				for dd, x := range j.Delivery {
					load[dd] -= x
				}
				for dd, x := range j.Pickup {
					load[dd] += x
				}
			case StepPickup:
				for dd, x := range p.Shipments[st.Index].Amount {
					load[dd] += x
				}
			case StepDelivery:
				for dd, x := range p.Shipments[st.Index].Amount {
					load[dd] -= x
				}
			case StepReload:
				trip++
				startTripLoad(k + 1)
			}
			if err := checkLoad(fmt.Sprintf("step %d", k)); err != nil {
				return 0, err
			}
		}
		arr := t + dur(prev, v.End)
		d += dist(prev, v.End)
		tt += dur(prev, v.End)
		ex += extra(prev, v.End)
		if arr > sh.End+checkEps*math.Max(1, math.Abs(sh.End)) {
			return 0, viol("route %d: returns at %g after shift end %g", ri, arr, sh.End)
		}
		if v.MaxTravelTime > 0 && tt > v.MaxTravelTime+checkEps*math.Max(1, v.MaxTravelTime) {
			return 0, viol("route %d: travel time %g > max %g", ri, tt, v.MaxTravelTime)
		}
		cost := v.Fixed + v.PerDistance*d + v.PerTime*tt + ex
		total += cost
		totalDist += d
	}
	unJob := make([]int, nj)
	unShip := make([]int, ns)
	for _, u := range s.Unassigned {
		if u.Shipment {
			if u.Index < 0 || u.Index >= ns {
				return 0, viol("unassigned shipment %d out of range", u.Index)
			}
			unShip[u.Index]++
			sp := &p.Shipments[u.Index]
			total += penaltyOf(sp.Penalty, sp.Priority, def)
		} else {
			if u.Index < 0 || u.Index >= nj {
				return 0, viol("unassigned job %d out of range", u.Index)
			}
			unJob[u.Index]++
			total += penaltyOf(p.Jobs[u.Index].Penalty, p.Jobs[u.Index].Priority, def)
		}
	}
	for i := range nj {
		if jobSeen[i]+unJob[i] != 1 {
			return 0, viol("job %d served %d times, unassigned %d times", i, jobSeen[i], unJob[i])
		}
	}
	for i := range ns {
		if unShip[i] == 1 && pickSeen[i] == 0 && delSeen[i] == 0 {
			continue
		}
		if unShip[i] != 0 || pickSeen[i] != 1 || delSeen[i] != 1 {
			return 0, viol("shipment %d: picked %d, delivered %d, unassigned %d", i, pickSeen[i], delSeen[i], unShip[i])
		}
	}
	if math.Abs(total-s.Cost) > 1e-6*math.Max(1, math.Abs(total)) {
		return total, viol("reported cost %g, recomputed %g", s.Cost, total)
	}
	if math.Abs(totalDist-s.Distance) > 1e-6*math.Max(1, totalDist) {
		return total, viol("reported distance %g, recomputed %g", s.Distance, totalDist)
	}
	return total, nil
}
