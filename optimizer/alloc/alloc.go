// Package alloc solves the multi-commodity minimum-cost flow problem with
// bundle (joint capacity) constraints that underlies Lumbung's daily
// shipment plan, to LP optimality.
//
// # Model
//
// All commodities share one directed graph (Problem.Nodes, Problem.Arcs)
// but have their own arc costs and capacities. For commodity k, node v may
// send at most Supply[v] (unsent supply is free) and must receive
// Demand[v]; any shortfall is allowed at Penalty per unit, so every
// instance is feasible. A bundle j couples commodities:
//
//	sum over its terms (k, a, w) of w * x[k][a] <= Cap[j]
//
// (ferry deck space per service in trucks, fleet per vehicle class, ...).
// The objective is sum of cost*flow plus penalty*unmet demand.
//
// # Algorithm
//
// Dantzig–Wolfe decomposition by column generation (Dantzig & Wolfe,
// Operations Research 8, 1960; Ahuja, Magnanti & Orlin, Network Flows,
// 1993, §17.5; Desrosiers & Lübbecke, "A primer in column generation",
// 2005). The restricted master problem, solved with package lp, has one
// row per bundle and one convexity row per commodity; its columns are
// extreme flows of single commodities. Pricing solves, per commodity, a
// min-cost flow (package mcf, warm-started network simplex with pooled
// pricing, cold solves included: see mcf's package doc) with arc costs
// c - sum_j y_j w_j where y <= 0 are the bundle duals. A commodity's
// pricing network holds only the nodes it can reach (about a fifth of the
// shared nodes on the planner's days), and a commodity whose adjusted
// costs did not change since its last pricing keeps its last optimum
// without a solve. Each iteration
// yields the Lagrangian lower bound
//
//	L(y) = sum_k min_x (c - yW) x + y·Cap
//
// and the master objective is an upper bound (while the master buys no
// capacity from the dual box below). Pricing uses Wentges dual
// smoothing (Wentges, ITOR 4, 1997; Pessoa et al., INFORMS J. Comput. 30,
// 2018): duals alpha*centre + (1-alpha)*master, where the centre is the
// dual vector of the best bound so far; a round that finds no improving
// column is repeated at the master duals, so convergence is preserved.
// The master's duals are also kept in a box around the centre (du Merle,
// Villeneuve, Desrosiers & Hansen, "Stabilized column generation",
// Discrete Mathematics 194, 1999; Marsten, Hogan & Blankenship's boxstep
// method, Mathematical Programming 9, 1975): a column per bundle buys
// capacity at the box's edge price, the box is widened where a
// stabilised optimum still buys, and the run stops only on a master that
// buys nothing (box.go). Without the box the first masters price deck
// space at the unmet-demand penalty, a hundred times its value, and the
// pricing networks reroute thousands of farm clusters to and fro: on the
// planner's closure and 10× demand days the box cut the pricing pivots
// by 70% and 58% (5,352 to 1,584 and 15,042 to 6,391) and the CPU time by
// about 40%. The iterations (31 and 26) hardly change: most are the
// degenerate tail in which the master assembles the primal optimum from
// extreme flows, one column per commodity per round.
// Pricing problems of different commodities run concurrently
// (Options.Parallel). Options.StartDuals warm-starts the method from the
// duals of a similar problem (the previous day, the previous scenario of
// a compare): their columns enter the first master and they become the
// first stability centre if their bound is better. The loop stops when the
// relative gap (UB-LB)/max(1,|UB|) is at most Options.GapTol (default
// 1e-9) or no column has a reduced cost below -1e-12*max(1,|UB|). If the
// unconstrained per-commodity optimum already satisfies all bundles (within
// 1e-9 relative), that solution is returned directly without a master.
// The master always has a feasible column per commodity (ship nothing,
// all demand unmet), which is feasible because capacities and weights are
// non-negative.
//
// # Degenerate cases
//
// A bundle with capacity 0 (a shut crossing, a deck share of 0) forces the
// flow on each of its arcs with positive weight to 0; those arcs are left
// out of the pricing networks (an exact presolve), so the bundle never
// enters the master, and a day with every crossing shut is solved by one
// pricing round without a master. The LP dual of such a row is not unique
// (any price below the value of its first unit is optimal); BundleDual
// reports the one closest to 0 given the other bundles' duals, from a
// shortest path in the residual network of each commodity (see
// closedDuals). When no other bundle binds this is exactly the value of
// the first unit of capacity; otherwise it is an optimal dual at least as
// large in magnitude. Commodities
// without demand, problems without commodities or bundles, and masters
// whose every column is degenerate are ordinary inputs.
//
// The reported flow is the convex combination of the generated columns, so
// it satisfies conservation and capacities exactly up to float rounding and
// the bundles up to the lp feasibility tolerance (1e-9 relative).
package alloc

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/lumbung-id/lumbung/optimizer/lp"
	"github.com/lumbung-id/lumbung/optimizer/mcf"
)

// Sentinel errors.
var (
	// ErrInvalid reports malformed input; the wrapping error names the
	// commodity, arc, node or bundle.
	ErrInvalid = errors.New("alloc: invalid problem")
	// ErrNotConverged reports that Options.MaxIter iterations did not close
	// the gap; the returned Result still holds the best feasible plan.
	ErrNotConverged = errors.New("alloc: column generation did not converge")
)

