package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func osrmGet(t *testing.T, h http.Handler, target string) (int, string, []byte) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	body, _ := io.ReadAll(rec.Body)
	return rec.Code, rec.Header().Get("Content-Type"), body
}

const (
	bdl = "105.26,-5.43"   // Bandar Lampung
	kj  = "106.868,-6.272" // Kramat Jati, across the strait
	bkh = "105.75,-5.87"   // Bakauheni
	sea = "104.0,-7.5"
)

func TestOSRMRequests(t *testing.T) {
	h := newServer(t)
	tests := []struct {
		name, target string
		status       int
		contains     []string
	}{
		{"route", "/route/v1/driving/" + bdl + ";" + kj, 200,
			[]string{`"code":"Ok"`, `"routes":[{`, `"weight_name":"duration"`, `"waypoints":[{`, `"steps":[]`}},
		{"route with steps", "/route/v1/driving/" + bdl + ";" + kj + "?steps=true&overview=full", 200,
			[]string{`"type":"depart"`, `"type":"arrive"`, `"mode":"ferry"`, `"type":"notification"`,
				`"name":"Tol Trans-Sumatra"`, `"ref":"JTTS"`, `"driving_side":"left"`}},
		{"route geojson", "/route/v1/driving/" + bdl + ";" + kj + "?geometries=geojson", 200,
			[]string{`"geometry":{"coordinates":[[`, `"type":"LineString"`}},
		{"route no overview", "/route/v1/driving/" + bdl + ";" + kj + "?overview=false", 200,
			[]string{`"legs":[{`}},
		{"route three waypoints", "/route/v1/driving/" + bdl + ";" + bkh + ";" + kj, 200,
			[]string{`"legs":[{`, `},{`}},
		{"route one coordinate", "/route/v1/driving/" + bdl, 400,
			[]string{`"code":"InvalidValue"`, `"name":"coordinates"`}},
		{"route bad coordinate", "/route/v1/driving/abc;" + kj, 400,
			[]string{`"code":"InvalidUrl"`, `"name":"coordinates[0]"`}},
		{"route latitude out of range", "/route/v1/driving/" + bdl + ";-6.2,106.8", 400,
			[]string{`"code":"InvalidValue"`, `"name":"coordinates[1]"`, `swapped`}},
		{"route at sea", "/route/v1/driving/" + bdl + ";" + sea, 400,
			[]string{`"code":"NoSegment"`, `"name":"coordinates[1]"`}},
		{"route bad overview", "/route/v1/driving/" + bdl + ";" + kj + "?overview=some", 400,
			[]string{`"code":"InvalidOptions"`, `"name":"overview"`}},
		{"route bad geometries", "/route/v1/driving/" + bdl + ";" + kj + "?geometries=wkt", 400,
			[]string{`"code":"InvalidOptions"`, `"name":"geometries"`}},
		{"route bad vehicle", "/route/v1/driving/" + bdl + ";" + kj + "?vehicle=bicycle", 400,
			[]string{`"code":"InvalidOptions"`, `"name":"vehicle"`}},
		{"route too many", "/route/v1/driving/" + strings.Repeat(bdl+";", 100) + kj, 400,
			[]string{`"code":"TooBig"`}},
		{"table", "/table/v1/driving/" + bdl + ";" + bkh + ";" + kj, 200,
			[]string{`"code":"Ok"`, `"durations":[[0,`, `"sources":[{`, `"destinations":[{`}},
		{"table distances", "/table/v1/driving/" + bdl + ";" + kj + "?annotations=duration,distance&sources=0&destinations=1", 200,
			[]string{`"durations":[[`, `"distances":[[`}},
		{"table bad source", "/table/v1/driving/" + bdl + ";" + kj + "?sources=2", 400,
			[]string{`"code":"InvalidQuery"`, `"name":"sources"`}},
		{"table bad annotation", "/table/v1/driving/" + bdl + ";" + kj + "?annotations=speed", 400,
			[]string{`"code":"InvalidOptions"`, `"name":"annotations"`}},
		{"table at sea", "/table/v1/driving/" + bdl + ";" + sea, 400,
			[]string{`"code":"NoSegment"`, `"name":"coordinates[1]"`}},
		{"table too many", "/table/v1/driving/" + strings.Repeat(bdl+";", 1000) + kj, 400,
			[]string{`"code":"TooBig"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, ctype, body := osrmGet(t, h, tc.target)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
			if ctype != "application/json" {
				t.Errorf("content type %q", ctype)
			}
			for _, c := range tc.contains {
				if !bytes.Contains(body, []byte(c)) {
					t.Errorf("body lacks %s: %s", c, body)
				}
			}
			if status >= 400 && !bytes.Contains(body, []byte(`"message":`)) {
				t.Errorf("error without OSRM message: %s", body)
			}
		})
	}
}

// The table's durations are the routes' durations, and steps add up to
// their leg.
func TestOSRMConsistent(t *testing.T) {
	h := newServer(t)
	var rt struct {
		Routes []struct {
			Duration float64
			Legs     []struct {
				Duration, Distance float64
				Steps              []struct{ Duration, Distance float64 }
			}
		}
	}
	_, _, body := osrmGet(t, h, "/route/v1/driving/"+bdl+";"+kj+"?steps=true")
	if err := json.Unmarshal(body, &rt); err != nil {
		t.Fatal(err)
	}
	var tb struct{ Durations [][]*float64 }
	_, _, body = osrmGet(t, h, "/table/v1/driving/"+bdl+";"+kj)
	if err := json.Unmarshal(body, &tb); err != nil {
		t.Fatal(err)
	}
	if got, want := *tb.Durations[0][1], rt.Routes[0].Duration; math.Abs(got-want) > 0.15 {
		t.Errorf("table %v s, route %v s", got, want)
	}
	full := rt.Routes[0].Duration
	_, _, body = osrmGet(t, h, "/route/v1/driving/"+bdl+";"+kj+"?overview=false")
	if err := json.Unmarshal(body, &rt); err != nil {
		t.Fatal(err)
	}
	if got := rt.Routes[0].Duration; math.Abs(got-full) > 0.15 {
		t.Errorf("route without geometry %v s, with %v s", got, full)
	}
	_, _, body = osrmGet(t, h, "/route/v1/driving/"+bdl+";"+kj+"?steps=true")
	if err := json.Unmarshal(body, &rt); err != nil {
		t.Fatal(err)
	}
	leg := rt.Routes[0].Legs[0]
	var d, l float64
	for _, s := range leg.Steps {
		d += s.Duration
		l += s.Distance
	}
	if math.Abs(d-leg.Duration) > 1 || math.Abs(l-leg.Distance) > 1 {
		t.Errorf("steps sum to %v s, %v m; leg %v s, %v m", d, l, leg.Duration, leg.Distance)
	}
}

// A whole response against a golden file (go test ./api -run OSRMGolden
// -update rewrites it).
func TestOSRMGolden(t *testing.T) {
	h := newServer(t)
	_, _, body := osrmGet(t, h, "/route/v1/driving/"+bdl+";"+kj+"?steps=true&overview=full&geometries=polyline6")
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, body, "", "  "); err != nil {
		t.Fatal(err)
	}
	const file = "testdata/osrm_route.golden.json"
	if *update {
		if err := os.WriteFile(file, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pretty.Bytes(), want) {
		t.Errorf("response differs from %s:\n%s", file, pretty.String())
	}
}

// On an imported network (points snap onto edges) the table agrees with the
// routes between the same points (another search: the engine's seeded
// point-to-point query and the unpacked path), for the whole table and for
// sources/destinations subsets, and its waypoints with the routes'.
func TestOSRMTableImported(t *testing.T) {
	g, err := gen2k()
	if err != nil {
		t.Fatal(err)
	}
	h, err := importedServer(g)
	if err != nil {
		t.Fatal(err)
	}
	pts := roadPoints(g, 9)
	type waypoint struct {
		Name     string
		Distance float64
		Location [2]float64
	}
	var tb struct {
		Code                  string
		Durations, Distances  [][]*float64
		Sources, Destinations []waypoint
	}
	get := func(target string, v any) {
		t.Helper()
		code, _, body := osrmGet(t, h, target)
		if code != 200 {
			t.Fatalf("%s: %d %s", target, code, body)
		}
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("%s: %v", target, err)
		}
	}
	get("/table/v1/driving/"+strings.Join(pts, ";")+"?annotations=distance,duration", &tb)
	if tb.Code != "Ok" || len(tb.Durations) != len(pts) || len(tb.Distances) != len(pts) || len(tb.Sources) != len(pts) {
		t.Fatalf("got code %s, %d rows, %d distance rows, %d sources", tb.Code, len(tb.Durations), len(tb.Distances), len(tb.Sources))
	}
	for i := range pts {
		for j := range pts {
			var rt struct {
				Routes    []struct{ Duration, Distance float64 }
				Waypoints []waypoint
			}
			get("/route/v1/driving/"+pts[i]+";"+pts[j]+"?overview=full", &rt)
			d, l := tb.Durations[i][j], tb.Distances[i][j]
			if d == nil || l == nil || math.Abs(*d-rt.Routes[0].Duration) > 0.15 || math.Abs(*l-rt.Routes[0].Distance) > 0.15 {
				t.Errorf("%d→%d: table %v s %v m, route %v s %v m", i, j, d, l, rt.Routes[0].Duration, rt.Routes[0].Distance)
			}
			if rt.Waypoints[0] != tb.Sources[i] || rt.Waypoints[1] != tb.Destinations[j] {
				t.Errorf("%d→%d: waypoints %+v, table %+v → %+v", i, j, rt.Waypoints, tb.Sources[i], tb.Destinations[j])
			}
		}
	}
	var sub struct {
		Durations             [][]*float64
		Sources, Destinations []waypoint
	}
	get("/table/v1/driving/"+strings.Join(pts, ";")+"?sources=4;1&destinations=0;8;4", &sub)
	for a, i := range []int{4, 1} {
		for b, j := range []int{0, 8, 4} {
			if *sub.Durations[a][b] != *tb.Durations[i][j] {
				t.Errorf("sources=%d destinations=%d: got %v, want %v", i, j, *sub.Durations[a][b], *tb.Durations[i][j])
			}
		}
	}
	if len(sub.Sources) != 2 || sub.Sources[0] != tb.Sources[4] || len(sub.Destinations) != 3 || sub.Destinations[1] != tb.Destinations[8] {
		t.Errorf("subset waypoints %+v → %+v", sub.Sources, sub.Destinations)
	}
	code, _, body := osrmGet(t, h, "/table/v1/driving/"+pts[0]+";0,0")
	if code != 400 || !strings.Contains(string(body), `"code":"NoSegment"`) || !strings.Contains(string(body), `"name":"coordinates[1]"`) {
		t.Errorf("point off the network: %d %s", code, body)
	}
}
