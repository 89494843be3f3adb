package network

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"

	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/paulmach/orb"
)

// The graph file: a fixed header (magic, FileVersion, element counts), the
// node, edge, shape, road and service sections in little-endian order, and a
// trailer holding the CRC-32C of everything before it and an end magic, so
// that a truncated or altered file is refused before anything is built. A
// loaded file goes through Builder.Build, which validates every attribute
// again.

// FileVersion is the version of the graph file format that SaveFile writes
// and LoadFile reads (2 added road restrictions).
const FileVersion = 2

var (
	fileMagic = [8]byte{'L', 'U', 'M', 'B', 'N', 'E', 'T', 0}
	endMagic  = [8]byte{'L', 'U', 'M', 'B', 'E', 'N', 'D', 0}
)

// Sentinel errors of the graph file codec.
var (
	ErrFormat   = errors.New("network: not a Lumbung graph file")
	ErrVersion  = errors.New("network: unsupported graph file version")
	ErrChecksum = errors.New("network: graph file checksum mismatch")
	ErrTruncate = errors.New("network: graph file truncated")
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// SaveFile writes g to path atomically: into a temporary file beside it,
// synced and renamed over path, so that a reader never sees a partial file
// and a failed save leaves nothing behind.
func SaveFile(path string, g *Graph) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = Encode(f, g); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// LoadFile reads a graph written by SaveFile.
func LoadFile(path string) (*Graph, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	g, err := Decode(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

type fileCounts struct {
	Nodes, Edges, ShapePts, Roads, Services uint64
}

// Encode writes g in the graph file format.
func Encode(w io.Writer, g *Graph) error {
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<20)
	e := &encoder{w: bw}
	e.bytes(fileMagic[:])
	e.u32(FileVersion)
	e.u32(0)
	c := fileCounts{uint64(len(g.pos)), uint64(len(g.head)), uint64(len(g.shapePts)), uint64(len(g.roads)), uint64(len(g.services))}
	for _, v := range [...]uint64{c.Nodes, c.Edges, c.ShapePts, c.Roads, c.Services} {
		e.u64(v)
	}
	e.points(g.pos)
	e.i32s(g.tail)
	e.i32s(g.head)
	e.f32s(g.length)
	e.f32s(g.speed)
	for _, cl := range g.class {
		e.buf = append(e.buf, byte(cl))
		e.flushSome()
	}
	e.i32s(g.road)
	for _, f := range g.ferry {
		e.buf = binary.LittleEndian.AppendUint16(e.buf, uint16(f))
		e.flushSome()
	}
	e.f32s(g.toll)
	if c.ShapePts > 0 {
		e.i32s(g.shapeFirst)
		e.points(g.shapePts)
	}
	for _, r := range g.roads {
		e.str(r.ID)
		e.str(r.Name)
		e.str(r.Ref)
		e.buf = append(e.buf, byte(r.Class))
	}
	for i := range g.services {
		e.service(&g.services[i])
	}
	e.restrictions(g.restrictions, g.restrictedRoads())
	e.flush()
	if e.err != nil {
		return e.err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	var tr [12]byte
	binary.LittleEndian.PutUint32(tr[:4], crc.Sum32())
	copy(tr[4:], endMagic[:])
	_, err := w.Write(tr[:])
	return err
}

type encoder struct {
	w   *bufio.Writer
	buf []byte
	err error
}

func (e *encoder) flushSome() {
	if len(e.buf) >= 1<<16 {
		e.flush()
	}
}

func (e *encoder) flush() {
	if e.err == nil {
		_, e.err = e.w.Write(e.buf)
	}
	e.buf = e.buf[:0]
}

func (e *encoder) bytes(b []byte) { e.buf = append(e.buf, b...); e.flushSome() }
func (e *encoder) u32(v uint32)   { e.buf = binary.LittleEndian.AppendUint32(e.buf, v) }
func (e *encoder) u64(v uint64)   { e.buf = binary.LittleEndian.AppendUint64(e.buf, v) }
func (e *encoder) f64(v float64)  { e.u64(math.Float64bits(v)) }

func (e *encoder) i32s(s []int32) {
	for _, v := range s {
		e.u32(uint32(v))
		e.flushSome()
	}
}

func (e *encoder) f32s(s []float32) {
	for _, v := range s {
		e.u32(math.Float32bits(v))
		e.flushSome()
	}
}

func (e *encoder) points(s []orb.Point) {
	for _, p := range s {
		e.f64(p[0])
		e.f64(p[1])
		e.flushSome()
	}
}

func (e *encoder) str(s string) {
	e.buf = binary.AppendUvarint(e.buf, uint64(len(s)))
	e.buf = append(e.buf, s...)
	e.flushSome()
}

func (e *encoder) service(s *Service) {
	e.str(s.ID)
	e.str(s.Name)
	e.f64(s.CrossingSeconds)
	e.f64(s.HeadwaySeconds)
	e.u64(uint64(int64(s.UTCOffsetSeconds)))
	e.u32(uint32(len(s.Departures)))
	for _, d := range s.Departures {
		e.f64(d)
	}
	for _, t := range s.Tariff {
		e.f64(t)
	}
	for _, d := range s.Deck {
		e.u64(uint64(int64(d)))
	}
	e.flushSome()
}

func (e *encoder) restrictions(rs []RoadRestriction, roads [][]int32) {
	e.u32(uint32(len(rs)))
	for i := range rs {
		r := &rs[i]
		e.str(r.ID)
		e.str(r.Name)
		e.str(r.Source)
		e.u64(uint64(int64(r.MinTollClass)))
		e.u64(uint64(int64(r.UTCOffsetSeconds)))
		e.u32(uint32(len(r.Windows)))
		for _, w := range r.Windows {
			e.buf = append(e.buf, w.Days)
			e.f64(w.From)
			e.f64(w.To)
		}
		e.u32(uint32(len(roads[i])))
		e.i32s(roads[i])
		e.flushSome()
	}
}

// Decode reads a graph file of size bytes from r, checks its trailer and
// builds the graph.
func Decode(r io.Reader, size int64) (*Graph, error) {
	const headerSize, trailerSize = 8 + 4 + 4 + 5*8, 12
	if size < headerSize+trailerSize {
		return nil, fmt.Errorf("%w: %d bytes", ErrTruncate, size)
	}
	crc := crc32.New(castagnoli)
	body := io.LimitReader(r, size-trailerSize)
	d := &decoder{r: bufio.NewReaderSize(io.TeeReader(body, crc), 1<<20)}
	var magic [8]byte
	d.read(magic[:])
	if d.err != nil || magic != fileMagic {
		return nil, ErrFormat
	}
	if v := d.u32(); v != FileVersion {
		return nil, fmt.Errorf("%w: %d (this build reads %d)", ErrVersion, v, FileVersion)
	}
	d.u32()
	c := fileCounts{d.u64(), d.u64(), d.u64(), d.u64(), d.u64()}
	// Every node, edge and shape point takes at least this many bytes, so
	// counts that cannot fit the file are refused before allocating.
	need := float64(c.Nodes)*16 + float64(c.Edges)*39 + float64(c.ShapePts)*16 + float64(c.Roads)*4 + float64(c.Services)*100
	if d.err != nil || need > float64(size) || c.Edges > math.MaxInt32 || c.Nodes > math.MaxInt32 {
		return nil, fmt.Errorf("%w: header counts %+v do not fit %d bytes", ErrTruncate, c, size)
	}
	b := NewBuilder()
	b.pos = d.points(int(c.Nodes))
	m := int(c.Edges)
	tail, head := d.i32s(m), d.i32s(m)
	length, speed := d.f32s(m), d.f32s(m)
	class := make([]byte, m)
	d.read(class)
	road := d.i32s(m)
	ferry := make([]int16, m)
	for i := range ferry {
		ferry[i] = int16(d.u16())
	}
	toll := d.f32s(m * NumTollClasses)
	var shapeFirst []int32
	var shapePts []orb.Point
	if c.ShapePts > 0 {
		shapeFirst = d.i32s(m + 1)
		shapePts = d.points(int(c.ShapePts))
	}
	for i := uint64(0); i < c.Roads && d.err == nil; i++ {
		rd := Road{ID: d.str(), Name: d.str(), Ref: d.str()}
		var cl [1]byte
		d.read(cl[:])
		rd.Class = Class(cl[0])
		b.roads = append(b.roads, rd)
	}
	for i := uint64(0); i < c.Services && d.err == nil; i++ {
		b.services = append(b.services, d.service())
	}
	d.restrictions(b)
	if d.err != nil {
		return nil, d.err
	}
	if extra, _ := d.r.Read(make([]byte, 1)); extra != 0 {
		return nil, fmt.Errorf("%w: data after the last section", ErrFormat)
	}
	var tr [12]byte
	if _, err := io.ReadFull(r, tr[:]); err != nil {
		return nil, fmt.Errorf("%w: trailer: %v", ErrTruncate, err)
	}
	if [8]byte(tr[4:]) != endMagic {
		return nil, fmt.Errorf("%w: no end marker", ErrTruncate)
	}
	if binary.LittleEndian.Uint32(tr[:4]) != crc.Sum32() {
		return nil, ErrChecksum
	}
	b.edges = make([]EdgeSpec, m)
	for i := range b.edges {
		s := &b.edges[i]
		*s = EdgeSpec{From: tail[i], To: head[i], Length: float64(length[i]), SpeedKmh: float64(speed[i]),
			Class: Class(class[i]), Road: road[i], Ferry: int(ferry[i])}
		for k := range s.Toll {
			s.Toll[k] = float64(toll[i*NumTollClasses+k])
		}
		if shapeFirst != nil {
			lo, hi := shapeFirst[i], shapeFirst[i+1]
			if lo < 0 || hi < lo || int(hi) > len(shapePts) {
				return nil, fmt.Errorf("%w: edge %d shape range [%d,%d)", ErrFormat, i, lo, hi)
			}
			s.Shape = shapePts[lo:hi:hi]
		}
	}
	return b.Build()
}

type decoder struct {
	r   *bufio.Reader
	err error
	b8  [8]byte
}

func (d *decoder) read(p []byte) {
	if d.err != nil {
		return
	}
	if _, err := io.ReadFull(d.r, p); err != nil {
		d.err = fmt.Errorf("%w: %v", ErrTruncate, err)
	}
}

func (d *decoder) u16() uint16  { d.read(d.b8[:2]); return binary.LittleEndian.Uint16(d.b8[:2]) }
func (d *decoder) u32() uint32  { d.read(d.b8[:4]); return binary.LittleEndian.Uint32(d.b8[:4]) }
func (d *decoder) u64() uint64  { d.read(d.b8[:]); return binary.LittleEndian.Uint64(d.b8[:]) }
func (d *decoder) f64() float64 { return math.Float64frombits(d.u64()) }

func (d *decoder) i32s(n int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = int32(d.u32())
	}
	return s
}

func (d *decoder) f32s(n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = math.Float32frombits(d.u32())
	}
	return s
}

func (d *decoder) points(n int) []orb.Point {
	s := make([]orb.Point, n)
	for i := range s {
		s[i] = orb.Point{d.f64(), d.f64()}
	}
	return s
}

// maxString bounds a stored name so that a corrupt length cannot allocate.
const maxString = 1 << 16

func (d *decoder) str() string {
	if d.err != nil {
		return ""
	}
	n, err := binary.ReadUvarint(d.r)
	if err != nil || n > maxString {
		d.err = fmt.Errorf("%w: string length", ErrFormat)
		return ""
	}
	p := make([]byte, n)
	d.read(p)
	return string(p)
}

// maxListed bounds a restriction's windows and roads so that a corrupt
// count cannot allocate.
const maxListed = 1 << 20

func (d *decoder) restrictions(b *Builder) {
	n := d.u32()
	if n > maxListed {
		d.err = fmt.Errorf("%w: %d road restrictions", ErrFormat, n)
	}
	for i := uint32(0); i < n && d.err == nil; i++ {
		r := RoadRestriction{ID: d.str(), Name: d.str(), Source: d.str(),
			MinTollClass: int(int64(d.u64())), UTCOffsetSeconds: int(int64(d.u64()))}
		nw := d.u32()
		if nw > maxListed {
			d.err = fmt.Errorf("%w: restriction %q: %d windows", ErrFormat, r.ID, nw)
			return
		}
		for k := uint32(0); k < nw; k++ {
			var days [1]byte
			d.read(days[:])
			r.Windows = append(r.Windows, DailyWindow{Days: days[0], From: d.f64(), To: d.f64()})
		}
		nr := d.u32()
		if nr > maxListed {
			d.err = fmt.Errorf("%w: restriction %q: %d roads", ErrFormat, r.ID, nr)
			return
		}
		b.AddRoadRestriction(r, d.i32s(int(nr)))
	}
}

func (d *decoder) service() Service {
	s := Service{ID: d.str(), Name: d.str(), CrossingSeconds: d.f64(), HeadwaySeconds: d.f64(),
		UTCOffsetSeconds: int(int64(d.u64()))}
	n := d.u32()
	if n > 1440 {
		d.err = fmt.Errorf("%w: %d departures", ErrFormat, n)
		return s
	}
	for i := uint32(0); i < n; i++ {
		s.Departures = append(s.Departures, d.f64())
	}
	for k := range s.Tariff {
		s.Tariff[k] = d.f64()
	}
	for k := range s.Deck {
		s.Deck[k] = int(int64(d.u64()))
	}
	return s
}