// Arc is a directed arc of the shared topology.
type Arc struct {
	// Tail and Head are the end nodes; flow goes from Tail to Head.
	Tail, Head int
}

// Commodity holds the per-commodity data; every slice is indexed like
// Problem.Arcs or by node.
type Commodity struct {
	// Name is used in error messages only.
	Name string
	// Cost per unit on each arc, >= 0; +Inf marks an arc this commodity
	// cannot use.
	Cost []float64
	// Cap per arc (>= 0, +Inf allowed); nil means uncapacitated.
	Cap []float64
	// Supply is the most each node may send (nil = no supply).
	Supply []float64
	// Demand is what each node must receive (nil = no demand).
	Demand []float64
	// Penalty is the finite cost per unit of unmet demand (>= 0).
	Penalty float64
}

// Term is one coefficient of a bundle constraint.
type Term struct {
	// Commodity and Arc index Problem.Commodities and Problem.Arcs.
	Commodity, Arc int
	// Weight is the capacity used per unit of flow (e.g. trucks per
	// tonne), >= 0.
	Weight float64
}

// Bundle is a joint capacity constraint sum w*x <= Cap.
type Bundle struct {
	// Name is used in error messages only.
	Name string
	// Cap is the capacity (>= 0).
	Cap float64
	// Terms lists the weighted arc flows sharing the capacity; weights are
	// >= 0.
	Terms []Term
}

// Problem is a multi-commodity flow problem with bundle constraints.
type Problem struct {
	// Nodes is the number of nodes, numbered 0..Nodes-1.
	Nodes int
	// Arcs is the topology shared by all commodities.
	Arcs []Arc
	// Commodities holds the per-commodity costs, capacities, supplies and
	// demands.
	Commodities []Commodity
	// Bundles are the joint capacity constraints.
	Bundles []Bundle
}

// Options tune Solve; the zero value selects the defaults.
type Options struct {
	// GapTol is the relative optimality gap at which to stop (default 1e-9).
	GapTol float64
	// MaxIter bounds the column-generation iterations (default 1000).
	MaxIter int
	// Parallel solves the pricing problems on up to this many goroutines
	// (default GOMAXPROCS; 1 disables concurrency).
	Parallel int
	// Smoothing is the Wentges dual-smoothing factor in [0, 1): pricing
	// uses Smoothing*centre + (1-Smoothing)*masterDuals. 0 selects the
	// default 0.5; a negative value disables smoothing.
	Smoothing float64
	// LP passes tolerances to the master solver.
	LP lp.Options
	// StartDuals warm-starts column generation from bundle duals (one per
	// bundle, <= 0), e.g. the BundleDual of the previous day or of the
	// previous scenario of a compare: the first columns are those optimal
	// at these prices. Ignored unless its length is len(Bundles).
	StartDuals []float64

	// boxScale overrides the dual box's starting radius (see box.go);
	// negative disables the box. Tests use it to force widening and to
	// run the unstabilised method.
	boxScale float64
	// keepClosed disables the zero-capacity presolve (tests use it to run
	// such bundles through the master).
	keepClosed bool
}

// Result is the solution of Solve.
type Result struct {
	// Objective is sum cost*flow + penalty*unmet of the returned plan.
	Objective float64
	// LowerBound is the best Lagrangian lower bound found.
	LowerBound float64
	// Gap is (Objective-LowerBound)/max(1,|Objective|), clamped at 0.
	Gap float64
	// Flow[k][a] is the flow of commodity k on arc a.
	Flow [][]float64
	// Unmet[k][v] is the demand of commodity k at node v left unserved.
	Unmet [][]float64
	// BundleDual[j] is the shadow price dObjective/dCap[j] (<= 0).
	BundleDual []float64
	// BundleLoad[j] is the left-hand side of bundle j at the solution.
	BundleLoad []float64
	// Iterations counts master solves (0 when no bundle binds).
	Iterations int
	// Columns is the number of generated columns.
	Columns int
	// Pivots is the total number of network simplex pivots spent pricing.
	Pivots int
}

