package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/geo/hexgrid"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

var allLayers = []string{"roads", "ferries", "ports", "markets", "seats", "junctions"}

func (s *Server) network(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	bound := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	if b := q.Get("bbox"); b != "" {
		var err error
		if bound, err = geo.ParseBBox(b); err != nil {
			return invalid("bbox", "%v", err)
		}
	}
	layers := map[string]bool{}
	if l := q.Get("layers"); l != "" {
		for _, name := range strings.Split(l, ",") {
			ok := false
			for _, known := range allLayers {
				ok = ok || known == name
			}
			if !ok {
				return invalid("layers", "unknown layer %q (known: %s)", name, strings.Join(allLayers, ", "))
			}
			layers[name] = true
		}
	} else {
		for _, name := range allLayers[:5] {
			layers[name] = true
		}
	}
	fc := geojson.NewFeatureCollection()
	add := func(layer string, g orb.Geometry, props geojson.Properties) {
		if !g.Bound().Intersects(bound) {
			return
		}
		f := geojson.NewFeature(g)
		props["layer"] = layer
		f.Properties = props
		fc.Append(f)
	}
	ds := s.ds
	jpos := func(id string) orb.Point { return ds.Junctions[s.nw.Junction[id]].Point }
	if layers["roads"] {
		for _, rd := range ds.Roads {
			line := append(append(orb.LineString{jpos(rd.From)}, rd.Via...), jpos(rd.To))
			props := geojson.Properties{"id": rd.ID, "name": rd.Name, "class": rd.Class,
				"truck_speed_kmh": rd.TruckSpeedKmh, "length_m": round(float64(geo.Length(line)), 0),
				"approximate": rd.Approximate, "source": rd.Source}
			if rd.Ref != "" {
				props["ref"] = rd.Ref
			}
			if rd.Toll != [5]float64{} {
				props["toll_idr"] = rd.Toll
			}
			add("roads", line, props)
		}
	}
	if layers["roads"] {
		roads, ok := graphRoads(importedGraph(s.nw), bound, func(network.Class) bool { return true }, maxNetworkRoads)
		if !ok {
			return invalid("bbox", "more than %d road edges of the imported network lie in the box: narrow it or use /v1/tiles", maxNetworkRoads)
		}
		for _, f := range roads {
			add("roads", f.Geometry, f.Properties)
		}
	}
	if layers["ferries"] {
		svcs := s.nw.Graph.Services()
		for _, f := range ds.Ferries {
			a, b := ds.Port(f.From), ds.Port(f.To)
			sv := svcs[s.nw.Service[f.ID]]
			add("ferries", orb.LineString{a.Point, b.Point}, geojson.Properties{
				"id": f.ID, "name": f.Name, "from": f.From, "to": f.To,
				"crossing_min": f.CrossingMinutes, "departures_per_day": sv.DeparturesPerDay(),
				"source": f.Source})
		}
	}
	if layers["ports"] {
		for _, p := range ds.Ports {
			add("ports", p.Point, geojson.Properties{"id": p.ID, "name": p.Name, "approximate": p.Approximate, "source": p.Source})
		}
	}
	if layers["markets"] {
		for _, m := range ds.Markets {
			demand := map[string]float64{}
			for c, f := range m.Demand {
				demand[c] = f.Value
			}
			add("markets", m.Point, geojson.Properties{"id": m.ID, "name": m.Name, "kind": m.Kind,
				"demand_t_per_day": demand, "approximate": m.Approximate, "source": m.Source})
		}
	}
	if layers["seats"] {
		for _, rg := range ds.Regencies {
			add("seats", rg.Seat, geojson.Properties{"regency": rg.Name, "code": rg.Code, "seat": rg.SeatName})
		}
	}
	if layers["junctions"] {
		for _, j := range ds.Junctions {
			add("junctions", j.Point, geojson.Properties{"id": j.ID, "name": j.Name, "kind": j.Kind, "approximate": j.Approximate})
		}
	}
	writeJSON(w, http.StatusOK, "application/geo+json", fc)
	return nil
}

type cellKey struct {
	res       int
	commodity int // -1: all
}

// cellsHandler aggregates farms into H3 cells.
func (s *Server) cellsHandler(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	res := 7
	if v := q.Get("res"); v != "" {
		var err error
		if res, err = parseInt("res", v, 5, maxCellRes); err != nil {
			return err
		}
	}
	key := cellKey{res: res, commodity: -1}
	if c := q.Get("commodity"); c != "" {
		key.commodity = -2
		ids := make([]string, len(s.ds.Commodities))
		for i, cm := range s.ds.Commodities {
			ids[i] = cm.ID
			if cm.ID == c {
				key.commodity = i
			}
		}
		if key.commodity == -2 {
			return invalid("commodity", "unknown commodity %q (known: %s)", c, strings.Join(ids, ", "))
		}
	}
	// Responses up to res 8 (under 20 MB) are cached: the dataset is
	// immutable. Res 9 (one hexagon per farm or so, ~45 MB for all farms)
	// is built per request so the cache stays small.
	s.cellsMu.Lock()
	body, ok := s.cells[key]
	s.cellsMu.Unlock()
	if !ok {
		var err error
		if body, err = s.buildCells(key); err != nil {
			return err
		}
		if key.res < maxCellRes {
			s.cellsMu.Lock()
			s.cells[key] = body
			s.cellsMu.Unlock()
		}
	}
	w.Header().Set("Content-Type", "application/geo+json")
	_, err := w.Write(body)
	return err
}

