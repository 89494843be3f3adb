// Package mcf solves single-commodity minimum-cost flow problems with the
// primal network simplex method.
//
// # Model
//
// A [Network] has nodes 0..Nodes-1, each with a supply b[v] (positive: the
// node must send b[v] units, negative: it must receive -b[v]), and directed
// arcs a = (Tail[a], Head[a]) with a cost per unit Cost[a] and a capacity
// Cap[a] (+Inf allowed). The solver finds flows 0 <= x[a] <= Cap[a] with
// outflow(v) - inflow(v) = b[v] for every node minimising sum Cost[a]*x[a].
// Supplies must balance (sum b = 0); "at most"/"at least" supplies are
// expressed by the caller with explicit slack nodes and arcs.
//
// # Algorithm
//
// Primal network simplex on a strongly feasible spanning tree rooted at an
// artificial node, with big-M artificial arcs for the initial basis and
// block search over a pool of eligible arcs (the best of 4*sqrt(arcs)
// eligible arcs enters; see Pricing below). The tree is kept in
// parent / thread / reverse-thread / subtree-size / last-successor arrays,
// so a pivot costs time proportional to the cycle and the moved subtree.
// The implementation follows
//
//   - R. K. Ahuja, T. L. Magnanti, J. B. Orlin, Network Flows (1993),
//     chapter 11 (network simplex, strongly feasible trees, Cunningham's
//     anti-cycling rule);
//   - P. Kovács, "Minimum-cost flow algorithms: an experimental evaluation",
//     Optimization Methods & Software 30 (2015), and Z. Király, P. Kovács,
//     "Efficient implementations of minimum-cost flow algorithms", Acta Univ.
//     Sapientiae, Informatica 4 (2012), which describe the LEMON
//     NetworkSimplex data structures and block-search pivoting used here.
//
// Strongly feasible trees (leaving-arc ties broken towards the apex as in
// Cunningham's rule) prevent cycling in degenerate pivots. A cold start
// first pivots in the cheapest outgoing arc of every supply node and the
// cheapest incoming arc of every demand node (a crash in the spirit of
// LEMON's initial pivots). Under pooled pricing (below) a pivot
// re-derives the potentials of the subtree it moves from the tree itself,
// so they never drift from those of the basis; otherwise it shifts them,
// or the smaller complement of a large subtree, which bounds that work by
// n/2 per pivot.
//
// # Pricing
//
// An artificial arc that leaves the tree is fixed at 0 and never priced
// again, as an artificial variable that leaves the basis of a big-M
// method need never return (left in, block search kept re-entering them).
//
// Warm solves, and cold ones after [Solver.SetPoolCold], price from a
// pool instead of scanning all arcs: after one scan (cold) or from the
// previous optimum (warm), the solver adds only the arcs whose reduced
// cost a change can have made negative (arcs whose cost changed, arcs of
// nodes whose potential the tree re-derivation changed, arcs crossing the
// subtree a pivot re-prices), drops arcs found ineligible, and enters the
// best of the first 4*sqrt(arcs) eligible arcs of the pool; see warm.go.
// The basis is optimal when the pool empties at the exact potentials. The
// work of a warm solve is thus proportional to its pivots and the arcs
// around the re-priced subtrees, where the candidate-list rule (Bradley,
// Brown & Graves 1977) used before scanned every arc at least twice.
// Where pivots keep re-pricing subtrees with thousands of arcs this
// bookkeeping costs more than scanning, so a solve whose pool work
// exceeds 8*sqrt(arcs) arc visits per pivot (plus half a scan) hands over
// to pricing every arc: block search when cold, the candidate-list rule
// when warm.
//
// # Warm starts
//
// A [Solver] keeps its spanning-tree basis between calls. After
// [Solver.SetCost] the previous basis is still primal feasible, so
// [Solver.Solve] only recomputes node potentials and continues pivoting
// from it, pricing only the pool; this is what makes column generation in
// package alloc cheap.
//
// # Numerics and tolerances
//
// Costs, capacities and supplies are float64. Costs must be finite;
// capacities may be +Inf. An arc enters the basis only if its reduced cost
// is below -CostTol, where CostTol = 1e-11 * max(1, max|cost|). Leaving arcs
// are snapped exactly onto the bound they reach, so non-tree flows are
// always exactly 0 or Cap. When the pivoting loop ends the potentials are
// recomputed from the whole tree and optimality is re-checked at them;
// tree-arc flows are likewise recomputed from
// the supplies, so conservation holds up to ordinary float64 rounding of
// the supply values (relative ~1e-15 * total supply); tree flows below
// 1e-13 * total supply are such rounding and are set to exactly 0. Supplies must
// balance within 1e-9 * max(1, sum|b|); artificial flow above that
// tolerance at the end means [ErrInfeasible]. A cycle of infinite-capacity
// arcs with negative cost yields [ErrUnbounded].
package mcf

