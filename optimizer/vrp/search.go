package vrp

import (
	"context"
	"math"
	"time"
)

// search is the state of one Solve run. Solve's steps share the iteration
// count, the best solutions and the budget, and all of them may stop the
// run: keeping that state in one place lets each step read as what it does
// in the Hybrid Genetic Search, while the order in which the steps consume
// iterations and random numbers (and hence the result for a seed) stays the
// one of the algorithm.
type search struct {
	ctx      context.Context
	opts     Options
	m        *model
	g        *ga   // the solving ga: population, penalties and generator
	workers  []*ga // workers[0] is g; the others educate in parallel
	start    time.Time
	deadline time.Time // zero without a time limit
	hier     bool      // fewest routes first, then cost

	iter     int
	progress int    // the last iteration that found a better solution
	best     *indiv // best feasible
	bestAny  *indiv // lowest penalised cost, feasible or not

	// lastImprove and bestCost detect the stall that restarts the
	// population; unlike progress, they ignore the penalised cost.
	lastImprove int
	bestCost    float64

	// Fleet reduction for the hierarchical objective.
	lowerBound   int     // no solution has fewer routes
	reducing     bool    // still trying fewer routes than the best has
	attemptStart float64 // budget fraction when the current attempt began
	attemptFrom  *indiv  // the best solution the current attempt reduces

	// Route-based decomposition of large CVRPs (nil dec: none).
	dec        *decomposer
	dcfg       decompConfig
	nextDecomp int // the iteration of the next decomposition
}

// newSearch fills in the options' defaults and sets up the genetic search
// and its workers before any iteration runs, so that the steps that follow
// only have to consume the budget.
func newSearch(ctx context.Context, m *model, opts Options, start time.Time) *search {
	mu, lambda := opts.PopulationSize, opts.GenerationSize
	if mu <= 0 {
		mu = 8
	}
	if lambda <= 0 {
		lambda = 12
	}
	hier := opts.MinimizeVehicles && len(m.types) == 1
	g := newGA(m, opts.Seed, hier, mu, lambda)
	s := &search{ctx: ctx, opts: opts, m: m, g: g, workers: []*ga{g}, start: start, hier: hier}
	for k := 1; k < opts.Workers && k < m.nReg; k++ {
		s.workers = append(s.workers, g.newWorker(k, opts.Seed))
	}
	if opts.TimeLimit > 0 {
		s.deadline = start.Add(opts.TimeLimit)
	}
	s.lowerBound = 1
	if hier {
		s.lowerBound = fleetLowerBound(m)
	}
	s.reducing = hier
	s.bestCost = math.Inf(1)
	s.dcfg = decompDefaults
	s.nextDecomp = s.dcfg.period
	if !hier && decomposable(m, s.dcfg) {
		done := func() bool { return ctx.Err() != nil }
		s.dec = newDecomposer(s.dcfg, g, len(s.workers), deadlineAlive(done, s.deadline))
	}
	return s
}

// fleetLowerBound is the number of routes the total load needs in each
// dimension (at least one): fleet reduction never tries fewer, since no
// such solution can exist. m has one vehicle type.
func fleetLowerBound(m *model) int {
	lb := 1
	t := &m.types[0]
	for d := range m.dims {
		tot := int64(0)
		for c := range m.nReg {
			tot += m.sLoad[c*MaxDims+d]
		}
		if t.cap[d] > 0 {
			lb = max(lb, int((tot+t.cap[d]-1)/t.cap[d]))
		}
	}
	return lb
}

// stop is checked between iterations so that Solve is anytime: it returns
// the best solution so far as soon as the caller cancels or any limit is
// reached.
func (s *search) stop() bool {
	if s.ctx.Err() != nil {
		return true
	}
	if s.opts.MaxIterations > 0 && s.iter >= s.opts.MaxIterations {
		return true
	}
	if s.opts.StallIterations > 0 && s.iter-s.progress >= s.opts.StallIterations {
		return true
	}
	return !s.deadline.IsZero() && time.Now().After(s.deadline)
}

// unlimited reports that the caller set neither an iteration nor a time
// limit: the search then ends at its first stall instead of restarting.
func (s *search) unlimited() bool {
	return s.opts.MaxIterations == 0 && s.opts.TimeLimit == 0
}

