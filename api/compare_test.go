package api_test

import (
	"encoding/json"
	"math"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCompareFleetKPIs: a comparison shows each scenario's first mile and
// fleet beside the other KPIs, and every scenario after the first its
// figures less the first's. A fleet limit below what the free plan needs
// shows as fewer trucks busy on the peak day and fewer tonnes.
func TestCompareFleetKPIs(t *testing.T) {
	h := newServer(t)
	body := `{"scenarios":[{"name":"free","start":"2026-03-16","horizon_days":2},` +
		`{"name":"two trucks","start":"2026-03-16","horizon_days":2,"fleet_limits":{"tronton":2}}]}`
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/v1/plans/compare", strings.NewReader(body)))
	if rec.Code != 200 {
		t.Fatalf("got %d: %s", rec.Code, rec.Body)
	}
	checkSpec(t, "POST", "/v1/plans/compare", body, rec, rec.Body.Bytes())
	type use struct {
		Trips int     `json:"vehicle_trips"`
		Km    float64 `json:"vehicle_km"`
		Empty float64 `json:"empty_km"`
		Hours float64 `json:"vehicle_hours"`
	}
	type kpi struct {
		PlanID       string         `json:"plan_id"`
		Tonnes       float64        `json:"tonnes_delivered"`
		Trucks       int            `json:"trucks"`
		FirstMile    float64        `json:"first_mile_cost_idr"`
		Tours        *int           `json:"collection_tours"`
		Peak         map[string]int `json:"peak_vehicles"`
		Km           float64        `json:"vehicle_km"`
		Empty        float64        `json:"empty_km"`
		Hours        float64        `json:"vehicle_hours"`
		LongHaul     use            `json:"long_haul"`
		FirstMileUse use            `json:"first_mile"`
		Delta        *struct {
			Tonnes float64        `json:"tonnes_delivered"`
			Peak   map[string]int `json:"peak_vehicles"`
			Km     float64        `json:"vehicle_km"`
			Hours  float64        `json:"vehicle_hours"`
		} `json:"delta"`
	}
	var res struct{ Scenarios []kpi }
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || len(res.Scenarios) != 2 {
		t.Fatalf("got %v: %s", err, rec.Body)
	}
	a, b := res.Scenarios[0], res.Scenarios[1]
	for i, k := range res.Scenarios {
		if k.Tours == nil || k.Peak == nil {
			t.Errorf("scenario %d lacks collection_tours or peak_vehicles", i)
		}
		if math.Abs(k.Km-(k.LongHaul.Km+k.FirstMileUse.Km)) > 0.11 || math.Abs(k.Hours-(k.LongHaul.Hours+k.FirstMileUse.Hours)) > 0.11 {
			t.Errorf("scenario %d: totals %v km %v h, parts %+v %+v", i, k.Km, k.Hours, k.LongHaul, k.FirstMileUse)
		}
		if k.LongHaul.Trips != k.Trucks || k.Empty > k.Km {
			t.Errorf("scenario %d: %d trucks, long haul %+v, empty %v of %v km", i, k.Trucks, k.LongHaul, k.Empty, k.Km)
		}
	}
	if a.Delta != nil || b.Delta == nil {
		t.Fatalf("delta on the first %v, on the second %v", a.Delta, b.Delta)
	}
	if a.Peak["tronton"] <= 2 || b.Peak["tronton"] > 2 {
		t.Errorf("peak trontons: free %d, limited %d (limit 2)", a.Peak["tronton"], b.Peak["tronton"])
	}
	if got, want := b.Delta.Peak["tronton"], b.Peak["tronton"]-a.Peak["tronton"]; got != want {
		t.Errorf("delta peak trontons got %d, want %d", got, want)
	}
	if got, want := b.Delta.Tonnes, b.Tonnes-a.Tonnes; math.Abs(got-want) > 0.002 || got >= 0 {
		t.Errorf("delta tonnes got %v, want %v (< 0)", got, want)
	}
	if got, want := b.Delta.Km, b.Km-a.Km; math.Abs(got-want) > 0.11 {
		t.Errorf("delta km got %v, want %v", got, want)
	}
	// The KPIs are the stored plan's.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/v1/plans/"+b.PlanID, nil))
	var p struct {
		Summary struct {
			Fleet struct {
				Peak map[string]int `json:"peak_vehicles"`
			} `json:"fleet"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Summary.Fleet.Peak["tronton"] != b.Peak["tronton"] {
		t.Errorf("stored plan's peak %v, compare says %v", p.Summary.Fleet.Peak, b.Peak)
	}
}
