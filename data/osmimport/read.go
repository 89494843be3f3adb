package osmimport

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sort"
	"sync/atomic"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"

	"github.com/lumbung-id/lumbung/optimizer/network"
)

// Sentinel errors.
var (
	ErrFormat    = errors.New("osmimport: not an OSM PBF or XML file")
	ErrCorrupt   = errors.New("osmimport: corrupt or truncated OSM file")
	ErrNoRoads   = errors.New("osmimport: no roads a truck may use")
	ErrEmptyBBox = errors.New("osmimport: bounding box holds no usable road")
	ErrBBox      = errors.New("osmimport: invalid bounding box")
)

// scanner is what osmpbf.Scanner and osmxml.Scanner share.
type scanner interface {
	Scan() bool
	Object() osm.Object
	Err() error
	Close() error
}

type fileKind int

const (
	kindPBF fileKind = iota
	kindXML
	kindXMLBzip2 // .osm.bz2, as extracts are often published
	kindXMLGzip
)

// sniff tells a PBF from an XML file by its first bytes.
func sniff(path string) (fileKind, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	head := make([]byte, 64)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case bytes.Contains(head, []byte("OSMHeader")):
		return kindPBF, nil
	case bytes.HasPrefix(head, []byte("BZh")):
		return kindXMLBzip2, nil
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return kindXMLGzip, nil
	case bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf"), []byte("<")):
		return kindXML, nil
	}
	return 0, fmt.Errorf("%w: %s", ErrFormat, path)
}

// pass opens path and calls visit for every node, or for every way that
// keepWay accepts (ways pass), skipping what the PBF decoder can skip. On
// PBF the decoder's goroutines run keepWay, and visit for nodes, themselves
// and drop what they need not queue, so that millions of nodes and the
// ways a truck cannot use cost no allocation: keepWay and a node visit must
// be safe for concurrent use.
func pass(ctx context.Context, path string, kind fileKind, procs int, keepWay func(*osm.Way) bool, visit func(osm.Object)) error {
	ways := keepWay != nil
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var sc scanner
	if kind == kindPBF {
		s := osmpbf.New(ctx, f, procs)
		s.SkipRelations = true
		s.SkipNodes, s.SkipWays = ways, !ways
		if ways {
			s.FilterWay = keepWay
		} else {
			s.FilterNode = func(n *osm.Node) bool {
				visit(n)
				return false
			}
		}
		sc = s
	} else {
		var r io.Reader = bufio.NewReaderSize(f, 1<<20)
		switch kind {
		case kindXMLBzip2:
			r = bzip2.NewReader(r)
		case kindXMLGzip:
			zr, err := gzip.NewReader(r)
			if err != nil {
				return fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
			}
			defer zr.Close()
			r = zr
		}
		sc = osmxml.New(ctx, r)
	}
	defer sc.Close()
	for sc.Scan() {
		o := sc.Object()
		if w, ok := o.(*osm.Way); ok && kind != kindPBF && (!ways || !keepWay(w)) {
			continue
		}
		visit(o)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrCorrupt, path, err)
	}
	return nil
}

// Options tune an import; the zero value is valid.
type Options struct {
	// BBox, if not nil, keeps only nodes inside it; ways are cut where they
	// leave it.
	BBox *orb.Bound
	// Procs is the number of PBF decoding goroutines (0: GOMAXPROCS).
	Procs int
	// TollPerKm is the toll in Rupiah per km by toll class I..V on toll=yes
	// ways (OSM carries no tariffs); zero means DefaultTollPerKm.
	TollPerKm [network.NumTollClasses]float64
	// FerryHeadwaySeconds is the assumed headway of an OSM ferry until a
	// timetable is attached (0: DefaultFerryHeadway).
	FerryHeadwaySeconds float64
}

// DefaultTollPerKm is an estimate: the Bakauheni–Terbanggi Besar toll road
// charged class I Rp 112,500 and class V Rp 224,500 for 140.9 km in 2019
// (tirto.id, Kepmen PUPR 305/KPTS/M/2019, FACTS.md), about Rp 800 and
// Rp 1,600 per km; classes II–III are set at 1.5× class I and IV at 2×, the
// ratios of Indonesian toll tariffs by golongan.
var DefaultTollPerKm = [network.NumTollClasses]float64{800, 1200, 1200, 1600, 1600}

// DefaultFerryHeadway is the assumed headway of an OSM ferry route
// without a timetable, one hour (an estimate).
const DefaultFerryHeadway = 3600

// DefaultFerryKmh is the assumed speed of a ferry whose way has no
// duration tag (an estimate for a slow roll-on/roll-off ship).
const DefaultFerryKmh = 20

// Stats describe an import.
type Stats struct {
	Ways       int // ways read
	KeptWays   int // ways a truck may use
	Nodes      int // OSM nodes those ways reference
	Missing    int // referenced nodes absent from the file or outside the bbox
	GraphNodes int // nodes of the graph (junctions and way ends kept)
	Edges      int // directed edges
	Shape      int // interior shape points
	Dropped    int // junctions outside the largest strongly connected component
	Ferries    int // ferry services
}

// ways is the first pass's result: the kept ways as flat slices.
type ways struct {
	attr       []wayAttr
	ferryNames map[int32]string // by way index
	first      []int32          // nodes of way i are refs[first[i]:first[i+1]]
	refs       []osm.NodeID
	roads      []network.Road
}

