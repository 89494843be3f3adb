package osmimport

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

// piece is a stretch of one way between two graph nodes; the ranks of its
// interior nodes are shape[lo:hi].
type piece struct {
	from, to int32 // node ranks
	way      int32
	lo, hi   int32
	oneway   bool    // drivable from → to only (normalize turns oneway=-1 around)
	seconds  float64 // ferries: crossing time
}

// markKeys marks the nodes that become graph nodes: nodes used by two ways
// or more, the ends of each run of present nodes of a way, and the middle
// shape node of a chain that would start and end at the same node.
func markKeys(w *ways, nd *nodes, rank []int32) []bool {
	key := make([]bool, len(nd.ids))
	for i, u := range nd.uses {
		key[i] = u >= 2 && nd.have[i]
	}
	var shape []int32
	for i := range w.attr {
		forRuns(nd, rank[w.first[i]:w.first[i+1]], func(run []int32) {
			key[run[0]], key[run[len(run)-1]] = true, true
			start := run[0]
			shape = shape[:0]
			for _, r := range run[1:] {
				if !key[r] {
					shape = append(shape, r)
					continue
				}
				if r == start && len(shape) > 0 {
					key[shape[len(shape)/2]] = true
				}
				start, shape = r, shape[:0]
			}
		})
	}
	return key
}

// forRuns calls f with each maximal run (≥ 2 distinct nodes) of present
// nodes in a way's ranks, consecutive repeats removed.
func forRuns(nd *nodes, ranks []int32, f func(run []int32)) {
	var run []int32
	flush := func() {
		if len(run) >= 2 {
			f(run)
		}
		run = run[:0]
	}
	for _, r := range ranks {
		if !nd.have[r] {
			flush()
			continue
		}
		if len(run) > 0 && run[len(run)-1] == r {
			continue
		}
		run = append(run, r)
	}
	flush()
}

// split cuts every way into pieces between graph nodes.
func split(w *ways, nd *nodes, rank []int32, key []bool) ([]piece, []int32) {
	var pieces []piece
	var shape []int32
	for i := range w.attr {
		forRuns(nd, rank[w.first[i]:w.first[i+1]], func(run []int32) {
			p := piece{from: run[0], way: int32(i), lo: int32(len(shape))}
			for _, r := range run[1:] {
				if !key[r] {
					shape = append(shape, r)
					continue
				}
				p.to, p.hi = r, int32(len(shape))
				if p.to != p.from {
					pieces = append(pieces, p)
				} else {
					shape = shape[:p.lo]
				}
				p = piece{from: r, way: int32(i), lo: int32(len(shape))}
			}
		})
	}
	return pieces, shape
}

// arcs returns the directions a piece may be driven in.
func (p *piece) arcs() (fwd, back bool) { return true, !p.oneway }

// largestSCC numbers the graph nodes (ranks with key set that a piece
// touches), finds the strongly connected components of the directed graph
// of pieces, and returns for every rank its id in the largest component
// (or -1), and that component's size.
func largestSCC(w *ways, nd *nodes, pieces []piece) ([]int32, int) {
	gid := make([]int32, len(nd.ids))
	for i := range gid {
		gid[i] = -1
	}
	var ranks []int32
	for _, p := range pieces {
		for _, r := range [2]int32{p.from, p.to} {
			if gid[r] < 0 {
				gid[r] = int32(len(ranks))
				ranks = append(ranks, r)
			}
		}
	}
	n := len(ranks)
	first := make([]int32, n+1)
	for _, p := range pieces {
		fwd, back := p.arcs()
		if fwd {
			first[gid[p.from]+1]++
		}
		if back {
			first[gid[p.to]+1]++
		}
	}
	for v := 0; v < n; v++ {
		first[v+1] += first[v]
	}
	adj := make([]int32, first[n])
	next := make([]int32, n)
	copy(next, first[:n])
	for _, p := range pieces {
		fwd, back := p.arcs()
		u, v := gid[p.from], gid[p.to]
		if fwd {
			adj[next[u]] = v
			next[u]++
		}
		if back {
			adj[next[v]] = u
			next[v]++
		}
	}
	comp, sizes := tarjan(first, adj)
	best := 0
	for c, s := range sizes {
		if s > sizes[best] {
			best = c
		}
	}
	newID := int32(0)
	for v, r := range ranks {
		if comp[v] == int32(best) {
			gid[r] = newID
			newID++
		} else {
			gid[r] = -1
		}
	}
	return gid, int(newID)
}

// tarjan labels the strongly connected components of a CSR digraph
// (Tarjan 1972, iterative) and returns each node's component and the
// components' sizes.
func tarjan(first, adj []int32) (comp []int32, sizes []int) {
	n := len(first) - 1
	index := make([]int32, n)
	low := make([]int32, n)
	onStack := make([]bool, n)
	comp = make([]int32, n)
	for i := range index {
		index[i], comp[i] = -1, -1
	}
	type frame struct{ v, e int32 }
	var calls []frame
	var stack []int32
	counter := int32(0)
	push := func(v int32) {
		index[v], low[v] = counter, counter
		counter++
		stack = append(stack, v)
		onStack[v] = true
		calls = append(calls, frame{v, first[v]})
	}
	for s := int32(0); s < int32(n); s++ {
		if index[s] >= 0 {
			continue
		}
		push(s)
		for len(calls) > 0 {
			top := &calls[len(calls)-1]
			v := top.v
			if top.e < first[v+1] {
				u := adj[top.e]
				top.e++
				if index[u] < 0 {
					push(u)
				} else if onStack[u] {
					low[v] = min(low[v], index[u])
				}
				continue
			}
			calls = calls[:len(calls)-1]
			if low[v] == index[v] {
				c := int32(len(sizes))
				size := 0
				for {
					u := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[u] = false
					comp[u] = c
					size++
					if u == v {
						break
					}
				}
				sizes = append(sizes, size)
			}
			if len(calls) > 0 {
				p := calls[len(calls)-1].v
				low[p] = min(low[p], low[v])
			}
		}
	}
	return comp, sizes
}

