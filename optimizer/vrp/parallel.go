package vrp

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
)

// Parallel education (Options.Workers > 1).
//
// The genetic search spends nearly all its time educating offspring, and
// one education does not depend on another. With W workers, Solve keeps
// slotsPerWorker·W offspring slots, each with its own local search,
// generator and copy of the neighbour lists. It breeds one offspring per
// slot from the population as it stands (parents, crossover on the
// solving goroutine, with its generator); W goroutines then take the slots
// in turn until all are educated, and the offspring join the population
// one after the other in slot order, as if they had been bred in
// sequence. An education depends only on its slot's state, never on the
// goroutine that ran it, so the result depends on the seed and the worker
// count only, never on scheduling. Two slots per goroutine let one
// goroutine's short educations fill the time of another's long one: with
// one slot each, the goroutines waited for the slower of every pair and
// used 1.57 of 2 cores on X-n303. The price is that the offspring of a
// batch do not see each other as parents.

// slotsPerWorker is the number of offspring slots per goroutine when
// Options.Workers > 1.
const slotsPerWorker = 2

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

// batch educates the giant tours, tour i on slot i (slots[0] is the
// solving ga itself), all with the current penalty weights and fleet
// limit, on up to threads goroutines that take the next tour as they free
// up.
func batch(slots []*ga, tours [][]int32, repair bool, threads int) []educated {
	g := slots[0]
	out := make([]educated, len(tours))
	var next atomic.Int32
	educate := func() {
		for {
			i := int(next.Add(1)) - 1
			if i >= len(tours) {
				return
			}
			w := slots[i]
			w.wl, w.ww, w.limit = g.wl, g.ww, g.limit
			ind, pre := w.educateOnly(w.sp.split(tours[i], w.limit, w.wl, w.ww), repair)
			out[i] = educated{ind, pre}
		}
	}
	var wg sync.WaitGroup
	for range min(threads, len(tours)) - 1 {
		wg.Go(educate)
	}
	educate()
	wg.Wait()
	return out
}

// breed makes n offspring of the population (n ≤ len(slots)): parents by
// binary tournament and the ordered crossover on the solving goroutine,
// then split and education on the slots.
func breed(slots []*ga, n, threads int) []educated {
	g := slots[0]
	tours := make([][]int32, n)
	for i := range tours {
		p1, p2 := g.tournament(), g.tournament()
		tours[i] = g.crossoverOX(p1, p2)
	}
	return batch(slots[:n], tours, true, threads)
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
