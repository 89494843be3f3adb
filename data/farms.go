package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/geo/hexgrid"
)

// Farms are synthetic: BPS publishes production per regency, not per farm, so
// the loader spreads each regency's production over generated farm points.
// Generation is deterministic (fixed seed, one PCG stream per regency ×
// commodity pair) so that every process sees the same farms, and runs in
// parallel because the pairs are independent.
//
// How farms are weighted:
//
//   - count: farms.json's count is shared among the regency × commodity pairs
//     in proportion to production / typical_farm_tonnes (so a pair gets as
//     many points as it has typical farms, scaled), at least min_per_pair
//     each, by the largest-remainder method so the counts sum exactly;
//   - place: each point is drawn uniformly over the regency's placement area:
//     its polygon (or the legacy polygon's part nearest its anchors, or the
//     province within a radius of the seat), within the feeder's snap
//     distance of a junction, and outside every protected area (national
//     parks, protected forests: protected.geojson). Density is therefore
//     uniform over the farmable part of the regency, not weighted by land
//     use beyond these exclusions;
//   - size: each farm draws a lognormal weight (sigma lognormal_sigma), and the
//     pair's production is split in proportion to the weights, the last farm
//     taking the remainder, so each regency's tonnes per commodity sum to its
//     production figure exactly whatever the exclusions.

// farmConfig is farms.json.
type farmConfig struct {
	Seed       uint64  `json:"seed"`
	Count      int     `json:"count"`
	MinPerPair int     `json:"min_per_pair"`
	Sigma      float64 `json:"lognormal_sigma"`
	// TypicalTonnes is the yearly output of a typical farm by commodity: the
	// number of farms of a regency × commodity pair is proportional to
	// production / typical output (a rice farm produces far less than a
	// cassava farm, so counts proportional to tonnes alone would make
	// cassava farms look like rice farms).
	TypicalTonnes map[string]float64 `json:"typical_farm_tonnes"`
	Source        string             `json:"source"`
	Estimate      bool               `json:"estimate"`
}

func (l *dsLoader) loadFarmConfig() error {
	var c farmConfig
	if err := l.readJSON(fileFarms, &c); err != nil {
		return err
	}
	w := errLoc{file: fileFarms}
	if c.Count <= 0 {
		return w.fail("count", ErrRange, "farm count must be positive, got %d", c.Count)
	}
	if c.Count > math.MaxInt32 {
		return w.fail("count", ErrRange, "farm count %d exceeds Farm.ID", c.Count)
	}
	if c.MinPerPair < 1 {
		return w.fail("min_per_pair", ErrRange, "must be at least 1, got %d", c.MinPerPair)
	}
	if !(c.Sigma >= 0) || c.Sigma > 3 {
		return w.fail("lognormal_sigma", ErrRange, "must be in [0, 3], got %g", c.Sigma)
	}
	if err := checkRequired(w, "source", c.Source); err != nil {
		return err
	}
	for _, k := range sortedKeysOf(c.TypicalTonnes) {
		if _, ok := l.commodityIdx[k]; !ok {
			return w.fail("typical_farm_tonnes", ErrUnknownRef, "unknown commodity %q", k)
		}
		if v := c.TypicalTonnes[k]; !(v > 0) {
			return w.fail("typical_farm_tonnes."+k, ErrRange, "must be positive, got %g", v)
		}
	}
	for _, cm := range l.ds.Commodities {
		if _, ok := c.TypicalTonnes[cm.ID]; !ok {
			return w.fail("typical_farm_tonnes."+cm.ID, ErrMissingField, "no typical farm output for commodity %q", cm.ID)
		}
	}
	l.farmCfg = c
	return nil
}

// placementSpec says where a regency's farms go.
type placementSpec struct {
	// polygon is the boundary file farms are placed in; "" means the
	// province boundary.
	polygon string
	// anchors split a polygon shared by several regencies (a legacy
	// boundary from before a regency split): a point belongs to the regency
	// owning the nearest anchor among all regencies sharing the polygon.
	anchors []orb.Point
	// radiusM, when positive, keeps farms within this distance of the seat.
	radiusM float64
	// province is the index of the regency's province; needProvince asks for
	// farms inside it too (regencies without their own boundary).
	province     int
	needProvince bool
}

// farmPair is one regency × commodity with nonzero production.
type farmPair struct {
	regency, commodity int
	tonnes             float64
	weight             float64
	n, off             int
}

