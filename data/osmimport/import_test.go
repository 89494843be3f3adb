package osmimport_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/lumbung-id/lumbung/data/osmimport"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

// reachesAll reports whether every node reaches node 0 and node 0 reaches
// every node (the graph is strongly connected).
func reachesAll(g *network.Graph) bool {
	n := g.NumNodes()
	for _, backward := range []bool{false, true} {
		seen := make([]bool, n)
		seen[0] = true
		stack := []network.NodeID{0}
		count := 1
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			var next []network.NodeID
			if backward {
				for _, e := range g.InEdges(u) {
					next = append(next, g.Tail(e))
				}
			} else {
				lo, hi := g.Edges(u)
				for e := lo; e < hi; e++ {
					next = append(next, g.Head(e))
				}
			}
			for _, v := range next {
				if !seen[v] {
					seen[v] = true
					count++
					stack = append(stack, v)
				}
			}
		}
		if count != n {
			return false
		}
	}
	return true
}

func TestImportFiles(t *testing.T) {
	tests := []struct {
		file                  string
		nodes, edges, ferries int
	}{
		// gen_osm2.py --nodes 2000 --seed 42, as XML and as PBF.
		{"testdata/gen2k_s42.osm", 347, 1030, 1},
		{"testdata/gen2k_s42.osm.pbf", 347, 1030, 1},
		// A real OpenStreetMap extract (West Oakland, from Debian's
		// python-osmnx-doc; ODbL, © OpenStreetMap contributors).
		{"testdata/west-oakland.osm", 22, 51, 0},
		{"testdata/west-oakland.osm.pbf", 22, 51, 0},
		{"testdata/west-oakland.osm.bz2", 22, 51, 0}, // as Debian ships it
	}
	for _, tc := range tests {
		g, st, err := osmimport.Import(tc.file, osmimport.Options{Procs: 2})
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if g.NumNodes() != tc.nodes || g.NumEdges() != tc.edges || st.Ferries != tc.ferries {
			t.Errorf("%s: got %d nodes, %d edges, %d ferries; want %d, %d, %d", tc.file,
				g.NumNodes(), g.NumEdges(), st.Ferries, tc.nodes, tc.edges, tc.ferries)
		}
		if !reachesAll(g) {
			t.Errorf("%s: graph is not strongly connected", tc.file)
		}
		if st.GraphNodes+st.Shape/2 > st.Nodes {
			t.Errorf("%s: %d graph nodes and %d shape points from %d OSM nodes", tc.file, st.GraphNodes, st.Shape, st.Nodes)
		}
	}
}

// The generated network's one ferry (duration=02:00) joins its two land
// masses both ways.
func TestGeneratedFerry(t *testing.T) {
	g, _, err := osmimport.Import("testdata/gen2k_s42.osm.pbf", osmimport.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ferries []network.EdgeID
	for e := network.EdgeID(0); e < network.EdgeID(g.NumEdges()); e++ {
		if g.Class(e) == network.Ferry {
			ferries = append(ferries, e)
		}
	}
	if len(ferries) != 2 || g.Twin(ferries[0]) != ferries[1] {
		t.Fatalf("got ferry edges %v, want a two-way pair", ferries)
	}
	s := g.Services()[g.FerryService(ferries[0])]
	if s.CrossingSeconds != 7200 || len(g.Shape(ferries[0])) == 0 {
		t.Errorf("got crossing %v s with %d shape points, want 7200 s along the sea route", s.CrossingSeconds, len(g.Shape(ferries[0])))
	}
}

func Example() {
	g, st, err := osmimport.Import("testdata/west-oakland.osm.pbf", osmimport.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d of %d ways kept: %d nodes, %d edges\n", st.KeptWays, st.Ways, g.NumNodes(), g.NumEdges())
	// Output: 19 of 66 ways kept: 22 nodes, 51 edges
}

func BenchmarkImport(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, _, err := osmimport.Import("testdata/gen2k_s42.osm.pbf", osmimport.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestGzipXML(t *testing.T) {
	raw, err := os.ReadFile("testdata/west-oakland.osm")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(raw)
	zw.Close()
	path := filepath.Join(t.TempDir(), "west-oakland.osm.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	g, _, err := osmimport.Import(path, osmimport.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if g.NumNodes() != 22 || g.NumEdges() != 51 {
		t.Errorf("got %d nodes, %d edges; want 22, 51", g.NumNodes(), g.NumEdges())
	}
}
