package vrp

import (
	"math"
	"math/rand/v2"
)

// piece is a range of positions [a, b] of route r, possibly reversed; a
// route produced by a move is a short list of pieces.
type piece struct {
	r    int32
	a, b int32
	rev  bool
}

// lsRoute is a route in the local search with its cached summaries.
type lsRoute struct {
	t      int32   // vehicle type
	nodes  []int32 // clients, depots excluded
	pre    []seg   // pre[k] = start depot ⊕ nodes[0..k-1]
	suf    []seg   // suf[k] = nodes[k..] ⊕ end depot
	cum    []float64
	ccum   []int32 // ccum[k] = complex clients among nodes[0..k-1]
	rcum   []int32 // rcum[k] = reload visits among nodes[0..k-1] (counted in ccum too)
	val    float64 // penalised cost
	cost   float64
	load   float64
	warp   float64
	bad    int
	peak0  int64 // peak load of dimension 0 (plain routes)
	mod    int   // move counter at last modification
	swapT  int   // move counter at last SWAP* test
	active bool
	sector sector
	ext    []int32   // locations: start depot, clients, end depot
	edge   []float64 // edge[k] = arc cost from ext[k] to ext[k+1]
	// Multi-trip summaries (mtseg.go), kept when mtOK.
	mtOK bool
	mpre []mtPre  // mpre[k] = start depot ⊕ nodes[0..k-1]
	msuf []mtSuf  // msuf[k] = nodes[k..] ⊕ end depot
	csum []arcSum // arc sums from nodes[0] to nodes[k], for rateBound (bound.go)
}

// localSearch is the education operator of HGS.
type localSearch struct {
	m      *model
	sim    *simulator
	rng    *rand.Rand
	routes []lsRoute
	nr     int // routes in use (fleet limit)

	routeOf, posOf []int32
	wl, ww, wb     float64
	cseg           []seg
	startSeg       []seg
	endSeg         []seg
	startClass     []int32
	endClass       []int32
	sym, noTW      bool
	rateLB         bool // rateBound is a valid lower bound (bound.go)
	fastCVRP       bool // arc costs plus delivery-only loads: no segment algebra needed

	order    []int32
	lastTest []int
	moves    int
	p1, p2   [8]piece
	ins      [2]piece
	buf      []int32
	buf2     []int32

	// SWAP* caches: best insertion positions per (route, client), for
	// routes r ≡ r' mod ins3Rows sharing a row (see insertions).
	ins3      []ins3
	ins3When  []int
	ins3Route []int32
	ins3Rows  int
	near      []bool // route-pair adjacency for SWAP*
	ptmp      []int32
	rorder    []int32
	ssRem     []float64
	routeMark []int
	lastPair  []int // move counter at the last pair move test of a pickup
	stamp     int
	polar     []int32 // polar angle of each client around the depot, if coordinates are known
	ssIns     []*ins3
	// neigh is the model's granular neighbour lists, whose order run
	// shuffles now and then; a worker's copy (see newWorker) keeps
	// parallel educations independent.
	neigh [][]int32
}

// ins3Budget bounds the SWAP* insertion cache (entries). A cache of every
// (route, client) pair grows as n²: 520 MB at 10,000 stops. Below the
// budget (every CVRPLIB X instance) each pair has its own entry.
const ins3Budget = 1 << 20

type ins3 struct {
	cost [3]float64
	pos  [3]int32
}

const eps = 1e-7

func newLocalSearch(m *model, seed uint64) *localSearch {
	nr := len(m.routeType)
	nt := len(m.types)
	ls := &localSearch{m: m, sim: newSimulator(m), rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)),
		routes: make([]lsRoute, nr), nr: nr, routeOf: make([]int32, m.nc), posOf: make([]int32, m.nc),
		cseg: make([]seg, m.nc), startSeg: make([]seg, nt), endSeg: make([]seg, nt),
		startClass: make([]int32, nt), endClass: make([]int32, nt), lastTest: make([]int, m.nc),
		near: make([]bool, nr*nr), neigh: m.neigh,
		buf: make([]int32, 0, m.nc), buf2: make([]int32, 0, m.nc), routeMark: make([]int, nr), lastPair: make([]int, m.nc)}
	ls.ins3Rows = max(1, min(nr, ins3Budget/max(m.nc, 1)))
	ls.ins3 = make([]ins3, ls.ins3Rows*m.nc)
	ls.ins3When = make([]int, ls.ins3Rows*m.nc)
	ls.ins3Route = make([]int32, ls.ins3Rows*m.nc)
	for c := range m.nc {
		ls.cseg[c] = m.clientSeg(int32(c))
	}
	for ti := range m.types {
		t := &m.types[ti]
		ls.startSeg[ti] = m.depotSeg(t, false)
		ls.endSeg[ti] = m.depotSeg(t, true)
		ls.startClass[ti], ls.endClass[ti] = int32(ti), int32(ti)
		for tj := range ti {
			u := &m.types[tj]
			if u.start == t.start && u.shiftStart == t.shiftStart && u.shiftEnd == t.shiftEnd {
				ls.startClass[ti] = ls.startClass[tj]
			}
			if u.end == t.end && u.shiftStart == t.shiftStart && u.shiftEnd == t.shiftEnd {
				ls.endClass[ti] = ls.endClass[tj]
			}
		}
	}
	for r := range ls.routes {
		ls.routes[r].t = m.routeType[r]
	}
	ls.sym, ls.noTW = true, true
	for i := range m.M {
		if m.geo {
			break // Euclidean arcs are symmetric
		}
		for j := range i {
			if m.dur[i*m.M+j] != m.dur[j*m.M+i] || m.dist[i*m.M+j] != m.dist[j*m.M+i] || (m.ext != nil && m.ext[i*m.M+j] != m.ext[j*m.M+i]) {
				ls.sym = false
			}
		}
	}
	for c := range m.nc {
		if !math.IsInf(m.late[c], 1) || !math.IsInf(m.early[c], -1) || m.tws[c] != nil {
			ls.noTW = false
		}
	}
	for ti := range m.types {
		if !math.IsInf(m.types[ti].shiftEnd, 1) || !math.IsInf(m.types[ti].maxTravel, 1) {
			ls.noTW = false
		}
	}
	ls.wb = 10 * (m.p.DefaultPenalty() + 1)

	if p := m.p; p.Coords != nil && len(m.types) == 1 {
		d := p.Vehicles[0].depot()
		if d >= 0 && d < len(p.Coords) {
			ls.polar = make([]int32, m.nc)
			for c := range m.nc {
				l := int(m.loc[c])
				if l >= len(p.Coords) {
					ls.polar = nil
					break
				}
				a := math.Atan2(p.Coords[l][1]-p.Coords[d][1], p.Coords[l][0]-p.Coords[d][0])
				ls.polar[c] = posMod(int32(32768 * a / math.Pi))
			}
		}
	}
	ls.rateLB = rateBoundOK(m)
	ls.fastCVRP = ls.noTW && m.uni && !m.hasCompat
	for c := range m.nc {
		if m.kind[c] != kindJob || m.complex[c] {
			ls.fastCVRP = false
		}
		for d := range m.dims {
			if m.dLoad[c*MaxDims+d] != -m.sLoad[c*MaxDims+d] {
				ls.fastCVRP = false
			}
		}
	}
	for ti := range m.types {
		if m.types[ti].multi {
			ls.fastCVRP = false
		}
	}
	return ls
}

