package api

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/simplify"

	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// OSRM-compatible endpoints (OSRM HTTP API v5, service route and table,
// profile "driving"), so that OSRM clients work unchanged: osrm-frontend,
// Leaflet Routing Machine, VROOM's OSRM backend. Routes minimize travel
// time for the default vehicle (or ?vehicle=, a Lumbung extension) with
// the expected ferry wait; durations include feeder links to the roads.
//
// Errors answer with OSRM's code and message and, in the same JSON object,
// the RFC 9457 members (type, title, status, detail, invalid-params) that
// name the offending parameter.

// OSRM limits, explicit as for the other endpoints.
const (
	OSRMMaxRouteCoords = 100  // waypoints of one route
	OSRMMaxTableCoords = 1000 // coordinates of one table request
)

// osrmError is an OSRM error response that is also an RFC 9457 problem.
type osrmError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Problem
}

func (e *osrmError) Error() string { return e.Code + ": " + e.Message }

func osrmFail(status int, code, param, format string, a ...any) *osrmError {
	msg := fmt.Sprintf(format, a...)
	typ := TypeInvalid
	if status == http.StatusUnprocessableEntity || code == "NoSegment" || code == "NoRoute" {
		typ = TypeUnreachable
	}
	return &osrmError{Code: code, Message: msg, Problem: Problem{Type: typ, Title: "OSRM " + code,
		Status: status, Detail: param + ": " + msg, InvalidParams: []InvalidParam{{Name: param, Reason: msg}}}}
}

// osrm adapts an OSRM handler: its errors become OSRM error bodies.
func (s *Server) osrm(h func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		err := h(w, r)
		var oe *osrmError
		if errors.As(err, &oe) {
			oe.Instance = r.URL.Path
			writeJSON(w, oe.Status, "application/json", oe)
			return nil
		}
		return err
	}
}

// parseCoords reads "lon,lat;lon,lat;…".
func parseCoords(raw string, lo, hi int) ([]orb.Point, error) {
	raw = strings.TrimSuffix(raw, ".json")
	parts := strings.Split(raw, ";")
	if len(parts) < lo {
		return nil, osrmFail(400, "InvalidValue", "coordinates", "need at least %d coordinates, got %d", lo, len(parts))
	}
	if len(parts) > hi {
		return nil, osrmFail(400, "TooBig", "coordinates", "%d coordinates exceed the limit of %d", len(parts), hi)
	}
	pts := make([]orb.Point, len(parts))
	for i, p := range parts {
		name := fmt.Sprintf("coordinates[%d]", i)
		lon, lat, ok := strings.Cut(p, ",")
		x, err1 := strconv.ParseFloat(lon, 64)
		y, err2 := strconv.ParseFloat(lat, 64)
		if !ok || err1 != nil || err2 != nil {
			return nil, osrmFail(400, "InvalidUrl", name, "want lon,lat, got %q", p)
		}
		pt, err := checkPoint(name, orb.Point{x, y})
		if err != nil {
			var pr *Problem
			errors.As(err, &pr)
			return nil, osrmFail(400, "InvalidValue", name, "%s", pr.InvalidParams[0].Reason)
		}
		pts[i] = pt
	}
	return pts, nil
}

// warmOSRM builds the hierarchy the OSRM endpoints use (fastest route for
// the default vehicle) at server start rather than on the first request.
func (s *Server) warmOSRM() error {
	e := s.router.Engine()
	if e == nil {
		return nil
	}
	opt, _, err := s.options("", "time", "")
	if err != nil {
		return err
	}
	return e.Table([]network.NodeID{0}, []network.NodeID{0}, opt, make([]route.Totals, 1))
}

// osrmOptions reads the vehicle (Lumbung extension) for a fastest route.
func (s *Server) osrmOptions(r *http.Request) (*route.Options, error) {
	opt, _, err := s.options(osrmParam(r, "vehicle"), "time", "")
	if err != nil {
		return nil, osrmFail(400, "InvalidOptions", "vehicle", "unknown vehicle %q", osrmParam(r, "vehicle"))
	}
	return opt, nil
}

func oneOf(r *http.Request, name, def string, allowed ...string) (string, error) {
	v := osrmParam(r, name)
	if v == "" {
		return def, nil
	}
	for _, a := range allowed {
		if v == a {
			return v, nil
		}
	}
	return "", osrmFail(400, "InvalidOptions", name, "want one of %s, got %q", strings.Join(allowed, ", "), v)
}

type osrmWaypoint struct {
	Hint     string     `json:"hint"`
	Distance float64    `json:"distance"`
	Name     string     `json:"name"`
	Location [2]float64 `json:"location"`
}

