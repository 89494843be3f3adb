package mcf

// Warm solves price only the arcs whose reduced cost can have changed.
//
// At the end of every Solve each non-tree arc has reduced cost >= -CostTol
// at the exact potentials of the final tree. A reduced cost
// c[a] + pi[tail] - pi[head] changes only when c[a] changes (SetCost) or
// when exactly one end's potential moves relative to the other's, so the
// solver keeps a pool of the arcs for which that happened and draws
// entering arcs only from it:
//
//   - SetCost puts the arc in the pool;
//   - re-deriving the potentials from the tree (after cost changes of tree
//     arcs, and as the final check) puts in the arcs of every node whose
//     potential changed;
//   - a pivot shifts the potentials of the subtree it moves by one amount,
//     which changes exactly the arcs crossing between the subtree and the
//     rest: those are put in.
//
// An arc enters the pool only if it is eligible when put in. Every arc
// outside the pool therefore keeps a reduced cost >= -CostTol and the pool
// holds every candidate; when the pool has no eligible arc at the exact
// potentials, the basis is optimal. A warm solve after a few cost changes
// thus costs time in proportion to the pivots and the arcs around the
// moved subtrees, not to the size of the network. (This bookkeeping is
// ours; it is exact, not a partial-pricing heuristic.)

// buildAdjacency lists the real arcs incident to each node, once, for
// pooled pricing. Artificial arcs are left out: a warm solve starts from a
// primal feasible basis, so a non-tree artificial arc (at flow 0) never
// needs to enter again, and fixing it at 0 leaves exactly the original
// problem; the artificial arcs still in the tree stay there or leave it.
// Left in, every pivot that shifts the root's side of the tree would pool
// the root's artificial arc to each node of the other side.
func (s *Solver) buildAdjacency() {
	nodes := s.n + 1
	start := make([]int32, nodes+1)
	for e := 0; e < s.m; e++ {
		start[s.source[e]+1]++
		start[s.target[e]+1]++
	}
	for v := 0; v < nodes; v++ {
		start[v+1] += start[v]
	}
	adj := make([]int32, start[nodes])
	other := make([]int32, start[nodes])
	fill := append([]int32(nil), start[:nodes]...)
	for e := 0; e < s.m; e++ {
		u, v := s.source[e], s.target[e]
		adj[fill[u]], other[fill[u]] = int32(e), v
		fill[u]++
		adj[fill[v]], other[fill[v]] = int32(e), ^u
		fill[v]++
	}
	s.adjStart, s.adjArc, s.adjOther = start, adj, other
	s.inPool = make([]bool, s.m+s.n)
	s.oldPi = make([]float64, nodes)
	s.stamp = make([]uint32, nodes)
}

// poolArc adds arc e to the pricing pool if it is eligible at the current
// potentials. One that is not stays out until its cost or an end's
// potential changes again, which pools it anew.
func (s *Solver) poolArc(e int32) {
	if s.inPool[e] {
		return
	}
	if st := s.state[e]; st == stateTree || float64(st)*(s.cost[e]+s.pi[s.source[e]]-s.pi[s.target[e]]) >= -s.costTol {
		return
	}
	s.inPool[e] = true
	s.pool = append(s.pool, e)
}

// clearPool empties the pool (a cold start prices every arc anyway).
func (s *Solver) clearPool() {
	for _, e := range s.pool {
		s.inPool[e] = false
	}
	s.pool, s.poolPos = s.pool[:0], 0
}

// poolNode adds every arc incident to node u.
func (s *Solver) poolNode(u int32) {
	s.poolWork += int(s.adjStart[u+1] - s.adjStart[u])
	for _, e := range s.adjArc[s.adjStart[u]:s.adjStart[u+1]] {
		s.poolArc(e)
	}
}

// exactPotentials re-derives the potentials from the tree and pools the
// arcs of every node whose potential changed; it reports whether any did.
func (s *Solver) exactPotentials() bool {
	copy(s.oldPi, s.pi)
	s.recomputePotentials()
	changed := false
	for u, p := range s.pi {
		if p != s.oldPi[u] {
			s.poolNode(int32(u))
			changed = true
		}
	}
	return changed
}