// load installs routes (indexed by route) into the local search.
func (ls *localSearch) load(routes [][]int32) {
	ls.moves = 0
	for r := range ls.routes {
		R := &ls.routes[r]
		R.nodes = R.nodes[:0]
		R.active = r < ls.nr
		if r < len(routes) {
			R.nodes = append(R.nodes, routes[r]...)
		}
		ls.update(int32(r))
		R.swapT = -1
	}
	for c := range ls.lastTest {
		ls.lastTest[c] = -1
		ls.lastPair[c] = -1
	}
	for k := range ls.ins3When {
		ls.ins3When[k] = -1
	}
}

// update recomputes the summaries of route r after a change.
func (ls *localSearch) update(r int32) {
	m := ls.m
	R := &ls.routes[r]
	L := len(R.nodes)
	R.pre = grow(R.pre, L+1)
	R.suf = grow(R.suf, L+1)
	R.cum = grow(R.cum, L)
	R.ccum = grow(R.ccum, L+1)
	R.rcum = grow(R.rcum, L+1)
	t := &m.types[R.t]
	R.pre[0] = ls.startSeg[R.t]
	prev := t.start
	acc := 0.0
	for k, c := range R.nodes {
		if ls.fastCVRP {
			// Loads only: the CVRP evaluation needs nothing else.
			R.pre[k+1].n = R.pre[k].n + 1
			for d := range m.dims {
				R.pre[k+1].S[d] = R.pre[k].S[d] + ls.cseg[c].S[d]
			}
		} else {
			R.pre[k+1] = m.concat(&R.pre[k], &ls.cseg[c])
		}
		ls.routeOf[c], ls.posOf[c] = r, int32(k)
		acc += m.arcCost(t, prev, m.loc[c])
		R.cum[k] = acc
		prev = m.loc[c]
		R.ccum[k+1] = R.ccum[k]
		if m.complex[c] {
			R.ccum[k+1]++
		}
		R.rcum[k+1] = R.rcum[k]
		if m.kind[c] == kindReload {
			R.rcum[k+1]++
		}
	}
	R.ext = grow(R.ext, L+2)
	R.edge = grow(R.edge, L+1)
	R.ext[0], R.ext[L+1] = t.start, t.end
	for k, c := range R.nodes {
		R.ext[k+1] = m.loc[c]
	}
	for k := 0; k <= L; k++ {
		R.edge[k] = m.arcCost(t, R.ext[k], R.ext[k+1])
	}
	if ls.rateLB {
		ls.updateRates(r)
	}
	R.peak0 = R.pre[L].S[0] + R.pre[L].P[0]
	if ls.polar != nil && L > 0 {
		R.sector = sector{ls.polar[R.nodes[0]], ls.polar[R.nodes[0]]}
		for _, c := range R.nodes[1:] {
			R.sector.extend(ls.polar[c])
		}
	}
	R.suf[L] = ls.endSeg[R.t]
	if !ls.fastCVRP { // the CVRP evaluation needs prefixes only
		for k := L - 1; k >= 0; k-- {
			R.suf[k] = m.concat(&ls.cseg[R.nodes[k]], &R.suf[k+1])
		}
	}
	if ls.fastCVRP {
		R.cost, R.load, R.warp, R.bad = 0, 0, 0, 0
		if L > 0 {
			R.cost = acc + m.arcCost(t, prev, t.end) + t.fixed
			for d := range m.dims {
				R.load += float64(max(R.pre[L].S[d]-t.cap[d], 0))
			}
		}
		R.peak0 = R.pre[L].S[0]
	} else if t.multi || R.ccum[L] > 0 {
		if t.multi {
			ls.updateMulti(r)
		}
		res := ls.sim.run(r, t, R.nodes)
		R.cost, R.load, R.warp, R.bad = res.cost, res.load, res.warp, res.bad
	} else {
		full := &R.pre[L]
		if L > 0 {
			f := m.concat(&R.pre[L], &ls.endSeg[R.t])
			full = &f
		}
		R.cost = m.routeCost(t, full)
		R.load, R.warp = m.penalties(t, full)
		R.bad = 0
		if L == 0 {
			R.load, R.warp = 0, 0
		}
	}
	R.val = R.cost + ls.wl*R.load + ls.ww*R.warp + ls.wb*float64(R.bad)
	R.mod = ls.moves
}

// grow returns s resized to n, reusing its array when large enough and
// leaving headroom when not, so routes that grow move by move reallocate
// rarely.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/2+4)
	}
	return s[:n]
}

