package vrp

import (
	"math"
	"slices"
)

// Client kinds of the internal model.
const (
	kindJob uint8 = iota
	kindPickup
	kindDelivery
	kindReload
)

// vtype is a compiled vehicle type.
type vtype struct {
	src                 int // index in Problem.Vehicles
	start, end, depot   int32
	shiftStart          float64
	shiftEnd            float64
	cap                 [MaxDims]int64
	maxTravel           float64
	fixed, perDist, per float64
	multi               bool
	reloadTime          float64
	rseg                seg // a counted reload visit (mtseg.go)
}

// model is the flat, index-based compilation of a Problem used by the
// search. Clients are jobs, shipment pickups and deliveries, then reload
// visits; locations are the problem's plus one dummy location with zero
// travel to everything, standing for a missing vehicle start or end.
type model struct {
	p    *Problem
	dims int
	M    int // locations including the dummy
	dur  []float64
	dist []float64
	ext  []float64 // nil when the problem has no extra cost matrix
	arc  []float64 // uniform arc cost when all vehicle types share rates
	uni  bool
	// geo: travel is computed from xy (Problem.Euclidean) and dur, dist
	// and arc are nil; dummy is the dummy location, or -1.
	geo   bool
	xy    [][2]float64
	dummy int32

	nc       int // number of clients
	nReg     int // clients that belong to the giant tour (not reloads)
	loc      []int32
	service  []float64
	early    []float64
	late     []float64
	tws      [][]TimeWindow // non-nil only for clients with several windows
	sLoad    []int64        // start-of-trip load contribution, nc*MaxDims
	dLoad    []int64        // net load change at the visit, nc*MaxDims
	kind     []uint8
	pair     []int32 // partner of a shipment end, -1 otherwise
	complex  []bool  // needs exact evaluation (shipment end, several windows)
	reloadOf []int32 // route of a reload client, -1 otherwise
	srcIdx   []int32 // job or shipment index in the Problem
	penalty  []float64

	types      []vtype
	routeType  []int32 // vehicle type of each route
	compat     []bool  // compat[c*len(types)+t]: client c may use type t
	hasCompat  bool    // some client is incompatible with some type
	unassigned []Unassigned

	neigh  [][]int32 // granular neighbour lists (regular clients only)
	maxArc float64
}

// Outside the uniform-cost fast paths (m.uni, never set for a Euclidean
// problem), the search reads travel data through durAt, distAt, travelAt
// and arcCost, which compute a Euclidean problem's arcs on demand and
// read the matrices otherwise.

// euclidAt is kept out of line so that its callers inline: the matrix
// path then costs one predictable branch more than a plain slice read.
//
//go:noinline
func (m *model) euclidAt(a, b int32) float64 {
	if a == m.dummy || b == m.dummy {
		return 0
	}
	return euclid(m.xy[a], m.xy[b])
}

func (m *model) durAt(a, b int32) float64 {
	if m.geo {
		return m.euclidAt(a, b)
	}
	return m.dur[int(a)*m.M+int(b)]
}

func (m *model) distAt(a, b int32) float64 {
	if m.geo {
		return m.euclidAt(a, b)
	}
	return m.dist[int(a)*m.M+int(b)]
}

// travelAt returns the duration and the distance of arc (a, b).
func (m *model) travelAt(a, b int32) (du, di float64) {
	if m.geo {
		d := m.euclidAt(a, b)
		return d, d
	}
	k := int(a)*m.M + int(b)
	return m.dur[k], m.dist[k]
}

func (m *model) arcCost(t *vtype, a, b int32) float64 {
	if m.uni {
		return m.arc[int(a)*m.M+int(b)]
	}
	du, di := m.travelAt(a, b)
	c := t.perDist*di + t.per*du
	if m.ext != nil {
		c += m.ext[int(a)*m.M+int(b)]
	}
	return c
}

func hasAll(have, need []int) bool {
	for _, n := range need {
		if !slices.Contains(have, n) {
			return false
		}
	}
	return true
}

