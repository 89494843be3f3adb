package vrp

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// randomMultiTripProblem builds a problem of n jobs with pickups and
// deliveries, some single time windows, and three multi-trip vehicle
// types: two share a start and a shift (so their summaries are
// interchangeable) but not capacity, rates or reload time; the third
// starts elsewhere with a maximum travel time.
func randomMultiTripProblem(rng *rand.Rand, n, dims int, ext bool) *Problem {
	nl := n/2 + 3
	xy := make([][2]float64, nl)
	for i := range xy {
		xy[i] = [2]float64{rng.Float64() * 5000, rng.Float64() * 5000}
	}
	dur, dist := NewMatrix(nl), NewMatrix(nl)
	var costs *Matrix
	if ext {
		costs = NewMatrix(nl)
	}
	for i := range nl {
		for j := range nl {
			if i == j {
				continue
			}
			d := math.Hypot(xy[i][0]-xy[j][0], xy[i][1]-xy[j][1])
			dist.Set(i, j, math.Round(d))
			dur.Set(i, j, math.Round(d*(0.8+0.4*rng.Float64()))) // asymmetric
			if ext {
				costs.Set(i, j, rng.Float64()*50)
			}
		}
	}
	p := &Problem{Name: "random-multitrip", Dims: dims, Durations: dur, Distances: dist, Costs: costs}
	for i := range n {
		j := Job{ID: fmt.Sprint(i), Location: 1 + rng.IntN(nl-1), Service: float64(rng.IntN(600))}
		j.Pickup = make([]int64, dims)
		j.Delivery = make([]int64, dims)
		for d := range dims {
			j.Pickup[d] = int64(rng.IntN(40))
			if rng.IntN(3) == 0 {
				j.Delivery[d] = int64(rng.IntN(30))
			}
		}
		if rng.IntN(3) == 0 {
			s := 20000 + rng.Float64()*20000
			j.TimeWindows = []TimeWindow{{Start: s, End: s + 2000 + rng.Float64()*20000}}
		}
		p.Jobs = append(p.Jobs, j)
	}
	capOf := func(c int64) []int64 {
		out := make([]int64, dims)
		for d := range out {
			out[d] = c
		}
		return out
	}
	shift := TimeWindow{Start: 21600, End: 21600 + 20000 + rng.Float64()*20000}
	p.Vehicles = []Vehicle{
		{ID: "small", Start: 0, End: 0, Capacity: capOf(60), Shift: shift, PerDistance: 1, PerTime: 0.5,
			Fixed: 100, Count: 2, MaxTrips: 4, ReloadTime: 900},
		{ID: "big", Start: 0, End: 0, Capacity: capOf(150), Shift: shift, PerDistance: 1.7, PerTime: 0.2,
			Fixed: 300, Count: 2, MaxTrips: 3, ReloadTime: 1800},
		{ID: "far", Start: nl - 1, End: 0, Capacity: capOf(90), Shift: TimeWindow{Start: 25000, End: 60000},
			MaxTravelTime: 15000 + rng.Float64()*10000, PerDistance: 1.2, Count: 1, MaxTrips: 4, ReloadTime: 600},
	}
	return p
}

// randomMultiTripRoutes deals the regular clients to random routes and
// puts each route's reloads at random positions of it: at the start,
// next to each other, at the end, around empty trips.
func randomMultiTripRoutes(rng *rand.Rand, m *model) [][]int32 {
	routes := make([][]int32, len(m.routeType))
	for c := range int32(m.nReg) {
		r := rng.IntN(len(routes))
		routes[r] = append(routes[r], c)
	}
	for c := int32(m.nReg); c < int32(m.nc); c++ {
		r := m.reloadOf[c]
		k := rng.IntN(len(routes[r]) + 1)
		routes[r] = append(routes[r][:k], append([]int32{c}, routes[r][k:]...)...)
	}
	return routes
}

