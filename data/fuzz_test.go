package data

import (
	"errors"
	"io/fs"
	"path"
	"testing"
	"testing/fstest"
)

// fuzzFiles are the dataset's hand-edited files: FuzzLoad replaces one of
// them with the fuzzer's bytes and loads the embedded dataset around it.
var fuzzFiles = []string{"dataset.json", "commodities.json", "regencies.json", "roads.geojson",
	"ferries.json", "markets.geojson", "vehicles.json", "feeder.json", "farms.json", "tolls.json"}

// overlay is the embedded dataset with one file replaced.
type overlay struct {
	base fs.FS
	name string
	data []byte
}

func (o overlay) Open(name string) (fs.File, error) {
	if name == o.name {
		return fstest.MapFS{name: {Data: o.data}}.Open(name)
	}
	return o.base.Open(name)
}

// FuzzLoad: whatever a dataset file holds, Load returns a dataset or a
// *LoadError naming the file; it never panics.
func FuzzLoad(f *testing.F) {
	for i, name := range fuzzFiles {
		b, err := fs.ReadFile(embedded, path.Join(DefaultName, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b)
		f.Add(uint8(i), []byte(`{}`))
		f.Add(uint8(i), b[:len(b)/2])
	}
	f.Fuzz(func(t *testing.T, which uint8, b []byte) {
		name := fuzzFiles[int(which)%len(fuzzFiles)]
		_, err := Load(overlay{embedded, path.Join(DefaultName, name), b}, DefaultName)
		if err == nil {
			return
		}
		var le *LoadError
		if !errors.As(err, &le) {
			t.Fatalf("%s: error %v (%T) is not a *LoadError", name, err, err)
		}
	})
}
