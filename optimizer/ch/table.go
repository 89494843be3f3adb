package ch

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/lumbung-id/lumbung/optimizer/route"
)

// parallelCells is the table size from which the searches are spread over
// GOMAXPROCS goroutines: below it the goroutines cost more than they save.
const parallelCells = 50_000

// rowChunk is how many source rows a table worker takes at a time.
const rowChunk = 8

// tableMany fills out (row-major, len(src)×len(dst)) with the totals of
// the best paths between root sets, by the bucket method: one backward
// upward search per target leaves (target, key) entries at the nodes it
// settles, then one forward upward search per source scans the buckets of
// the nodes it settles. Each row is finished (totals, ferries) as soon as
// its search ends, so the only table-sized memory is out. Large tables run
// both phases on GOMAXPROCS goroutines, each with its own search buffers.
func (q *query) tableMany(src, dst [][]root, opt *route.Options, out []route.Totals) {
	p := q.p
	t := tableJob{p: p, opt: opt, src: src, dst: dst, ferries: p.usesFerries(opt.Avoid)}
	workers := 1
	if len(src)*len(dst) >= parallelCells {
		workers = min(runtime.GOMAXPROCS(0), len(dst), len(src))
	}
	var helpers []*query
	for range workers - 1 {
		helpers = append(helpers, p.pool.Get().(*query))
	}
	defer func() {
		for _, h := range helpers {
			p.pool.Put(h)
		}
	}()
	q.targets(&t, helpers)
	q.groupTargets(&t, helpers)
	if t.ferries {
		q.portLegs(&t)
	}
	if len(helpers) == 0 {
		for i := range src {
			q.row(&t, i, out[i*len(dst):(i+1)*len(dst)])
		}
	} else {
		q.rowsParallel(t, helpers, out)
	}
	q.clearBuckets()
}

// rowsParallel runs the rows of t on q and its helpers, rowChunk rows at a
// time.
func (q *query) rowsParallel(t tableJob, helpers []*query, out []route.Totals) {
	T := len(t.dst)
	var next atomic.Int64
	run := func(w *query) {
		for {
			lo := int(next.Add(rowChunk)) - rowChunk
			if lo >= len(t.src) {
				return
			}
			for i := lo; i < min(lo+rowChunk, len(t.src)); i++ {
				w.row(&t, i, out[i*T:(i+1)*T])
			}
		}
	}
	var wg sync.WaitGroup
	for _, h := range helpers {
		wg.Go(func() { run(h) })
	}
	run(q)
	wg.Wait()
}

// tableJob is one many-to-many query in progress. The buckets and the
// target-side port legs live in the query that runs it and are read by its
// helpers.
type tableJob struct {
	p        *prepared
	opt      *route.Options
	src, dst [][]root
	ferries  bool
	buckets  *query // the query holding the buckets

	// with ferries: the road-only legs target←port (T×k), the least of
	// them per target, and, without a departure time, the closure of the
	// ports' overlay (k×k, any number of road legs and crossings)
	ptKey    []float64
	pt       []sums
	fromPort []float64
	static   bool
	cKey     []float64
	c        []sums
}

// targets runs the backward search of every target: entries for the
// buckets and, with ferries, the legs port→target. With helpers the
// targets are split into contiguous blocks, one per query, so that the
// entries come out in the same order as from one query.
func (q *query) targets(t *tableJob, helpers []*query) {
	T, k := len(t.dst), len(t.p.ports)
	if t.ferries {
		q.ptKey, q.pt = grow(q.ptKey, T*k), grow(q.pt, T*k)
		for i := range q.ptKey {
			q.ptKey[i] = math.Inf(1)
		}
		t.ptKey, t.pt = q.ptKey, q.pt
	}
	if len(helpers) == 0 {
		q.targetBlock(t, 0, T)
		return
	}
	block := (T + len(helpers)) / (len(helpers) + 1)
	tc := *t
	var wg sync.WaitGroup
	for x, h := range helpers {
		lo, hi := min((x+1)*block, T), min((x+2)*block, T)
		wg.Go(func() { h.targetBlock(&tc, lo, hi) })
	}
	q.targetBlock(&tc, 0, min(block, T))
	wg.Wait()
}