// randomPieces returns 1 to 4 random pieces; foreign ones avoid reloads
// half the time so that the summaries, not the fallback, are exercised.
func randomPieces(rng *rand.Rand, ls *localSearch, tr int32) []piece {
	var ps []piece
	for range 1 + rng.IntN(4) {
		r := tr
		if rng.IntN(2) == 0 {
			r = int32(rng.IntN(len(ls.routes)))
		}
		L := int32(len(ls.routes[r].nodes))
		if L == 0 {
			continue
		}
		a := int32(rng.IntN(int(L)))
		b := a + int32(rng.IntN(int(L-a)))
		switch rng.IntN(4) {
		case 0:
			a = 0
		case 1:
			b = L - 1
		}
		if r != tr && rng.IntN(2) == 0 {
			for a <= b && ls.m.kind[ls.routes[r].nodes[a]] == kindReload {
				a++
			}
			for k := a; k <= b; k++ {
				if ls.m.kind[ls.routes[r].nodes[k]] == kindReload {
					b = k - 1
				}
			}
			if a > b {
				continue
			}
		}
		ps = append(ps, piece{r, a, b, rng.IntN(5) == 0})
	}
	return ps
}

// TestMultiTripSummariesMatchSimulator checks evalMulti against the exact
// simulator on random routes and random piece lists.
func TestMultiTripSummariesMatchSimulator(t *testing.T) {
	for _, tc := range []struct {
		name string
		dims int
		ext  bool
	}{{"1dim", 1, false}, {"2dims", 2, false}, {"costs", 1, true}} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(tc.dims)))
			fast, total := 0, 0
			for inst := range 30 {
				p := randomMultiTripProblem(rng, 10+rng.IntN(30), tc.dims, tc.ext)
				m := compile(p)
				if len(m.unassigned) > 0 {
					continue
				}
				ls := newLocalSearch(m, uint64(inst))
				ls.wl, ls.ww, ls.wb = 1+rng.Float64()*100, rng.Float64()*10, 1e6
				for range 5 {
					ls.load(randomMultiTripRoutes(rng, m))
					for r := range int32(len(ls.routes)) {
						// The route as it stands.
						R := &ls.routes[r]
						if len(R.nodes) > 0 {
							want := R.val
							got, ok := ls.evalMulti(r, []piece{{r, 0, int32(len(R.nodes)) - 1, false}})
							if !ok || !nearlyEqual(got, want) {
								t.Fatalf("route %d %v: got %v (%v), want %v", r, R.nodes, got, ok, want)
							}
						}
					}
					for range 200 {
						tr := int32(rng.IntN(len(ls.routes)))
						ps := randomPieces(rng, ls, tr)
						total++
						got, ok := ls.evalMulti(tr, ps)
						if !ok {
							continue
						}
						fast++
						seq := flatten(ls, ps)
						res := ls.sim.run(tr, &m.types[ls.routes[tr].t], seq)
						want := res.cost + ls.wl*res.load + ls.ww*res.warp + ls.wb*float64(res.bad)
						if !nearlyEqual(got, want) {
							t.Fatalf("route %d type %d seq %v: got %v, want %v (sim %+v)", tr, ls.routes[tr].t, seq, got, want, res)
						}
					}
				}
			}
			if fast < total/3 {
				t.Errorf("got %d of %d evaluations by summaries, want at least a third", fast, total)
			}
		})
	}
}

// TestMultiTripSummariesFallBack checks that evalMulti leaves to the
// simulator the routes it cannot summarise: a reload of another route.
func TestMultiTripSummariesFallBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	p := randomMultiTripProblem(rng, 12, 1, false)
	m := compile(p)
	ls := newLocalSearch(m, 1)
	routes := randomMultiTripRoutes(rng, m)
	// Route 0 takes one reload of route 1.
	var foreign int32 = -1
	for c := int32(m.nReg); c < int32(m.nc); c++ {
		if m.reloadOf[c] == 1 {
			foreign = c
			break
		}
	}
	for r := range routes {
		for k, c := range routes[r] {
			if c == foreign {
				routes[r] = append(routes[r][:k:k], routes[r][k+1:]...)
				break
			}
		}
	}
	routes[0] = append([]int32{0, foreign}, routes[0]...)
	ls.load(routes)
	if ls.routes[0].mtOK {
		t.Errorf("got summaries kept for a route holding another route's reload, want none")
	}
	if _, ok := ls.evalMulti(0, []piece{{0, 0, int32(len(ls.routes[0].nodes)) - 1, false}}); ok {
		t.Errorf("got an evaluation by summaries, want the simulator")
	}
	L := int32(len(ls.routes[0].nodes))
	if _, ok := ls.evalMulti(2, []piece{{0, 0, L - 1, false}}); ok {
		t.Errorf("got a foreign piece with reloads evaluated by summaries, want the simulator")
	}
}