type osrmManeuver struct {
	BearingAfter  int        `json:"bearing_after"`
	BearingBefore int        `json:"bearing_before"`
	Location      [2]float64 `json:"location"`
	Type          string     `json:"type"`
	Modifier      string     `json:"modifier,omitempty"`
}

type osrmIntersection struct {
	Out      *int       `json:"out,omitempty"`
	In       *int       `json:"in,omitempty"`
	Entry    []bool     `json:"entry"`
	Bearings []int      `json:"bearings"`
	Location [2]float64 `json:"location"`
}

type osrmStep struct {
	Geometry      any                `json:"geometry"`
	Maneuver      osrmManeuver       `json:"maneuver"`
	Mode          string             `json:"mode"`
	DrivingSide   string             `json:"driving_side"`
	Name          string             `json:"name"`
	Ref           string             `json:"ref,omitempty"`
	Intersections []osrmIntersection `json:"intersections"`
	Weight        float64            `json:"weight"`
	Duration      float64            `json:"duration"`
	Distance      float64            `json:"distance"`
}

type osrmLeg struct {
	Steps    []osrmStep `json:"steps"`
	Summary  string     `json:"summary"`
	Weight   float64    `json:"weight"`
	Duration float64    `json:"duration"`
	Distance float64    `json:"distance"`
}

type osrmRoute struct {
	Geometry   any       `json:"geometry,omitempty"`
	Legs       []osrmLeg `json:"legs"`
	WeightName string    `json:"weight_name"`
	Weight     float64   `json:"weight"`
	Duration   float64   `json:"duration"`
	Distance   float64   `json:"distance"`
}

// osrmRouteHandler serves GET /route/v1/driving/{coordinates}.
func (s *Server) osrmRouteHandler(w http.ResponseWriter, r *http.Request) error {
	pts, err := parseCoords(mux.Vars(r)["coordinates"], 2, OSRMMaxRouteCoords)
	if err != nil {
		return err
	}
	overview, err := oneOf(r, "overview", "simplified", "simplified", "full", "false")
	if err != nil {
		return err
	}
	enc, err := oneOf(r, "geometries", "polyline", "polyline", "polyline6", "geojson")
	if err != nil {
		return err
	}
	stepsArg, err := oneOf(r, "steps", "false", "true", "false")
	if err != nil {
		return err
	}
	if _, err := oneOf(r, "alternatives", "false", "true", "false", "0", "1", "2", "3"); err != nil {
		return err
	}
	opt, err := s.osrmOptions(r)
	if err != nil {
		return err
	}
	if overview == "false" && stepsArg == "false" {
		return s.osrmTotalsRoute(w, pts, opt)
	}
	rt := osrmRoute{WeightName: "duration"}
	var whole orb.LineString
	waypoints := make([]osrmWaypoint, 0, len(pts))
	for i := 1; i < len(pts); i++ {
		trip, err := s.router.Trip(pts[i-1], pts[i], opt)
		if err != nil {
			return osrmTripError(err, i)
		}
		if i == 1 {
			waypoints = append(waypoints, s.waypoint(trip, true))
		}
		waypoints = append(waypoints, s.waypoint(trip, false))
		leg := osrmLeg{Duration: round(trip.Duration, 1), Weight: round(trip.Duration, 1), Distance: round(trip.Distance, 1),
			Summary: summary(trip.Legs), Steps: []osrmStep{}}
		if stepsArg == "true" {
			leg.Steps = steps(trip, enc)
		}
		rt.Legs = append(rt.Legs, leg)
		rt.Duration += trip.Duration
		rt.Distance += trip.Distance
		for _, pt := range trip.Geometry { // legs share their ends; snaps may repeat a point
			if n := len(whole); n == 0 || whole[n-1] != pt {
				whole = append(whole, pt)
			}
		}
	}
	rt.Duration, rt.Distance = round(rt.Duration, 1), round(rt.Distance, 1)
	rt.Weight = rt.Duration
	switch overview {
	case "full":
		rt.Geometry = encodeLine(whole, enc)
	case "simplified":
		rt.Geometry = encodeLine(simplify.DouglasPeucker(1e-4).LineString(whole.Clone()), enc)
	}
	writeJSON(w, http.StatusOK, "application/json", osrmRouteBody{Code: "Ok", Routes: []osrmRoute{rt}, Waypoints: waypoints})
	return nil
}

