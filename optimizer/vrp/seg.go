package vrp

// seg summarises a route segment so that segments can be concatenated in
// O(1) (Vidal et al. 2013): duration including service and waiting, time
// warp, earliest and latest feasible start, travel sums, and per dimension
// the start-of-trip load S (deliveries), the net load change D and the
// highest prefix of load changes P, so the segment's peak load is S+P.
type seg struct {
	first, last int32
	n           int32 // number of clients
	dist        float64
	travel      float64
	extra       float64
	dur         float64
	tw          float64
	early       float64
	late        float64
	S, D, P     [MaxDims]int64
}

// clientSeg returns the summary of a single client visit.
func (m *model) clientSeg(c int32) seg {
	s := seg{first: m.loc[c], last: m.loc[c], n: 1, dur: m.service[c], early: m.early[c], late: m.late[c]}
	for d := range m.dims {
		s.S[d] = m.sLoad[int(c)*MaxDims+d]
		s.D[d] = m.dLoad[int(c)*MaxDims+d]
		s.P[d] = max(s.D[d], 0)
	}
	return s
}

// depotSeg returns the summary of a vehicle's start or end depot.
func (m *model) depotSeg(t *vtype, end bool) seg {
	l := t.start
	if end {
		l = t.end
	}
	return seg{first: l, last: l, early: t.shiftStart, late: t.shiftEnd}
}

// concat returns a⊕b.
func (m *model) concat(a, b *seg) seg {
	var t, di float64
	if m.geo {
		t = m.euclidAt(a.last, b.first)
		di = t
	} else { // travelAt, inlined by hand: concat is the hottest function
		k := int(a.last)*m.M + int(b.first)
		t, di = m.dur[k], m.dist[k]
	}
	delta := a.dur - a.tw + t
	wt := fmax(b.early-delta-a.late, 0)
	tw := fmax(a.early+delta-b.late, 0)
	r := seg{
		first:  a.first,
		last:   b.last,
		n:      a.n + b.n,
		dist:   a.dist + b.dist + di,
		travel: a.travel + b.travel + t,
		dur:    a.dur + b.dur + t + wt,
		tw:     a.tw + b.tw + tw,
		early:  fmax(b.early-delta, a.early) - wt,
		late:   fmin(b.late-delta, a.late) + tw,
	}
	if m.ext != nil {
		r.extra = a.extra + b.extra + m.ext[int(a.last)*m.M+int(b.first)]
	}
	for d := range m.dims {
		r.S[d] = a.S[d] + b.S[d]
		r.D[d] = a.D[d] + b.D[d]
		r.P[d] = max(a.P[d], a.D[d]+b.P[d])
	}
	return r
}

// extend sets *a to a⊕b in place: concat without copying the result,
// for the prefixes that evaluations grow one visit at a time.
func (m *model) extend(a, b *seg) {
	var t, di float64
	if m.geo {
		t = m.euclidAt(a.last, b.first)
		di = t
	} else {
		k := int(a.last)*m.M + int(b.first)
		t, di = m.dur[k], m.dist[k]
	}
	if m.ext != nil {
		a.extra = a.extra + b.extra + m.ext[int(a.last)*m.M+int(b.first)]
	}
	delta := a.dur - a.tw + t
	wt := fmax(b.early-delta-a.late, 0)
	tw := fmax(a.early+delta-b.late, 0)
	a.last = b.last
	a.n += b.n
	a.dist = a.dist + b.dist + di
	a.travel = a.travel + b.travel + t
	a.dur = a.dur + b.dur + t + wt
	a.tw = a.tw + b.tw + tw
	a.early = fmax(b.early-delta, a.early) - wt
	a.late = fmin(b.late-delta, a.late) + tw
	for d := range m.dims {
		a.P[d] = max(a.P[d], a.D[d]+b.P[d])
		a.S[d] += b.S[d]
		a.D[d] += b.D[d]
	}
}

// routeCost is the cost of a complete route summary on vehicle type t.
func (m *model) routeCost(t *vtype, s *seg) float64 {
	if s.n == 0 {
		return 0
	}
	return t.fixed + t.perDist*s.dist + t.per*s.travel + s.extra
}