func generateFarms(ds *Dataset, specs []placementSpec, cfg farmConfig, polyFor func(string) orb.MultiPolygon) ([]Farm, error) {
	var pairs []farmPair
	var wsum float64
	for ri, r := range ds.Regencies {
		for ci, c := range ds.Commodities {
			f, ok := r.Production[c.ID]
			if !ok || f.Value <= 0 {
				continue
			}
			wt := f.Value / cfg.TypicalTonnes[c.ID]
			pairs = append(pairs, farmPair{regency: ri, commodity: ci, tonnes: f.Value, weight: wt})
			wsum += wt
		}
	}
	if len(pairs) == 0 {
		return nil, nil
	}
	if err := allocateFarms(pairs, wsum, cfg.Count, cfg.MinPerPair); err != nil {
		return nil, err
	}

	// Spatial indexes, built once per polygon.
	idx := map[string]*farmPolyIndex{}
	provIdx := make([]*farmPolyIndex, len(ds.Provinces))
	for i, p := range ds.Provinces {
		provIdx[i] = newFarmPolyIndex(p.Boundary)
	}
	type anchor struct {
		p       orb.Point
		regency int
	}
	groups := map[string][]anchor{}
	for ri, s := range specs {
		if s.polygon != "" && idx[s.polygon] == nil {
			idx[s.polygon] = newFarmPolyIndex(polyFor(s.polygon))
		}
		for _, a := range s.anchors {
			groups[s.polygon] = append(groups[s.polygon], anchor{a, ri})
		}
	}
	snap := newFarmSnapGrid(ds.Junctions, ds.Feeder.MaxSnapMeters)
	excluded := newExclusions(ds.Protected)

	// regionOf builds the acceptance test and sampling box of a regency.
	type region struct {
		box    orb.Bound
		accept func(orb.Point) bool
	}
	regions := make([]region, len(ds.Regencies))
	for ri, s := range specs {
		seat := ds.Regencies[ri].Seat
		poly := provIdx[s.province]
		if s.polygon != "" {
			poly = idx[s.polygon]
		}
		box := poly.bound
		if s.radiusM > 0 {
			dlat := s.radiusM / metersPerDegree
			dlon := dlat / math.Cos(seat[1]*math.Pi/180)
			box = orb.Bound{
				Min: orb.Point{max(box.Min[0], seat[0]-dlon), max(box.Min[1], seat[1]-dlat)},
				Max: orb.Point{min(box.Max[0], seat[0]+dlon), min(box.Max[1], seat[1]+dlat)},
			}
		}
		var prov *farmPolyIndex
		if s.needProvince && poly != provIdx[s.province] {
			prov = provIdx[s.province]
		}
		group := groups[s.polygon]
		if len(s.anchors) == 0 {
			group = nil
		}
		radius2 := s.radiusM * s.radiusM
		// One cosine per region: across a regency it varies by well under
		// 1%, which cannot flip any but ties in nearest-anchor comparisons
		// and is far below the seats' own uncertainty.
		cos := math.Cos((box.Min[1] + box.Max[1]) * (math.Pi / 360))
		regions[ri] = region{box: box, accept: func(p orb.Point) bool {
			if radius2 > 0 && dist2c(p, seat, cos) > radius2 {
				return false
			}
			if !poly.contains(p) {
				return false
			}
			if prov != nil && !prov.contains(p) {
				return false
			}
			if excluded.contains(p) {
				return false
			}
			if group != nil {
				best, bestD := -1, math.Inf(1)
				for _, a := range group {
					if d := dist2c(p, a.p, cos); d < bestD {
						best, bestD = a.regency, d
					}
				}
				if best != ri {
					return false
				}
			}
			return snap.near(p)
		}}
	}

	farms := make([]Farm, cfg.Count)
	errs := make([]error, len(pairs))
	order := make([]int, len(pairs))
	for i := range order {
		order[i] = i
	}
	// Largest pairs first balances the workers.
	slices.SortStableFunc(order, func(a, b int) int { return pairs[b].n - pairs[a].n })
	var next atomic.Int64
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), len(pairs))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(order) {
					return
				}
				pi := order[k]
				p := pairs[pi]
				reg := regions[p.regency]
				errs[pi] = fillPair(farms[p.off:p.off+p.n], p, reg.box, reg.accept, cfg)
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			p := pairs[i]
			return nil, &LoadError{File: fileRegencies, Feature: ds.Regencies[p.regency].Code, Field: "placement",
				Err: &loadDetail{ErrGeometry, fmt.Sprintf("%s farms: %v", ds.Commodities[p.commodity].ID, err)}}
		}
	}
	return farms, nil
}

