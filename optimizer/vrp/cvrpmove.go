package vrp

// Exact move pricing for plain CVRPs (localSearch.fastCVRP: uniform arc
// costs, delivery-only loads, no time constraints). A route's penalised cost
// is then its arc cost, its fixed cost and the weighted load excess, so a
// move's change is the change of a few arcs plus the excess of two new
// route loads. HGS-CVRP (Vidal 2022) prices its moves this way; the piece
// evaluation of try sums every piece and, for moves inside one route, was a
// third of the education time on CVRPLIB X.

// block is the positions [a, b] of a route; a > b is no position.
type block struct{ a, b int32 }

// interCost returns the penalised cost of routes ru and rv (same vehicle
// type) after ru gives its block out to rv and receives rv's block in, where
// arcDelta is the change of both routes' arc costs. Loads come from the
// routes' prefix sums, so the price is O(dimensions).
func (ls *localSearch) interCost(ru int32, out block, rv int32, in block, arcDelta float64) float64 {
	m := ls.m
	RU, RV := &ls.routes[ru], &ls.routes[rv]
	t := &m.types[RU.t]
	LU, LV := int32(len(RU.nodes)), int32(len(RV.nodes))
	excess := 0.0
	for d := range m.dims {
		give := RU.pre[out.b+1].S[d] - RU.pre[out.a].S[d]
		take := int64(0)
		if in.a <= in.b {
			take = RV.pre[in.b+1].S[d] - RV.pre[in.a].S[d]
		}
		excess += float64(max(RU.pre[LU].S[d]-give+take-t.cap[d], 0))
		excess += float64(max(RV.pre[LV].S[d]-take+give-t.cap[d], 0))
	}
	cost := RU.cost + RV.cost + arcDelta + ls.wl*excess
	// arcDelta prices an empty route as the arc from start to end depot;
	// an unused vehicle costs nothing, a used one its fixed cost.
	unused := m.arc[int(t.start)*m.M+int(t.end)] + t.fixed
	nu := LU - (out.b - out.a + 1) + max(in.b-in.a+1, 0)
	nv := LV + (out.b - out.a + 1) - max(in.b-in.a+1, 0)
	cost += emptyCorrection(LU, nu, unused) + emptyCorrection(LV, nv, unused)
	return cost
}

// emptyCorrection is what a route going from L to n clients adds to an
// arc-delta price when it becomes empty or stops being empty.
func emptyCorrection(L, n int32, unused float64) float64 {
	switch {
	case L > 0 && n == 0:
		return -unused
	case L == 0 && n > 0:
		return unused
	}
	return 0
}

// interImproves reports whether giving ru's block out to rv and rv's
// block in to ru lowers the two routes' penalised cost.
func (ls *localSearch) interImproves(ru int32, out block, rv int32, in block, arcDelta float64) bool {
	old := ls.routes[ru].val + ls.routes[rv].val
	return ls.interCost(ru, out, rv, in, arcDelta) < old-eps
}

// commit applies a two-route move already priced exactly by interImproves
// (priced) and otherwise leaves the decision to try.
func (ls *localSearch) commit(priced bool, r1 int32, ps1 []piece, r2 int32, ps2 []piece) bool {
	if priced {
		ls.apply(r1, ps1, r2, ps2)
		return true
	}
	return ls.try(r1, ps1, r2, ps2)
}

// uvView is what the moves of a client pair (u, v) read of their routes in
// a plain CVRP, loaded once per pair: locations around u and v and the
// costs of the route edges between them. x follows u, y follows v.
type uvView struct {
	ru, iu, Lu, rv, iv, Lv int32
	hasX, hasY             bool
	pu, lu, lx, nx         int32   // before u, u, x (or the end depot), after x
	pv, lv, ly, ny         int32   // before v, v (or the start depot), y, after y
	eIn, eOut, eX          float64 // pu→u, u→x, x→nx
	eVin, eV, eY           float64 // pv→v, v→y, y→ny
}