// rangeComplex reports whether a piece holds clients needing exact
// evaluation.
func (ls *localSearch) rangeComplex(pc *piece) bool {
	R := &ls.routes[pc.r]
	return R.ccum[pc.b+1]-R.ccum[pc.a] > 0
}

// ends returns the first and last client piece pc visits, in its
// direction; ok is false for a reversed piece on asymmetric data, which
// the arc-cost bounds cannot price from their prefix sums.
func (ls *localSearch) ends(pc *piece) (f, l int32, ok bool) {
	R := &ls.routes[pc.r]
	f, l = R.nodes[pc.a], R.nodes[pc.b]
	if pc.rev {
		if !ls.sym {
			return 0, 0, false
		}
		f, l = l, f
	}
	return f, l, true
}

// lowerBound returns the arc and fixed cost of the route made of ps on
// route tr's vehicle, a lower bound of its penalised cost; -Inf when arc
// costs are not uniform (and rateBound does not apply) or a reversed piece
// meets asymmetric data. Reload visits do not make a route used.
func (ls *localSearch) lowerBound(tr int32, ps []piece) float64 {
	m := ls.m
	if !m.uni {
		if ls.rateLB {
			return ls.rateBound(tr, ps)
		}
		return math.Inf(-1)
	}
	t := &m.types[ls.routes[tr].t]
	prev := t.start
	sum := 0.0
	n := int32(0)
	for i := range ps {
		pc := &ps[i]
		R := &ls.routes[pc.r]
		f, l, ok := ls.ends(pc)
		if !ok {
			return math.Inf(-1)
		}
		sum += m.arc[int(prev)*m.M+int(m.loc[f])] + R.cum[pc.b] - R.cum[pc.a]
		prev = m.loc[l]
		n += pc.b - pc.a + 1 - (R.rcum[pc.b+1] - R.rcum[pc.a])
	}
	if n == 0 {
		return 0
	}
	return sum + m.arc[int(prev)*m.M+int(t.end)] + t.fixed
}

// evalCVRP is eval for capacitated problems without time constraints and
// with delivery-only loads, where the penalised cost is the arc cost plus
// the load excess, both sums over pieces.
func (ls *localSearch) evalCVRP(tr int32, ps []piece) float64 {
	m := ls.m
	t := &m.types[ls.routes[tr].t]
	prev := t.start
	sum := 0.0
	n := int32(0)
	var load [MaxDims]int64
	for i := range ps {
		pc := &ps[i]
		R := &ls.routes[pc.r]
		f, l := R.nodes[pc.a], R.nodes[pc.b]
		if pc.rev {
			f, l = l, f
		}
		inner := R.cum[pc.b] - R.cum[pc.a]
		if pc.rev && !ls.sym {
			inner = ls.reversedArcs(R, pc.a, pc.b)
		}
		sum += m.arc[int(prev)*m.M+int(m.loc[f])] + inner
		prev = m.loc[l]
		n += pc.b - pc.a + 1
		for d := range m.dims {
			load[d] += R.pre[pc.b+1].S[d] - R.pre[pc.a].S[d]
		}
	}
	if n == 0 {
		return 0
	}
	ex := 0.0
	for d := range m.dims {
		ex += float64(max(load[d]-t.cap[d], 0))
	}
	return sum + m.arc[int(prev)*m.M+int(t.end)] + t.fixed + ls.wl*ex
}

// reversedArcs returns the arc cost of positions [a, b] of R travelled
// backwards. The cumulative costs run forwards, which prices a reversed
// piece only on symmetric data; the local search reverses pieces of at
// most two clients on asymmetric data, so the walk is short.
func (ls *localSearch) reversedArcs(R *lsRoute, a, b int32) float64 {
	m := ls.m
	sum := 0.0
	for k := b; k > a; k-- {
		sum += m.arc[int(m.loc[R.nodes[k]])*m.M+int(m.loc[R.nodes[k-1]])]
	}
	return sum
}

// eval returns the penalised cost of the route made of ps on route tr's
// vehicle: O(1) per piece from cached summaries for plain routes, an exact
// simulation otherwise.
func (ls *localSearch) eval(tr int32, ps []piece) float64 {
	m := ls.m
	rt := ls.routes[tr].t
	t := &m.types[rt]
	exact := t.multi
	n := int32(0)
	for i := range ps {
		pc := &ps[i]
		n += pc.b - pc.a + 1
		if !exact && ls.rangeComplex(pc) {
			exact = true
		}
		if m.hasCompat && pc.r != tr {
			nt := int32(len(m.types))
			R := &ls.routes[pc.r]
			for k := pc.a; k <= pc.b; k++ {
				if !m.compat[R.nodes[k]*nt+rt] {
					return math.Inf(1)
				}
			}
		}
	}
	if n == 0 {
		return 0
	}
	if exact {
		if t.multi {
			if v, ok := ls.evalMulti(tr, ps); ok {
				return v
			}
		}
		ls.buf = ls.buf[:0]
		for i := range ps {
			pc := &ps[i]
			R := &ls.routes[pc.r]
			if pc.rev {
				for k := pc.b; k >= pc.a; k-- {
					ls.buf = append(ls.buf, R.nodes[k])
				}
			} else {
				ls.buf = append(ls.buf, R.nodes[pc.a:pc.b+1]...)
			}
		}
		res := ls.sim.run(tr, t, ls.buf)
		return res.cost + ls.wl*res.load + ls.ww*res.warp + ls.wb*float64(res.bad)
	}
	var acc seg
	have, ended := false, false
	last := len(ps) - 1
	for i := range ps {
		pc := &ps[i]
		R := &ls.routes[pc.r]
		L := int32(len(R.nodes))
		if i == 0 && !pc.rev && pc.a == 0 && ls.startClass[R.t] == ls.startClass[rt] {
			acc = R.pre[pc.b+1]
			have = true
			if i == last && pc.b == L-1 && ls.endClass[R.t] == ls.endClass[rt] {
				acc = m.concat(&acc, &ls.endSeg[rt])
				ended = true
			}
			continue
		}
		if !have {
			acc = ls.startSeg[rt]
			have = true
		}
		if i == last && !pc.rev && pc.b == L-1 && ls.endClass[R.t] == ls.endClass[rt] {
			acc = m.concat(&acc, &R.suf[pc.a])
			ended = true
			continue
		}
		if pc.rev {
			for k := pc.b; k >= pc.a; k-- {
				acc = m.concat(&acc, &ls.cseg[R.nodes[k]])
			}
		} else {
			for k := pc.a; k <= pc.b; k++ {
				acc = m.concat(&acc, &ls.cseg[R.nodes[k]])
			}
		}
	}
	if !ended {
		acc = m.concat(&acc, &ls.endSeg[rt])
	}
	load, warp := m.penalties(t, &acc)
	return m.routeCost(t, &acc) + ls.wl*load + ls.ww*warp
}

