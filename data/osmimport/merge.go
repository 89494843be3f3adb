package osmimport

import "slices"

// normalize turns the pieces of oneway=-1 ways around, so that a piece is
// either two-way or drivable from → to.
func normalize(w *ways, pieces []piece, shape []int32) {
	for i := range pieces {
		p := &pieces[i]
		switch w.attr[p.way].dir {
		case forward:
			p.oneway = true
		case backward:
			p.oneway = true
			p.from, p.to = p.to, p.from
			slices.Reverse(shape[p.lo:p.hi])
		}
	}
}

// compatible reports whether two pieces may form one edge: same road,
// class, speed, toll and direction rules, or both ferries.
func compatible(w *ways, p, q *piece) bool {
	a, b := &w.attr[p.way], &w.attr[q.way]
	if a.ferry || b.ferry { // a ferry route mapped as several ways is one crossing
		return a.ferry && b.ferry && p.oneway == q.oneway
	}
	return p.oneway == q.oneway && a.class == b.class && a.speed == b.speed && a.toll == b.toll && a.road == b.road
}

// oriented is a piece driven forwards or backwards in a chain.
type oriented struct {
	i   int32
	rev bool
}

// mergeChains joins pieces across graph nodes that only they touch (where
// one way ends and the next begins, as OSM splits roads at bridges or
// speed changes) when the pieces agree on every attribute: the node becomes
// a shape point. Merged pieces get a new shape range appended to shape;
// joined nodes lose their key mark.
func mergeChains(w *ways, pieces []piece, shape []int32, key []bool) ([]piece, []int32) {
	// deg counts piece ends at each node (saturating at 3); ends holds the
	// first two pieces ending there, so that a node touched by exactly two
	// piece ends knows both.
	deg := make([]int8, len(key))
	ends := make([][2]int32, len(key))
	for i := range pieces {
		for _, v := range [2]int32{pieces[i].from, pieces[i].to} {
			if deg[v] < 2 {
				ends[v][deg[v]] = int32(i)
			}
			deg[v] = min(deg[v]+1, 3)
		}
	}
	// other returns the piece that continues the chain from piece i at v.
	other := func(v, i int32) (int32, bool) {
		e := ends[v]
		if deg[v] != 2 || e[0] == e[1] {
			return 0, false
		}
		q := e[0]
		if q == i {
			q = e[1]
		}
		p, o := &pieces[i], &pieces[q]
		if !compatible(w, p, o) {
			return 0, false
		}
		if p.oneway && !((p.to == v && o.from == v) || (p.from == v && o.to == v)) {
			return 0, false
		}
		return q, true
	}
	start := func(o oriented) int32 {
		if o.rev {
			return pieces[o.i].to
		}
		return pieces[o.i].from
	}
	end := func(o oriented) int32 {
		if o.rev {
			return pieces[o.i].from
		}
		return pieces[o.i].to
	}
	used := make([]bool, len(pieces))
	out := make([]piece, 0, len(pieces))
	var chain []oriented
	for i := range pieces {
		if used[i] {
			continue
		}
		used[i] = true
		chain = append(chain[:0], oriented{int32(i), false})
		for { // extend forwards
			last := chain[len(chain)-1]
			v := end(last)
			q, ok := other(v, last.i)
			if !ok || used[q] {
				break
			}
			o := oriented{q, pieces[q].from != v}
			if end(o) == start(chain[0]) {
				break
			}
			used[q] = true
			chain = append(chain, o)
		}
		for { // and backwards
			first := chain[0]
			v := start(first)
			q, ok := other(v, first.i)
			if !ok || used[q] {
				break
			}
			o := oriented{q, pieces[q].to != v}
			if start(o) == end(chain[len(chain)-1]) {
				break
			}
			used[q] = true
			chain = slices.Insert(chain, 0, o)
		}
		if len(chain) == 1 {
			out = append(out, pieces[i])
			continue
		}
		m := pieces[chain[0].i]
		m.from, m.to, m.lo = start(chain[0]), end(chain[len(chain)-1]), int32(len(shape))
		m.seconds = 0
		for k, o := range chain {
			m.seconds += pieces[o.i].seconds
			if k > 0 {
				v := start(o)
				shape = append(shape, v)
				key[v] = false
			}
			p := pieces[o.i]
			lo := len(shape)
			shape = append(shape, shape[p.lo:p.hi]...)
			if o.rev {
				slices.Reverse(shape[lo:])
			}
		}
		m.hi = int32(len(shape))
		out = append(out, m)
	}
	return out, shape
}
