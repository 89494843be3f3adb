package route

import (
	"fmt"
	"math"

	"github.com/lumbung-id/lumbung/optimizer/network"
)

// Seed is one way into or out of a point that lies on an edge: the node a
// search starts from (or ends at) and the share of an edge driven between
// the point and that node.
type Seed struct {
	Node network.NodeID
	// Edge is the partly driven edge and Share the part of it (0..1):
	// for a source, the stretch from the point to Edge's head (Node); for a
	// target, the stretch from Edge's tail (Node) to the point.
	Edge  network.EdgeID
	Share float64
}

// SourceSeeds returns the ways out of a point snapped onto an edge: ahead
// to the edge's head, and back to its tail along its twin if the road is
// two-way.
func SourceSeeds(g *network.Graph, sn network.EdgeSnap) []Seed {
	out := []Seed{{Node: g.Head(sn.Edge), Edge: sn.Edge, Share: 1 - sn.Fraction}}
	if sn.Twin != network.None {
		out = append(out, Seed{Node: g.Tail(sn.Edge), Edge: sn.Twin, Share: sn.Fraction})
	}
	return out
}

// TargetSeeds returns the ways into a point snapped onto an edge: from the
// edge's tail, and from its head along its twin if the road is two-way.
func TargetSeeds(g *network.Graph, sn network.EdgeSnap) []Seed {
	out := []Seed{{Node: g.Tail(sn.Edge), Edge: sn.Edge, Share: sn.Fraction}}
	if sn.Twin != network.None {
		out = append(out, Seed{Node: g.Head(sn.Edge), Edge: sn.Twin, Share: 1 - sn.Fraction})
	}
	return out
}

// partial prices share of road edge e entered at clock t.
func (s *Searcher) partial(e network.EdgeID, share, t float64, o *Options) (dt, dd float64, c Breakdown) {
	return Partial(&s.raw, s.svc, e, share, t, o)
}

// Partial prices share (0..1) of road edge e of the graph arrays r entered
// at clock t: the part of an edge driven to or from a point on it.
func Partial(r *network.CSR, svc []network.Service, e network.EdgeID, share, t float64, o *Options) (dt, dd float64, c Breakdown) {
	dt, dd, c, _ = EdgeCost(r, svc, e, t, o)
	return dt * share, dd * share, Breakdown{c.Running * share, c.Driver * share, c.Toll * share, c.Ferry * share}
}

// SeedPath is the best path between two edge points: the source seed it
// leaves by, the node path (as Route returns it), the target seed it
// arrives by, and the totals of all three.
type SeedPath struct {
	Path
	Src, Dst Seed
}

// RouteSeeds returns the best path from any source seed to any target seed
// under opt: A* from all sources at once (each starting with its partial
// edge's cost) towards the nearest target node, stopping once no label can
// beat the best target reached plus its partial edge. Paths along a single
// edge (both points on one road) are the caller's to compare.
func (s *Searcher) RouteSeeds(src, dst []Seed, opt *Options) (SeedPath, error) {
	if err := opt.Profile.Validate(); err != nil {
		return SeedPath{}, err
	}
	for _, seeds := range [2][]Seed{src, dst} {
		for _, sd := range seeds {
			if err := s.checkNode(sd.Node); err != nil {
				return SeedPath{}, err
			}
		}
	}
	coef := s.lowerBoundCoef(opt)
	h := func(v network.NodeID) float64 {
		m := math.Inf(1)
		for _, d := range dst {
			m = math.Min(m, s.g.Chord(v, d.Node))
		}
		return coef * m
	}
	s.next()
	for _, sd := range src {
		if avoided(opt.Avoid, sd.Edge) {
			continue
		}
		dt, dd, c := s.partial(sd.Edge, sd.Share, 0, opt)
		k := metricOf(opt.Metric, dt, dd, c)
		if v := sd.Node; s.stamp[v] != s.cur || k < s.key[v] {
			s.stamp[v], s.key[v], s.clock[v], s.parent[v] = s.cur, k, dt, -1
			s.heap.pushOrDecrease(v, k+h(v))
		}
	}
	best, bestDst := math.Inf(1), -1
	r := &s.raw
	for s.heap.len() > 0 && s.heap.prio[0] < best {
		u := s.heap.pop()
		s.done[u] = s.cur
		for j, d := range dst {
			if d.Node != u || avoided(opt.Avoid, d.Edge) {
				continue
			}
			dt, dd, c := s.partial(d.Edge, d.Share, s.clock[u], opt)
			if k := s.key[u] + metricOf(opt.Metric, dt, dd, c); k < best {
				best, bestDst = k, j
			}
		}
		ku, tu := s.key[u], s.clock[u]
		for e := r.First[u]; e < r.First[u+1]; e++ {
			v := r.Head[e]
			if s.done[v] == s.cur || avoided(opt.Avoid, e) {
				continue
			}
			dt, dd, c, _, _ := s.edgeCostAt(e, s.parent[u], tu, opt)
			if math.IsInf(dt, 1) { // a ferry with no departure or that refuses the vehicle, a restriction that never clears
				continue
			}
			k := ku + metricOf(opt.Metric, dt, dd, c)
			if s.stamp[v] != s.cur || k < s.key[v] {
				s.stamp[v], s.key[v], s.clock[v], s.parent[v] = s.cur, k, tu+dt, e
				s.heap.pushOrDecrease(v, k+h(v))
			}
		}
	}
	if bestDst < 0 {
		return SeedPath{}, fmt.Errorf("%w: no path between the snapped points", ErrUnreachable)
	}
	return s.seedPath(src, dst[bestDst], opt), nil
}