// osrmTotalsRoute answers a route without geometry or steps from the
// totals alone (no path unpacking, no shapes): each point is snapped once,
// then one point-to-point query per leg. OSRM's summary is empty without
// steps, so no road names are needed either.
func (s *Server) osrmTotalsRoute(w http.ResponseWriter, pts []orb.Point, opt *route.Options) error {
	at, err := s.osrmLocate(pts, nil)
	if err != nil {
		return err
	}
	waypoints := make([]osrmWaypoint, len(at))
	for i := range at {
		waypoints[i] = at[i].wp
	}
	rt := osrmRoute{WeightName: "duration", Legs: make([]osrmLeg, 0, len(pts)-1)}
	var cell [1]route.Totals
	for i := 1; i < len(pts); i++ {
		if err := s.osrmTable(at[i-1:i], at[i:i+1], opt, cell[:]); err != nil {
			return osrmTripError(err, i)
		}
		if !cell[0].Reachable {
			return osrmFail(400, "NoRoute", fmt.Sprintf("coordinates[%d]", i), "no route found between coordinates %d and %d", i-1, i)
		}
		d, l := cell[0].Duration, cell[0].Distance
		rt.Legs = append(rt.Legs, osrmLeg{Steps: []osrmStep{}, Duration: round(d, 1), Weight: round(d, 1), Distance: round(l, 1)})
		rt.Duration += d
		rt.Distance += l
	}
	rt.Duration, rt.Distance = round(rt.Duration, 1), round(rt.Distance, 1)
	rt.Weight = rt.Duration
	writeJSON(w, http.StatusOK, "application/json", osrmRouteBody{Code: "Ok", Routes: []osrmRoute{rt}, Waypoints: waypoints})
	return nil
}

// osrmRouteBody is the body of a route response.
type osrmRouteBody struct {
	Code      string         `json:"code"`
	Routes    []osrmRoute    `json:"routes"`
	Waypoints []osrmWaypoint `json:"waypoints"`
}

func osrmTripError(err error, leg int) error {
	var pe *route.PointError
	switch {
	case errors.As(err, &pe) && (pe.Field == "from" || pe.Field == "to"):
		i := leg - 1
		if pe.Field == "to" {
			i = leg
		}
		return osrmFail(400, "NoSegment", fmt.Sprintf("coordinates[%d]", i), "could not find a matching segment for the coordinate")
	case errors.As(err, &pe):
		return osrmFail(400, "NoSegment", pe.Field, "%v", pe.Err)
	case errors.Is(err, network.ErrTooFar):
		i := leg - 1
		if strings.HasPrefix(err.Error(), "to:") {
			i = leg
		}
		return osrmFail(400, "NoSegment", fmt.Sprintf("coordinates[%d]", i), "could not find a matching segment for the coordinate")
	case errors.Is(err, route.ErrUnreachable):
		return osrmFail(400, "NoRoute", fmt.Sprintf("coordinates[%d]", leg), "no route found between coordinates %d and %d", leg-1, leg)
	}
	return err
}

// waypoint describes where a trip's start (or end) met the network.
func (s *Server) waypoint(t *route.Trip, start bool) osrmWaypoint {
	g := s.router.Graph()
	snap, edge := t.To, t.ToEdge
	if start {
		snap, edge = t.From, t.FromEdge
	}
	var wp osrmWaypoint
	var e network.EdgeID = network.None
	if edge != nil {
		wp.Location, wp.Distance, e = [2]float64(edge.Point), float64(edge.Distance), edge.Edge
	} else {
		wp.Location, wp.Distance = [2]float64(g.Point(snap.Node)), float64(snap.Distance)
		if lo, hi := g.Edges(snap.Node); lo < hi {
			e = lo
		}
	}
	wp.Location = [2]float64{round(wp.Location[0], 6), round(wp.Location[1], 6)}
	wp.Distance = round(wp.Distance, 1)
	if e != network.None {
		if ri := g.Road(e); ri != network.None {
			wp.Name = g.Roads()[ri].Name
		}
	}
	return wp
}

// summary names the two longest roads of a trip, as OSRM does.
func summary(legs []route.Leg) string {
	best := [2]int{-1, -1}
	for i, l := range legs {
		if l.Kind == "feeder" || l.Name == "" {
			continue
		}
		switch {
		case best[0] < 0 || l.Distance > legs[best[0]].Distance:
			best[0], best[1] = i, best[0]
		case (best[1] < 0 || l.Distance > legs[best[1]].Distance) && l.Name != legs[best[0]].Name:
			best[1] = i
		}
	}
	var names []string
	for _, i := range []int{min(best[0], best[1]), max(best[0], best[1])} {
		if i >= 0 {
			names = append(names, legs[i].Name)
		}
	}
	if len(names) == 2 && names[0] == names[1] {
		names = names[:1]
	}
	return strings.Join(names, ", ")
}

