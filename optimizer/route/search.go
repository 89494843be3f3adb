package route

import (
	"fmt"
	"math"

	"github.com/lumbung-id/lumbung/optimizer/network"
)

// Searcher runs queries over one graph. It is not safe for concurrent use:
// give each goroutine its own (they are cheap to keep in a sync.Pool).
type Searcher struct {
	g   *network.Graph
	raw network.CSR
	svc []network.Service
	// restrictions (restrict.go)
	restr []int16
	rs    []network.RoadRestriction

	// labels, valid where stamp == cur
	key    []float64
	clock  []float64 // seconds since departure
	dist   []float64
	cost   []float64
	parent []int32 // edge into the node, or -1
	stamp  []uint32
	done   []uint32 // settled where done == cur
	cur    uint32

	heap heap

	// A* lower-bound coefficients cached per (profile, metric)
	lbProfile Profile
	lbValid   [3]bool
	lbCoef    [3]float64

	nodes  []network.NodeID
	edges  []network.EdgeID
	target []uint32 // target marks for OneToMany, stamped
}

// NewSearcher returns a Searcher over g; its buffers are sized once here.
func NewSearcher(g *network.Graph) *Searcher {
	n := g.NumNodes()
	s := &Searcher{
		g: g, raw: g.Raw(), svc: g.Services(), restr: g.EdgeRestrictions(), rs: g.RoadRestrictions(),
		key: make([]float64, n), clock: make([]float64, n),
		dist: make([]float64, n), cost: make([]float64, n),
		parent: make([]int32, n), stamp: make([]uint32, n), done: make([]uint32, n),
		target: make([]uint32, n),
	}
	s.heap.init(n)
	return s
}

// Graph returns the searcher's graph.
func (s *Searcher) Graph() *network.Graph { return s.g }

func (s *Searcher) next() {
	s.cur++
	if s.cur == 0 { // wrapped: clear stamps once every 2^32 queries
		clear(s.stamp)
		clear(s.done)
		clear(s.target)
		s.cur = 1
	}
	s.heap.reset()
}

// edgeCost prices edge e entered at clock t (seconds since departure).
func (s *Searcher) edgeCost(e int32, t float64, o *Options) (dt, dd float64, c Breakdown, wait float64) {
	return EdgeCost(&s.raw, s.svc, e, t, o)
}

// EdgeCost prices edge e of the graph arrays r (with ferry services svc)
// entered at clock t, seconds since departure, under o: the one pricing rule
// every engine shares, so that they agree to the last bit on each edge.
func EdgeCost(r *network.CSR, svc []network.Service, e int32, t float64, o *Options) (dt, dd float64, c Breakdown, wait float64) {
	dd = float64(r.Length[e])
	p := &o.Profile
	if r.Class[e] == network.Ferry {
		dt, c, wait = ferryCost(&svc[r.Ferry[e]], t, o)
		return
	}
	v := float64(r.Speed[e])
	if v > p.MaxSpeedKmh {
		v = p.MaxSpeedKmh
	}
	dt = dd * 3.6 / v
	c.Running = p.CostPerKm * dd / 1000
	c.Driver = p.DriverPerHour * dt / 3600
	c.Toll = float64(r.Toll[int(e)*network.NumTollClasses+p.TollClass-1])
	return
}

func metricOf(m Metric, dt, dd float64, c Breakdown) float64 {
	switch m {
	case Time:
		return dt
	case Distance:
		return dd
	}
	return c.Running + c.Driver + c.Toll + c.Ferry
}

func avoided(avoid []uint64, e int32) bool {
	return avoid != nil && avoid[e>>6]&(1<<(uint(e)&63)) != 0
}

