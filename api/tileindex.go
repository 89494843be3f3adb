package api

import (
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/geo/hexgrid"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

// grid is a uniform lon/lat bucket index in CSR form: the items of bucket
// b are items[start[b]:start[b+1]]. An item spanning several buckets is
// listed in each; queries dedupe.
type grid struct {
	bound      orb.Bound
	cols, rows int
	step       float64 // bucket size in degrees
	start      []int32
	items      []int32
}

// newGrid indexes n items by their bounds in buckets of step degrees.
func newGrid(n int, step float64, boundOf func(i int) orb.Bound) *grid {
	g := &grid{step: step}
	if n == 0 {
		g.start = []int32{0, 0}
		g.cols, g.rows = 1, 1
		return g
	}
	g.bound = boundOf(0)
	for i := 1; i < n; i++ {
		g.bound = g.bound.Union(boundOf(i))
	}
	g.cols = int(math.Floor((g.bound.Max[0]-g.bound.Min[0])/step)) + 1
	g.rows = int(math.Floor((g.bound.Max[1]-g.bound.Min[1])/step)) + 1
	g.start = make([]int32, g.cols*g.rows+1)
	each := func(b orb.Bound, fn func(bucket int)) {
		c0, r0, c1, r1 := g.span(b)
		for r := r0; r <= r1; r++ {
			for c := c0; c <= c1; c++ {
				fn(r*g.cols + c)
			}
		}
	}
	for i := 0; i < n; i++ {
		each(boundOf(i), func(b int) { g.start[b+1]++ })
	}
	for b := 1; b < len(g.start); b++ {
		g.start[b] += g.start[b-1]
	}
	g.items = make([]int32, g.start[len(g.start)-1])
	fill := slices.Clone(g.start[:len(g.start)-1])
	for i := 0; i < n; i++ {
		each(boundOf(i), func(b int) { g.items[fill[b]] = int32(i); fill[b]++ })
	}
	return g
}

// span returns the bucket columns and rows b covers, clamped to the grid.
func (g *grid) span(b orb.Bound) (c0, r0, c1, r1 int) {
	cell := func(v, lo float64, n int) int {
		return max(0, min(n-1, int(math.Floor((v-lo)/g.step))))
	}
	return cell(b.Min[0], g.bound.Min[0], g.cols), cell(b.Min[1], g.bound.Min[1], g.rows),
		cell(b.Max[0], g.bound.Min[0], g.cols), cell(b.Max[1], g.bound.Min[1], g.rows)
}

// points calls fn for every item in the buckets b meets: for point items
// (one bucket each) no item is repeated; callers still test containment.
func (g *grid) points(b orb.Bound, fn func(i int32)) {
	if !b.Intersects(g.bound) {
		return
	}
	c0, r0, c1, r1 := g.span(b)
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			k := r*g.cols + c
			for _, i := range g.items[g.start[k]:g.start[k+1]] {
				fn(i)
			}
		}
	}
}

// indexedFeatures are lines or areas with their bounds, properties and a
// grid over them.
type indexedFeatures struct {
	geoms  []orb.Geometry
	bounds []orb.Bound
	props  []geojson.Properties
	grid   *grid
}

func (f *indexedFeatures) add(g orb.Geometry, props geojson.Properties) {
	f.geoms = append(f.geoms, g)
	f.bounds = append(f.bounds, g.Bound())
	f.props = append(f.props, props)
}

// index builds the grid once all features are added.
func (f *indexedFeatures) index(step float64) *indexedFeatures {
	f.grid = newGrid(len(f.geoms), step, func(i int) orb.Bound { return f.bounds[i] })
	return f
}

// query calls fn once for each feature whose bound meets b, in index order.
func (f *indexedFeatures) query(b orb.Bound, fn func(i int32)) {
	var cand []int32
	f.grid.points(b, func(i int32) { cand = append(cand, i) })
	slices.Sort(cand)
	cand = slices.Compact(cand)
	for _, i := range cand {
		if f.bounds[i].Intersects(b) {
			fn(i)
		}
	}
}

// tileSet is the dataset readied for vector tiles: geometry indexed by
// layer, farm hexagons per H3 resolution built on first use, and the cache
// of encoded tiles.
type tileSet struct {
	ds           *data.Dataset
	commodityIDs []string

	land, regencies, roads, ferries *indexedFeatures
	roadMinZoom                     []int
	graph                           *network.Graph   // an imported network's roads, drawn from the graph (nil otherwise)
	ports, markets                  *indexedFeatures // points: scanned, there are a few dozen
	farmGrid                        *grid

	cellOnce [maxCellRes + 1]sync.Once
	cells    [maxCellRes + 1]*indexedFeatures
	cellErr  [maxCellRes + 1]error

	cache tileCache
}

