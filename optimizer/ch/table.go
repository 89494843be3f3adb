package ch

import "math"

// table fills q.bestKey and out (row-major, len(src)×len(dst)) with the
// road-only bests between ranks, by the bucket method: one backward upward
// search per target leaves (target, key) entries at the nodes it settles,
// then one forward upward search per source scans the buckets of the nodes
// it settles. With ports it also fills the legs source→port (q.sp rows) and
// port→target (q.pt rows).
func (q *query) table(src, dst [][]root, ports bool, out []sums) {
	h := q.p.h
	k := len(q.p.ports)
	S, T := len(src), len(dst)
	q.bestKey = grow(q.bestKey, S*T)
	for i := range q.bestKey {
		q.bestKey[i] = math.Inf(1)
	}
	if ports {
		q.spKey, q.sp = grow(q.spKey, S*k), grow(q.sp, S*k)
		q.ptKey, q.pt = grow(q.ptKey, T*k), grow(q.pt, T*k)
		for i := range q.spKey {
			q.spKey[i] = math.Inf(1)
		}
		for i := range q.ptKey {
			q.ptKey[i] = math.Inf(1)
		}
	}
	q.ent = q.ent[:0]
	for j, t := range dst {
		start := len(q.ent)
		q.bw.resetRoots(t)
		q.ent = q.spaceStarted(&q.bw, int32(j), q.ent)
		if ports {
			for _, e := range q.ent[start:] {
				q.scanAt(&q.p.fromPort, e, q.ptKey[j*k:(j+1)*k], q.pt[j*k:(j+1)*k])
			}
		}
	}
	q.groupEntries(len(h.rank))
	for i, s := range src {
		row, rowKey := out[i*T:(i+1)*T], q.bestKey[i*T:(i+1)*T]
		f := &q.fw
		f.resetRoots(s)
		for f.heap.len() > 0 {
			v, stalled := f.settle(h)
			if stalled {
				continue
			}
			d, sv := f.dist[v], f.sum[len(f.sum)-1]
			if c := q.cnt[v]; c > 0 {
				lo := q.off[v]
				for _, e := range q.bucket[lo : lo+c] {
					if kk := d + e.key; kk < rowKey[e.idx] {
						rowKey[e.idx], row[e.idx] = kk, sv.add(e.s)
					}
				}
			}
			if ports {
				q.scan(&q.p.toPort, f, v, q.spKey[i*k:(i+1)*k], q.sp[i*k:(i+1)*k])
			}
		}
	}
	for _, v := range q.touched {
		q.cnt[v] = 0
	}
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

// groupEntries sorts q.ent by node into q.bucket; node v's entries are
// q.bucket[off[v]:off[v]+cnt[v]].
func (q *query) groupEntries(n int) {
	q.touched = q.touched[:0]
	for _, e := range q.ent {
		if q.cnt[e.at] == 0 {
			q.touched = append(q.touched, e.at)
		}
		q.cnt[e.at]++
	}
	run := int32(0)
	for _, v := range q.touched {
		q.off[v] = run
		run += q.cnt[v]
	}
	q.bucket = grow(q.bucket, len(q.ent))
	for _, e := range q.ent {
		q.bucket[q.off[e.at]] = e
		q.off[e.at]++
	}
	for _, v := range q.touched {
		q.off[v] -= q.cnt[v]
	}
}

// grow returns s resized to n, reusing its array when large enough.
func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}
