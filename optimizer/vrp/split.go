package vrp

import (
	"math"
	"slices"
)

// splitter turns giant tours into routes.
type splitter struct {
	m        *model
	ls       *localSearch
	pot      []float64
	pred     []int32
	homog    bool // one plain vehicle type: optimal Bellman split applies
	loadCap  float64
	demandSm float64
}

func newSplitter(m *model, ls *localSearch) *splitter {
	s := &splitter{m: m, ls: ls, homog: len(m.types) == 1 && !m.types[0].multi}
	for c := range m.nReg {
		if m.complex[c] {
			s.homog = false
		}
		s.demandSm += float64(m.sLoad[c*MaxDims])
	}
	s.loadCap = float64(m.types[0].cap[0])
	return s
}

// split cuts tour into at most K routes minimising the penalised cost
// (Prins 2004; Vidal 2016 for the limited fleet), considering for each route
// start only segments whose load stays below 1.5 times a representative
// capacity (as HGS does). Other fleets use a greedy sequential split.
func (s *splitter) split(tour []int32, K int, wl, ww float64) [][]int32 {
	m := s.m
	n := len(tour)
	out := make([][]int32, len(m.routeType))
	if !s.homog {
		s.greedy(tour, K, out)
		s.placeReloads(out)
		return out
	}
	t := &m.types[0]
	ls := s.ls
	bound := 1.5 * math.Max(s.loadCap, s.demandSm/float64(K))
	s.pot = slices.Grow(s.pot[:0], n+1)[:n+1]
	s.pred = slices.Grow(s.pred[:0], n+1)[:n+1]
	nr := s.unlimited(tour, t, bound, wl, ww, 0)
	if nr > K && n*K > lagrangeSplit {
		// The layered split costs O(K·n·route length): on large
		// instances, charge every route a price instead, doubled until
		// the unlimited split needs at most K routes (a Lagrangian
		// relaxation of the fleet limit; not optimal, but linear).
		for price := m.maxArc / 8; nr > K && price < 1e6*m.maxArc; price *= 2 {
			nr = s.unlimited(tour, t, bound, wl, ww, price)
		}
	}
	if nr <= K && !math.IsInf(s.pot[n], 1) {
		r := nr - 1
		for j := n; j > 0; j = int(s.pred[j]) {
			out[r] = append([]int32(nil), tour[s.pred[j]:j]...)
			r--
		}
		return out
	}
	warpCut := s.warpCut(t)
	cost := func(acc *seg) float64 {
		full := m.concat(acc, &ls.endSeg[0])
		l, w := m.penalties(t, &full)
		return m.routeCost(t, &full) + wl*l + ww*w
	}
	// Limited fleet: layered Bellman, pot[k*(n+1)+j] with k routes.
	W := n + 1
	s.pot = slices.Grow(s.pot[:0], (K+1)*W)[:(K+1)*W]
	s.pred = slices.Grow(s.pred[:0], (K+1)*W)[:(K+1)*W]
	for i := range s.pot {
		s.pot[i] = math.Inf(1)
	}
	s.pot[0] = 0
	for k := range K {
		for i := range n {
			p0 := s.pot[k*W+i]
			if math.IsInf(p0, 1) {
				continue
			}
			acc := ls.startSeg[0]
			for j := i; j < n; j++ {
				acc = m.concat(&acc, &ls.cseg[tour[j]])
				if c := p0 + cost(&acc); c < s.pot[(k+1)*W+j+1] {
					s.pot[(k+1)*W+j+1], s.pred[(k+1)*W+j+1] = c, int32(i)
				}
				if j > i && k < K-1 && (float64(acc.S[0]+acc.P[0]) > bound || ww*acc.tw > warpCut) {
					break
				}
			}
		}
	}
	bk := -1
	for k := 1; k <= K; k++ {
		if bk < 0 || s.pot[k*W+n] < s.pot[bk*W+n] {
			bk = k
		}
	}
	j := n
	for k := bk; k > 0; k-- {
		i := int(s.pred[k*W+j])
		out[k-1] = append([]int32(nil), tour[i:j]...)
		j = i
	}
	return out
}

// lagrangeSplit is the size n·K of a limited-fleet split above which the
// fleet limit is priced instead of layered. Every CVRPLIB X instance
// (n·K ≤ 2·10⁵) stays below it and keeps the exact split.
const lagrangeSplit = 250_000

// warpCut is the time-warp penalty beyond which a segment cannot be part
// of a good split: a few long arcs.
func (s *splitter) warpCut(t *vtype) float64 {
	return 4 * s.m.maxArc * math.Max(t.perDist+t.per, 1)
}