// Validate checks p and returns an error wrapping ErrInvalid that names the
// first offending element.
func (p *Problem) Validate() error {
	if p.Nodes < 0 {
		return fmt.Errorf("%w: negative node count %d", ErrInvalid, p.Nodes)
	}
	for a, arc := range p.Arcs {
		if arc.Tail < 0 || arc.Tail >= p.Nodes || arc.Head < 0 || arc.Head >= p.Nodes {
			return fmt.Errorf("%w: arc %d (%d->%d) has an end point outside 0..%d", ErrInvalid, a, arc.Tail, arc.Head, p.Nodes-1)
		}
	}
	m := len(p.Arcs)
	for k := range p.Commodities {
		c := &p.Commodities[k]
		if len(c.Cost) != m {
			return fmt.Errorf("%w: commodity %d (%s): len(Cost)=%d, want %d", ErrInvalid, k, c.Name, len(c.Cost), m)
		}
		if c.Cap != nil && len(c.Cap) != m {
			return fmt.Errorf("%w: commodity %d (%s): len(Cap)=%d, want %d", ErrInvalid, k, c.Name, len(c.Cap), m)
		}
		for a, x := range c.Cost {
			if math.IsNaN(x) || x < 0 {
				return fmt.Errorf("%w: commodity %d (%s): arc %d has cost %v", ErrInvalid, k, c.Name, a, x)
			}
		}
		for a, x := range c.Cap {
			if math.IsNaN(x) || x < 0 {
				return fmt.Errorf("%w: commodity %d (%s): arc %d has capacity %v", ErrInvalid, k, c.Name, a, x)
			}
		}
		for _, nv := range []struct {
			name string
			v    []float64
		}{{"Supply", c.Supply}, {"Demand", c.Demand}} {
			if nv.v == nil {
				continue
			}
			if len(nv.v) != p.Nodes {
				return fmt.Errorf("%w: commodity %d (%s): len(%s)=%d, want %d", ErrInvalid, k, c.Name, nv.name, len(nv.v), p.Nodes)
			}
			for v, x := range nv.v {
				if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
					return fmt.Errorf("%w: commodity %d (%s): node %d has %s %v", ErrInvalid, k, c.Name, v, nv.name, x)
				}
			}
		}
		if math.IsNaN(c.Penalty) || math.IsInf(c.Penalty, 0) || c.Penalty < 0 {
			return fmt.Errorf("%w: commodity %d (%s): penalty %v", ErrInvalid, k, c.Name, c.Penalty)
		}
	}
	for j := range p.Bundles {
		b := &p.Bundles[j]
		if math.IsNaN(b.Cap) || b.Cap < 0 {
			return fmt.Errorf("%w: bundle %d (%s): capacity %v", ErrInvalid, j, b.Name, b.Cap)
		}
		for i, t := range b.Terms {
			if t.Commodity < 0 || t.Commodity >= len(p.Commodities) {
				return fmt.Errorf("%w: bundle %d (%s): term %d names commodity %d", ErrInvalid, j, b.Name, i, t.Commodity)
			}
			if t.Arc < 0 || t.Arc >= m {
				return fmt.Errorf("%w: bundle %d (%s): term %d names arc %d", ErrInvalid, j, b.Name, i, t.Arc)
			}
			if math.IsNaN(t.Weight) || math.IsInf(t.Weight, 0) || t.Weight < 0 {
				return fmt.Errorf("%w: bundle %d (%s): term %d has weight %v", ErrInvalid, j, b.Name, i, t.Weight)
			}
		}
	}
	return nil
}

// subproblem is the pricing network of one commodity. mcf arcs are one
// unmet arc z->d (capacity Demand[d], cost Penalty) per demand node from
// the slack node z, then one supply arc z->s (capacity Supply[s]) per
// supply node, then the usable original arcs; z supplies the total demand.
type subproblem struct {
	solver   *mcf.Solver
	orig     []int32   // mcf arc origOff+i -> original arc orig[i]
	origOff  int32     // number of supply arcs preceding the usable arcs
	baseCost []float64 // per mcf arc
	unmetArc []int32   // first mcf arc of the unmet block (always 0)
	unmetTo  []int32   // demand node of each unmet arc
	// Bundle terms grouped by mcf arc (CSR).
	termArc    []int32
	termStart  []int32
	termBundle []int32
	termWeight []float64
	adjCost    []float64 // current pricing cost per termArc
	// Pricing output.
	flow    []float64 // dense, by mcf arc; non-zero only on support
	support []int32   // mcf arcs with flow
	priced0 bool      // priced at least once: flow and adjCost are current
	priced  float64   // adjusted-cost objective
	cost    float64   // base-cost objective
	usage   []float64
	err     error
	nUsage  []int32 // bundles touched by this commodity
	// Presolved zero-capacity terms (sorted by head) and what their
	// shadow prices need; see closedDuals.
	closed []closedTerm
	res    *residual
	pot    []float64
	rc     []float64 // reduced cost per mcf arc at pot
	dist   []float64
	done   []bool
}

type column struct {
	k      int
	cost   float64
	arcs   []int32 // mcf arcs with non-zero flow
	vals   []float64
	bundle []int32
	usage  []float64
}

// buildScratch is buildSub's scratch, indexed by original arc or node and
// reused across commodities.
type buildScratch struct {
	origToMcf []int32 // original arc -> mcf arc, -1 if unusable
	local     []int32 // original node -> mcf node, -1 if absent
	mark      []uint8 // per original node: nodeHasOut | nodeHasIn | nodeClosed
	// Topology of the pricing network being built (copied by mcf).
	tail, head []int
	cap        []float64
}

const (
	nodeHasOut uint8 = 1 << iota // tail of a usable arc
	nodeHasIn                    // head of a usable arc
	nodeClosed                   // end of a presolved arc
)

func newBuildScratch(p *Problem) *buildScratch {
	return &buildScratch{origToMcf: make([]int32, len(p.Arcs)), local: make([]int32, p.Nodes), mark: make([]uint8, p.Nodes)}
}

