package ch

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// Sentinel errors.
var (
	ErrAvoid = errors.New("ch: invalid avoid mask")
	ErrOut   = errors.New("ch: output too short")
)

// MaxCached is the number of prepared hierarchies (profile × metric ×
// closed roads) an Engine keeps; the oldest is dropped beyond it.
const MaxCached = 32

// Engine answers route.Engine queries with contraction hierarchies. It
// prepares one hierarchy per vehicle profile, metric and set of closed
// roads the first time a query needs it, and keeps MaxCached of them. It is
// safe for concurrent use.
type Engine struct {
	g       *network.Graph
	raw     network.CSR
	svc     []network.Service
	ferries []int32 // ferry edges

	mu    sync.Mutex
	cache map[cacheKey]*prepared
	fifo  []cacheKey
}

var _ route.TableEngine = (*Engine)(nil)

type cacheKey struct {
	profile route.Profile
	metric  route.Metric
	avoid   uint64 // FNV-1a of the road part of the avoid mask, 0 for none
}

// prepared is a hierarchy with what queries over it share: the ferry ports,
// their road-only distances and search spaces, and a pool of query buffers.
type prepared struct {
	once  sync.Once
	err   error
	built atomic.Bool // set once build has succeeded

	h       *Hierarchy
	avoid   []uint64 // road part of the mask it was built for, nil for none
	raw     network.CSR
	svc     []network.Service
	ports   []int32 // ranks of the ferry ports
	ferries []ferryArc
	// minFerry is a lower bound on any crossing's key: the crossing
	// without a wait (waits are never negative)
	minFerry float64
	// road-only bests between ports, k×k; key +Inf where unreachable
	ppKey []float64
	pp    []sums
	// toPort holds the backward search space of each port (scanned by
	// forward searches: origin→port); fromPort the forward ones.
	toPort, fromPort buckets

	pool sync.Pool
}

type ferryArc struct {
	edge     int32
	from, to int32 // port indices
}

// NewEngine returns an engine over g; hierarchies are built on demand (see
// Prepare).
func NewEngine(g *network.Graph) *Engine {
	e := &Engine{g: g, raw: g.Raw(), svc: g.Services(), cache: map[cacheKey]*prepared{}}
	for x := int32(0); x < int32(g.NumEdges()); x++ {
		if e.raw.Class[x] == network.Ferry {
			e.ferries = append(e.ferries, x)
		}
	}
	return e
}

// Graph returns the engine's graph.
func (e *Engine) Graph() *network.Graph { return e.g }

// SmallGraph is the size up to which contracting a graph costs less than a
// few Dijkstra searches matter: about 0.1 s (the 2,344-node corridor
// contracts in milliseconds; 117,000 nodes take 20 s).
const SmallGraph = 20_000

// Ready reports whether opt's hierarchy is built, or the graph is small
// enough (SmallGraph) that building it is cheap.
func (e *Engine) Ready(opt *route.Options) bool {
	if e.g.NumNodes() <= SmallGraph {
		return true
	}
	mask, err := e.roadMask(opt.Avoid)
	if err != nil {
		return false
	}
	key := cacheKey{profile: opt.Profile, metric: opt.Metric, avoid: maskHash(mask)}
	e.mu.Lock()
	p, ok := e.cache[key]
	e.mu.Unlock()
	return ok && p.built.Load() && slices.Equal(p.avoid, mask)
}

// maskHash is FNV-1a over a road mask's words, 0 for none.
func maskHash(mask []uint64) uint64 {
	if mask == nil {
		return 0
	}
	f := fnv.New64a()
	var b [8]byte
	for _, w := range mask {
		for i := range b {
			b[i] = byte(w >> (8 * i))
		}
		f.Write(b[:])
	}
	return f.Sum64() | 1
}

// Prepare builds (or finds) the hierarchy for opt's profile, metric and
// closed roads, so that a server can pay for preprocessing before its first
// request. It returns the hierarchy.
func (e *Engine) Prepare(opt *route.Options) (*Hierarchy, error) {
	p, err := e.prepared(opt)
	if err != nil {
		return nil, err
	}
	return p.h, nil
}

// roadMask returns the avoid mask without its ferry bits (ferries are
// handled outside the hierarchy), or nil when no road is avoided.
func (e *Engine) roadMask(avoid []uint64) ([]uint64, error) {
	if avoid == nil {
		return nil, nil
	}
	words := (e.g.NumEdges() + 63) / 64
	if len(avoid) < words {
		return nil, fmt.Errorf("%w: %d words for %d edges", ErrAvoid, len(avoid), e.g.NumEdges())
	}
	mask := slices.Clone(avoid[:words])
	for _, f := range e.ferries {
		mask[f>>6] &^= 1 << (uint(f) & 63)
	}
	if !slices.ContainsFunc(mask, func(w uint64) bool { return w != 0 }) {
		return nil, nil
	}
	return mask, nil
}

