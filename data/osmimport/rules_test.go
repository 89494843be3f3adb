package osmimport_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/data/osmimport"
	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

// The fixture: a two-way residential square A-B-C-D, a two-way return road
// E-G-C, and the way under test B-F-E (F a shape node), so that B and E stay
// strongly connected whatever the test way allows.
var fixtureNodes = map[string]orb.Point{
	"A": {105.00, -5.00}, "B": {105.01, -5.00}, "C": {105.01, -5.01}, "D": {105.00, -5.01},
	"E": {105.02, -5.00}, "F": {105.015, -4.995}, "G": {105.02, -5.01},
	"X": {105.05, -5.05}, "Y": {105.06, -5.05}, "H": {105.01, -4.99},
}

var nodeIDs = map[string]int{"A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "X": 8, "Y": 9, "H": 10}

func way(id int, nodes string, tags ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  <way id=\"%d\" version=\"1\">\n", id)
	for _, n := range strings.Split(nodes, ",") {
		fmt.Fprintf(&b, "    <nd ref=\"%d\"/>\n", nodeIDs[n])
	}
	for i := 0; i+1 < len(tags); i += 2 {
		fmt.Fprintf(&b, "    <tag k=%q v=%q/>\n", tags[i], tags[i+1])
	}
	b.WriteString("  </way>\n")
	return b.String()
}

func osmXML(ways ...string) string {
	var b strings.Builder
	b.WriteString("<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\" generator=\"hand\">\n")
	for _, name := range []string{"A", "B", "C", "D", "E", "F", "G", "X", "Y", "H"} {
		p := fixtureNodes[name]
		fmt.Fprintf(&b, "  <node id=\"%d\" version=\"1\" lat=\"%.7f\" lon=\"%.7f\"/>\n", nodeIDs[name], p[1], p[0])
	}
	for _, w := range ways {
		b.WriteString(w)
	}
	b.WriteString("</osm>\n")
	return b.String()
}