// buildSub builds commodity k's pricing network. Its nodes are only those
// the commodity can reach (ends of usable arcs, demand nodes), renumbered
// densely: a commodity uses a fifth of the shared nodes on the planner's
// days, and every absent node would cost the network simplex an
// artificial arc. A supply node without a usable outgoing arc (and no
// demand) can send nothing, so it gets no supply arc.
func buildSub(p *Problem, k int, termsByK [][]bundleTerm, presolve bool, sc *buildScratch) (*subproblem, error) {
	c := &p.Commodities[k]
	var closed []bool
	if presolve {
		closed = closedArcs(p, termsByK[k])
	}
	usable := func(a int) bool {
		return !math.IsInf(c.Cost[a], 1) && (c.Cap == nil || c.Cap[a] != 0) && (closed == nil || !closed[a])
	}
	demand := func(v int) float64 {
		if c.Demand == nil {
			return 0
		}
		return c.Demand[v]
	}
	supply := func(v int) float64 {
		if c.Supply == nil {
			return 0
		}
		return c.Supply[v]
	}
	mark, local, origToMcf := sc.mark, sc.local, sc.origToMcf
	clear(mark)
	nUsable := 0
	for a, arc := range p.Arcs {
		origToMcf[a] = -1
		switch {
		case usable(a):
			origToMcf[a] = 0 // numbered below
			mark[arc.Tail] |= nodeHasOut
			mark[arc.Head] |= nodeHasIn
			nUsable++
		case closed != nil && closed[a]:
			mark[arc.Tail] |= nodeClosed
			mark[arc.Head] |= nodeClosed
		}
	}
	nodes, nDem, nSup := 0, 0, 0
	for v := range local {
		local[v] = -1
		if mark[v] != 0 || demand(v) > 0 {
			local[v] = int32(nodes)
			nodes++
		}
		if demand(v) > 0 {
			nDem++
		}
		if supply(v) > 0 && (mark[v]&nodeHasOut != 0 || demand(v) > 0) {
			nSup++
		}
	}
	z := nodes
	arcs := nDem + nSup + nUsable
	// mcf.NewSolver copies the network, so its topology lives in the
	// scratch; the costs stay (baseCost).
	if cap(sc.tail) < arcs {
		sc.tail, sc.head, sc.cap = make([]int, 0, arcs), make([]int, 0, arcs), make([]float64, 0, arcs)
	}
	nw := &mcf.Network{Nodes: nodes + 1, Supply: make([]float64, nodes+1),
		Tail: sc.tail[:0], Head: sc.head[:0], Cost: make([]float64, 0, arcs), Cap: sc.cap[:0]}
	sp := &subproblem{orig: make([]int32, 0, nUsable), unmetTo: make([]int32, 0, nDem)}
	add := func(t, h int, cost, u float64) {
		nw.Tail = append(nw.Tail, t)
		nw.Head = append(nw.Head, h)
		nw.Cost = append(nw.Cost, cost)
		nw.Cap = append(nw.Cap, u)
	}
	// Supply enters from the slack node z over arcs capped at the supply
	// ("send at most"); z also feeds unmet demand at the penalty. Compared
	// with draining unsent supply into z, this keeps fully used supply arcs
	// non-basic at their bound, so supply clusters stay leaves of the tree
	// and pivots move small subtrees. Unmet and supply arcs come first so
	// that block search meets them early in a cold start (fewer pivots).
	var dem float64
	sp.unmetArc = []int32{0}
	for v := range local {
		if d := demand(v); d > 0 {
			nw.Supply[local[v]] -= d
			dem += d
			add(z, int(local[v]), c.Penalty, d)
			sp.unmetTo = append(sp.unmetTo, int32(v))
		}
	}
	for v := range local {
		if s := supply(v); s > 0 && (mark[v]&nodeHasOut != 0 || demand(v) > 0) {
			add(z, int(local[v]), 0, s)
		}
	}
	sp.origOff = int32(len(nw.Tail))
	for a, arc := range p.Arcs {
		if origToMcf[a] < 0 {
			continue
		}
		u := math.Inf(1)
		if c.Cap != nil {
			u = c.Cap[a]
		}
		origToMcf[a] = int32(len(nw.Tail))
		add(int(local[arc.Tail]), int(local[arc.Head]), c.Cost[a], u)
		sp.orig = append(sp.orig, int32(a))
	}
	nw.Supply[z] = dem
	s, err := mcf.NewSolver(nw)
	if err != nil {
		return nil, fmt.Errorf("alloc: commodity %d (%s): %w", k, c.Name, err)
	}
	// A commodity's pivots mostly move a farm cluster, a leaf: pooled
	// pricing pays from the cold start (see mcf.Solver.SetPoolCold).
	s.SetPoolCold(true)
	sp.solver = s
	sp.baseCost = nw.Cost
	if closed != nil {
		sp.closed = closedTerms(p, k, termsByK[k], local)

	}
	sp.flow = make([]float64, len(nw.Tail))
	sp.usage = make([]float64, len(p.Bundles))
	sp.groupTerms(termsByK[k], origToMcf, len(p.Bundles))
	return sp, nil
}