// poolShift pools the arcs crossing between the subtree whose potentials
// updatePotential re-derived (the thread from first up to, not including,
// stop) and the rest of the tree.
func (s *Solver) poolShift(first, stop int32) {
	s.stampGen++
	if s.stampGen == 0 { // wrapped: old stamps could collide
		clear(s.stamp)
		s.stampGen = 1
	}
	gen := s.stampGen
	for u := first; u != stop; u = s.thread[u] {
		s.stamp[u] = gen
	}
	tol := -s.costTol
	for u := first; u != stop; u = s.thread[u] {
		lo, hi := s.adjStart[u], s.adjStart[u+1]
		s.poolWork += 1 + int(hi-lo)
		piU := s.pi[u]
		for i, v := range s.adjOther[lo:hi] {
			// v >= 0: u is the tail of the arc and v its head; ^v: the
			// reverse. Inlined poolArc: this loop is the hot spot of warm
			// solves.
			tail := v >= 0
			if !tail {
				v = ^v
			}
			if s.stamp[v] == gen {
				continue
			}
			e := s.adjArc[lo+int32(i)]
			st := s.state[e]
			if st == stateTree || s.inPool[e] {
				continue
			}
			d := piU - s.pi[v]
			if !tail {
				d = -d
			}
			if float64(st)*(s.cost[e]+d) < tol {
				s.inPool[e] = true
				s.pool = append(s.pool, e)
			}
		}
	}
}

// poolBlock is the number of eligible arcs findPooled compares, in units
// of blockSize (~sqrt(arcs)). On the allocation days of issue 15, 1 took
// 1.5 to 2.2 times the pivots of 4; comparing the whole pool (Dantzig's
// rule on the pool) saved a few more pivots but cost more time; 2 to 8
// were within the noise of each other.
const poolBlock = 4

// findPooled is block search over the pool: it scans the pool cyclically
// and takes the most violating of the first poolBlock*blockSize eligible
// arcs it meets. Arcs found not eligible leave the pool (the last entry
// takes their place), so it reports false exactly when the pool has
// emptied.
func (s *Solver) findPooled() bool {
	tol := -s.costTol
	best, in := tol, int32(-1)
	i, seen := s.poolPos, 0
	block := poolBlock * s.blockSize
	for len(s.pool) > 0 && seen < block && seen < len(s.pool) {
		if i >= len(s.pool) {
			i = 0
		}
		e := s.pool[i]
		c := 0.0
		if st := s.state[e]; st != stateTree {
			c = float64(st) * (s.cost[e] + s.pi[s.source[e]] - s.pi[s.target[e]])
		}
		if c >= tol {
			s.inPool[e] = false
			last := len(s.pool) - 1
			s.pool[i] = s.pool[last]
			s.pool = s.pool[:last]
			continue
		}
		if c < best {
			best, in = c, e
		}
		seen++
		i++
	}
	s.poolPos = i
	s.poolWork += seen
	if in < 0 {
		return false
	}
	s.inArc = int(in)
	return true
}

// pooledFromScratch continues a cold start with pooled pricing: one scan
// puts every eligible real arc in the pool, after which each pivot prices
// only the arcs around the subtree it re-prices. Artificial arcs that have
// left the tree are fixed at 0 from here on (see buildAdjacency), as an
// artificial variable that leaves the basis of a big-M method need never
// return.
func (s *Solver) pooledFromScratch() error {
	if s.adjStart == nil {
		s.buildAdjacency()
	}
	s.clearPool()
	s.pooling = true
	for e := int32(0); int(e) < s.m; e++ {
		s.poolArc(e)
	}
	return s.warmPivots()
}

// poolWorkPerPivot bounds the pool bookkeeping of one solve per pivot, in
// units of blockSize (~sqrt(arcs)), beyond half a scan of all arcs: past
// it the solve finishes pricing every arc (block search when cold, the
// candidate list when warm). Pooling pays when pivots move small subtrees
// (the allocation networks, where a farm cluster is a leaf: a few hundred
// arc visits per pivot); where pivots keep moving subtrees with thousands
// of incident arcs (the gateways of BenchmarkTransport5k50k) its
// bookkeeping costs more than scanning. 4 lost up to a third on the
// allocation days, 8 kept them and the transport benchmarks within the
// noise of the plain rules. A variable so that tests can force the
// hand-over.
var poolWorkPerPivot = 8

// warmPivots runs pooled pricing to optimality from a warm basis, or hands
// over to block search when pooling costs more than scanning would.
func (s *Solver) warmPivots() error {
	s.poolWork = 0
	start := s.pivots
	perPivot := poolWorkPerPivot * s.blockSize
	s.exactPotentials()
	// Pivots keep the potentials exact, so the final re-derivation
	// normally changes nothing; the cap is a guard only.
	for round := 0; round < 50; round++ {
		for s.findPooled() {
			if err := s.pivot(); err != nil {
				return err
			}
			if s.poolWork > (s.m+s.n)/2+perPivot*(s.pivots-start) {
				return s.blockSearch(s.warm)
			}
		}
		if s.pivots == start {
			return nil // the potentials are those just derived
		}
		if !s.exactPotentials() {
			return nil
		}
	}
	return nil
}