// view loads the uvView of u at position iu of route ru and v at position
// iv of route rv (iv = -1: rv's start depot).
func (ls *localSearch) view(ru, iu, rv, iv int32) uvView {
	RU, RV := &ls.routes[ru], &ls.routes[rv]
	w := uvView{ru: ru, iu: iu, Lu: int32(len(RU.nodes)), rv: rv, iv: iv, Lv: int32(len(RV.nodes))}
	w.hasX, w.hasY = iu+1 < w.Lu, iv+1 < w.Lv
	eu, ev := RU.ext, RV.ext
	w.pu, w.lu, w.lx = eu[iu], eu[iu+1], eu[iu+2]
	w.eIn, w.eOut = RU.edge[iu], RU.edge[iu+1]
	if w.hasX {
		w.nx, w.eX = eu[iu+3], RU.edge[iu+2]
	}
	w.lv, w.ly, w.eV = ev[iv+1], ev[iv+2], RV.edge[iv+1]
	if iv >= 0 {
		w.pv, w.eVin = ev[iv], RV.edge[iv]
	}
	if w.hasY {
		w.ny, w.eY = ev[iv+3], RV.edge[iv+2]
	}
	return w
}

// movesCVRP is movesUV for a plain CVRP whose two routes have one vehicle
// type: the same moves in the same order, each priced from the pair's view
// (the arithmetic of relocateArcDelta, swapArcDelta and the 2-opt
// variants, without reloading the routes), so the search path is that of
// movesUV. A move that prices as an improvement is applied from the same
// piece builders the general methods use; the few moves these prices do
// not cover (a reversed block on asymmetric data, or reversed in place)
// go to their general method.
func (ls *localSearch) movesCVRP(w *uvView) bool {
	arc, M := ls.m.arc, int32(ls.m.M)
	same := w.ru == w.rv
	// Relocate u after v.
	if !same || w.iv < w.iu-1 || w.iv > w.iu {
		d := arc[w.pu*M+w.lx] - w.eIn - w.eOut - w.eV
		if ls.sym {
			row := arc[w.lu*M : (w.lu+1)*M]
			d += row[w.lv] + row[w.ly]
		} else {
			d += arc[w.lv*M+w.lu] + arc[w.lu*M+w.ly]
		}
		if ls.pricedGain(w, same, d, block{w.iu, w.iu}, block{1, 0}, w.Lu-1) {
			ps1, ps2 := ls.relocatePieces(w.ru, w.iu, w.iu, w.rv, w.iv, false)
			return ls.applyPair(w, ps1, ps2)
		}
	}
	if w.hasX && !(same && w.iv == w.iu+1) {
		// Relocate (u, x) after v, then reversed.
		d0 := arc[w.pu*M+w.nx] - w.eIn - w.eX - w.eV
		moved := block{w.iu, w.iu + 1}
		apart := !same || w.iv < w.iu-1 || w.iv > w.iu+1
		if apart {
			d := d0 + arc[w.lv*M+w.lu] + arc[w.lx*M+w.ly]
			if ls.pricedGain(w, same, d, moved, block{1, 0}, w.Lu-2) {
				ps1, ps2 := ls.relocatePieces(w.ru, w.iu, w.iu+1, w.rv, w.iv, false)
				return ls.applyPair(w, ps1, ps2)
			}
		}
		if !ls.sym || (same && w.iv == w.iu-1) {
			if ls.relocate(w.ru, w.iu, w.iu+1, w.rv, w.iv, true) { // general pricing
				return true
			}
		} else if apart {
			d := d0 + arc[w.lv*M+w.lx] + arc[w.lu*M+w.ly]
			if ls.pricedGain(w, same, d, moved, block{1, 0}, w.Lu-2) {
				ps1, ps2 := ls.relocatePieces(w.ru, w.iu, w.iu+1, w.rv, w.iv, true)
				return ls.applyPair(w, ps1, ps2)
			}
		}
	}
	if w.iv >= 0 && ls.swapsCVRP(w, same) {
		return true
	}
	if same {
		if w.iu < w.iv {
			if !ls.sym {
				return ls.twoOpt(w.ru, w.iu+1, w.iv)
			}
			d := arc[w.lu*M+w.lv] + arc[w.lx*M+w.ly] - w.eOut - w.eV
			return w.iu+1 < w.iv && d < -eps && ls.applyPair(w, ls.twoOptPieces(w.ru, w.iu+1, w.iv), nil)
		}
		return false
	}
	if ls.sym {
		d := arc[w.lu*M+w.lv] + arc[w.lx*M+w.ly] - w.eOut - w.eV
		if !ls.quickReject(w.ru, w.rv, d, int(w.iu+1+w.iv+1), 1) &&
			ls.interImproves(w.ru, block{w.iu + 1, w.Lu - 1}, w.rv, block{0, w.iv}, d) {
			ps1, ps2 := ls.tailPieces(w.ru, w.iu, w.rv, w.iv, true)
			return ls.applyPair(w, ps1, ps2)
		}
	}
	d := arc[w.lu*M+w.ly] + arc[w.lv*M+w.lx] - w.eOut - w.eV
	if ls.quickReject(w.ru, w.rv, d, int(w.iu+1+w.Lv-w.iv-1), 1) ||
		!ls.interImproves(w.ru, block{w.iu + 1, w.Lu - 1}, w.rv, block{w.iv + 1, w.Lv - 1}, d) {
		return false
	}
	ps1, ps2 := ls.tailPieces(w.ru, w.iu, w.rv, w.iv, false)
	return ls.applyPair(w, ps1, ps2)
}

