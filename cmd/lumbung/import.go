package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/data/osmimport"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

// importCmd runs `lumbung import`: OSM file in, graph file out.
func importCmd(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	in := fs.String("osm", "", "OpenStreetMap extract: FILE.osm.pbf, or FILE.osm XML (plain, .bz2 or .gz)")
	bbox := fs.String("bbox", "", "keep only minLon,minLat,maxLon,maxLat")
	out := fs.String("out", "", "graph file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" || *out == "" {
		return errors.New("import: -osm and -out are required")
	}
	var opt osmimport.Options
	if *bbox != "" {
		b, err := parseBBox(*bbox)
		if err != nil {
			return fmt.Errorf("-bbox: %w", err)
		}
		opt.BBox = &b
	}
	start := time.Now()
	g, st, err := osmimport.Import(*in, opt)
	if err != nil {
		return err
	}
	if err := network.SaveFile(*out, g); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d ways (%d kept), %d OSM nodes → %d nodes, %d edges, %d shape points, %d ferries; %d junctions off the main component dropped; %s\n",
		*out, st.Ways, st.KeptWays, st.Nodes, st.GraphNodes, st.Edges, st.Shape, st.Ferries, st.Dropped,
		time.Since(start).Round(time.Millisecond))
	return nil
}

func parseBBox(s string) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return orb.Bound{}, fmt.Errorf("want minLon,minLat,maxLon,maxLat, got %q", s)
	}
	var v [4]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return orb.Bound{}, fmt.Errorf("want minLon,minLat,maxLon,maxLat, got %q", s)
		}
		v[i] = x
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
}

// openCorridor returns the embedded corridor, on its own roads when path is
// empty or on the graph file at path (written by `lumbung import`).
func openCorridor(path string, log func(msg string, args ...any)) (*corridor.Corridor, error) {
	if path == "" {
		return corridor.Default()
	}
	start := time.Now()
	g, err := network.LoadFile(path)
	if err != nil {
		return nil, err
	}
	ds, err := data.Default()
	if err != nil {
		return nil, err
	}
	c, err := corridor.FromGraph(ds, g)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	im := c.Imported
	plans := "yes"
	if im.NoPlans != nil {
		plans = im.NoPlans.Error()
	}
	log("imported network loaded", "plans", plans, "file", path, "nodes", g.NumNodes(), "edges", g.NumEdges(),
		"ferries", strings.Join(im.Ferries, ","), "unmatched_ferries", strings.Join(im.Unmatched, ","),
		"farms", im.Farms, "farms_outside", im.FarmsOutside, "markets", im.Markets, "markets_outside", im.MarketsOutside,
		"load", time.Since(start).Round(time.Millisecond))
	return c, nil
}

// startupGC collects garbage eagerly (GOGC 25) while a server loads and
// preprocesses its network, unless GOGC is set: decoding a large imported
// graph, rebuilding it with the dataset's ferries and contracting it make
// short-lived copies, and at the default GOGC the heap peaks at about
// twice what is live. The returned function restores the setting and
// hands the freed memory back to the system.
func startupGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(25)
	return func() {
		debug.SetGCPercent(old)
		debug.FreeOSMemory()
	}
}