import (
	"errors"
	"fmt"
	"math"
)

// Sentinel errors returned (possibly wrapped) by the solver.
var (
	// ErrInfeasible reports that no flow satisfies supplies and capacities.
	ErrInfeasible = errors.New("mcf: infeasible")
	// ErrUnbounded reports a negative-cost cycle of infinite capacity.
	ErrUnbounded = errors.New("mcf: unbounded")
	// ErrInvalid reports malformed input; the wrapping error names the
	// offending node or arc.
	ErrInvalid = errors.New("mcf: invalid network")
)

// Network is the input of the solver. Arc a goes from Tail[a] to Head[a].
type Network struct {
	// Nodes is the number of nodes.
	Nodes int
	// Tail and Head hold the end points of each arc.
	Tail, Head []int
	// Cost is the finite cost per unit of flow on each arc.
	Cost []float64
	// Cap is the capacity of each arc (>= 0, +Inf allowed); nil means every
	// arc is uncapacitated.
	Cap []float64
	// Supply holds b[v] per node (positive = source, negative = sink); nil
	// means all zero. The values must sum to zero.
	Supply []float64
}

// Result holds an optimal solution.
type Result struct {
	// Flow per arc.
	Flow []float64
	// Potential holds the node duals y: the reduced cost
	// Cost[a] - y[Tail[a]] + y[Head[a]] is >= 0 for arcs with zero flow,
	// <= 0 for saturated arcs and 0 for arcs strictly between bounds.
	Potential []float64
	// Objective is sum Cost[a]*Flow[a].
	Objective float64
}

// Solve is a convenience wrapper that builds a [Solver] and solves once.
func Solve(nw *Network) (*Result, error) {
	s, err := NewSolver(nw)
	if err != nil {
		return nil, err
	}
	if err := s.Solve(); err != nil {
		return nil, err
	}
	return &Result{Flow: s.Flow(nil), Potential: s.Potential(nil), Objective: s.Objective()}, nil
}

// Arc states: non-tree arcs at the upper bound have -1, at the lower bound
// +1, so state*reducedCost < 0 marks an eligible entering arc.
const (
	stateUpper int8 = -1
	stateTree  int8 = 0
	stateLower int8 = 1
)

// Direction of the arc joining a node to its tree parent.
const (
	dirUp   int8 = 1  // node -> parent
	dirDown int8 = -1 // parent -> node
)

// Solver is a reusable network simplex solver. It is not safe for
// concurrent use.
type Solver struct {
	n, m     int // real nodes and arcs
	root     int
	source   []int32
	target   []int32
	cost     []float64
	cap      []float64
	flow     []float64
	state    []int8
	upper    []int32 // non-tree arcs at their upper bound
	upperPos []int32 // index of each arc in upper, or -1
	supply   []float64
	artCost  float64
	maxCost  float64 // upper bound on max |cost| of real arcs
	costTol  float64
	balTol   float64
	zeroTol  float64 // tree flows this small are rounding: see recomputeTreeFlows
	solved   bool
	pivots   int
	parent   []int32
	pred     []int32
	predDir  []int8
	thread   []int32
	revThr   []int32
	succNum  []int32
	lastSucc []int32
	pi       []float64 // internal potentials: reduced cost = c + pi[s] - pi[t]
	dirty    []int32
	excess   []float64

	blockSize int
	nextArc   int
	// priceEnd bounds the arcs block search prices: m+n, or m once the
	// artificial arcs that left the tree are fixed at 0.
	priceEnd int
	// Candidate list of findCandidate.
	cand      []int32
	minorLeft int
	// Pooled pricing (see warm.go).
	warm     bool // the basis is optimal for the previous costs
	pooling  bool // the pool holds every eligible arc
	poolCold bool // cold solves price from the pool (SetPoolCold)
	poolWork int  // pool bookkeeping of this solve, in arc visits
	adjStart []int32
	adjArc   []int32
	adjOther []int32 // per adjArc entry: the other end v, or ^v if it is the tail
	pool     []int32
	poolPos  int
	inPool   []bool
	oldPi    []float64
	stamp    []uint32
	stampGen uint32

	// current pivot
	inArc, join, uIn, vIn, uOut int
	delta                       float64
	outToUpper                  bool
}