type roadKey struct {
	name, ref string
	class     network.Class
}

func readWays(ctx context.Context, path string, kind fileKind, procs int, st *Stats) (*ways, error) {
	w := &ways{first: []int32{0}, ferryNames: map[int32]string{}}
	roadIdx := map[roadKey]int32{}
	var seen atomic.Int64
	keepWay := func(way *osm.Way) bool {
		seen.Add(1)
		_, keep := classify(way.Tags)
		return keep && len(way.Nodes) >= 2
	}
	err := pass(ctx, path, kind, procs, keepWay, func(o osm.Object) {
		way, ok := o.(*osm.Way)
		if !ok {
			return
		}
		a, _ := classify(way.Tags)
		a.id = way.ID
		if a.ferry {
			w.ferryNames[int32(len(w.attr))] = way.Tags.Find("name")
		} else {
			k := roadKey{way.Tags.Find("name"), way.Tags.Find("ref"), a.class}
			ri, seen := roadIdx[k]
			if !seen {
				ri = int32(len(w.roads))
				roadIdx[k] = ri
				w.roads = append(w.roads, network.Road{ID: fmt.Sprintf("osm-w%d", way.ID), Name: k.name, Ref: k.ref, Class: k.class})
			}
			a.road = ri
		}
		st.KeptWays++
		w.attr = append(w.attr, a)
		for _, n := range way.Nodes {
			w.refs = append(w.refs, n.ID)
		}
		w.first = append(w.first, int32(len(w.refs)))
	})
	st.Ways = int(seen.Load())
	if err != nil {
		return nil, err
	}
	if len(w.attr) == 0 {
		return nil, fmt.Errorf("%w: %s has %d ways, none a road or ferry a truck may use", ErrNoRoads, path, st.Ways)
	}
	return w, nil
}

// nodes holds the referenced nodes by rank among their sorted ids.
type nodes struct {
	ids  []osm.NodeID
	uses []uint8 // references from ways, saturating at 255
	pos  []orb.Point
	have []bool
}

// index sorts and deduplicates the ways' references and rewrites them into
// ranks, so that node data lives in flat slices.
func index(w *ways) (*nodes, []int32) {
	ids := slices.Clone(w.refs)
	slices.Sort(ids)
	nd := &nodes{}
	for i, id := range ids {
		if i > 0 && id == ids[i-1] {
			if u := &nd.uses[len(nd.uses)-1]; *u < 255 {
				*u++
			}
			continue
		}
		nd.ids = append(nd.ids, id)
		nd.uses = append(nd.uses, 1)
	}
	ids = nil
	rank := make([]int32, len(w.refs))
	for i, id := range w.refs {
		rank[i] = int32(sort.Search(len(nd.ids), func(k int) bool { return nd.ids[k] >= id }))
	}
	w.refs = nil
	nd.pos = make([]orb.Point, len(nd.ids))
	nd.have = make([]bool, len(nd.ids))
	return nd, rank
}

// readNodes records the coordinates of the referenced nodes. Each node
// writes only its own slot, so decoder goroutines may run it concurrently.
func readNodes(ctx context.Context, path string, kind fileKind, procs int, nd *nodes, bbox *orb.Bound) error {
	return pass(ctx, path, kind, procs, nil, func(o osm.Object) {
		n, ok := o.(*osm.Node)
		if !ok {
			return
		}
		i, found := slices.BinarySearch(nd.ids, n.ID)
		if !found {
			return
		}
		p := orb.Point{n.Lon, n.Lat}
		if bbox != nil && !bbox.Contains(p) {
			return
		}
		nd.pos[i], nd.have[i] = p, true
	})
}

// Import reads an OSM file and returns the truck routing graph.
func Import(path string, opt Options) (*network.Graph, Stats, error) {
	var st Stats
	if opt.BBox != nil {
		b := *opt.BBox
		if !(b.Min[0] < b.Max[0] && b.Min[1] < b.Max[1]) || b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
			return nil, st, fmt.Errorf("%w: %v", ErrBBox, b)
		}
	}
	procs := opt.Procs
	if procs <= 0 {
		procs = runtime.GOMAXPROCS(0)
	}
	kind, err := sniff(path)
	if err != nil {
		return nil, st, err
	}
	ctx := context.Background()
	w, err := readWays(ctx, path, kind, procs, &st)
	if err != nil {
		return nil, st, err
	}
	nd, rank := index(w)
	st.Nodes = len(nd.ids)
	if err := readNodes(ctx, path, kind, procs, nd, opt.BBox); err != nil {
		return nil, st, err
	}
	for _, h := range nd.have {
		if !h {
			st.Missing++
		}
	}
	if st.Missing == st.Nodes {
		if opt.BBox != nil {
			return nil, st, fmt.Errorf("%w: %v", ErrEmptyBBox, *opt.BBox)
		}
		return nil, st, fmt.Errorf("%w: %s: the ways' nodes are missing from the file", ErrNoRoads, path)
	}
	g, err := build(w, nd, rank, &opt, &st)
	if err != nil && opt.BBox != nil && errors.Is(err, ErrNoRoads) {
		err = fmt.Errorf("%w: %v: %v", ErrEmptyBBox, *opt.BBox, err)
	}
	return g, st, err
}