// swapsCVRP prices the swaps of movesCVRP: u with v, (u, x) with v and
// (u, x) with (v, y).
func (ls *localSearch) swapsCVRP(w *uvView, same bool) bool {
	arc, M := ls.m.arc, int32(ls.m.M)
	apart := func(lenU, lenV int32) bool { // blocks inside one route must not touch
		return !same || w.iu+lenU < w.iv || w.iv+lenV < w.iu
	}
	if apart(1, 1) {
		d := arc[w.pu*M+w.lv] + arc[w.lv*M+w.lx] - w.eIn - w.eOut +
			arc[w.pv*M+w.lu] + arc[w.lu*M+w.ly] - w.eVin - w.eV
		if ls.pricedGain(w, same, d, block{w.iu, w.iu}, block{w.iv, w.iv}, 1) {
			ps1, ps2 := ls.swapPieces(w.ru, w.iu, w.iu, w.rv, w.iv, w.iv)
			return ls.applyPair(w, ps1, ps2)
		}
	}
	if !w.hasX {
		return false
	}
	if apart(2, 1) {
		d := arc[w.pu*M+w.lv] + arc[w.lv*M+w.nx] - w.eIn - w.eX +
			arc[w.pv*M+w.lu] + arc[w.lx*M+w.ly] - w.eVin - w.eV
		if ls.pricedGain(w, same, d, block{w.iu, w.iu + 1}, block{w.iv, w.iv}, 1) {
			ps1, ps2 := ls.swapPieces(w.ru, w.iu, w.iu+1, w.rv, w.iv, w.iv)
			return ls.applyPair(w, ps1, ps2)
		}
	}
	if w.hasY && apart(2, 2) {
		d := arc[w.pu*M+w.lv] + arc[w.ly*M+w.nx] - w.eIn - w.eX +
			arc[w.pv*M+w.lu] + arc[w.lx*M+w.ny] - w.eVin - w.eY
		if ls.pricedGain(w, same, d, block{w.iu, w.iu + 1}, block{w.iv, w.iv + 1}, 1) {
			ps1, ps2 := ls.swapPieces(w.ru, w.iu, w.iu+1, w.rv, w.iv, w.iv+1)
			return ls.applyPair(w, ps1, ps2)
		}
	}
	return false
}

// pricedGain reports whether a move of the pair w with arc-cost change d
// improves: inside one route d is the whole change; between routes the HGS
// filter (quickReject, lenU clients left in u's route) comes first, then
// the exact price with u's route giving out and receiving in.
func (ls *localSearch) pricedGain(w *uvView, same bool, d float64, out, in block, lenU int32) bool {
	if same {
		return d < -eps
	}
	return !ls.quickReject(w.ru, w.rv, d, int(lenU), 1) && ls.interImproves(w.ru, out, w.rv, in, d)
}

// applyPair applies a move of the pair w given as the pieces of u's route
// and, between routes, of v's route.
func (ls *localSearch) applyPair(w *uvView, ps1, ps2 []piece) bool {
	if w.ru == w.rv {
		ls.apply(w.ru, ps1, -1, nil)
	} else {
		ls.apply(w.ru, ps1, w.rv, ps2)
	}
	return true
}
