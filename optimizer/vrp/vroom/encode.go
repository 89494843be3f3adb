package vroom

import (
	"math"

	"github.com/lumbung-id/lumbung/optimizer/vrp"
)

// Output is VROOM's solution shape; it marshals to VROOM's JSON.
type Output struct {
	Code       int             `json:"code"`
	Summary    Summary         `json:"summary"`
	Unassigned []UnassignedOut `json:"unassigned"`
	Routes     []RouteOut      `json:"routes"`
}

// Summary aggregates all routes. Cost is the routes' cost (VROOM
// semantics); UnassignedPenalty, a Lumbung extension, is the penalty of the
// unassigned tasks, so Cost+UnassignedPenalty is vrp.Solution.Cost.
type Summary struct {
	Cost              float64 `json:"cost"`
	UnassignedPenalty float64 `json:"unassigned_penalty"`
	Routes            int     `json:"routes"`
	Unassigned        int     `json:"unassigned"`
	Delivery          []int64 `json:"delivery"`
	Pickup            []int64 `json:"pickup"`
	Service           float64 `json:"service"`
	Duration          float64 `json:"duration"`
	WaitingTime       float64 `json:"waiting_time"`
	Distance          float64 `json:"distance"`
}

// UnassignedOut is an unserved task; Reason is a Lumbung extension.
type UnassignedOut struct {
	ID       uint64      `json:"id"`
	Type     string      `json:"type"`
	Reason   string      `json:"reason"`
	Location *[2]float64 `json:"location,omitempty"`
}

// RouteOut is one vehicle's route.
type RouteOut struct {
	Vehicle     uint64    `json:"vehicle"`
	Description string    `json:"description,omitempty"`
	Cost        float64   `json:"cost"`
	Delivery    []int64   `json:"delivery"`
	Pickup      []int64   `json:"pickup"`
	Service     float64   `json:"service"`
	Duration    float64   `json:"duration"`
	WaitingTime float64   `json:"waiting_time"`
	Distance    float64   `json:"distance"`
	Steps       []StepOut `json:"steps"`
}

// StepOut is a route step: type "start", "job", "pickup", "delivery",
// "reload" (Lumbung extension: a depot visit between trips) or "end".
// Duration and Distance are cumulated travel up to the step, Load is the
// vehicle load after it.
type StepOut struct {
	Type          string      `json:"type"`
	ID            *uint64     `json:"id,omitempty"`
	Job           *uint64     `json:"job,omitempty"`
	Description   string      `json:"description,omitempty"`
	Location      *[2]float64 `json:"location,omitempty"`
	LocationIndex int         `json:"location_index"`
	Arrival       float64     `json:"arrival"`
	Duration      float64     `json:"duration"`
	Service       float64     `json:"service"`
	WaitingTime   float64     `json:"waiting_time"`
	Load          []int64     `json:"load"`
	Distance      float64     `json:"distance"`
}

