package vrp

import (
	"math"
	"math/rand/v2"
	"slices"
)

// indiv is an HGS individual: routes (by route index) and derived data.
type indiv struct {
	routes  [][]int32
	tour    []int32
	cost    float64 // objective (no penalties)
	load    float64
	warp    float64
	bad     int
	pcost   float64 // penalised cost under the current weights
	nRoutes int
	feas    bool
	succ    []int32 // successor of each regular client (-1: depot)
	pred    []int32
	prox    []proxEntry // other individuals of the subpopulation by distance
	biased  float64
}

type proxEntry struct {
	d   float64
	ind *indiv
}

// ga holds the HGS population and parameters (Vidal 2022 defaults except
// the population sizes, see Options).
type ga struct {
	m       *model
	ls      *localSearch
	sp      *splitter
	rng     *rand.Rand
	feas    []*indiv
	infeas  []*indiv
	limit   int // route limit
	mu      int
	lambda  int
	nbElite int
	nbClose int
	wl, ww  float64
	wl0     float64 // initial weights
	ww0     float64
	histL   []bool
	histW   []bool
	angle   []float64 // route ordering key scratch
	hier    bool
}

func newGA(m *model, seed uint64, hier bool, mu, lambda int) *ga {
	ls := newLocalSearch(m, seed^0x5bd1e995)
	g := &ga{m: m, ls: ls, sp: newSplitter(m, ls), rng: rand.New(rand.NewPCG(seed, 12345)),
		limit: len(m.routeType), mu: mu, lambda: lambda, nbElite: 4, nbClose: 5, hier: hier}

	// Initial penalties as in HGS: capacity penalty from the ratio of the
	// largest distance to the largest demand; time warp weight 1.
	maxDem := 1.0
	for c := range m.nReg {
		for d := range m.dims {
			maxDem = math.Max(maxDem, float64(max(m.sLoad[c*MaxDims+d], m.dLoad[c*MaxDims+d])))
		}
	}
	maxRate := 0.0
	for ti := range m.types {
		maxRate = math.Max(maxRate, m.types[ti].perDist+m.types[ti].per)
	}
	g.wl = math.Max(0.1, math.Min(1000, m.maxArc*math.Max(maxRate, 1e-3)/maxDem))
	g.ww = math.Max(1, maxRate)
	g.wl0, g.ww0 = g.wl, g.ww
	return g
}

// better reports whether a beats b under the objective.
func (g *ga) better(a, b *indiv) bool {
	if b == nil {
		return true
	}
	if g.hier && a.nRoutes != b.nRoutes {
		return a.nRoutes < b.nRoutes
	}
	return a.cost < b.cost-1e-9
}

// educate runs the local search on routes and returns the individual; an
// infeasible one is repaired with probability 1/2, and when the repair
// succeeds the unrepaired individual joins the population too.
func (g *ga) educate(routes [][]int32, repair bool) *indiv {
	ind, pre := g.educateOnly(routes, repair)
	g.record(pre)
	if ind != pre {
		g.add(pre)
	}
	return ind
}

// educateOnly is educate without touching the population or the penalty
// history: it returns the educated individual and, if that is a
// successful repair, the individual before the repair (pre == ind
// otherwise). Workers run it in parallel.
func (g *ga) educateOnly(routes [][]int32, repair bool) (ind, pre *indiv) {
	ls := g.ls
	ls.nr = g.limit
	ls.wl, ls.ww = g.wl, g.ww
	ls.load(routes)
	ls.run()
	ind = g.fromLS()
	if repair && !ind.feas && g.rng.IntN(2) == 0 {
		ls.wl, ls.ww = g.wl*10, g.ww*10
		for r := range ls.routes {
			ls.update(int32(r))
		}
		ls.run()
		ls.wl, ls.ww = g.wl, g.ww
		for r := range ls.routes {
			ls.update(int32(r))
		}
		if rep := g.fromLS(); rep.feas {
			return rep, ind
		}
	}
	return ind, ind
}

// record adds an educated individual (before any repair) to the history
// of feasibility that adapts the penalty weights.
func (g *ga) record(ind *indiv) {
	g.histL = append(g.histL, ind.feas || ind.load < 1e-9)
	g.histW = append(g.histW, ind.feas || (ind.warp < 1e-7 && ind.bad == 0))
}

