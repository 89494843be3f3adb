package vrp

import "math"

// Arc-cost lower bounds for vehicle types with their own rates.
//
// With uniform rates, lowerBound reads one arc-cost matrix. When vehicle
// types price distance and time differently (the plan's collection
// classes), a route's arc cost on type t is t.perDist·distance +
// t.per·duration + extra, so per-route prefix sums of the three quantities
// bound any route made of pieces, on any type, in O(1) per piece. The
// bound skips the full evaluation (a simulation, or several segment
// concatenations) of most moves, which raise the arc cost.
//
// Reload visits never add to the bound beyond what the route pays: the
// bound is used only when every vehicle starts and ends where all of them
// reload, with zero-cost loops there, so a skipped reload (at the start,
// next to another, at the end) contributes nothing either way.

// rateBoundOK reports whether rateBound is a valid lower bound on m.
func rateBoundOK(m *model) bool {
	if m.geo || m.uni {
		return false
	}
	multi := false
	for ti := range m.types {
		multi = multi || m.types[ti].multi
	}
	if !multi {
		return true
	}
	home := m.types[0].start
	for ti := range m.types {
		t := &m.types[ti]
		if t.start != home || t.end != home || t.depot != home {
			return false
		}
	}
	k := int(home)*m.M + int(home)
	return m.dur[k] == 0 && m.dist[k] == 0 && (m.ext == nil || m.ext[k] == 0)
}

// arcSum is a prefix sum of a route's arcs: duration, distance and
// extra cost, kept together because rateBound reads all three.
type arcSum struct {
	du, di, ex float64
}

// updateRates recomputes route r's arc prefix sums: csum[k] sums the
// arcs from nodes[0] to nodes[k].
func (ls *localSearch) updateRates(r int32) {
	m := ls.m
	R := &ls.routes[r]
	L := len(R.nodes)
	R.csum = grow(R.csum, L)
	var s arcSum
	for k, c := range R.nodes {
		if k > 0 {
			a, b := m.loc[R.nodes[k-1]], m.loc[c]
			x, y := m.travelAt(a, b)
			s.du += x
			s.di += y
			if m.ext != nil {
				s.ex += m.ext[int(a)*m.M+int(b)]
			}
		}
		R.csum[k] = s
	}
}

// rateBound is lowerBound for vehicle types with their own rates: the
// arc and fixed cost of the route made of ps on route tr's vehicle; -Inf
// when a reversed piece meets asymmetric data.
func (ls *localSearch) rateBound(tr int32, ps []piece) float64 {
	m := ls.m
	t := &m.types[ls.routes[tr].t]
	prev := t.start
	var du, di, ex float64
	n := int32(0)
	for i := range ps {
		pc := &ps[i]
		R := &ls.routes[pc.r]
		f, l, ok := ls.ends(pc)
		if !ok {
			return math.Inf(-1)
		}
		k := int(prev)*m.M + int(m.loc[f])
		sa, sb := &R.csum[pc.a], &R.csum[pc.b]
		du += m.dur[k] + sb.du - sa.du
		di += m.dist[k] + sb.di - sa.di
		if m.ext != nil {
			ex += m.ext[k] + sb.ex - sa.ex
		}
		prev = m.loc[l]
		n += pc.b - pc.a + 1 - (R.rcum[pc.b+1] - R.rcum[pc.a])
	}
	if n == 0 {
		return 0 // only reloads: the vehicle stays home
	}
	k := int(prev)*m.M + int(t.end)
	du += m.dur[k]
	di += m.dist[k]
	if m.ext != nil {
		ex += m.ext[k]
	}
	return t.fixed + t.perDist*di + t.per*du + ex
}
