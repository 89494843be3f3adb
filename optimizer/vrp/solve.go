package vrp

import (
	"context"
	"math"
	"slices"
	"time"
)

// Options controls Solve.
type Options struct {
	// Seed makes the search deterministic (for a given iteration limit).
	Seed uint64
	// TimeLimit bounds the wall-clock time of Solve, the compilation of
	// the problem (neighbour lists) included (0: none).
	TimeLimit time.Duration
	// MaxIterations bounds the number of genetic iterations, initial
	// individuals included; with MinimizeVehicles, eight ejection steps
	// of the route minimisation count as one iteration (0: none). If both limits are zero, the search
	// stops after 20000 iterations without improvement (the HGS default).
	MaxIterations int
	// StallIterations, if positive, stops the search after this many
	// iterations in a row without a better solution: a better feasible
	// one or, while none is feasible, a lower penalised cost. Small
	// problems often reach their best in the first few iterations, so a
	// caller that solves many of them can stop early and stay
	// deterministic (the limit counts iterations, not time).
	StallIterations int
	// MinimizeVehicles selects the hierarchical objective of the VRPTW
	// literature: fewest routes first, then cost. It assumes one vehicle
	// type and is ignored otherwise.
	MinimizeVehicles bool
	// PopulationSize (μ) and GenerationSize (λ) size the HGS
	// subpopulations; 0 selects μ = 8 and λ = 12. HGS uses 25 and 40 for
	// long runs; for budgets of 10–60 s the smaller population converges
	// faster (measured on X-n251, X-n401 and X-n1001: roughly halves the
	// gap at equal time).
	PopulationSize, GenerationSize int
	// Workers is the number of offspring educated in parallel, each on its
	// own goroutine (0 or 1: one, on the calling goroutine). The result
	// depends on Seed and Workers, not on scheduling (see the package doc).
	// Callers that already run several solves at once should keep 1.
	Workers int
	// Logf, if set, receives progress lines.
	Logf func(format string, args ...any)
	// OnImprove, if set, is called on the solving goroutine each time the
	// search finds a better feasible solution (the first one included);
	// benchmarks use it for the time to a first feasible solution and the
	// improvement curve.
	OnImprove func(Improvement)
}

// Improvement describes a new best feasible solution found by Solve.
type Improvement struct {
	// Elapsed is the time since Solve was called (compilation included).
	Elapsed time.Duration
	// Cost is the sum of the route costs (no unassigned penalties: a
	// feasible solution serves every task that can be served).
	Cost      float64
	Routes    int
	Iteration int
}

// noImproveRestart is the number of iterations without improvement after
// which the population is restarted, keeping the best solution. HGS-CVRP
// waits 20,000 iterations, made for runs of minutes; within the 10 s
// budgets here its population could stall for good: X-n101 and X-n157
// stuck at 0.25% and 0.11% on 2 of 6 seeds, all at 0.00% with 4,000.
const noImproveRestart = 4000

// noImproveStop ends a search without any limit (no time, no iteration
// limit) after this many iterations without improvement.
const noImproveStop = 20000

// Solve runs the hybrid genetic search on p and returns the best solution
// found. It returns early, with the best solution so far, when ctx is
// cancelled or a limit is reached. The returned solution always passes
// Check; tasks that could not be placed feasibly are left unassigned.
func Solve(ctx context.Context, p *Problem, opts Options) (*Solution, error) {
	start := time.Now()
	if err := p.Validate(); err != nil {
		return nil, err
	}
	m := compile(p)
	if m.nReg == 0 {
		return buildSolution(p, m, nil), nil
	}
	s := newSearch(ctx, m, opts, start)
	s.begin()
	for !s.stop() {
		if !s.generation() {
			break
		}
	}
	s.logf("done: %d iterations in %.2fs", s.iter, time.Since(start).Seconds())
	return buildSolution(p, m, s.routes()), nil
}