// addRange appends the non-empty range [a, b] of route r.
func addRange(ps []piece, r, a, b int32, rev bool) []piece {
	if a > b {
		return ps
	}
	return append(ps, piece{r, a, b, rev})
}

// removeInsert builds route r with positions [a, b] removed (none if a > b)
// and ins inserted after position p (p = -1: at the start; p = -2: no
// insertion). p must lie outside [a, b].
func (ls *localSearch) removeInsert(dst []piece, r, a, b, p int32, ins []piece) []piece {
	L := int32(len(ls.routes[r].nodes))
	dst = dst[:0]
	switch {
	case p == -2:
		dst = addRange(dst, r, 0, a-1, false)
		dst = addRange(dst, r, b+1, L-1, false)
	case a > b:
		dst = addRange(dst, r, 0, p, false)
		dst = append(dst, ins...)
		dst = addRange(dst, r, p+1, L-1, false)
	case p < a:
		dst = addRange(dst, r, 0, p, false)
		dst = append(dst, ins...)
		dst = addRange(dst, r, p+1, a-1, false)
		dst = addRange(dst, r, b+1, L-1, false)
	default:
		dst = addRange(dst, r, 0, a-1, false)
		dst = addRange(dst, r, b+1, p, false)
		dst = append(dst, ins...)
		dst = addRange(dst, r, p+1, L-1, false)
	}
	return dst
}

// try evaluates the move giving route r1 pieces ps1 and (if r2 >= 0) route
// r2 pieces ps2, and applies it when it lowers the penalised cost.
func (ls *localSearch) try(r1 int32, ps1 []piece, r2 int32, ps2 []piece) bool {
	old := ls.routes[r1].val
	if r2 >= 0 {
		old += ls.routes[r2].val
	}
	if ls.fastCVRP {
		nv := ls.evalCVRP(r1, ps1)
		if r2 >= 0 {
			nv += ls.evalCVRP(r2, ps2)
		}
		if nv >= old-eps {
			return false
		}
		ls.apply(r1, ps1, r2, ps2)
		return true
	}
	lb := ls.lowerBound(r1, ps1)
	if r2 >= 0 {
		lb += ls.lowerBound(r2, ps2)
	}
	if lb >= old-eps {
		return false
	}
	nv := ls.eval(r1, ps1)
	if nv >= old-eps {
		return false
	}
	if r2 >= 0 {
		nv += ls.eval(r2, ps2)
	}
	if nv >= old-eps {
		return false
	}
	ls.apply(r1, ps1, r2, ps2)
	return true
}

// apply materialises the pieces into the routes.
func (ls *localSearch) apply(r1 int32, ps1 []piece, r2 int32, ps2 []piece) {
	ls.moves++
	fill := func(dst []int32, ps []piece) []int32 {
		dst = dst[:0]
		for _, pc := range ps {
			R := &ls.routes[pc.r]
			if pc.rev {
				for k := pc.b; k >= pc.a; k-- {
					dst = append(dst, R.nodes[k])
				}
			} else {
				dst = append(dst, R.nodes[pc.a:pc.b+1]...)
			}
		}
		return dst
	}
	ls.buf = fill(ls.buf, ps1)
	if r2 >= 0 {
		ls.buf2 = fill(ls.buf2, ps2)
		ls.routes[r2].nodes = append(ls.routes[r2].nodes[:0], ls.buf2...)
	}
	ls.routes[r1].nodes = append(ls.routes[r1].nodes[:0], ls.buf...)
	ls.update(r1)
	if r2 >= 0 {
		ls.update(r2)
	}
}

// quickReject applies the HGS filter to an inter-route move: with uniform
// arc costs, an arc-cost change (plus fixed-cost change) that is not below
// the routes' current penalties cannot improve.
func (ls *localSearch) quickReject(ru, rv int32, arcDelta float64, lenU, lenV int) bool {
	R, S := &ls.routes[ru], &ls.routes[rv]
	if ls.m.types[R.t].fixed != 0 || ls.m.types[S.t].fixed != 0 {
		if lenU == 0 {
			arcDelta -= ls.m.types[R.t].fixed
		}
		if len(S.nodes) == 0 {
			arcDelta += ls.m.types[S.t].fixed
		}
	}
	_ = lenV
	return arcDelta >= (R.val-R.cost)+(S.val-S.cost)-eps
}

