package vrp

import (
	"math"
	"slices"
	"sync"
	"time"
)

// Route-based decomposition (A. Santini, M. Schneider, T. Vidal, D. Vigo,
// "Decomposition strategies for vehicle routing heuristics", INFORMS
// Journal on Computing 35(3), 2023).
//
// On large CVRP-like problems the genetic search periodically takes the
// best feasible solution, cuts it into groups of whole routes by the polar
// angle of the route barycentres around the depot (from a random starting
// angle, so that the boundaries move from one decomposition to the next),
// solves the clients of each group as a problem of its own with the same
// genetic search for a bounded number of iterations, warm-started from the
// group's routes, and puts the reassembled solution into the population.
// A subproblem's best solution is never worse than its warm start, so the
// reassembled solution is never worse than the decomposed one.

// decompConfig holds the decomposition parameters.
type decompConfig struct {
	// minClients is the smallest problem decomposed. Measured at 10 s
	// (seeds 1–3): X-n502 gains (0.27 % → 0.19 % mean gap), X-n401, cut
	// into three subproblems, loses (0.77 % → 1.17 %).
	minClients int
	// maxClients is the largest problem decomposed. Measured at 60 s
	// with one worker (seed 1): X-n701 and X-n1001 gain (1.36 % → 1.26 %,
	// 2.13 % → 1.92 %), generated Euclidean problems of 2,000 and 5,000
	// stops lose (+0.85 % and +0.23 % in cost), where a main iteration is
	// slow and the subproblems' budget, fixed in iterations, takes time
	// the main search used better.
	maxClients int
	// target is the number of clients of a subproblem, within the
	// 100–200 range where Santini et al. found the subproblems large
	// enough to improve and small enough to solve quickly.
	target int
	// period is the number of genetic iterations between two
	// decompositions.
	period int
	// iters is the number of genetic iterations (initial individuals
	// included) spent on one subproblem.
	iters int
	// stall ends a subproblem's search after this many iterations
	// without a better solution: once the first decompositions have
	// improved a region, later ones rarely do.
	stall int
	// init is the number of random initial individuals of a subproblem,
	// besides its warm start.
	init int
}

// decompDefaults are the parameters Solve uses; tests shrink them.
var decompDefaults = decompConfig{minClients: 500, maxClients: 1500, target: 150, period: 50, iters: 400, stall: 150, init: 8}

// decomposable reports whether route-based decomposition applies: a CVRP
// (one vehicle type, single trips, plain jobs, no time constraints, every
// client on every route) of cfg.minClients to cfg.maxClients clients
// with coordinates for the polar angles. The rich problems of the plans (tens
// of stops, multi-trip, time windows) never qualify.
func decomposable(m *model, cfg decompConfig) bool {
	p := m.p
	if m.nReg < cfg.minClients || m.nReg > cfg.maxClients || len(m.types) != 1 || m.hasCompat || m.nc != m.nReg || p.Coords == nil {
		return false
	}
	t := &m.types[0]
	if t.multi || !math.IsInf(t.shiftEnd, 1) || !math.IsInf(t.maxTravel, 1) || t.start != t.end {
		return false
	}
	if d := p.Vehicles[t.src].depot(); d < 0 || d >= len(p.Coords) {
		return false
	}
	for c := range m.nReg {
		if m.kind[c] != kindJob || m.complex[c] || !math.IsInf(m.early[c], -1) || !math.IsInf(m.late[c], 1) {
			return false
		}
		if int(m.loc[c]) >= len(p.Coords) {
			return false
		}
	}
	return true
}

// decomposer runs decompositions for one Solve.
type decomposer struct {
	cfg     decompConfig
	g       *ga
	workers int          // subproblems solved at once
	alive   func() bool  // false once the deadline passes or ctx is done
	jobOf   []int        // Problem job index of each client
	sub     []subproblem // scratch: this decomposition's groups
}

// subproblem is one group of routes of a decomposition.
type subproblem struct {
	clients []int32   // main-model client of each subproblem client
	warm    [][]int32 // the group's routes, in subproblem clients
	seed    uint64
	result  [][]int32 // best routes found, in subproblem clients
	iters   int       // iterations spent
}

func newDecomposer(cfg decompConfig, g *ga, workers int, alive func() bool) *decomposer {
	d := &decomposer{cfg: cfg, g: g, workers: max(1, workers), alive: alive, jobOf: make([]int, g.m.nReg)}
	for c := range g.m.nReg {
		d.jobOf[c] = int(g.m.srcIdx[c])
	}
	return d
}

// run decomposes ind, solves the subproblems and returns the reassembled
// routes (a feasible solution no worse than ind; nil if no subproblem
// improved) and the work spent, in
// iterations of the whole problem: each subproblem iteration counts in
// proportion to the subproblem's share of the clients.
func (d *decomposer) run(ind *indiv, subIters int) (routes [][]int32, work int) {
	g := d.g
	d.group(ind)
	if len(d.sub) < 2 {
		return nil, 0
	}
	d.solveAll(subIters)
	free := len(g.m.routeType)
	for _, rt := range ind.routes {
		if len(rt) > 0 {
			free--
		}
	}
	routes = make([][]int32, 0, len(g.m.routeType))
	done, improved := 0.0, false
	for i := range d.sub {
		s := &d.sub[i]
		done += float64(s.iters) * float64(len(s.clients)) / float64(g.m.nReg)
		res := s.warm
		if extra := nonEmpty(s.result) - nonEmpty(s.warm); s.result != nil && extra <= free {
			res, free, improved = s.result, free-extra, true
		}
		for _, rt := range res {
			if len(rt) == 0 {
				continue
			}
			out := make([]int32, len(rt))
			for k, c := range rt {
				out[k] = s.clients[c]
			}
			routes = append(routes, out)
		}
	}
	if !improved {
		return nil, int(math.Round(done))
	}
	for len(routes) < len(g.m.routeType) {
		routes = append(routes, nil)
	}
	return routes, int(math.Round(done))
}