// batchSize is the number of offspring the next batch may breed: one per
// worker, but never past the iteration limit, so that the limit counts
// offspring exactly whatever the worker count.
func (s *search) batchSize(want int) int {
	n := min(want, len(s.workers))
	if s.opts.MaxIterations > 0 {
		n = min(n, s.opts.MaxIterations-s.iter)
	}
	return max(n, 1)
}

// frac is the consumed fraction of the budget, by iterations or by time,
// whichever is further: the phases of the hierarchical objective are
// scheduled by it so that they fit any kind of limit.
func (s *search) frac() float64 {
	f := 0.0
	if s.opts.MaxIterations > 0 {
		f = float64(s.iter) / float64(s.opts.MaxIterations)
	}
	if !s.deadline.IsZero() {
		f = math.Max(f, float64(time.Since(s.start))/float64(s.opts.TimeLimit))
	}
	return f
}

// logf lets the steps report progress without each checking for a logger.
func (s *search) logf(format string, a ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf(format, a...)
	}
}

// consider keeps the best solutions and the iteration of the last
// progress, which the stall limit counts from; while no solution is
// feasible, a lower penalised cost counts as progress so that the stall
// limit still ends hopeless searches.
func (s *search) consider(ind *indiv) {
	if ind.feas && s.g.better(ind, s.best) {
		s.best = ind
		s.progress = s.iter
		s.logf("it %d t %.2fs routes %d cost %.3f", s.iter, time.Since(s.start).Seconds(), ind.nRoutes, ind.cost)
		if s.opts.OnImprove != nil {
			s.opts.OnImprove(Improvement{Elapsed: time.Since(s.start), Cost: ind.cost, Routes: ind.nRoutes, Iteration: s.iter})
		}
	}
	if s.bestAny == nil || ind.pcost < s.bestAny.pcost {
		s.bestAny = ind
		if s.best == nil {
			s.progress = s.iter
		}
	}
}

// initPop replaces the population by count educated random individuals
// (and seedInd, if any, which a restart keeps), the diverse start that the
// genetic search needs.
func (s *search) initPop(count int, seedInd *indiv) {
	g := s.g
	g.feas, g.infeas = g.feas[:0], g.infeas[:0]
	if seedInd != nil {
		g.add(seedInd)
	}
	f0 := s.frac()
	for k := 0; k < count && !s.stop(); {
		// Under a time limit, an initial population may take at most
		// 15 % of the budget so that large instances still evolve.
		if k >= 2 && !s.deadline.IsZero() && s.frac()-f0 > 0.15 {
			break
		}
		tours := make([][]int32, s.batchSize(count-k))
		for j := range tours {
			tours[j] = g.randomTour()
			if (k+j)%2 == 1 && s.m.nReg > 200 {
				// On large instances, half the initial tours are
				// randomised sweeps, much cheaper to educate.
				tours[j] = g.sweepTour()
			}
		}
		for _, e := range batch(s.workers, tours, true) {
			s.iter++
			k++
			g.absorb(e)
			g.add(e.ind)
			s.consider(e.ind)
		}
	}
}

// seedAround replaces the population by ruin-and-recreate neighbours of
// ind: with a tight fleet, random individuals are rarely feasible, so the
// search restarts from the best solution's surroundings instead.
func (s *search) seedAround(ind *indiv) {
	g := s.g
	g.feas, g.infeas = g.feas[:0], g.infeas[:0]
	g.add(ind)
	for k := 0; k < g.mu && !s.stop(); k++ {
		s.iter++
		nind := g.ruinRecreate(ind, 5+g.rng.IntN(11))
		g.add(nind)
		s.consider(nind)
	}
}

// begin brings the search to its first generation with at least one
// solution: under the hierarchical objective, a constructed solution whose
// fleet route minimisation shrinks first (when it applies); otherwise, or
// if that finds nothing feasible, a random initial population.
func (s *search) begin() {
	rm := s.constructRoutes()
	if s.best == nil {
		rm = nil
		s.initPop(4*s.g.mu, nil)
	}
	if s.bestAny == nil {
		// Even when cancelled before starting, return a solution.
		s.iter++
		g := s.g
		s.consider(g.educate(g.sp.split(g.randomTour(), g.limit, g.wl, g.ww), false))
	}
	if s.hier && s.best != nil && rm != nil {
		s.minimiseRoutes(rm)
	}
	if s.best != nil {
		s.bestCost = s.best.cost
	}
	s.tryReduce()
}

