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

// chainer joins pieces into chains. deg counts the piece ends at each node
// (saturating at 3); ends holds the first two pieces ending there, so that
// a node touched by exactly two piece ends knows both.
type chainer struct {
	w      *ways
	pieces []piece
	deg    []int8
	ends   [][2]int32
	used   []bool
}

func newChainer(w *ways, pieces []piece, nodes int) *chainer {
	c := &chainer{w: w, pieces: pieces, deg: make([]int8, nodes), ends: make([][2]int32, nodes), used: make([]bool, len(pieces))}
	for i := range pieces {
		for _, v := range [2]int32{pieces[i].from, pieces[i].to} {
			if c.deg[v] < 2 {
				c.ends[v][c.deg[v]] = int32(i)
			}
			c.deg[v] = min(c.deg[v]+1, 3)
		}
	}
	return c
}

func (c *chainer) start(o oriented) int32 {
	if o.rev {
		return c.pieces[o.i].to
	}
	return c.pieces[o.i].from
}

func (c *chainer) end(o oriented) int32 {
	if o.rev {
		return c.pieces[o.i].from
	}
	return c.pieces[o.i].to
}

// next returns the unused piece that continues the chain from piece i at
// node v, if v joins exactly i and it with agreeing attributes.
func (c *chainer) next(v, i int32) (int32, bool) {
	e := c.ends[v]
	if c.deg[v] != 2 || e[0] == e[1] {
		return 0, false
	}
	q := e[0]
	if q == i {
		q = e[1]
	}
	p, o := &c.pieces[i], &c.pieces[q]
	if c.used[q] || !compatible(c.w, p, o) {
		return 0, false
	}
	if p.oneway && !((p.to == v && o.from == v) || (p.from == v && o.to == v)) {
		return 0, false
	}
	return q, true
}

// grow extends a chain of one piece forwards and then backwards as far as
// it can without closing on itself (which would make a self-loop).
func (c *chainer) grow(chain []oriented) []oriented {
	for {
		last := chain[len(chain)-1]
		v := c.end(last)
		q, ok := c.next(v, last.i)
		if !ok {
			break
		}
		o := oriented{q, c.pieces[q].from != v}
		if c.end(o) == c.start(chain[0]) {
			break
		}
		c.used[q] = true
		chain = append(chain, o)
	}
	for {
		first := chain[0]
		v := c.start(first)
		q, ok := c.next(v, first.i)
		if !ok {
			break
		}
		o := oriented{q, c.pieces[q].to != v}
		if c.start(o) == c.end(chain[len(chain)-1]) {
			break
		}
		c.used[q] = true
		chain = slices.Insert(chain, 0, o)
	}
	return chain
}

// join makes one piece of a chain: its shape (the pieces' shapes, turned
// as driven, with the joints between them) is appended to shape; the
// joints lose their key mark; ferry crossing times add up.
func (c *chainer) join(chain []oriented, shape []int32, key []bool) (piece, []int32) {
	m := c.pieces[chain[0].i]
	m.from, m.to, m.lo = c.start(chain[0]), c.end(chain[len(chain)-1]), int32(len(shape))
	m.seconds = 0
	for k, o := range chain {
		p := c.pieces[o.i]
		m.seconds += p.seconds
		if k > 0 {
			v := c.start(o)
			shape = append(shape, v)
			key[v] = false
		}
		lo := len(shape)
		shape = append(shape, shape[p.lo:p.hi]...)
		if o.rev {
			slices.Reverse(shape[lo:])
		}
	}
	m.hi = int32(len(shape))
	return m, shape
}

// mergeChains joins pieces across graph nodes that only they touch (where
// one way ends and the next begins, as OSM splits roads at bridges or
// speed changes) when the pieces agree on every attribute: the node becomes
// a shape point. Merged pieces get a new shape range appended to shape;
// joined nodes lose their key mark.
func mergeChains(w *ways, pieces []piece, shape []int32, key []bool) ([]piece, []int32) {
	c := newChainer(w, pieces, len(key))
	out := make([]piece, 0, len(pieces))
	var chain []oriented
	for i := range pieces {
		if c.used[i] {
			continue
		}
		c.used[i] = true
		chain = c.grow(append(chain[:0], oriented{int32(i), false}))
		if len(chain) == 1 {
			out = append(out, pieces[i])
			continue
		}
		var m piece
		m, shape = c.join(chain, shape, key)
		out = append(out, m)
	}
	return out, shape
}