// targetBlock runs the backward searches of targets lo..hi-1 into q.ent.
func (q *query) targetBlock(t *tableJob, lo, hi int) {
	k := len(t.p.ports)
	q.ent = q.ent[:0]
	for j := lo; j < hi; j++ {
		start := len(q.ent)
		q.bw.resetRoots(t.dst[j])
		q.ent = q.spaceStarted(&q.bw, int32(j), q.ent)
		if t.ferries {
			for _, e := range q.ent[start:] {
				q.scanAt(&t.p.fromPort, e, t.ptKey[j*k:(j+1)*k], t.pt[j*k:(j+1)*k])
			}
		}
	}
}

// groupTargets sorts the entries of q and its helpers by node into q's buckets,
// structure of arrays: node v's entries are bKey/bIdx/bSum[off[v]:off[v]+cnt[v]].
func (q *query) groupTargets(t *tableJob, helpers []*query) {
	q.touched = q.touched[:0]
	total := 0
	count := func(w *query) {
		for _, e := range w.ent {
			if q.cnt[e.at] == 0 {
				q.touched = append(q.touched, e.at)
			}
			q.cnt[e.at]++
		}
		total += len(w.ent)
	}
	count(q)
	for _, h := range helpers {
		count(h)
	}
	run := int32(0)
	for _, v := range q.touched {
		q.off[v] = run
		run += q.cnt[v]
	}
	q.bKey, q.bIdx, q.bSum = grow(q.bKey, total), grow(q.bIdx, total), grow(q.bSum, total)
	place := func(w *query) {
		for _, e := range w.ent {
			x := q.off[e.at]
			q.bKey[x], q.bIdx[x], q.bSum[x] = e.key, e.idx, e.s
			q.off[e.at]++
		}
	}
	place(q)
	for _, h := range helpers {
		place(h)
	}
	for _, v := range q.touched {
		q.off[v] -= q.cnt[v]
	}
	t.buckets = q
}

// clearBuckets zeroes the bucket counts a table query set.
func (q *query) clearBuckets() {
	for _, v := range q.touched {
		q.cnt[v] = 0
	}
}

// portLegs readies the ferry part of a table: the least port→target leg
// per target (to skip pairs no crossing can help) and, when the query has
// no departure time, the closure of the port overlay. Without a departure
// time a crossing costs the same at any clock (the expected wait), so the
// overlay is a static graph and its shortest port-to-port paths (Floyd–
// Warshall over the few ports) serve every pair.
func (q *query) portLegs(t *tableJob) {
	p := q.p
	T, k := len(t.dst), len(p.ports)
	q.colMin = grow(q.colMin, T)
	for j := range T {
		q.colMin[j] = math.Inf(1)
		for _, x := range t.ptKey[j*k : (j+1)*k] {
			q.colMin[j] = math.Min(q.colMin[j], x)
		}
	}
	t.fromPort = q.colMin
	if t.opt.HasDepart {
		return
	}
	t.static = true
	q.cKey, q.c = grow(q.cKey, k*k), grow(q.c, k*k)
	copy(q.cKey, p.ppKey)
	copy(q.c, p.pp)
	m := p.h.m
	for _, f := range p.ferries {
		if avoided(t.opt.Avoid, f.edge) {
			continue
		}
		dt, dd, c, _ := route.EdgeCost(&p.raw, p.svc, f.edge, 0, t.opt)
		if math.IsInf(dt, 1) {
			continue
		}
		s := sums{dt, dd, c.Total()}
		if x := int(f.from)*k + int(f.to); s[m] < q.cKey[x] {
			q.cKey[x], q.c[x] = s[m], s
		}
	}
	for via := range k {
		for a := range k {
			av := q.cKey[a*k+via]
			if math.IsInf(av, 1) {
				continue
			}
			for b := range k {
				if kk := av + q.cKey[via*k+b]; kk < q.cKey[a*k+b] {
					q.cKey[a*k+b], q.c[a*k+b] = kk, q.c[a*k+via].add(q.c[via*k+b])
				}
			}
		}
	}
	t.cKey, t.c = q.cKey, q.c
}