// compile builds the internal model. Without time constraints, the copies
// of a single vehicle type are capped at ⌈1.3·demand/capacity⌉+3 routes (as
// HGS does for an unlimited fleet); clients that no vehicle can serve on
// their own are reported as unassigned.
func compile(p *Problem) *model {
	n := p.NumLocations()
	// The dummy location exists only when a vehicle starts or ends
	// nowhere; without it the model reads the problem's matrices in place
	// instead of copying them (a 10,000-location matrix is 800 MB).
	open := false
	for i := range p.Vehicles {
		open = open || p.Vehicles[i].Start == NoLocation || p.Vehicles[i].End == NoLocation
	}
	M := n
	if open {
		M = n + 1
	}
	m := &model{p: p, dims: p.Dims, M: M, dummy: -1, geo: p.Euclidean}
	if open {
		m.dummy = int32(n)
	}
	var zero []float64
	get := func(src *Matrix) []float64 {
		if src == nil {
			if zero == nil {
				zero = make([]float64, M*M)
			}
			return zero
		}
		if !open {
			return src.Data // read only: the search never writes a matrix
		}
		out := make([]float64, M*M)
		for i := range n {
			copy(out[i*M:i*M+n], src.Data[i*n:(i+1)*n])
		}
		return out
	}
	if m.geo {
		m.xy = append(slices.Clip(p.Coords), [2]float64{})
		m.maxArc = longestArc(p.Coords)
	} else {
		m.dur = get(p.Durations)
		m.dist = get(p.Distances)
		if p.Durations == p.Distances {
			m.dur = m.dist
		}
		if p.Costs != nil {
			m.ext = get(p.Costs)
		}
		for _, x := range m.dist {
			m.maxArc = math.Max(m.maxArc, x)
		}
	}
	loc := func(l int) int32 {
		if l == NoLocation {
			return int32(n)
		}
		return int32(l)
	}
	// Vehicle types.
	m.uni = true
	for i := range p.Vehicles {
		v := &p.Vehicles[i]
		sh := v.shift()
		t := vtype{src: i, start: loc(v.Start), end: loc(v.End), depot: loc(v.depot()),
			shiftStart: sh.Start, shiftEnd: sh.End, maxTravel: math.Inf(1),
			fixed: v.Fixed, perDist: v.PerDistance, per: v.PerTime, multi: v.MaxTrips > 1, reloadTime: v.ReloadTime}
		copy(t.cap[:], v.Capacity)
		t.rseg = reloadSeg(&t)
		if v.MaxTravelTime > 0 {
			t.maxTravel = v.MaxTravelTime
		}
		m.types = append(m.types, t)
		if t.perDist != m.types[0].perDist || t.per != m.types[0].per {
			m.uni = false
		}
	}
	if m.geo {
		// No arc matrix: the search takes its general paths (segment
		// summaries, arcCost), which compute arcs from coordinates.
		m.uni = false
	}
	if t := &m.types[0]; m.uni && m.ext == nil && t.perDist == 1 && t.per == 0 {
		m.arc = m.dist // the arc cost is the distance: share it
	} else if m.uni && m.ext == nil && t.perDist == 0 && t.per == 1 {
		m.arc = m.dur
	} else if m.uni {
		m.arc = make([]float64, M*M)
		for k := range m.arc {
			m.arc[k] = t.perDist*m.dist[k] + t.per*m.dur[k]
			if m.ext != nil {
				m.arc[k] += m.ext[k]
			}
		}
	}
	def := p.DefaultPenalty()
	nt := len(m.types)
	addClient := func(k uint8, l int, svc float64, tws []TimeWindow, s, d []int64, src int, pen float64) {
		m.loc = append(m.loc, loc(l))
		m.service = append(m.service, svc)
		e, la := math.Inf(-1), math.Inf(1)
		var multi []TimeWindow
		if len(tws) > 0 {
			e, la = tws[0].Start, tws[len(tws)-1].End
		}
		if len(tws) > 1 {
			multi = tws
		}
		m.early = append(m.early, e)
		m.late = append(m.late, la)
		m.tws = append(m.tws, multi)
		var sl, dl [MaxDims]int64
		copy(sl[:], s)
		copy(dl[:], d)
		m.sLoad = append(m.sLoad, sl[:]...)
		m.dLoad = append(m.dLoad, dl[:]...)
		m.kind = append(m.kind, k)
		m.pair = append(m.pair, -1)
		m.complex = append(m.complex, multi != nil || k == kindPickup || k == kindDelivery)
		m.reloadOf = append(m.reloadOf, -1)
		m.srcIdx = append(m.srcIdx, int32(src))
		m.penalty = append(m.penalty, pen)
	}
	// reason reports why a task cannot be served by any type, and which
	// types can serve it.
	reason := func(skills []int, amount []int64, check func(t *vtype) bool) (string, []bool) {
		ok := make([]bool, nt)
		skillOK, capOK := false, false
		for ti := range m.types {
			t := &m.types[ti]
			if !hasAll(p.Vehicles[t.src].Skills, skills) {
				continue
			}
			skillOK = true
			fits := true
			for d, a := range amount {
				fits = fits && a <= t.cap[d]
			}
			if !fits {
				continue
			}
			capOK = true
			ok[ti] = check(t)
		}
		switch {
		case !skillOK:
			return ReasonSkills, ok
		case !capOK:
			return ReasonCapacity, ok
		case !slices.Contains(ok, true):
			return ReasonTimeWindow, ok
		}
		return "", ok
	}
	// reach reports whether a visit sequence can be done on time alone.
	reach := func(t *vtype, locs []int32, svcs []float64, tws [][]TimeWindow) bool {
		tm, prev := t.shiftStart, t.start
		for i, l := range locs {
			tm += m.durAt(prev, l)
			okw := len(tws[i]) == 0
			for _, w := range tws[i] {
				if tm <= w.End {
					tm, okw = math.Max(tm, w.Start), true
					break
				}
			}
			if !okw {
				return false
			}
			tm += svcs[i]
			prev = l
		}
		tm += m.durAt(prev, t.end)
		return tm <= t.shiftEnd+1e-9
	}
	var compat []bool
	for i := range p.Jobs {
		j := &p.Jobs[i]
		amount := make([]int64, p.Dims)
		for d := range amount {
			if d < len(j.Delivery) {
				amount[d] = max(amount[d], j.Delivery[d])
			}
			if d < len(j.Pickup) {
				amount[d] = max(amount[d], j.Pickup[d])
			}
		}
		why, ok := reason(j.Skills, amount, func(t *vtype) bool {
			return reach(t, []int32{loc(j.Location)}, []float64{j.Service}, [][]TimeWindow{j.TimeWindows})
		})
		pen := penaltyOf(j.Penalty, j.Priority, def)
		if why != "" {
			m.unassigned = append(m.unassigned, Unassigned{Index: i, Reason: why, Penalty: pen})
			continue
		}
		d := make([]int64, p.Dims)
		for k := range d {
			if k < len(j.Pickup) {
				d[k] += j.Pickup[k]
			}
			if k < len(j.Delivery) {
				d[k] -= j.Delivery[k]
			}
		}
		addClient(kindJob, j.Location, j.Service, j.TimeWindows, j.Delivery, d, i, pen)
		compat = append(compat, ok...)
	}
	for i := range p.Shipments {
		s := &p.Shipments[i]
		why, ok := reason(s.Skills, s.Amount, func(t *vtype) bool {
			return reach(t, []int32{loc(s.Pickup.Location), loc(s.Delivery.Location)},
				[]float64{s.Pickup.Service, s.Delivery.Service}, [][]TimeWindow{s.Pickup.TimeWindows, s.Delivery.TimeWindows})
		})
		pen := penaltyOf(s.Penalty, s.Priority, def)
		if why != "" {
			m.unassigned = append(m.unassigned, Unassigned{Shipment: true, Index: i, Reason: why, Penalty: pen})
			continue
		}
		neg := make([]int64, p.Dims)
		for k, a := range s.Amount {
			neg[k] = -a
		}
		c := int32(len(m.loc))
		addClient(kindPickup, s.Pickup.Location, s.Pickup.Service, s.Pickup.TimeWindows, nil, s.Amount, i, pen/2)
		addClient(kindDelivery, s.Delivery.Location, s.Delivery.Service, s.Delivery.TimeWindows, nil, neg, i, pen/2)
		m.pair[c], m.pair[c+1] = c+1, c
		compat = append(compat, ok...)
		compat = append(compat, ok...)
	}
	m.nReg = len(m.loc)
	// Routes: copies of each type, capped for large homogeneous fleets.
	var demand [MaxDims]float64
	for c := range m.nReg {
		for d := range p.Dims {
			demand[d] += float64(max(m.sLoad[c*MaxDims+d], m.dLoad[c*MaxDims+d]))
		}
	}
	need := 1
	for d := range p.Dims {
		c := 0.0
		for ti := range m.types {
			c = math.Max(c, float64(m.types[ti].cap[d]))
		}
		if c > 0 {
			need = max(need, int(math.Ceil(1.3*demand[d]/c))+3)
		}
	}
	timed := false
	for c := range m.nReg {
		timed = timed || !math.IsInf(m.late[c], 1)
	}
	for ti := range m.types {
		timed = timed || !math.IsInf(m.types[ti].shiftEnd, 1) || !math.IsInf(m.types[ti].maxTravel, 1)
	}
	for ti := range m.types {
		cnt := min(p.vehicleCount(m.types[ti].src), max(need, 1), max(m.nReg, 1))
		if nt > 1 || timed {
			cnt = min(p.vehicleCount(m.types[ti].src), max(m.nReg, 1))
		}
		for range cnt {
			m.routeType = append(m.routeType, int32(ti))
		}
	}
	// Reload clients: MaxTrips-1 per multi-trip route, bound to it.
	for r, ti := range m.routeType {
		t := &m.types[ti]
		if !t.multi {
			continue
		}
		for range p.Vehicles[t.src].MaxTrips - 1 {
			c := len(m.loc)
			addClient(kindReload, int(t.depot), t.reloadTime, nil, nil, nil, -1, 0)
			if t.depot == int32(n) {
				m.loc[c] = int32(n)
			}
			m.reloadOf[c] = int32(r)
			m.complex[c] = true
			okv := make([]bool, nt)
			okv[ti] = true
			compat = append(compat, okv...)
		}
	}
	m.nc = len(m.loc)
	m.compat = compat
	m.hasCompat = slices.Contains(compat[:m.nReg*nt], false)
	m.buildNeighbours(20)
	return m
}

