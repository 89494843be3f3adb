package alloc

import (
	"math"

	"github.com/lumbung-id/lumbung/optimizer/mcf"
)

// closedTerm is a bundle term that the zero-capacity presolve took out of
// a commodity's pricing network.
type closedTerm struct {
	bundle     int32
	tail, head int32   // end nodes of the arc
	cost       float64 // arc cost before bundle prices
	w          float64
	// open lists the arc's terms in bundles with capacity (their prices
	// still apply to the arc).
	open []bundleTerm
}

// residual is a commodity's pricing network kept for the shadow prices of
// presolved bundles: the arcs of its mcf network in CSR form by tail and
// by head.
type residual struct {
	tail, head []int32
	cap        []float64
	outStart   []int32 // arcs leaving node v: outArc[outStart[v]:outStart[v+1]]
	outArc     []int32
	inStart    []int32
	inArc      []int32
}

// newResidual reads the arcs of a pricing network from its solver.
func newResidual(s *mcf.Solver) *residual {
	m, nodes := s.Arcs(), s.Nodes()
	r := &residual{tail: make([]int32, m), head: make([]int32, m), cap: make([]float64, m)}
	for a := range m {
		t, h, u := s.Arc(a)
		r.tail[a], r.head[a], r.cap[a] = int32(t), int32(h), u
	}
	r.outStart, r.outArc = csr(nodes, r.tail)
	r.inStart, r.inArc = csr(nodes, r.head)
	return r
}

// csr groups arc indices by the node in by.
func csr(nodes int, by []int32) (start, arcs []int32) {
	start = make([]int32, nodes+1)
	for _, v := range by {
		start[v+1]++
	}
	for v := 0; v < nodes; v++ {
		start[v+1] += start[v]
	}
	arcs = make([]int32, len(by))
	fill := append([]int32(nil), start[:nodes]...)
	for a, v := range by {
		arcs[fill[v]] = int32(a)
		fill[v]++
	}
	return start, arcs
}

// closedDuals sets dual[j] of every presolved bundle j to the price of its
// first unit of capacity: for each of its arcs (u, v), the cheapest way to
// send one more unit over it at the final prices of the other bundles is
// the arc's cost plus the shortest path from v back to u in the residual
// network of the commodity's optimal flow (Ahuja, Magnanti & Orlin,
// Network Flows, §9.3: a negative cycle through the new arc is exactly an
// improvement). Dividing the saving by the arc's weight gives the value of
// a unit of the bundle; the dual is minus the best such value, or 0. The
// shortest paths run with Dijkstra's algorithm on reduced costs, which the
// node potentials of the network simplex make non-negative. sp must have
// been priced at duals y.
func closedDuals(subs []*subproblem, y, dual []float64) {
	var h distHeap
	for _, sp := range subs {
		if len(sp.closed) == 0 {
			continue
		}
		pot := sp.solver.Potential(sp.pot)
		sp.pot = pot
		var rc []float64 // reduced costs, once a search needs them
		var targets []int32
		for i := 0; i < len(sp.closed); {
			// closed is sorted by head: one search per head, over the
			// arcs [i, e) that share it.
			head := sp.closed[i].head
			e := i
			limit := math.Inf(-1)
			targets = targets[:0]
			for ; e < len(sp.closed) && sp.closed[e].head == head; e++ {
				ct := &sp.closed[e]
				targets = append(targets, ct.tail)
				// A cycle through the arc saves only if the reduced-cost
				// path head -> tail is shorter than this.
				limit = math.Max(limit, -ct.price(y)-pot[head]+pot[ct.tail])
			}
			if limit > 0 {
				if rc == nil {
					rc = sp.reducedCosts(pot)
				}
				dist := sp.residualDistances(head, targets, limit, rc, &h)
				for _, ct := range sp.closed[i:e] {
					// Back from reduced to real costs along the path.
					cycle := ct.price(y) + dist[ct.tail] + pot[head] - pot[ct.tail]
					if cycle < 0 {
						dual[ct.bundle] = math.Min(dual[ct.bundle], cycle/ct.w)
					}
				}
			}
			i = e
		}
	}
}