// seedPath re-prices the path found into dst: the source's partial edge
// from clock 0, the node path, then the target's partial edge.
func (s *Searcher) seedPath(src []Seed, dst Seed, opt *Options) SeedPath {
	v := dst.Node
	for s.parent[v] >= 0 {
		v = s.g.Tail(s.parent[v])
	}
	var sp SeedPath
	for _, sd := range src {
		if sd.Node == v && !avoided(opt.Avoid, sd.Edge) {
			sp.Src = sd
			break
		}
	}
	dt0, dd0, c0 := s.partial(sp.Src.Edge, sp.Src.Share, 0, opt)
	p := s.walk(dst.Node, opt, dt0)
	dt1, dd1, c1 := s.partial(dst.Edge, dst.Share, dt0+p.Duration, opt)
	p.Duration += dt0 + dt1
	p.Distance += dd0 + dd1
	p.Cost = c0.Add(p.Cost).Add(c1)
	sp.Path, sp.Dst = p, dst
	return sp
}

// OneToManySeeds fills out[j] with the totals of the best path from the
// source seeds to any seed of targets[j] (Reachable false where there is
// none): Dijkstra from all sources at once, each starting with its partial
// edge's totals, until every target seed's node is settled. Drives along a
// single shared edge are the caller's to compare.
func (s *Searcher) OneToManySeeds(src []Seed, targets [][]Seed, opt *Options, out []Totals) error {
	if len(out) < len(targets) {
		return fmt.Errorf("route: out has %d slots for %d targets", len(out), len(targets))
	}
	if err := opt.Profile.Validate(); err != nil {
		return err
	}
	s.next()
	left := 0
	for _, ts := range targets {
		for _, d := range ts {
			if err := s.checkNode(d.Node); err != nil {
				return err
			}
			if s.target[d.Node] != s.cur {
				s.target[d.Node] = s.cur
				left++
			}
		}
	}
	for _, sd := range src {
		if err := s.checkNode(sd.Node); err != nil {
			return err
		}
		if avoided(opt.Avoid, sd.Edge) {
			continue
		}
		dt, dd, c := s.partial(sd.Edge, sd.Share, 0, opt)
		k := metricOf(opt.Metric, dt, dd, c)
		if v := sd.Node; s.stamp[v] != s.cur || k < s.key[v] {
			s.stamp[v], s.key[v], s.clock[v], s.parent[v] = s.cur, k, dt, -1
			s.dist[v], s.cost[v] = dd, c.Total()
			s.heap.pushOrDecrease(v, k)
		}
	}
	r := &s.raw
	for s.heap.len() > 0 && left > 0 {
		u := s.heap.pop()
		s.done[u] = s.cur
		if s.target[u] == s.cur {
			left--
		}
		for e := r.First[u]; e < r.First[u+1]; e++ {
			s.relax(u, r.Head[e], e, opt)
		}
	}
	for j, ts := range targets {
		best, bestKey := Totals{}, math.Inf(1)
		for _, d := range ts {
			v := d.Node
			if s.done[v] != s.cur || avoided(opt.Avoid, d.Edge) {
				continue
			}
			dt, dd, c := s.partial(d.Edge, d.Share, s.clock[v], opt)
			if k := s.key[v] + metricOf(opt.Metric, dt, dd, c); k < bestKey {
				bestKey = k
				best = Totals{Duration: s.clock[v] + dt, Distance: s.dist[v] + dd, Cost: s.cost[v] + c.Total(), Reachable: true}
			}
		}
		out[j] = best
	}
	return nil
}