// lowerBoundCoef returns the largest c such that every edge's metric is at
// least c times the chord between its ends; computed once per profile.
func (s *Searcher) lowerBoundCoef(o *Options) float64 {
	if s.lbProfile != o.Profile {
		s.lbProfile = o.Profile
		s.lbValid = [3]bool{}
	}
	m := o.Metric
	if s.lbValid[m] {
		return s.lbCoef[m]
	}
	coef := math.Inf(1)
	free := *o
	free.HasDepart = false
	for e := int32(0); e < int32(len(s.raw.Head)); e++ {
		u, v := s.g.Tail(e), s.raw.Head[e]
		ch := s.g.Chord(u, v)
		if ch <= 0 {
			continue
		}
		dt, dd, c, _ := s.edgeCost(e, 0, &free)
		if s.raw.Class[e] == network.Ferry {
			// waits can be zero with a timetable: bound with the crossing only
			dt, c = ferryFloor(&s.svc[s.raw.Ferry[e]], &o.Profile)
		}
		if r := metricOf(m, dt, dd, c) / ch; r < coef {
			coef = r
		}
	}
	if math.IsInf(coef, 1) {
		coef = 0
	}
	coef *= 1 - 1e-9 // float32 lengths: keep the bound strictly admissible
	s.lbCoef[m], s.lbValid[m] = coef, true
	return coef
}

func (s *Searcher) checkNode(v network.NodeID) error {
	if v < 0 || int(v) >= s.g.NumNodes() {
		return fmt.Errorf("%w: %d", ErrNode, v)
	}
	return nil
}

func (s *Searcher) start(from network.NodeID) {
	s.stamp[from] = s.cur
	s.key[from], s.clock[from], s.dist[from], s.cost[from] = 0, 0, 0, 0
	s.parent[from] = -1
}

// Route returns the best path from one node to another under opt.
func (s *Searcher) Route(from, to network.NodeID, opt *Options) (Path, error) {
	if err := s.checkNode(from); err != nil {
		return Path{}, err
	}
	if err := s.checkNode(to); err != nil {
		return Path{}, err
	}
	if err := opt.Profile.Validate(); err != nil {
		return Path{}, err
	}
	coef := s.lowerBoundCoef(opt)
	s.next()
	s.start(from)
	s.heap.push(from, coef*s.g.Chord(from, to))
	r := &s.raw
	found := false
	for s.heap.len() > 0 {
		u := s.heap.pop()
		s.done[u] = s.cur
		if u == to {
			found = true
			break
		}
		ku, tu := s.key[u], s.clock[u]
		for e := r.First[u]; e < r.First[u+1]; e++ {
			v := r.Head[e]
			if s.done[v] == s.cur || avoided(opt.Avoid, e) {
				continue
			}
			dt, dd, c, _, _ := s.edgeCostAt(e, s.parent[u], tu, opt)
			if math.IsInf(dt, 1) { // a ferry with no departure, or a restriction that never clears
				continue
			}
			k := ku + metricOf(opt.Metric, dt, dd, c)
			if s.stamp[v] != s.cur || k < s.key[v] {
				s.stamp[v] = s.cur
				s.key[v] = k
				s.clock[v] = tu + dt
				s.parent[v] = e
				s.heap.pushOrDecrease(v, k+coef*s.g.Chord(v, to))
			}
		}
	}
	if !found {
		return Path{}, fmt.Errorf("%w: %d → %d", ErrUnreachable, from, to)
	}
	return s.walk(to, opt, 0), nil
}

// walk rebuilds the path into the searcher's buffers and re-prices it edge
// by edge, so reported totals follow exactly the rules of the search; the
// path's first edge is entered at clock0 (seconds after opt.Depart).
func (s *Searcher) walk(to network.NodeID, opt *Options, clock0 float64) Path {
	s.edges = s.edges[:0]
	for v := to; s.parent[v] >= 0; v = s.g.Tail(s.parent[v]) {
		s.edges = append(s.edges, s.parent[v])
	}
	for i, j := 0, len(s.edges)-1; i < j; i, j = i+1, j-1 {
		s.edges[i], s.edges[j] = s.edges[j], s.edges[i]
	}
	s.nodes = s.nodes[:0]
	var p Path
	if len(s.edges) == 0 {
		s.nodes = append(s.nodes, to)
	} else {
		s.nodes = append(s.nodes, s.g.Tail(s.edges[0]))
	}
	prev := int32(-1)
	for _, e := range s.edges {
		dt, dd, c, w, rw := s.edgeCostAt(e, prev, clock0+p.Duration, opt)
		prev = e
		p.RestrictionWait += rw
		p.Duration += dt
		p.Distance += dd
		p.Cost = p.Cost.Add(c)
		p.FerryWait += w
		s.nodes = append(s.nodes, s.raw.Head[e])
	}
	p.Nodes, p.Edges = s.nodes, s.edges
	return p
}