// reducedCosts builds the residual network on first use (most closed
// arcs are too dear to need a search) and returns the reduced costs of its
// arcs at the potentials pot: Potential returns y with reduced cost
// c - y[tail] + y[head].
func (sp *subproblem) reducedCosts(pot []float64) []float64 {
	if sp.res == nil {
		sp.res = newResidual(sp.solver)
	}
	if sp.rc == nil {
		sp.rc = make([]float64, len(sp.res.tail))
	}
	for a := range sp.rc {
		sp.rc[a] = sp.solver.Cost(a) - pot[sp.res.tail[a]] + pot[sp.res.head[a]]
	}
	return sp.rc
}

// price is the arc's cost at the duals y of the bundles with capacity.
func (ct *closedTerm) price(y []float64) float64 {
	c := ct.cost
	for _, t := range ct.open {
		c -= y[t.bundle] * t.w
	}
	return c
}

// residualDistances returns reduced-cost shortest-path distances from src
// over the residual arcs of the current flow (forward where below
// capacity, backward where positive).
//
// It stops once every node in targets is settled or the distances settled
// exceed limit; other distances may then be too large (never too small).
func (sp *subproblem) residualDistances(src int32, targets []int32, limit float64, rc []float64, h *distHeap) []float64 {
	r := sp.res
	n := len(r.outStart) - 1
	if sp.dist == nil {
		sp.dist = make([]float64, n)
		sp.done = make([]bool, n)
	}
	dist, done := sp.dist, sp.done
	for v := range dist {
		dist[v] = math.Inf(1)
		done[v] = false
	}
	dist[src] = 0
	h.reset()
	h.push(src, 0)
	left := len(targets)
	for _, v := range targets {
		if v == src {
			left--
		}
	}
	relax := func(v int32, d float64) {
		if d < dist[v] {
			dist[v] = d
			h.push(v, d)
		}
	}
	for h.len() > 0 {
		u := h.pop()
		if done[u] {
			continue
		}
		done[u] = true
		for _, v := range targets {
			if v == u {
				left--
			}
		}
		du := dist[u]
		if left <= 0 || du > limit {
			break
		}
		for _, a := range r.outArc[r.outStart[u]:r.outStart[u+1]] {
			if sp.flow[a] < r.cap[a] {
				relax(r.head[a], du+math.Max(0, rc[a]))
			}
		}
		for _, a := range r.inArc[r.inStart[u]:r.inStart[u+1]] {
			if sp.flow[a] > 0 {
				relax(r.tail[a], du+math.Max(0, -rc[a]))
			}
		}
	}
	return dist
}

// distHeap is a binary min-heap of (node, distance) entries with lazy
// deletion: stale entries are skipped by the caller.
type distHeap struct {
	node []int32
	key  []float64
}

func (h *distHeap) reset()   { h.node, h.key = h.node[:0], h.key[:0] }
func (h *distHeap) len() int { return len(h.node) }

func (h *distHeap) push(v int32, d float64) {
	h.node, h.key = append(h.node, v), append(h.key, d)
	i := len(h.node) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h.key[p] <= h.key[i] {
			break
		}
		h.swap(i, p)
		i = p
	}
}

func (h *distHeap) pop() int32 {
	top := h.node[0]
	last := len(h.node) - 1
	h.swap(0, last)
	h.node, h.key = h.node[:last], h.key[:last]
	i := 0
	for {
		l, small := 2*i+1, i
		if l < last && h.key[l] < h.key[small] {
			small = l
		}
		if r := l + 1; r < last && h.key[r] < h.key[small] {
			small = r
		}
		if small == i {
			return top
		}
		h.swap(i, small)
		i = small
	}
}

func (h *distHeap) swap(i, j int) {
	h.node[i], h.node[j] = h.node[j], h.node[i]
	h.key[i], h.key[j] = h.key[j], h.key[i]
}
