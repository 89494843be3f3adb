package vrp

import "math"

// swapStarAll applies the SWAP* neighbourhood (Vidal 2022) to every pair of
// routes that share granular neighbours and changed since their last test.
func (ls *localSearch) swapStarAll(loop int) bool {
	m := ls.m
	nr := ls.nr
	clear(ls.near[:nr*nr])
	for c := range int32(m.nReg) {
		if ls.polar != nil {
			break // sectors decide instead
		}
		rc := ls.routeOf[c]
		if int(rc) >= nr {
			continue
		}
		for _, v := range ls.neigh[c] {
			rv := ls.routeOf[v]
			if int(rv) < nr {
				ls.near[int(rc)*nr+int(rv)] = true
				ls.near[int(rv)*nr+int(rc)] = true
			}
		}
	}
	ls.rorder = ls.rorder[:0]
	for r := range int32(nr) {
		ls.rorder = append(ls.rorder, r)
	}
	ls.rng.Shuffle(nr, func(i, j int) { ls.rorder[i], ls.rorder[j] = ls.rorder[j], ls.rorder[i] })
	improved := false
	for _, ra := range ls.rorder {
		A := &ls.routes[ra]
		last := A.swapT
		A.swapT = ls.moves
		if len(A.nodes) == 0 {
			continue
		}
		for _, rb := range ls.rorder {
			B := &ls.routes[rb]
			if rb <= ra || len(B.nodes) == 0 {
				continue
			}
			if ls.polar != nil {
				if !sectorsOverlap(A.sector, B.sector) {
					continue
				}
			} else if !ls.near[int(ra)*nr+int(rb)] {
				continue
			}
			if loop > 0 && max(A.mod, B.mod) <= last {
				continue
			}
			if ls.swapStar(ra, rb) {
				improved = true
			}
		}
	}
	return improved
}

