package data

import (
	"errors"
	"io/fs"
	"path"
	"slices"

	"github.com/paulmach/orb"
)

// fileProtected is optional: a dataset without it has no protected areas.
const fileProtected = "protected.geojson"

var protectedKindList = []string{"national_park", "grand_forest_park", "protected_forest"}

type protectedJSON struct {
	Name        string  `json:"name"`
	Kind        string  `json:"kind"`
	AreaKm2     float64 `json:"area_km2"`
	AreaSource  string  `json:"area_source"`
	LandAreaKm2 float64 `json:"land_area_km2"` // informational, written by the generator
	Approximate bool    `json:"approximate"`
	Source      string  `json:"source"`
}

// loadProtected reads protected.geojson: one Polygon or MultiPolygon feature
// per protected area.
func (l *dsLoader) loadProtected() error {
	if _, err := fs.Stat(l.fsys, path.Join(l.dir, fileProtected)); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	feats, err := l.uniqueFeatures(fileProtected, "protected area")
	if err != nil {
		return err
	}
	for _, uf := range feats {
		f, id, fw := uf.f, uf.id, uf.at
		var p protectedJSON
		if err := decodeStrict(f.Properties, &p); err != nil {
			return fw.fail("properties", ErrSyntax, "%v", err)
		}
		for _, r := range [][2]string{{"name", p.Name}, {"kind", p.Kind}, {"source", p.Source}} {
			if err := checkRequired(fw, r[0], r[1]); err != nil {
				return err
			}
		}
		if !slices.Contains(protectedKindList, p.Kind) {
			return fw.fail("kind", ErrRange, "unknown protected-area kind %q (want one of %v)", p.Kind, protectedKindList)
		}
		if err := checkNonNegative(fw, "area_km2", p.AreaKm2); err != nil {
			return err
		}
		if p.AreaKm2 > 0 {
			if err := checkRequired(fw, "area_source", p.AreaSource); err != nil {
				return err
			}
		}
		g, err := parseGeometry(f.Geometry)
		if err != nil {
			return fw.fail("geometry", ErrGeometry, "%v", err)
		}
		var mp orb.MultiPolygon
		switch g := g.(type) {
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			mp = g
		default:
			return fw.fail("geometry", ErrGeometry, "want Polygon or MultiPolygon, got %s", g.GeoJSONType())
		}
		if len(mp) == 0 {
			return fw.fail("geometry", ErrGeometry, "no polygon")
		}
		for _, poly := range mp {
			if len(poly) == 0 {
				return fw.fail("geometry", ErrGeometry, "polygon without rings")
			}
			for _, ring := range poly {
				if len(ring) < 4 {
					return fw.fail("geometry", ErrGeometry, "ring has %d points, want ≥ 4", len(ring))
				}
				if err := checkLine(fw, "geometry", orb.LineString(ring)); err != nil {
					return err
				}
			}
		}
		src := p.Source
		if p.AreaSource != "" {
			src += "; area: " + p.AreaSource
		}
		l.ds.Protected = append(l.ds.Protected, ProtectedArea{ID: id, Name: p.Name, Kind: p.Kind, Boundary: mp,
			AreaKm2: p.AreaKm2, Approximate: p.Approximate, Source: src})
	}
	return nil
}
