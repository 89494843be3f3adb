package vrp

import "math"

// Multi-trip segment algebra.
//
// A multi-trip route is a sequence of clients and reload visits to the
// vehicle's depot. As the simulator defines it, a reload counts only
// between two non-empty trips: reloads before the first client, after the
// last one, or followed by another reload are skipped at no cost. A counted
// reload is an ordinary visit for time (travel to the depot, the reload
// time, no window) and ends a trip for load: the next trip starts empty.
//
// The summaries below extend the single-window summaries of Vidal et al.
// (2013) with that rule, in the spirit of the reload depots of PyVRP
// (Wouda, Lan, Kool 2024, reloads in a later release), whose load
// segments keep the excess of finished trips apart. A prefix (start depot
// and the route's first visits) keeps its open trip's load in the
// embedded seg and whether a reload waits for a next client; a suffix
// (last visits and the end depot) keeps its first trip's load and whether
// it starts with a reload. Both keep the load excess of their finished
// trips. Joining a prefix and a suffix is O(1), so a move on a multi-trip
// route costs a few concatenations instead of a simulation of the whole
// route, with the simulator's cost, load excess and time warp up to float
// rounding. Reload visits are the route's own (a reload of another route
// is misplaced, and only the simulator accounts it), so the reload
// summary is the vehicle type's.

// mtPre summarises a multi-trip route prefix: the start depot and the
// effective visits up to the last client (seg, whose S, D and P are the
// load of the open trip), the load excess of its finished trips and
// whether a reload follows its last client.
type mtPre struct {
	seg
	excess  int64
	pending bool
}

// mtSuf summarises a multi-trip route suffix: the effective visits from
// its first client to the end depot (seg, whose S, D and P are the load of
// its first trip), the load excess of its later trips and whether a reload
// precedes its first client.
type mtSuf struct {
	seg
	excess int64
	lead   bool
}

// reloadSeg is the summary of a counted reload of vehicle type t: a visit
// to its depot for the reload time with no window. It serves no client
// (n = 0), so it never makes a route used.
func reloadSeg(t *vtype) seg {
	return seg{first: t.depot, last: t.depot, dur: t.reloadTime, early: math.Inf(-1), late: math.Inf(1)}
}

// excess is the load excess over vehicle type t's capacity of one trip
// whose load is summarised by s.
func (m *model) excess(t *vtype, s *seg) int64 {
	var e int64
	for d := range m.dims {
		e += max(s.S[d]+s.P[d]-t.cap[d], 0)
	}
	return e
}

// clearLoad empties the load of s: a trip starts after it.
func clearLoad(s *seg) {
	s.S, s.D, s.P = [MaxDims]int64{}, [MaxDims]int64{}, [MaxDims]int64{}
}

// mtClient extends prefix p with a client summarised by c; a reload
// waiting after p's last client is counted first.
func (m *model) mtClient(t *vtype, p *mtPre, c *seg) {
	if p.pending {
		p.excess += m.excess(t, &p.seg)
		m.extend(&p.seg, &t.rseg)
		clearLoad(&p.seg)
		p.pending = false
	}
	m.extend(&p.seg, c)
}

// mtReload extends prefix p with a reload visit, which counts only if a
// client comes before it (and, later, one after it).
func mtReload(p *mtPre) {
	if p.n > 0 {
		p.pending = true
	}
}

// mtPrepend returns c ⊕ q for a client summarised by c and a suffix q;
// a reload leading q then counts.
func (m *model) mtPrepend(t *vtype, c *seg, q *mtSuf) mtSuf {
	if q.lead && q.n > 0 {
		tail := m.concat(&t.rseg, &q.seg)
		clearLoad(&tail)
		return mtSuf{seg: m.concat(c, &tail), excess: q.excess + m.excess(t, &q.seg)}
	}
	return mtSuf{seg: m.concat(c, &q.seg), excess: q.excess}
}

// mtClose is the penalised cost of the complete route made of a prefix
// (route summary a, finished-trip excess aex, a reload pending after its
// last client) and a suffix (b, bex, a reload leading it), as the
// simulator computes it. A reload between them counts when both serve a
// client; otherwise a's last trip and b's first are one.
func (ls *localSearch) mtClose(t *vtype, a *seg, aex int64, pending bool, b *seg, bex int64, lead bool) float64 {
	m := ls.m
	switch {
	case a.n+b.n == 0:
		return 0 // only reloads: the vehicle stays home
	case a.n > 0 && b.n > 0 && (pending || lead):
		mid := *a
		m.extend(&mid, &t.rseg)
		return ls.closeValue(t, &mid, b, aex+m.excess(t, a)+bex+m.excess(t, b), false)
	}
	return ls.closeValue(t, a, b, aex+bex, true)
}

