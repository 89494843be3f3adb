package vrp

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// randomCVRP builds a plain CVRP of n clients (delivery-only demand in dims
// dimensions, no time constraints) on an explicit matrix, symmetric or
// not, with a fixed cost per vehicle, so that the local search prices it
// with fastCVRP.
func randomCVRP(rng *rand.Rand, n, dims int, sym bool) *Problem {
	xy := make([][2]float64, n+1)
	for i := range xy {
		xy[i] = [2]float64{rng.Float64() * 1000, rng.Float64() * 1000}
	}
	dist := NewMatrix(n + 1)
	for i := range n + 1 {
		for j := range n + 1 {
			if i == j {
				continue
			}
			d := math.Round(math.Hypot(xy[i][0]-xy[j][0], xy[i][1]-xy[j][1]))
			if !sym {
				d = math.Round(d * (0.8 + 0.4*rng.Float64()))
			}
			dist.Set(i, j, d)
		}
	}
	p := &Problem{Name: "random-cvrp", Dims: dims, Distances: dist, Durations: dist}
	for i := range n {
		j := Job{ID: fmt.Sprint(i), Location: 1 + i, Delivery: make([]int64, dims)}
		for d := range dims {
			j.Delivery[d] = 1 + int64(rng.IntN(30))
		}
		p.Jobs = append(p.Jobs, j)
	}
	capacity := make([]int64, dims)
	for d := range capacity {
		capacity[d] = 60
	}
	p.Vehicles = []Vehicle{{ID: "truck", Capacity: capacity, PerDistance: 1, Fixed: 50, Count: 1 + n/4}}
	return p
}

// cvrpCases are the kinds of random CVRP the pricing tests run on.
var cvrpCases = []struct {
	name string
	dims int
	sym  bool
}{{"sym", 1, true}, {"asym", 1, false}, {"2dims", 2, true}}

// randomRoutes deals the clients of m to random routes among the first
// half of the fleet, so that some routes stay empty.
func randomRoutes(rng *rand.Rand, m *model) [][]int32 {
	routes := make([][]int32, len(m.routeType))
	for c := range int32(m.nReg) {
		r := rng.IntN(len(routes)/2 + 1)
		routes[r] = append(routes[r], c)
	}
	return routes
}

// TestCVRPMovePricesMatchEvaluation checks the exact CVRP move prices
// (relocateArcDelta, swapArcDelta, interCost) against evalCVRP, which sums
// the moved routes piece by piece, on random routes, including routes that
// empty or start from empty.
func TestCVRPMovePricesMatchEvaluation(t *testing.T) {
	for _, tc := range cvrpCases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, uint64(tc.dims)))
			checked := 0
			for inst := range 20 {
				m := compile(randomCVRP(rng, 6+rng.IntN(30), tc.dims, tc.sym))
				ls := newLocalSearch(m, uint64(inst))
				if !ls.fastCVRP || ls.sym != tc.sym {
					t.Fatalf("got fastCVRP %v sym %v, want true %v", ls.fastCVRP, ls.sym, tc.sym)
				}
				ls.wl = 1 + rng.Float64()*50
				for range 5 {
					ls.load(randomRoutes(rng, m))
					for range 300 {
						checked += checkRandomMove(t, rng, ls)
					}
				}
			}
			if checked < 5000 {
				t.Errorf("got %d moves checked, want at least 5000", checked)
			}
		})
	}
}