// buildNeighbours computes the granular neighbourhood: for each client the
// Γ closest clients by the time-window aware correlation of Vidal et al.
// (2013): distance plus 0.2 × minimum waiting plus 1 × minimum time warp,
// ties broken by client index. Each list is selected with a bounded
// max-heap, O(n² log Γ) time and O(Γ) extra memory, instead of sorting
// every row (O(n² log n)), which dominated the start of 5,000-stop runs.
func (m *model) buildNeighbours(gamma int) {
	m.neigh = make([][]int32, m.nReg)
	timed := false
	for c := range m.nReg {
		timed = timed || !math.IsInf(m.early[c], -1) || !math.IsInf(m.late[c], 1)
	}
	k := max(0, min(gamma, m.nReg-1))
	heap := make([]neighbour, 0, k)
	flat := make([]int32, m.nReg*k)
	for i := range m.nReg {
		heap = heap[:0]
		li := m.loc[i]
		for j := range m.nReg {
			if j == i {
				continue
			}
			lj := m.loc[j]
			tij, v := m.travelAt(li, lj)
			if timed {
				// j visited after i.
				wt := math.Max(m.early[j]-tij-m.service[i]-m.late[i], 0)
				tw := math.Max(m.early[i]+m.service[i]+tij-m.late[j], 0)
				if math.IsInf(wt, 0) || math.IsNaN(wt) {
					wt = 0
				}
				if math.IsInf(tw, 0) || math.IsNaN(tw) {
					tw = 0
				}
				v += 0.2*wt + 1.0*tw
			}
			cand := neighbour{int32(j), v}
			if len(heap) < k {
				heap = append(heap, cand)
				heapUp(heap, len(heap)-1)
			} else if k > 0 && cand.less(heap[0]) {
				heap[0] = cand
				heapDown(heap, 0)
			}
		}
		slices.SortFunc(heap, func(a, b neighbour) int {
			if a.less(b) {
				return -1
			}
			return 1
		})
		m.neigh[i] = flat[i*k : i*k+len(heap) : i*k+len(heap)]
		for x, nb := range heap {
			m.neigh[i][x] = nb.c
		}
	}
	if !timed && m.nReg < symmetricBelow && m.plainFleet() {
		m.symmetriseNeighbours()
	}
}

