package vrp

import (
	"math"
	"slices"
)

// routeMinimizer implements a simplified version of the route minimisation
// heuristic of Nagata & Bräysy ("A powerful route minimization heuristic
// for the vehicle routing problem with time windows", Operations Research
// Letters 37, 2009): remove a route, put its clients in an ejection pool,
// and reinsert them one by one; a client that fits nowhere is inserted
// anyway at the position where ejecting at most two other clients restores
// feasibility with the smallest sum of "failure counters" p, and the
// ejected clients join the pool; random feasible relocations diversify the
// search between steps. Only used for one vehicle type without shipments,
// reloads or multiple time windows, where feasibility is checked by a fast
// forward pass.
type routeMinimizer struct {
	m     *model
	g     *ga
	t     *vtype
	p     []int
	seq   []int32
	pool  []int32
	stop  func() bool
	steps int
}

// feasible checks a route by one forward pass with early exit.
func (rm *routeMinimizer) feasible(seq []int32) bool {
	m := rm.m
	t := rm.t
	var load [MaxDims]int64
	tm, prev := t.shiftStart, t.start
	travel := 0.0
	for _, c := range seq {
		for d := range m.dims {
			load[d] += m.sLoad[int(c)*MaxDims+d]
			if load[d] > t.cap[d] {
				return false
			}
		}
		du := m.durAt(prev, m.loc[c])
		tm += du
		travel += du
		if tm > m.late[c]+1e-9 {
			return false
		}
		if tm < m.early[c] {
			tm = m.early[c]
		}
		tm += m.service[c]
		prev = m.loc[c]
	}
	du := m.durAt(prev, t.end)
	tm += du
	travel += du
	return tm <= t.shiftEnd+1e-9 && travel <= t.maxTravel+1e-9
}

// with builds route r with client c inserted before position q and the
// positions e1, e2 (-1: none) removed, into rm.seq.
func (rm *routeMinimizer) with(r []int32, c int32, q, e1, e2 int) []int32 {
	s := rm.seq[:0]
	for i := 0; i <= len(r); i++ {
		if i == q {
			s = append(s, c)
		}
		if i < len(r) && i != e1 && i != e2 {
			s = append(s, r[i])
		}
	}
	rm.seq = s
	return s
}

func (rm *routeMinimizer) arc(a, b int32) float64 { return rm.m.arcCost(rm.t, a, b) }

// insertFeasible inserts c at its cheapest feasible position.
func (rm *routeMinimizer) insertFeasible(routes [][]int32, c int32) bool {
	m := rm.m
	best, br, bq := math.Inf(1), -1, -1
	for ri, r := range routes {
		prev := rm.t.start
		for q := 0; q <= len(r); q++ {
			next := rm.t.end
			if q < len(r) {
				next = m.loc[r[q]]
			}
			d := rm.arc(prev, m.loc[c]) + rm.arc(m.loc[c], next) - rm.arc(prev, next)
			if d < best && rm.feasible(rm.with(r, c, q, -1, -1)) {
				best, br, bq = d, ri, q
			}
			prev = next
		}
	}
	if br < 0 {
		return false
	}
	routes[br] = slices.Insert(routes[br], bq, c)
	return true
}