// NewSolver validates nw and prepares a solver. The network is copied, so
// nw may be reused by the caller.
func NewSolver(nw *Network) (*Solver, error) {
	n, m := nw.Nodes, len(nw.Tail)
	if n < 0 {
		return nil, fmt.Errorf("%w: negative node count %d", ErrInvalid, n)
	}
	if len(nw.Head) != m || len(nw.Cost) != m {
		return nil, fmt.Errorf("%w: len(Tail)=%d, len(Head)=%d, len(Cost)=%d differ", ErrInvalid, m, len(nw.Head), len(nw.Cost))
	}
	if nw.Cap != nil && len(nw.Cap) != m {
		return nil, fmt.Errorf("%w: len(Cap)=%d, want %d", ErrInvalid, len(nw.Cap), m)
	}
	if nw.Supply != nil && len(nw.Supply) != n {
		return nil, fmt.Errorf("%w: len(Supply)=%d, want %d", ErrInvalid, len(nw.Supply), n)
	}
	if n+1 > math.MaxInt32 || m+n > math.MaxInt32 {
		return nil, fmt.Errorf("%w: network too large", ErrInvalid)
	}
	all := m + n
	s := &Solver{
		n: n, m: m, root: n,
		source: make([]int32, all), target: make([]int32, all),
		cost: make([]float64, all), cap: make([]float64, all),
		flow: make([]float64, all), state: make([]int8, all), upperPos: make([]int32, all),
		supply: make([]float64, n+1),
		parent: make([]int32, n+1), pred: make([]int32, n+1),
		predDir: make([]int8, n+1), thread: make([]int32, n+1),
		revThr: make([]int32, n+1), succNum: make([]int32, n+1),
		lastSucc: make([]int32, n+1), pi: make([]float64, n+1),
		excess: make([]float64, n+1),
	}
	for a := 0; a < m; a++ {
		t, h := nw.Tail[a], nw.Head[a]
		if t < 0 || t >= n || h < 0 || h >= n {
			return nil, fmt.Errorf("%w: arc %d (%d->%d) has an end point outside 0..%d", ErrInvalid, a, t, h, n-1)
		}
		c := nw.Cost[a]
		if math.IsNaN(c) || math.IsInf(c, 0) {
			return nil, fmt.Errorf("%w: arc %d has non-finite cost %v", ErrInvalid, a, c)
		}
		u := math.Inf(1)
		if nw.Cap != nil {
			u = nw.Cap[a]
			if math.IsNaN(u) || u < 0 {
				return nil, fmt.Errorf("%w: arc %d has capacity %v", ErrInvalid, a, u)
			}
		}
		s.source[a], s.target[a], s.cost[a], s.cap[a] = int32(t), int32(h), c, u
	}
	var sum, abs float64
	for v := 0; v < n; v++ {
		b := 0.0
		if nw.Supply != nil {
			b = nw.Supply[v]
		}
		if math.IsNaN(b) || math.IsInf(b, 0) {
			return nil, fmt.Errorf("%w: node %d has supply %v", ErrInvalid, v, b)
		}
		s.supply[v] = b
		sum += b
		abs += math.Abs(b)
	}
	s.balTol = 1e-9 * math.Max(1, abs)
	s.zeroTol = 1e-13 * math.Max(1, abs)
	if math.Abs(sum) > s.balTol {
		return nil, fmt.Errorf("%w: supplies sum to %v, want 0", ErrInfeasible, sum)
	}
	s.blockSize = int(math.Sqrt(float64(all)))
	if s.blockSize < 10 {
		s.blockSize = 10
	}
	return s, nil
}

// SetPoolCold chooses the pricing of a cold Solve: pooled (the best of
// 4*sqrt(arcs) eligible arcs enters, see Pricing) or block search over
// all arcs (the default). Pooling took the six cold solves of an
// allocation day of issue 15 from 7,800 pivots to 700 and halved their
// time; on BenchmarkTransport5k50k, whose pivots move subtrees with
// thousands of arcs, block search is three times faster. Warm solves
// always start pooled.
func (s *Solver) SetPoolCold(on bool) { s.poolCold = on }

// Nodes returns the number of (real) nodes.
func (s *Solver) Nodes() int { return s.n }

// Arcs returns the number of (real) arcs.
func (s *Solver) Arcs() int { return s.m }

// Pivots returns the number of basis changes and bound flips performed by
// all Solve calls so far.
func (s *Solver) Pivots() int { return s.pivots }

// SetCost changes the cost of arc a. The current basis is kept, so the
// next Solve warm-starts from it. The cost must be finite.
func (s *Solver) SetCost(a int, c float64) {
	if c == s.cost[a] {
		return
	}
	s.cost[a] = c
	if s.pooling {
		s.poolArc(int32(a))
	}
	// The bound only grows, which keeps big-M valid without rescanning.
	if ac := math.Abs(c); ac > s.maxCost {
		s.maxCost = ac
	}
}

// Arc returns the end nodes and the capacity of arc a (as given).
func (s *Solver) Arc(a int) (tail, head int, cap float64) {
	return int(s.source[a]), int(s.target[a]), s.cap[a]
}