// symmetricBelow is the client count from which the neighbour lists stay
// one-sided. Symmetric lists help mid-sized CVRPs (see
// symmetriseNeighbours) but cost X-n1001 at 60 s (2 workers, seed 1)
// 1.14% → 1.92%: longer lists slow each education, and at that size the
// decomposition's subproblems carry the search.
const symmetricBelow = 500

// plainFleet reports that no vehicle type has a shift end, a travel limit
// or several trips: with untimed clients, a CVRP, for which HGS-CVRP's
// symmetric lists were measured. The plans' collection tours (shifts,
// reloads) keep their one-sided lists and their speed.
func (m *model) plainFleet() bool {
	for ti := range m.types {
		t := &m.types[ti]
		if t.multi || !math.IsInf(t.shiftEnd, 1) || !math.IsInf(t.maxTravel, 1) {
			return false
		}
	}
	return true
}

// symmetriseNeighbours adds i to the list of j wherever j is in the list
// of i, as HGS-CVRP (Vidal 2022) does: a client far from the others is
// then still tried from the clients it lists, so that moves towards it
// are not found from one side only. Each list stays in distance order.
// On CVRPLIB X (X-n251, X-n303, X-n401 at 10 s, 2 workers, seeds 1–6,
// measured with a parallel variant since reverted) the mean gap went from
// 0.59% to 0.55%, better on 5 of 6 seeds.
func (m *model) symmetriseNeighbours() {
	extra := make([][]int32, m.nReg)
	for i, l := range m.neigh {
		for _, j := range l {
			if !slices.Contains(m.neigh[j], int32(i)) {
				extra[j] = append(extra[j], int32(i))
			}
		}
	}
	n := 0
	for i := range m.neigh {
		n += len(m.neigh[i]) + len(extra[i])
	}
	flat := make([]int32, 0, n)
	cand := []neighbour{}
	for i := range m.neigh {
		cand = cand[:0]
		for _, j := range append(m.neigh[i], extra[i]...) {
			d, _ := m.travelAt(m.loc[i], m.loc[j])
			cand = append(cand, neighbour{j, d})
		}
		slices.SortFunc(cand, func(a, b neighbour) int {
			if a.less(b) {
				return -1
			}
			return 1
		})
		k := len(flat)
		for _, nb := range cand {
			flat = append(flat, nb.c)
		}
		m.neigh[i] = flat[k:len(flat):len(flat)]
	}
}

// neighbour is a candidate of a granular neighbour list.
type neighbour struct {
	c int32
	v float64
}

func (a neighbour) less(b neighbour) bool {
	return a.v < b.v || (a.v == b.v && a.c < b.c)
}

// heapUp and heapDown keep h a max-heap (the worst candidate at h[0]).
func heapUp(h []neighbour, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h[p].less(h[i]) {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func heapDown(h []neighbour, i int) {
	for {
		l, big := 2*i+1, i
		if l < len(h) && h[big].less(h[l]) {
			big = l
		}
		if r := l + 1; r < len(h) && h[big].less(h[r]) {
			big = r
		}
		if big == i {
			return
		}
		h[i], h[big] = h[big], h[i]
		i = big
	}
}