// unlimited fills pot[0..n] and pred with the optimal split of tour
// without a fleet limit, each route costing price more, and returns the
// number of routes it uses.
func (s *splitter) unlimited(tour []int32, t *vtype, bound, wl, ww, price float64) int {
	m := s.m
	ls := s.ls
	n := len(tour)
	for i := range s.pot[:n+1] {
		s.pot[i] = math.Inf(1)
	}
	s.pot[0] = 0
	if ls.fastCVRP {
		s.splitCVRP(tour, t, bound, wl, price)
	} else {
		warpCut := s.warpCut(t)
		for i := range n {
			if math.IsInf(s.pot[i], 1) {
				continue
			}
			acc := ls.startSeg[0]
			for j := i; j < n; j++ {
				acc = m.concat(&acc, &ls.cseg[tour[j]])
				full := m.concat(&acc, &ls.endSeg[0])
				l, w := m.penalties(t, &full)
				if c := s.pot[i] + (m.routeCost(t, &full) + wl*l + ww*w + price); c < s.pot[j+1] {
					s.pot[j+1], s.pred[j+1] = c, int32(i)
				}
				if j > i && (float64(acc.S[0]+acc.P[0]) > bound || ww*acc.tw > warpCut) {
					break
				}
			}
		}
	}
	nr := 0
	for j := n; j > 0; j = int(s.pred[j]) {
		nr++
	}
	return nr
}

// greedy fills routes in order, moving to the next route when the next
// client would exceed capacity or create time warp; the last route takes the
// rest. Incompatible clients go to the first compatible route.
func (s *splitter) greedy(tour []int32, K int, out [][]int32) {
	m := s.m
	ls := s.ls
	nt := len(m.types)
	K = min(K, len(out))
	r := 0
	acc := ls.startSeg[m.routeType[0]]
	for _, c := range tour {
		placed := false
		for r < K {
			ti := m.routeType[r]
			t := &m.types[ti]
			if !m.hasCompat || m.compat[int(c)*nt+int(ti)] {
				next := m.concat(&acc, &ls.cseg[c])
				full := m.concat(&next, &ls.endSeg[ti])
				l, w := m.penalties(t, &full)
				if t.multi {
					l = 0
					for d := range m.dims {
						l += float64(max(full.S[d]+full.P[d]-t.cap[d]*int64(m.p.Vehicles[t.src].MaxTrips), 0))
					}
				}
				if (l == 0 && w == 0) || r == K-1 || len(out[r]) == 0 {
					out[r] = append(out[r], c)
					acc = next
					placed = true
					break
				}
			}
			r++
			if r < K {
				acc = ls.startSeg[m.routeType[r]]
			}
		}
		if !placed {
			for q := range K {
				if !m.hasCompat || m.compat[int(c)*nt+int(m.routeType[q])] {
					out[q] = append(out[q], c)
					placed = true
					break
				}
			}
			if !placed {
				out[0] = append(out[0], c)
			}
			r = K - 1
		}
	}
}

// placeReloads puts each reload visit at the start of its route, where it
// is a no-op until the local search moves it.
func (s *splitter) placeReloads(out [][]int32) {
	m := s.m
	for c := m.nReg; c < m.nc; c++ {
		r := m.reloadOf[c]
		out[r] = append([]int32{int32(c)}, out[r]...)
	}
}

// splitCVRP fills pot and pred for the unlimited-fleet split when the
// penalised route cost is arc cost plus load excess.
func (s *splitter) splitCVRP(tour []int32, t *vtype, bound, wl, price float64) {
	m := s.m
	n := len(tour)
	M := int32(m.M)
	for i := range n {
		if math.IsInf(s.pot[i], 1) {
			continue
		}
		var load int64
		arcs := 0.0
		prev := t.start
		for j := i; j < n; j++ {
			c := tour[j]
			l := m.loc[c]
			arcs += m.arc[prev*M+l]
			prev = l
			load += m.sLoad[int(c)*MaxDims]
			cost := arcs + m.arc[l*M+t.end] + t.fixed + price + wl*float64(max(load-t.cap[0], 0))
			if m.dims > 1 {
				cost = arcs + m.arc[l*M+t.end] + t.fixed + price + wl*s.excessMulti(tour[i:j+1], t)
			}
			if c := s.pot[i] + cost; c < s.pot[j+1] {
				s.pot[j+1], s.pred[j+1] = c, int32(i)
			}
			if j > i && float64(load) > bound {
				break
			}
		}
	}
}

// excessMulti is the load excess over all dimensions of a delivery-only
// route.
func (s *splitter) excessMulti(seq []int32, t *vtype) float64 {
	m := s.m
	ex := 0.0
	for d := range m.dims {
		var l int64
		for _, c := range seq {
			l += m.sLoad[int(c)*MaxDims+d]
		}
		ex += float64(max(l-t.cap[d], 0))
	}
	return ex
}
