package mcf

import (
	"math"
	"math/rand"
	"testing"
)

// transportNetwork generates a transport-like instance: farm clusters send
// to perSupply of the gateways, gateways are linked by capacitated ferry
// arcs and serve every buyer; an expensive uncapacitated bypass keeps it
// feasible.
func transportNetwork(rng *rand.Rand, supplies, gateways, perSupply int) *Network {
	buyers := 8
	n := supplies + 2*gateways + buyers
	nw := &Network{Nodes: n, Supply: make([]float64, n)}
	add := func(t, h int, c, u float64) {
		nw.Tail = append(nw.Tail, t)
		nw.Head = append(nw.Head, h)
		nw.Cost = append(nw.Cost, c)
		nw.Cap = append(nw.Cap, u)
	}
	gIn := supplies
	gOut := supplies + gateways
	buy := supplies + 2*gateways
	var total float64
	for s := 0; s < supplies; s++ {
		b := float64(1 + rng.Intn(40))
		nw.Supply[s] = b
		total += b
		for i := 0; i < perSupply; i++ {
			add(s, gIn+rng.Intn(gateways), 1000+float64(rng.Intn(90000)), math.Inf(1))
		}
	}
	for g := 0; g < gateways; g++ {
		for h := 0; h < gateways; h++ {
			if rng.Intn(3) == 0 || g == h {
				add(gIn+g, gOut+h, 50000+float64(rng.Intn(50000)), total/float64(gateways)*0.8)
			}
		}
		for d := 0; d < buyers; d++ {
			add(gOut+g, buy+d, 10000+float64(rng.Intn(40000)), math.Inf(1))
		}
	}
	for d := 0; d < buyers; d++ {
		nw.Supply[buy+d] -= math.Floor(total / float64(buyers))
	}
	nw.Supply[buy] -= total - math.Floor(total/float64(buyers))*float64(buyers)
	for s := 0; s < supplies; s++ {
		add(s, buy+rng.Intn(buyers), 1e6, math.Inf(1))
	}
	return nw
}

func BenchmarkTransport5k50k(b *testing.B) {
	nw := transportNetwork(rand.New(rand.NewSource(1)), 4950, 20, 10)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Solve(nw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTransportWarm5k50k(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	nw := transportNetwork(rng, 4950, 20, 10)
	s, err := NewSolver(nw)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Solve(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Perturb the ferry arcs, as bundle duals do in column generation.
		for a := 4950 * 10; a < len(nw.Cost)-4950; a++ {
			s.SetCost(a, nw.Cost[a]*(1+0.2*rng.Float64()))
		}
		if err := s.Solve(); err != nil {
			b.Fatal(err)
		}
	}
}
