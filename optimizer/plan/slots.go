package plan

import (
	"sort"
)

// slotResult is the ferry assignment of every truck.
type slotResult struct {
	unslotted int
	// used[x][day] trucks boarded; cap[x][day] integer deck slots offered
	used  [][]int
	slots [][]int
}

// assignSlots gives every truck a departure. Trucks leave their collection
// point evenly spread over the loading window, reach the port after the
// router's first-leg time, and board, in order of arrival, the earliest
// departure of their crossing with deck space left for their ferry class.
//
// For trucks of one class this first-come-first-served rule minimizes the
// total wait exactly: swapping the departures of two trucks that arrive in
// the other order never shortens the sum of waits (an exchange argument),
// and no truck skips a departure with space. Deck space per departure is the
// plan's share of the deck, made integer by cumulative rounding down, so the
// slots offered over a day never exceed the capacity the allocation used.
// Trucks that find no departure within the horizon plus one day count as
// unslotted and are priced at the expected wait.
func (m *Model) assignSlots(t *tables, r *resolved, loads []load) slotResult {
	X := len(m.in.Crossings)
	days := r.days + 1
	res := slotResult{used: make([][]int, X), slots: make([][]int, X)}
	type truck struct {
		arrive float64
		load   int
		idx    int
	}
	win0, win1 := m.in.Params.LoadingStartHour*3600, m.in.Params.LoadingEndHour*3600
	for i := range loads {
		l := &loads[i]
		l.depart = make([]float64, l.trucks)
		l.wait = make([]float64, l.trucks)
		l.leave = make([]float64, l.trucks)
	}
	for x := 0; x < X; x++ {
		res.used[x] = make([]int, days)
		res.slots[x] = make([]int, days)
		// departures over the horizon and one spill-over day
		var deps []float64
		var open []bool
		var depDay []int
		for d := 0; d < days; d++ {
			ts, op := m.departures(x, r, d)
			deps = append(deps, ts...)
			open = append(open, op...)
			for range ts {
				depDay = append(depDay, d)
			}
		}
		for f := 0; f < 6; f++ {
			var trucks []truck
			for i := range loads {
				l := &loads[i]
				if l.x != x || m.in.Vehicles[l.v].Profile.FerryClass != f {
					continue
				}
				first := m.first(t, r, l.v, m.xs[x], l.c)
				dayStart := float64(r.start.AddDate(0, 0, l.day).Unix())
				for j := 0; j < l.trucks; j++ {
					leave := dayStart + win0 + (float64(j)+0.5)/float64(l.trucks)*(win1-win0)
					l.leave[j] = leave
					trucks = append(trucks, truck{arrive: leave + first.time, load: i, idx: j})
				}
			}
			if len(trucks) == 0 {
				continue
			}
			per := m.deckPerDeparture(x, r, f)
			capLeft := make([]int, len(deps))
			acc, prev := 0.0, 0
			for i := range deps {
				if !open[i] {
					continue
				}
				acc += per
				n := int(acc + 1e-9)
				capLeft[i] = n - prev
				prev = n
				res.slots[x][depDay[i]] += capLeft[i]
			}
			sort.Slice(trucks, func(a, b int) bool {
				if trucks[a].arrive != trucks[b].arrive {
					return trucks[a].arrive < trucks[b].arrive
				}
				if trucks[a].load != trucks[b].load {
					return trucks[a].load < trucks[b].load
				}
				return trucks[a].idx < trucks[b].idx
			})
			arrive := make([]float64, len(trucks))
			for i, tr := range trucks {
				arrive[i] = tr.arrive
			}
			for i, q := range boardFIFO(arrive, deps, capLeft) {
				tr := trucks[i]
				l := &loads[tr.load]
				if q < 0 {
					res.unslotted++
					w, _ := m.crossingTimes(x, r, l.day)
					l.wait[tr.idx] = w
					l.depart[tr.idx] = tr.arrive + w
					continue
				}
				res.used[x][depDay[q]]++
				l.depart[tr.idx] = deps[q]
				l.wait[tr.idx] = deps[q] - tr.arrive
			}
		}
	}
	return res
}

// boardFIFO gives each truck, in order of arrival (arrive sorted), the
// earliest departure at or after its arrival that still has space (deps
// sorted, caps consumed), or -1. It minimizes the total wait exactly; the
// tests check it against a min-cost flow.
func boardFIFO(arrive, deps []float64, caps []int) []int {
	out := make([]int, len(arrive))
	p := 0
	for i, a := range arrive {
		for p < len(deps) && deps[p] < a {
			p++
		}
		q := p
		for q < len(deps) && caps[q] == 0 {
			q++
		}
		if q == len(deps) {
			out[i] = -1
			continue
		}
		caps[q]--
		out[i] = q
	}
	return out
}