// Cost returns the current cost of arc a.
func (s *Solver) Cost(a int) float64 { return s.cost[a] }

// setArtCost chooses the big-M cost so that any simple path of real arcs is
// cheaper than one artificial arc.
func (s *Solver) setArtCost() {
	maxc := s.maxCost
	s.costTol = 1e-11 * math.Max(1, maxc)
	art := (maxc + 1) * float64(s.n+1)
	if art > s.artCost {
		old := s.artCost
		s.artCost = art
		for e := s.m; e < s.m+s.n; e++ {
			if s.cost[e] == old && int(s.source[e]) == s.root {
				s.cost[e] = art
			}
		}
	}
}

func (s *Solver) initTree() {
	n, m, root := s.n, s.m, s.root
	s.artCost = 0
	for a := 0; a < m; a++ {
		s.flow[a] = 0
		s.state[a] = stateLower
		s.upperPos[a] = -1
	}
	s.upper = s.upper[:0]
	s.parent[root] = -1
	s.pred[root] = -1
	s.thread[root] = 0
	s.revThr[0] = int32(root)
	s.succNum[root] = int32(n + 1)
	s.lastSucc[root] = int32(root - 1)
	s.supply[root] = 0
	s.pi[root] = 0
	if n == 0 {
		s.thread[root] = int32(root)
		s.revThr[root] = int32(root)
		s.lastSucc[root] = int32(root)
	}
	for u := 0; u < n; u++ {
		e := m + u
		s.parent[u] = int32(root)
		s.pred[u] = int32(e)
		s.thread[u] = int32(u + 1)
		s.revThr[u+1] = int32(u)
		s.succNum[u] = 1
		s.lastSucc[u] = int32(u)
		s.cap[e] = math.Inf(1)
		s.state[e] = stateTree
		s.upperPos[e] = -1
		// Supply nodes drain to the root for free, demand nodes are fed
		// from it at big-M cost, so any artificial flow left at the optimum
		// proves infeasibility.
		if s.supply[u] >= 0 {
			s.predDir[u] = dirUp
			s.source[e], s.target[e] = int32(u), int32(root)
			s.flow[e] = s.supply[u]
			s.cost[e] = 0
		} else {
			s.predDir[u] = dirDown
			s.source[e], s.target[e] = int32(root), int32(u)
			s.flow[e] = -s.supply[u]
			s.cost[e] = -1 // marker replaced by setArtCost
		}
	}
	s.maxCost = 0
	for a := 0; a < m; a++ {
		if c := math.Abs(s.cost[a]); c > s.maxCost {
			s.maxCost = c
		}
	}
	s.artCost = -1
	s.setArtCost()
	s.nextArc = 0
	s.priceEnd = m + n
}

// Solve computes an optimal flow, warm-starting from the previous basis if
// Solve has been called before.
func (s *Solver) Solve() error {
	if s.warm {
		start := s.pivots
		s.setArtCost()
		if err := s.warmPivots(); err != nil {
			s.abandon()
			return err
		}
		if s.pivots == start {
			// No pivot: the flows are those of the last solve, rebuilt
			// and checked then.
			return nil
		}
	} else if err := s.coldSolve(); err != nil {
		s.abandon()
		return err
	}
	s.recomputeTreeFlows()
	for e := s.m; e < s.m+s.n; e++ {
		if s.flow[e] > s.balTol {
			return fmt.Errorf("%w: %v units cannot be routed to or from node %d", ErrInfeasible, s.flow[e], e-s.m)
		}
	}
	s.warm = true
	return nil
}

// abandon drops the basis after a failure; the next Solve starts cold.
func (s *Solver) abandon() {
	s.solved, s.warm, s.pooling = false, false, false
	if s.inPool != nil {
		s.clearPool()
	}
}

// coldSolve solves from the artificial basis, or after an earlier
// infeasible answer from the last basis with block search.
func (s *Solver) coldSolve() error {
	if !s.solved {
		s.initTree()
		s.recomputePotentials()
		if err := s.initialPivots(); err != nil {
			return err
		}
		s.solved = true
		// Artificial arcs that leave the tree stay out (see Pricing).
		s.priceEnd = s.m
		if s.poolCold {
			return s.pooledFromScratch()
		}
		return s.blockSearch(false)
	}
	s.setArtCost()
	return s.blockSearch(false)
}