// relocate moves the block [a, b] of u's route, optionally reversed, after
// position pv of route rv.
func (ls *localSearch) relocate(ru, a, b, rv, pv int32, rev bool) bool {
	if ru == rv {
		if pv >= a-1 && pv <= b {
			if !rev || pv != a-1 {
				return false
			}
		}
		exact := ls.fastCVRP && pv != a-1 && (!rev || ls.sym)
		if exact && ls.relocateArcDelta(ru, a, b, ru, pv, rev) >= -eps {
			return false // a plain CVRP route keeps its load: arcs are the whole change
		}
		ps1, _ := ls.relocatePieces(ru, a, b, rv, pv, rev)
		return ls.commit(exact, ru, ps1, -1, nil)
	}
	if ls.m.uni && ls.routes[ru].t == ls.routes[rv].t && (!rev || ls.sym) {
		d := ls.relocateArcDelta(ru, a, b, rv, pv, rev)
		if ls.quickReject(ru, rv, d, len(ls.routes[ru].nodes)-int(b-a+1), 1) {
			return false
		}
		if ls.fastCVRP && !ls.interImproves(ru, block{a, b}, rv, block{1, 0}, d) {
			return false
		}
	}
	ps1, ps2 := ls.relocatePieces(ru, a, b, rv, pv, rev)
	priced := ls.fastCVRP && ls.routes[ru].t == ls.routes[rv].t && (!rev || ls.sym)
	return ls.commit(priced, ru, ps1, rv, ps2)
}

// relocatePieces returns the routes ru and rv (ps2 nil when ru = rv)
// after the block [a, b] of ru, reversed if rev, moves after position pv
// of rv.
func (ls *localSearch) relocatePieces(ru, a, b, rv, pv int32, rev bool) (ps1, ps2 []piece) {
	ls.ins[0] = piece{ru, a, b, rev}
	if ru == rv {
		return ls.removeInsert(ls.p1[:0], ru, a, b, pv, ls.ins[:1]), nil
	}
	return ls.removeInsert(ls.p1[:0], ru, a, b, -2, nil), ls.removeInsert(ls.p2[:0], rv, 1, 0, pv, ls.ins[:1])
}

// relocateArcDelta returns the change in arc cost when the block [a, b] of
// route ru, reversed if rev (symmetric data only), moves after position pv
// of route rv. For ru = rv, pv lies outside [a-1, b]. The block's inner
// arcs do not change. Route edges come from the edge caches; only
// the new arcs are looked up in the matrix.
func (ls *localSearch) relocateArcDelta(ru, a, b, rv, pv int32, rev bool) float64 {
	arc := ls.m.arc
	M := int32(ls.m.M)
	RU, RV := &ls.routes[ru], &ls.routes[rv]
	pu, ua, ub, nu := RU.ext[a], RU.ext[a+1], RU.ext[b+1], RU.ext[b+2]
	v, y := RV.ext[pv+1], RV.ext[pv+2]
	d := arc[pu*M+nu] - RU.edge[a] - RU.edge[b+1] - RV.edge[pv+1]
	if a == b && ls.sym {
		row := arc[ua*M : (ua+1)*M]
		return d + row[v] + row[y]
	}
	if rev {
		return d + arc[v*M+ub] + arc[ua*M+y]
	}
	return d + arc[v*M+ua] + arc[ub*M+y]
}

// swap exchanges blocks [a1, b1] of ru and [a2, b2] of rv.
func (ls *localSearch) swap(ru, a1, b1, rv, a2, b2 int32) bool {
	if ru == rv {
		if a1 > a2 {
			a1, b1, a2, b2 = a2, b2, a1, b1
		}
		if b1+1 >= a2 {
			return false // overlapping or adjacent: a relocation covers it
		}
		if ls.fastCVRP && ls.swapArcDelta(ru, a1, b1, ru, a2, b2) >= -eps {
			return false // a plain CVRP route keeps its load: arcs are the whole change
		}
		ps1, _ := ls.swapPieces(ru, a1, b1, rv, a2, b2)
		return ls.commit(ls.fastCVRP, ru, ps1, -1, nil)
	}
	sameType := ls.routes[ru].t == ls.routes[rv].t
	if ls.m.uni && sameType {
		d := ls.swapArcDelta(ru, a1, b1, rv, a2, b2)
		if ls.quickReject(ru, rv, d, 1, 1) {
			return false
		}
		if ls.fastCVRP && !ls.interImproves(ru, block{a1, b1}, rv, block{a2, b2}, d) {
			return false
		}
	}
	ps1, ps2 := ls.swapPieces(ru, a1, b1, rv, a2, b2)
	return ls.commit(ls.fastCVRP && sameType, ru, ps1, rv, ps2)
}

// swapPieces returns the routes ru and rv (ps2 nil when ru = rv) after
// their blocks [a1, b1] and [a2, b2] trade places; in one route the
// blocks must be apart, in either order.
func (ls *localSearch) swapPieces(ru, a1, b1, rv, a2, b2 int32) (ps1, ps2 []piece) {
	Lu := int32(len(ls.routes[ru].nodes))
	ps1 = ls.p1[:0]
	if ru == rv {
		if a1 > a2 {
			a1, b1, a2, b2 = a2, b2, a1, b1
		}
		ps1 = addRange(ps1, ru, 0, a1-1, false)
		ps1 = addRange(ps1, ru, a2, b2, false)
		ps1 = addRange(ps1, ru, b1+1, a2-1, false)
		ps1 = addRange(ps1, ru, a1, b1, false)
		return addRange(ps1, ru, b2+1, Lu-1, false), nil
	}
	Lv := int32(len(ls.routes[rv].nodes))
	ps1 = addRange(ps1, ru, 0, a1-1, false)
	ps1 = addRange(ps1, rv, a2, b2, false)
	ps1 = addRange(ps1, ru, b1+1, Lu-1, false)
	ps2 = ls.p2[:0]
	ps2 = addRange(ps2, rv, 0, a2-1, false)
	ps2 = addRange(ps2, ru, a1, b1, false)
	ps2 = addRange(ps2, rv, b2+1, Lv-1, false)
	return ps1, ps2
}

// swapArcDelta returns the change in arc cost when the blocks [a1, b1] of
// route ru and [a2, b2] of route rv trade places; for ru = rv the blocks
// must be apart (b1+1 < a2), so that each keeps its neighbours' arcs.
func (ls *localSearch) swapArcDelta(ru, a1, b1, rv, a2, b2 int32) float64 {
	arc := ls.m.arc
	M := int32(ls.m.M)
	RU, RV := &ls.routes[ru], &ls.routes[rv]
	pu, ua, ub, nu := RU.ext[a1], RU.ext[a1+1], RU.ext[b1+1], RU.ext[b1+2]
	pv, va, vb, nv := RV.ext[a2], RV.ext[a2+1], RV.ext[b2+1], RV.ext[b2+2]
	return arc[pu*M+va] + arc[vb*M+nu] - RU.edge[a1] - RU.edge[b1+1] +
		arc[pv*M+ua] + arc[ub*M+nv] - RV.edge[a2] - RV.edge[b2+1]
}