// groupTerms groups the commodity's bundle terms by mcf arc (counting sort
// into CSR); terms on unusable arcs carry no flow and are dropped.
func (sp *subproblem) groupTerms(terms []bundleTerm, origToMcf []int32, bundles int) {
	count := make([]int32, len(sp.flow)+1)
	touched := make([]bool, bundles)
	for _, t := range terms {
		if ma := origToMcf[t.arc]; ma >= 0 && t.w != 0 {
			count[ma+1]++
		}
	}
	for a, c := range count[1:] {
		if c > 0 {
			sp.termArc = append(sp.termArc, int32(a))
		}
		count[a+1] += count[a]
	}
	nt := count[len(count)-1]
	sp.termBundle = make([]int32, nt)
	sp.termWeight = make([]float64, nt)
	fill := count[:len(count)-1]
	for _, t := range terms {
		ma := origToMcf[t.arc]
		if ma < 0 || t.w == 0 {
			continue
		}
		sp.termBundle[fill[ma]] = int32(t.bundle)
		sp.termWeight[fill[ma]] = t.w
		fill[ma]++
		touched[t.bundle] = true
	}
	// fill[a] is now the end of arc a's range, and arcs without terms have
	// empty ranges, so consecutive arcs with terms abut.
	sp.termStart = make([]int32, len(sp.termArc)+1)
	sp.adjCost = make([]float64, len(sp.termArc))
	for i, a := range sp.termArc {
		sp.termStart[i+1] = fill[a]
	}
	for j, ok := range touched {
		if ok {
			sp.nUsage = append(sp.nUsage, int32(j))
		}
	}
}

// closedArcs marks the arcs that a zero-capacity bundle closes to one
// commodity: w*x <= 0 with w > 0 and x >= 0 forces x = 0, so the arc is
// left out of the pricing network (the exact presolve of the bundle row).
// Kept in, such a row only gains an exact answer after column generation
// has pushed its dual towards -Inf one column at a time.
// The result is nil when nothing is closed.
func closedArcs(p *Problem, terms []bundleTerm) []bool {
	var closed []bool
	for _, t := range terms {
		if t.w > 0 && p.Bundles[t.bundle].Cap == 0 {
			if closed == nil {
				closed = make([]bool, len(p.Arcs))
			}
			closed[t.arc] = true
		}
	}
	return closed
}

// closedTerms lists commodity k's terms in zero-capacity bundles on arcs
// it could otherwise use, sorted by head node.
func closedTerms(p *Problem, k int, terms []bundleTerm, local []int32) []closedTerm {
	c := &p.Commodities[k]
	var out []closedTerm
	for _, t := range terms {
		if t.w <= 0 || p.Bundles[t.bundle].Cap != 0 || math.IsInf(c.Cost[t.arc], 1) || (c.Cap != nil && c.Cap[t.arc] == 0) {
			continue
		}
		ct := closedTerm{bundle: int32(t.bundle), tail: local[p.Arcs[t.arc].Tail], head: local[p.Arcs[t.arc].Head],
			cost: c.Cost[t.arc], w: t.w}
		for _, o := range terms {
			if o.arc == t.arc && p.Bundles[o.bundle].Cap > 0 {
				ct.open = append(ct.open, o)
			}
		}
		out = append(out, ct)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].head < out[j].head })
	return out
}

// bundleTerm is a bundle coefficient regrouped by commodity.
type bundleTerm struct {
	bundle, arc int
	w           float64
}

// termsByCommodity regroups bundle terms per commodity.
func termsByCommodity(p *Problem) [][]bundleTerm {
	n := make([]int, len(p.Commodities))
	for j := range p.Bundles {
		for _, t := range p.Bundles[j].Terms {
			n[t.Commodity]++
		}
	}
	out := make([][]bundleTerm, len(p.Commodities))
	for k := range out {
		out[k] = make([]bundleTerm, 0, n[k])
	}
	for j := range p.Bundles {
		for _, t := range p.Bundles[j].Terms {
			out[t.Commodity] = append(out[t.Commodity], bundleTerm{bundle: j, arc: t.Arc, w: t.Weight})
		}
	}
	return out
}

// price sets reduced costs from bundle duals y and solves the pricing
// problem; y == nil means zero duals.
func (sp *subproblem) price(y []float64) {
	s := sp.solver
	changed := !sp.priced0
	for i, ma := range sp.termArc {
		c := sp.baseCost[ma]
		if y != nil {
			for t := sp.termStart[i]; t < sp.termStart[i+1]; t++ {
				c -= y[sp.termBundle[t]] * sp.termWeight[t]
			}
		}
		if c != sp.adjCost[i] || !sp.priced0 {
			sp.adjCost[i] = c
			s.SetCost(int(ma), c)
			changed = true
		}
	}
	if !changed {
		// Same costs as the last round (the duals of this commodity's
		// bundles did not move): the last optimum still holds.
		return
	}
	sp.priced0 = true
	if sp.err = s.Solve(); sp.err != nil {
		return
	}
	for _, a := range sp.support {
		sp.flow[a] = 0
	}
	sp.support = s.Support(sp.support)
	var base float64
	for _, a := range sp.support {
		f := s.FlowAt(int(a))
		sp.flow[a] = f
		base += sp.baseCost[a] * f
	}
	sp.cost = base
	for _, j := range sp.nUsage {
		sp.usage[j] = 0
	}
	// Adjusted costs differ from base costs only on bundle arcs.
	priced := base
	for i, ma := range sp.termArc {
		f := sp.flow[ma]
		if f == 0 {
			continue
		}
		priced += (sp.adjCost[i] - sp.baseCost[ma]) * f
		for t := sp.termStart[i]; t < sp.termStart[i+1]; t++ {
			sp.usage[sp.termBundle[t]] += sp.termWeight[t] * f
		}
	}
	sp.priced = priced
}