// blockSearch pivots to optimality pricing every arc, with block search
// or, when warm, the candidate-list rule; it leaves the pool empty and
// pooled pricing on for the next solve.
func (s *Solver) blockSearch(warm bool) error {
	s.pooling = false
	if s.inPool != nil {
		s.clearPool()
	}
	// Re-derive the potentials from the tree and stop only when they
	// confirm optimality; the cap is a guard only.
	for round := 0; round < 50; round++ {
		s.recomputePotentials()
		before := s.pivots
		if err := s.pivotLoop(warm); err != nil {
			return err
		}
		if s.pivots == before {
			// The last, failed scan priced every arc at the exact
			// potentials just derived: that is the confirmation.
			break
		}
		s.recomputePotentials()
		if !s.anyEligible() {
			break
		}
	}
	if s.adjStart == nil {
		s.buildAdjacency()
	}
	s.pooling = true
	return nil
}

// initialPivots is a crash heuristic in the spirit of LEMON's: before
// block search starts, every supply node pivots in its cheapest outgoing
// arc and every demand node its cheapest incoming arc (preferring arcs
// that leave a supply node), which replaces most big-M artificial arcs by
// real ones at the cost of one pivot each.
func (s *Solver) initialPivots() error {
	n, m := s.n, s.m
	best := s.excess // scratch: best arc per node, as float64 index
	for v := 0; v < n; v++ {
		best[v] = -1
	}
	for a := 0; a < m; a++ {
		if s.cap[a] == 0 {
			continue
		}
		t, h := s.source[a], s.target[a]
		if s.supply[t] > 0 && (best[t] < 0 || s.cost[a] < s.cost[int(best[t])]) {
			best[t] = float64(a)
		}
		if s.supply[h] < 0 {
			// Prefer arcs straight from a supply node: they carry flow at
			// once and remove a big-M artificial arc, whereas an arc from
			// a transit node only gives a degenerate pivot.
			b := int(best[h])
			fromSup := s.supply[t] > 0
			switch {
			case b < 0,
				fromSup && s.supply[s.source[b]] <= 0,
				fromSup == (s.supply[s.source[b]] > 0) && s.cost[a] < s.cost[b]:
				best[h] = float64(a)
			}
		}
	}
	for v := 0; v < n; v++ {
		if best[v] < 0 {
			continue
		}
		e := int(best[v])
		if s.state[e] == stateTree || float64(s.state[e])*(s.cost[e]+s.pi[s.source[e]]-s.pi[s.target[e]]) >= -s.costTol {
			continue
		}
		s.inArc = e
		if err := s.pivot(); err != nil {
			return err
		}
	}
	return nil
}

func (s *Solver) anyEligible() bool {
	tol := -s.costTol
	for e := 0; e < s.priceEnd; e++ {
		if float64(s.state[e])*(s.cost[e]+s.pi[s.source[e]]-s.pi[s.target[e]]) < tol {
			return true
		}
	}
	return false
}

func (s *Solver) recomputePotentials() {
	root := int32(s.root)
	s.pi[root] = 0
	for u := s.thread[root]; u != root; u = s.thread[u] {
		// Tree arcs have zero reduced cost: c + pi[src] - pi[tgt] = 0.
		s.pi[u] = s.pi[s.parent[u]] - float64(s.predDir[u])*s.cost[s.pred[u]]
	}
}

// recomputeTreeFlows rebuilds tree-arc flows from supplies and non-tree
// flows, removing rounding accumulated over many pivots.
func (s *Solver) recomputeTreeFlows() {
	ex := s.excess
	copy(ex, s.supply)
	for _, e := range s.upper { // other non-tree arcs carry 0
		f := s.flow[e]
		ex[s.source[e]] -= f
		ex[s.target[e]] += f
	}
	root := int32(s.root)
	// Reverse thread order visits children before parents.
	for u := s.revThr[root]; u != root; u = s.revThr[u] {
		e := s.pred[u]
		// Excess of u must leave through its pred arc.
		f := float64(s.predDir[u]) * ex[u]
		if (f < 0 && f > -s.balTol) || (f > 0 && f < s.zeroTol) {
			// A degenerate tree arc carries the rounding of the supplies
			// summed below it (~1e-16 of them each); left in, such
			// flows of 1e-14 become coefficients of decomposition columns
			// that a master LP with a zero right-hand side cannot pivot on.
			f = 0
		}
		s.flow[e] = f
		ex[s.parent[u]] += ex[u]
		ex[u] = 0
	}
}

func (s *Solver) pivotLoop(warm bool) error {
	find := s.findEnteringArc
	if warm {
		find = s.findCandidate
		s.cand = s.cand[:0]
	}
	for find() {
		if err := s.pivot(); err != nil {
			return err
		}
	}
	return nil
}