// ruinRecreate removes a random client and its granular neighbours from
// ind (about size clients), reinserts them at their cheapest penalised
// positions in random order and educates the result: a neighbour of ind
// with the same fleet limit.
func (g *ga) ruinRecreate(ind *indiv, size int) *indiv {
	m := g.m
	routes := compactRoutes(m, ind.routes, -1)
	hold := g.limit
	if hold >= len(routes) {
		return g.educate(routes, true)
	}
	c := int32(g.rng.IntN(m.nReg))
	removed := make([]bool, m.nc)
	removed[c] = true
	for _, v := range g.ls.neigh[c][:min(size-1, len(g.ls.neigh[c]))] {
		removed[v] = true
	}
	for r := range routes {
		if r == hold {
			continue
		}
		k := 0
		for _, x := range routes[r] {
			if removed[x] {
				routes[hold] = append(routes[hold], x)
			} else {
				routes[r][k] = x
				k++
			}
		}
		routes[r] = routes[r][:k]
	}
	g.rng.Shuffle(len(routes[hold]), func(i, j int) { routes[hold][i], routes[hold][j] = routes[hold][j], routes[hold][i] })
	ls := g.ls
	ls.nr = g.limit
	ls.wl, ls.ww = g.wl, g.ww
	ls.load(routes)
	for len(ls.routes[hold].nodes) > 0 {
		ls.forceInsert(int32(hold), 0)
	}
	return g.educate(ls.export(nil), true)
}

// routeMinOK reports whether the ejection-pool route minimisation applies:
// one vehicle type, plain clients with at most one time window.
func (g *ga) routeMinOK() bool {
	m := g.m
	if len(m.types) != 1 || m.types[0].multi {
		return false
	}
	for c := range m.nc {
		if m.complex[c] || m.kind[c] != kindJob {
			return false
		}
		for d := range m.dims {
			if m.dLoad[c*MaxDims+d] != -m.sLoad[c*MaxDims+d] {
				return false
			}
		}
	}
	return true
}

// polish educates a feasible solution with very high penalty weights, which
// shortens it while keeping it feasible; it falls back to the unchanged
// routes if the result is infeasible.
func (g *ga) polish(routes [][]int32) *indiv {
	ls := g.ls
	ls.nr = len(g.m.routeType)
	ls.wl, ls.ww = 1000*(g.wl0+g.wl), 1000*(g.ww0+g.ww)
	ls.load(routes)
	ls.run()
	ls.wl, ls.ww = g.wl, g.ww
	for r := range ls.routes {
		ls.update(int32(r))
	}
	if ind := g.fromLS(); ind.feas {
		return ind
	}
	return g.fromRoutes(routes)
}

// fromRoutes builds an individual from routes without educating it.
func (g *ga) fromRoutes(routes [][]int32) *indiv {
	ls := g.ls
	ls.nr = len(g.m.routeType)
	ls.wl, ls.ww = g.wl, g.ww
	ls.load(routes)
	return g.fromLS()
}

// compactRoutes moves non-empty routes to the front (one vehicle type);
// skip >= 0 puts that route last.
func compactRoutes(m *model, routes [][]int32, skip int) [][]int32 {
	out := make([][]int32, len(m.routeType))
	k := 0
	for r, rt := range routes {
		if len(rt) > 0 && r != skip {
			out[k] = slices.Clone(rt)
			k++
		}
	}
	if skip >= 0 {
		out[k] = slices.Clone(routes[skip])
	}
	return out
}

// seedReduced removes the smallest route of ind and reinserts its clients
// at their cheapest penalised positions, then educates the result with the
// reduced fleet.
func (g *ga) seedReduced(ind *indiv) *indiv {
	small, sz := -1, math.MaxInt
	for r, rt := range ind.routes {
		if len(rt) > 0 && len(rt) < sz {
			small, sz = r, len(rt)
		}
	}
	routes := compactRoutes(g.m, ind.routes, small)
	ls := g.ls
	ls.nr = g.limit
	ls.wl, ls.ww = g.wl, g.ww
	ls.load(routes)
	for from := int32(g.limit); int(from) < len(ls.routes); from++ {
		for len(ls.routes[from].nodes) > 0 {
			ls.forceInsert(from, 0)
		}
	}
	return g.educate(ls.export(nil), false)
}

// forceInsert moves the client at position i of route from to its
// cheapest penalised position among the active routes.
func (ls *localSearch) forceInsert(from, i int32) {
	bestD, bestR, bestP := math.Inf(1), int32(-1), int32(0)
	ls.ins[0] = piece{from, i, i, false}
	for r := range int32(ls.nr) {
		L := int32(len(ls.routes[r].nodes))
		for p := int32(-1); p < L; p++ {
			ps := ls.removeInsert(ls.p2[:0], r, 1, 0, p, ls.ins[:1])
			if d := ls.eval(r, ps) - ls.routes[r].val; d < bestD {
				bestD, bestR, bestP = d, r, p
			}
		}
	}
	if bestR < 0 {
		bestR, bestP = 0, -1
	}
	ps1 := ls.removeInsert(ls.p1[:0], from, i, i, -2, nil)
	ps2 := ls.removeInsert(ls.p2[:0], bestR, 1, 0, bestP, ls.ins[:1])
	ls.apply(from, ps1, bestR, ps2)
}