// twoOptStar replaces arcs (u, x) and (v, y) of two routes by (u, y) and
// (v, x); iu or iv = -1 stands for the start depot.
func (ls *localSearch) twoOptStar(ru, iu, rv, iv int32) bool {
	return ls.tailExchange(ru, iu, rv, iv, false)
}

// twoOptStarRev replaces (u, x) and (v, y) by (u, v) and (x, y), reversing
// the heads; only used for symmetric problems without time constraints.
func (ls *localSearch) twoOptStarRev(ru, iu, rv, iv int32) bool {
	return ls.tailExchange(ru, iu, rv, iv, true)
}

// tailExchange is 2-opt* (rev false) and its reversing variant (rev true)
// between the arcs after position iu of ru and after iv of rv.
func (ls *localSearch) tailExchange(ru, iu, rv, iv int32, rev bool) bool {
	Lu := int32(len(ls.routes[ru].nodes))
	Lv := int32(len(ls.routes[rv].nodes))
	if ls.m.uni && ls.routes[ru].t == ls.routes[rv].t {
		arc := ls.m.arc
		M := int32(ls.m.M)
		RU, RV := &ls.routes[ru], &ls.routes[rv]
		u, x := RU.ext[iu+1], RU.ext[iu+2]
		v, y := RV.ext[iv+1], RV.ext[iv+2]
		in, lenU := block{iv + 1, Lv - 1}, iu+1+Lv-iv-1
		d := arc[u*M+y] + arc[v*M+x] - RU.edge[iu+1] - RV.edge[iv+1]
		if rev {
			in, lenU = block{0, iv}, iu+1+iv+1
			d = arc[u*M+v] + arc[x*M+y] - RU.edge[iu+1] - RV.edge[iv+1]
		}
		if ls.quickReject(ru, rv, d, int(lenU), 1) {
			return false
		}
		if ls.fastCVRP && !ls.interImproves(ru, block{iu + 1, Lu - 1}, rv, in, d) {
			return false
		}
	}
	ps1, ps2 := ls.tailPieces(ru, iu, rv, iv, rev)
	return ls.commit(ls.fastCVRP && ls.routes[ru].t == ls.routes[rv].t, ru, ps1, rv, ps2)
}

// tailPieces returns routes ru and rv after the tail exchange after
// positions iu and iv: 2-opt* swaps the tails; the reversing variant
// joins the heads, the second reversed, and the tails, the first reversed.
func (ls *localSearch) tailPieces(ru, iu, rv, iv int32, rev bool) (ps1, ps2 []piece) {
	Lu := int32(len(ls.routes[ru].nodes))
	Lv := int32(len(ls.routes[rv].nodes))
	ps1, ps2 = ls.p1[:0], ls.p2[:0]
	ps1 = addRange(ps1, ru, 0, iu, false)
	if rev {
		ps1 = addRange(ps1, rv, 0, iv, true)
		ps2 = addRange(ps2, ru, iu+1, Lu-1, true)
		return ps1, addRange(ps2, rv, iv+1, Lv-1, false)
	}
	ps1 = addRange(ps1, rv, iv+1, Lv-1, false)
	ps2 = addRange(ps2, rv, 0, iv, false)
	return ps1, addRange(ps2, ru, iu+1, Lu-1, false)
}

// twoOpt reverses positions [a, b] of route r.
func (ls *localSearch) twoOpt(r, a, b int32) bool {
	if a >= b {
		return false
	}
	exact := ls.fastCVRP && ls.sym
	if exact {
		arc, M, R := ls.m.arc, int32(ls.m.M), &ls.routes[r]
		d := arc[R.ext[a]*M+R.ext[b+1]] + arc[R.ext[a+1]*M+R.ext[b+2]] - R.edge[a] - R.edge[b+1]
		if d >= -eps {
			return false // a plain CVRP route keeps its load: arcs are the whole change
		}
	}
	return ls.commit(exact, r, ls.twoOptPieces(r, a, b), -1, nil)
}

// twoOptPieces returns route r with positions [a, b] reversed.
func (ls *localSearch) twoOptPieces(r, a, b int32) []piece {
	L := int32(len(ls.routes[r].nodes))
	ps := ls.p1[:0]
	ps = addRange(ps, r, 0, a-1, false)
	ps = addRange(ps, r, a, b, true)
	return addRange(ps, r, b+1, L-1, false)
}

func (ls *localSearch) isReg(c int32) bool { return ls.m.kind[c] != kindReload }

// movesUV tries the HGS moves for client u and neighbour v (v < 0: the
// start depot of route -v-1). It reports whether a move was applied.
func (ls *localSearch) movesUV(u, v int32) bool {
	ru, iu := ls.routeOf[u], ls.posOf[u]
	var rv, iv int32
	if v >= 0 {
		rv, iv = ls.routeOf[v], ls.posOf[v]
	} else {
		rv, iv = -v-1, -1
	}
	if !ls.routes[rv].active {
		return false
	}
	if ls.fastCVRP && ls.routes[ru].t == ls.routes[rv].t {
		w := ls.view(ru, iu, rv, iv)
		return ls.movesCVRP(&w)
	}
	Lu := int32(len(ls.routes[ru].nodes))
	Lv := int32(len(ls.routes[rv].nodes))
	hasX := iu+1 < Lu && ls.isReg(ls.routes[ru].nodes[iu+1])
	hasY := iv+1 < Lv && ls.isReg(ls.routes[rv].nodes[iv+1])
	if ls.relocate(ru, iu, iu, rv, iv, false) {
		return true
	}
	if hasX && !(ru == rv && iv == iu+1) {
		if ls.relocate(ru, iu, iu+1, rv, iv, false) {
			return true
		}
		if ls.relocate(ru, iu, iu+1, rv, iv, true) {
			return true
		}
	}
	if iv >= 0 {
		if ls.swap(ru, iu, iu, rv, iv, iv) {
			return true
		}
		if hasX && ls.swap(ru, iu, iu+1, rv, iv, iv) {
			return true
		}
		if hasX && hasY && ls.swap(ru, iu, iu+1, rv, iv, iv+1) {
			return true
		}
	}
	if ru == rv {
		if iu < iv && ls.twoOpt(ru, iu+1, iv) {
			return true
		}
		return false
	}
	if ls.sym && ls.noTW && ls.twoOptStarRev(ru, iu, rv, iv) {
		return true
	}
	return ls.twoOptStar(ru, iu, rv, iv)
}