// flatten returns the client sequence of pieces.
func flatten(ls *localSearch, ps []piece) []int32 {
	var seq []int32
	for _, pc := range ps {
		R := &ls.routes[pc.r]
		if pc.rev {
			for k := pc.b; k >= pc.a; k-- {
				seq = append(seq, R.nodes[k])
			}
		} else {
			seq = append(seq, R.nodes[pc.a:pc.b+1]...)
		}
	}
	return seq
}

// nearlyEqual reports whether a and b agree up to float rounding.
func nearlyEqual(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

// TestRateBoundIsArcCost checks rateBound against the simulator on
// collection problems (own rates per class, reloads at the start and end
// depot) with random routes and pieces: with every reload at home, it is
// the route's cost without penalties, whatever reloads are skipped.
func TestRateBoundIsArcCost(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for inst := range 10 {
		m := compile(collectionProblem(20+rng.IntN(40), uint64(inst)))
		ls := newLocalSearch(m, uint64(inst))
		if !ls.rateLB {
			t.Fatalf("instance %d: got no rate bound, want one", inst)
		}
		ls.wl, ls.ww, ls.wb = 10, 10, 1e6
		for range 5 {
			ls.load(randomMultiTripRoutes(rng, m))
			for range 300 {
				tr := int32(rng.IntN(len(ls.routes)))
				ps := randomPieces(rng, ls, tr)
				lb := ls.rateBound(tr, ps)
				res := ls.sim.run(tr, &m.types[ls.routes[tr].t], flatten(ls, ps))
				if !nearlyEqual(lb, res.cost) {
					t.Fatalf("instance %d route %d %v: got bound %v, want %v", inst, tr, flatten(ls, ps), lb, res.cost)
				}
			}
		}
	}
}

// TestRateBoundOK checks when rateBound applies: own rates per type, and
// for multi-trip fleets, one home for every start, end and reload.
func TestRateBoundOK(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(p *Problem)
		want bool
	}{
		{"collection", func(p *Problem) {}, true},
		{"uniform rates", func(p *Problem) {
			for i := range p.Vehicles {
				p.Vehicles[i].PerDistance, p.Vehicles[i].PerTime = 1, 0
			}
		}, false},
		{"other end", func(p *Problem) { p.Vehicles[1].End = 1 }, false},
		{"single trips elsewhere", func(p *Problem) {
			for i := range p.Vehicles {
				p.Vehicles[i].MaxTrips = 1
			}
			p.Vehicles[1].End = 1
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := collectionProblem(20, 1)
			tc.edit(p)
			if got := rateBoundOK(compile(p)); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestSolveRandomMultiTrip solves random heterogeneous multi-trip problems
// (the summaries' ground) and checks the solutions with Check, which
// recomputes every trip and schedule independently of the search.
func TestSolveRandomMultiTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for inst := range 6 {
		p := randomMultiTripProblem(rng, 15+rng.IntN(25), 1+inst%2, inst%3 == 0)
		sol, err := Solve(context.Background(), p, Options{Seed: uint64(inst), MaxIterations: 30})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Check(p, sol); err != nil {
			t.Errorf("instance %d: %v", inst, err)
		}
		if len(sol.Routes) == 0 {
			t.Errorf("instance %d: got no route, want some", inst)
		}
	}
}