// ejectInsert inserts c where ejecting at most two clients restores
// feasibility with the smallest p-sum, and pools the ejected clients.
func (rm *routeMinimizer) ejectInsert(routes [][]int32, c int32) bool {
	m := rm.m
	bestP, br, bq, b1, b2 := math.MaxInt, -1, -1, -1, -1
	for ri, r := range routes {
		L := len(r)
		// Capacity pre-filter: the route load plus c minus ejected clients.
		var load int64
		for _, x := range r {
			load += m.sLoad[int(x)*MaxDims]
		}
		load += m.sLoad[int(c)*MaxDims]
		for q := 0; q <= L; q++ {
			for e1 := 0; e1 < L; e1++ {
				if rm.p[r[e1]] >= bestP {
					continue
				}
				l1 := load - m.sLoad[int(r[e1])*MaxDims]
				if l1 <= rm.t.cap[0] && rm.feasible(rm.with(r, c, q, e1, -1)) {
					bestP, br, bq, b1, b2 = rm.p[r[e1]], ri, q, e1, -1
					continue
				}
				for e2 := e1 + 1; e2 < L; e2++ {
					ps := rm.p[r[e1]] + rm.p[r[e2]]
					if ps >= bestP || l1-m.sLoad[int(r[e2])*MaxDims] > rm.t.cap[0] {
						continue
					}
					if rm.feasible(rm.with(r, c, q, e1, e2)) {
						bestP, br, bq, b1, b2 = ps, ri, q, e1, e2
					}
				}
			}
		}
	}
	if br < 0 {
		return false
	}
	r := routes[br]
	if b1 >= 0 {
		rm.pool = append(rm.pool, r[b1])
	}
	if b2 >= 0 {
		rm.pool = append(rm.pool, r[b2])
	}
	routes[br] = append([]int32(nil), rm.with(r, c, bq, b1, b2)...)
	return true
}

// perturb applies random feasible relocations.
func (rm *routeMinimizer) perturb(routes [][]int32, n int) {
	rng := rm.g.rng
	for range n {
		a := rng.IntN(len(routes))
		if len(routes[a]) == 0 {
			continue
		}
		i := rng.IntN(len(routes[a]))
		c := routes[a][i]
		b := rng.IntN(len(routes))
		q := rng.IntN(len(routes[b]) + 1)
		if a == b {
			continue
		}
		if !rm.feasible(rm.with(routes[b], c, q, -1, -1)) {
			continue
		}
		routes[b] = slices.Insert(routes[b], q, c)
		routes[a] = slices.Delete(routes[a], i, i+1)
	}
}

// removeRoute tries to serve the clients of routes with one route fewer.
// It returns the new routes and true on success.
func (rm *routeMinimizer) removeRoute(in [][]int32, maxSteps int) ([][]int32, bool) {
	var routes [][]int32
	for _, r := range in {
		if len(r) > 0 {
			routes = append(routes, slices.Clone(r))
		}
	}
	if len(routes) < 2 {
		return nil, false
	}
	k := rm.g.rng.IntN(len(routes))
	rm.pool = append(rm.pool[:0], routes[k]...)
	routes = slices.Delete(routes, k, k+1)
	for i := range rm.p {
		rm.p[i] = 1
	}
	for steps := 0; len(rm.pool) > 0; steps++ {
		if steps >= maxSteps || (steps%8 == 0 && rm.stop()) {
			return nil, false
		}
		rm.steps++
		c := rm.pool[len(rm.pool)-1]
		rm.pool = rm.pool[:len(rm.pool)-1]
		if rm.insertFeasible(routes, c) {
			continue
		}
		rm.p[c]++
		if !rm.ejectInsert(routes, c) {
			rm.pool = slices.Insert(rm.pool, 0, c)
		}
		rm.perturb(routes, 100)
	}
	return routes, true
}

// construct builds a feasible solution by cheapest feasible insertion of
// the clients in order of closing time, opening a route when none fits; it
// returns nil if more routes than available would be needed.
func (rm *routeMinimizer) construct(maxRoutes int) [][]int32 {
	m := rm.m
	order := make([]int32, m.nReg)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		switch {
		case m.late[a] < m.late[b]:
			return -1
		case m.late[a] > m.late[b]:
			return 1
		}
		return 0
	})
	var routes [][]int32
	for _, c := range order {
		if rm.insertFeasible(routes, c) {
			continue
		}
		if len(routes) >= maxRoutes || !rm.feasible([]int32{c}) {
			return nil
		}
		routes = append(routes, []int32{c})
	}
	return routes
}