func (e *Engine) prepared(opt *route.Options) (*prepared, error) {
	if err := opt.Profile.Validate(); err != nil {
		return nil, err
	}
	if _, err := metricIndex(opt.Metric); err != nil {
		return nil, err
	}
	mask, err := e.roadMask(opt.Avoid)
	if err != nil {
		return nil, err
	}
	key := cacheKey{profile: opt.Profile, metric: opt.Metric, avoid: maskHash(mask)}
	e.mu.Lock()
	p, ok := e.cache[key]
	if !ok || !slices.Equal(p.avoid, mask) {
		p = &prepared{avoid: mask}
		if !ok { // a hash collision is answered by an uncached hierarchy
			e.cache[key] = p
			e.fifo = append(e.fifo, key)
			if len(e.fifo) > MaxCached {
				delete(e.cache, e.fifo[0])
				e.fifo = e.fifo[1:]
			}
		}
	}
	e.mu.Unlock()
	p.once.Do(func() {
		if p.err = p.build(e, opt); p.err == nil {
			p.built.Store(true)
		}
	})
	return p, p.err
}

// build contracts the hierarchy and readies the ferry overlay.
func (p *prepared) build(e *Engine, opt *route.Options) error {
	o := *opt
	o.HasDepart, o.Avoid = false, nil
	h, err := Contract(e.g, &o, p.avoid)
	if err != nil {
		return err
	}
	p.h, p.raw, p.svc = h, e.raw, e.svc
	portOf := map[int32]int32{}
	port := func(v int32) int32 {
		r := h.rank[v]
		i, ok := portOf[r]
		if !ok {
			i = int32(len(p.ports))
			portOf[r] = i
			p.ports = append(p.ports, r)
		}
		return i
	}
	for _, f := range e.ferries {
		p.ferries = append(p.ferries, ferryArc{edge: f, from: port(e.g.Tail(f)), to: port(e.raw.Head[f])})
	}
	p.minFerry = math.Inf(1)
	for _, f := range p.ferries {
		// the crossing alone: the wait can be zero, and a service that
		// does not run on the query's day only costs more
		sv := &e.svc[e.raw.Ferry[f.edge]]
		dt := sv.CrossingSeconds
		cost := sv.Tariff[o.Profile.FerryClass] + o.Profile.DriverPerHour*dt/3600
		p.minFerry = math.Min(p.minFerry, sums{dt, float64(e.raw.Length[f.edge]), cost}[h.m])
	}
	p.pool.New = func() any { return newQuery(p) }
	k := len(p.ports)
	if k == 0 {
		return nil
	}
	q := newQuery(p)
	var bw, fw []entry
	for i, r := range p.ports {
		bw = q.space(&q.bw, r, int32(i), bw)
		fw = q.space(&q.fw, r, int32(i), fw)
	}
	n := len(h.rank)
	p.toPort, p.fromPort = group(n, bw), group(n, fw)
	p.ppKey, p.pp = make([]float64, k*k), make([]sums, k*k)
	for i := range p.ppKey {
		p.ppKey[i] = math.Inf(1)
	}
	for i, r := range p.ports {
		for _, x := range q.space(&q.fw, r, int32(i), nil) {
			q.scanAt(&p.toPort, x, p.ppKey[i*k:(i+1)*k], p.pp[i*k:(i+1)*k])
		}
	}
	p.pool.Put(q)
	return nil
}

// usesFerries reports whether some ferry edge is open under avoid.
func (p *prepared) usesFerries(avoid []uint64) bool {
	for _, f := range p.ferries {
		if !avoided(avoid, f.edge) {
			return true
		}
	}
	return false
}

func (e *Engine) checkNode(v network.NodeID) error {
	if v < 0 || int(v) >= e.g.NumNodes() {
		return fmt.Errorf("%w: %d", route.ErrNode, v)
	}
	return nil
}

// Totals returns the totals of the best path without unpacking it: the
// query behind matrices and distance-only answers. It allocates nothing
// once the engine has served a few queries.
func (e *Engine) Totals(from, to network.NodeID, opt *route.Options) (route.Totals, error) {
	p, q, err := e.begin(from, to, opt)
	if err != nil {
		return route.Totals{}, err
	}
	defer p.pool.Put(q)
	key, s := q.best(from, to, opt)
	if math.IsInf(key, 1) {
		return route.Totals{}, nil
	}
	return totals(s), nil
}