// makeFeasible turns the best infeasible individual into a feasible
// solution by removing, route by route, the clients (or shipment pairs)
// whose removal most reduces the violations, then reinserting removed
// clients wherever they fit without violation.
func (g *ga) makeFeasible(ind *indiv) [][]int32 {
	m := g.m
	ls := g.ls
	ls.nr = len(m.routeType)
	ls.wl, ls.ww = 1e6*(g.wl+1), 1e6*(g.ww+1)
	routes := make([][]int32, len(m.routeType))
	if ind != nil {
		for r := range routes {
			routes[r] = slices.Clone(ind.routes[r])
		}
	}
	ls.load(routes)
	viol := func(r int32) bool {
		R := &ls.routes[r]
		return R.load > 0 || R.warp > 1e-7 || R.bad > 0
	}
	for r := range int32(ls.nr) {
		for viol(r) {
			R := &ls.routes[r]
			bestV, bestI := math.Inf(1), -1
			for i, c := range R.nodes {
				if m.kind[c] == kindReload {
					continue
				}
				pair := m.pair[c]
				if pair < 0 {
					pair = c
				}
				// Violations dominate; the unassigned penalty (priority)
				// breaks ties in favour of keeping important tasks.
				v := ls.evalWithout(r, c, pair) + m.penalty[c]
				if pair != c {
					v += m.penalty[pair]
				}
				if v < bestV {
					bestV, bestI = v, i
				}
			}
			if bestI < 0 {
				break
			}
			c := R.nodes[bestI]
			pair := m.pair[c]
			k := 0
			for _, x := range R.nodes {
				if x != c && x != pair {
					R.nodes[k] = x
					k++
				}
			}
			R.nodes = R.nodes[:k]
			ls.moves++
			ls.update(r)
		}
	}
	// Reinsert removed tasks where they fit: plain jobs, and shipments as
	// their pickup followed by their delivery in one route (an empty route
	// of an unused vehicle included).
	placed := make([]bool, m.nc)
	for r := range ls.routes {
		for _, c := range ls.routes[r].nodes {
			placed[c] = true
		}
	}
	order := make([]int32, 0, m.nReg)
	for c := range int32(m.nReg) {
		if !placed[c] && (m.kind[c] == kindJob || m.kind[c] == kindPickup) {
			order = append(order, c)
		}
	}
	// Highest penalty (priority) first.
	slices.SortStableFunc(order, func(a, b int32) int {
		switch {
		case m.penalty[a] > m.penalty[b]:
			return -1
		case m.penalty[a] < m.penalty[b]:
			return 1
		}
		return 0
	})
	for _, c := range order {
		g.reinsert(c)
	}
	return ls.export(nil)
}

// reinsert puts task c (a job, or a shipment's pickup with its delivery
// after it) at its cheapest position that violates nothing, if any.
func (g *ga) reinsert(c int32) {
	m, ls := g.m, g.ls
	d := int32(-1)
	if m.kind[c] == kindPickup {
		d = m.pair[c]
	}
	bestD, bestR, bestP, bestQ := math.Inf(1), int32(-1), 0, 0
	for r := range int32(ls.nr) {
		R := &ls.routes[r]
		if m.hasCompat && !m.compat[int(c)*len(m.types)+int(R.t)] {
			continue
		}
		n := len(R.nodes)
		for p := 0; p <= n; p++ {
			// q is where the delivery goes among the original nodes (q ≥ p);
			// a job has none, so it tries q = p once.
			qEnd := p
			if d >= 0 {
				qEnd = n
			}
			for q := p; q <= qEnd; q++ {
				seq := append(ls.buf2[:0], R.nodes[:p]...)
				seq = append(seq, c)
				seq = append(seq, R.nodes[p:q]...)
				if d >= 0 {
					seq = append(seq, d)
				}
				seq = append(seq, R.nodes[q:]...)
				ls.buf2 = seq
				res := ls.sim.run(r, &m.types[R.t], seq)
				if res.load > 0 || res.warp > 1e-7 || res.bad > 0 {
					continue
				}
				if dc := res.cost - R.cost; dc < bestD {
					bestD, bestR, bestP, bestQ = dc, r, p, q
				}
			}
		}
	}
	if bestR < 0 {
		return
	}
	R := &ls.routes[bestR]
	if d >= 0 {
		R.nodes = slices.Insert(R.nodes, bestQ, d)
	}
	R.nodes = slices.Insert(R.nodes, bestP, c)
	ls.moves++
	ls.update(bestR)
}