// run educates the loaded solution until no improving move remains.
func (ls *localSearch) run() {
	m := ls.m
	ls.order = ls.order[:0]
	for c := range int32(m.nReg) {
		if ls.routes[ls.routeOf[c]].active {
			ls.order = append(ls.order, c)
		}
	}
	ls.rng.Shuffle(len(ls.order), func(i, j int) { ls.order[i], ls.order[j] = ls.order[j], ls.order[i] })
	for _, c := range ls.order {
		if ls.rng.IntN(20) == 0 {
			nb := ls.neigh[c]
			ls.rng.Shuffle(len(nb), func(i, j int) { nb[i], nb[j] = nb[j], nb[i] })
		}
	}
	hasPairs := len(m.p.Shipments) > 0
	multi := false
	for r := range ls.nr {
		multi = multi || m.types[ls.routes[r].t].multi
	}
	for loop := 0; ; loop++ {
		improved := false
		for _, u := range ls.order {
			last := ls.lastTest[u]
			ls.lastTest[u] = ls.moves
			for _, v := range ls.neigh[u] {
				ru, rv := ls.routeOf[u], ls.routeOf[v]
				if loop > 0 && max(ls.routes[ru].mod, ls.routes[rv].mod) <= last {
					continue
				}
				if !ls.routes[rv].active {
					continue
				}
				if ls.movesUV(u, v) {
					improved = true
					continue
				}
				if ls.posOf[v] == 0 && ls.movesUV(u, -ls.routeOf[v]-1) {
					improved = true
				}
			}
			if loop > 0 {
				if ls.tryEmpty(u) {
					improved = true
				}
			}
		}
		if multi && ls.reloads() {
			improved = true
		}
		if hasPairs && ls.pairMoves() {
			improved = true
		}
		if ls.swapStarAll(loop) {
			improved = true
		}
		if !improved && loop > 0 {
			break
		}
	}
}

// unused reports whether route r serves nobody: it is empty, or holds
// only the reload visits of a multi-trip vehicle, which cost nothing there.
func (ls *localSearch) unused(r int32) bool {
	R := &ls.routes[r]
	L := len(R.nodes)
	return int(R.rcum[L]) == L
}

// tryEmpty relocates u into the first unused route of each vehicle type
// (at its start, before any parked reload visits).
func (ls *localSearch) tryEmpty(u int32) bool {
	nt := len(ls.m.types)
	seen := ls.ptmp[:0]
	for r := range int32(ls.nr) {
		R := &ls.routes[r]
		if !R.active || !ls.unused(r) {
			continue
		}
		dup := false
		for _, s := range seen {
			dup = dup || ls.routes[s].t == R.t
		}
		if dup {
			continue
		}
		seen = append(seen, r)
		ls.ptmp = seen
		if ls.m.hasCompat && !ls.m.compat[int(u)*nt+int(R.t)] {
			continue
		}
		ru, iu := ls.routeOf[u], ls.posOf[u]
		if ls.relocate(ru, iu, iu, r, -1, false) {
			return true
		}
		if iu+1 < int32(len(ls.routes[ru].nodes)) && ls.isReg(ls.routes[ru].nodes[iu+1]) && ls.relocate(ru, iu, iu+1, r, -1, false) {
			return true
		}
		if ls.twoOptStar(ru, iu, r, -1) {
			return true
		}
		if len(seen) >= 8 {
			break
		}
	}
	return false
}

// reloads moves each reload visit to its best position in its route.
func (ls *localSearch) reloads() bool {
	m := ls.m
	improved := false
	for c := int32(m.nReg); c < int32(m.nc); c++ {
		r := ls.routeOf[c]
		if !ls.routes[r].active {
			continue
		}
		L := int32(len(ls.routes[r].nodes))
		for p := int32(-1); p < L; p++ {
			i := ls.posOf[c]
			if p == i || p == i-1 {
				continue
			}
			if ls.relocate(r, i, i, r, p, false) {
				improved = true
				L = int32(len(ls.routes[r].nodes))
			}
		}
	}
	return improved
}