// allocateFarms sets n and off of every pair: at least min each, the rest of
// total in proportion to weight by the largest-remainder method, so that the
// counts sum exactly to total.
func allocateFarms(pairs []farmPair, wsum float64, total, minPer int) error {
	rest := total - minPer*len(pairs)
	if rest < 0 {
		return &LoadError{File: fileFarms, Field: "count", Err: &loadDetail{ErrRange,
			fmt.Sprintf("count %d is below min_per_pair %d × %d regency×commodity pairs", total, minPer, len(pairs))}}
	}
	type rem struct {
		i    int
		frac float64
	}
	rems := make([]rem, len(pairs))
	given := 0
	for i := range pairs {
		share := float64(rest) * pairs[i].weight / wsum
		whole := int(share)
		pairs[i].n = minPer + whole
		given += whole
		rems[i] = rem{i, share - float64(whole)}
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.frac > b.frac:
			return -1
		case a.frac < b.frac:
			return 1
		}
		return a.i - b.i
	})
	for k := 0; given < rest; k++ {
		pairs[rems[k%len(rems)].i].n++
		given++
	}
	off := 0
	for i := range pairs {
		pairs[i].off = off
		off += pairs[i].n
	}
	return nil
}

// fillPair places the farms of one pair and splits its tonnes among them.
func fillPair(out []Farm, p farmPair, box orb.Bound, accept func(orb.Point) bool, cfg farmConfig) error {
	// One PCG stream per pair: the result does not depend on the order in
	// which workers pick pairs.
	rng := rand.New(rand.NewPCG(cfg.Seed, uint64(p.regency)<<8|uint64(p.commodity)))
	w, h := box.Max[0]-box.Min[0], box.Max[1]-box.Min[1]
	if !(w > 0 && h > 0) {
		return fmt.Errorf("empty placement area")
	}
	limit := 1_000_000 + 500*len(out)
	tries := 0
	weights := 0.0
	for i := range out {
		var pt orb.Point
		for {
			tries++
			if tries > limit {
				return fmt.Errorf("placed only %d of %d points after %d tries: placement area too small or too far from the network", i, len(out), limit)
			}
			pt = orb.Point{box.Min[0] + rng.Float64()*w, box.Min[1] + rng.Float64()*h}
			if accept(pt) {
				break
			}
		}
		wt := math.Exp(cfg.Sigma * rng.NormFloat64())
		weights += wt
		out[i] = Farm{Regency: int16(p.regency), Commodity: uint8(p.commodity), Point: pt, Tonnes: wt}
	}
	// Scale weights to tonnes; the last farm takes the remainder so that the
	// sum equals the production figure to the last bit the summation order
	// allows.
	sum := 0.0
	for i := range out[:len(out)-1] {
		out[i].Tonnes = p.tonnes * out[i].Tonnes / weights
		sum += out[i].Tonnes
	}
	out[len(out)-1].Tonnes = p.tonnes - sum
	for i := range out {
		out[i].ID = int32(p.off + i)
		c, err := hexgrid.FromPoint(out[i].Point, FarmCellRes)
		if err != nil {
			return err
		}
		out[i].Cell = c
	}
	return nil
}

// metersPerDegree is the length of one degree of latitude on geo's sphere.
const metersPerDegree = geo.EarthRadius * math.Pi / 180

// dist2c is the squared equirectangular distance in m² given the cosine of
// the mean latitude; at the tens of kilometres it is used for it is accurate
// to well under 0.1%.
func dist2c(a, b orb.Point, c float64) float64 {
	dx := (a[0] - b[0]) * c * metersPerDegree
	dy := (a[1] - b[1]) * metersPerDegree
	return dx*dx + dy*dy
}

// farmSnapGrid answers "is there a junction within r metres?" by bucketing the
// junctions in cells at least r wide, so only the 3×3 neighbouring cells need
// a look.
type farmSnapGrid struct {
	r2    float64
	cell  float64
	cells map[[2]int][]orb.Point
}

