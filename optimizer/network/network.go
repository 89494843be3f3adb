// Package network is Lumbung's immutable road and ferry graph in compressed
// sparse row (CSR) form.
//
// Nodes carry a lon,lat position and an H3 cell; directed edges carry length,
// road class, the road they belong to, truck speed, toll by toll class, and,
// for ferry edges, the ferry service they ride. An edge is a straight segment
// between its end nodes unless it carries a shape (the interior points of a
// compressed chain, as an OpenStreetMap import makes): AppendGeometry gives
// the full polyline either way.
//
// Nearest snaps a point to the nearest node; NearestOnEdge to the nearest
// point on a road edge's polyline, with its offset along the edge. SaveFile
// and LoadFile store a graph in one versioned, checksummed file.
//
// A Graph is built once by a Builder, which validates every attribute, and is
// then read-only: any number of goroutines may share it.
package network

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/geo/hexgrid"
)

// NodeID indexes a node; EdgeID indexes an edge in CSR order.
type (
	NodeID = int32
	EdgeID = int32
)

// None marks the absence of a node, edge, road or ferry service.
const None = -1

// Road classes, fastest first. Class values index per-class tables.
type Class uint8

// Road classes.
const (
	Toll Class = iota
	Trunk
	Primary
	Secondary
	Feeder
	Ferry
	NumClasses
)

var classNames = [...]string{"toll", "trunk", "primary", "secondary", "feeder", "ferry"}

// String returns the class name used in the API and the data files.
func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return fmt.Sprintf("class(%d)", c)
}

// ParseClass maps a class name to its Class.
func ParseClass(s string) (Class, error) {
	for i, n := range classNames {
		if n == s {
			return Class(i), nil
		}
	}
	return 0, fmt.Errorf("%w: %q", ErrClass, s)
}

// NumTollClasses is the number of Indonesian toll classes (golongan I..V).
const NumTollClasses = 5

// FerryClasses are the ferry tariff classes (golongan) for goods vehicles,
// in order; FerryClass values index them.
var FerryClasses = [...]string{"IVB", "VB", "VIB", "VII", "VIII", "IX"}

// NumFerryClasses is len(FerryClasses).
const NumFerryClasses = len(FerryClasses)