// OneToMany fills out[i] with the totals of the best path from `from` to
// targets[i] (Reachable false where there is none). len(out) must be at
// least len(targets).
func (s *Searcher) OneToMany(from network.NodeID, targets []network.NodeID, opt *Options, out []Totals) error {
	return s.sweep(from, targets, opt, out, false)
}

// ManyToOne fills out[i] with the totals of the best path from sources[i]
// to `to`, searching backwards from `to` over incoming edges. Ferry edges
// cost their expected wait: a backward search has no departure clock.
func (s *Searcher) ManyToOne(sources []network.NodeID, to network.NodeID, opt *Options, out []Totals) error {
	o := *opt
	o.HasDepart = false
	return s.sweep(to, sources, &o, out, true)
}

// sweep runs Dijkstra from root until every node of marks is settled,
// forwards over outgoing edges or backwards over incoming ones, and reads
// the totals of the marked nodes into out.
func (s *Searcher) sweep(root network.NodeID, marks []network.NodeID, opt *Options, out []Totals, backward bool) error {
	if err := s.checkNode(root); err != nil {
		return err
	}
	if len(out) < len(marks) {
		return fmt.Errorf("route: out has %d slots for %d nodes", len(out), len(marks))
	}
	if err := opt.Profile.Validate(); err != nil {
		return err
	}
	s.next()
	left := 0
	for _, v := range marks {
		if err := s.checkNode(v); err != nil {
			return err
		}
		if s.target[v] != s.cur {
			s.target[v] = s.cur
			left++
		}
	}
	s.start(root)
	s.heap.push(root, 0)
	r := &s.raw
	for s.heap.len() > 0 && left > 0 {
		u := s.heap.pop()
		s.done[u] = s.cur
		if s.target[u] == s.cur {
			left--
		}
		if backward {
			for _, e := range s.g.InEdges(u) {
				s.relax(u, s.g.Tail(e), e, opt)
			}
			continue
		}
		for e := r.First[u]; e < r.First[u+1]; e++ {
			s.relax(u, r.Head[e], e, opt)
		}
	}
	for i, v := range marks {
		if s.done[v] == s.cur {
			out[i] = Totals{Duration: s.clock[v], Distance: s.dist[v], Cost: s.cost[v], Reachable: true}
		} else {
			out[i] = Totals{}
		}
	}
	return nil
}

// relax offers node v the label of settled node u extended by edge e.
func (s *Searcher) relax(u, v network.NodeID, e network.EdgeID, opt *Options) {
	if s.done[v] == s.cur || avoided(opt.Avoid, e) {
		return
	}
	tu := s.clock[u]
	// (backward searches run without a clock, so road restrictions cost nothing)
	dt, dd, c, _, _ := s.edgeCostAt(e, s.parent[u], tu, opt)
	if math.IsInf(dt, 1) { // a ferry with no departure, or a restriction that never clears
		return
	}
	k := s.key[u] + metricOf(opt.Metric, dt, dd, c)
	if s.stamp[v] != s.cur || k < s.key[v] {
		s.stamp[v] = s.cur
		s.key[v] = k
		s.clock[v] = tu + dt
		s.dist[v] = s.dist[u] + dd
		s.cost[v] = s.cost[u] + c.Running + c.Driver + c.Toll + c.Ferry
		s.parent[v] = e
		s.heap.pushOrDecrease(v, k)
	}
}
