package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lumbung-id/lumbung/data/osmimport"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

const genPBF = "../../data/osmimport/testdata/gen2k_s42.osm.pbf"

func TestRunImport(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "net.lnet")
	var buf bytes.Buffer
	if err := run([]string{"import", "-osm", genPBF, "-out", out}, &buf, &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "347 nodes") {
		t.Errorf("got %q, want the graph's size", buf.String())
	}
	g, err := network.LoadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if g.NumNodes() != 347 || !g.HasShapes() {
		t.Errorf("got %d nodes, shapes %v", g.NumNodes(), g.HasShapes())
	}
	c, err := openCorridor(out, func(string, ...any) {})
	if err != nil {
		t.Fatal(err)
	}
	if c.Imported == nil || c.Network.Graph.NumNodes() != 347 {
		t.Errorf("corridor not on the imported graph")
	}
}

// A failed import names the problem and leaves no file behind.
func TestRunImportBadInput(t *testing.T) {
	dir := t.TempDir()
	pbf, err := os.ReadFile(genPBF)
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "cut.osm.pbf")
	if err := os.WriteFile(truncated, pbf[:len(pbf)/3], 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.lnet")
	tests := []struct {
		args []string
		want error
	}{
		{[]string{"import", "-osm", truncated, "-out", out}, osmimport.ErrCorrupt},
		{[]string{"import", "-osm", genPBF, "-bbox", "0,0,1,1", "-out", out}, osmimport.ErrEmptyBBox},
		{[]string{"import", "-osm", genPBF, "-bbox", "1,2,3", "-out", out}, nil},
		{[]string{"import", "-osm", genPBF}, nil},
		{[]string{"import", "-osm", genPBF, "-out", filepath.Join(dir, "missing", "out.lnet")}, os.ErrNotExist},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		err := run(tc.args, &buf, &buf)
		if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%q: got %v, want %v", tc.args, err, tc.want)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("got %d files in the output directory, want only the input", len(entries))
	}
	if _, err := openCorridor(truncated, func(string, ...any) {}); !errors.Is(err, network.ErrFormat) {
		t.Errorf("serving an OSM file as a graph: got %v, want ErrFormat", err)
	}
}