// constructRoutes starts the hierarchical objective from a feasible
// solution built by cheapest feasible insertion, which the ejection pools
// then shrink; it returns the route minimiser, or nil where it does not
// apply (several vehicle types, rich tasks).
func (s *search) constructRoutes() *routeMinimizer {
	g, m := s.g, s.m
	if !s.hier || !g.routeMinOK() {
		return nil
	}
	rm := &routeMinimizer{m: m, g: g, t: &m.types[0], p: make([]int, m.nc)}
	if routes := rm.construct(len(m.routeType)); routes != nil {
		s.consider(g.polish(routes))
	}
	return rm
}

// minimiseRoutes removes routes by ejection pools for up to 30 % of the
// budget, far faster than the genetic fleet reduction at that, then
// restarts the population around the result for fleet reduction and cost
// minimisation.
func (s *search) minimiseRoutes(rm *routeMinimizer) {
	g := s.g
	rm.stop = s.ejectionStop
	for s.best.nRoutes-1 >= s.lowerBound && !rm.stop() {
		routes, ok := rm.removeRoute(s.best.routes, math.MaxInt)
		if !ok {
			break
		}
		s.consider(g.polish(routes))
	}
	s.logf("route minimisation: %d routes after %d ejection steps", s.best.nRoutes, rm.steps)
	g.limit = s.best.nRoutes
	// The fleet is now tight: restart the time-warp weight high enough
	// for the population to reach feasibility quickly.
	g.ww = math.Max(g.ww, 10*g.ww0)
	g.wl = math.Max(g.wl, g.wl0)
	s.seedAround(s.best)
}

// ejectionStop counts the route minimiser's work against the iteration
// limit (it is called once per step batch) and ends it at the search's
// limits or once it has had its share of the budget.
func (s *search) ejectionStop() bool {
	s.iter++
	return s.stop() || s.frac() > 0.3
}

// tryReduce starts an attempt at one route fewer than the best solution
// has, unless the lower bound forbids it or an attempt from this best
// solution is already under way; the population is derived from the
// current one rather than drawn anew, so that it starts close to feasible.
func (s *search) tryReduce() {
	g, best := s.g, s.best
	if !s.reducing || best == nil || best.nRoutes-1 < s.lowerBound || best == s.attemptFrom {
		return
	}
	if g.limit <= best.nRoutes-1 {
		return
	}
	s.attemptFrom = best
	g.limit = best.nRoutes - 1
	s.attemptStart = s.frac()
	s.logf("fleet: trying %d routes", g.limit)
	// Each individual loses its smallest route, whose clients are
	// reinserted at their cheapest penalised positions.
	old := append(append([]*indiv(nil), g.feas...), g.infeas...)
	g.feas, g.infeas = nil, nil
	g.add(g.seedReduced(best))
	for _, ind := range old {
		if s.stop() {
			break
		}
		s.iter++
		nind := g.seedReduced(ind)
		g.add(nind)
		s.consider(nind)
	}
}

// generation is the unit of work between two checks of the limits: a
// decomposition when one is due, a new population when the last one was
// emptied, or else a batch of offspring. It returns false when a search
// without limits has stalled, which ends it.
func (s *search) generation() bool {
	g := s.g
	if s.decompositionDue() {
		s.decompose()
		return true
	}
	if len(g.feas)+len(g.infeas) == 0 {
		s.iter++
		s.initPop(g.mu, nil)
		return true
	}
	g.updateBiased(g.feas)
	g.updateBiased(g.infeas)
	for _, kid := range s.offspring() {
		if !s.accept(kid) {
			break
		}
	}
	return !s.unlimited() || s.iter-s.lastImprove <= noImproveStop
}

// offspring breeds the generation's batch: one offspring per worker,
// except that with a tight fleet every third iteration intensifies around
// the best solution instead, since feasible offspring are then rare.
func (s *search) offspring() []educated {
	g, best := s.g, s.best
	if s.hier && !s.reducing && best != nil && best.nRoutes <= g.limit && (s.iter+1)%3 == 0 {
		return []educated{{ind: g.ruinRecreate(best, 5+g.rng.IntN(16))}}
	}
	return breed(s.workers, s.batchSize(len(s.workers)))
}