const maxCellRes = 9 // the farms' own resolution: finer cells would be empty or single farms

func (s *Server) buildCells(key cellKey) ([]byte, error) {
	type agg struct {
		tonnes float64
		farms  int
		by     map[string]float64
	}
	cells := map[hexgrid.Cell]*agg{}
	for i := range s.ds.Farms {
		f := &s.ds.Farms[i]
		if key.commodity >= 0 && int(f.Commodity) != key.commodity {
			continue
		}
		c, err := f.Cell.Parent(key.res)
		if err != nil {
			return nil, err
		}
		a := cells[c]
		if a == nil {
			a = &agg{by: map[string]float64{}}
			cells[c] = a
		}
		a.tonnes += f.Tonnes
		a.farms++
		a.by[s.ds.Commodities[f.Commodity].ID] += f.Tonnes
	}
	keys := make([]hexgrid.Cell, 0, len(cells))
	for c := range cells {
		keys = append(keys, c)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	fc := geojson.NewFeatureCollection()
	for _, c := range keys {
		ring, err := c.Boundary()
		if err != nil {
			return nil, err
		}
		// Six decimals (~0.1 m, RFC 7946 §11.2) instead of seventeen
		// digits: 40% less JSON for the map page to fetch and parse.
		for i, p := range ring {
			ring[i] = orb.Point{round(p[0], 6), round(p[1], 6)}
		}
		a := cells[c]
		f := geojson.NewFeature(orb.Polygon{ring})
		f.Properties = geojson.Properties{"cell": c.String(), "res": key.res, "tonnes_per_year": a.tonnes,
			"farms": a.farms, "by_commodity": a.by}
		fc.Append(f)
	}
	var buf bytes.Buffer
	err := json.NewEncoder(&buf).Encode(fc)
	return buf.Bytes(), err
}

func (s *Server) vehicles(w http.ResponseWriter, r *http.Request) error {
	out := make([]map[string]any, 0, len(s.ds.Vehicles))
	for _, v := range s.ds.Vehicles {
		out = append(out, map[string]any{"id": v.ID, "name": v.Name, "capacity_t": v.CapacityTonnes,
			"max_speed_kmh": v.MaxSpeedKmh, "cost_idr_per_km": v.CostIDRPerKm, "driver_idr_per_hour": v.DriverIDRPerHour,
			"toll_class": v.TollClass, "length_m": v.LengthM, "ferry_class": v.FerryClass,
			"ferry_class_rule": "derived from length_m: goods golongan IVB <= 5 m, VB <= 7 m, VIB <= 10 m, VII <= 12 m, VIII <= 16 m, IX > 16 m",
			"reefer":           v.Reefer, "source": v.Source})
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]any{"vehicles": out})
	return nil
}

func (s *Server) ferries(w http.ResponseWriter, r *http.Request) error {
	svcs := s.nw.Graph.Services()
	out := make([]map[string]any, 0, len(s.ds.Ferries))
	for _, f := range s.ds.Ferries {
		sv := svcs[s.nw.Service[f.ID]]
		deps := make([]string, 0, len(f.Departures))
		for _, m := range f.Departures {
			deps = append(deps, hhmm(m))
		}
		out = append(out, map[string]any{"id": f.ID, "name": f.Name, "from": f.From, "to": f.To,
			"crossing_min": f.CrossingMinutes, "peak_crossing_min": f.PeakCrossingMinutes,
			"headway_min": f.HeadwayMinutes, "departures_local": deps, "departures_per_day": sv.DeparturesPerDay(),
			"expected_wait_min": round(sv.ExpectedWait()/60, 1), "deck_per_departure": f.Deck,
			"fleet": ferryFleet(f), "availability": f.Availability.Value, "availability_source": f.Availability.Source,
			"seasons": ferrySeasons(f), "year_round": len(f.Seasons) == 0,
			"tariff_idr": f.Tariff, "tariff_since": f.TariffDate, "ferry_classes": network.FerryClasses, "source": f.Source})
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]any{"ferries": out, "timezone": "Asia/Jakarta (WIB, UTC+7)"})
	return nil
}

// ferryFleet lists the ship types behind a service's deck per departure.
func ferryFleet(f data.FerryService) []map[string]any {
	out := make([]map[string]any, 0, len(f.Fleet))
	for _, sh := range f.Fleet {
		out = append(out, map[string]any{"name": sh.Name, "share_of_sailings": sh.Share, "deck": sh.Deck,
			"estimate": sh.Estimate, "source": sh.Source})
	}
	return out
}

// ferrySeasons lists the dated windows a season-only service runs in
// (first and last day, WIB).
func ferrySeasons(f data.FerryService) []map[string]any {
	out := make([]map[string]any, 0, len(f.Seasons))
	for _, se := range f.Seasons {
		out = append(out, map[string]any{"name": se.Name, "first_day": se.From.Format(time.DateOnly),
			"last_day": se.To.AddDate(0, 0, -1).Format(time.DateOnly), "estimate": se.Estimate, "source": se.Source})
	}
	return out
}

func hhmm(m int) string {
	return string([]byte{byte('0' + m/600), byte('0' + m/60%10), ':', byte('0' + m%60/10), byte('0' + m%10)})
}
