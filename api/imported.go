package api

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"

	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

// maxNetworkRoads bounds the road features of one /v1/network answer on an
// imported network (a country extract has millions): a larger box is
// refused with a pointer to the tiles. maxTileRoads bounds a tile's.
const (
	maxNetworkRoads = 50_000
	maxTileRoads    = 50_000
)

// importedGraph returns the network's graph if it was imported from
// OpenStreetMap (its edges carry shapes; its roads are not in the
// dataset), else nil.
func importedGraph(nw *corridor.Network) *network.Graph {
	if nw.Graph.HasShapes() {
		return nw.Graph
	}
	return nil
}

// graphRoads returns the road edges of an imported graph g (one feature
// per two-way road) that may cross bound and whose class keep accepts, up
// to limit features; ok is false when more than limit matched. With g nil
// (the dataset's own network, whose roads come from the dataset) it
// returns nothing.
func graphRoads(g *network.Graph, bound orb.Bound, keep func(network.Class) bool, limit int) (fs []*geojson.Feature, ok bool) {
	if g == nil {
		return nil, true
	}
	roads := g.Roads()
	for _, e := range g.RoadEdgesIn(bound, nil) {
		if !keep(g.Class(e)) {
			continue
		}
		if len(fs) == limit {
			return fs, false
		}
		f := geojson.NewFeature(g.AppendGeometry(nil, e))
		f.Properties = geojson.Properties{"class": g.Class(e).String(), "edge": e,
			"length_m": round(g.Length(e), 0), "truck_speed_kmh": g.Speed(e), "oneway": g.Twin(e) == network.None}
		if ri := g.Road(e); ri != network.None {
			f.Properties["id"], f.Properties["name"] = roads[ri].ID, roads[ri].Name
			if roads[ri].Ref != "" {
				f.Properties["ref"] = roads[ri].Ref
			}
		}
		fs = append(fs, f)
	}
	return fs, true
}

// addGraphRoads adds an imported graph's roads to a tile's "roads" layer,
// each class from its minRoadZoom as for the dataset's roads.
func (ts *tileSet) addGraphRoads(layers mvt.Layers, bound orb.Bound, z int) {
	if ts.graph == nil {
		return
	}
	keep := func(c network.Class) bool {
		mz, ok := minRoadZoom[c.String()]
		if !ok {
			mz = defaultMinRoadZoom
		}
		return z >= mz
	}
	roads, _ := graphRoads(ts.graph, bound, keep, maxTileRoads)
	for _, l := range layers {
		if l.Name == "roads" {
			l.Features = append(l.Features, roads...)
		}
	}
}
