package data

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/xy"
)

// insideGeom is an independent point-in-polygon test (go-geom's ray
// casting) for the farm generator, which uses orb's.
func insideGeom(mp orb.MultiPolygon, p orb.Point) bool {
	flat := func(r orb.Ring) []float64 {
		out := make([]float64, 0, 2*len(r))
		for _, q := range r {
			out = append(out, q[0], q[1])
		}
		return out
	}
	c := geom.Coord{p[0], p[1]}
	for _, poly := range mp {
		if len(poly) == 0 || !xy.IsPointInRing(geom.XY, c, flat(poly[0])) {
			continue
		}
		inHole := false
		for _, h := range poly[1:] {
			inHole = inHole || xy.IsPointInRing(geom.XY, c, flat(h))
		}
		if !inHole {
			return true
		}
	}
	return false
}

func TestFarmsInsideByGeomOracle(t *testing.T) {
	ds := mustDefault(t)
	prov := map[string]orb.MultiPolygon{}
	for _, p := range ds.Provinces {
		prov[p.Code] = p.Boundary
	}
	for i := 0; i < len(ds.Farms); i += 97 {
		f := ds.Farms[i]
		r := ds.Regencies[f.Regency]
		area := r.Boundary
		if area == nil {
			area = prov[r.Code[:2]]
		}
		if !insideGeom(area, f.Point) {
			t.Errorf("farm %d (%s) at %v: go-geom says outside its area", f.ID, r.Name, f.Point)
		}
	}
}