func write(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// importFixture imports the fixture with the test way tagged as given.
func importFixture(t *testing.T, tags ...string) *network.Graph {
	t.Helper()
	xml := osmXML(
		way(1, "A,B,C,D,A", "highway", "residential"),
		way(2, "E,G,C", "highway", "residential", "name", "Jalan Kembali"),
		way(3, "B,F,E", tags...),
	)
	g, _, err := osmimport.Import(write(t, "fixture.osm", xml), osmimport.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func node(t *testing.T, g *network.Graph, name string) network.NodeID {
	t.Helper()
	for v := network.NodeID(0); v < network.NodeID(g.NumNodes()); v++ {
		if g.Point(v) == fixtureNodes[name] {
			return v
		}
	}
	return network.None
}

// between returns the edges from node a to node b.
func between(t *testing.T, g *network.Graph, a, b string) []network.EdgeID {
	u, v := node(t, g, a), node(t, g, b)
	if u == network.None || v == network.None {
		return nil
	}
	var out []network.EdgeID
	lo, hi := g.Edges(u)
	for e := lo; e < hi; e++ {
		if g.Head(e) == v {
			out = append(out, e)
		}
	}
	return out
}

func TestTaggingRules(t *testing.T) {
	tests := []struct {
		name           string
		tags           []string
		fwd, back      bool
		class          network.Class
		speed          float64
		toll, ferrySec float64
	}{
		{"two-way residential", []string{"highway", "residential"}, true, true, network.Feeder, 25, 0, 0},
		{"oneway=yes", []string{"highway", "residential", "oneway", "yes"}, true, false, network.Feeder, 25, 0, 0},
		{"oneway=-1", []string{"highway", "residential", "oneway", "-1"}, false, true, network.Feeder, 25, 0, 0},
		{"motorway implies oneway", []string{"highway", "motorway"}, true, false, network.Trunk, 80, 0, 0},
		{"motorway oneway=no", []string{"highway", "motorway", "oneway", "no"}, true, true, network.Trunk, 80, 0, 0},
		{"roundabout implies oneway", []string{"highway", "primary", "junction", "roundabout"}, true, false, network.Primary, 50, 0, 0},
		{"maxspeed", []string{"highway", "secondary", "maxspeed", "60"}, true, true, network.Secondary, 60, 0, 0},
		{"maxspeed mph", []string{"highway", "secondary", "maxspeed", "30 mph"}, true, true, network.Secondary, 30 * 1.609344, 0, 0},
		{"maxspeed:hgv first", []string{"highway", "trunk", "maxspeed", "80", "maxspeed:hgv", "40"}, true, true, network.Trunk, 40, 0, 0},
		{"maxspeed country code", []string{"highway", "tertiary", "maxspeed", "ID:urban"}, true, true, network.Feeder, 50, 0, 0},
		{"maxspeed none: class default", []string{"highway", "tertiary", "maxspeed", "none"}, true, true, network.Feeder, 40, 0, 0},
		{"access=no, hgv=yes", []string{"highway", "residential", "access", "no", "hgv", "yes"}, true, true, network.Feeder, 25, 0, 0},
		{"toll=yes on a motorway", []string{"highway", "motorway", "toll", "yes", "maxspeed", "100"}, true, false, network.Toll, 100, 1, 0},
		{"toll=yes on a primary", []string{"highway", "primary", "toll", "yes"}, true, true, network.Primary, 50, 1, 0},
		{"ferry with duration", []string{"route", "ferry", "duration", "01:30"}, true, true, network.Ferry, 0, 0, 5400},
		{"ferry ISO duration", []string{"route", "ferry", "duration", "PT45M"}, true, true, network.Ferry, 0, 0, 2700},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := importFixture(t, tc.tags...)
			fwd, back := between(t, g, "B", "E"), between(t, g, "E", "B")
			if (len(fwd) == 1) != tc.fwd || (len(back) == 1) != tc.back || len(fwd) > 1 || len(back) > 1 {
				t.Fatalf("got %d edges B→E and %d E→B, want %v %v", len(fwd), len(back), tc.fwd, tc.back)
			}
			for _, e := range append(fwd, back...) {
				if g.Class(e) != tc.class {
					t.Errorf("class: got %v, want %v", g.Class(e), tc.class)
				}
				if tc.class != network.Ferry && math.Abs(g.Speed(e)-tc.speed) > 1e-3 {
					t.Errorf("speed: got %v, want %v", g.Speed(e), tc.speed)
				}
				// the chain B-F-E is one edge keeping F as its shape
				if sh := g.Shape(e); len(sh) != 1 || sh[0] != fixtureNodes["F"] {
					t.Errorf("shape: got %v, want [F]", sh)
				}
				want := float64(geo.Distance(fixtureNodes["B"], fixtureNodes["F"]) + geo.Distance(fixtureNodes["F"], fixtureNodes["E"]))
				if math.Abs(g.Length(e)-want) > 0.01 {
					t.Errorf("length: got %v, want %v", g.Length(e), want)
				}
				wantToll := tc.toll * osmimport.DefaultTollPerKm[4] * want / 1000
				if got := g.Toll(e, 5); math.Abs(got-wantToll) > 0.5 {
					t.Errorf("toll class V: got %v, want %v", got, wantToll)
				}
				if tc.ferrySec > 0 {
					s := g.Services()[g.FerryService(e)]
					if s.CrossingSeconds != tc.ferrySec || s.HeadwaySeconds != osmimport.DefaultFerryHeadway {
						t.Errorf("ferry: got crossing %v headway %v, want %v", s.CrossingSeconds, s.HeadwaySeconds, tc.ferrySec)
					}
				}
			}
		})
	}
}

func TestTruckRestrictionsDropTheWay(t *testing.T) {
	for _, tags := range [][]string{
		{"highway", "residential", "access", "no"},
		{"highway", "residential", "access", "private"},
		{"highway", "primary", "hgv", "no"},
		{"highway", "primary", "motor_vehicle", "no"},
		{"highway", "primary", "motor_vehicle", "agricultural"},
		{"highway", "residential", "oneway", "reversible"},
		{"highway", "service", "service", "parking_aisle"},
		{"highway", "footway"},
		{"highway", "track"},
		{"highway", "construction"},
		{"route", "ferry", "motor_vehicle", "no"},
		{"building", "yes"},
	} {
		g := importFixture(t, tags...)
		if n := len(between(t, g, "B", "E")) + len(between(t, g, "E", "B")); n != 0 {
			t.Errorf("%v: got %d edges between B and E, want none", tags, n)
		}
	}
}

// Islands and one-way dead ends are dropped: every kept node can reach and
// be reached from every other.
func TestKeepsTheStronglyConnectedCore(t *testing.T) {
	xml := osmXML(
		way(1, "A,B,C,D,A", "highway", "residential"),
		way(2, "X,Y", "highway", "primary"),                      // island
		way(3, "B,H", "highway", "residential", "oneway", "yes"), // one-way dead end
	)
	g, st, err := osmimport.Import(write(t, "islands.osm", xml), osmimport.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"X", "Y", "H"} {
		if node(t, g, n) != network.None {
			t.Errorf("node %s kept", n)
		}
	}
	if g.NumNodes() != 2 || st.Dropped != 3 {
		t.Errorf("got %d nodes (%d dropped), want 2 (A, B) and 3 dropped", g.NumNodes(), st.Dropped)
	}
}

func TestBadInput(t *testing.T) {
	pbf, err := os.ReadFile("testdata/gen2k_s42.osm.pbf")
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), pbf...)
	for i := 200; i < 260; i++ {
		flipped[i] ^= 0xff
	}
	tests := []struct {
		name, file string
		data       []byte
		bbox       *orb.Bound
		want       error
	}{
		{"truncated PBF", "t.osm.pbf", pbf[:len(pbf)/2], nil, osmimport.ErrCorrupt},
		{"truncated PBF header", "h.osm.pbf", pbf[:40], nil, osmimport.ErrCorrupt},
		{"corrupt PBF", "c.osm.pbf", flipped, nil, osmimport.ErrCorrupt},
		{"truncated XML", "t.osm", []byte(osmXML(way(1, "A,B", "highway", "primary"))[:300]), nil, osmimport.ErrCorrupt},
		{"corrupt bzip2", "c.osm.bz2", []byte("BZh91AY&SY this is not bzip2 data"), nil, osmimport.ErrCorrupt},
		{"corrupt gzip", "c.osm.gz", []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3}, nil, osmimport.ErrCorrupt},
		{"not OSM", "n.osm.pbf", []byte("PK\x03\x04 this is a zip file, not OSM data at all"), nil, osmimport.ErrFormat},
		{"no roads", "f.osm", []byte(osmXML(way(1, "A,B,C", "highway", "footway"), way(2, "D,E", "building", "yes"))), nil, osmimport.ErrNoRoads},
		{"nodes missing", "m.osm", []byte("<osm version=\"0.6\">" + way(1, "A,B", "highway", "primary") + "</osm>"), nil, osmimport.ErrNoRoads},
		{"empty bbox", "b.osm", []byte(osmXML(way(1, "A,B,C,D,A", "highway", "residential"))), &orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}}, osmimport.ErrEmptyBBox},
		{"inverted bbox", "b.osm", []byte(osmXML(way(1, "A,B,C,D,A", "highway", "residential"))), &orb.Bound{Min: orb.Point{106, 0}, Max: orb.Point{105, 1}}, osmimport.ErrBBox},
	}
	for _, tc := range tests {
		_, _, err := osmimport.Import(write(t, tc.file, string(tc.data)), osmimport.Options{BBox: tc.bbox})
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}

