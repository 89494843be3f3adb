package ch

import (
	"fmt"

	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// Hierarchy is a contracted road graph for one metric: nodes renumbered by
// contraction rank (so that the top of the hierarchy, which every search
// reaches, sits together in memory), with flat CSR arrays of upward arcs
// for forward searches and of downward arcs, reversed, for backward ones.
// It is read-only once built and may be shared by any number of queries.
type Hierarchy struct {
	g    *network.Graph
	m    int     // key index into sums
	rank []int32 // node id → rank (the internal id)
	node []int32 // rank → node id

	// up: arcs v→w with rank w > rank v, by rank v
	upFirst, upHead, upArc []int32
	upKey                  []float64
	// down: arcs u→v with rank u > rank v, by rank v, head u
	dnFirst, dnHead, dnArc []int32
	dnKey                  []float64

	arcs []hArc // by arc id, for totals and unpacking
}

// hArc is an arc of a built hierarchy: the sums of the path it stands for
// and what it unpacks into. Its ends are not kept (searches record the
// node they came from), so an arc takes 32 bytes instead of the
// contractor's 48.
type hArc struct {
	s sums
	// a is the original edge when b < 0; else a and b are the arc ids of a
	// shortcut's halves, from→mid and mid→to.
	a, b int32
}

// NumNodes returns the number of nodes.
func (h *Hierarchy) NumNodes() int { return len(h.rank) }

// NumArcs returns the number of upward plus downward arcs, shortcuts
// included.
func (h *Hierarchy) NumArcs() int { return len(h.upHead) + len(h.dnHead) }

// metricIndex maps a route metric to its place in sums.
func metricIndex(m route.Metric) (int, error) {
	switch m {
	case route.Time:
		return 0, nil
	case route.Distance:
		return 1, nil
	case route.Cost:
		return 2, nil
	}
	return 0, fmt.Errorf("%w: %v", route.ErrMetric, m)
}

// roadArcs prices every road edge of g not in avoid under opt (without a
// departure time) and keeps, of parallel edges, the one with the least key.
func roadArcs(g *network.Graph, opt *route.Options, m int, avoid []uint64) []arc {
	raw := g.Raw()
	svc := g.Services()
	best := make(map[[2]int32]int32)
	arcs := make([]arc, 0, g.NumEdges())
	for e := int32(0); e < int32(g.NumEdges()); e++ {
		if raw.Class[e] == network.Ferry || (avoid != nil && avoid[e>>6]&(1<<(uint(e)&63)) != 0) {
			continue
		}
		dt, dd, c, _ := route.EdgeCost(&raw, svc, e, 0, opt)
		a := arc{from: g.Tail(e), to: raw.Head[e], s: sums{dt, dd, c.Total()}, edge: e, c1: -1, c2: -1, hops: 1}
		k := [2]int32{a.from, a.to}
		if i, ok := best[k]; ok {
			if a.s[m] < arcs[i].s[m] {
				arcs[i] = a
			}
			continue
		}
		best[k] = int32(len(arcs))
		arcs = append(arcs, a)
	}
	return arcs
}

// Contract builds the hierarchy of g's road edges (ferry edges and the
// edges set in avoid excluded) for opt's metric and profile.
func Contract(g *network.Graph, opt *route.Options, avoid []uint64) (*Hierarchy, error) {
	if err := opt.Profile.Validate(); err != nil {
		return nil, err
	}
	m, err := metricIndex(opt.Metric)
	if err != nil {
		return nil, err
	}
	if avoid != nil && len(avoid) < (g.NumEdges()+63)/64 {
		return nil, fmt.Errorf("%w: avoid mask has %d words for %d edges", ErrAvoid, len(avoid), g.NumEdges())
	}
	n := g.NumNodes()
	c := newContractor(n, m, roadArcs(g, opt, m, avoid))
	order := c.run()
	h := &Hierarchy{g: g, m: m, rank: make([]int32, n), node: order}
	for r, v := range order {
		h.rank[v] = int32(r)
	}
	h.upFirst, h.upHead, h.upArc, h.upKey = h.csr(c.arcs, c.out, func(a *arc) int32 { return a.to })
	h.dnFirst, h.dnHead, h.dnArc, h.dnKey = h.csr(c.arcs, c.in, func(a *arc) int32 { return a.from })
	h.arcs = make([]hArc, len(c.arcs))
	for i, a := range c.arcs {
		h.arcs[i] = hArc{s: a.s, a: a.c1, b: a.c2}
		if a.edge >= 0 {
			h.arcs[i].a, h.arcs[i].b = a.edge, -1
		}
	}
	return h, nil
}

// csr lays out each node's frozen list of arcs in rank order; far gives
// the node at the arc's other end.
func (h *Hierarchy) csr(arcs []arc, lists [][]int32, far func(*arc) int32) (first, head, arcID []int32, key []float64) {
	n := len(h.rank)
	first = make([]int32, n+1)
	total := 0
	for r, v := range h.node {
		total += len(lists[v])
		first[r+1] = int32(total)
	}
	head, arcID, key = make([]int32, total), make([]int32, total), make([]float64, total)
	for r, v := range h.node {
		k := first[r]
		for _, a := range lists[v] {
			head[k], arcID[k], key[k] = h.rank[far(&arcs[a])], a, arcs[a].s[h.m]
			k++
		}
	}
	return first, head, arcID, key
}

// unpack appends the original edges of arc a, in order, to edges.
func (h *Hierarchy) unpack(a int32, edges []network.EdgeID) []network.EdgeID {
	x := &h.arcs[a]
	if x.b < 0 {
		return append(edges, x.a)
	}
	edges = h.unpack(x.a, edges)
	return h.unpack(x.b, edges)
}
