package ch

import (
	"math"

	"github.com/lumbung-id/lumbung/optimizer/route"
)

// overlay is the small graph on which a query meets the ferries: the
// origin, the destination and the ferry ports, joined by their road-only
// best legs (from the hierarchy) and by the ferry edges, whose cost depends
// on the clock at the port. Dijkstra over it with clocks is exact for the
// travel time because waiting for a ferry is first-in-first-out, and it
// prices waits for other metrics at the clock of the label being extended,
// as route.Searcher does.
type overlay struct {
	key  []float64
	tot  []sums
	done []bool
	pred []int32 // previous overlay node, -1 at the origin
	via  []int32 // ferry edge into the node, or -1 for a road leg
}

func (o *overlay) init(k int) {
	n := k + 2
	o.key, o.tot, o.done = make([]float64, n), make([]sums, n), make([]bool, n)
	o.pred, o.via = make([]int32, n), make([]int32, n)
}

// legs are the road-only legs of one origin-destination pair; keys are +Inf
// where there is no leg.
type legs struct {
	stKey        float64
	st           sums
	spKey, ptKey []float64 // by port
	sp, pt       []sums
}

// solve returns the best key and sums from origin to destination over the
// overlay (key +Inf when unreachable). Overlay nodes are the ports 0..k-1,
// the origin k and the destination k+1.
func (q *query) solve(l *legs, opt *route.Options) (float64, sums) {
	p := q.p
	o := &q.ov
	k := len(p.ports)
	org, dst := int32(k), int32(k+1)
	for i := range o.key {
		o.key[i], o.done[i], o.pred[i], o.via[i] = math.Inf(1), false, -1, -1
	}
	o.key[org], o.tot[org] = 0, sums{}
	m := p.h.m
	relax := func(x, y, via int32, key float64, s sums) {
		if nk := o.key[x] + key; nk < o.key[y] {
			o.key[y], o.tot[y], o.pred[y], o.via[y] = nk, o.tot[x].add(s), x, via
		}
	}
	for {
		x, best := int32(-1), math.Inf(1)
		for i, kk := range o.key {
			if !o.done[i] && kk < best {
				x, best = int32(i), kk
			}
		}
		if x < 0 || x == dst {
			return o.key[dst], o.tot[dst]
		}
		o.done[x] = true
		if x == org {
			relax(x, dst, -1, l.stKey, l.st)
			for y := range k {
				relax(x, int32(y), -1, l.spKey[y], l.sp[y])
			}
			continue
		}
		relax(x, dst, -1, l.ptKey[x], l.pt[x])
		for y := range k {
			relax(x, int32(y), -1, p.ppKey[int(x)*k+y], p.pp[int(x)*k+y])
		}
		for _, f := range p.ferries {
			if f.from != x || avoided(opt.Avoid, f.edge) {
				continue
			}
			dt, dd, c, _ := route.EdgeCost(&p.raw, p.svc, f.edge, o.tot[x][0], opt)
			if math.IsInf(dt, 1) { // no departure (out of season, or no day given)
				continue
			}
			s := sums{dt, dd, c.Total()}
			relax(x, f.to, f.edge, s[m], s)
		}
	}
}

func avoided(avoid []uint64, e int32) bool {
	return avoid != nil && avoid[e>>6]&(1<<(uint(e)&63)) != 0
}
