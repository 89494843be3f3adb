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