func (sp *subproblem) column(k int) *column {
	col := &column{k: k, cost: sp.cost, arcs: append([]int32(nil), sp.support...), vals: make([]float64, len(sp.support))}
	for i, a := range sp.support {
		col.vals[i] = sp.flow[a]
	}
	for _, j := range sp.nUsage {
		if u := sp.usage[j]; u != 0 {
			col.bundle = append(col.bundle, j)
			col.usage = append(col.usage, u)
		}
	}
	return col
}

// emptyColumn is the plan that ships nothing: all supply unsent, all
// demand unmet.
func (sp *subproblem) emptyColumn(k int, p *Problem) *column {
	col := &column{k: k}
	c := &p.Commodities[k]
	for i, v := range sp.unmetTo {
		a := sp.unmetArc[0] + int32(i)
		d := c.Demand[v]
		col.arcs = append(col.arcs, a)
		col.vals = append(col.vals, d)
		col.cost += c.Penalty * d
	}
	return col
}

func priceAll(ctx context.Context, subs []*subproblem, y []float64, par int) error {
	if par <= 1 || len(subs) <= 1 {
		for _, sp := range subs {
			sp.price(y)
		}
	} else {
		var wg sync.WaitGroup
		next := make(chan *subproblem, len(subs))
		for _, sp := range subs {
			next <- sp
		}
		close(next)
		for w := 0; w < par && w < len(subs); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for sp := range next {
					sp.price(y)
				}
			}()
		}
		wg.Wait()
	}
	for k, sp := range subs {
		if sp.err != nil {
			return fmt.Errorf("alloc: pricing commodity %d: %w", k, sp.err)
		}
	}
	return ctx.Err()
}

// Solve computes an LP-optimal plan for p. It does not modify p and may be
// called concurrently (e.g. one goroutine per planning day). Errors wrap
// ErrInvalid, ErrNotConverged (with a usable Result), ctx.Err(), or a
// solver failure of package mcf or lp.
func Solve(ctx context.Context, p *Problem, opt Options) (*Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	opt = opt.withDefaults()
	subs, err := buildSubs(p, opt)
	if err != nil {
		return nil, err
	}
	if err := priceAll(ctx, subs, nil, opt.Parallel); err != nil {
		return nil, err
	}
	if !binding(p, subs) {
		return independentOptimum(p, subs), nil
	}
	g, err := newColGen(ctx, p, opt, subs)
	if err != nil {
		return nil, err
	}
	if err := g.warmStart(opt.StartDuals); err != nil {
		return nil, err
	}
	converged, err := g.run()
	if err != nil {
		return nil, err
	}
	r, err := g.result()
	if err != nil {
		return nil, err
	}
	if !converged {
		return r, ErrNotConverged
	}
	return r, nil
}

// withDefaults fills in the zero fields of o.
func (o Options) withDefaults() Options {
	if o.GapTol <= 0 {
		o.GapTol = 1e-9
	}
	if o.MaxIter <= 0 {
		o.MaxIter = 1000
	}
	if o.boxScale == 0 {
		o.boxScale = boxScale
	}
	if o.Parallel <= 0 {
		o.Parallel = runtime.GOMAXPROCS(0)
	}
	switch {
	case o.Smoothing == 0:
		o.Smoothing = 0.5
	case o.Smoothing < 0 || o.Smoothing >= 1:
		o.Smoothing = 0
	}
	return o
}

func buildSubs(p *Problem, opt Options) ([]*subproblem, error) {
	terms := termsByCommodity(p)
	subs := make([]*subproblem, len(p.Commodities))
	sc := newBuildScratch(p)
	for k := range subs {
		sp, err := buildSub(p, k, terms, !opt.keepClosed, sc)
		if err != nil {
			return nil, err
		}
		subs[k] = sp
	}
	return subs, nil
}

// binding reports whether the independent optima of the commodities, as
// last priced, overload a bundle (beyond 1e-9 relative).
func binding(p *Problem, subs []*subproblem) bool {
	load := make([]float64, len(p.Bundles))
	for _, sp := range subs {
		for _, j := range sp.nUsage {
			load[j] += sp.usage[j]
		}
	}
	for j := range load {
		if load[j] > p.Bundles[j].Cap+1e-9*math.Max(1, p.Bundles[j].Cap) {
			return true
		}
	}
	return false
}

