package ch

import "math"

// side is one direction of a search over a hierarchy: forward searches go
// up the up arcs, backward searches up the reversed down arcs. Labels are
// valid where seen == stamp; settled nodes keep their sums in settle order.
type side struct {
	forward            bool
	first, head, arcID []int32
	key                []float64
	// stall arcs: the opposite direction's arcs, used for stall-on-demand
	sFirst, sHead []int32
	sKey          []float64

	dist  []float64
	par   []int32 // arc into the node, -1 at the root
	pred  []int32 // rank the arc comes from (this side's direction)
	seen  []uint32
	stamp uint32
	heap  minHeap

	roots []root // the current search's roots

	done []int32 // settled, not stalled, in settle order
	sum  []sums  // parallel to done
	at   []int32 // node → index in done, valid where settled
}

func newSide(h *Hierarchy, forward bool) side {
	n := len(h.rank)
	s := side{dist: make([]float64, n), par: make([]int32, n), pred: make([]int32, n), seen: make([]uint32, n),
		at: make([]int32, n), heap: minHeap{slot: make([]int32, n)}, forward: forward}
	if forward {
		s.first, s.head, s.arcID, s.key = h.upFirst, h.upHead, h.upArc, h.upKey
		s.sFirst, s.sHead, s.sKey = h.dnFirst, h.dnHead, h.dnKey
	} else {
		s.first, s.head, s.arcID, s.key = h.dnFirst, h.dnHead, h.dnArc, h.dnKey
		s.sFirst, s.sHead, s.sKey = h.upFirst, h.upHead, h.upKey
	}
	return s
}

// root is where a search starts: a rank with the key and sums already
// spent reaching it (the part of an edge between a point and its node).
type root struct {
	v   int32
	key float64
	s   sums
}

func (s *side) reset(v int32) {
	s.roots = append(s.roots[:0], root{v: v})
	s.start()
}

// resetRoots starts a search from several roots at once, so that it finds
// the best over all of them (Dijkstra with initial keys).
func (s *side) resetRoots(roots []root) {
	s.roots = append(s.roots[:0], roots...)
	s.start()
}

func (s *side) start() {
	s.stamp++
	if s.stamp == 0 { // wrapped: clear once every 2^32 searches
		clear(s.seen)
		s.stamp = 1
	}
	s.heap.clear()
	s.done, s.sum = s.done[:0], s.sum[:0]
	for _, r := range s.roots {
		if s.seen[r.v] == s.stamp && s.dist[r.v] <= r.key {
			continue
		}
		s.seen[r.v], s.dist[r.v], s.par[r.v] = s.stamp, r.key, -1
		s.heap.set(r.v, r.key)
	}
}

// rootSums returns the sums a root starts with.
func (s *side) rootSums(v int32) sums {
	best := root{key: math.Inf(1)}
	for _, r := range s.roots {
		if r.v == v && r.key < best.key {
			best = r
		}
	}
	return best.s
}

func (s *side) reached(v int32) bool { return s.seen[v] == s.stamp }

// settle pops the next node and relaxes its arcs unless a label of a
// higher neighbour proves it reached on a detour (stall-on-demand: then
// it can be on no shortest up-path and is skipped). It returns the node and
// whether it was stalled.
func (s *side) settle(h *Hierarchy) (int32, bool) {
	v, k := s.heap.pop()
	for i := s.sFirst[v]; i < s.sFirst[v+1]; i++ {
		if u := s.sHead[i]; s.seen[u] == s.stamp && s.dist[u]+s.sKey[i] < k {
			return v, true
		}
	}
	var total sums
	if a := s.par[v]; a >= 0 {
		total = s.sum[s.at[s.pred[v]]].add(h.arcs[a].s)
	} else {
		total = s.rootSums(v)
	}
	s.at[v] = int32(len(s.done))
	s.done = append(s.done, v)
	s.sum = append(s.sum, total)
	for i := s.first[v]; i < s.first[v+1]; i++ {
		w, nk := s.head[i], k+s.key[i]
		if s.seen[w] != s.stamp || nk < s.dist[w] {
			s.seen[w], s.dist[w], s.par[w], s.pred[w] = s.stamp, nk, s.arcID[i], v
			s.heap.set(w, nk)
		}
	}
	return v, false
}

// path appends the arcs from the root to v (forward side: in travel order;
// backward side: from v to the root, also in travel order) to arcs.
func (s *side) path(h *Hierarchy, v int32, arcs []int32) []int32 {
	start := len(arcs)
	for a := s.par[v]; a >= 0; a = s.par[v] {
		arcs = append(arcs, a)
		v = s.pred[v]
	}
	if s.forward {
		for i, j := start, len(arcs)-1; i < j; i, j = i+1, j-1 {
			arcs[i], arcs[j] = arcs[j], arcs[i]
		}
	}
	return arcs
}

// sumTo adds up the arcs from the root to a reached (maybe unsettled) v,
// and the root's own sums.
func (s *side) sumTo(h *Hierarchy, v int32) sums {
	var t sums
	for a := s.par[v]; a >= 0; a = s.par[v] {
		t = t.add(h.arcs[a].s)
		v = s.pred[v]
	}
	return t.add(s.rootSums(v))
}

