package vrp

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// BenchmarkLocalSearch measures one education (full local search until no
// improving move) of a random giant tour of X-n101-k25.
func BenchmarkLocalSearch(b *testing.B) {
	benchEducation(b, compile(readInstance(b, "X-n101-k25.vrp")))
}

// benchEducation times educations of 16 random giant tours of m, in turn.
func benchEducation(b *testing.B, m *model) {
	g := newGA(m, 1, false, 8, 12)
	tours := make([][][]int32, 16)
	for i := range tours {
		tours[i] = g.sp.split(g.randomTour(), g.limit, g.wl, g.ww)
	}
	ls := g.ls
	ls.wl, ls.ww = g.wl, g.ww
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ls.load(tours[i%len(tours)])
		ls.run()
	}
}

// BenchmarkMoveEval measures the O(1) evaluation of inter-route relocate
// moves on an educated X-n101-k25 solution (no move is applied).
func BenchmarkMoveEval(b *testing.B) {
	p := readInstance(b, "X-n101-k25.vrp")
	m := compile(p)
	g := newGA(m, 1, false, 8, 12)
	ls := g.ls
	ls.wl, ls.ww = g.wl, g.ww
	ls.load(g.sp.split(g.randomTour(), g.limit, g.wl, g.ww))
	ls.run()
	b.ReportAllocs()
	b.ResetTimer()
	n := int32(m.nReg)
	for i := 0; b.Loop(); i++ {
		u := int32(i) % n
		v := m.neigh[u][i%len(m.neigh[u])]
		ru, iu := ls.routeOf[u], ls.posOf[u]
		rv, iv := ls.routeOf[v], ls.posOf[v]
		if ru == rv {
			continue
		}
		ls.ins[0] = piece{ru, iu, iu, false}
		ps1 := ls.removeInsert(ls.p1[:0], ru, iu, iu, -2, nil)
		ps2 := ls.removeInsert(ls.p2[:0], rv, 1, 0, iv, ls.ins[:1])
		_ = ls.eval(ru, ps1) + ls.eval(rv, ps2)
	}
}

// BenchmarkSolveX101 is a full solve of X-n101-k25 with 100 iterations.
func BenchmarkSolveX101(b *testing.B) {
	p := readInstance(b, "X-n101-k25.vrp")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 100}); err != nil {
			b.Fatal(err)
		}
	}
}

// collectionProblem is shaped like the plan's first-mile collection
// problems (optimizer/plan collectProblem): a hub at location 0, pickups
// only, 15 min per stop plus 20 min per tonne, three vehicle classes with
// their own capacity and rates, a 06:00–15:30 shift, up to four trips with
// 30 min unloading at the hub, no client time windows.
func collectionProblem(n int, seed uint64) *Problem {
	rng := rand.New(rand.NewPCG(seed, 1))
	nl := n/2 + 1
	xy := make([][2]float64, nl)
	for i := 1; i < nl; i++ {
		xy[i] = [2]float64{(rng.Float64() - 0.5) * 60000, (rng.Float64() - 0.5) * 60000}
	}
	dur, dist := NewMatrix(nl), NewMatrix(nl)
	for i := range nl {
		for j := range nl {
			d := 1.3 * math.Hypot(xy[i][0]-xy[j][0], xy[i][1]-xy[j][1])
			dist.Set(i, j, math.Round(d))
			dur.Set(i, j, math.Round(d/11)) // 40 km/h
		}
	}
	p := &Problem{Name: "collection", Dims: 1, Durations: dur, Distances: dist}
	total := 0.0
	for range n {
		t := 0.2 + 2.5*rng.Float64()*rng.Float64()
		total += t
		p.Jobs = append(p.Jobs, Job{Location: 1 + rng.IntN(nl-1), Pickup: []int64{int64(math.Ceil(1000 * t))},
			Service: 60 * (15 + 20*t)})
	}
	for _, v := range []struct {
		id      string
		tonnes  float64
		perKm   float64
		perHour float64
	}{{"pickup", 1, 3500, 25000}, {"engkel", 2.5, 5200, 30000}, {"cdd", 5, 7000, 35000}} {
		p.Vehicles = append(p.Vehicles, Vehicle{ID: v.id, Start: 0, End: 0, Capacity: []int64{int64(1000 * v.tonnes)},
			Shift: TimeWindow{Start: 21600, End: 55800}, PerDistance: v.perKm / 1000, PerTime: v.perHour / 3600,
			Count: min(n, int(math.Ceil(total/v.tonnes))+2), MaxTrips: 4, ReloadTime: 1800})
	}
	return p
}

// BenchmarkMultiTripEducation measures one education (full local search
// until no improving move) of a random giant tour of a 120-pickup
// collection problem: every route is multi-trip.
func BenchmarkMultiTripEducation(b *testing.B) {
	benchEducation(b, compile(collectionProblem(120, 1)))
}

// BenchmarkSolveCollection is a full solve of the 120-pickup collection
// problem with 50 iterations.
func BenchmarkSolveCollection(b *testing.B) {
	p := collectionProblem(120, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 50}); err != nil {
			b.Fatal(err)
		}
	}
}