// build assembles the graph from the ways and their nodes.
func build(w *ways, nd *nodes, rank []int32, opt *Options, st *Stats) (*network.Graph, error) {
	key := markKeys(w, nd, rank)
	pieces, shapeRanks := split(w, nd, rank, key)
	if len(pieces) == 0 {
		return nil, fmt.Errorf("%w: no way has two nodes in the file", ErrNoRoads)
	}
	normalize(w, pieces, shapeRanks)
	ferryTimes(w, nd, pieces, shapeRanks)
	pieces, shapeRanks = mergeChains(w, pieces, shapeRanks, key)
	gid, kept := largestSCC(w, nd, pieces)
	if kept < 2 {
		return nil, fmt.Errorf("%w: no two junctions are connected both ways", ErrNoRoads)
	}
	b := network.NewBuilder()
	pos := make([]orb.Point, kept)
	for r, id := range gid {
		if id >= 0 {
			pos[id] = nd.pos[r]
		}
	}
	for _, p := range pos {
		b.AddNode(p)
	}
	for _, r := range w.roads {
		b.AddRoad(r)
	}
	toll := opt.TollPerKm
	if toll == [network.NumTollClasses]float64{} {
		toll = DefaultTollPerKm
	}
	headway := opt.FerryHeadwaySeconds
	if headway <= 0 {
		headway = DefaultFerryHeadway
	}
	var shape []orb.Point
	for _, p := range pieces {
		u, v := gid[p.from], gid[p.to]
		if u < 0 || v < 0 {
			continue
		}
		a := &w.attr[p.way]
		shape = shape[:0]
		for _, r := range shapeRanks[p.lo:p.hi] {
			shape = append(shape, nd.pos[r])
		}
		length := network.PolylineLength(nd.pos[p.from], shape, nd.pos[p.to])
		spec := network.EdgeSpec{From: u, To: v, Length: length, SpeedKmh: float64(a.speed), Class: a.class,
			Road: a.road, Ferry: network.None}
		if a.toll {
			for c := range spec.Toll {
				spec.Toll[c] = toll[c] * length / 1000
			}
		}
		if a.ferry {
			spec.Ferry = b.AddService(ferryService(a, w.ferryNames[p.way], p.seconds, headway))
			st.Ferries++
		}
		fwd, back := p.arcs()
		if fwd {
			spec.Shape = append([]orb.Point(nil), shape...)
			b.AddEdge(spec)
		}
		if back {
			spec.From, spec.To = v, u
			spec.Shape = make([]orb.Point, len(shape))
			for i, q := range shape {
				spec.Shape[len(shape)-1-i] = q
			}
			b.AddEdge(spec)
		}
	}
	// Counted before Build, so that the node tables are garbage while the
	// graph is built.
	for r, k := range key {
		if k && gid[r] < 0 && nd.have[r] {
			st.Dropped++
		}
	}
	g, err := b.Build()
	if err != nil {
		return nil, err
	}
	st.GraphNodes, st.Edges, st.Shape = g.NumNodes(), g.NumEdges(), g.NumShapePoints()
	return g, nil
}

// ferryTimes sets each ferry piece's crossing time: its way's duration
// shared among the way's pieces by length, or the length at
// DefaultFerryKmh when the way has no duration.
func ferryTimes(w *ways, nd *nodes, pieces []piece, shapeRanks []int32) {
	length := func(p *piece) float64 {
		l, prev := 0.0, nd.pos[p.from]
		for _, r := range shapeRanks[p.lo:p.hi] {
			l += float64(geo.Distance(prev, nd.pos[r]))
			prev = nd.pos[r]
		}
		return l + float64(geo.Distance(prev, nd.pos[p.to]))
	}
	wayLen := map[int32]float64{}
	for i := range pieces {
		if w.attr[pieces[i].way].ferry {
			wayLen[pieces[i].way] += length(&pieces[i])
		}
	}
	for i := range pieces {
		p := &pieces[i]
		a := &w.attr[p.way]
		if !a.ferry {
			continue
		}
		l := length(p)
		p.seconds = l / (DefaultFerryKmh / 3.6)
		if a.duration > 0 && wayLen[p.way] > 0 {
			p.seconds = float64(a.duration) * (l / wayLen[p.way])
		}
	}
}

func ferryService(a *wayAttr, name string, seconds, headway float64) network.Service {
	if name == "" {
		name = fmt.Sprintf("OSM ferry way %d", a.id)
	}
	return network.Service{ID: fmt.Sprintf("osm-w%d", a.id), Name: name,
		CrossingSeconds: math.Max(seconds, 1), HeadwaySeconds: headway}
}