// Encode converts sol (a solution of p, decoded with meta) to VROOM's
// output. Code is 0.
func Encode(p *vrp.Problem, meta *Meta, sol *vrp.Solution) Output {
	out := Output{Unassigned: []UnassignedOut{}, Routes: []RouteOut{}}
	out.Summary.Delivery = make([]int64, p.Dims)
	out.Summary.Pickup = make([]int64, p.Dims)
	coord := func(l int) *[2]float64 {
		if meta.Coords == nil || l < 0 || l >= len(meta.Coords) {
			return nil
		}
		c := meta.Coords[l]
		return &c
	}
	dur := func(a, b int) (float64, float64) {
		return p.Travel(a, b)
	}
	id := func(x uint64) *uint64 { return &x }
	for _, r := range sol.Routes {
		v := &p.Vehicles[r.Vehicle]
		ro := RouteOut{Vehicle: meta.VehicleIDs[r.Vehicle], Description: meta.VehicleDescs[r.Vehicle], Cost: r.Cost,
			Delivery: make([]int64, p.Dims), Pickup: make([]int64, p.Dims),
			Service: r.Service, WaitingTime: r.Waiting, Distance: r.Distance, Duration: r.TravelTime}
		prev := v.Start
		var cumT, cumD float64
		load := append([]int64(nil), r.StartLoad...)
		if v.Start != vrp.NoLocation {
			ro.Steps = append(ro.Steps, StepOut{Type: "start", Location: coord(v.Start), LocationIndex: v.Start,
				Arrival: r.Start, Load: load})
		}
		for _, st := range r.Steps {
			var l int
			var service float64
			so := StepOut{Type: st.Kind.String(), Arrival: st.Arrival, WaitingTime: st.Start - st.Arrival, Load: st.Load}
			switch st.Kind {
			case vrp.StepJob:
				j := &p.Jobs[st.Index]
				l, service = j.Location, j.Service
				so.ID, so.Job = id(meta.JobIDs[st.Index]), id(meta.JobIDs[st.Index])
				so.Description = meta.JobDescs[st.Index]
				addAmount(ro.Delivery, j.Delivery)
				addAmount(ro.Pickup, j.Pickup)
			case vrp.StepPickup:
				s := &p.Shipments[st.Index]
				l, service = s.Pickup.Location, s.Pickup.Service
				so.ID = id(meta.PickupIDs[st.Index])
				addAmount(ro.Pickup, s.Amount)
			case vrp.StepDelivery:
				s := &p.Shipments[st.Index]
				l, service = s.Delivery.Location, s.Delivery.Service
				so.ID = id(meta.DeliveryIDs[st.Index])
				addAmount(ro.Delivery, s.Amount)
			case vrp.StepReload:
				l, service = v.Start, v.ReloadTime
				if l == vrp.NoLocation {
					l = v.End
				}
			}
			t, d := dur(prev, l)
			cumT += t
			cumD += d
			so.Duration, so.Distance, so.Service = cumT, cumD, service
			so.Location, so.LocationIndex = coord(l), l
			ro.Steps = append(ro.Steps, so)
			prev = l
		}
		if v.End != vrp.NoLocation {
			t, d := dur(prev, v.End)
			cumT += t
			cumD += d
			var last []int64
			if n := len(r.Steps); n > 0 {
				last = r.Steps[n-1].Load
			}
			ro.Steps = append(ro.Steps, StepOut{Type: "end", Location: coord(v.End), LocationIndex: v.End,
				Arrival: r.End, Duration: cumT, Distance: cumD, Load: last})
		}
		addAmount(out.Summary.Delivery, ro.Delivery)
		addAmount(out.Summary.Pickup, ro.Pickup)
		out.Summary.Service += ro.Service
		out.Summary.Duration += ro.Duration
		out.Summary.WaitingTime += ro.WaitingTime
		out.Summary.Distance += ro.Distance
		out.Routes = append(out.Routes, ro)
	}
	for _, u := range sol.Unassigned {
		if u.Shipment {
			s := &p.Shipments[u.Index]
			out.Unassigned = append(out.Unassigned,
				UnassignedOut{ID: meta.PickupIDs[u.Index], Type: "pickup", Reason: u.Reason, Location: coord(s.Pickup.Location)},
				UnassignedOut{ID: meta.DeliveryIDs[u.Index], Type: "delivery", Reason: u.Reason, Location: coord(s.Delivery.Location)})
		} else {
			out.Unassigned = append(out.Unassigned, UnassignedOut{ID: meta.JobIDs[u.Index], Type: "job", Reason: u.Reason, Location: coord(p.Jobs[u.Index].Location)})
		}
	}
	pen := 0.0
	for _, u := range sol.Unassigned {
		pen += u.Penalty
	}
	out.Summary.UnassignedPenalty = pen
	out.Summary.Cost = math.Round((sol.Cost-pen)*1e6) / 1e6
	out.Summary.Routes = len(out.Routes)
	out.Summary.Unassigned = len(out.Unassigned)
	return out
}

// addAmount adds src to dst dimension by dimension; src may be shorter
// (a job with no amount in some dimensions).
func addAmount(dst, src []int64) {
	for d := range min(len(dst), len(src)) {
		dst[d] += src[d]
	}
}
