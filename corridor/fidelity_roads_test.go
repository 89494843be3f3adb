package corridor_test

import (
	"math"
	"testing"

	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// roadRef is a published road length between two junctions of the default
// dataset.
type roadRef struct {
	from, to  string  // junction IDs
	km        float64 // published length
	tollOnly  bool    // measure along toll roads only (a toll section's length)
	source    string
	tolerance float64 // relative; 0 means lengthTolerance
}

// lengthTolerance is how far the network may stray from a published length.
// The hand-placed lines follow the real alignments only approximately, and
// the published figures are themselves rounded ("~90 km").
const lengthTolerance = 0.05

// roadRefs are the published lengths the dataset's geometry must match. A
// toll reference is measured over toll edges only, so that it checks the
// toll road's own shape; the others are the shortest road distance between
// the two places, which is what a planner compares with a road atlas.
var roadRefs = []roadRef{
	// Jalan Tol Bakauheni – Terbanggi Besar, subsections as opened
	// (Kemen PUPR via kabarin.co/viva, 8 Mar 2019).
	{from: "gt-bkh-pelabuhan", to: "gt-bkh-utara", km: 8.8, tollOnly: true, source: "Bakter subsection 1, Pelabuhan – SS Bakauheni (PUPR via viva.co.id 2019)"},
	{from: "gt-bkh-utara", to: "gt-kalianda", km: 18.5, tollOnly: true, source: "Bakter subsection 2, SS Bakauheni – Kalianda (PUPR via viva.co.id 2019)"},
	{from: "gt-kalianda", to: "gt-sidomulyo", km: 11.7, tollOnly: true, source: "Bakter subsection 3, Kalianda – Sidomulyo (PUPR via viva.co.id 2019)"},
	{from: "gt-sidomulyo", to: "gt-lematang", km: 35.4, tollOnly: true, source: "Bakter subsection 4, Sidomulyo – Lematang (PUPR via viva.co.id 2019)"},
	{from: "gt-lematang", to: "gt-kotabaru", km: 4.3, tollOnly: true, source: "Bakter subsection 5, Lematang – Kotabaru (PUPR via viva.co.id 2019)", tolerance: 0.10},
	{from: "gt-kotabaru", to: "gt-natar", km: 17.9, tollOnly: true, source: "Bakter subsection 6, Kotabaru – Branti/Natar (PUPR via viva.co.id 2019)"},
	{from: "gt-natar", to: "gt-tegineneng", km: 12.6, tollOnly: true, source: "Bakter subsection 7, Branti – Metro/Tegineneng (PUPR via viva.co.id 2019)"},
	{from: "gt-tegineneng", to: "gt-gunung-sugih", km: 22.5, tollOnly: true, source: "Bakter subsection 8, Metro – Gunung Sugih (PUPR via viva.co.id 2019)"},
	{from: "gt-gunung-sugih", to: "gt-terbanggi", km: 8.9, tollOnly: true, source: "Bakter subsection 9, Gunung Sugih – Terbanggi Besar (PUPR via viva.co.id 2019)"},
	{from: "gt-bkh-pelabuhan", to: "gt-lematang", km: 74.3, tollOnly: true, source: "Bakauheni – Lematang toll (Tribun Lampung 2018, FACTS.md)"},
	{from: "gt-bkh-pelabuhan", to: "gt-terbanggi", km: 140.9, tollOnly: true, source: "Jalan Tol Bakauheni – Terbanggi Besar 140.94 km (Hutama Karya via tirto.id, FACTS.md)"},
	{from: "gt-terbanggi", to: "gt-kayu-agung", km: 189, tollOnly: true, source: "Jalan Tol Terbanggi Besar – Pematang Panggang – Kayu Agung (antaranews, FACTS.md)"},
	{from: "gt-merak", to: "gt-cikupa", km: 72, tollOnly: true, source: "Tangerang – Merak toll, KM 98 (Merak) to KM 26 (Bitung/Cikupa) (FACTS.md)"},
	{from: "gt-cikupa", to: "tomang", km: 26, tollOnly: true, source: "Jakarta – Tangerang toll, KM 26 (Bitung/Cikupa) to KM 0 (Tomang) (FACTS.md)"},
	{from: "gt-merak", to: "tomang", km: 98, tollOnly: true, source: "Merak KM 98 to Tomang KM 0 by toll (FACTS.md)"},
	// Road distances between places.
	{from: "bandar-lampung", to: "bkh-port", km: 90, source: "Bandar Lampung – Bakauheni ~90 km by road (FACTS.md)"},
	{from: "bandar-lampung", to: "kota-agung", km: 105, source: "Bandar Lampung – Kota Agung ~105 km (travel blog 2016, FACTS.md)"},
	{from: "kota-agung", to: "krui", km: 149, source: "Kota Agung – Krui ~149 km (travel blog 2016, FACTS.md)"},
	{from: "bandar-lampung", to: "krui", km: 254, source: "Bandar Lampung – Krui ≈ 105 + 149 km (FACTS.md)"},
	{from: "menggala", to: "bandar-lampung", km: 120, source: "Menggala – Bandar Lampung ~120 km (liputan6, FACTS.md)"},
	{from: "bandar-lampung", to: "liwa", km: 241, source: "Bandar Lampung – Liwa 241 km (travel blog sanisolihah.blogspot.com 2015)"},
}

// TestPublishedRoadLengths is the fidelity table for item 8 of issue 7:
// each published length next to the network's shortest distance.
func TestPublishedRoadLengths(t *testing.T) {
	c, err := corridor.Default()
	if err != nil {
		t.Fatal(err)
	}
	g := c.Network.Graph
	tollOnly := make([]uint64, (g.NumEdges()+63)/64)
	for e := network.EdgeID(0); e < network.EdgeID(g.NumEdges()); e++ {
		if g.Class(e) != network.Toll {
			tollOnly[e>>6] |= 1 << (uint(e) & 63)
		}
	}
	s := route.NewSearcher(g)
	prof := route.Profile{MaxSpeedKmh: 80, TollClass: 1}
	for _, r := range roadRefs {
		from, ok1 := c.Network.Junction[r.from]
		to, ok2 := c.Network.Junction[r.to]
		if !ok1 || !ok2 {
			t.Errorf("%s → %s: unknown junction", r.from, r.to)
			continue
		}
		opt := &route.Options{Metric: route.Distance, Profile: prof}
		if r.tollOnly {
			opt.Avoid = tollOnly
		}
		p, err := s.Route(from, to, opt)
		if err != nil {
			t.Errorf("%s → %s: %v", r.from, r.to, err)
			continue
		}
		got := p.Distance / 1000
		tol := r.tolerance
		if tol == 0 {
			tol = lengthTolerance
		}
		dev := got/r.km - 1
		t.Logf("%-18s → %-16s published %6.1f km, network %6.1f km (%+5.1f%%)  %s", r.from, r.to, r.km, got, 100*dev, r.source)
		if math.Abs(dev) > tol {
			t.Errorf("%s → %s: got %.1f km, want %.1f km ± %.0f%% (%s)", r.from, r.to, got, r.km, 100*tol, r.source)
		}
	}
}