func newFarmSnapGrid(js []Junction, r float64) *farmSnapGrid {
	maxLat := 0.0
	for _, j := range js {
		maxLat = max(maxLat, math.Abs(j.Point[1]))
	}
	maxLat = min(maxLat+1, 80)
	g := &farmSnapGrid{r2: r * r, cell: r / metersPerDegree / math.Cos(maxLat*math.Pi/180) * 1.01, cells: map[[2]int][]orb.Point{}}
	for _, j := range js {
		k := g.key(j.Point)
		g.cells[k] = append(g.cells[k], j.Point)
	}
	return g
}

func (g *farmSnapGrid) key(p orb.Point) [2]int {
	return [2]int{int(math.Floor(p[0] / g.cell)), int(math.Floor(p[1] / g.cell))}
}

func (g *farmSnapGrid) near(p orb.Point) bool {
	k := g.key(p)
	c := math.Cos(p[1] * (math.Pi / 180))
	for dx := -1; dx <= 1; dx++ {
		for dy := -1; dy <= 1; dy++ {
			for _, q := range g.cells[[2]int{k[0] + dx, k[1] + dy}] {
				if dist2c(p, q, c) <= g.r2 {
					return true
				}
			}
		}
	}
	return false
}

// farmPolyIndex is an even-odd point-in-polygon test over all rings of a
// multipolygon, with the edges bucketed into horizontal slabs so a query
// only tests the few edges crossing its latitude instead of all of them.
type farmPolyIndex struct {
	bound orb.Bound
	y0    float64
	inv   float64 // slabs per degree
	slabs [][]polyEdge
}

// polyEdge is a non-horizontal ring segment; x(y) = x1 + (y-y1)*k.
type polyEdge struct{ x1, y1, y2, k float64 }

func newFarmPolyIndex(mp orb.MultiPolygon) *farmPolyIndex {
	pi := &farmPolyIndex{bound: mp.Bound()}
	var edges []polyEdge
	for _, poly := range mp {
		for _, ring := range poly {
			for i := range ring {
				a, b := ring[(i+len(ring)-1)%len(ring)], ring[i]
				if a[1] == b[1] {
					continue
				}
				edges = append(edges, polyEdge{a[0], a[1], b[1], (b[0] - a[0]) / (b[1] - a[1])})
			}
		}
	}
	h := pi.bound.Max[1] - pi.bound.Min[1]
	n := min(max(1, len(edges)/2), 4096)
	pi.y0 = pi.bound.Min[1]
	if h > 0 {
		pi.inv = float64(n) / h
	}
	pi.slabs = make([][]polyEdge, n)
	for _, e := range edges {
		s0, s1 := pi.slab(min(e.y1, e.y2)), pi.slab(max(e.y1, e.y2))
		for s := s0; s <= s1; s++ {
			pi.slabs[s] = append(pi.slabs[s], e)
		}
	}
	return pi
}

func (pi *farmPolyIndex) slab(y float64) int {
	s := int((y - pi.y0) * pi.inv)
	return min(max(s, 0), len(pi.slabs)-1)
}

func (pi *farmPolyIndex) contains(p orb.Point) bool {
	if !pi.bound.Contains(p) {
		return false
	}
	x, y := p[0], p[1]
	in := false
	for _, e := range pi.slabs[pi.slab(y)] {
		if (e.y1 > y) != (e.y2 > y) && x < e.x1+(y-e.y1)*e.k {
			in = !in
		}
	}
	return in
}

// exclusions is the union of the protected areas; each keeps its own index
// (the areas may overlap, which an even-odd test over their merged rings
// would get wrong), behind a bound over them all.
type exclusions struct {
	bound orb.Bound
	areas []*farmPolyIndex
}

func newExclusions(ps []ProtectedArea) exclusions {
	var x exclusions
	for i, p := range ps {
		pi := newFarmPolyIndex(p.Boundary)
		if i == 0 {
			x.bound = pi.bound
		} else {
			x.bound = x.bound.Union(pi.bound)
		}
		x.areas = append(x.areas, pi)
	}
	return x
}

func (x exclusions) contains(p orb.Point) bool {
	if len(x.areas) == 0 || !x.bound.Contains(p) {
		return false
	}
	for _, a := range x.areas {
		if a.contains(p) {
			return true
		}
	}
	return false
}