// row runs source i's forward search over the job's buckets and writes
// its totals, ferries included, to out (len(dst) cells).
func (q *query) row(t *tableJob, i int, out []route.Totals) {
	p := q.p
	h := p.h
	T, k := len(t.dst), len(p.ports)
	q.rowKey, q.rowAt, q.rowFw = grow(q.rowKey, T), grow(q.rowAt, T), grow(q.rowFw, T)
	for j := range q.rowKey {
		q.rowKey[j] = math.Inf(1)
	}
	if t.ferries {
		q.spKey, q.sp = grow(q.spKey, k), grow(q.sp, k)
		for a := range q.spKey {
			q.spKey[a] = math.Inf(1)
		}
	}
	b := t.buckets
	bKey, bIdx, cnt, off := b.bKey, b.bIdx, b.cnt, b.off
	rowKey, rowAt, rowFw := q.rowKey, q.rowAt, q.rowFw
	f := &q.fw
	f.resetRoots(t.src[i])
	for f.heap.len() > 0 {
		v, stalled := f.settle(h)
		if stalled {
			continue
		}
		fi := int32(len(f.sum) - 1)
		if c := cnt[v]; c > 0 {
			d := f.dist[v]
			lo := off[v]
			for x := lo; x < lo+c; x++ {
				j := bIdx[x]
				if kk := d + bKey[x]; kk < rowKey[j] {
					rowKey[j], rowAt[j], rowFw[j] = kk, x, fi
				}
			}
		}
		if t.ferries {
			q.scan(&p.toPort, f, v, q.spKey, q.sp)
		}
	}
	toPort := math.Inf(1)
	if t.ferries {
		for _, x := range q.spKey {
			toPort = math.Min(toPort, x)
		}
		if t.static {
			q.viaPorts(t)
		}
	}
	for j := range out {
		key := rowKey[j]
		var s sums
		if !math.IsInf(key, 1) {
			s = f.sum[rowFw[j]].add(b.bSum[rowAt[j]])
		}
		if t.ferries && toPort+p.minFerry+t.fromPort[j] < key {
			key, s = q.ferryCell(t, j, key, s)
		}
		if math.IsInf(key, 1) {
			out[j] = route.Totals{}
		} else {
			out[j] = totals(s)
		}
	}
}

// viaPorts sets q.via to the best key and sums from the row's source to
// each port through the static overlay (road legs and crossings).
func (q *query) viaPorts(t *tableJob) {
	k := len(q.p.ports)
	q.viaKey, q.via = grow(q.viaKey, k), grow(q.via, k)
	for b := range k {
		q.viaKey[b] = math.Inf(1)
		for a := range k {
			if kk := q.spKey[a] + t.cKey[a*k+b]; kk < q.viaKey[b] {
				q.viaKey[b], q.via[b] = kk, q.sp[a].add(t.c[a*k+b])
			}
		}
	}
}

// ferryCell returns the best of the road-only key and sums of the row's
// cell j and the paths through the ports: from the static closure without
// a departure time, by the overlay Dijkstra with clocks otherwise.
func (q *query) ferryCell(t *tableJob, j int, key float64, s sums) (float64, sums) {
	k := len(q.p.ports)
	ptKey, pt := t.ptKey[j*k:(j+1)*k], t.pt[j*k:(j+1)*k]
	if !t.static {
		l := legs{stKey: key, st: s, spKey: q.spKey, sp: q.sp, ptKey: ptKey, pt: pt}
		return q.solve(&l, t.opt)
	}
	for b := range k {
		if kk := q.viaKey[b] + ptKey[b]; kk < key {
			key, s = kk, q.via[b].add(pt[b])
		}
	}
	return key, s
}

// scanAt offers bucket set bs at the node of search-space entry e (a node
// settled by a search with e's key and sums) to key/s.
func (q *query) scanAt(bs *buckets, e entry, key []float64, s []sums) {
	for _, b := range bs.ent[bs.first[e.at]:bs.first[e.at+1]] {
		if k := e.key + b.key; k < key[b.idx] {
			key[b.idx], s[b.idx] = k, e.s.add(b.s)
		}
	}
}

// grow returns s resized to n, reusing its array when large enough.
func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}
