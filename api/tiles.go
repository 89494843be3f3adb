package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/simplify"
)

// Tile limits: farms are drawn from zoom 8 on (a whole-province tile would
// hold all 125,000 points), and at most maxTileFeatures per layer.
const (
	maxTileZoom      = 18
	minFarmZoom      = 8
	maxTileFeatures  = 50_000
	mvtContentType   = "application/vnd.mapbox-vector-tile"
	tileBufferPixels = 0.02
)

// tile serves Mapbox Vector Tiles (gzipped) with layers "roads", "farms",
// "markets" and "ports" for map frontends that cannot take the whole
// network or all farms as GeoJSON.
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
	t := maptile.New(uint32(x), uint32(y), maptile.Zoom(z))
	bound := t.Bound(tileBufferPixels)
	layers := map[string]*geojson.FeatureCollection{
		"roads": geojson.NewFeatureCollection(), "farms": geojson.NewFeatureCollection(),
		"markets": geojson.NewFeatureCollection(), "ports": geojson.NewFeatureCollection(),
	}
	ds := s.ds
	for _, rd := range ds.Roads {
		line := append(append(orb.LineString{ds.Junctions[s.nw.Junction[rd.From]].Point}, rd.Via...),
			ds.Junctions[s.nw.Junction[rd.To]].Point)
		if !line.Bound().Intersects(bound) {
			continue
		}
		f := geojson.NewFeature(line)
		f.Properties = geojson.Properties{"id": rd.ID, "name": rd.Name, "class": rd.Class}
		layers["roads"].Append(f)
	}
	if z >= minFarmZoom {
		for i := range ds.Farms {
			fm := &ds.Farms[i]
			if !bound.Contains(fm.Point) || len(layers["farms"].Features) >= maxTileFeatures {
				continue
			}
			f := geojson.NewFeature(fm.Point)
			f.Properties = geojson.Properties{"commodity": ds.Commodities[fm.Commodity].ID,
				"tonnes": fm.Tonnes, "cell": fm.Cell.String()}
			layers["farms"].Append(f)
		}
	}
	for _, m := range ds.Markets {
		if bound.Contains(m.Point) {
			f := geojson.NewFeature(m.Point)
			f.Properties = geojson.Properties{"id": m.ID, "name": m.Name}
			layers["markets"].Append(f)
		}
	}
	for _, p := range ds.Ports {
		if bound.Contains(p.Point) {
			f := geojson.NewFeature(p.Point)
			f.Properties = geojson.Properties{"id": p.ID, "name": p.Name}
			layers["ports"].Append(f)
		}
	}
	ls := mvt.NewLayers(layers)
	ls.ProjectToTile(t)
	ls.Clip(mvt.MapboxGLDefaultExtentBound)
	ls.Simplify(simplify.DouglasPeucker(1.0))
	ls.RemoveEmpty(1.0, 1.0)
	body, err := mvt.MarshalGzipped(ls)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", mvtContentType)
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, err = w.Write(body)
	return err
}
