// Package synth generates deterministic, road-like synthetic networks for
// benchmarks and scaling runs: a jittered grid of junctions (about 500 m
// apart) with local roads, every 8th line a faster trunk road and every 64th
// a toll road, a share of local links removed, and a ferry service across
// the middle. The same size and seed always give the same graph.
//
// Connectivity guarantee: every row is a connected chain and column 0 links
// all rows, so every node reaches every other (ferry included).
package synth

import (
	"errors"
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/optimizer/network"
)

// ErrSize reports a node count outside the supported range.
var ErrSize = errors.New("synth: node count must be between 4 and 4,000,000")

// Origin is the generated grid's south-west corner (inland Lampung), and
// Spacing its mean junction spacing in degrees (about 500 m).
var Origin = orb.Point{104.0, -6.0}

const spacing = 0.0045

// Generate returns a synthetic network of about n nodes (the nearest square).
func Generate(n int, seed uint64) (*network.Graph, error) {
	if n < 4 || n > 4_000_000 {
		return nil, ErrSize
	}
	side := int(math.Round(math.Sqrt(float64(n))))
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	b := network.NewBuilder()
	for r := 0; r < side; r++ {
		for c := 0; c < side; c++ {
			jx := (rng.Float64() - 0.5) * spacing * 0.6
			jy := (rng.Float64() - 0.5) * spacing * 0.6
			b.AddNode(orb.Point{Origin[0] + float64(c)*spacing + jx, Origin[1] + float64(r)*spacing + jy})
		}
	}
	roads := [3]int32{
		b.AddRoad(network.Road{ID: "synth-local", Name: "local road", Class: network.Secondary}),
		b.AddRoad(network.Road{ID: "synth-trunk", Name: "trunk road", Class: network.Trunk}),
		b.AddRoad(network.Road{ID: "synth-toll", Name: "toll road", Class: network.Toll}),
	}
	id := func(r, c int) network.NodeID { return network.NodeID(r*side + c) }
	link := func(u, v network.NodeID, line int) {
		kind, speed, class := 0, 30+rng.Float64()*20, network.Secondary
		switch {
		case line%64 == 0:
			kind, speed, class = 2, 75, network.Toll
		case line%8 == 0:
			kind, speed, class = 1, 55, network.Trunk
		}
		var toll [network.NumTollClasses]float64
		if class == network.Toll {
			for i := range toll {
				toll[i] = 400 * float64(i+1) // Rp per 500 m section, synthetic
			}
		}
		for _, e := range [2][2]network.NodeID{{u, v}, {v, u}} {
			b.AddEdge(network.EdgeSpec{From: e[0], To: e[1], SpeedKmh: speed, Class: class,
				Road: roads[kind], Ferry: network.None, Toll: toll})
		}
	}
	for r := 0; r < side; r++ {
		for c := 0; c < side; c++ {
			if c+1 < side {
				link(id(r, c), id(r, c+1), r) // rows always kept: connectivity
			}
			if r+1 < side && (c == 0 || c%8 == 0 || rng.Float64() < 0.8) {
				link(id(r, c), id(r+1, c), c)
			}
		}
	}
	if side >= 8 {
		svc := b.AddService(network.Service{ID: "synth-ferry", Name: "synthetic ferry",
			CrossingSeconds: 3600, HeadwaySeconds: 1800, UTCOffsetSeconds: 7 * 3600,
			Tariff: [network.NumFerryClasses]float64{447800, 835300, 1285200, 1860400, 2452400, 3755000}})
		// A 25 km crossing (50 columns) or less: a ferry far faster than
		// the roads would make every straight-line bound weak.
		k := min(side/4, 50)
		u, v := id(side/2, side/2-k), id(side/2, side/2+k)
		for _, e := range [2][2]network.NodeID{{u, v}, {v, u}} {
			b.AddEdge(network.EdgeSpec{From: e[0], To: e[1], Class: network.Ferry, Road: network.None, Ferry: svc})
		}
	}
	return b.Build()
}