// A bounding box cuts ways where they leave it.
func TestBBoxCutsWays(t *testing.T) {
	xml := osmXML(way(1, "A,B,C,D,A", "highway", "residential"), way(2, "B,E,G,C", "highway", "residential"))
	box := orb.Bound{Min: orb.Point{104.99, -5.02}, Max: orb.Point{105.015, -4.99}}
	g, _, err := osmimport.Import(write(t, "bbox.osm", xml), osmimport.Options{BBox: &box})
	if err != nil {
		t.Fatal(err)
	}
	var pts []orb.Point
	for e := network.EdgeID(0); e < network.EdgeID(g.NumEdges()); e++ {
		pts = g.AppendGeometry(pts, e)
	}
	hasB := false
	for _, p := range pts {
		if !box.Contains(p) {
			t.Errorf("point %v outside the bbox", p)
		}
		hasB = hasB || p == fixtureNodes["B"]
	}
	if node(t, g, "E") != network.None || !hasB {
		t.Errorf("got E kept or B dropped")
	}
}

// Where one way ends and the next begins with the same attributes, the
// joint becomes a shape point of one edge; a change of speed keeps it.
func TestChainsMergeAcrossWays(t *testing.T) {
	for _, tc := range []struct {
		second    []string
		wantNodes int
	}{
		{[]string{"highway", "secondary", "name", "Jalan Satu"}, 2},
		{[]string{"highway", "secondary", "name", "Jalan Satu", "maxspeed", "30"}, 3},
		{[]string{"highway", "secondary", "name", "Jalan Satu", "oneway", "yes"}, 3},
	} {
		xml := osmXML(
			way(1, "A,B", "highway", "secondary", "name", "Jalan Satu"),
			way(2, "B,C", tc.second...),
			way(3, "C,D,A", "highway", "secondary", "name", "Jalan Dua"),
		)
		g, _, err := osmimport.Import(write(t, "chain.osm", xml), osmimport.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if g.NumNodes() != tc.wantNodes {
			t.Errorf("%v: got %d nodes, want %d", tc.second, g.NumNodes(), tc.wantNodes)
		}
	}
}

// A ferry route mapped as two ways is one crossing with the sum of their
// durations.
func TestFerryAcrossWays(t *testing.T) {
	xml := osmXML(
		way(1, "A,B,C,D,A", "highway", "residential"),
		way(2, "E,G,C", "highway", "residential", "name", "Jalan Kembali"),
		way(3, "B,F", "route", "ferry", "duration", "00:30", "name", "Selat"),
		way(4, "F,E", "route", "ferry", "duration", "01:00"),
	)
	g, st, err := osmimport.Import(write(t, "ferry.osm", xml), osmimport.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fwd, back := between(t, g, "B", "E"), between(t, g, "E", "B")
	if len(fwd) != 1 || len(back) != 1 || st.Ferries != 1 {
		t.Fatalf("got %d and %d ferry edges, %d services; want one two-way crossing", len(fwd), len(back), st.Ferries)
	}
	s := g.Services()[g.FerryService(fwd[0])]
	if s.CrossingSeconds != 5400 || s.Name != "Selat" || g.FerryService(back[0]) != g.FerryService(fwd[0]) {
		t.Errorf("got %+v, want one 5400 s crossing named Selat both ways", s)
	}
}