// checkRandomMove prices one random move both ways and reports 1 when it
// was a valid move.
func checkRandomMove(t *testing.T, rng *rand.Rand, ls *localSearch) int {
	t.Helper()
	ru, rv := int32(rng.IntN(len(ls.routes))), int32(rng.IntN(len(ls.routes)))
	Lu, Lv := int32(len(ls.routes[ru].nodes)), int32(len(ls.routes[rv].nodes))
	if Lu == 0 {
		return 0
	}
	a := int32(rng.IntN(int(Lu)))
	b := min(a+int32(rng.IntN(2)), Lu-1)
	pv := int32(rng.IntN(int(Lv)+1)) - 1
	rev := ls.sym && rng.IntN(2) == 0
	old := ls.routes[ru].val
	var got, want float64
	var what string
	switch {
	case ru == rv && rng.IntN(3) == 0: // swap inside a route
		a2 := int32(rng.IntN(int(Lu)))
		b2 := min(a2+int32(rng.IntN(2)), Lu-1)
		if b+1 >= a2 {
			return 0
		}
		ps := []piece{{ru, 0, a - 1, false}, {ru, a2, b2, false}, {ru, b + 1, a2 - 1, false}, {ru, a, b, false}, {ru, b2 + 1, Lu - 1, false}}
		got, want, what = old+ls.swapArcDelta(ru, a, b, ru, a2, b2), ls.evalCVRP(ru, dropEmpty(ps)), "swap in route"
	case ru == rv:
		if pv >= a-1 && pv <= b {
			return 0
		}
		ps := ls.removeInsert(nil, ru, a, b, pv, []piece{{ru, a, b, rev}})
		got, want, what = old+ls.relocateArcDelta(ru, a, b, ru, pv, rev), ls.evalCVRP(ru, ps), "relocate in route"
	default:
		old += ls.routes[rv].val
		var out, in block
		var ps1, ps2 []piece
		switch rng.IntN(3) {
		case 0:
			ps1 = ls.removeInsert(nil, ru, a, b, -2, nil)
			ps2 = ls.removeInsert(nil, rv, 1, 0, pv, []piece{{ru, a, b, rev}})
			out, in = block{a, b}, block{1, 0}
			got, what = ls.relocateArcDelta(ru, a, b, rv, pv, rev), "relocate"
		case 1:
			if Lv == 0 {
				return 0
			}
			a2 := int32(rng.IntN(int(Lv)))
			b2 := min(a2+int32(rng.IntN(2)), Lv-1)
			ps1 = dropEmpty([]piece{{ru, 0, a - 1, false}, {rv, a2, b2, false}, {ru, b + 1, Lu - 1, false}})
			ps2 = dropEmpty([]piece{{rv, 0, a2 - 1, false}, {ru, a, b, false}, {rv, b2 + 1, Lv - 1, false}})
			out, in = block{a, b}, block{a2, b2}
			got, what = ls.swapArcDelta(ru, a, b, rv, a2, b2), "swap"
		default:
			iu := a - 1
			ps1 = dropEmpty([]piece{{ru, 0, iu, false}, {rv, pv + 1, Lv - 1, false}})
			ps2 = dropEmpty([]piece{{rv, 0, pv, false}, {ru, iu + 1, Lu - 1, false}})
			out, in = block{iu + 1, Lu - 1}, block{pv + 1, Lv - 1}
			R, S := &ls.routes[ru], &ls.routes[rv]
			arc, M := ls.m.arc, int32(ls.m.M)
			got = arc[R.ext[iu+1]*M+S.ext[pv+2]] + arc[S.ext[pv+1]*M+R.ext[iu+2]] - R.edge[iu+1] - S.edge[pv+1]
			what = "2-opt*"
		}
		got = ls.interCost(ru, out, rv, in, got)
		want = ls.evalCVRP(ru, ps1) + ls.evalCVRP(rv, ps2)
	}
	if !nearlyEqual(got, want) {
		t.Fatalf("%s: routes %d %v, %d %v, a %d b %d pv %d rev %v: got %v, want %v",
			what, ru, ls.routes[ru].nodes, rv, ls.routes[rv].nodes, a, b, pv, rev, got, want)
	}
	return 1
}

// dropEmpty removes the empty ranges (a > b) from a piece list.
func dropEmpty(ps []piece) []piece {
	out := ps[:0]
	for _, pc := range ps {
		if pc.a <= pc.b {
			out = append(out, pc)
		}
	}
	return out
}

// TestCVRPPricingKeepsSearchPath runs the local search on random plain
// CVRPs twice from the same routes and seed: with the CVRP pricing
// (movesCVRP, interCost) and with the general piece evaluation (segment
// summaries). Both price exactly, and the data are integers, so each must
// take the same moves and end with the same routes.
func TestCVRPPricingKeepsSearchPath(t *testing.T) {
	for _, tc := range cvrpCases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(5, uint64(tc.dims)))
			totalMoves := 0
			for inst := range 15 {
				m := compile(randomCVRP(rng, 20+rng.IntN(60), tc.dims, tc.sym))
				routes := randomRoutes(rng, m)
				wl := 1 + rng.Float64()*50
				var got [2][][]int32
				var moves [2]int
				for k, fast := range []bool{true, false} {
					ls := newLocalSearch(m, uint64(inst))
					ls.neigh = cloneNeighbours(m.neigh) // run shuffles them
					ls.fastCVRP = fast
					ls.wl = wl
					ls.load(routes)
					ls.run()
					got[k], moves[k] = ls.export(nil), ls.moves
				}
				if fmt.Sprint(got[0]) != fmt.Sprint(got[1]) || moves[0] != moves[1] {
					t.Fatalf("instance %d: CVRP pricing gave %d moves to %v, general pricing %d moves to %v",
						inst, moves[0], got[0], moves[1], got[1])
				}
				totalMoves += moves[0]
			}
			if totalMoves < 100 {
				t.Errorf("got %d moves in all, want at least 100 for the test to mean something", totalMoves)
			}
		})
	}
}

// TestSolveAsymmetricCVRPEnds solves plain CVRPs on asymmetric matrices,
// as road networks give them (one-way streets). Before reversed pieces
// were priced backwards, the local search could take a worsening reversed
// relocation for an improvement and cycle forever, so that Solve never
// returned, whatever its limits: the watchdog fails the test instead.
func TestSolveAsymmetricCVRPEnds(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for k := range 8 {
		p := randomCVRP(rng, 30+rng.IntN(50), 1, false)
		done := make(chan error, 1)
		go func() {
			sol, err := Solve(context.Background(), p, Options{Seed: uint64(k), MaxIterations: 150})
			if err == nil {
				_, err = Check(p, sol)
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("problem %d: %v", k, err)
			}
		case <-time.After(2 * time.Minute):
			t.Fatalf("problem %d: Solve did not return within 2 minutes", k)
		}
	}
}
