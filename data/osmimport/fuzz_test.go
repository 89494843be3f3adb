package osmimport_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/lumbung-id/lumbung/data/osmimport"
)

// FuzzImport feeds arbitrary bytes to the importer as an .osm (XML) or an
// .osm.pbf file: it returns a graph or one of the package's errors, never
// panics.
func FuzzImport(f *testing.F) {
	f.Add(false, []byte(`<osm><node id="1" lat="0" lon="0"/><node id="2" lat="0" lon="0.01"/>`+
		`<way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way></osm>`))
	f.Add(false, []byte(`<osm><way id="1"><nd ref="9"/><tag k="highway" v="motorway"/><tag k="oneway" v="-1"/></way></osm>`))
	f.Add(false, []byte(`<osm`))
	if b, err := os.ReadFile("testdata/gen2k_s42.osm.pbf"); err == nil {
		f.Add(true, b[:len(b)/3])
		f.Add(true, b)
	}
	f.Fuzz(func(t *testing.T, pbf bool, b []byte) {
		name := "f.osm"
		if pbf {
			name = "f.osm.pbf"
		}
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		g, _, err := osmimport.Import(path, osmimport.Options{Procs: 1})
		if err != nil {
			for _, s := range []error{osmimport.ErrFormat, osmimport.ErrCorrupt, osmimport.ErrNoRoads, osmimport.ErrEmptyBBox} {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("error %v is none of the package's sentinels", err)
		}
		if g.NumNodes() == 0 {
			t.Fatal("a graph without nodes and no error")
		}
	})
}
