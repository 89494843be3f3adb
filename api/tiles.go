package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/simplify"
)

// Tile limits and the zoom where farms turn from hexagons into points.
//
// Below farmPointZoom a tile would hold thousands of overlapping points
// (the default dataset has 125,000 farms; before this, a z8 tile over
// central Lampung weighed 1.0 MB gzipped), so farms are aggregated to H3 hexagons sized to a few pixels (see
// farmCellRes); from farmPointZoom on a 512-pixel tile spans under 20 km and
// each farm is drawn. Roads are filtered by class at low zoom
// (minRoadZoom) and all geometry is simplified in tile pixels, so a tile's
// size is bounded by what is legible, not by the data.
const (
	maxTileZoom      = 18
	farmPointZoom    = 11
	mvtContentType   = "application/vnd.mapbox-vector-tile"
	tileBufferPixels = 0.02 // of the tile's width: lines and hexagons cross the seam
	// simplifyPixels is the Douglas–Peucker tolerance in tile units (an
	// extent of 4096 over 512 screen pixels: 1 unit is 1/8 pixel).
	simplifyPixels = 2.0
	// tileCacheBytes bounds the encoded-tile cache (the dataset is
	// immutable, so a tile never goes stale while the server runs).
	tileCacheBytes = 64 << 20
)

// minRoadZoom is the lowest zoom each road class is drawn at; classes not
// listed (feeders, local roads) from zoom 9.
var minRoadZoom = map[string]int{"toll": 0, "trunk": 0, "primary": 6, "secondary": 8}

const defaultMinRoadZoom = 9

// farmCellRes is the H3 resolution of the farm hexagons drawn at zoom z
// (below farmPointZoom): about 8–30 pixels across.
func farmCellRes(z int) int {
	switch {
	case z <= 6:
		return 5
	case z <= 8:
		return 6
	default:
		return 7
	}
}

// tile serves Mapbox Vector Tiles (gzipped) with layers "land", "regencies",
// "roads", "ferries", "ports", "markets", "farm_cells" (below zoom
// farmPointZoom) and "farms" (from it), for map frontends that cannot take
// the whole network or all farms as GeoJSON. Encoded tiles are cached.
func (s *Server) tile(w http.ResponseWriter, r *http.Request) error {
	v := mux.Vars(r)
	z, err := parseInt("z", v["z"], 0, maxTileZoom)
	if err != nil {
		return err
	}
	n := 1 << z
	x, err := parseInt("x", v["x"], 0, n-1)
	if err != nil {
		return err
	}
	y, err := parseInt("y", strings.TrimSuffix(v["y"], ".mvt"), 0, n-1)
	if err != nil {
		return err
	}
	body, err := s.tiles.get(maptile.New(uint32(x), uint32(y), maptile.Zoom(z)))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", mvtContentType)
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, err = w.Write(body)
	return err
}

// tileCache holds encoded tiles up to a byte budget, evicting the oldest
// first.
type tileCache struct {
	mu    sync.Mutex
	byKey map[maptile.Tile][]byte
	order []maptile.Tile // insertion order, oldest first
	bytes int
	limit int
}

func (c *tileCache) lookup(t maptile.Tile) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.byKey[t]
	return b, ok
}

func (c *tileCache) add(t maptile.Tile, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[t]; ok {
		return
	}
	c.byKey[t] = b
	c.order = append(c.order, t)
	c.bytes += len(b)
	for c.bytes > c.limit && len(c.order) > 1 {
		old := c.order[0]
		c.order = c.order[1:]
		c.bytes -= len(c.byKey[old])
		delete(c.byKey, old)
	}
}

// get returns tile t encoded, from the cache or freshly built.
func (ts *tileSet) get(t maptile.Tile) ([]byte, error) {
	if b, ok := ts.cache.lookup(t); ok {
		return b, nil
	}
	b, err := ts.encode(t)
	if err != nil {
		return nil, err
	}
	ts.cache.add(t, b)
	return b, nil
}

// encode builds tile t: the features whose bounds meet the tile (found
// through the grid indexes), projected to tile units, clipped, simplified
// and gzipped.
func (ts *tileSet) encode(t maptile.Tile) ([]byte, error) {
	z := int(t.Z)
	bound := t.Bound(tileBufferPixels)
	layers := mvt.Layers{
		featureLayer("land", ts.land, bound, nil),
		featureLayer("regencies", ts.regencies, bound, nil),
		// Roads by class for the zoom.
		featureLayer("roads", ts.roads, bound, func(i int32) bool { return z >= ts.roadMinZoom[i] }),
		featureLayer("ferries", ts.ferries, bound, nil),
		pointLayer("ports", ts.ports, bound),
		pointLayer("markets", ts.markets, bound),
	}
	ts.addGraphRoads(layers, bound, z)
	if z >= farmPointZoom {
		layers = append(layers, ts.farmLayer(bound))
	} else {
		cells, err := ts.cellsAt(farmCellRes(z))
		if err != nil {
			return nil, err
		}
		layers = append(layers, featureLayer("farm_cells", cells, bound, nil))
	}
	layers.ProjectToTile(t)
	layers.Clip(mvt.MapboxGLDefaultExtentBound)
	layers.Simplify(simplify.DouglasPeucker(simplifyPixels))
	layers.RemoveEmpty(1.0, 1.0)
	raw, err := mvt.Marshal(layers)
	if err != nil {
		return nil, err
	}
	return gzipBytes(raw)
}

// gzipWriters are reused: a fresh gzip.Writer allocates about 800 KB of
// tables, more than most tiles weigh.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

func gzipBytes(raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(raw)/3 + 64)
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// featureLayer copies the lines or areas of a meeting bound that keep
// accepts (nil: all). ProjectToTile rewrites coordinates in place, so the
// stored geometry is cloned.
func featureLayer(name string, a *indexedFeatures, bound orb.Bound, keep func(i int32) bool) *mvt.Layer {
	fs := make([]*geojson.Feature, 0, 16)
	a.query(bound, func(i int32) {
		if keep != nil && !keep(i) {
			return
		}
		f := geojson.NewFeature(orb.Clone(a.geoms[i]))
		f.Properties = a.props[i]
		fs = append(fs, f)
	})
	return &mvt.Layer{Name: name, Version: 2, Extent: mvt.DefaultExtent, Features: fs}
}

func pointLayer(name string, pts *indexedFeatures, bound orb.Bound) *mvt.Layer {
	fs := make([]*geojson.Feature, 0, 8)
	for i, g := range pts.geoms {
		if bound.Contains(g.(orb.Point)) {
			f := geojson.NewFeature(g)
			f.Properties = pts.props[i]
			fs = append(fs, f)
		}
	}
	return &mvt.Layer{Name: name, Version: 2, Extent: mvt.DefaultExtent, Features: fs}
}

// farmLayer is every farm inside bound, found through the farm grid.
func (ts *tileSet) farmLayer(bound orb.Bound) *mvt.Layer {
	fs := make([]*geojson.Feature, 0, 256)
	ds := ts.ds
	ts.farmGrid.points(bound, func(i int32) {
		fm := &ds.Farms[i]
		if !bound.Contains(fm.Point) {
			return
		}
		f := geojson.NewFeature(fm.Point)
		f.Properties = geojson.Properties{"commodity": ts.commodityIDs[fm.Commodity], "tonnes": round(fm.Tonnes, 1)}
		fs = append(fs, f)
	})
	return &mvt.Layer{Name: "farms", Version: 2, Extent: mvt.DefaultExtent, Features: fs}
}