// insertions returns the three cheapest insertion positions of client c in
// route r by arc cost, cached until r changes. Routes share cache rows
// modulo ins3Rows, so an entry also records its route; the entries of one
// SWAP* test (clients of A in B, of B in A) never share a slot, since
// their clients differ.
func (ls *localSearch) insertions(r, c int32) *ins3 {
	row := int(r)
	if row >= ls.ins3Rows {
		row %= ls.ins3Rows
	}
	k := row*ls.m.nc + int(c)
	R := &ls.routes[r]
	e := &ls.ins3[k]
	if ls.ins3When[k] == R.mod && ls.ins3Route[k] == r {
		return e
	}
	ls.ins3When[k], ls.ins3Route[k] = R.mod, r
	m := ls.m
	t := &m.types[R.t]
	e.cost = [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
	e.pos = [3]int32{-1, -1, -1}
	lc := m.loc[c]
	L := int32(len(R.nodes))
	if m.uni && ls.sym {
		// Symmetric uniform costs: both new arcs come from c's row, the
		// replaced arc from the route's edge cache.
		row := m.arc[int(lc)*m.M : int(lc+1)*m.M]
		ext, edge := R.ext, R.edge
		for k := int32(0); k <= L; k++ {
			d := row[ext[k]] + row[ext[k+1]] - edge[k]
			if d >= e.cost[2] {
				continue
			}
			e.add(d, k-1)
		}
		return e
	}
	prev := t.start
	for p := int32(-1); p < L; p++ {
		if p >= 0 {
			prev = m.loc[R.nodes[p]]
		}
		next := t.end
		if p+1 < L {
			next = m.loc[R.nodes[p+1]]
		}
		d := m.arcCost(t, prev, lc) + m.arcCost(t, lc, next) - m.arcCost(t, prev, next)
		if d < e.cost[2] {
			e.add(d, p)
		}
	}
	return e
}

// add records an insertion of cost d after position p among the best
// three.
func (e *ins3) add(d float64, p int32) {
	switch {
	case d < e.cost[0]:
		e.cost[2], e.pos[2] = e.cost[1], e.pos[1]
		e.cost[1], e.pos[1] = e.cost[0], e.pos[0]
		e.cost[0], e.pos[0] = d, p
	case d < e.cost[1]:
		e.cost[2], e.pos[2] = e.cost[1], e.pos[1]
		e.cost[1], e.pos[1] = d, p
	default:
		e.cost[2], e.pos[2] = d, p
	}
}

// removal returns the arc-cost change of removing the client at position i
// of route r (negative: a saving).
func (ls *localSearch) removal(r, i int32) float64 {
	m := ls.m
	R := &ls.routes[r]
	t := &m.types[R.t]
	prev, next := t.start, t.end
	if i > 0 {
		prev = m.loc[R.nodes[i-1]]
	}
	if int(i)+1 < len(R.nodes) {
		next = m.loc[R.nodes[i+1]]
	}
	c := m.loc[R.nodes[i]]
	return m.arcCost(t, prev, next) - m.arcCost(t, prev, c) - m.arcCost(t, c, next)
}

// bestInsertWithout returns the cheapest position to insert c into route r
// once the client at position iv is removed, and its arc-cost delta.
func (ls *localSearch) bestInsertWithout(r, c, iv int32, e *ins3) (int32, float64) {
	m := ls.m
	best, pos := math.Inf(1), int32(-1)
	for k := range 3 {
		if e.pos[k] >= -1 && e.pos[k] != iv && e.pos[k] != iv-1 && !math.IsInf(e.cost[k], 1) {
			best, pos = e.cost[k], e.pos[k]
			break
		}
	}
	// In place of the removed client.
	R := &ls.routes[r]
	t := &m.types[R.t]
	prev, next := t.start, t.end
	if iv > 0 {
		prev = m.loc[R.nodes[iv-1]]
	}
	if int(iv)+1 < len(R.nodes) {
		next = m.loc[R.nodes[iv+1]]
	}
	lc := m.loc[c]
	d := m.arcCost(t, prev, lc) + m.arcCost(t, lc, next) - m.arcCost(t, prev, next)
	if d < best {
		best, pos = d, iv-1
	}
	return pos, best
}

// swapStar finds the best SWAP* move between routes ra and rb — exchange u
// and v, each inserted at its best position in the other route — filtered
// by arc costs and load penalties, then verifies it exactly and applies it
// if it improves.
func (ls *localSearch) swapStar(ra, rb int32) bool {
	m := ls.m
	A, B := &ls.routes[ra], &ls.routes[rb]
	ta, tb := &m.types[A.t], &m.types[B.t]
	nt := len(m.types)
	loadPen := func(t *vtype, x int64) float64 { return ls.wl * float64(max(x-t.cap[0], 0)) }
	q := func(c int32) int64 {
		return max(m.sLoad[int(c)*MaxDims], m.dLoad[int(c)*MaxDims])
	}
	penA, penB := loadPen(ta, A.peak0), loadPen(tb, B.peak0)
	best := -eps
	var bu, bv, bpu, bpv int32 = -1, -1, 0, 0
	// Per-client data of route B, computed once per route pair; the
	// insertion positions of each client in the other route are looked up
	// only for the pairs that pass the filters (most do not).
	nb := len(B.nodes)
	ls.ssRem = grow(ls.ssRem, nb)
	ls.ssIns = ls.ssIns[:0]
	for iv := range B.nodes {
		ls.ssRem[iv] = ls.removal(rb, int32(iv))
		ls.ssIns = append(ls.ssIns, nil)
	}
	for iu, u := range A.nodes {
		if m.kind[u] != kindJob || (m.hasCompat && !m.compat[int(u)*nt+int(B.t)]) {
			continue
		}
		remU := ls.removal(ra, int32(iu))
		qu := q(u)
		var eu *ins3
		for iv, v := range B.nodes {
			if m.kind[v] != kindJob || (m.hasCompat && !m.compat[int(v)*nt+int(A.t)]) {
				continue
			}
			qv := q(v)
			dA := loadPen(ta, A.peak0-qu+qv) - penA
			dB := loadPen(tb, B.peak0-qv+qu) - penB
			base := dA + dB + remU + ls.ssRem[iv]
			if base >= 0 {
				continue
			}
			if eu == nil {
				eu = ls.insertions(rb, u)
			}
			pu, cu := ls.bestInsertWithout(rb, u, int32(iv), eu)
			if base+cu >= best {
				continue
			}
			if ls.ssIns[iv] == nil {
				ls.ssIns[iv] = ls.insertions(ra, v)
			}
			pv, cv := ls.bestInsertWithout(ra, v, int32(iu), ls.ssIns[iv])
			if c := base + cu + cv; c < best {
				best, bu, bv, bpu, bpv = c, int32(iu), int32(iv), pu, pv
			}
		}
	}
	// As in HGS, the neighbourhood also relocates u into B or v into A at
	// its best position: the insertion costs are at hand, and the route
	// pairs differ from the granular relocations'.
	relocA, relocB := false, false
	for iu, u := range A.nodes {
		if m.kind[u] != kindJob || (m.hasCompat && !m.compat[int(u)*nt+int(B.t)]) {
			continue
		}
		qu := q(u)
		d := loadPen(ta, A.peak0-qu) - penA + loadPen(tb, B.peak0+qu) - penB + ls.removal(ra, int32(iu))
		if d >= best {
			continue
		}
		if e := ls.insertions(rb, u); d+e.cost[0] < best {
			best, bu, bpu, relocA, relocB = d+e.cost[0], int32(iu), e.pos[0], true, false
		}
	}
	for iv, v := range B.nodes {
		if m.kind[v] != kindJob || (m.hasCompat && !m.compat[int(v)*nt+int(A.t)]) {
			continue
		}
		qv := q(v)
		d := loadPen(ta, A.peak0+qv) - penA + loadPen(tb, B.peak0-qv) - penB + ls.ssRem[iv]
		if d >= best {
			continue
		}
		if e := ls.insertions(ra, v); d+e.cost[0] < best {
			best, bv, bpv, relocA, relocB = d+e.cost[0], int32(iv), e.pos[0], false, true
		}
	}
	switch {
	case relocA:
		return ls.relocate(ra, bu, bu, rb, bpu, false)
	case relocB:
		return ls.relocate(rb, bv, bv, ra, bpv, false)
	case bu < 0:
		return false
	}
	ls.ins[0] = piece{rb, bv, bv, false}
	ps1 := ls.removeInsert(ls.p1[:0], ra, bu, bu, bpv, ls.ins[:1])
	ls.ins[1] = piece{ra, bu, bu, false}
	ps2 := ls.removeInsert(ls.p2[:0], rb, bv, bv, bpu, ls.ins[1:2])
	return ls.try(ra, ps1, rb, ps2)
}

// sector is a circle sector [start, end] of polar angles in 1/65536 turns,
// as in HGS (Vidal 2022), covering a route's clients around its depot.
type sector struct{ start, end int32 }

func posMod(x int32) int32 { return ((x % 65536) + 65536) % 65536 }

func (s *sector) enclosed(a int32) bool { return posMod(a-s.start) <= posMod(s.end-s.start) }

// extend grows the sector minimally to enclose a.
func (s *sector) extend(a int32) {
	if s.enclosed(a) {
		return
	}
	if posMod(a-s.end) <= posMod(s.start-a) {
		s.end = a
	} else {
		s.start = a
	}
}

func sectorsOverlap(a, b sector) bool {
	return posMod(b.start-a.start) <= posMod(a.end-a.start) || posMod(a.start-b.start) <= posMod(b.end-b.start)
}