// accept adds one offspring to the population and runs the per-iteration
// bookkeeping in the order the algorithm fixes: best solutions, penalty
// adaptation, then fleet reduction or the restart on a stall. It returns
// false when an unlimited search has stalled, so that the rest of the
// batch is dropped.
func (s *search) accept(kid educated) bool {
	g := s.g
	s.iter++
	g.absorb(kid)
	g.add(kid.ind)
	s.consider(kid.ind)
	if f := g.bestFeasible(); f != nil {
		s.consider(f)
	}
	if best := s.best; best != nil && (best.cost < s.bestCost-1e-9 || (s.hier && best == s.attemptFrom)) {
		if best.cost < s.bestCost-1e-9 {
			s.lastImprove = s.iter
		}
		s.bestCost = best.cost
	}
	if s.iter%100 == 0 {
		s.adaptPenalties()
	}
	if s.hier && s.reducing {
		s.reduceFleet()
		return true
	}
	return s.restartIfStalled()
}

// adaptPenalties steers the share of feasible offspring towards its
// target (every 100 iterations) and, every 500, reports the population's
// state, the first thing to look at when a search does not converge.
func (s *search) adaptPenalties() {
	g := s.g
	g.adaptPenalties()
	if s.iter%500 != 0 {
		return
	}
	bf := math.Inf(1)
	if f := g.bestFeasible(); f != nil {
		bf = f.cost
	}
	s.logf("it %d limit %d feas %d infeas %d bestpop %.1f wl %.2f ww %.2f", s.iter, g.limit, len(g.feas), len(g.infeas), bf, g.wl, g.ww)
}

// reduceFleet moves on to one route fewer as soon as the current attempt
// succeeds, and gives reduction up once an attempt has had 20 % of the
// budget (or 60 % is spent), so that cost minimisation with the best fleet
// found keeps the rest.
func (s *search) reduceFleet() {
	g, best := s.g, s.best
	if best != nil && best.nRoutes <= g.limit && best != s.attemptFrom {
		s.tryReduce()
		return
	}
	if f := s.frac(); f-s.attemptStart <= 0.2 && f <= 0.6 {
		return
	}
	s.reducing = false
	if best != nil {
		g.limit = best.nRoutes
		s.logf("fleet: keeping %d routes", g.limit)
		// Restart around the best solution: a tight fleet makes random
		// individuals rarely feasible.
		s.seedAround(best)
	}
}

// restartIfStalled restarts the population, keeping the best solution,
// after noImproveRestart iterations without improvement, as HGS does to
// escape a converged population. Without limits, a stall of noImproveStop
// iterations ends the search instead (it returns false).
func (s *search) restartIfStalled() bool {
	if s.unlimited() {
		return s.iter-s.lastImprove <= noImproveStop
	}
	if s.iter-s.lastImprove <= noImproveRestart {
		return true
	}
	s.lastImprove = s.iter
	s.initPop(4*s.g.mu, s.best)
	return true
}

// decompositionDue reports that the period since the last decomposition
// has passed; decomposition needs a feasible solution to split.
func (s *search) decompositionDue() bool {
	return s.dec != nil && s.best != nil && s.iter >= s.nextDecomp
}

// decompose solves subproblems of the best solution's routes and adds the
// reassembled solution to the population. The subproblems' work counts
// against the iteration limit, and none starts once the limit is reached,
// so that decomposition never overruns it.
func (s *search) decompose() {
	subIters := s.dcfg.iters
	if s.opts.MaxIterations > 0 {
		subIters = min(subIters, s.opts.MaxIterations-s.iter)
	}
	if subIters <= 0 {
		s.nextDecomp = math.MaxInt
		return
	}
	routes, work := s.dec.run(s.best, subIters)
	s.iter += work
	s.nextDecomp = s.iter + s.dcfg.period
	if routes == nil {
		return
	}
	g := s.g
	ind := g.fromRoutes(routes)
	if s.dec.alive() {
		ind = g.polish(routes)
	}
	s.logf("decomposition: it %d t %.2fs cost %.3f from %.3f", s.iter, time.Since(s.start).Seconds(), ind.cost, s.best.cost)
	g.add(ind)
	s.consider(ind)
}

// routes is the search's answer: the best feasible solution or, if none
// was found, the best infeasible one made feasible by leaving tasks
// unassigned, since Solve promises a solution that passes Check.
func (s *search) routes() [][]int32 {
	if s.best == nil {
		return s.g.makeFeasible(s.bestAny)
	}
	return s.best.routes
}