// Grid bucket sizes in degrees: about 11 km for the few hundred roads and
// areas, about 1.1 km for the farms (a z11 tile spans ~18 buckets a side).
const (
	featureGridStep = 0.1
	farmGridStep    = 0.01
)

func newTileSet(ds *data.Dataset, nw *corridor.Network) *tileSet {
	ts := &tileSet{ds: ds, cache: tileCache{byKey: map[maptile.Tile][]byte{}, limit: tileCacheBytes}}
	for _, c := range ds.Commodities {
		ts.commodityIDs = append(ts.commodityIDs, c.ID)
	}
	ts.land = &indexedFeatures{}
	for _, p := range ds.Provinces {
		ts.land.add(p.Boundary, geojson.Properties{"code": p.Code, "name": p.Name})
	}
	ts.land.index(featureGridStep)
	ts.regencies = &indexedFeatures{}
	for _, rg := range ds.Regencies {
		if rg.Boundary != nil {
			ts.regencies.add(rg.Boundary, geojson.Properties{"code": rg.Code, "name": rg.Name})
		}
	}
	ts.regencies.index(featureGridStep)
	ts.roads = &indexedFeatures{}
	jpos := func(id string) orb.Point { return ds.Junctions[nw.Junction[id]].Point }
	for _, rd := range ds.Roads {
		line := append(append(orb.LineString{jpos(rd.From)}, rd.Via...), jpos(rd.To))
		props := geojson.Properties{"id": rd.ID, "name": rd.Name, "class": rd.Class}
		if rd.Ref != "" {
			props["ref"] = rd.Ref
		}
		ts.roads.add(line, props)
		mz, ok := minRoadZoom[rd.Class]
		if !ok {
			mz = defaultMinRoadZoom
		}
		ts.roadMinZoom = append(ts.roadMinZoom, mz)
	}
	ts.roads.index(featureGridStep)
	ts.graph = importedGraph(nw)
	ts.ferries = &indexedFeatures{}
	for _, f := range ds.Ferries {
		ts.ferries.add(orb.LineString{ds.Port(f.From).Point, ds.Port(f.To).Point},
			geojson.Properties{"id": f.ID, "name": f.Name, "from": f.From, "to": f.To})
	}
	ts.ferries.index(featureGridStep)
	ts.ports, ts.markets = &indexedFeatures{}, &indexedFeatures{}
	for _, p := range ds.Ports {
		ts.ports.add(p.Point, geojson.Properties{"id": p.ID, "name": p.Name})
	}
	for _, m := range ds.Markets {
		ts.markets.add(m.Point, geojson.Properties{"id": m.ID, "name": m.Name, "kind": m.Kind})
	}
	ts.farmGrid = newGrid(len(ds.Farms), farmGridStep, func(i int) orb.Bound { return ds.Farms[i].Point.Bound() })
	return ts
}

// cellsAt returns the farms aggregated to H3 cells of resolution res, with
// their tonnes per year, farm count and leading commodity; built on first
// use.
func (ts *tileSet) cellsAt(res int) (*indexedFeatures, error) {
	ts.cellOnce[res].Do(func() { ts.cells[res], ts.cellErr[res] = ts.buildCells(res) })
	return ts.cells[res], ts.cellErr[res]
}

func (ts *tileSet) buildCells(res int) (*indexedFeatures, error) {
	type agg struct {
		tonnes float64
		farms  int
		by     []float64 // by commodity index
	}
	byCell := map[hexgrid.Cell]*agg{}
	var order []hexgrid.Cell
	for i := range ts.ds.Farms {
		f := &ts.ds.Farms[i]
		c, err := f.Cell.Parent(res)
		if err != nil {
			return nil, err
		}
		a := byCell[c]
		if a == nil {
			a = &agg{by: make([]float64, len(ts.commodityIDs))}
			byCell[c] = a
			order = append(order, c)
		}
		a.tonnes += f.Tonnes
		a.farms++
		a.by[f.Commodity] += f.Tonnes
	}
	slices.Sort(order)
	out := &indexedFeatures{}
	for _, c := range order {
		ring, err := c.Boundary()
		if err != nil {
			return nil, err
		}
		a := byCell[c]
		top := 0
		for k, t := range a.by {
			if t > a.by[top] {
				top = k
			}
		}
		out.add(orb.Polygon{ring}, geojson.Properties{"cell": c.String(), "tonnes": round(a.tonnes, 0),
			"farms": a.farms, "commodity": ts.commodityIDs[top]})
	}
	return out.index(featureGridStep), nil
}
