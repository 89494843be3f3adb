package data

import (
	"errors"
	"io/fs"
	"math"
	"strings"
	"testing"
	"testing/fstest"
)

// tinyFiles is a minimal valid dataset: one province (a square), one
// regency, two road islands joined by one ferry, one buyer. Test cases break
// it one edit at a time.
func tinyFiles() map[string]string {
	return map[string]string{
		"dataset.json": `{"name":"tiny","provinces":[{"code":"18","name":"P","boundary":"admin/p.geojson"}],
			"planner":{"cluster_res":6,"deck_share":0.3,"consolidation_res":4,"collect_idr_per_tonne_km":1000,"handling_hours":2,
			"loading_start_hour":0,"loading_end_hour":24,"diesel_idr_per_litre":6800,"regular_crossing":"f1","backhaul_share":0.5,
			"baseline":{"vehicles":["truck"],"vehicles_by_commodity":{"rice":"truck"},"queue_hours":3,"collector_res":5,"max_hold_days":2},"source":"test"},
			"restrictions":[{"id":"ban","name":"Ban","from":"2026-03-13T12:00:00+07:00","to":"2026-03-30T00:00:00+07:00",
			"min_toll_class":3,"road_classes":["toll"],"crossings":[{"service":"f1","golongan":["IX"]}],"exempt_commodities":["rice"],"source":"test"}]}`,
		"tolls.json": `[{"id":"t1","name":"T1","roads":["r-bc"],"idr":[10,15,15,20,20],"since":"2025-11-27","source":"test"}]`,
		"admin/p.geojson": `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
			"geometry":{"type":"Polygon","coordinates":[[[105,-6],[106,-6],[106,-5],[105,-5],[105,-6]]]}}]}`,
		"commodities.json": `[{"id":"rice","name":"Rice","price_idr_per_tonne":1000,
			"seasonality":[1,1,1,1,1,1,1,1,1,1,1,1],"source":"test"}]`,
		"regencies.json": `[{"code":"1801","name":"A","province":"18","seat_name":"A","seat":[105.5,-5.5],
			"boundary":"admin/p.geojson","production":{"rice":{"value":100,"year":2023,"source":"test"}}}]`,
		"roads.geojson": `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[105.5,-5.5]},"properties":{"kind":"seat","name":"A","source":"test"}},
{"type":"Feature","id":"b","geometry":{"type":"Point","coordinates":[105.6,-5.5]},"properties":{"kind":"junction","name":"B","source":"test"}},
{"type":"Feature","id":"c","geometry":{"type":"Point","coordinates":[105.7,-5.5]},"properties":{"kind":"port","name":"C","source":"test"}},
{"type":"Feature","id":"d","geometry":{"type":"Point","coordinates":[106.5,-5.5]},"properties":{"kind":"port","name":"D","source":"test"}},
{"type":"Feature","id":"e","geometry":{"type":"Point","coordinates":[106.6,-5.5]},"properties":{"kind":"market","name":"E","source":"test"}},
{"type":"Feature","id":"r-ab","geometry":{"type":"LineString","coordinates":[[105.5,-5.5],[105.55,-5.45],[105.6,-5.5]]},"properties":{"name":"AB","class":"trunk","from":"a","to":"b","truck_speed_kmh":40,"source":"test"}},
{"type":"Feature","id":"r-bc","geometry":{"type":"LineString","coordinates":[[105.6,-5.5],[105.7,-5.5]]},"properties":{"name":"BC","class":"toll","from":"b","to":"c","truck_speed_kmh":70,"toll_idr":[1,2,2,3,3],"source":"test"}},
{"type":"Feature","id":"r-de","geometry":{"type":"LineString","coordinates":[[106.5,-5.5],[106.6,-5.5]]},"properties":{"name":"DE","class":"primary","from":"d","to":"e","truck_speed_kmh":30,"source":"test"}}
]}`,
		"ferries.json": `{"ports":[
{"id":"p1","name":"P1","point":[105.701,-5.5],"junction":"c","source":"test"},
{"id":"p2","name":"P2","point":[106.499,-5.5],"junction":"d","source":"test"}],
"services":[{"id":"f1","name":"F1","from":"p1","to":"p2","crossing_minutes":60,"headway_minutes":30,"fleet":[{"name":"S","share":1,"deck":{"IX":1},"source":"test"}],"availability":{"value":1,"source":"test"},"tariff":{"IX":100},"tariff_date":"2023-08-03","source":"test"}]}`,
		"markets.geojson": `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"m1","geometry":{"type":"Point","coordinates":[106.6,-5.5]},"properties":{"name":"M","kind":"wholesale_market","gate":"e","source":"test",
 "demand_tonnes_per_day":{"rice":{"value":1,"source":"test","estimate":true}}}}]}`,
		"vehicles.json": `[{"id":"truck","name":"Truck","capacity_tonnes":10,"max_speed_kmh":60,"cost_idr_per_km":1,"driver_idr_per_hour":1,"toll_class":1,"length_m":17,"length_source":"test","source":"test"}]`,
		"feeder.json":   `{"circuity":1.3,"speed_kmh":30,"max_snap_meters":30000,"source":"test"}`,
		"farms.json":    `{"seed":1,"count":20,"min_per_pair":2,"lognormal_sigma":0.5,"typical_farm_tonnes":{"rice":1},"source":"test"}`,
	}
}

