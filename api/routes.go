package api

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// DefaultVehicle is the vehicle class used when a request names none.
const DefaultVehicle = "tronton"

// options reads vehicle, metric and depart from a query or a JSON body.
func (s *Server) options(vehicle, metric, depart string) (*route.Options, string, error) {
	if vehicle == "" {
		vehicle = DefaultVehicle
		if _, ok := s.profiles[vehicle]; !ok {
			vehicle = s.vehicleIDs()[0] // deterministic for datasets without one
		}
	}
	p, ok := s.profiles[vehicle]
	if !ok {
		return nil, "", invalid("vehicle", "unknown vehicle %q (known: %s)", vehicle, strings.Join(s.vehicleIDs(), ", "))
	}
	o := &route.Options{Profile: p, Metric: route.Cost}
	if metric != "" {
		m, err := route.ParseMetric(metric)
		if err != nil {
			return nil, "", invalid("metric", "want time, distance or cost, got %q", metric)
		}
		o.Metric = m
	}
	if depart != "" {
		t, err := parseTime("depart", depart)
		if err != nil {
			return nil, "", err
		}
		o.Depart, o.HasDepart = float64(t.Unix()), true
	}
	return o, vehicle, nil
}

func (s *Server) vehicleIDs() []string {
	ids := make([]string, 0, len(s.profiles))
	for id := range s.profiles {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// routeError maps router errors to problems naming the parameter.
func routeError(err error, fromName, toName string) error {
	var pe *route.PointError
	switch {
	case errors.As(err, &pe) && pe.Index < 0:
		name := fromName
		if pe.Field == "to" {
			name = toName
		}
		return unprocessable(TypeUnreachable, name, "no road within reach: %v", pe.Err)
	case errors.As(err, &pe):
		return unprocessable(TypeUnreachable, fmt.Sprintf("%s[%d]", pe.Field, pe.Index), "%v", pe.Err)
	case errors.Is(err, route.ErrUnreachable):
		return unprocessable(TypeUnreachable, toName, "no route on the network between the two points")
	}
	return err
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	from, err := parsePoint("from", q.Get("from"))
	if err != nil {
		return err
	}
	to, err := parsePoint("to", q.Get("to"))
	if err != nil {
		return err
	}
	opt, vehicle, err := s.options(q.Get("vehicle"), q.Get("metric"), q.Get("depart"))
	if err != nil {
		return err
	}
	trip, err := s.router.Trip(from, to, opt)
	if err != nil {
		return routeError(err, "from", "to")
	}
	f := geojson.NewFeature(trip.Geometry)
	legs := make([]map[string]any, len(trip.Legs))
	for i, l := range trip.Legs {
		m := map[string]any{"kind": l.Kind, "name": l.Name, "class": l.Class,
			"distance_m": round(l.Distance, 1), "duration_s": round(l.Duration, 1)}
		if l.Ref != "" {
			m["ref"] = l.Ref
		}
		if l.Toll > 0 {
			m["toll_idr"] = round(l.Toll, 0)
		}
		if l.Restriction != "" {
			m["restriction"] = l.Restriction
			m["restriction_wait_s"] = round(l.RestrictionWaitSeconds, 1)
		}
		if l.Kind == "ferry" {
			m["service"] = l.Service
			m["wait_s"] = round(l.WaitSeconds, 1)
			m["crossing_s"] = round(l.CrossingSeconds, 1)
			m["tariff_idr"] = round(l.Tariff, 0)
			// Say which wait this is: without a departure time it is an
			// average, not a promise of the next sailing.
			m["wait_basis"] = "expected"
			if opt.HasDepart {
				m["wait_basis"] = "next_departure"
			}
		}
		legs[i] = m
	}
	f.Properties = geojson.Properties{
		"vehicle":      vehicle,
		"metric":       opt.Metric.String(),
		"distance_m":   round(trip.Distance, 1),
		"duration_s":   round(trip.Duration, 1),
		"ferry_wait_s": round(trip.FerryWait, 1),
		"cost_idr":     round(trip.Cost.Total(), 0),
		"cost_breakdown_idr": map[string]float64{
			"fuel_wear": round(trip.Cost.Running, 0), "driver": round(trip.Cost.Driver, 0),
			"toll": round(trip.Cost.Toll, 0), "ferry": round(trip.Cost.Ferry, 0),
		},
		"from_snap_m": round(float64(trip.From.Distance), 1),
		"to_snap_m":   round(float64(trip.To.Distance), 1),
		"legs":        legs,
	}
	f.Properties["restriction_wait_s"] = round(trip.RestrictionWait, 1)
	f.Properties["restrictions"] = restrictionsJSON(trip.Restrictions, opt.HasDepart)
	if opt.HasDepart {
		f.Properties["depart"] = q.Get("depart")
	}
	writeJSON(w, http.StatusOK, "application/geo+json", f)
	return nil
}

type matrixRequest struct {
	Sources      [][]float64 `json:"sources"`
	Destinations [][]float64 `json:"destinations"`
	Vehicle      string      `json:"vehicle"`
	Metric       string      `json:"metric"`
	Depart       string      `json:"depart"`
}

func (s *Server) points(name string, raw [][]float64) ([]orb.Point, error) {
	if len(raw) == 0 {
		return nil, invalid(name, "at least one [lon,lat] point is required")
	}
	if len(raw) > s.cfg.MaxMatrixSide {
		return nil, invalid(name, "%d points exceed the limit of %d", len(raw), s.cfg.MaxMatrixSide)
	}
	pts := make([]orb.Point, len(raw))
	for i, c := range raw {
		field := fmt.Sprintf("%s[%d]", name, i)
		if len(c) != 2 {
			return nil, invalid(field, "want [lon,lat], got %d numbers", len(c))
		}
		p, err := checkPoint(field, orb.Point{c[0], c[1]})
		if err != nil {
			return nil, err
		}
		pts[i] = p
	}
	return pts, nil
}

func (s *Server) matrix(w http.ResponseWriter, r *http.Request) error {
	var req matrixRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	src, err := s.points("sources", req.Sources)
	if err != nil {
		return err
	}
	dst, err := s.points("destinations", req.Destinations)
	if err != nil {
		return err
	}
	if n := len(src) * len(dst); n > s.cfg.MaxMatrixCells {
		return invalid("destinations", "%d×%d = %d cells exceed the limit of %d", len(src), len(dst), n, s.cfg.MaxMatrixCells)
	}
	opt, vehicle, err := s.options(req.Vehicle, req.Metric, req.Depart)
	if err != nil {
		return err
	}
	m, err := s.router.Matrix(src, dst, opt)
	if err != nil {
		return routeError(err, "sources", "destinations")
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]any{
		"vehicle": vehicle, "metric": opt.Metric.String(),
		"durations_s": m.Durations, "distances_m": m.Distances, "costs_idr": m.Costs,
	})
	return nil
}

func (s *Server) nearest(w http.ResponseWriter, r *http.Request) error {
	p, err := parsePoint("point", r.URL.Query().Get("point"))
	if err != nil {
		return err
	}
	sn, err := s.router.Snap(p)
	if err != nil {
		return unprocessable(TypeUnreachable, "point", "no road within %s of the point", fmtKm(s.router.Feeder().MaxSnapMeters))
	}
	g := s.nw.Graph
	f := geojson.NewFeature(g.Point(sn.Node))
	props := geojson.Properties{"node": sn.Node, "distance_m": round(float64(sn.Distance), 1),
		"exact_within_m": round(float64(sn.Radius), 1), "cell": g.Cell(sn.Node).String()}
	if lo, hi := g.Edges(sn.Node); lo < hi {
		if ri := g.Road(lo); ri != network.None {
			rd := g.Roads()[ri]
			props["road"], props["ref"], props["class"] = rd.Name, rd.Ref, rd.Class.String()
		}
	}
	if g.HasShapes() { // an imported network: trips start at the nearest point on a road
		if es, err := s.router.SnapEdge(p); err == nil {
			props["on_road"] = map[string]any{"point": [2]float64{es.Point[0], es.Point[1]},
				"distance_m": round(float64(es.Distance), 1), "edge": es.Edge,
				"offset_m": round(es.Offset, 1), "fraction": round(es.Fraction, 4)}
		}
	}
	f.Properties = props
	writeJSON(w, http.StatusOK, "application/geo+json", f)
	return nil
}