// findCandidate is the candidate-list rule (Bradley, Brown & Graves,
// Management Science 24, 1977; LEMON's CandidateListPivotRule), used when
// a warm solve leaves pooled pricing: eligible arcs are then few, and
// block search scans most of the arcs before each pivot. A major iteration scans arcs cyclically and
// keeps up to blockSize/4 eligible ones; minor iterations re-price only
// that list and take its most violating arc, at most blockSize/40 times
// before the next major scan.
func (s *Solver) findCandidate() bool {
	all := s.priceEnd
	tol := -s.costTol
	src, tgt, cost, state := s.source[:all], s.target[:all], s.cost[:all], s.state[:all]
	pi := s.pi
	rc := func(e int32) float64 {
		st := state[e]
		if st == stateTree {
			return 0
		}
		return float64(st) * (cost[e] + pi[src[e]] - pi[tgt[e]])
	}
	if s.minorLeft > 0 && len(s.cand) > 0 {
		s.minorLeft--
		best, in := tol, int32(-1)
		keep := s.cand[:0]
		for _, e := range s.cand {
			if c := rc(e); c < tol {
				keep = append(keep, e)
				if c < best {
					best, in = c, e
				}
			}
		}
		s.cand = keep
		if in >= 0 {
			s.inArc = int(in)
			return true
		}
	}
	listLen := max(4, s.blockSize/4)
	s.cand = s.cand[:0]
	best, in := tol, int32(-1)
	e := s.nextArc
	for n := 0; n < all; n++ {
		if e == all {
			e = 0
		}
		if c := rc(int32(e)); c < tol {
			s.cand = append(s.cand, int32(e))
			if c < best {
				best, in = c, int32(e)
			}
			if len(s.cand) == listLen {
				e++
				break
			}
		}
		e++
	}
	s.nextArc = e % all
	if in < 0 {
		return false
	}
	s.inArc = int(in)
	s.minorLeft = max(1, listLen/10)
	return true
}

// pivot brings s.inArc into the spanning tree.
func (s *Solver) pivot() error {
	s.findJoinNode()
	change := s.findLeavingArc()
	if math.IsInf(s.delta, 1) {
		return ErrUnbounded
	}
	s.pivots++
	s.changeFlow(change)
	if change {
		s.updateTreeStructure()
		s.updatePotential()
	}
	return nil
}

// findEnteringArc implements block search: scan blocks of arcs cyclically
// and take the most violating arc of the first block containing one.
func (s *Solver) findEnteringArc() bool {
	all := s.priceEnd
	minv := -s.costTol
	cnt := s.blockSize
	in := -1
	// Reslicing to a common length lets the compiler drop bounds checks.
	src, tgt, cost, state := s.source[:all], s.target[:all], s.cost[:all], s.state[:all]
	pi := s.pi
	// Two copies of the scan, [nextArc, all) then [0, nextArc): folding them
	// into one loop over both ranges measured 6% slower (bounds checks).
	e := s.nextArc
	for ; e < all; e++ {
		if st := state[e]; st != stateTree {
			if c := float64(st) * (cost[e] + pi[src[e]] - pi[tgt[e]]); c < minv {
				minv, in = c, e
			}
		}
		if cnt--; cnt == 0 {
			if in >= 0 {
				s.nextArc, s.inArc = e+1, in
				return true
			}
			cnt = s.blockSize
		}
	}
	for e = 0; e < s.nextArc && e < all; e++ {
		if st := state[e]; st != stateTree {
			if c := float64(st) * (cost[e] + pi[src[e]] - pi[tgt[e]]); c < minv {
				minv, in = c, e
			}
		}
		if cnt--; cnt == 0 {
			if in >= 0 {
				s.nextArc, s.inArc = e+1, in
				return true
			}
			cnt = s.blockSize
		}
	}
	if in < 0 {
		return false
	}
	s.nextArc, s.inArc = e, in
	return true
}

func (s *Solver) findJoinNode() {
	u, v := s.source[s.inArc], s.target[s.inArc]
	for u != v {
		if s.succNum[u] < s.succNum[v] {
			u = s.parent[u]
		} else {
			v = s.parent[v]
		}
	}
	s.join = int(u)
}

// findLeavingArc performs the ratio test. Ties on the first side use '<'
// and on the second side '<=', which keeps the tree strongly feasible.
func (s *Solver) findLeavingArc() bool {
	var first, second int32
	if s.state[s.inArc] == stateLower {
		first, second = s.source[s.inArc], s.target[s.inArc]
	} else {
		first, second = s.target[s.inArc], s.source[s.inArc]
	}
	s.delta = s.cap[s.inArc]
	join := int32(s.join)
	result := 0
	uOut := int32(-1)
	toUpper := false
	for u := first; u != join; u = s.parent[u] {
		e := s.pred[u]
		d := s.flow[e]
		up := false
		if s.predDir[u] == dirDown {
			d = s.cap[e] - d
			up = true
		}
		if d < s.delta {
			s.delta, uOut, result, toUpper = d, u, 1, up
		}
	}
	for u := second; u != join; u = s.parent[u] {
		e := s.pred[u]
		d := s.flow[e]
		up := false
		if s.predDir[u] == dirUp {
			d = s.cap[e] - d
			up = true
		}
		if d <= s.delta {
			s.delta, uOut, result, toUpper = d, u, 2, up
		}
	}
	if s.delta < 0 {
		s.delta = 0 // rounding in tree flows must not reverse the cycle
	}
	if result == 1 {
		s.uIn, s.vIn = int(first), int(second)
	} else {
		s.uIn, s.vIn = int(second), int(first)
	}
	s.uOut = int(uOut)
	s.outToUpper = toUpper
	return result != 0
}

