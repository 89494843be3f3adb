package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// osrmTableHandler serves GET /table/v1/driving/{coordinates}. Each
// coordinate is snapped once (for its waypoint and for the search), and
// the body is written by hand, row by row: a 1000×1000 table is a million
// numbers.
func (s *Server) osrmTableHandler(w http.ResponseWriter, r *http.Request) error {
	pts, err := parseCoords(mux.Vars(r)["coordinates"], 1, OSRMMaxTableCoords)
	if err != nil {
		return err
	}
	src, err := indices(r, "sources", len(pts))
	if err != nil {
		return err
	}
	dst, err := indices(r, "destinations", len(pts))
	if err != nil {
		return err
	}
	ann, err := annotations(r)
	if err != nil {
		return err
	}
	opt, err := s.osrmOptions(r)
	if err != nil {
		return err
	}
	at, err := s.osrmLocate(pts, append(append([]int(nil), src...), dst...))
	if err != nil {
		return err
	}
	pick := func(idx []int) []osrmPoint {
		out := make([]osrmPoint, len(idx))
		for i, k := range idx {
			out[i] = at[k]
		}
		return out
	}
	sp, dp := pick(src), pick(dst)
	// Not pooled: a pooled 1000×1000 table (32 MB) would stay live
	// through the next collections and double in the heap goal.
	cells := make([]route.Totals, len(sp)*len(dp))
	if err := s.osrmTable(sp, dp, opt, cells); err != nil {
		var pe *route.PointError
		if errors.As(err, &pe) {
			return osrmFail(400, "NoSegment", pe.Field, "could not find a matching segment for the coordinate")
		}
		return err
	}
	writeTable(w, sp, dp, cells, ann)
	return nil
}

// tableAnnotations says which matrices a table response holds.
type tableAnnotations struct{ duration, distance bool }

// annotations reads OSRM's annotations=duration,distance (default
// duration).
func annotations(r *http.Request) (tableAnnotations, error) {
	var a tableAnnotations
	v := osrmParam(r, "annotations")
	if v == "" {
		v = "duration"
	}
	for _, x := range strings.Split(v, ",") {
		switch x {
		case "duration":
			a.duration = true
		case "distance":
			a.distance = true
		default:
			return a, osrmFail(400, "InvalidOptions", "annotations", "want duration, distance or both, got %q", x)
		}
	}
	return a, nil
}

// osrmPoint is a coordinate located on the network: its waypoint and,
// on graphs that snap to edges, the point on the edge; otherwise p is
// snapped to a node by the router.
type osrmPoint struct {
	p    orb.Point
	wp   osrmWaypoint
	edge network.EdgeSnap
}