func tinyFS(edit func(m map[string]string)) fstest.MapFS {
	files := tinyFiles()
	if edit != nil {
		edit(files)
	}
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys["tiny/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}

// replace returns an edit that replaces old by new in file, failing the test
// setup loudly if old is absent (a silently unbroken dataset would pass).
func replace(t *testing.T, file, old, new string) func(map[string]string) {
	return func(m map[string]string) {
		if !strings.Contains(m[file], old) {
			t.Fatalf("%s does not contain %q", file, old)
		}
		m[file] = strings.Replace(m[file], old, new, 1)
	}
}

func TestLoadTiny(t *testing.T) {
	ds, err := Load(tinyFS(nil), "tiny")
	if err != nil {
		t.Fatal(err)
	}
	if ds.Name != "tiny" || len(ds.Junctions) != 5 || len(ds.Roads) != 3 || len(ds.Farms) != 20 {
		t.Fatalf("got name %q, %d junctions, %d roads, %d farms", ds.Name, len(ds.Junctions), len(ds.Roads), len(ds.Farms))
	}
	if got := ds.Roads[0].Via; len(got) != 1 {
		t.Errorf("road r-ab Via = %v, want the one interior vertex", got)
	}
	sum := 0.0
	for _, f := range ds.Farms {
		sum += f.Tonnes
		if f.Tonnes <= 0 {
			t.Errorf("farm %d has %g t", f.ID, f.Tonnes)
		}
	}
	if math.Abs(sum-100) > 1e-9 {
		t.Errorf("farm tonnes sum to %g, want 100", sum)
	}
	if v := ds.Vehicles[0]; v.LengthM != 17 || v.FerryClass != "IX" {
		t.Errorf("vehicle length %g m golongan %s, want 17 m and IX (derived)", v.LengthM, v.FerryClass)
	}
	if got := ds.Roads[1].Toll; got != [5]float64{10, 15, 15, 20, 20} {
		t.Errorf("toll of r-bc = %v, want tolls.json's [10 15 15 20 20]", got)
	}
	if p := ds.Planner; p.RegularCrossing != "f1" || p.DeckShare != 0.3 || len(p.BaselineVehicles) != 1 ||
		p.BackhaulShare != 0.5 || p.BaselineCollectorRes != 5 || p.BaselineMaxHoldDays != 2 || p.BaselineVehiclesByCommodity["rice"] != "truck" {
		t.Errorf("planner = %+v", p)
	}
	if len(ds.Restrictions) != 1 || ds.Restrictions[0].MinTollClass != 3 {
		t.Errorf("restrictions = %+v", ds.Restrictions)
	}
	if ds.Ferries[0].PeakCrossingMinutes != 60 {
		t.Errorf("peak crossing defaults to %g, want the normal crossing 60", ds.Ferries[0].PeakCrossingMinutes)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(m map[string]string)
		is   error
		want string // substring of the message: file, feature, field
	}{
		{"unknown junction", replace(t, "roads.geojson", `"from":"a"`, `"from":"x"`),
			ErrUnknownRef, `roads.geojson: feature "r-ab": field "from": unknown junction "x"`},
		{"duplicate junction", replace(t, "roads.geojson", `"id":"c"`, `"id":"b"`),
			ErrDuplicateID, `roads.geojson: feature "b": field "id"`},
		{"duplicate road", replace(t, "roads.geojson", `"id":"r-bc"`, `"id":"r-ab"`),
			ErrDuplicateID, `feature "r-ab": field "id"`},
		{"bad coordinate", replace(t, "roads.geojson", `[105.5,-5.5]},"properties":{"kind":"seat"`, `[205.5,-5.5]},"properties":{"kind":"seat"`),
			ErrRange, `roads.geojson: feature "a": field "geometry"`},
		{"missing speed", replace(t, "roads.geojson", `"truck_speed_kmh":40,`, ``),
			ErrMissingField, `feature "r-ab": field "truck_speed_kmh"`},
		{"zero speed", replace(t, "roads.geojson", `"truck_speed_kmh":40`, `"truck_speed_kmh":0`),
			ErrRange, `feature "r-ab": field "truck_speed_kmh"`},
		{"missing feature id", replace(t, "roads.geojson", `"id":"e",`, ``),
			ErrMissingField, `roads.geojson: feature "#4": field "id"`},
		{"road off its junction", replace(t, "roads.geojson", `[[105.6,-5.5],[105.7,-5.5]]`, `[[105.6,-5.5],[105.8,-5.5]]`),
			ErrGeometry, `feature "r-bc": field "geometry": last vertex`},
		{"toll on trunk road", replace(t, "roads.geojson", `"class":"trunk",`, `"class":"trunk","toll_idr":[5,0,0,0,0],`),
			ErrRange, `feature "r-ab": field "toll_idr[0]"`},
		{"unknown road class", replace(t, "roads.geojson", `"class":"trunk"`, `"class":"motorway"`),
			ErrRange, `feature "r-ab": field "class"`},
		{"negative capacity", replace(t, "vehicles.json", `"capacity_tonnes":10`, `"capacity_tonnes":-1`),
			ErrRange, `vehicles.json: feature "truck": field "capacity_tonnes"`},
		{"bad toll class", replace(t, "vehicles.json", `"toll_class":1`, `"toll_class":6`),
			ErrRange, `feature "truck": field "toll_class"`},
		{"disconnected network", replace(t, "ferries.json", `"services":[{"id":"f1","name":"F1","from":"p1","to":"p2","crossing_minutes":60,"headway_minutes":30,"fleet":[{"name":"S","share":1,"deck":{"IX":1},"source":"test"}],"availability":{"value":1,"source":"test"},"tariff":{"IX":100},"tariff_date":"2023-08-03","source":"test"}]`, `"services":[]`),
			ErrDisconnected, `roads.geojson: feature "d": field "geometry": junction "d" is not reachable`},
		{"ferry unknown port", replace(t, "ferries.json", `"to":"p2"`, `"to":"p9"`),
			ErrUnknownRef, `ferries.json: feature "f1": field "to": unknown port "p9"`},
		{"port unknown junction", replace(t, "ferries.json", `"junction":"d"`, `"junction":"zz"`),
			ErrUnknownRef, `ferries.json: feature "p2": field "junction": unknown junction "zz"`},
		{"deck without tariff", replace(t, "ferries.json", `"deck":{"IX":1}`, `"deck":{"IX":1,"VIII":2}`),
			ErrMissingField, `feature "f1": field "tariff.VIII"`},
		{"unknown golongan", replace(t, "ferries.json", `"deck":{"IX":1}`, `"deck":{"X":1}`),
			ErrRange, `feature "f1": field "fleet[0].deck"`},
		{"fleet shares", replace(t, "ferries.json", `"share":1,`, `"share":0.5,`),
			ErrRange, `feature "f1": field "fleet"`},
		{"availability above one", replace(t, "ferries.json", `"availability":{"value":1,`, `"availability":{"value":1.5,`),
			ErrRange, `feature "f1": field "availability"`},
		{"deck lost to availability", replace(t, "ferries.json", `"availability":{"value":1,`, `"availability":{"value":0.5,`),
			ErrRange, `feature "f1": field "fleet": the fleet carries no goods vehicle`},
		{"bad tariff date", replace(t, "ferries.json", `"tariff_date":"2023-08-03"`, `"tariff_date":"3 Aug 2023"`),
			ErrRange, `feature "f1": field "tariff_date"`},
		{"season ends before it starts", replace(t, "ferries.json", `"tariff_date"`, `"seasons":[{"name":"L","from":"2024-04-18","to":"2024-04-12","source":"test"}],"tariff_date"`),
			ErrRange, `feature "f1": field "seasons[0].to"`},
		{"seasons overlap", replace(t, "ferries.json", `"tariff_date"`, `"seasons":[{"name":"L","from":"2024-04-12","to":"2024-04-18","source":"test"},{"name":"M","from":"2024-04-18","to":"2024-04-20","source":"test"}],"tariff_date"`),
			ErrRange, `feature "f1": field "seasons[1].from"`},
		{"season-only regular crossing", replace(t, "ferries.json", `"tariff_date"`, `"seasons":[{"name":"L","from":"2024-04-12","to":"2024-04-18","source":"test"}],"tariff_date"`),
			ErrInconsistent, `dataset.json: feature "planner": field "regular_crossing"`},
		{"hand-set ferry class", replace(t, "vehicles.json", `"length_m":17,`, `"length_m":17,"ferry_class":"IX",`),
			ErrSyntax, `vehicles.json: json: unknown field "ferry_class"`},
		{"missing length", replace(t, "vehicles.json", `"length_m":17,`, ``),
			ErrMissingField, `vehicles.json: feature "truck": field "length_m"`},
		{"absurd length", replace(t, "vehicles.json", `"length_m":17,`, `"length_m":40,`),
			ErrRange, `vehicles.json: feature "truck": field "length_m"`},
		{"planner unknown crossing", replace(t, "dataset.json", `"regular_crossing":"f1"`, `"regular_crossing":"f9"`),
			ErrUnknownRef, `dataset.json: feature "planner": field "regular_crossing"`},
		{"planner unknown baseline vehicle", replace(t, "dataset.json", `"vehicles":["truck"]`, `"vehicles":["lorry"]`),
			ErrUnknownRef, `dataset.json: feature "planner": field "baseline.vehicles[0]"`},
		{"planner deck share", replace(t, "dataset.json", `"deck_share":0.3`, `"deck_share":1.3`),
			ErrRange, `dataset.json: feature "planner": field "deck_share"`},
		{"planner backhaul share", replace(t, "dataset.json", `"backhaul_share":0.5`, `"backhaul_share":1.5`),
			ErrRange, `dataset.json: feature "planner": field "backhaul_share"`},
		{"planner backhaul share missing", replace(t, "dataset.json", `"backhaul_share":0.5,`, ``),
			ErrMissingField, `dataset.json: feature "planner": field "backhaul_share"`},
		{"planner collector res finer than clusters", replace(t, "dataset.json", `"collector_res":5`, `"collector_res":7`),
			ErrRange, `dataset.json: feature "planner": field "baseline.collector_res"`},
		{"planner hold days", replace(t, "dataset.json", `"max_hold_days":2`, `"max_hold_days":9`),
			ErrRange, `dataset.json: feature "planner": field "baseline.max_hold_days"`},
		{"planner hold days missing", replace(t, "dataset.json", `,"max_hold_days":2`, ``),
			ErrMissingField, `dataset.json: feature "planner": field "baseline.max_hold_days"`},
		{"planner baseline commodity", replace(t, "dataset.json", `{"rice":"truck"}`, `{"maize":"truck"}`),
			ErrUnknownRef, `dataset.json: feature "planner": field "baseline.vehicles_by_commodity.maize"`},
		{"planner baseline commodity vehicle", replace(t, "dataset.json", `{"rice":"truck"}`, `{"rice":"lorry"}`),
			ErrUnknownRef, `dataset.json: feature "planner": field "baseline.vehicles_by_commodity.rice"`},
		{"planner missing", replace(t, "dataset.json", `"planner":`, `"planner_x":`),
			ErrSyntax, `dataset.json: json: unknown field "planner_x"`},
		{"restriction unknown crossing", replace(t, "dataset.json", `"service":"f1"`, `"service":"f9"`),
			ErrUnknownRef, `dataset.json: feature "ban": field "crossings[0].service"`},
		{"restriction unknown commodity", replace(t, "dataset.json", `"exempt_commodities":["rice"]`, `"exempt_commodities":["maize"]`),
			ErrUnknownRef, `dataset.json: feature "ban": field "exempt_commodities"`},
		{"restriction ends first", replace(t, "dataset.json", `"to":"2026-03-30T00:00:00+07:00"`, `"to":"2026-03-01T00:00:00+07:00"`),
			ErrRange, `dataset.json: feature "ban": field "to"`},
		{"toll on unknown road", replace(t, "tolls.json", `"roads":["r-bc"]`, `"roads":["r-zz"]`),
			ErrUnknownRef, `tolls.json: feature "t1": field "roads[0]"`},
		{"toll on a trunk road", replace(t, "tolls.json", `"roads":["r-bc"]`, `"roads":["r-ab"]`),
			ErrRange, `tolls.json: feature "t1": field "roads[0]"`},
		{"toll without a date", replace(t, "tolls.json", `"since":"2025-11-27",`, ``),
			ErrMissingField, `tolls.json: feature "t1": field "since"`},
		{"market unknown commodity", replace(t, "markets.geojson", `{"rice":{"value":1`, `{"maize":{"value":1`),
			ErrUnknownRef, `markets.geojson: feature "m1": field "demand_tonnes_per_day": unknown commodity "maize"`},
		{"seasonality mean", replace(t, "commodities.json", `[1,1,1,1,1,1,1,1,1,1,1,1]`, `[2,1,1,1,1,1,1,1,1,1,1,1]`),
			ErrRange, `commodities.json: feature "rice": field "seasonality"`},
		{"unknown province", replace(t, "regencies.json", `"province":"18"`, `"province":"99"`),
			ErrUnknownRef, `regencies.json: feature "1801": field "province"`},
		{"duplicate commodity", replace(t, "commodities.json", `"source":"test"}]`, `"source":"test"},{"id":"rice","name":"R2","price_idr_per_tonne":1,"seasonality":[1,1,1,1,1,1,1,1,1,1,1,1],"source":"t"}]`),
			ErrDuplicateID, `commodities.json: feature "rice": field "id"`},
		{"typo in field name", replace(t, "vehicles.json", `"max_speed_kmh"`, `"max_sped_kmh"`),
			ErrSyntax, `vehicles.json: json: unknown field "max_sped_kmh"`},
		{"reefer needed", replace(t, "commodities.json", `"name":"Rice",`, `"name":"Rice","needs_reefer":true,`),
			ErrInconsistent, `vehicles.json: feature "rice": field "reefer"`},
		{"seat far from network", replace(t, "regencies.json", `"seat":[105.5,-5.5]`, `"seat":[105.2,-5.2]`),
			ErrRange, `regencies.json: feature "1801": field "seat"`},
		{"farms cannot reach the network", replace(t, "feeder.json", `"max_snap_meters":30000`, `"max_snap_meters":10`),
			ErrGeometry, `regencies.json: feature "1801": field "placement": rice farms`},
		{"missing boundary file", replace(t, "dataset.json", `admin/p.geojson`, `admin/none.geojson`),
			ErrUnknownRef, `dataset.json: feature "18": field "boundary"`},
		{"too few farms", replace(t, "farms.json", `"count":20`, `"count":1`),
			ErrRange, `farms.json: field "count"`},
		{"receiving hours: bad time", replace(t, "markets.geojson", `"source":"test",`, `"source":"test","receiving_hours":{"open":"25:00","close":"06:00","source":"test"},`),
			ErrRange, `markets.geojson: feature "m1": field "receiving_hours.open"`},
		{"receiving hours: not HH:MM", replace(t, "markets.geojson", `"source":"test",`, `"source":"test","receiving_hours":{"open":"18:00","close":"6","source":"test"},`),
			ErrRange, `markets.geojson: feature "m1": field "receiving_hours.close"`},
		{"receiving hours: no source", replace(t, "markets.geojson", `"source":"test",`, `"source":"test","receiving_hours":{"open":"18:00","close":"06:00"},`),
			ErrMissingField, `markets.geojson: feature "m1": field "receiving_hours.source"`},
		{"receiving hours: unknown field", replace(t, "markets.geojson", `"source":"test",`, `"source":"test","receiving_hours":{"open":"18:00","close":"06:00","source":"t","from":"x"},`),
			ErrSyntax, `markets.geojson: feature "m1": field "properties"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tinyFS(tc.edit), "tiny")
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("error %q does not wrap %v", err, tc.is)
			}
			var le *LoadError
			if !errors.As(err, &le) {
				t.Errorf("error %q is not a *LoadError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(tinyFS(func(m map[string]string) { delete(m, "vehicles.json") }), "tiny")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("got %v, want fs.ErrNotExist", err)
	}
	var le *LoadError
	if !errors.As(err, &le) || le.File != "vehicles.json" {
		t.Fatalf("got %#v, want a LoadError naming vehicles.json", err)
	}
}

func TestLoadErrorFormat(t *testing.T) {
	err := &LoadError{File: "roads.geojson", Feature: "toll-bkh-kld", Field: "from", Err: &loadDetail{ErrUnknownRef, `unknown junction "x"`}}
	const want = `roads.geojson: feature "toll-bkh-kld": field "from": unknown junction "x"`
	if err.Error() != want {
		t.Errorf("got %q, want %q", err.Error(), want)
	}
	for _, s := range []error{ErrSyntax, ErrMissingField, ErrUnknownRef, ErrDuplicateID, ErrRange, ErrGeometry, ErrDisconnected, ErrInconsistent} {
		if !strings.HasPrefix(s.Error(), "data: ") {
			t.Errorf("sentinel %q lacks the data: prefix", s)
		}
	}
}