// ParseFerryClass maps a golongan name to its index in FerryClasses.
func ParseFerryClass(s string) (int, error) {
	for i, n := range FerryClasses {
		if n == s {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%w: %q", ErrFerryClass, s)
}

// Road describes a named road; many edges share one.
type Road struct {
	ID    string
	Name  string
	Ref   string
	Class Class
}

// Service is a ferry service. Its edges run both ways between two ports.
type Service struct {
	ID   string
	Name string
	// CrossingSeconds is berth to berth.
	CrossingSeconds float64
	// Departures are seconds after local midnight, sorted; when empty the
	// service departs every HeadwaySeconds from midnight on.
	Departures     []float64
	HeadwaySeconds float64
	// Tariff by ferry class (index into FerryClasses), Rupiah per vehicle.
	Tariff [NumFerryClasses]float64
	// Deck is the goods-vehicle capacity of one departure by ferry class.
	Deck [NumFerryClasses]int
	// UTCOffsetSeconds places "local midnight" (WIB is +7 h).
	UTCOffsetSeconds int
	// Seasons, when not empty, are the only windows in which the service
	// departs (sorted, disjoint): a season-only service such as a Lebaran
	// extra crossing has no departure outside them. See calendar.go.
	Seasons []Window
}

// DeparturesPerDay is the number of departures in a day from each port.
func (s *Service) DeparturesPerDay() int {
	if len(s.Departures) > 0 {
		return len(s.Departures)
	}
	return int(math.Ceil(86400 / s.HeadwaySeconds))
}

// ExpectedWait is the mean wait for a vehicle arriving at a random time:
// half the headway for a regular service, the mean over the day for a
// timetable (sum of squared gaps over twice the day).
func (s *Service) ExpectedWait() float64 {
	if len(s.Departures) == 0 {
		return s.HeadwaySeconds / 2
	}
	var sum float64
	for i, d := range s.Departures {
		var gap float64
		if i == 0 {
			gap = d + 86400 - s.Departures[len(s.Departures)-1]
		} else {
			gap = d - s.Departures[i-1]
		}
		sum += gap * gap
	}
	return sum / (2 * 86400)
}

// Wait returns the seconds from clock t (Unix seconds) to the next departure.
func (s *Service) Wait(t float64) float64 {
	local := t + float64(s.UTCOffsetSeconds)
	sod := math.Mod(local, 86400)
	if sod < 0 {
		sod += 86400
	}
	if len(s.Departures) == 0 {
		h := s.HeadwaySeconds
		next := math.Ceil(sod/h) * h
		if next >= 86400 {
			next = 86400
		}
		return next - sod
	}
	i := sort.SearchFloat64s(s.Departures, sod)
	if i < len(s.Departures) {
		return s.Departures[i] - sod
	}
	return s.Departures[0] + 86400 - sod
}

// Graph is the immutable CSR graph. Edge attributes are parallel slices in
// CSR order so that searches touch only what they read.
type Graph struct {
	pos   []orb.Point
	cells []hexgrid.Cell // at IndexRes

	first []int32 // len n+1: edges of v are first[v]..first[v+1]
	tail  []int32
	head  []int32
	// reverse adjacency: edges into v are inEdge[firstIn[v]..firstIn[v+1]]
	firstIn []int32
	inEdge  []int32

	length []float32 // metres
	speed  []float32 // km/h, truck
	class  []Class
	road   []int32   // index into roads, or None
	ferry  []int16   // index into services, or None
	toll   []float32 // NumTollClasses per edge

	roads    []Road
	services []Service

	restrictions []RoadRestriction // see restrict.go
	restr        []int16           // per edge: index into restrictions, or None
	// shape: interior points of edge e are shapePts[shapeFirst[e]:shapeFirst[e+1]];
	// both nil when no edge has a shape.
	shapeFirst []int32
	shapePts   []orb.Point
	edgeIdx    edgeIndexOnce

	// snapping index: node ids sorted by cell
	idxCells []hexgrid.Cell
	idxNodes []int32
	edgeLen  float64 // H3 average edge length at IndexRes, metres
	bound    orb.Bound
	// xyz holds each node's unit vector, so that searches get an admissible
	// straight-line bound from a chord length without trigonometry.
	xyz []float64
}

// IndexRes is the H3 resolution of the snapping index and of Graph.Cell.
const IndexRes = 7

// Sentinel errors.
var (
	ErrClass      = errors.New("network: unknown road class")
	ErrFerryClass = errors.New("network: unknown ferry class")
	ErrNode       = errors.New("network: node out of range")
	ErrEdge       = errors.New("network: invalid edge")
	ErrPoint      = errors.New("network: invalid point")
	ErrEmpty      = errors.New("network: graph has no nodes")
	ErrTooFar     = errors.New("network: point is farther from the network than the snap radius")
)

// NumNodes returns the number of nodes.
func (g *Graph) NumNodes() int { return len(g.pos) }

// NumEdges returns the number of directed edges.
func (g *Graph) NumEdges() int { return len(g.head) }

// Point returns node v's position.
func (g *Graph) Point(v NodeID) orb.Point { return g.pos[v] }

// Cell returns node v's H3 cell at IndexRes.
func (g *Graph) Cell(v NodeID) hexgrid.Cell { return g.cells[v] }

// Edges returns the half-open range of v's outgoing edges.
func (g *Graph) Edges(v NodeID) (lo, hi EdgeID) { return g.first[v], g.first[v+1] }

// InEdges returns the edges that end at v, for backward searches.
func (g *Graph) InEdges(v NodeID) []EdgeID { return g.inEdge[g.firstIn[v]:g.firstIn[v+1]] }

// Tail returns edge e's start node.
func (g *Graph) Tail(e EdgeID) NodeID { return g.tail[e] }

// Head returns edge e's end node.
func (g *Graph) Head(e EdgeID) NodeID { return g.head[e] }

// Length returns edge e's length in metres.
func (g *Graph) Length(e EdgeID) float64 { return float64(g.length[e]) }

// Speed returns edge e's truck speed in km/h (0 on ferry edges).
func (g *Graph) Speed(e EdgeID) float64 { return float64(g.speed[e]) }

// Class returns edge e's road class.
func (g *Graph) Class(e EdgeID) Class { return g.class[e] }

// Road returns the index of edge e's road in Roads, or None.
func (g *Graph) Road(e EdgeID) int32 { return g.road[e] }

// FerryService returns the index of edge e's ferry service, or None.
func (g *Graph) FerryService(e EdgeID) int { return int(g.ferry[e]) }

// Toll returns edge e's toll for toll class c (1..5), Rupiah.
func (g *Graph) Toll(e EdgeID, c int) float64 {
	return float64(g.toll[int(e)*NumTollClasses+c-1])
}

// Roads returns the road table; callers must not modify it.
func (g *Graph) Roads() []Road { return g.roads }

// Services returns the ferry services; callers must not modify them.
func (g *Graph) Services() []Service { return g.services }

// Bound returns the box around all nodes.
func (g *Graph) Bound() orb.Bound { return g.bound }

// Chord returns the straight 3-D chord between nodes u and v in metres: a
// lower bound on the great-circle distance that obeys the triangle
// inequality, so it yields consistent A* potentials.
func (g *Graph) Chord(u, v NodeID) float64 {
	dx := g.xyz[3*u] - g.xyz[3*v]
	dy := g.xyz[3*u+1] - g.xyz[3*v+1]
	dz := g.xyz[3*u+2] - g.xyz[3*v+2]
	return geo.EarthRadius * math.Sqrt(dx*dx+dy*dy+dz*dz)
}

// CSR exposes the raw adjacency arrays for search engines in this module;
// callers must not modify them.
type CSR struct {
	First, Head   []int32
	Length, Speed []float32
	Class         []Class
	Ferry         []int16
	Toll          []float32
}

// Raw returns the graph's arrays for tight search loops.
func (g *Graph) Raw() CSR {
	return CSR{First: g.first, Head: g.head, Length: g.length, Speed: g.speed,
		Class: g.class, Ferry: g.ferry, Toll: g.toll}
}

// EdgeSpec describes one directed edge for the Builder.
type EdgeSpec struct {
	From, To NodeID
	// Length in metres; 0 means the great-circle distance between the ends.
	Length   float64
	SpeedKmh float64 // ignored on ferry edges
	Class    Class
	Road     int32 // index from Builder.AddRoad, or None
	Ferry    int   // index from Builder.AddService, or None
	Toll     [NumTollClasses]float64
	// Shape lists the edge's interior points from From to To (nil for a
	// straight edge). Length 0 then means the polyline's length.
	Shape []orb.Point
}

// Builder accumulates nodes and edges and freezes them into a Graph.
type Builder struct {
	pos      []orb.Point
	edges    []EdgeSpec
	roads    []Road
	services []Service
	err      error

	restrictions []RoadRestriction // see restrict.go
	restricted   []roadRestriction
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder { return &Builder{} }

// AddNode adds a node at p and returns its id.
func (b *Builder) AddNode(p orb.Point) NodeID {
	if b.err == nil {
		if err := geo.Validate(p); err != nil {
			b.err = fmt.Errorf("%w: node %d: %v", ErrPoint, len(b.pos), err)
		}
	}
	b.pos = append(b.pos, p)
	return NodeID(len(b.pos) - 1)
}

// AddRoad registers a road and returns its index for EdgeSpec.Road.
func (b *Builder) AddRoad(r Road) int32 {
	b.roads = append(b.roads, r)
	return int32(len(b.roads) - 1)
}

// AddService registers a ferry service and returns its index.
func (b *Builder) AddService(s Service) int {
	b.services = append(b.services, s)
	return len(b.services) - 1
}

// AddEdge adds a directed edge.
func (b *Builder) AddEdge(e EdgeSpec) {
	b.edges = append(b.edges, e)
}

// NumNodes returns the number of nodes added so far.
func (b *Builder) NumNodes() int { return len(b.pos) }

func (b *Builder) check(i int, e *EdgeSpec) error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: edge %d (%d→%d): %s", ErrEdge, i, e.From, e.To, fmt.Sprintf(format, a...))
	}
	n := NodeID(len(b.pos))
	if e.From < 0 || e.From >= n || e.To < 0 || e.To >= n {
		return bad("endpoint out of range [0,%d)", n)
	}
	if e.From == e.To {
		return bad("self-loop")
	}
	if e.Class >= NumClasses {
		return bad("class %d", e.Class)
	}
	if !(e.Length >= 0) || math.IsInf(e.Length, 0) {
		return bad("length %g", e.Length)
	}
	for k, p := range e.Shape {
		if err := geo.Validate(p); err != nil {
			return bad("shape point %d: %v", k, err)
		}
	}
	if e.Road != None && (e.Road < 0 || int(e.Road) >= len(b.roads)) {
		return bad("road %d", e.Road)
	}
	for c, t := range e.Toll {
		if !(t >= 0) || math.IsInf(t, 0) {
			return bad("toll class %d: %g", c+1, t)
		}
	}
	if e.Class == Ferry {
		if e.Ferry < 0 || e.Ferry >= len(b.services) {
			return bad("ferry edge without a valid service (%d)", e.Ferry)
		}
	} else {
		if e.Ferry != None {
			return bad("road edge names ferry service %d", e.Ferry)
		}
		if !(e.SpeedKmh > 0) || e.SpeedKmh > 200 {
			return bad("speed %g km/h", e.SpeedKmh)
		}
	}
	return nil
}

// Build validates everything added and returns the frozen Graph.
func (b *Builder) Build() (*Graph, error) {
	if b.err != nil {
		return nil, b.err
	}
	n := len(b.pos)
	if n == 0 {
		return nil, ErrEmpty
	}
	for i := range b.services {
		s := &b.services[i]
		if !(s.CrossingSeconds > 0) {
			return nil, fmt.Errorf("network: service %q: crossing time %g", s.ID, s.CrossingSeconds)
		}
		if len(s.Departures) == 0 && !(s.HeadwaySeconds > 0) {
			return nil, fmt.Errorf("network: service %q: neither departures nor headway", s.ID)
		}
		if !sort.Float64sAreSorted(s.Departures) {
			return nil, fmt.Errorf("network: service %q: departures not sorted", s.ID)
		}
		if !s.checkSeasons() {
			return nil, fmt.Errorf("network: service %q: seasons must be non-empty, sorted and disjoint", s.ID)
		}
		for _, d := range s.Departures {
			if d < 0 || d >= 86400 {
				return nil, fmt.Errorf("network: service %q: departure %g outside the day", s.ID, d)
			}
		}
	}
	for i := range b.edges {
		if err := b.check(i, &b.edges[i]); err != nil {
			return nil, err
		}
	}
	m := len(b.edges)
	g := &Graph{
		pos:      b.pos,
		first:    make([]int32, n+1),
		tail:     make([]int32, m),
		head:     make([]int32, m),
		length:   make([]float32, m),
		speed:    make([]float32, m),
		class:    make([]Class, m),
		road:     make([]int32, m),
		ferry:    make([]int16, m),
		toll:     make([]float32, m*NumTollClasses),
		roads:    b.roads,
		services: b.services,
	}
	for _, e := range b.edges {
		g.first[e.From+1]++
	}
	for v := 0; v < n; v++ {
		g.first[v+1] += g.first[v]
	}
	next := make([]int32, n)
	copy(next, g.first[:n])
	for _, e := range b.edges {
		k := next[e.From]
		next[e.From]++
		l := e.Length
		if l == 0 {
			l = PolylineLength(b.pos[e.From], e.Shape, b.pos[e.To])
		}
		g.tail[k], g.head[k] = e.From, e.To
		g.length[k] = float32(l)
		g.speed[k] = float32(e.SpeedKmh)
		g.class[k] = e.Class
		g.road[k] = e.Road
		g.ferry[k] = int16(e.Ferry)
		if e.Class != Ferry {
			g.ferry[k] = None
		}
		for c := 0; c < NumTollClasses; c++ {
			g.toll[int(k)*NumTollClasses+c] = float32(e.Toll[c])
		}
	}
	g.setShapes(b.edges, g.first[:n])
	g.firstIn = make([]int32, n+1)
	g.inEdge = make([]int32, m)
	for _, h := range g.head {
		g.firstIn[h+1]++
	}
	for v := 0; v < n; v++ {
		g.firstIn[v+1] += g.firstIn[v]
	}
	copy(next, g.firstIn[:n])
	for e, h := range g.head {
		g.inEdge[next[h]] = int32(e)
		next[h]++
	}
	if err := g.index(); err != nil {
		return nil, err
	}
	if err := g.attachRestrictions(b); err != nil {
		return nil, err
	}
	*b = Builder{}
	return g, nil
}

func (g *Graph) index() error {
	n := len(g.pos)
	g.cells = make([]hexgrid.Cell, n)
	g.idxNodes = make([]int32, n)
	g.bound = orb.Bound{Min: g.pos[0], Max: g.pos[0]}
	for v, p := range g.pos {
		c, err := hexgrid.FromPoint(p, IndexRes)
		if err != nil {
			return fmt.Errorf("%w: node %d: %v", ErrPoint, v, err)
		}
		g.cells[v] = c
		g.idxNodes[v] = int32(v)
		g.bound = g.bound.Extend(p)
	}
	sort.Slice(g.idxNodes, func(i, j int) bool {
		a, b := g.idxNodes[i], g.idxNodes[j]
		if g.cells[a] != g.cells[b] {
			return g.cells[a] < g.cells[b]
		}
		return a < b
	})
	g.xyz = make([]float64, 3*n)
	for v, p := range g.pos {
		lon, lat := p[0]*math.Pi/180, p[1]*math.Pi/180
		g.xyz[3*v] = math.Cos(lat) * math.Cos(lon)
		g.xyz[3*v+1] = math.Cos(lat) * math.Sin(lon)
		g.xyz[3*v+2] = math.Sin(lat)
	}
	g.idxCells = make([]hexgrid.Cell, n)
	for i, v := range g.idxNodes {
		g.idxCells[i] = g.cells[v]
	}
	var err error
	g.edgeLen, err = hexgrid.EdgeLength(IndexRes)
	return err
}
