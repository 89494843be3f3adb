package vrp

import "math"

// buildSolution converts internal routes into a Solution with schedules,
// loads and costs, dropping reload visits that separate empty trips, and
// lists unserved tasks as unassigned.
func buildSolution(p *Problem, m *model, routes [][]int32) *Solution {
	sol := &Solution{}
	served := make([]bool, m.nc)
	for r, rt := range routes {
		// Drop reloads with an empty trip on either side.
		seq := make([]int32, 0, len(rt))
		for _, c := range rt {
			if m.kind[c] == kindReload && (len(seq) == 0 || m.kind[seq[len(seq)-1]] == kindReload) {
				continue
			}
			seq = append(seq, c)
		}
		for len(seq) > 0 && m.kind[seq[len(seq)-1]] == kindReload {
			seq = seq[:len(seq)-1]
		}
		if len(seq) == 0 {
			continue
		}
		t := &m.types[m.routeType[r]]
		v := &p.Vehicles[t.src]
		route := Route{Vehicle: t.src}
		tripLoad := func(from int) []int64 {
			l := make([]int64, p.Dims)
			for k := from; k < len(seq) && m.kind[seq[k]] != kindReload; k++ {
				for d := range p.Dims {
					l[d] += m.sLoad[int(seq[k])*MaxDims+d]
				}
			}
			return l
		}
		load := tripLoad(0)
		route.StartLoad = append([]int64(nil), load...)
		sh := v.shift()
		tm := sh.Start
		route.Start = tm
		prev := v.Start
		locOf := func(c int32) int {
			if m.kind[c] == kindReload {
				return v.depot()
			}
			switch m.kind[c] {
			case kindPickup:
				return p.Shipments[m.srcIdx[c]].Pickup.Location
			case kindDelivery:
				return p.Shipments[m.srcIdx[c]].Delivery.Location
			}
			return p.Jobs[m.srcIdx[c]].Location
		}
		travel := func(a, b int) (float64, float64, float64) {
			if a == NoLocation || b == NoLocation {
				return 0, 0, 0
			}
			var ex float64
			du, di := p.Travel(a, b)
			if p.Costs != nil {
				ex = p.Costs.At(a, b)
			}
			return du, di, ex
		}
		extra := 0.0
		for k, c := range seq {
			served[c] = true
			l := locOf(c)
			du, di, ex := travel(prev, l)
			route.Distance += di
			route.TravelTime += du
			extra += ex
			arr := tm + du
			start := arr
			var tws []TimeWindow
			step := Step{Index: int(m.srcIdx[c])}
			switch m.kind[c] {
			case kindJob:
				step.Kind = StepJob
				tws = p.Jobs[m.srcIdx[c]].TimeWindows
			case kindPickup:
				step.Kind = StepPickup
				tws = p.Shipments[m.srcIdx[c]].Pickup.TimeWindows
			case kindDelivery:
				step.Kind = StepDelivery
				tws = p.Shipments[m.srcIdx[c]].Delivery.TimeWindows
			case kindReload:
				step.Kind = StepReload
				step.Index = -1
			}
			for _, w := range tws {
				if arr <= w.End+checkEps {
					start = math.Max(arr, w.Start)
					break
				}
			}
			step.Arrival, step.Start = arr, start
			route.Waiting += start - arr
			route.Service += m.service[c]
			tm = start + m.service[c]
			prev = l
			if m.kind[c] == kindReload {
				load = tripLoad(k + 1)
			} else {
				for d := range p.Dims {
					load[d] += m.dLoad[int(c)*MaxDims+d]
				}
			}
			step.Load = append([]int64(nil), load...)
			route.Steps = append(route.Steps, step)
		}
		du, di, ex := travel(prev, v.End)
		route.Distance += di
		route.TravelTime += du
		extra += ex
		route.End = tm + du
		route.Cost = v.Fixed + v.PerDistance*route.Distance + v.PerTime*route.TravelTime + extra
		sol.Cost += route.Cost
		sol.Distance += route.Distance
		sol.Routes = append(sol.Routes, route)
	}
	sol.Unassigned = append(sol.Unassigned, m.unassigned...)
	for c := range m.nReg {
		if served[c] || m.kind[c] == kindDelivery {
			continue
		}
		u := Unassigned{Shipment: m.kind[c] == kindPickup, Index: int(m.srcIdx[c]), Reason: ReasonNoRoute, Penalty: m.penalty[c]}
		if u.Shipment {
			u.Penalty *= 2
		}
		sol.Unassigned = append(sol.Unassigned, u)
	}
	for _, u := range sol.Unassigned {
		sol.Cost += u.Penalty
	}
	return sol
}