func totals(s sums) route.Totals {
	return route.Totals{Duration: s[0], Distance: s[1], Cost: s[2], Reachable: true}
}

func (e *Engine) begin(from, to network.NodeID, opt *route.Options) (*prepared, *query, error) {
	if err := e.checkNode(from); err != nil {
		return nil, nil, err
	}
	if err := e.checkNode(to); err != nil {
		return nil, nil, err
	}
	p, err := e.prepared(opt)
	if err != nil {
		return nil, nil, err
	}
	return p, p.pool.Get().(*query), nil
}

// best runs the point-to-point query, through the ferry overlay when a
// ferry is open; the overlay's labels stay in q.ov for path recovery.
func (q *query) best(from, to network.NodeID, opt *route.Options) (float64, sums) {
	q.fw.reset(q.p.h.rank[from])
	q.bw.reset(q.p.h.rank[to])
	return q.bestStarted(opt)
}

// bestStarted is best after both sides have been reset to their roots.
func (q *query) bestStarted(opt *route.Options) (float64, sums) {
	p := q.p
	ferries := p.usesFerries(opt.Avoid)
	key, meet := q.p2pStarted(ferries)
	var st sums
	if meet >= 0 {
		st = q.fw.sumTo(p.h, meet).add(q.bw.sumTo(p.h, meet))
	}
	if !ferries {
		return key, st
	}
	l := legs{stKey: key, st: st, spKey: q.spKey, ptKey: q.ptKey, sp: q.sp, pt: q.pt}
	return q.solve(&l, opt)
}

// Route returns the best path with its edges, unpacked from the shortcuts
// and repriced edge by edge by route.EdgeCost (waits at the path's clock
// when opt has a departure time). The Path's slices are the caller's.
func (e *Engine) Route(from, to network.NodeID, opt *route.Options) (route.Path, error) {
	p, q, err := e.begin(from, to, opt)
	if err != nil {
		return route.Path{}, err
	}
	defer p.pool.Put(q)
	key, _ := q.best(from, to, opt)
	if math.IsInf(key, 1) {
		return route.Path{}, fmt.Errorf("%w: %d → %d", route.ErrUnreachable, from, to)
	}
	var edges []network.EdgeID
	if !p.usesFerries(opt.Avoid) {
		edges = q.unpack(p.h.rank[from], p.h.rank[to], nil)
	} else {
		edges = q.overlayEdges(p.h.rank[from], p.h.rank[to])
	}
	return e.walk(from, edges, opt), nil
}

// overlayEdges unpacks the overlay path left by solve: road legs by new
// road-only queries, ferry legs as their edge.
func (q *query) overlayEdges(s, t int32) []network.EdgeID {
	o := &q.ov
	k := len(q.p.ports)
	rankOf := func(x int32) int32 {
		switch int(x) {
		case k:
			return s
		case k + 1:
			return t
		}
		return q.p.ports[x]
	}
	// collect the overlay nodes from the destination back
	var hops []int32
	for x := int32(k + 1); x >= 0; x = o.pred[x] {
		hops = append(hops, x)
	}
	slices.Reverse(hops)
	vias := make([]int32, len(hops))
	for i, x := range hops {
		vias[i] = o.via[x]
	}
	var edges []network.EdgeID
	for i := 1; i < len(hops); i++ {
		if vias[i] >= 0 {
			edges = append(edges, vias[i])
			continue
		}
		edges = q.unpack(rankOf(hops[i-1]), rankOf(hops[i]), edges)
	}
	return edges
}

// unpack appends the original edges of the road-only best path between
// ranks s and t to edges.
func (q *query) unpack(s, t int32, edges []network.EdgeID) []network.EdgeID {
	_, meet := q.p2p(s, t, false)
	if meet < 0 {
		return edges
	}
	q.arcs = q.fw.path(q.p.h, meet, q.arcs[:0])
	q.arcs = q.bw.path(q.p.h, meet, q.arcs)
	for _, a := range q.arcs {
		edges = q.p.h.unpack(a, edges)
	}
	return edges
}