// osrmLocate snaps each coordinate used (idx; nil for all) once.
func (s *Server) osrmLocate(pts []orb.Point, idx []int) ([]osrmPoint, error) {
	g := s.router.Graph()
	out := make([]osrmPoint, len(pts))
	done := make([]bool, len(pts))
	locate := func(i int) error {
		if done[i] {
			return nil
		}
		done[i] = true
		o := &out[i]
		o.p = pts[i]
		var e network.EdgeID = network.None
		if g.HasShapes() {
			sn, err := s.router.SnapEdge(pts[i])
			if err != nil {
				return osrmFail(400, "NoSegment", fmt.Sprintf("coordinates[%d]", i), "could not find a matching segment for the coordinate")
			}
			o.edge = sn
			o.wp.Location, o.wp.Distance, e = loc(sn.Point), round(float64(sn.Distance), 1), sn.Edge
		} else {
			sn, err := s.router.Snap(pts[i])
			if err != nil {
				return osrmFail(400, "NoSegment", fmt.Sprintf("coordinates[%d]", i), "could not find a matching segment for the coordinate")
			}
			o.wp.Location, o.wp.Distance = loc(g.Point(sn.Node)), round(float64(sn.Distance), 1)
			if lo, hi := g.Edges(sn.Node); lo < hi {
				e = lo
			}
		}
		if e != network.None {
			if ri := g.Road(e); ri != network.None {
				o.wp.Name = g.Roads()[ri].Name
			}
		}
		return nil
	}
	if idx == nil {
		for i := range pts {
			if err := locate(i); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	for _, i := range idx {
		if err := locate(i); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// osrmTable fills cells (row-major) with the door-to-door totals between
// located points: from their edge snaps on graphs that snap to edges,
// through the router's node-snapping Matrix otherwise (the embedded
// corridor: a small graph).
func (s *Server) osrmTable(src, dst []osrmPoint, opt *route.Options, cells []route.Totals) error {
	if s.router.Graph().HasShapes() {
		ss, ds := make([]network.EdgeSnap, len(src)), make([]network.EdgeSnap, len(dst))
		for i := range src {
			ss[i] = src[i].edge
		}
		for j := range dst {
			ds[j] = dst[j].edge
		}
		return s.router.TableOnEdges(ss, ds, opt, cells)
	}
	sp, dp := make([]orb.Point, len(src)), make([]orb.Point, len(dst))
	for i := range src {
		sp[i] = src[i].p
	}
	for j := range dst {
		dp[j] = dst[j].p
	}
	m, err := s.router.Matrix(sp, dp, opt)
	if err != nil {
		return err
	}
	for i := range src {
		for j := range dst {
			c := route.Totals{}
			if d := m.Durations[i][j]; d != nil {
				c = route.Totals{Duration: *d, Distance: *m.Distances[i][j], Cost: *m.Costs[i][j], Reachable: true}
			}
			cells[i*len(dst)+j] = c
		}
	}
	return nil
}

// tableFlush is the size at which writeTable hands its buffer to the
// connection.
const tableFlush = 64 << 10

var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 2*tableFlush); return &b }}

// writeTable writes an OSRM table response: code, the matrices asked for
// (values rounded to 0.1, null where unreachable) and the waypoints,
// streamed in pieces of about tableFlush bytes.
func writeTable(w http.ResponseWriter, src, dst []osrmPoint, cells []route.Totals, ann tableAnnotations) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	bp := bodyPool.Get().(*[]byte)
	defer bodyPool.Put(bp)
	b := append((*bp)[:0], `{"code":"Ok"`...)
	flush := func() {
		if len(b) >= tableFlush {
			_, _ = w.Write(b)
			b = b[:0]
		}
	}
	matrix := func(name string, value func(route.Totals) float64) {
		b = append(b, `,"`...)
		b = append(b, name...)
		b = append(b, `":[`...)
		for i := range src {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			for j, c := range cells[i*len(dst) : (i+1)*len(dst)] {
				if j > 0 {
					b = append(b, ',')
				}
				if !c.Reachable {
					b = append(b, "null"...)
					continue
				}
				b = appendTenths(b, value(c))
			}
			b = append(b, ']')
			flush()
		}
		b = append(b, ']')
	}
	if ann.duration {
		matrix("durations", func(t route.Totals) float64 { return t.Duration })
	}
	if ann.distance {
		matrix("distances", func(t route.Totals) float64 { return t.Distance })
	}
	waypoints := func(name string, ps []osrmPoint) {
		b = append(b, `,"`...)
		b = append(b, name...)
		b = append(b, `":[`...)
		for i := range ps {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendWaypoint(b, &ps[i].wp)
			flush()
		}
		b = append(b, ']')
	}
	waypoints("sources", src)
	waypoints("destinations", dst)
	b = append(b, "}\n"...)
	_, _ = w.Write(b)
	*bp = b[:0]
}

// appendTenths appends x rounded to 0.1 as the shortest decimal, as
// strconv.AppendFloat(round(x, 1), 'f', -1, 64) would, without the
// general float formatting: an integer and at most one decimal digit.
func appendTenths(b []byte, x float64) []byte {
	v := math.Round(x * 10)
	if !(math.Abs(v) < 1<<53) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return append(b, "null"...)
		}
		return strconv.AppendFloat(b, v/10, 'f', -1, 64)
	}
	n := int64(v)
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/10, 10)
	if d := n % 10; d != 0 {
		b = append(b, '.', byte('0'+d))
	}
	return b
}

// appendWaypoint appends a waypoint as OSRM writes it.
func appendWaypoint(b []byte, wp *osrmWaypoint) []byte {
	b = append(b, `{"hint":`...)
	b = appendJSONString(b, wp.Hint)
	b = append(b, `,"distance":`...)
	b = strconv.AppendFloat(b, wp.Distance, 'f', -1, 64)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, wp.Name)
	b = append(b, `,"location":[`...)
	b = strconv.AppendFloat(b, wp.Location[0], 'f', -1, 64)
	b = append(b, ',')
	b = strconv.AppendFloat(b, wp.Location[1], 'f', -1, 64)
	return append(b, "]}"...)
}

// appendJSONString appends str as a JSON string (encoding/json's escaping).
func appendJSONString(b []byte, str string) []byte {
	q, err := json.Marshal(str)
	if err != nil { // a string always marshals
		return append(b, `""`...)
	}
	return append(b, q...)
}