// stepPiece is a run of a trip's legs on one road (or one ferry).
type stepPiece struct {
	name, ref, mode    string
	distance, duration float64
}

// pieces merges a trip's legs into steps: consecutive legs of one road
// name become one step, feeder links join the step they lead to or from.
func pieces(legs []route.Leg) []stepPiece {
	var out []stepPiece
	pendFeeder := stepPiece{}
	for _, l := range legs {
		if l.Kind == "feeder" {
			if len(out) == 0 {
				pendFeeder.distance += l.Distance
				pendFeeder.duration += l.Duration
			} else {
				out[len(out)-1].distance += l.Distance
				out[len(out)-1].duration += l.Duration
			}
			continue
		}
		mode := "driving"
		if l.Kind == "ferry" {
			mode = "ferry"
		}
		if n := len(out); n > 0 && out[n-1].name == l.Name && out[n-1].ref == l.Ref && out[n-1].mode == mode {
			out[n-1].distance += l.Distance
			out[n-1].duration += l.Duration
			continue
		}
		p := stepPiece{name: l.Name, ref: l.Ref, mode: mode, distance: l.Distance, duration: l.Duration}
		if len(out) == 0 {
			p.distance += pendFeeder.distance
			p.duration += pendFeeder.duration
		}
		out = append(out, p)
	}
	if len(out) == 0 { // a trip of feeder links only
		out = append(out, stepPiece{mode: "driving", distance: pendFeeder.distance, duration: pendFeeder.duration})
	}
	return out
}

// steps builds a trip's OSRM steps: a depart step, one step per piece
// (maneuvers from the bearing change where pieces meet) and an arrive
// step. Each step's geometry is the part of the trip's line that covers its
// share of the trip's distance.
func steps(t *route.Trip, enc string) []osrmStep {
	ps := pieces(t.Legs)
	line := t.Geometry
	cum := make([]float64, len(line))
	for i := 1; i < len(line); i++ {
		cum[i] = cum[i-1] + float64(geo.Distance(line[i-1], line[i]))
	}
	total := 0.0
	for _, p := range ps {
		total += p.distance
	}
	scale := 1.0
	if total > 0 {
		scale = cum[len(cum)-1] / total
	}
	out := make([]osrmStep, 0, len(ps)+1)
	at := 0.0
	prevBearing := -1.0
	for i, p := range ps {
		sub := cut(line, cum, at*scale, (at+p.distance)*scale)
		at += p.distance
		after := lineBearing(sub, true)
		m := osrmManeuver{Location: loc(sub[0]), BearingAfter: int(math.Round(after))}
		switch {
		case i == 0:
			m.Type = "depart"
		case p.mode != ps[i-1].mode:
			m.Type, m.Modifier = "notification", turnModifier(prevBearing, after)
			m.BearingBefore = int(math.Round(prevBearing))
		default:
			m.Type, m.Modifier = "turn", turnModifier(prevBearing, after)
			if m.Modifier == "straight" {
				m.Type = "new name"
			}
			m.BearingBefore = int(math.Round(prevBearing))
		}
		prevBearing = lineBearing(sub, false)
		out = append(out, osrmStep{Geometry: encodeLine(sub, enc), Maneuver: m, Mode: p.mode, DrivingSide: "left",
			Name: p.name, Ref: p.ref, Weight: round(p.duration, 1), Duration: round(p.duration, 1),
			Distance: round(p.distance, 1), Intersections: []osrmIntersection{intersection(m)}})
	}
	end := line[len(line)-1]
	arrive := osrmManeuver{Location: loc(end), BearingBefore: int(math.Round(max(prevBearing, 0))), Type: "arrive"}
	last := ps[len(ps)-1]
	out = append(out, osrmStep{Geometry: encodeLine(orb.LineString{end, end}, enc), Maneuver: arrive, Mode: last.mode,
		DrivingSide: "left", Name: last.name, Ref: last.ref, Intersections: []osrmIntersection{intersection(arrive)}})
	return out
}

// intersection is the one intersection OSRM lists at a maneuver.
func intersection(m osrmManeuver) osrmIntersection {
	x := osrmIntersection{Location: m.Location, Entry: []bool{true}}
	zero := 0
	switch m.Type {
	case "depart":
		x.Bearings, x.Out = []int{m.BearingAfter}, &zero
	case "arrive":
		x.Bearings, x.In = []int{(m.BearingBefore + 180) % 360}, &zero
	default:
		one := 1
		x.Bearings, x.In, x.Out = []int{(m.BearingBefore + 180) % 360, m.BearingAfter}, &zero, &one
		x.Entry = []bool{false, true}
	}
	return x
}