// penalties returns load excess and time warp (including travel-time
// excess) of a complete route summary.
func (m *model) penalties(t *vtype, s *seg) (load, warp float64) {
	for d := range m.dims {
		load += float64(max(s.S[d]+s.P[d]-t.cap[d], 0))
	}
	warp = s.tw + fmax(s.travel-t.maxTravel, 0)
	return
}

// simResult is the outcome of an exact route simulation.
type simResult struct {
	cost, load, warp float64
	bad              int // shipment precedence/trip violations and misplaced reloads
	n                int
}

// simulator evaluates arbitrary routes exactly: several time windows per
// client, reload visits that split the route into trips, and shipment
// precedence. Its stamp array avoids clearing between runs.
type simulator struct {
	m       *model
	stamp   []int64
	counter int64
}

func newSimulator(m *model) *simulator {
	return &simulator{m: m, stamp: make([]int64, m.nc)}
}

// run simulates vehicle type t of route r over seq, departing at the
// shift start. Time warp follows the Vidal et al. (2013) convention: a late
// arrival is charged and service starts at the window end.
//
// A reload visit counts only between two non-empty trips, exactly as
// buildSolution keeps it: one at the start of the route, next to another
// reload or after the last client does nothing and costs nothing. The
// search parks unused reloads at the start of their route, so charging
// their travel and reload time would make a tight shift look infeasible
// whenever MaxTrips is high (issue #11).
func (s *simulator) run(r int32, t *vtype, seq []int32) simResult {
	m := s.m
	var res simResult
	if len(seq) == 0 {
		return res
	}
	var dist, travel, extra float64
	tm, prev := t.shiftStart, t.start
	var S, D, P [MaxDims]int64
	s.counter++
	open := 0
	endTrip := func() {
		for d := range m.dims {
			res.load += float64(max(S[d]+P[d]-t.cap[d], 0))
		}
		S, D, P = [MaxDims]int64{}, [MaxDims]int64{}, [MaxDims]int64{}
		res.bad += open
		open = 0
		s.counter++
	}
	// visit travels to c and serves it.
	visit := func(c int32) {
		l := m.loc[c]
		du, di := m.travelAt(prev, l)
		tm += du
		dist += di
		travel += du
		if m.ext != nil {
			extra += m.ext[int(prev)*m.M+int(l)]
		}
		if ws := m.tws[c]; ws != nil {
			ok := false
			for _, w := range ws {
				if tm <= w.End {
					tm, ok = fmax(tm, w.Start), true
					break
				}
			}
			if !ok {
				res.warp += tm - ws[len(ws)-1].End
				tm = ws[len(ws)-1].End
			}
		} else {
			if tm > m.late[c] {
				res.warp += tm - m.late[c]
				tm = m.late[c]
			}
			tm = fmax(tm, m.early[c])
		}
		tm += m.service[c]
		prev = l
	}
	inTrip := 0          // clients served since the start or the last reload
	pending := int32(-1) // a reload that counts if another client follows
	for _, c := range seq {
		if m.kind[c] == kindReload {
			if m.reloadOf[c] != r {
				res.bad++
			}
			if inTrip > 0 {
				pending = c
			}
			continue
		}
		if pending >= 0 {
			visit(pending)
			endTrip()
			pending, inTrip = -1, 0
		}
		visit(c)
		inTrip++
		switch m.kind[c] {
		case kindPickup:
			s.stamp[c] = s.counter
			open++
		case kindDelivery:
			if s.stamp[m.pair[c]] == s.counter {
				open--
			} else {
				res.bad++
			}
		}
		res.n++
		for d := range m.dims {
			S[d] += m.sLoad[int(c)*MaxDims+d]
			D[d] += m.dLoad[int(c)*MaxDims+d]
			P[d] = max(P[d], D[d])
		}
	}
	endTrip()
	if res.n == 0 {
		// Only reloads: the vehicle stays home.
		return simResult{bad: res.bad}
	}
	du, di := m.travelAt(prev, t.end)
	tm += du
	dist += di
	travel += du
	if m.ext != nil {
		extra += m.ext[int(prev)*m.M+int(t.end)]
	}
	res.warp += fmax(tm-t.shiftEnd, 0) + fmax(travel-t.maxTravel, 0)
	res.cost = t.fixed + t.perDist*dist + t.per*travel + extra
	return res
}

// fmax and fmin are math.Max and math.Min without NaN and signed-zero
// handling, which the hot path does not need.
func fmax(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

func fmin(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}
