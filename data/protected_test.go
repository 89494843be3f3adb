package data

import (
	"errors"
	"io/fs"
	"math"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb"
)

// TestFarmsOutsideProtectedByGeomOracle checks every farm of the default
// dataset against every protected area with go-geom's point-in-polygon, an
// implementation independent of the generator's, and that each regency's
// tonnes still sum to its production figure.
func TestFarmsOutsideProtectedByGeomOracle(t *testing.T) {
	ds := mustDefault(t)
	if len(ds.Protected) < 3 {
		t.Fatalf("got %d protected areas, want at least Way Kambas, Bukit Barisan Selatan and Tahura WAR", len(ds.Protected))
	}
	for _, a := range ds.Protected {
		b := a.Boundary.Bound()
		for _, f := range ds.Farms {
			if b.Contains(f.Point) && insideGeom(a.Boundary, f.Point) {
				t.Fatalf("farm %d (%s) at %v lies inside %s", f.ID, ds.Regencies[f.Regency].Name, f.Point, a.Name)
			}
		}
	}
	type key struct{ r, c int }
	sums := map[key]float64{}
	for _, f := range ds.Farms {
		sums[key{int(f.Regency), int(f.Commodity)}] += f.Tonnes
	}
	for ri, r := range ds.Regencies {
		for ci, c := range ds.Commodities {
			want := r.Production[c.ID].Value
			if got := sums[key{ri, ci}]; math.Abs(got-want) > 1e-9*max(1, want) {
				t.Errorf("%s %s: farms sum to %.6f t, want %.6f t", r.Name, c.ID, got, want)
			}
		}
	}
}

// TestProtectedAreasBind shows that the test above can fail: without
// protected.geojson, farms of the default dataset fall inside the parks.
func TestProtectedAreasBind(t *testing.T) {
	ds := mustDefault(t)
	sub, err := fs.Sub(embedded, DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == fileProtected {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		fsys["ds/"+p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	open, err := Load(fsys, "ds")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range ds.Protected {
		n := 0
		tonnes := map[string]float64{}
		for _, f := range open.Farms {
			if insideGeom(a.Boundary, f.Point) {
				n++
				tonnes[open.Commodities[f.Commodity].ID] += f.Tonnes
			}
		}
		t.Logf("%s: %d farms, tonnes %v without the exclusion", a.Name, n, tonnes)
		if n == 0 {
			t.Errorf("%s: no farm would fall inside it without the exclusion; the outline misses the farmland", a.Name)
		}
	}
}

func TestLoadProtectedErrors(t *testing.T) {
	square := `{"type":"Polygon","coordinates":[[[105.4,-5.6],[105.45,-5.6],[105.45,-5.55],[105.4,-5.55],[105.4,-5.6]]]}`
	feature := func(id, geom, props string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","id":` + id + `,"geometry":` + geom + `,"properties":` + props + `}]}`
	}
	ok := `{"name":"Park","kind":"national_park","area_km2":30,"area_source":"test","approximate":true,"source":"test"}`
	for _, c := range []struct {
		name, file string
		err        error
		field      string
	}{
		{"no id", feature(`null`, square, ok), ErrMissingField, "id"},
		{"bad kind", feature(`"p"`, square, `{"name":"Park","kind":"zoo","source":"test"}`), ErrRange, "kind"},
		{"no source", feature(`"p"`, square, `{"name":"Park","kind":"national_park"}`), ErrMissingField, "source"},
		{"area without source", feature(`"p"`, square, `{"name":"Park","kind":"national_park","area_km2":3,"source":"t"}`), ErrMissingField, "area_source"},
		{"unknown field", feature(`"p"`, square, `{"name":"Park","kind":"national_park","source":"t","colour":"green"}`), ErrSyntax, "properties"},
		{"point", feature(`"p"`, `{"type":"Point","coordinates":[105.4,-5.6]}`, ok), ErrGeometry, "geometry"},
		{"short ring", feature(`"p"`, `{"type":"Polygon","coordinates":[[[105.4,-5.6],[105.45,-5.6],[105.4,-5.6]]]}`, ok), ErrGeometry, "geometry"},
		{"bad coordinate", feature(`"p"`, `{"type":"Polygon","coordinates":[[[105.4,-95.6],[105.45,-5.6],[105.45,-5.55],[105.4,-95.6]]]}`, ok), ErrRange, "geometry"},
	} {
		_, err := Load(tinyFS(func(m map[string]string) { m[fileProtected] = c.file }), "tiny")
		var le *LoadError
		if !errors.Is(err, c.err) || !errors.As(err, &le) || le.File != fileProtected || le.Field != c.field {
			t.Errorf("%s: got %v, want %v in %s field %q", c.name, err, c.err, fileProtected, c.field)
		}
	}
}

// TestLoadProtectedExcludesFarms: in the tiny dataset a park over half the
// regency leaves every farm in the other half, and the tonnes still sum.
func TestLoadProtectedExcludesFarms(t *testing.T) {
	park := orb.Polygon{{{105, -6}, {105.5, -6}, {105.5, -5}, {105, -5}, {105, -6}}}
	ds, err := Load(tinyFS(func(m map[string]string) {
		m[fileProtected] = `{"type":"FeatureCollection","features":[{"type":"Feature","id":"west","geometry":{"type":"Polygon","coordinates":[[[105,-6],[105.5,-6],[105.5,-5],[105,-5],[105,-6]]]},"properties":{"name":"West","kind":"protected_forest","source":"test"}}]}`
	}), "tiny")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Protected) != 1 || ds.Protected[0].ID != "west" {
		t.Fatalf("got protected areas %+v", ds.Protected)
	}
	sum := 0.0
	for _, f := range ds.Farms {
		sum += f.Tonnes
		if insideGeom(orb.MultiPolygon{park}, f.Point) {
			t.Errorf("farm %d at %v lies in the park", f.ID, f.Point)
		}
	}
	if math.Abs(sum-100) > 1e-9 {
		t.Errorf("farms sum to %g t, want 100", sum)
	}
}