// closeValue is the penalised cost of the complete route a⊕b whose
// finished trips exceed capacity by ex, plus, with merge, the excess of
// the trip made of a's last and b's first. It computes only what the
// cost needs of concat.
func (ls *localSearch) closeValue(t *vtype, a, b *seg, ex int64, merge bool) float64 {
	m := ls.m
	var tt, di float64
	k := int(a.last)*m.M + int(b.first)
	if m.geo {
		tt = m.euclidAt(a.last, b.first)
		di = tt
	} else {
		tt, di = m.dur[k], m.dist[k]
	}
	var extra float64
	if m.ext != nil {
		extra = a.extra + b.extra + m.ext[k]
	}
	delta := a.dur - a.tw + tt
	tw := a.tw + b.tw + fmax(a.early+delta-b.late, 0)
	dist := a.dist + b.dist + di
	travel := a.travel + b.travel + tt
	if merge {
		for d := range m.dims {
			ex += max(a.S[d]+b.S[d]+max(a.P[d], a.D[d]+b.P[d])-t.cap[d], 0)
		}
	}
	warp := tw + fmax(travel-t.maxTravel, 0)
	return t.fixed + t.perDist*dist + t.per*travel + extra + ls.wl*float64(ex) + ls.ww*warp
}

// updateMulti recomputes the multi-trip prefix and suffix summaries of
// route r, which update has filled with its nodes; they are kept only
// when the route holds no client needing the simulator and only its own
// reloads (mtOK).
func (ls *localSearch) updateMulti(r int32) {
	m := ls.m
	R := &ls.routes[r]
	L := len(R.nodes)
	R.mtOK = R.ccum[L] == R.rcum[L]
	for _, c := range R.nodes {
		if m.kind[c] == kindReload && m.reloadOf[c] != r {
			R.mtOK = false
		}
	}
	if !R.mtOK {
		return
	}
	t := &m.types[R.t]
	R.mpre = grow(R.mpre, L+1)
	R.msuf = grow(R.msuf, L+1)
	R.mpre[0] = mtPre{seg: ls.startSeg[R.t]}
	for k, c := range R.nodes {
		R.mpre[k+1] = R.mpre[k]
		if m.kind[c] == kindReload {
			mtReload(&R.mpre[k+1])
		} else {
			m.mtClient(t, &R.mpre[k+1], &ls.cseg[c])
		}
	}
	R.msuf[L] = mtSuf{seg: ls.endSeg[R.t]}
	for k := L - 1; k >= 0; k-- {
		c := R.nodes[k]
		if m.kind[c] == kindReload {
			R.msuf[k] = R.msuf[k+1]
			R.msuf[k].lead = true
		} else {
			R.msuf[k] = m.mtPrepend(t, &ls.cseg[c], &R.msuf[k+1])
		}
	}
}

// evalMulti is eval for a multi-trip vehicle: the penalised cost of the
// route made of ps on route tr's vehicle from the cached prefix and suffix
// summaries, O(1) per piece taken from a route end and O(length) for the
// others. It reports false, leaving the route to the simulator, when a
// piece holds a client needing it, a reload of another route, or comes
// from a route whose summaries are not kept.
func (ls *localSearch) evalMulti(tr int32, ps []piece) (float64, bool) {
	m := ls.m
	rt := ls.routes[tr].t
	t := &m.types[rt]
	for i := range ps {
		pc := &ps[i]
		R := &ls.routes[pc.r]
		if pc.r == tr {
			if !R.mtOK {
				return 0, false
			}
			continue
		}
		if R.ccum[pc.b+1] != R.ccum[pc.a] { // reloads are complex too
			return 0, false
		}
	}
	if len(ps) == 0 {
		return 0, true
	}
	// acc points at a cached prefix until a visit must be added to it.
	var local mtPre
	acc, i0 := &local, 0
	if pc := &ps[0]; !pc.rev && pc.a == 0 && ls.startClass[ls.routes[pc.r].t] == ls.startClass[rt] {
		if pc.r == tr {
			acc = &ls.routes[tr].mpre[pc.b+1]
		} else {
			local.seg = ls.routes[pc.r].pre[pc.b+1] // clients only: one trip
		}
		i0 = 1
	} else {
		local.seg = ls.startSeg[rt]
	}
	last := len(ps) - 1
	for i := i0; i <= last; i++ {
		pc := &ps[i]
		R := &ls.routes[pc.r]
		if i == last && !pc.rev && int(pc.b) == len(R.nodes)-1 && ls.endClass[R.t] == ls.endClass[rt] {
			if pc.r == tr {
				q := &R.msuf[pc.a]
				return ls.mtClose(t, &acc.seg, acc.excess, acc.pending, &q.seg, q.excess, q.lead), true
			}
			return ls.mtClose(t, &acc.seg, acc.excess, acc.pending, &R.suf[pc.a], 0, false), true
		}
		if acc != &local {
			local = *acc
			acc = &local
		}
		if pc.rev {
			for k := pc.b; k >= pc.a; k-- {
				ls.mtVisit(t, acc, R.nodes[k])
			}
		} else {
			for k := pc.a; k <= pc.b; k++ {
				ls.mtVisit(t, acc, R.nodes[k])
			}
		}
	}
	return ls.mtClose(t, &acc.seg, acc.excess, acc.pending, &ls.endSeg[rt], 0, false), true
}

// mtVisit extends prefix p with client or reload c.
func (ls *localSearch) mtVisit(t *vtype, p *mtPre, c int32) {
	if ls.m.kind[c] == kindReload {
		mtReload(p)
		return
	}
	ls.m.mtClient(t, p, &ls.cseg[c])
}