// pairMoves removes each shipment and reinserts its pickup and delivery at
// the best pair of positions of any active route (exact evaluation); it is
// the simple path that keeps shipments consistent.
func (ls *localSearch) pairMoves() bool {
	m := ls.m
	improved := false
	nt := int32(len(m.types))
	for c := range int32(m.nReg) {
		if m.kind[c] != kindPickup {
			continue
		}
		d := m.pair[c]
		rc, rd := ls.routeOf[c], ls.routeOf[d]
		if !ls.routes[rc].active {
			continue
		}
		// Current cost of the routes holding the pair, and without it.
		ls.buf2 = ls.buf2[:0]
		oldVal := ls.routes[rc].val
		if rd != rc {
			oldVal += ls.routes[rd].val
		}
		removedVal := ls.evalWithout(rc, c, d)
		if rd != rc {
			removedVal += ls.evalWithout(rd, c, d)
		}
		gain := oldVal - removedVal
		bestDelta, bestR, bestI, bestJ := -eps, int32(-1), int32(0), int32(0)
		// Candidate routes: those of the pair, of their granular
		// neighbours, and empty ones.
		ls.stamp++
		ls.routeMark[rc], ls.routeMark[rd] = ls.stamp, ls.stamp
		for _, x := range ls.neigh[c] {
			ls.routeMark[ls.routeOf[x]] = ls.stamp
		}
		for _, x := range ls.neigh[d] {
			ls.routeMark[ls.routeOf[x]] = ls.stamp
		}
		// Skip the pair if no candidate route changed since its last test.
		changed := ls.lastPair[c] < 0
		for r := range int32(ls.nr) {
			if ls.routeMark[r] == ls.stamp && ls.routes[r].mod > ls.lastPair[c] {
				changed = true
				break
			}
		}
		ls.lastPair[c] = ls.moves
		if !changed {
			continue
		}
		for r := range int32(ls.nr) {
			R := &ls.routes[r]
			if !R.active || (m.hasCompat && !m.compat[c*nt+R.t]) {
				continue
			}
			if ls.routeMark[r] != ls.stamp && len(R.nodes) > 0 {
				continue
			}
			seq := ls.ptmp[:0]
			for _, x := range R.nodes {
				if x != c && x != d {
					seq = append(seq, x)
				}
			}
			ls.ptmp = seq
			base := R.val
			if r == rc || r == rd {
				base = ls.evalSeqVal(r, seq)
			}
			if len(seq) == 0 {
				// Try only one empty route per vehicle type.
				first := true
				for q := range r {
					if ls.routes[q].active && len(ls.routes[q].nodes) == 0 && ls.routes[q].t == R.t {
						first = false
					}
				}
				if !first {
					continue
				}
			}
			L := int32(len(seq))
			t := &m.types[R.t]
			// Arc-cost lower bound of the insertion (uniform arc costs):
			// skip positions that cannot beat the best delta.
			baseArc := math.Inf(-1)
			at := func(k int32) int32 {
				if k < 0 {
					return t.start
				}
				if k >= L {
					return t.end
				}
				return m.loc[seq[k]]
			}
			if m.uni && m.ext == nil {
				baseArc = t.fixed
				for k := int32(0); k <= L; k++ {
					baseArc += m.arc[int(at(k-1))*m.M+int(at(k))]
				}
				if L == 0 {
					baseArc = t.fixed
				}
			}
			lc, ld := m.loc[c], m.loc[d]
			arc := func(a, b int32) float64 { return m.arc[int(a)*m.M+int(b)] }
			for i := int32(0); i <= L; i++ {
				for j := i; j <= L; j++ {
					if !math.IsInf(baseArc, -1) {
						var det float64
						if i == j {
							det = arc(at(i-1), lc) + arc(lc, ld) + arc(ld, at(i)) - arc(at(i-1), at(i))
						} else {
							det = arc(at(i-1), lc) + arc(lc, at(i)) - arc(at(i-1), at(i)) +
								arc(at(j-1), ld) + arc(ld, at(j)) - arc(at(j-1), at(j))
						}
						if baseArc+det-base-gain >= bestDelta {
							continue
						}
					}
					tmp := ls.buf2[:0]
					tmp = append(tmp, seq[:i]...)
					tmp = append(tmp, c)
					tmp = append(tmp, seq[i:j]...)
					tmp = append(tmp, d)
					tmp = append(tmp, seq[j:]...)
					ls.buf2 = tmp
					res := ls.sim.run(r, &m.types[R.t], tmp)
					v := res.cost + ls.wl*res.load + ls.ww*res.warp + ls.wb*float64(res.bad)
					delta := v - base - gain
					if delta < bestDelta {
						bestDelta, bestR, bestI, bestJ = delta, r, i, j
					}
				}
			}
		}
		if bestR < 0 {
			continue
		}
		// Apply: remove the pair everywhere, then insert.
		ls.moves++
		for _, r := range []int32{rc, rd} {
			R := &ls.routes[r]
			k := 0
			for _, x := range R.nodes {
				if x != c && x != d {
					R.nodes[k] = x
					k++
				}
			}
			R.nodes = R.nodes[:k]
		}
		R := &ls.routes[bestR]
		seq := append(ls.buf2[:0], R.nodes[:bestI]...)
		seq = append(seq, c)
		seq = append(seq, R.nodes[bestI:bestJ]...)
		seq = append(seq, d)
		seq = append(seq, R.nodes[bestJ:]...)
		ls.buf2 = seq
		R.nodes = append(R.nodes[:0], seq...)
		ls.update(rc)
		if rd != rc {
			ls.update(rd)
		}
		if bestR != rc && bestR != rd {
			ls.update(bestR)
		}
		improved = true
	}
	return improved
}

// evalWithout is the penalised cost of route r without clients a and b.
func (ls *localSearch) evalWithout(r, a, b int32) float64 {
	seq := ls.buf[:0]
	for _, x := range ls.routes[r].nodes {
		if x != a && x != b {
			seq = append(seq, x)
		}
	}
	ls.buf = seq
	return ls.evalSeqVal(r, seq)
}

func (ls *localSearch) evalSeqVal(r int32, seq []int32) float64 {
	res := ls.sim.run(r, &ls.m.types[ls.routes[r].t], seq)
	return res.cost + ls.wl*res.load + ls.ww*res.warp + ls.wb*float64(res.bad)
}

// export returns the routes.
func (ls *localSearch) export(dst [][]int32) [][]int32 {
	dst = dst[:0]
	for r := range ls.routes {
		dst = append(dst, append([]int32(nil), ls.routes[r].nodes...))
	}
	return dst
}

// penalisedCost returns the total penalised cost and feasibility flags.
func (ls *localSearch) totals() (cost, load, warp float64, bad int) {
	for r := range ls.routes {
		R := &ls.routes[r]
		cost += R.cost
		load += R.load
		warp += R.warp
		bad += R.bad
	}
	return
}