// independentOptimum is the result when no bundle binds: each commodity's
// own optimum, all bundle duals 0 but those of presolved bundles.
func independentOptimum(p *Problem, subs []*subproblem) *Result {
	K, J := len(p.Commodities), len(p.Bundles)
	cols := make([]*column, K)
	lambda := make([]float64, K)
	for k, sp := range subs {
		cols[k] = sp.column(k)
		lambda[k] = 1
	}
	r := assemble(p, subs, cols, lambda)
	r.LowerBound = r.Objective
	r.BundleDual = make([]float64, J)
	closedDuals(subs, make([]float64, J), r.BundleDual)
	r.Columns = K
	for _, sp := range subs {
		r.Pivots += sp.solver.Pivots()
	}
	return r
}

// colGen is the state of column generation: the restricted master, its
// columns, the duals and the bounds.
type colGen struct {
	ctx    context.Context
	p      *Problem
	opt    Options
	subs   []*subproblem
	master *lp.Solver
	cols   []*column
	rows   []int     // scratch for addColumn
	vals   []float64 // scratch for addColumn
	y      []float64 // master duals: J bundles, then K convexity rows
	ysep   []float64 // pricing duals
	center []float64 // duals of the best lower bound so far
	lb, ub float64
	iter   int
	// lastSmoothing is the smoothing of the last pricing round (0: it
	// priced at the master duals).
	lastSmoothing float64
	// boxed reports that the last master solve uses a box column, so its
	// objective is no upper bound and its duals touch the box.
	boxed bool
	// box holds the dual box columns (see box.go); the master's columns
	// start after them.
	box []boxCol
}

// newColGen builds the master with one row per bundle and a convexity row
// per commodity, and its first columns: ship nothing, and the independent
// optimum just priced.
func newColGen(ctx context.Context, p *Problem, opt Options, subs []*subproblem) (*colGen, error) {
	K, J := len(p.Commodities), len(p.Bundles)
	sense := make([]lp.Sense, J+K)
	rhs := make([]float64, J+K)
	for j := 0; j < J; j++ {
		sense[j], rhs[j] = lp.LE, p.Bundles[j].Cap
	}
	for k := 0; k < K; k++ {
		sense[J+k], rhs[J+k] = lp.EQ, 1
	}
	master, err := lp.NewSolver(sense, rhs, &opt.LP)
	if err != nil {
		return nil, err
	}
	g := &colGen{ctx: ctx, p: p, opt: opt, subs: subs, master: master,
		rows: make([]int, 0, J+1), vals: make([]float64, 0, J+1),
		y: make([]float64, J+K), ysep: make([]float64, J), center: make([]float64, J),
		lastSmoothing: opt.Smoothing}
	if err := g.addBox(opt.boxScale); err != nil {
		return nil, err
	}
	for k, sp := range subs {
		g.lb += sp.cost // L(0): the sum of the unconstrained optima
		if err := g.addColumn(sp.emptyColumn(k, p)); err != nil {
			return nil, err
		}
		if err := g.addColumn(sp.column(k)); err != nil {
			return nil, err
		}
	}
	return g, nil
}

func (g *colGen) addColumn(col *column) error {
	J := len(g.p.Bundles)
	g.rows, g.vals = g.rows[:0], g.vals[:0]
	for i, j := range col.bundle {
		g.rows = append(g.rows, int(j))
		g.vals = append(g.vals, col.usage[i])
	}
	g.rows = append(g.rows, J+col.k)
	g.vals = append(g.vals, 1)
	// lambda <= 1 follows from the convexity row; stating it keeps a
	// ray of a numerically perturbed basis from looking unbounded.
	if _, err := g.master.AddColumn(col.cost, 0, 1, g.rows, g.vals); err != nil {
		return err
	}
	g.cols = append(g.cols, col)
	return nil
}

// price solves the pricing problems at the bundle duals in g.ysep and
// raises the lower bound (and moves the stability centre) if the
// Lagrangian bound L(ysep) improves on it.
func (g *colGen) price() error {
	if err := priceAll(g.ctx, g.subs, g.ysep, g.opt.Parallel); err != nil {
		return err
	}
	l := 0.0
	for j := range g.ysep {
		l += g.ysep[j] * g.p.Bundles[j].Cap
	}
	for _, sp := range g.subs {
		l += sp.priced
	}
	if l > g.lb {
		g.lb = l
		copy(g.center, g.ysep)
		if err := g.centreBox(); err != nil {
			return err
		}
	}
	return nil
}

// warmStart adds the columns that are optimal at the given bundle duals
// (clamped to <= 0; ignored unless there is one per bundle).
func (g *colGen) warmStart(duals []float64) error {
	if len(duals) != len(g.p.Bundles) {
		return nil
	}
	for j, v := range duals {
		g.ysep[j] = math.Min(0, v)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			g.ysep[j] = 0
		}
	}
	if err := g.price(); err != nil {
		return err
	}
	g.lastSmoothing = 1 // priced away from the master duals
	for k, sp := range g.subs {
		if err := g.addColumn(sp.column(k)); err != nil {
			return err
		}
	}
	return nil
}