// fromLS builds an individual from the local search state.
func (g *ga) fromLS() *indiv {
	ls := g.ls
	m := g.m
	ind := &indiv{}
	ind.routes = ls.export(nil)
	ind.cost, ind.load, ind.warp, ind.bad = ls.totals()
	ind.feas = ind.load < 1e-9 && ind.warp < 1e-7 && ind.bad == 0
	ind.pcost = ind.cost + g.wl*ind.load + g.ww*ind.warp + ls.wb*float64(ind.bad)
	ind.succ = make([]int32, m.nReg)
	ind.pred = make([]int32, m.nReg)
	order := make([]int, 0, len(ind.routes))
	g.angle = g.angle[:0]
	for r, rt := range ind.routes {
		g.angle = append(g.angle, g.routeAngle(rt))
		if len(rt) > 0 {
			order = append(order, r)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if g.angle[a] < g.angle[b] {
			return -1
		}
		if g.angle[a] > g.angle[b] {
			return 1
		}
		return 0
	})
	ind.tour = make([]int32, 0, m.nReg)
	for _, r := range order {
		prev := int32(-1)
		hasReg := false
		for _, c := range ind.routes[r] {
			if int(c) >= m.nReg {
				continue
			}
			hasReg = true
			ind.tour = append(ind.tour, c)
			ind.pred[c] = prev
			if prev >= 0 {
				ind.succ[prev] = c
			}
			prev = c
		}
		if prev >= 0 {
			ind.succ[prev] = -1
		}
		if hasReg {
			ind.nRoutes++
		}
	}
	return ind
}

// routeAngle is the polar angle of the route barycentre around its start,
// used to order routes in giant tours (as HGS does); route index otherwise.
func (g *ga) routeAngle(rt []int32) float64 {
	p := g.m.p
	if p.Coords == nil || len(rt) == 0 {
		return 0
	}
	var x, y float64
	k := 0
	for _, c := range rt {
		l := g.m.loc[c]
		if int(l) < len(p.Coords) {
			x += p.Coords[l][0]
			y += p.Coords[l][1]
			k++
		}
	}
	if k == 0 {
		return 0
	}
	d := p.Vehicles[0].depot()
	if d < 0 || d >= len(p.Coords) {
		return 0
	}
	return math.Atan2(y/float64(k)-p.Coords[d][1], x/float64(k)-p.Coords[d][0])
}

// brokenPairs is the broken-pairs distance of Vidal (2022) normalised by
// the number of clients.
func (g *ga) brokenPairs(a, b *indiv) float64 {
	diff := 0
	for c := range a.succ {
		if a.succ[c] != b.succ[c] && a.succ[c] != b.pred[c] {
			diff++
		}
		if a.pred[c] == -1 && b.pred[c] != -1 && b.succ[c] != -1 {
			diff++
		}
	}
	return float64(diff) / float64(max(1, len(a.succ)))
}

// add inserts ind into its subpopulation and runs survivor selection when
// it exceeds μ+λ.
func (g *ga) add(ind *indiv) {
	sub := &g.infeas
	if ind.feas {
		sub = &g.feas
	}
	for _, o := range *sub {
		d := g.brokenPairs(ind, o)
		ind.prox = insertProx(ind.prox, proxEntry{d, o})
		o.prox = insertProx(o.prox, proxEntry{d, ind})
	}
	*sub = append(*sub, ind)
	if len(*sub) > g.mu+g.lambda {
		for len(*sub) > g.mu {
			g.removeWorst(sub)
		}
	}
}

func insertProx(l []proxEntry, e proxEntry) []proxEntry {
	i, _ := slices.BinarySearchFunc(l, e.d, func(a proxEntry, d float64) int {
		if a.d < d {
			return -1
		}
		if a.d > d {
			return 1
		}
		return 0
	})
	return slices.Insert(l, i, e)
}

func (g *ga) avgClose(ind *indiv) float64 {
	k := min(g.nbClose, len(ind.prox))
	if k == 0 {
		return 0
	}
	s := 0.0
	for i := range k {
		s += ind.prox[i].d
	}
	return s / float64(k)
}

// updateBiased computes biased fitness: rank by penalised cost plus
// (1 - nbElite/size) times rank by diversity contribution.
func (g *ga) updateBiased(sub []*indiv) {
	n := len(sub)
	if n == 0 {
		return
	}
	slices.SortStableFunc(sub, func(a, b *indiv) int {
		if a.pcost < b.pcost {
			return -1
		}
		if a.pcost > b.pcost {
			return 1
		}
		return 0
	})
	if n == 1 {
		sub[0].biased = 0
		return
	}
	type rd struct {
		div float64
		i   int
	}
	ranks := make([]rd, n)
	for i, ind := range sub {
		ranks[i] = rd{-g.avgClose(ind), i}
	}
	slices.SortStableFunc(ranks, func(a, b rd) int {
		if a.div < b.div {
			return -1
		}
		if a.div > b.div {
			return 1
		}
		return 0
	})
	for dr, r := range ranks {
		fit := float64(r.i) / float64(n-1)
		div := float64(dr) / float64(n-1)
		if n <= g.nbElite {
			sub[r.i].biased = fit
		} else {
			sub[r.i].biased = fit + (1-float64(g.nbElite)/float64(n))*div
		}
	}
}