// walk prices the path edge by edge, as route.Searcher reports its paths.
func (e *Engine) walk(from network.NodeID, edges []network.EdgeID, opt *route.Options) route.Path {
	path := route.Path{Edges: edges, Nodes: make([]network.NodeID, 0, len(edges)+1)}
	path.Nodes = append(path.Nodes, from)
	for _, x := range edges {
		dt, dd, c, w := route.EdgeCost(&e.raw, e.svc, x, path.Duration, opt)
		path.Duration += dt
		path.Distance += dd
		path.Cost = path.Cost.Add(c)
		path.FerryWait += w
		path.Nodes = append(path.Nodes, e.raw.Head[x])
	}
	return path
}

// OneToMany fills out[i] with the totals of the best path from `from` to
// targets[i].
func (e *Engine) OneToMany(from network.NodeID, targets []network.NodeID, opt *route.Options, out []route.Totals) error {
	return e.Table([]network.NodeID{from}, targets, opt, out)
}

// Table fills out[i*len(targets)+j] with the totals of the best path from
// sources[i] to targets[j] (Reachable false where there is none), by the
// bucket many-to-many search plus the ferry overlay for every pair.
func (e *Engine) Table(sources, targets []network.NodeID, opt *route.Options, out []route.Totals) error {
	if len(out) < len(sources)*len(targets) {
		return fmt.Errorf("%w: %d slots for %d×%d", ErrOut, len(out), len(sources), len(targets))
	}
	for _, v := range sources {
		if err := e.checkNode(v); err != nil {
			return err
		}
	}
	for _, v := range targets {
		if err := e.checkNode(v); err != nil {
			return err
		}
	}
	p, err := e.prepared(opt)
	if err != nil {
		return err
	}
	q := p.pool.Get().(*query)
	defer p.pool.Put(q)
	src, dst := q.nodeRoots(sources, targets)
	q.tableOut(src, dst, opt, out)
	return nil
}

// tableOut runs one table between root sets: the bidirectional query for a
// single pair, the bucket search and the ferry overlay otherwise.
func (q *query) tableOut(src, dst [][]root, opt *route.Options, out []route.Totals) {
	if len(src) == 1 && len(dst) == 1 {
		q.fw.resetRoots(src[0])
		q.bw.resetRoots(dst[0])
		if key, s := q.bestStarted(opt); math.IsInf(key, 1) {
			out[0] = route.Totals{}
		} else {
			out[0] = totals(s)
		}
		return
	}
	q.tableMany(src, dst, opt, out)
}

// nodeRoots makes each node a search root of its own, in reused buffers.
func (q *query) nodeRoots(sources, targets []network.NodeID) (src, dst [][]root) {
	n := len(sources) + len(targets)
	q.rootBuf = grow(q.rootBuf, n)
	q.rootSets = grow(q.rootSets, n)
	for i, v := range sources {
		q.rootBuf[i] = root{v: q.p.h.rank[v]}
	}
	for j, v := range targets {
		q.rootBuf[len(sources)+j] = root{v: q.p.h.rank[v]}
	}
	for i := range q.rootSets {
		q.rootSets[i] = q.rootBuf[i : i+1]
	}
	return q.rootSets[:len(sources)], q.rootSets[len(sources):]
}

// seedSums prices the partial edge of a seed.
func (e *Engine) seedSums(sd route.Seed, clock float64, opt *route.Options) (sums, route.Breakdown) {
	dt, dd, c := route.Partial(&e.raw, e.svc, sd.Edge, sd.Share, clock, opt)
	return sums{dt, dd, c.Total()}, c
}

func keyIn(m route.Metric, s sums) float64 {
	i, _ := metricIndex(m)
	return s[i]
}

// RouteSeeds returns the best path from any source seed to any target seed
// (points on edges, see route.SourceSeeds): one totals query per pair of
// seeds, then the best pair unpacked. Drives along a single shared edge
// are the caller's to compare, as with route.Searcher.RouteSeeds.
func (e *Engine) RouteSeeds(src, dst []route.Seed, opt *route.Options) (route.SeedPath, error) {
	best, bi, bj := math.Inf(1), -1, -1
	for i, a := range src {
		if avoided(opt.Avoid, a.Edge) {
			continue
		}
		sa, _ := e.seedSums(a, 0, opt)
		o := *opt
		o.Depart += sa[0]
		for j, b := range dst {
			if avoided(opt.Avoid, b.Edge) {
				continue
			}
			t, err := e.Totals(a.Node, b.Node, &o)
			if err != nil {
				return route.SeedPath{}, err
			}
			if !t.Reachable {
				continue
			}
			sb, _ := e.seedSums(b, sa[0]+t.Duration, opt)
			if k := keyIn(opt.Metric, sa.add(sums{t.Duration, t.Distance, t.Cost}).add(sb)); k < best {
				best, bi, bj = k, i, j
			}
		}
	}
	if bi < 0 {
		return route.SeedPath{}, fmt.Errorf("%w: no path between the snapped points", route.ErrUnreachable)
	}
	a, b := src[bi], dst[bj]
	sa, ca := e.seedSums(a, 0, opt)
	o := *opt
	o.Depart += sa[0]
	p, err := e.Route(a.Node, b.Node, &o)
	if err != nil {
		return route.SeedPath{}, err
	}
	sb, cb := e.seedSums(b, sa[0]+p.Duration, opt)
	p.Duration += sa[0] + sb[0]
	p.Distance += sa[1] + sb[1]
	p.Cost = ca.Add(p.Cost).Add(cb)
	return route.SeedPath{Path: p, Src: a, Dst: b}, nil
}