// Plan is a route given as its vehicle and visit sequence; only Kind and
// Index of the steps are used.
type Plan struct {
	Vehicle int
	Steps   []Step
}

// NewSolution builds a Solution from plans, computing schedules (departure
// at shift start, service at the first window that is still open), loads
// and costs; tasks absent from the plans are reported unassigned. It does
// not check feasibility: use Check.
func NewSolution(p *Problem, plans []Plan) (*Solution, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	sol := &Solution{}
	jobSeen := make([]bool, len(p.Jobs))
	shipSeen := make([]bool, len(p.Shipments))
	def := p.DefaultPenalty()
	for _, pl := range plans {
		if pl.Vehicle < 0 || pl.Vehicle >= len(p.Vehicles) {
			return nil, invalid("plan vehicle %d out of range", pl.Vehicle)
		}
		if len(pl.Steps) == 0 {
			continue
		}
		v := &p.Vehicles[pl.Vehicle]
		r := Route{Vehicle: pl.Vehicle}
		tripLoad := func(from int) []int64 {
			l := make([]int64, p.Dims)
			for k := from; k < len(pl.Steps) && pl.Steps[k].Kind != StepReload; k++ {
				if st := pl.Steps[k]; st.Kind == StepJob {
					for d, x := range p.Jobs[st.Index].Delivery {
						l[d] += x
					}
				}
			}
			return l
		}
		load := tripLoad(0)
		r.StartLoad = append([]int64(nil), load...)
		r.Start = v.shift().Start
		tm, prev := r.Start, v.Start
		extra := 0.0
		leg := func(a, b int) {
			if a == NoLocation || b == NoLocation {
				return
			}
			du, di := p.Travel(a, b)
			r.Distance += di
			r.TravelTime += du
			tm += du
			if p.Costs != nil {
				extra += p.Costs.At(a, b)
			}
		}
		for k, st := range pl.Steps {
			var l int
			var svc float64
			var tws []TimeWindow
			switch st.Kind {
			case StepJob:
				if st.Index < 0 || st.Index >= len(p.Jobs) {
					return nil, invalid("job %d out of range", st.Index)
				}
				j := &p.Jobs[st.Index]
				jobSeen[st.Index] = true
				l, svc, tws = j.Location, j.Service, j.TimeWindows
				for d := range p.Dims {
					if d < len(j.Delivery) {
						load[d] -= j.Delivery[d]
					}
					if d < len(j.Pickup) {
						load[d] += j.Pickup[d]
					}
				}
			case StepPickup, StepDelivery:
				if st.Index < 0 || st.Index >= len(p.Shipments) {
					return nil, invalid("shipment %d out of range", st.Index)
				}
				s := &p.Shipments[st.Index]
				shipSeen[st.Index] = true
				task, sign := &s.Pickup, int64(1)
				if st.Kind == StepDelivery {
					task, sign = &s.Delivery, -1
				}
				l, svc, tws = task.Location, task.Service, task.TimeWindows
				for d, x := range s.Amount {
					load[d] += sign * x
				}
			case StepReload:
				l, svc = v.depot(), v.ReloadTime
			}
			leg(prev, l)
			arr := tm
			start := arr
			for _, w := range tws {
				if arr <= w.End+checkEps {
					start = math.Max(arr, w.Start)
					break
				}
			}
			if st.Kind == StepReload {
				load = tripLoad(k + 1)
			}
			r.Waiting += start - arr
			r.Service += svc
			tm = start + svc
			prev = l
			r.Steps = append(r.Steps, Step{Kind: st.Kind, Index: st.Index, Arrival: arr, Start: start, Load: append([]int64(nil), load...)})
		}
		leg(prev, v.End)
		r.End = tm
		r.Cost = v.Fixed + v.PerDistance*r.Distance + v.PerTime*r.TravelTime + extra
		sol.Cost += r.Cost
		sol.Distance += r.Distance
		sol.Routes = append(sol.Routes, r)
	}
	for i, ok := range jobSeen {
		if !ok {
			pen := penaltyOf(p.Jobs[i].Penalty, p.Jobs[i].Priority, def)
			sol.Unassigned = append(sol.Unassigned, Unassigned{Index: i, Reason: ReasonNoRoute, Penalty: pen})
		}
	}
	for i, ok := range shipSeen {
		if !ok {
			pen := penaltyOf(p.Shipments[i].Penalty, p.Shipments[i].Priority, def)
			sol.Unassigned = append(sol.Unassigned, Unassigned{Shipment: true, Index: i, Reason: ReasonNoRoute, Penalty: pen})
		}
	}
	for _, u := range sol.Unassigned {
		sol.Cost += u.Penalty
	}
	return sol, nil
}
