package vrp

import (
	"math/rand/v2"
	"sync"
)

// Parallel education (Options.Workers > 1).
//
// The genetic search spends nearly all its time educating offspring, and
// one education does not depend on another. With W workers, Solve breeds
// W offspring from the population as it stands (parents, crossover and
// split on the solving goroutine, with its generator), educates them at
// once, each on its own local search, generator and copy of the
// neighbour lists, and then adds them to the population one after the
// other in worker order, as if they had been bred in sequence. The
// result therefore depends on the seed and the worker count only, never
// on scheduling. The price is that the W offspring of a batch do not see
// each other as parents.

// newWorker returns a copy of g that shares its model, population and
// parameters (read only while it educates) and owns its local search,
// split, generator and scratch buffers. k ≥ 1 numbers the worker.
func (g *ga) newWorker(k int, seed uint64) *ga {
	w := *g
	s := seed + uint64(k)*0x9e3779b97f4a7c15
	w.ls = newLocalSearch(g.m, s^0x5bd1e995)
	w.ls.neigh = cloneNeighbours(g.m.neigh)
	w.sp = newSplitter(g.m, w.ls)
	w.rng = rand.New(rand.NewPCG(s, 12345))
	w.feas, w.infeas, w.histL, w.histW, w.angle = nil, nil, nil, nil, nil
	return &w
}

// cloneNeighbours copies neighbour lists into one flat array.
func cloneNeighbours(nb [][]int32) [][]int32 {
	n := 0
	for _, l := range nb {
		n += len(l)
	}
	flat := make([]int32, 0, n)
	out := make([][]int32, len(nb))
	for i, l := range nb {
		k := len(flat)
		flat = append(flat, l...)
		out[i] = flat[k:len(flat):len(flat)]
	}
	return out
}

// educated is one offspring of a batch: the educated individual and the
// individual before a successful repair (pre == ind without one).
type educated struct{ ind, pre *indiv }

// batch educates the giant tours on the workers (workers[0] is the
// solving ga itself), all with the current penalty weights and fleet
// limit.
func batch(workers []*ga, tours [][]int32, repair bool) []educated {
	g := workers[0]
	out := make([]educated, len(tours))
	var wg sync.WaitGroup
	for i := 1; i < len(tours); i++ {
		w := workers[i]
		w.wl, w.ww, w.limit = g.wl, g.ww, g.limit
		wg.Go(func() {
			ind, pre := w.educateOnly(w.sp.split(tours[i], w.limit, w.wl, w.ww), repair)
			out[i] = educated{ind, pre}
		})
	}
	ind, pre := g.educateOnly(g.sp.split(tours[0], g.limit, g.wl, g.ww), repair)
	out[0] = educated{ind, pre}
	wg.Wait()
	return out
}

// breed makes n offspring of the population (n ≤ len(workers)): parents by
// binary tournament and the ordered crossover on the solving goroutine,
// then split and education on the workers.
func breed(workers []*ga, n int) []educated {
	g := workers[0]
	tours := make([][]int32, n)
	for i := range tours {
		p1, p2 := g.tournament(), g.tournament()
		tours[i] = g.crossoverOX(p1, p2)
	}
	return batch(workers[:n], tours, true)
}

// absorb records an offspring's feasibility for the penalty adaptation and
// adds the individual before its repair, if any, to the population; the
// caller adds the offspring itself.
func (g *ga) absorb(e educated) {
	if e.pre == nil {
		return // educated by g.educate, which did both
	}
	g.record(e.pre)
	if e.pre != e.ind {
		g.add(e.pre)
	}
}