func loc(p orb.Point) [2]float64 { return [2]float64{round(p[0], 6), round(p[1], 6)} }

// cut returns the part of line between distances a and b along it (cum
// holds the cumulative distance at each vertex); at least two points.
func cut(line orb.LineString, cum []float64, a, b float64) orb.LineString {
	at := func(d float64) (orb.Point, int) {
		for i := 1; i < len(line); i++ {
			if cum[i] >= d {
				seg := cum[i] - cum[i-1]
				if seg <= 0 {
					return line[i], i
				}
				return geo.Interpolate(line[i-1], line[i], (d-cum[i-1])/seg), i
			}
		}
		return line[len(line)-1], len(line)
	}
	pa, ia := at(a)
	pb, ib := at(b)
	out := orb.LineString{pa}
	for i := ia; i < ib && i < len(line); i++ {
		if line[i] != out[len(out)-1] {
			out = append(out, line[i])
		}
	}
	if pb != out[len(out)-1] || len(out) == 1 {
		out = append(out, pb)
	}
	return out
}

// lineBearing is the bearing (0..360, clockwise from north) of a line's
// first (start) or last segment of non-zero length.
func lineBearing(l orb.LineString, start bool) float64 {
	n := len(l)
	for i := 1; i < n; i++ {
		a, b := l[i-1], l[i]
		if !start {
			a, b = l[n-i-1], l[n-i]
		}
		if a != b {
			return math.Mod(orbgeo.Bearing(a, b)+360, 360)
		}
	}
	return 0
}

// turnModifier names the turn from bearing before to bearing after.
func turnModifier(before, after float64) string {
	d := math.Mod(after-before+540, 360) - 180 // (-180, 180], right positive
	side := "right"
	if d < 0 {
		side, d = "left", -d
	}
	switch {
	case d < 20:
		return "straight"
	case d < 60:
		return "slight " + side
	case d < 120:
		return side
	case d < 170:
		return "sharp " + side
	}
	return "uturn"
}

// encodeLine writes a line as an encoded polyline (precision 5 or 6) or a
// GeoJSON LineString.
func encodeLine(l orb.LineString, enc string) any {
	switch enc {
	case "geojson":
		coords := make([][2]float64, len(l))
		for i, p := range l {
			coords[i] = loc(p)
		}
		return map[string]any{"type": "LineString", "coordinates": coords}
	case "polyline6":
		return encodePolyline(l, 1e6)
	}
	return encodePolyline(l, 1e5)
}

// encodePolyline is Google's encoded polyline algorithm, lat before lon.
func encodePolyline(l orb.LineString, factor float64) string {
	var b []byte
	var plat, plon int64
	for _, p := range l {
		lat, lon := int64(math.Round(p[1]*factor)), int64(math.Round(p[0]*factor))
		b = appendVarint(b, lat-plat)
		b = appendVarint(b, lon-plon)
		plat, plon = lat, lon
	}
	return string(b)
}

func appendVarint(b []byte, v int64) []byte {
	u := uint64(v) << 1
	if v < 0 {
		u = ^u
	}
	for u >= 0x20 {
		b = append(b, byte(0x20|(u&0x1f))+63)
		u >>= 5
	}
	return append(b, byte(u)+63)
}

// indices reads OSRM's sources/destinations: "all" or "i;j;…".
func indices(r *http.Request, name string, n int) ([]int, error) {
	v := osrmParam(r, name)
	if v == "" || v == "all" {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out, nil
	}
	parts := strings.Split(v, ";")
	out := make([]int, len(parts))
	for i, p := range parts {
		k, err := strconv.Atoi(p)
		if err != nil || k < 0 || k >= n {
			return nil, osrmFail(400, "InvalidQuery", name, "index %q is not a coordinate index in [0, %d)", p, n)
		}
		out[i] = k
	}
	return out, nil
}

// osrmParam returns the first value of query parameter name. OSRM lists
// indices with semicolons (sources=0;3), which net/url no longer accepts
// as part of a value (it drops the whole pair), so the raw query is split
// on '&' alone.
func osrmParam(r *http.Request, name string) string {
	for rest := r.URL.RawQuery; rest != ""; {
		var kv string
		kv, rest, _ = strings.Cut(rest, "&")
		k, v, _ := strings.Cut(kv, "=")
		if k, err := url.QueryUnescape(k); err != nil || k != name {
			continue
		}
		if v, err := url.QueryUnescape(v); err == nil {
			return v
		}
		return ""
	}
	return ""
}