// run iterates master solves and pricing rounds until the gap closes, no
// column prices out, or MaxIter; it reports whether it converged.
func (g *colGen) run() (bool, error) {
	J := len(g.p.Bundles)
	for g.iter < g.opt.MaxIter {
		g.iter++
		if err := g.master.Solve(); err != nil {
			return false, fmt.Errorf("alloc: master LP: %w", err)
		}
		g.ub = g.master.Objective()
		g.y = g.master.Dual(g.y)
		g.boxed = g.boxActive()
		for j := 0; j < J; j++ {
			if g.y[j] > 0 { // dual of a <= row of a minimisation is <= 0
				g.y[j] = 0
			}
		}
		done, err := g.round()
		if err != nil || done {
			return done, err
		}
	}
	return false, g.closeBox()
}

// round is one pricing round after a master solve. Wentges smoothing:
// price at a convex combination of the stability centre and the master
// duals; if that finds no improving column (mispricing), price again at
// the master duals themselves. It reports convergence.
func (g *colGen) round() (bool, error) {
	J := len(g.p.Bundles)
	rcTol := 1e-12 * math.Max(1, math.Abs(g.ub))
	for a := g.opt.Smoothing; ; a = 0 {
		for j := 0; j < J; j++ {
			g.ysep[j] = a*g.center[j] + (1-a)*g.y[j]
		}
		if err := g.price(); err != nil {
			return false, err
		}
		g.lastSmoothing = a
		if gap := (g.ub - g.lb) / math.Max(1, math.Abs(g.ub)); !g.boxed && gap <= g.opt.GapTol {
			return true, nil
		}
		added := 0
		for k, sp := range g.subs {
			rc := sp.cost - g.y[J+k]
			for _, j := range sp.nUsage {
				rc -= g.y[j] * sp.usage[j]
			}
			if rc < -rcTol {
				if err := g.addColumn(sp.column(k)); err != nil {
					return false, err
				}
				added++
			}
		}
		if added > 0 {
			return false, nil
		}
		if a == 0 && g.boxed {
			// Optimal inside the box only: widen it where the duals
			// touch it and solve the master again.
			return false, g.widenBox()
		}
		if a == 0 {
			return true, nil // no column prices out at the master duals
		}
	}
}

// result is the master's convex combination of columns with its bounds
// and duals.
func (g *colGen) result() (*Result, error) {
	J := len(g.p.Bundles)
	r := assemble(g.p, g.subs, g.cols, g.master.X(nil)[len(g.box):])
	r.LowerBound = math.Min(g.lb, r.Objective)
	r.Gap = math.Max(0, (r.Objective-r.LowerBound)/math.Max(1, math.Abs(r.Objective)))
	r.BundleDual = append([]float64(nil), g.y[:J]...)
	if err := priceClosed(g.ctx, g.subs, r.BundleDual, g.lastSmoothing != 0, g.opt.Parallel); err != nil {
		return nil, err
	}
	r.Iterations = g.iter
	r.Columns = len(g.cols)
	for _, sp := range g.subs {
		r.Pivots += sp.solver.Pivots()
	}
	return r, nil
}

// priceClosed sets the duals of presolved zero-capacity bundles in y (the
// final bundle duals); their networks are priced at y first unless the
// last round already was (stale).
func priceClosed(ctx context.Context, subs []*subproblem, y []float64, stale bool, par int) error {
	var need []*subproblem
	for _, sp := range subs {
		if len(sp.closed) > 0 {
			need = append(need, sp)
		}
	}
	if len(need) == 0 {
		return nil
	}
	if stale {
		if err := priceAll(ctx, need, y, par); err != nil {
			return err
		}
	}
	closedDuals(need, append([]float64(nil), y...), y)
	return nil
}

// assemble forms the convex combination of columns and the derived
// quantities of a Result.
func assemble(p *Problem, subs []*subproblem, cols []*column, lambda []float64) *Result {
	K, m := len(p.Commodities), len(p.Arcs)
	r := &Result{Flow: make([][]float64, K), Unmet: make([][]float64, K)}
	for k := range r.Flow {
		r.Flow[k] = make([]float64, m)
		r.Unmet[k] = make([]float64, p.Nodes)
	}
	for i, col := range cols {
		l := lambda[i]
		if l <= 0 {
			continue
		}
		sp := subs[col.k]
		first := sp.unmetArc[0]
		for t, a := range col.arcs {
			f := l * col.vals[t]
			switch {
			case a >= sp.origOff && int(a-sp.origOff) < len(sp.orig):
				r.Flow[col.k][sp.orig[a-sp.origOff]] += f
			case a >= first && int(a-first) < len(sp.unmetTo):
				r.Unmet[col.k][sp.unmetTo[a-first]] += f
			}
		}
	}
	for k := range p.Commodities {
		c := &p.Commodities[k]
		for a, f := range r.Flow[k] {
			if f != 0 {
				r.Objective += c.Cost[a] * f
			}
		}
		for _, u := range r.Unmet[k] {
			if u != 0 {
				r.Objective += c.Penalty * u
			}
		}
	}
	r.BundleLoad = make([]float64, len(p.Bundles))
	for j := range p.Bundles {
		for _, t := range p.Bundles[j].Terms {
			r.BundleLoad[j] += t.Weight * r.Flow[t.Commodity][t.Arc]
		}
	}
	return r
}
