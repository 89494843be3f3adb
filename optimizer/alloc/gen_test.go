package alloc

import (
	"math"
	"math/rand"
)

// dayConfig shapes a generated planning day: farm clusters in Lampung,
// gateways per port and vehicle class, ferry services from a port for
// every class to a Java-side arrival node per class, and buyers.
type dayConfig struct {
	Supplies, Ports, Classes, Services, Buyers, Commodities int
	// Tight scales deck and fleet capacities relative to the trucks needed
	// to meet all demand; below ~0.8 the bundles bind.
	Tight float64
	// CapArcs puts random capacities on road arcs.
	CapArcs bool
}

// genDay builds a seeded random instance of the planning-day shape.
func genDay(rng *rand.Rand, cfg dayConfig) *Problem {
	S, P, C, F, B, K := cfg.Supplies, cfg.Ports, cfg.Classes, cfg.Services, cfg.Buyers, cfg.Commodities
	gw := func(p, c int) int { return S + p*C + c }
	arr := func(c int) int { return S + P*C + c }
	buyer := func(d int) int { return S + P*C + C + d }
	p := &Problem{Nodes: S + P*C + C + B}
	payload := make([]float64, C) // tonnes per truck
	rate := make([]float64, C)    // Rupiah per tonne-km
	for c := 0; c < C; c++ {
		payload[c] = 4 + 4*float64(c)
		rate[c] = 2500 - 300*float64(c) + 100*rng.Float64()
	}
	type kind int8
	const (
		road kind = iota
		ferry
		last
	)
	var kinds []kind
	var base []float64
	var classOf, svcOf []int
	add := func(t, h int, k kind, cost float64, c, f int) {
		p.Arcs = append(p.Arcs, Arc{Tail: t, Head: h})
		kinds = append(kinds, k)
		base = append(base, cost)
		classOf = append(classOf, c)
		svcOf = append(svcOf, f)
	}
	for s := 0; s < S; s++ {
		for pt := 0; pt < P; pt++ {
			km := 20 + 200*rng.Float64()
			for c := 0; c < C; c++ {
				add(s, gw(pt, c), road, km*rate[c], c, -1)
			}
		}
	}
	for f := 0; f < F; f++ {
		pt := f % P
		for c := 0; c < C; c++ {
			add(gw(pt, c), arr(c), ferry, 30000+40000*rng.Float64()/payload[c], c, f)
		}
	}
	for c := 0; c < C; c++ {
		for d := 0; d < B; d++ {
			add(arr(c), buyer(d), last, (60+80*rng.Float64())*rate[c], c, -1)
		}
	}
	m := len(p.Arcs)
	var totalTrucks float64
	for k := 0; k < K; k++ {
		com := Commodity{Cost: make([]float64, m), Supply: make([]float64, p.Nodes),
			Demand: make([]float64, p.Nodes), Penalty: 2e6 + 1e6*rng.Float64()}
		factor := 0.8 + 0.6*rng.Float64()
		perishable := K > 1 && k%6 == 3 && C > 1
		for a := 0; a < m; a++ {
			com.Cost[a] = math.Round(base[a] * factor * (0.9 + 0.2*rng.Float64()))
			if perishable && kinds[a] == road && classOf[a] != C-1 {
				com.Cost[a] = math.Inf(1) // only the reefer class carries it
			}
		}
		if cfg.CapArcs {
			com.Cap = make([]float64, m)
			for a := range com.Cap {
				com.Cap[a] = math.Inf(1)
				if kinds[a] == road && rng.Intn(3) == 0 {
					com.Cap[a] = float64(5 + rng.Intn(30))
				}
			}
		}
		var sup float64
		for s := 0; s < S; s++ {
			if rng.Intn(10) < 7 {
				com.Supply[s] = float64(5 + rng.Intn(46))
				sup += com.Supply[s]
			}
		}
		share := make([]float64, B)
		var sum float64
		for d := range share {
			share[d] = 0.5 + rng.Float64()
			sum += share[d]
		}
		for d := range share {
			com.Demand[buyer(d)] = math.Round(0.75 * sup * share[d] / sum)
		}
		totalTrucks += 0.75 * sup / payload[C/2]
		p.Commodities = append(p.Commodities, com)
	}
	for f := 0; f < F; f++ {
		b := Bundle{Name: "deck", Cap: math.Round(cfg.Tight * totalTrucks / float64(F) * (0.8 + 0.4*rng.Float64()))}
		for k := 0; k < K; k++ {
			for a := 0; a < m; a++ {
				if kinds[a] == ferry && svcOf[a] == f {
					b.Terms = append(b.Terms, Term{Commodity: k, Arc: a, Weight: 1 / payload[classOf[a]]})
				}
			}
		}
		p.Bundles = append(p.Bundles, b)
	}
	for c := 0; c < C; c++ {
		b := Bundle{Name: "fleet", Cap: math.Round(cfg.Tight * 1.5 * totalTrucks / float64(C))}
		for k := 0; k < K; k++ {
			for a := 0; a < m; a++ {
				if kinds[a] == road && classOf[a] == c {
					b.Terms = append(b.Terms, Term{Commodity: k, Arc: a, Weight: 1 / payload[c]})
				}
			}
		}
		p.Bundles = append(p.Bundles, b)
	}
	return p
}

// smallDay draws the shape of a small random day, small enough for gonum's
// dense simplex, with at least minServices ferry services.
func smallDay(rng *rand.Rand, minServices int, capArcs bool) dayConfig {
	return dayConfig{Supplies: 3 + rng.Intn(4), Ports: 1 + rng.Intn(2), Classes: 2, Services: minServices + rng.Intn(2),
		Buyers: 2, Commodities: 1 + rng.Intn(3), Tight: 0.3 + rng.Float64(), CapArcs: capArcs}
}