// group cuts the routes of ind into subproblems of about cfg.target
// clients, consecutive by the polar angle of their barycentres from a
// random starting angle.
func (d *decomposer) group(ind *indiv) {
	g := d.g
	type keyed struct {
		angle float64
		r     int
	}
	off := g.rng.Float64() * 2 * math.Pi
	var order []keyed
	n := 0
	for r, rt := range ind.routes {
		if len(rt) == 0 {
			continue
		}
		a := math.Mod(g.routeAngle(rt)-off+4*math.Pi, 2*math.Pi)
		order = append(order, keyed{a, r})
		n += len(rt)
	}
	slices.SortStableFunc(order, func(a, b keyed) int {
		switch {
		case a.angle < b.angle:
			return -1
		case a.angle > b.angle:
			return 1
		}
		return 0
	})
	k := max(1, int(math.Round(float64(n)/float64(d.cfg.target))))
	d.sub = d.sub[:0]
	var cur subproblem
	taken := 0
	for i, o := range order {
		rt := ind.routes[o.r]
		sr := make([]int32, len(rt))
		for j, c := range rt {
			sr[j] = int32(len(cur.clients))
			cur.clients = append(cur.clients, c)
		}
		cur.warm = append(cur.warm, sr)
		taken += len(rt)
		if taken*k >= (len(d.sub)+1)*n || i == len(order)-1 {
			cur.seed = g.rng.Uint64()
			d.sub = append(d.sub, cur)
			cur = subproblem{}
		}
	}
}

// solveAll solves the subproblems, up to d.workers at once; each has its
// own seed, so the results do not depend on scheduling.
func (d *decomposer) solveAll(subIters int) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, d.workers)
	for i := range d.sub {
		s := &d.sub[i]
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			s.result, s.iters = d.solve(s, subIters)
		})
	}
	wg.Wait()
}

// subProblem returns the problem of the clients of s: the same vehicle
// and travel data, only the group's jobs.
func (d *decomposer) subProblem(s *subproblem) *Problem {
	p := d.g.m.p
	sp := *p
	sp.Jobs = make([]Job, len(s.clients))
	for i, c := range s.clients {
		sp.Jobs[i] = p.Jobs[d.jobOf[c]]
	}
	sp.Shipments = nil
	return &sp
}

// solve runs the genetic search on subproblem s for at most iters
// iterations, from its warm start and cfg.init random individuals, and
// returns its best feasible routes (nil if none beats the warm start) and
// the iterations spent.
func (d *decomposer) solve(s *subproblem, iters int) ([][]int32, int) {
	m := compile(d.subProblem(s))
	if m.nReg != len(s.clients) || nonEmpty(s.warm) > len(m.routeType) {
		return nil, 0
	}
	sg := newGA(m, s.seed, false, d.g.mu, d.g.lambda)
	warm := make([][]int32, len(m.routeType))
	copy(warm, s.warm)
	sg.wl, sg.ww = d.g.wl, d.g.ww
	start := sg.fromRoutes(warm)
	if !start.feas {
		return nil, 0
	}
	best := start
	sg.add(start)
	it, last := 0, 0
	consider := func(ind *indiv) {
		it++
		sg.add(ind)
		if ind.feas && ind.cost < best.cost-1e-9 {
			best, last = ind, it
		}
	}
	consider(sg.educate(warm, true))
	for k := 0; k < d.cfg.init && it < iters && d.alive(); k++ {
		tour := sg.randomTour()
		if k%2 == 0 {
			tour = sg.sweepTour()
		}
		consider(sg.educate(sg.sp.split(tour, sg.limit, sg.wl, sg.ww), true))
	}
	for it < iters && it-last < d.cfg.stall && d.alive() {
		sg.updateBiased(sg.feas)
		sg.updateBiased(sg.infeas)
		child := sg.crossoverOX(sg.tournament(), sg.tournament())
		consider(sg.educate(sg.sp.split(child, sg.limit, sg.wl, sg.ww), true))
		if it%100 == 0 {
			sg.adaptPenalties()
		}
	}
	if best == start {
		return nil, it
	}
	return best.routes, it
}

// nonEmpty counts the non-empty routes.
func nonEmpty(routes [][]int32) int {
	k := 0
	for _, rt := range routes {
		if len(rt) > 0 {
			k++
		}
	}
	return k
}

// deadlineAlive returns a check that the search may go on: ctx not done
// and the deadline (if any) not passed.
func deadlineAlive(done func() bool, deadline time.Time) func() bool {
	return func() bool {
		return !done() && (deadline.IsZero() || time.Now().Before(deadline))
	}
}