func (s *Solver) changeFlow(change bool) {
	in := s.inArc
	join := int32(s.join)
	if s.delta > 0 {
		val := float64(s.state[in]) * s.delta
		s.flow[in] += val
		for u := s.source[in]; u != join; u = s.parent[u] {
			s.flow[s.pred[u]] -= float64(s.predDir[u]) * val
		}
		for u := s.target[in]; u != join; u = s.parent[u] {
			s.flow[s.pred[u]] += float64(s.predDir[u]) * val
		}
	}
	if change {
		s.setState(int32(in), stateTree)
		out := s.pred[s.uOut]
		if s.outToUpper {
			s.flow[out] = s.cap[out]
			s.setState(out, stateUpper)
		} else {
			s.flow[out] = 0
			s.setState(out, stateLower)
		}
	} else {
		// Bound flip of the entering arc.
		if s.state[in] == stateLower {
			s.flow[in] = s.cap[in]
		} else {
			s.flow[in] = 0
		}
		s.setState(int32(in), -s.state[in])
	}
}

// setState changes the state of arc e and keeps the list of arcs at their
// upper bound, the only non-tree arcs with flow.
func (s *Solver) setState(e int32, st int8) {
	if s.state[e] == stateUpper {
		i := s.upperPos[e]
		last := s.upper[len(s.upper)-1]
		s.upper[i], s.upperPos[last] = last, i
		s.upper = s.upper[:len(s.upper)-1]
		s.upperPos[e] = -1
	}
	if st == stateUpper {
		s.upperPos[e] = int32(len(s.upper))
		s.upper = append(s.upper, e)
	}
	s.state[e] = st
}

func (s *Solver) updateTreeStructure() {
	parent, thread, revThr := s.parent, s.thread, s.revThr
	succNum, lastSucc, pred, predDir := s.succNum, s.lastSucc, s.pred, s.predDir
	uIn, vIn, uOut := int32(s.uIn), int32(s.vIn), int32(s.uOut)
	join := int32(s.join)
	in := int32(s.inArc)
	oldRevThread := revThr[uOut]
	oldSuccNum := succNum[uOut]
	oldLastSucc := lastSucc[uOut]
	vOut := parent[uOut]
	inDir := dirDown
	if uIn == s.source[in] {
		inDir = dirUp
	}

	if uIn == uOut {
		parent[uIn] = vIn
		pred[uIn] = in
		predDir[uIn] = inDir
		if thread[vIn] != uOut {
			after := thread[oldLastSucc]
			thread[oldRevThread] = after
			revThr[after] = oldRevThread
			after = thread[vIn]
			thread[vIn] = uOut
			revThr[uOut] = vIn
			thread[oldLastSucc] = after
			revThr[after] = oldLastSucc
		}
	} else {
		// When oldRevThread == vIn, join and vOut coincide and the moved
		// subtree already follows vIn in the thread.
		threadContinue := thread[vIn]
		if oldRevThread == vIn {
			threadContinue = thread[oldLastSucc]
		}
		// Re-hang the stem (path uIn..uOut) in reversed order below vIn.
		stem := uIn
		parStem := vIn
		last := lastSucc[uIn]
		after := thread[last]
		thread[vIn] = uIn
		s.dirty = s.dirty[:0]
		s.dirty = append(s.dirty, vIn)
		for stem != uOut {
			nextStem := parent[stem]
			thread[last] = nextStem
			s.dirty = append(s.dirty, last)
			before := revThr[stem]
			thread[before] = after
			revThr[after] = before
			parent[stem] = parStem
			parStem = stem
			stem = nextStem
			if lastSucc[stem] == lastSucc[parStem] {
				last = revThr[parStem]
			} else {
				last = lastSucc[stem]
			}
			after = thread[last]
		}
		parent[uOut] = parStem
		thread[last] = threadContinue
		revThr[threadContinue] = last
		lastSucc[uOut] = last
		if oldRevThread != vIn {
			thread[oldRevThread] = after
			revThr[after] = oldRevThread
		}
		for _, u := range s.dirty {
			revThr[thread[u]] = u
		}
		tmpSc := int32(0)
		tmpLs := lastSucc[uOut]
		for u, p := uOut, parent[uOut]; u != uIn; u, p = p, parent[p] {
			pred[u] = pred[p]
			predDir[u] = -predDir[p]
			tmpSc += succNum[u] - succNum[p]
			succNum[u] = tmpSc
			lastSucc[p] = tmpLs
		}
		pred[uIn] = in
		predDir[uIn] = inDir
		succNum[uIn] = oldSuccNum
	}

	upLimitOut := int32(-1)
	if lastSucc[join] == vIn {
		upLimitOut = join
	}
	lastSuccOut := lastSucc[uOut]
	for u := vIn; u != -1 && lastSucc[u] == vIn; u = parent[u] {
		lastSucc[u] = lastSuccOut
	}
	if join != oldRevThread && vIn != oldRevThread {
		for u := vOut; u != upLimitOut && lastSucc[u] == oldLastSucc; u = parent[u] {
			lastSucc[u] = oldRevThread
		}
	} else if lastSuccOut != oldLastSucc {
		for u := vOut; u != upLimitOut && lastSucc[u] == oldLastSucc; u = parent[u] {
			lastSucc[u] = lastSuccOut
		}
	}
	for u := vIn; u != join; u = parent[u] {
		succNum[u] += oldSuccNum
	}
	for u := vOut; u != join; u = parent[u] {
		succNum[u] -= oldSuccNum
	}
}

