package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/geo/hexgrid"
)

// fixture is a two-sided toy corridor: Lampung road → Bakauheni, ferry to
// Merak, Merak → Jakarta road, with a market and a few farms.
func fixture(t testing.TB) *corridor.Corridor {
	t.Helper()
	cell := func(p orb.Point) hexgrid.Cell {
		c, err := hexgrid.FromPoint(p, data.FarmCellRes)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ds := &data.Dataset{
		Name: "fixture",
		Commodities: []data.Commodity{{ID: "rice", Name: "Rice", PriceIDRPerTonne: 7.5e6, Seasonality: flat},
			{ID: "corn", Name: "Corn", PriceIDRPerTonne: 5.2e6, Seasonality: flat}},
		Regencies: []data.Regency{{Code: "1871", Name: "Bandar Lampung", SeatName: "Bandar Lampung", Seat: orb.Point{105.26, -5.43}}},
		Junctions: []data.Junction{
			{ID: "bdl", Name: "Bandar Lampung", Kind: "seat", Point: orb.Point{105.26, -5.43}},
			{ID: "bkh", Name: "Bakauheni", Kind: "port", Point: orb.Point{105.75333, -5.86944}},
			{ID: "mrk", Name: "Merak", Kind: "port", Point: orb.Point{105.995278, -5.930833}},
			{ID: "kj", Name: "Kramat Jati", Kind: "market", Point: orb.Point{106.868, -6.272}},
		},
		Roads: []data.Road{
			{ID: "r1", Name: "Tol Trans-Sumatra", Ref: "JTTS", Class: data.ClassToll, From: "bdl", To: "bkh",
				Via: orb.LineString{{105.45, -5.60}}, TruckSpeedKmh: 70, Toll: [5]float64{60000, 120000, 120000, 150000, 150000}},
			{ID: "r2", Name: "Tol Tangerang–Merak", Class: data.ClassToll, From: "mrk", To: "kj",
				Via: orb.LineString{{106.4, -6.15}}, TruckSpeedKmh: 60, Toll: [5]float64{80000, 160000, 160000, 200000, 200000}},
		},
		Ports: []data.Port{
			{ID: "bakauheni", Name: "Bakauheni", Point: orb.Point{105.75333, -5.86944}, Junction: "bkh"},
			{ID: "merak", Name: "Merak", Point: orb.Point{105.995278, -5.930833}, Junction: "mrk"},
		},
		Ferries: []data.FerryService{{ID: "bkh-mrk", Name: "Bakauheni–Merak", From: "bakauheni", To: "merak",
			CrossingMinutes: 120, HeadwayMinutes: 10, Deck: map[string]int{"VIII": 2},
			Tariff: map[string]float64{"IVB": 447800, "VB": 835300, "VIB": 1285200, "VII": 1860400, "VIII": 2452400, "IX": 3755000}}},
		Markets: []data.Market{{ID: "kramat-jati", Name: "Pasar Induk Kramat Jati", Point: orb.Point{106.868, -6.272},
			Demand: map[string]data.Figure{"rice": {Value: 100}}}},
		Vehicles: []data.Vehicle{{ID: "tronton", Name: "Tronton", CapacityTonnes: 15, MaxSpeedKmh: 60,
			CostIDRPerKm: 5000, DriverIDRPerHour: 30000, TollClass: 3, FerryClass: "VIII"}},
		Feeder: data.Feeder{Circuity: 1.3, SpeedKmh: 30, MaxSnapMeters: 30000},
		Planner: data.Planner{ClusterRes: 6, DeckShare: 0.3, ConsolidationRes: 4, CollectIDRPerTonneKm: 1000,
			HandlingHours: 2, LoadingEndHour: 24, DieselIDRPerLitre: 6800, RegularCrossing: "bkh-mrk",
			BaselineVehicles: []string{"tronton"}, BaselineQueueHours: 3},
	}
	for i, p := range []orb.Point{{105.3, -5.4}, {105.31, -5.41}, {105.5, -5.6}} {
		ds.Farms = append(ds.Farms, data.Farm{ID: int32(i), Commodity: uint8(i % 2), Point: p, Tonnes: float64(10000 * (i + 1)), Cell: cell(p)})
	}
	c, err := corridor.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var flat = [12]float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}

func newServer(t testing.TB) http.Handler {
	c := fixture(t)
	cfg := api.DefaultConfig()
	cfg.MaxBodyBytes = 4096
	cfg.MaxMatrixCells = 4
	s, err := api.New(c, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRequests(t *testing.T) {
	h := newServer(t)
	tests := []struct {
		name, method, target, body string
		status                     int
		ctype                      string
		contains                   []string
	}{
		{"health", "GET", "/healthz", "", 200, "application/json", []string{`"status":"ok"`}},
		{"route", "GET", "/v1/route?from=105.26,-5.43&to=106.868,-6.272", "", 200, "application/geo+json",
			[]string{`"type":"Feature"`, `"LineString"`, `"kind":"ferry"`, `"service":"bkh-mrk"`, `"cost_breakdown_idr"`, `"toll"`}},
		{"route by time with departure", "GET", "/v1/route?from=105.26,-5.43&to=106.868,-6.272&metric=time&depart=2026-03-20T06:00:00%2B07:00", "", 200, "application/geo+json",
			[]string{`"metric":"time"`, `"depart"`}},
		{"route missing to", "GET", "/v1/route?from=105.26,-5.43", "", 400, "application/problem+json",
			[]string{`"name":"to"`, `"status":400`}},
		{"route swapped", "GET", "/v1/route?from=-5.43,105.26&to=106.868,-6.272", "", 400, "application/problem+json",
			[]string{`"name":"from"`, `swapped`}},
		{"route garbage", "GET", "/v1/route?from=abc,def&to=106.868,-6.272", "", 400, "application/problem+json",
			[]string{`"name":"from"`}},
		{"route at sea", "GET", "/v1/route?from=104.0,-7.5&to=106.868,-6.272", "", 422, "application/problem+json",
			[]string{`"name":"from"`, `no road`}},
		{"route unknown vehicle", "GET", "/v1/route?from=105.26,-5.43&to=106.868,-6.272&vehicle=bicycle", "", 400, "application/problem+json",
			[]string{`"name":"vehicle"`, `tronton`}},
		{"route bad metric", "GET", "/v1/route?from=105.26,-5.43&to=106.868,-6.272&metric=fast", "", 400, "application/problem+json",
			[]string{`"name":"metric"`}},
		{"route bad depart", "GET", "/v1/route?from=105.26,-5.43&to=106.868,-6.272&depart=tomorrow", "", 400, "application/problem+json",
			[]string{`"name":"depart"`}},
		{"matrix", "POST", "/v1/matrix", `{"sources":[[105.26,-5.43]],"destinations":[[106.868,-6.272],[105.75,-5.87]],"metric":"time"}`, 200, "application/json",
			[]string{`"durations_s":[[`, `"distances_m"`, `"costs_idr"`}},
		{"matrix over limit", "POST", "/v1/matrix", `{"sources":[[105.26,-5.43],[105.26,-5.43],[105.26,-5.43]],"destinations":[[106.868,-6.272],[105.75,-5.87]]}`, 400, "application/problem+json",
			[]string{`"name":"destinations"`, `limit`}},
		{"matrix bad point", "POST", "/v1/matrix", `{"sources":[[105.26]],"destinations":[[106.868,-6.272]]}`, 400, "application/problem+json",
			[]string{`"name":"sources[0]"`}},
		{"matrix point at sea", "POST", "/v1/matrix", `{"sources":[[105.26,-5.43]],"destinations":[[104.0,-7.5]]}`, 422, "application/problem+json",
			[]string{`"name":"destinations[0]"`}},
		{"matrix unknown field", "POST", "/v1/matrix", `{"source":[[105.26,-5.43]]}`, 400, "application/problem+json",
			[]string{`"name":"source"`, `unknown field`}},
		{"plan unknown nested field", "POST", "/v1/plans", `{"ferry_closures":[{"crossing":"bkh-mrk-regular","form":"2026-03-17T06:00:00+07:00"}]}`, 400, "application/problem+json",
			[]string{`"name":"ferry_closures[0].form"`, `unknown field`}},
		{"route to at sea", "GET", "/v1/route?from=105.26,-5.43&to=104.0,-7.5", "", 422, "application/problem+json",
			[]string{`"name":"to"`, `no road`}},
		{"matrix malformed", "POST", "/v1/matrix", `{"sources":[[105.26,-5.43]`, 400, "application/problem+json",
			[]string{`"name":"body"`}},
		{"matrix wrong type", "POST", "/v1/matrix", `{"sources":"here"}`, 400, "application/problem+json",
			[]string{`"name":"sources"`}},
		{"matrix oversized", "POST", "/v1/matrix", `{"sources":[` + strings.Repeat(`[105.26,-5.43],`, 400) + `[1,1]]}`, 413, "application/problem+json",
			[]string{`"name":"body"`}},
		{"nearest", "GET", "/v1/nearest?point=105.27,-5.44", "", 200, "application/geo+json",
			[]string{`"Point"`, `"distance_m"`, `"exact_within_m"`}},
		{"nearest at sea", "GET", "/v1/nearest?point=100,-10", "", 422, "application/problem+json", []string{`"name":"point"`}},
		{"network", "GET", "/v1/network?layers=roads,ferries,ports", "", 200, "application/geo+json",
			[]string{`"FeatureCollection"`, `"layer":"roads"`, `"layer":"ferries"`, `"layer":"ports"`}},
		{"network bbox filters", "GET", "/v1/network?bbox=106.5,-6.4,107,-6.1&layers=ports", "", 200, "application/geo+json",
			[]string{`"features":[]`}},
		{"network bad bbox", "GET", "/v1/network?bbox=1,2,3", "", 400, "application/problem+json", []string{`"name":"bbox"`}},
		{"network bad layer", "GET", "/v1/network?layers=rivers", "", 400, "application/problem+json", []string{`"name":"layers"`}},
		{"cells", "GET", "/v1/cells?res=7&commodity=rice", "", 200, "application/geo+json", []string{`"Polygon"`, `"tonnes_per_year"`}},
		{"cells bad res", "GET", "/v1/cells?res=12", "", 400, "application/problem+json", []string{`"name":"res"`}},
		{"cells bad commodity", "GET", "/v1/cells?commodity=durian", "", 400, "application/problem+json", []string{`"name":"commodity"`}},
		{"tile bad zoom", "GET", "/v1/tiles/25/0/0.mvt", "", 400, "application/problem+json", []string{`"name":"z"`}},
		{"tile bad x", "GET", "/v1/tiles/3/9/0.mvt", "", 400, "application/problem+json", []string{`"name":"x"`}},
		{"vehicles", "GET", "/v1/vehicles", "", 200, "application/json", []string{`"tronton"`}},
		{"ferries", "GET", "/v1/ferries", "", 200, "application/json", []string{`"bkh-mrk"`, `"tariff_idr"`}},
		{"plan default", "POST", "/v1/plans", ``, 201, "application/json",
			[]string{`"id":"plan-`, `"summary"`, `"shipments"`, `"lower_bound_idr"`, `"objective_idr"`, `"savings_breakdown_idr"`, `"ferry_utilization"`,
				`"max_queue_trucks"`, `"boardings"`, `"return_leg"`, `"backhaul_share"`}},
		{"plan scenario", "POST", "/v1/plans", `{"start":"2026-03-16","horizon_days":2,"demand_multipliers":{"rice":1.3}}`, 201, "application/json",
			[]string{`"horizon_days":2`, `"start":"2026-03-16"`}},
		{"plan bad horizon", "POST", "/v1/plans", `{"horizon_days":400}`, 400, "application/problem+json",
			[]string{`"name":"horizon_days"`}},
		{"plan negative tonnes", "POST", "/v1/plans", `{"demand":[{"buyer":"kramat-jati","commodity":"rice","tonnes_per_day":-3}]}`, 400, "application/problem+json",
			[]string{`"name":"demand[0].tonnes_per_day"`}},
		{"plan unknown buyer", "POST", "/v1/plans", `{"demand":[{"buyer":"x","commodity":"rice","tonnes_per_day":3}]}`, 400, "application/problem+json",
			[]string{`"name":"demand[0].buyer"`}},
		{"plan impossible closure", "POST", "/v1/plans", `{"start":"2026-03-16","ferry_closures":[{"crossing":"bkh-mrk","from":"2026-03-16T10:00:00Z","to":"2026-03-16T08:00:00Z"}]}`, 400, "application/problem+json",
			[]string{`"name":"ferry_closures[0].to"`}},
		{"plan backhaul share", "POST", "/v1/plans", `{"backhaul_share":1.5}`, 400, "application/problem+json",
			[]string{`"name":"backhaul_share"`}},
		{"plan unknown field", "POST", "/v1/plans", `{"horizon":3}`, 400, "application/problem+json",
			[]string{`"name":"horizon"`}},
		{"plan missing", "GET", "/v1/plans/plan-0000", "", 404, "application/problem+json", []string{`"name":"id"`}},
		{"plan geojson missing", "GET", "/v1/plans/plan-0000/geojson", "", 404, "application/problem+json", []string{`"name":"id"`}},
		{"compare", "POST", "/v1/plans/compare", `{"scenarios":[{"name":"a","start":"2026-03-16","horizon_days":1},{"name":"b","start":"2026-03-16","horizon_days":1,"demand_multipliers":{"rice":2}}]}`, 200, "application/json",
			[]string{`"scenario":"a"`, `"scenario":"b"`, `"logistics_cost_idr"`, `"objective_idr"`}},
		{"compare one", "POST", "/v1/plans/compare", `{"scenarios":[{}]}`, 400, "application/problem+json", []string{`"name":"scenarios"`}},
		{"compare bad scenario", "POST", "/v1/plans/compare", `{"scenarios":[{},{"horizon_days":-1}]}`, 400, "application/problem+json",
			[]string{`"name":"scenarios[1].horizon_days"`}},
		{"nearest missing point", "GET", "/v1/nearest", "", 400, "application/problem+json", []string{`"name":"point"`}},
		{"route missing from", "GET", "/v1/route?to=106.868,-6.272", "", 400, "application/problem+json", []string{`"name":"from"`}},
		{"route latitude out of range", "GET", "/v1/route?from=105.26,-95&to=106.868,-6.272", "", 400, "application/problem+json", []string{`"name":"from"`}},
		{"matrix unknown vehicle", "POST", "/v1/matrix", `{"sources":[[105.26,-5.43]],"destinations":[[106.868,-6.272]],"vehicle":"becak"}`, 400, "application/problem+json",
			[]string{`"name":"vehicle"`}},
		{"matrix bad metric", "POST", "/v1/matrix", `{"sources":[[105.26,-5.43]],"destinations":[[106.868,-6.272]],"metric":"fast"}`, 400, "application/problem+json",
			[]string{`"name":"metric"`}},
		{"matrix empty body", "POST", "/v1/matrix", ``, 400, "application/problem+json", []string{`"name":"body"`}},
		{"tile column out of range", "GET", "/v1/tiles/3/8/0.mvt", "", 400, "application/problem+json", []string{`"name":"x"`}},
		{"tile not a number", "GET", "/v1/tiles/a/0/0.mvt", "", 400, "application/problem+json", []string{`"name":"z"`}},
		{"plan wrong type", "POST", "/v1/plans", `{"deck_share":"half"}`, 400, "application/problem+json", []string{`"name":"deck_share"`}},
		{"plan trailing data", "POST", "/v1/plans", `{} {}`, 400, "application/problem+json", []string{`"name":"body"`}},
		{"compare not a list", "POST", "/v1/plans/compare", `{"scenarios":{}}`, 400, "application/problem+json", []string{`"name":"scenarios"`}},
		{"unknown path", "GET", "/v2/route", "", 404, "application/problem+json", []string{`"status":404`}},
		{"wrong method", "DELETE", "/v1/route", "", 405, "application/problem+json", []string{`"status":405`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			body, _ := io.ReadAll(rec.Body)
			if rec.Code != tt.status {
				t.Fatalf("status got %d, want %d; body %s", rec.Code, tt.status, body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != tt.ctype {
				t.Errorf("content type got %q, want %q", ct, tt.ctype)
			}
			if !json.Valid(body) {
				t.Errorf("body is not JSON: %s", body)
			}
			for _, want := range tt.contains {
				if !strings.Contains(string(body), want) {
					t.Errorf("body lacks %s: %s", want, trunc(body))
				}
			}
			checkSpec(t, tt.method, tt.target, tt.body, rec, body)
		})
	}
}

func trunc(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// TestCellsAddUp checks that cell tonnes sum to the farms' total at every
// resolution.
func TestCellsAddUp(t *testing.T) {
	h := newServer(t)
	for res := 5; res <= 9; res++ {
		if sum, farms := cellTotals(t, h, fmt.Sprintf("/v1/cells?res=%d", res)); sum != 60000 || farms != 3 {
			t.Errorf("res %d: got %v t from %d farms, want 60000 t from 3", res, sum, farms)
		}
	}
}

// cellTotals sums a /v1/cells response's tonnes and farm counts.
func cellTotals(t *testing.T, h http.Handler, target string) (tonnes float64, farms int) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	if rec.Code != 200 {
		t.Fatalf("%s: got %d, want 200: %s", target, rec.Code, trunc(rec.Body.Bytes()))
	}
	var fc struct {
		Features []struct {
			Properties struct {
				Tonnes float64 `json:"tonnes_per_year"`
				Farms  int     `json:"farms"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	for _, f := range fc.Features {
		tonnes += f.Properties.Tonnes
		farms += f.Properties.Farms
	}
	return tonnes, farms
}

// TestPlanRoundTrip creates a plan, reads it back and fetches its GeoJSON.
func TestPlanRoundTrip(t *testing.T) {
	h := newServer(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/v1/plans", strings.NewReader(`{"start":"2026-03-16","horizon_days":1}`)))
	if rec.Code != 201 {
		t.Fatalf("create: got %d, want 201: %s", rec.Code, rec.Body)
	}
	var p struct {
		ID        string `json:"id"`
		Shipments []any  `json:"shipments"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if loc := rec.Header().Get("Location"); loc != "/v1/plans/"+p.ID {
		t.Errorf("Location got %q, want /v1/plans/%s", loc, p.ID)
	}
	if len(p.Shipments) == 0 {
		t.Fatalf("plan has no shipments: %s", rec.Body)
	}
	for _, path := range []string{"/v1/plans/" + p.ID, "/v1/plans/" + p.ID + "/geojson"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			t.Fatalf("%s: got %d, want 200", path, rec.Code)
		}
		if !strings.Contains(rec.Body.String(), p.ID) && !strings.Contains(rec.Body.String(), `"kind":"lane"`) {
			t.Errorf("%s: body lacks the plan: %s", path, trunc(rec.Body.Bytes()))
		}
	}
}

func TestTile(t *testing.T) {
	h := newServer(t)
	// zoom 9 tile around Bandar Lampung: farms as hexagons below zoom 11
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/v1/tiles/9/405/263.mvt", nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/vnd.mapbox-vector-tile" {
		t.Fatalf("got %d %q, want 200 vector tile", rec.Code, rec.Header().Get("Content-Type"))
	}
	ls, err := mvt.UnmarshalGzipped(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, l := range ls {
		counts[l.Name] = len(l.Features)
	}
	if counts["farm_cells"] == 0 || counts["roads"] == 0 {
		t.Errorf("layers got %v, want farm_cells and roads", counts)
	}
}

func TestUnknownFieldPath(t *testing.T) {
	type closure struct {
		Crossing string `json:"crossing"`
		From     string `json:"from"`
	}
	type body struct {
		Name     string             `json:"name"`
		Closures []closure          `json:"ferry_closures"`
		Mult     map[string]float64 `json:"demand_multipliers"`
	}
	tests := []struct {
		in   string
		want string
	}{
		{`{"nmae":"x"}`, "nmae"},
		{`{"ferry_closures":[{"crossing":"a"},{"form":"b"}]}`, "ferry_closures[1].form"},
		{`{"demand_multipliers":{"rice":1}}`, ""},
		{`{"Name":"case-insensitive like encoding/json"}`, ""},
	}
	for _, tt := range tests {
		got, _ := api.UnknownField([]byte(tt.in), reflect.TypeOf(&body{}))
		if got != tt.want {
			t.Errorf("UnknownField(%s) got %q, want %q", tt.in, got, tt.want)
		}
	}
}
