package data

import (
	"container/heap"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/geo/hexgrid"
)

func mustDefault(t testing.TB) *Dataset {
	t.Helper()
	ds, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestDefaultCounts(t *testing.T) {
	ds := mustDefault(t)
	if ds.Name != DefaultName {
		t.Errorf("name %q, want %q", ds.Name, DefaultName)
	}
	for _, c := range []struct {
		what     string
		got, min int
	}{
		{"regencies", len(ds.Regencies), 15},
		{"farms", len(ds.Farms), 120000},
		{"markets", len(ds.Markets), 6},
		{"ferry services", len(ds.Ferries), 3},
		{"commodities", len(ds.Commodities), 6},
		{"vehicles", len(ds.Vehicles), 6},
		{"provinces", len(ds.Provinces), 3},
	} {
		if c.got < c.min {
			t.Errorf("%d %s, want ≥ %d", c.got, c.what, c.min)
		}
	}
	if len(ds.Regencies) != 15 {
		t.Errorf("%d regencies, want exactly 15", len(ds.Regencies))
	}
}

func TestDefaultVehicles(t *testing.T) {
	ds := mustDefault(t)
	reefer := false
	for _, v := range ds.Vehicles {
		if v.MaxSpeedKmh > 80 {
			t.Errorf("%s: %g km/h, but trucks top out near 80 (FACTS.md)", v.ID, v.MaxSpeedKmh)
		}
		if !(v.FuelLitresPerKm > 0) || v.FuelLitresPerKm*6800 > v.CostIDRPerKm {
			t.Errorf("%s: %g L/km is not positive or costs more than the %g Rp/km total", v.ID, v.FuelLitresPerKm, v.CostIDRPerKm)
		}
		reefer = reefer || v.Reefer
	}
	if !reefer {
		t.Error("no reefer vehicle")
	}
}

func TestDefaultFarmTonnesMatchProduction(t *testing.T) {
	ds := mustDefault(t)
	type key struct{ r, c int }
	sum := map[key]float64{}
	n := map[key]int{}
	for i, f := range ds.Farms {
		if int(f.ID) != i {
			t.Fatalf("farm %d has ID %d", i, f.ID)
		}
		if !(f.Tonnes > 0) {
			t.Fatalf("farm %d has %g t", i, f.Tonnes)
		}
		k := key{int(f.Regency), int(f.Commodity)}
		sum[k] += f.Tonnes
		n[k]++
	}
	for ri, r := range ds.Regencies {
		for ci, c := range ds.Commodities {
			want := r.Production[c.ID].Value
			got := sum[key{ri, ci}]
			if want == 0 {
				if got != 0 {
					t.Errorf("%s %s: %g t of farms for zero production", r.Name, c.ID, got)
				}
				continue
			}
			if math.Abs(got-want) > 1e-6*want {
				t.Errorf("%s %s: farms sum to %.6f t, want %.6f", r.Name, c.ID, got, want)
			}
			if n[key{ri, ci}] < 5 {
				t.Errorf("%s %s: only %d farms", r.Name, c.ID, n[key{ri, ci}])
			}
		}
	}
}

func TestDefaultFarmsPlacement(t *testing.T) {
	ds := mustDefault(t)
	prov := map[string]orb.MultiPolygon{}
	for _, p := range ds.Provinces {
		prov[p.Code] = p.Boundary
	}
	snap := ds.Feeder.MaxSnapMeters * 1.001 // equirectangular vs haversine
	for _, f := range ds.Farms {
		r := ds.Regencies[f.Regency]
		area := r.Boundary
		if area == nil {
			area = prov[r.Code[:2]]
		}
		if !planar.MultiPolygonContains(area, f.Point) {
			t.Fatalf("farm %d (%s) at %v is outside its area", f.ID, r.Name, f.Point)
		}
		want, err := hexgrid.FromPoint(f.Point, FarmCellRes)
		if err != nil || f.Cell != want {
			t.Fatalf("farm %d cell %v, want %v (%v)", f.ID, f.Cell, want, err)
		}
		if f.ID%50 == 0 { // the exhaustive junction scan is slow; sample
			best := math.Inf(1)
			for _, j := range ds.Junctions {
				best = min(best, float64(geo.Distance(f.Point, j.Point)))
			}
			if best > snap {
				t.Fatalf("farm %d is %.1f km from the network", f.ID, best/1000)
			}
		}
	}
}

func TestDefaultDeterministic(t *testing.T) {
	a, err := loadDefault()
	if err != nil {
		t.Fatal(err)
	}
	b, err := loadDefault()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Farms, b.Farms) {
		t.Fatal("two loads generated different farms")
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two loads differ")
	}
}