// TableSeeds fills out[i*len(dst)+j] with the totals of the best path from
// any seed of src[i] to any seed of dst[j]. Without a departure time each
// point's search starts from all its seeds at once, keyed by the partial
// edge to each; with one, the waits depend on each seed's clock, so it runs
// one table row per source seed (tableSeedsDepart).
func (e *Engine) TableSeeds(src, dst [][]route.Seed, opt *route.Options, out []route.Totals) error {
	if len(out) < len(src)*len(dst) {
		return fmt.Errorf("%w: %d slots for %d×%d", ErrOut, len(out), len(src), len(dst))
	}
	if opt.HasDepart {
		return e.tableSeedsDepart(src, dst, opt, out)
	}
	p, err := e.prepared(opt)
	if err != nil {
		return err
	}
	rootsOf := func(sets [][]route.Seed) ([][]root, error) {
		out := make([][]root, len(sets))
		for i, seeds := range sets {
			for _, sd := range seeds {
				if err := e.checkNode(sd.Node); err != nil {
					return nil, err
				}
				if avoided(opt.Avoid, sd.Edge) {
					continue
				}
				s, _ := e.seedSums(sd, 0, opt)
				out[i] = append(out[i], root{v: p.h.rank[sd.Node], key: s[p.h.m], s: s})
			}
		}
		return out, nil
	}
	sr, err := rootsOf(src)
	if err != nil {
		return err
	}
	dr, err := rootsOf(dst)
	if err != nil {
		return err
	}
	q := p.pool.Get().(*query)
	defer p.pool.Put(q)
	q.tableOut(sr, dr, opt, out)
	return nil
}

// tableSeedsDepart is TableSeeds with a departure time: one table between
// all seed nodes, a row per source seed departing after its partial edge,
// then the best seed pair per cell.
func (e *Engine) tableSeedsDepart(src, dst [][]route.Seed, opt *route.Options, out []route.Totals) error {
	var sn, dn []network.NodeID
	var sp []sums
	for _, ss := range src {
		for _, a := range ss {
			sn = append(sn, a.Node)
			s, _ := e.seedSums(a, 0, opt)
			sp = append(sp, s)
		}
	}
	for _, ds := range dst {
		for _, b := range ds {
			dn = append(dn, b.Node)
		}
	}
	mid := make([]route.Totals, len(sn)*len(dn))
	if !opt.HasDepart {
		if err := e.Table(sn, dn, opt, mid); err != nil {
			return err
		}
	} else {
		for r := range sn {
			o := *opt
			o.Depart += sp[r][0]
			if err := e.Table(sn[r:r+1], dn, &o, mid[r*len(dn):(r+1)*len(dn)]); err != nil {
				return err
			}
		}
	}
	r := 0
	for i, ss := range src {
		for j := range dst {
			out[i*len(dst)+j] = route.Totals{}
		}
		for _, a := range ss {
			c := 0
			for j, ds := range dst {
				cell := &out[i*len(dst)+j]
				for _, b := range ds {
					t := mid[r*len(dn)+c]
					c++
					if !t.Reachable || avoided(opt.Avoid, a.Edge) || avoided(opt.Avoid, b.Edge) {
						continue
					}
					sb, _ := e.seedSums(b, sp[r][0]+t.Duration, opt)
					s := sp[r].add(sums{t.Duration, t.Distance, t.Cost}).add(sb)
					if !cell.Reachable || keyIn(opt.Metric, s) < keyIn(opt.Metric, sums{cell.Duration, cell.Distance, cell.Cost}) {
						*cell = totals(s)
					}
				}
			}
			r++
		}
	}
	return nil
}