// query holds one goroutine's search buffers over a prepared hierarchy;
// after the first queries have grown them it allocates nothing.
type query struct {
	p      *prepared
	fw, bw side

	// port legs of the current point-to-point query (road only)
	spKey, ptKey []float64
	sp, pt       []sums

	ov   overlay
	arcs []int32

	// many-to-many (table.go): target search-space entries, then grouped
	// by node into buckets (structure of arrays)
	ent     []entry
	bKey    []float64
	bIdx    []int32
	bSum    []sums
	cnt     []int32 // entries per node (zero outside a table query)
	off     []int32
	touched []int32
	// the current row: best key per target, its bucket entry and the
	// forward label it met at
	rowKey       []float64
	rowAt, rowFw []int32
	// ferries: least leg per target, the ports' closure, the row's legs
	// to the ports through it
	colMin   []float64
	cKey     []float64
	c        []sums
	viaKey   []float64
	via      []sums
	rootBuf  []root
	rootSets [][]root
}

// entry is a bucket entry: from node (rank) at, target or port idx reaches
// with key and sums.
type entry struct {
	at, idx int32
	key     float64
	s       sums
}

func newQuery(p *prepared) *query {
	h := p.h
	n := len(h.rank)
	k := len(p.ports)
	q := &query{p: p, fw: newSide(h, true), bw: newSide(h, false),
		spKey: make([]float64, k), ptKey: make([]float64, k), sp: make([]sums, k), pt: make([]sums, k),
		cnt: make([]int32, n), off: make([]int32, n)}
	q.ov.init(k)
	return q
}

// p2p runs the bidirectional query between ranks s and t. It returns the
// best key and the meeting rank (-1 when t is unreachable). With ports it
// also records the road legs s→port and port→t that are shorter than the
// returned key: the only ones that can matter when combining with ferries
// (estimates it leaves longer are upper bounds of real paths).
func (q *query) p2p(s, t int32, ports bool) (float64, int32) {
	q.fw.reset(s)
	q.bw.reset(t)
	return q.p2pStarted(ports)
}

// p2pStarted is p2p after both sides have been reset to their roots.
func (q *query) p2pStarted(ports bool) (float64, int32) {
	h := q.p.h
	f, b := &q.fw, &q.bw
	if ports {
		k := len(q.p.ports)
		q.spKey, q.ptKey, q.sp, q.pt = grow(q.spKey, k), grow(q.ptKey, k), grow(q.sp, k), grow(q.pt, k)
		for i := range q.spKey {
			q.spKey[i], q.ptKey[i] = math.Inf(1), math.Inf(1)
		}
	}
	best, meet := math.Inf(1), int32(-1)
	for {
		fOK := f.heap.len() > 0 && f.heap.minKey() < best
		bOK := b.heap.len() > 0 && b.heap.minKey() < best
		var x, y *side
		switch {
		case fOK && (!bOK || f.heap.minKey() <= b.heap.minKey()):
			x, y = f, b
		case bOK:
			x, y = b, f
		default:
			return best, meet
		}
		v, stalled := x.settle(h)
		if stalled {
			continue
		}
		if y.reached(v) {
			if k := x.dist[v] + y.dist[v]; k < best {
				best, meet = k, v
			}
		}
		if ports {
			if x == f {
				q.scan(&q.p.toPort, f, v, q.spKey, q.sp)
			} else {
				q.scan(&q.p.fromPort, b, v, q.ptKey, q.pt)
			}
		}
	}
}

// scan offers the entries of bucket set bs at the just-settled node v of
// side x to the per-index bests key/s.
func (q *query) scan(bs *buckets, x *side, v int32, key []float64, s []sums) {
	lo, hi := bs.first[v], bs.first[v+1]
	if lo == hi {
		return
	}
	d, sv := x.dist[v], x.sum[len(x.sum)-1]
	for _, e := range bs.ent[lo:hi] {
		if k := d + e.key; k < key[e.idx] {
			key[e.idx], s[e.idx] = k, sv.add(e.s)
		}
	}
}

// space runs one side's full upward search from root and appends an entry
// per settled node to ent with index idx.
func (q *query) space(x *side, root, idx int32, ent []entry) []entry {
	x.reset(root)
	return q.spaceStarted(x, idx, ent)
}

// spaceStarted is space after x has been reset to its roots.
func (q *query) spaceStarted(x *side, idx int32, ent []entry) []entry {
	h := q.p.h
	for x.heap.len() > 0 {
		v, stalled := x.settle(h)
		if !stalled {
			ent = append(ent, entry{at: v, idx: idx, key: x.dist[v], s: x.sum[len(x.sum)-1]})
		}
	}
	return ent
}

// buckets are search-space entries grouped by node: those at rank v are
// ent[first[v]:first[v+1]].
type buckets struct {
	first []int32
	ent   []entry
}

// group sorts ent into buckets over n ranks by a counting sort.
func group(n int, ent []entry) buckets {
	b := buckets{first: make([]int32, n+1), ent: make([]entry, len(ent))}
	for _, e := range ent {
		b.first[e.at+1]++
	}
	for v := 0; v < n; v++ {
		b.first[v+1] += b.first[v]
	}
	next := append([]int32(nil), b.first[:n]...)
	for _, e := range ent {
		b.ent[next[e.at]] = e
		next[e.at]++
	}
	return b
}