func TestDefaultSeasonalityAndSources(t *testing.T) {
	ds := mustDefault(t)
	for _, c := range ds.Commodities {
		s := 0.0
		for _, v := range c.Seasonality {
			s += v
		}
		if math.Abs(s/12-1) > 1e-9 {
			t.Errorf("%s seasonality mean %g", c.ID, s/12)
		}
		if c.Source == "" {
			t.Errorf("%s has no source", c.ID)
		}
	}
	for _, r := range ds.Regencies {
		for id, f := range r.Production {
			if f.Source == "" {
				t.Errorf("%s %s has no source", r.Code, id)
			}
			if (id == "banana" || id == "pineapple") && !f.Estimate {
				t.Errorf("%s %s should be marked an estimate", r.Code, id)
			}
		}
	}
	for _, m := range ds.Markets {
		for id, f := range m.Demand {
			if !f.Estimate {
				t.Errorf("market %s demand %s should be marked an estimate", m.ID, id)
			}
		}
	}
}

func roadLine(ds *Dataset, r Road) orb.LineString {
	pt := map[string]orb.Point{}
	for _, j := range ds.Junctions {
		pt[j.ID] = j.Point
	}
	ls := orb.LineString{pt[r.From]}
	ls = append(ls, r.Via...)
	return append(ls, pt[r.To])
}

func TestDefaultTransSumatraToll(t *testing.T) {
	ds := mustDefault(t)
	var km, toll1, toll5 float64
	for _, r := range ds.Roads {
		if strings.HasPrefix(r.ID, "jtts-bkh-tbb:") {
			km += geo.Length(roadLine(ds, r)).Kilometers()
			toll1 += r.Toll[0]
			toll5 += r.Toll[4]
		}
	}
	if km < 130 || km > 150 {
		t.Errorf("Bakauheni – Terbanggi Besar toll is %.1f km, want 130–150 (official 140.9)", km)
	}
	// SK PUPR 1066/KPTS/M/2025, from 27 Nov 2025 (class I; class V is the
	// estimate at twice class I): see tolls.json.
	if math.Abs(toll1-254000) > 1e-6 || math.Abs(toll5-508000) > 1e-6 {
		t.Errorf("end-to-end toll I %.0f / V %.0f, want 254,000 / 508,000", toll1, toll5)
	}
}

// shortest returns the shortest road distance in km between two junctions
// (ferries excluded): a check that the network carries realistic routes.
func shortest(ds *Dataset, from, to string) float64 {
	idx := map[string]int{}
	for i, j := range ds.Junctions {
		idx[j.ID] = i
	}
	type arc struct {
		to int
		km float64
	}
	adj := make([][]arc, len(ds.Junctions))
	for _, r := range ds.Roads {
		km := geo.Length(roadLine(ds, r)).Kilometers()
		a, b := idx[r.From], idx[r.To]
		adj[a] = append(adj[a], arc{b, km})
		adj[b] = append(adj[b], arc{a, km})
	}
	dist := make([]float64, len(ds.Junctions))
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	pq := &distHeap{{idx[from], 0}}
	dist[idx[from]] = 0
	for pq.Len() > 0 {
		it := heap.Pop(pq).(distItem)
		if it.d > dist[it.n] {
			continue
		}
		for _, a := range adj[it.n] {
			if d := it.d + a.km; d < dist[a.to] {
				dist[a.to] = d
				heap.Push(pq, distItem{a.to, d})
			}
		}
	}
	return dist[idx[to]]
}

type distItem struct {
	n int
	d float64
}
type distHeap []distItem

func (h distHeap) Len() int           { return len(h) }
func (h distHeap) Less(i, j int) bool { return h[i].d < h[j].d }
func (h distHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *distHeap) Push(x any)        { *h = append(*h, x.(distItem)) }
func (h *distHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	*h = old[:len(old)-1]
	return it
}

func TestDefaultRouteLengths(t *testing.T) {
	ds := mustDefault(t)
	for _, c := range []struct {
		from, to string
		min, max float64
	}{
		{"bandar-lampung", "bkh-port", 75, 100},
		{"merak-port", "mkt-kramat-jati", 110, 145},
		{"bandar-lampung", "kotabumi", 90, 130},
		{"bandar-lampung", "krui", 150, 290},
	} {
		km := shortest(ds, c.from, c.to)
		t.Logf("%s → %s: %.1f km", c.from, c.to, km)
		if km < c.min || km > c.max {
			t.Errorf("%s → %s is %.1f km, want %g–%g", c.from, c.to, km, c.min, c.max)
		}
	}
}

func BenchmarkDefaultLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadDefault(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDefaultReceivingHours: every buyer of the default dataset has
// receiving hours with a source, and the night markets receive at night.
func TestDefaultReceivingHours(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range d.Markets {
		r := m.Receiving
		if r == nil {
			t.Errorf("%s: no receiving hours", m.ID)
			continue
		}
		if r.Source == "" || !(r.Open >= 0 && r.Open <= 24 && r.Close >= 0 && r.Close <= 24) {
			t.Errorf("%s: receiving hours %+v", m.ID, *r)
		}
		if m.ID == "kramat-jati" && !(r.Close < r.Open) {
			t.Errorf("kramat-jati receives %g–%g h, want a night window", r.Open, r.Close)
		}
	}
}
