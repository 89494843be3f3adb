package plan

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/lumbung-id/lumbung/optimizer/mcf"
)

// TestBoardFIFOIsOptimal checks first-come-first-served boarding against a
// min-cost flow over departures (source → truck → any departure at or after
// its arrival, at the wait → sink within the deck space) on random days:
// equal total wait whenever every truck boards.
func TestBoardFIFOIsOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := 0; trial < 200; trial++ {
		nt, nd := 1+rng.IntN(30), 1+rng.IntN(12)
		arrive := make([]float64, nt)
		for i := range arrive {
			arrive[i] = float64(rng.IntN(600))
		}
		sort.Float64s(arrive)
		deps := make([]float64, nd)
		caps := make([]int, nd)
		total := 0
		for i := range deps {
			deps[i] = float64(60*i + rng.IntN(30))
			caps[i] = rng.IntN(4)
			total += caps[i]
		}
		deps[nd-1] = 10_000 // a last departure after every arrival
		caps[nd-1] += nt    // with room for all, so everyone boards
		orig := append([]int(nil), caps...)
		got := boardFIFO(arrive, deps, caps)
		var greedy float64
		for i, q := range got {
			if q < 0 || deps[q] < arrive[i] {
				t.Fatalf("trial %d: truck %d boards %d", trial, i, q)
			}
			greedy += deps[q] - arrive[i]
		}
		// nodes: 0 source, 1..nt trucks, nt+1..nt+nd departures, last sink
		nw := &mcf.Network{Nodes: nt + nd + 2, Supply: make([]float64, nt+nd+2)}
		src, sink := 0, nt+nd+1
		nw.Supply[src], nw.Supply[sink] = float64(nt), -float64(nt)
		arc := func(u, v int, cost, capacity float64) {
			nw.Tail = append(nw.Tail, u)
			nw.Head = append(nw.Head, v)
			nw.Cost = append(nw.Cost, cost)
			nw.Cap = append(nw.Cap, capacity)
		}
		for i := 0; i < nt; i++ {
			arc(src, 1+i, 0, 1)
			for d := 0; d < nd; d++ {
				if deps[d] >= arrive[i] {
					arc(1+i, 1+nt+d, deps[d]-arrive[i], 1)
				}
			}
		}
		for d := 0; d < nd; d++ {
			arc(1+nt+d, sink, 0, float64(orig[d]))
		}
		res, err := mcf.Solve(nw)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		if math.Abs(res.Objective-greedy) > 1e-6 {
			t.Errorf("trial %d: FIFO wait got %v, min-cost flow %v", trial, greedy, res.Objective)
		}
	}
}