func (s *Solver) updatePotential() {
	uIn := int32(s.uIn)
	end := s.thread[s.lastSucc[uIn]]
	if s.pooling {
		// Re-derive the moved subtree's potentials from its new parent in
		// thread (pre-)order, with the very expression recomputePotentials
		// uses: they stay bit-for-bit those of the tree, so the exact
		// re-derivation at the end of a solve changes nothing and no drift
		// has to be priced again.
		pi, parent, predDir, pred, cost := s.pi, s.parent, s.predDir, s.pred, s.cost
		for u := uIn; u != end; u = s.thread[u] {
			pi[u] = pi[parent[u]] - float64(predDir[u])*cost[pred[u]]
		}
		s.poolShift(uIn, end)
		return
	}
	sigma := s.pi[s.vIn] - s.pi[uIn] - float64(s.predDir[uIn])*s.cost[s.inArc]
	if int(s.succNum[uIn])*2 <= s.n+1 {
		for u := uIn; u != end; u = s.thread[u] {
			s.pi[u] += sigma
		}
		return
	}
	// Only potential differences matter, so shifting the (smaller)
	// complement of a large moved subtree by -sigma is equivalent and
	// bounds the work per pivot by half the tree. The potentials drift
	// from the tree's; blockSearch re-derives them before it stops.
	for u := end; u != uIn; u = s.thread[u] {
		s.pi[u] -= sigma
	}
}

// Flow copies the arc flows of the last solution into dst (allocated if
// too short) and returns it.
func (s *Solver) Flow(dst []float64) []float64 {
	if cap(dst) < s.m {
		dst = make([]float64, s.m)
	}
	dst = dst[:s.m]
	copy(dst, s.flow[:s.m])
	return dst
}

// Support sets dst to the arcs that carry flow in the last solution (in no
// particular order) and returns it. It costs time in proportion to the
// nodes and the saturated arcs, not to all arcs: with FlowAt it reads a
// solution sparsely.
func (s *Solver) Support(dst []int32) []int32 {
	dst = dst[:0]
	for u := 0; u < s.n; u++ {
		if e := s.pred[u]; int(e) < s.m && s.flow[e] != 0 {
			dst = append(dst, e)
		}
	}
	for _, e := range s.upper {
		if int(e) < s.m && s.flow[e] != 0 {
			dst = append(dst, e)
		}
	}
	return dst
}

// FlowAt returns the flow on arc a in the last solution.
func (s *Solver) FlowAt(a int) float64 { return s.flow[a] }

// Potential copies the node duals y of the last solution into dst
// (see [Result.Potential] for the sign convention) and returns it.
func (s *Solver) Potential(dst []float64) []float64 {
	if cap(dst) < s.n {
		dst = make([]float64, s.n)
	}
	dst = dst[:s.n]
	for v := 0; v < s.n; v++ {
		dst[v] = -s.pi[v]
	}
	return dst
}

// Objective returns sum cost*flow of the last solution at the current
// costs.
func (s *Solver) Objective() float64 {
	var z float64
	for a := 0; a < s.m; a++ {
		if f := s.flow[a]; f != 0 {
			z += s.cost[a] * f
		}
	}
	return z
}