func (g *ga) removeWorst(sub *[]*indiv) {
	g.updateBiased(*sub)
	worst, worstClone := -1, false
	for i, ind := range *sub {
		if i == 0 {
			continue // the best is never removed
		}
		clone := len(ind.prox) > 0 && ind.prox[0].d < 1e-12
		if worst < 0 || (clone && !worstClone) || (clone == worstClone && ind.biased > (*sub)[worst].biased) {
			worst, worstClone = i, clone
		}
	}
	if worst < 0 {
		worst = len(*sub) - 1
	}
	victim := (*sub)[worst]
	*sub = slices.Delete(*sub, worst, worst+1)
	for _, o := range *sub {
		for k := range o.prox {
			if o.prox[k].ind == victim {
				o.prox = slices.Delete(o.prox, k, k+1)
				break
			}
		}
	}
}

// tournament picks a parent by binary tournament on biased fitness.
func (g *ga) tournament() *indiv {
	n := len(g.feas) + len(g.infeas)
	pick := func() *indiv {
		i := g.rng.IntN(n)
		if i < len(g.feas) {
			return g.feas[i]
		}
		return g.infeas[i-len(g.feas)]
	}
	a, b := pick(), pick()
	if a.biased < b.biased {
		return a
	}
	return b
}

// crossoverOX is the ordered crossover on giant tours.
func (g *ga) crossoverOX(p1, p2 *indiv) []int32 {
	n := len(p1.tour)
	child := make([]int32, n)
	if n < 2 {
		copy(child, p1.tour)
		return child
	}
	used := make([]bool, g.m.nReg)
	start := g.rng.IntN(n)
	end := g.rng.IntN(n)
	for end == start {
		end = g.rng.IntN(n)
	}
	for j := start; j%n != end; j++ {
		c := p1.tour[j%n]
		child[j%n] = c
		used[c] = true
	}
	j := end
	for k := 1; k <= n; k++ {
		c := p2.tour[(end+k)%n]
		if !used[c] {
			child[j%n] = c
			j++
		}
	}
	return child
}

// adaptPenalties moves the weights towards 20 % feasible offspring.
func (g *ga) adaptPenalties() {
	frac := func(h []bool) float64 {
		k := 0
		for _, b := range h {
			if b {
				k++
			}
		}
		return float64(k) / float64(max(1, len(h)))
	}
	adj := func(w, f float64) float64 {
		if f < 0.15 {
			w *= 1.2
		} else if f > 0.25 {
			w *= 0.85
		}
		return math.Max(0.1, math.Min(1e5, w))
	}
	g.wl = adj(g.wl, frac(g.histL))
	g.ww = adj(g.ww, frac(g.histW))
	g.histL, g.histW = g.histL[:0], g.histW[:0]
	for _, ind := range g.infeas {
		ind.pcost = ind.cost + g.wl*ind.load + g.ww*ind.warp + g.ls.wb*float64(ind.bad)
	}
}

// randomTour returns a random permutation of the regular clients.
func (g *ga) randomTour() []int32 {
	t := make([]int32, g.m.nReg)
	for i := range t {
		t[i] = int32(i)
	}
	g.rng.Shuffle(len(t), func(i, j int) { t[i], t[j] = t[j], t[i] })
	return t
}

// sweepTour returns the clients ordered by polar angle around the depot
// from a random starting angle, with a few random adjacent swaps: a giant
// tour whose split is already reasonable, so that its education is cheap.
// It falls back to randomTour without coordinates.
func (g *ga) sweepTour() []int32 {
	pol := g.ls.polar
	if pol == nil {
		return g.randomTour()
	}
	t := make([]int32, g.m.nReg)
	for i := range t {
		t[i] = int32(i)
	}
	off := int32(g.rng.IntN(65536))
	key := func(c int32) int32 { return posMod(pol[c] - off) }
	slices.SortStableFunc(t, func(a, b int32) int { return int(key(a) - key(b)) })
	for range len(t) / 10 {
		i := g.rng.IntN(len(t) - 1)
		t[i], t[i+1] = t[i+1], t[i]
	}
	return t
}

// bestFeasible returns the best feasible individual of the population.
func (g *ga) bestFeasible() *indiv {
	var b *indiv
	for _, ind := range g.feas {
		if b == nil || g.better(ind, b) {
			b = ind
		}
	}
	return b
}
