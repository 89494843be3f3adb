package api_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

type vroomOut struct {
	Code    int `json:"code"`
	Summary struct {
		Cost       float64 `json:"cost"`
		Routes     int     `json:"routes"`
		Unassigned int     `json:"unassigned"`
	} `json:"summary"`
	Routes []struct {
		Vehicle uint64 `json:"vehicle"`
		Steps   []struct {
			Type string `json:"type"`
			ID   uint64 `json:"id"`
		} `json:"steps"`
	} `json:"routes"`
	Unassigned []struct {
		ID uint64 `json:"id"`
	} `json:"unassigned"`
}

// solveVRP posts a problem that must solve and decodes the answer.
func solveVRP(t *testing.T, body, query string) (vroomOut, []byte) {
	t.Helper()
	code, b := postVRP(t, body, query)
	if code != 200 {
		t.Fatalf("got %d, want 200: %s", code, b)
	}
	var out vroomOut
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out, b
}

func postVRP(t *testing.T, body, query string) (int, []byte) {
	t.Helper()
	h := newServer(t)
	rec := httptest.NewRecorder()
	if query == "" {
		// A work bound, not a time bound: the answer must not depend on
		// how busy the machine is.
		query = "?iterations=200&time_limit=20s"
	}
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/v1/vrp"+query, strings.NewReader(body)))
	return rec.Code, rec.Body.Bytes()
}

// TestVRPMultiTrip: one truck of capacity 4 serves three jobs of 4 in one
// shift by returning twice to its depot (Lumbung's max_trips extension).
func TestVRPMultiTrip(t *testing.T) {
	body := `{
	  "vehicles": [{"id": 1, "start_index": 0, "end_index": 0, "capacity": [4], "time_window": [0, 1000],
	                "max_trips": 3, "reload_time": 10}],
	  "jobs": [
	    {"id": 11, "location_index": 1, "delivery": [4], "service": 5},
	    {"id": 12, "location_index": 2, "delivery": [4], "service": 5},
	    {"id": 13, "location_index": 3, "delivery": [4], "service": 5}
	  ],
	  "matrices": {"car": {"durations": [[0,20,30,40],[20,0,15,25],[30,15,0,12],[40,25,12,0]]}}
	}`
	out, b := solveVRP(t, body, "")
	if out.Code != 0 || len(out.Unassigned) != 0 || len(out.Routes) != 1 {
		t.Fatalf("got code %d, %d unassigned, %d routes; want 0, 0, 1: %s", out.Code, len(out.Unassigned), len(out.Routes), b)
	}
	reloads, jobs := 0, 0
	for _, s := range out.Routes[0].Steps {
		switch s.Type {
		case "reload":
			reloads++
		case "job":
			jobs++
		}
	}
	if reloads != 2 || jobs != 3 {
		t.Errorf("got %d reloads and %d jobs, want 2 and 3: %s", reloads, jobs, b)
	}
}

// TestVRPShipments: pickups and deliveries in pairs, pickup first, same
// vehicle.
func TestVRPShipments(t *testing.T) {
	body := `{
	  "vehicles": [{"id": 1, "start_index": 0, "end_index": 0, "capacity": [10]},
	               {"id": 2, "start_index": 0, "end_index": 0, "capacity": [10]}],
	  "shipments": [
	    {"amount": [6], "pickup": {"id": 1, "location_index": 1}, "delivery": {"id": 1, "location_index": 3}},
	    {"amount": [6], "pickup": {"id": 2, "location_index": 2}, "delivery": {"id": 2, "location_index": 4}}
	  ],
	  "matrices": {"car": {"durations": [[0,10,20,30,40],[10,0,10,20,30],[20,10,0,10,20],[30,20,10,0,10],[40,30,20,10,0]]}}
	}`
	// One iteration: the search ends on its initial, infeasible
	// individuals and the repair must place the second shipment on the idle
	// second vehicle (it used to reinsert plain jobs only, and under load a
	// 300 ms search left the shipment unassigned).
	out, b := solveVRP(t, body, "?iterations=1&time_limit=20s")
	if len(out.Unassigned) != 0 {
		t.Fatalf("unassigned: %s", b)
	}
	for _, r := range out.Routes {
		picked := map[uint64]bool{}
		for _, s := range r.Steps {
			switch s.Type {
			case "pickup":
				picked[s.ID] = true
			case "delivery":
				if !picked[s.ID] {
					t.Errorf("vehicle %d delivers shipment %d before picking it up: %s", r.Vehicle, s.ID, b)
				}
			}
		}
	}
}

// TestVRPCoordinates: locations as lon,lat get their matrices from the
// router (two collection points in Lampung and a depot).
func TestVRPCoordinates(t *testing.T) {
	body := `{
	  "vehicles": [{"id": 1, "start": [105.26, -5.43], "end": [105.26, -5.43], "capacity": [5]}],
	  "jobs": [{"id": 1, "location": [105.45, -5.60], "pickup": [2]}, {"id": 2, "location": [105.31, -5.41], "pickup": [2]}]
	}`
	out, _ := solveVRP(t, body, "?time_limit=300ms&vehicle=tronton")
	if len(out.Routes) != 1 || out.Summary.Cost <= 0 {
		t.Errorf("got %+v, want one route with a cost", out)
	}
}

func TestVRPBadInput(t *testing.T) {
	tests := []struct {
		name, body, query string
		status            int
		field             string
	}{
		{"no vehicles", `{"jobs":[{"id":1,"location_index":0}],"matrices":{"car":{"durations":[[0]]}}}`, "", 400, `"name":"vehicles"`},
		{"bad time limit", `{}`, "?time_limit=5m", 400, `"name":"time_limit"`},
		{"unknown vehicle", `{}`, "?vehicle=becak", 400, `"name":"vehicle"`},
		{"malformed", `{"vehicles":[`, "", 400, `"name":"body"`},
		{"at sea", `{"vehicles":[{"id":1,"start":[105.26,-5.43]}],"jobs":[{"id":1,"location":[104.0,-7.5]}]}`, "", 422, `locations[`},
	}
	for _, tt := range tests {
		code, b := postVRP(t, tt.body, tt.query)
		if code != tt.status || !strings.Contains(string(b), tt.field) {
			t.Errorf("%s: got %d %s, want %d naming %s", tt.name, code, b, tt.status, tt.field)
		}
	}
}
