package api_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/data"
)

var defaultServer = sync.OnceValues(func() (http.Handler, error) {
	c, err := corridor.Default()
	if err != nil {
		return nil, err
	}
	return api.New(c, api.DefaultConfig())
})

func get(t *testing.T, target string, v any) {
	t.Helper()
	h, err := defaultServer()
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	if rec.Code != 200 {
		t.Fatalf("%s: got %d, want 200: %s", target, rec.Code, trunc(rec.Body.Bytes()))
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatal(err)
	}
}

// TestReadmeRoute is README's curl: Bandar Lampung → Pasar Induk Kramat
// Jati must cross the strait on a ferry with a published-range distance and
// door-to-door time (about 230–300 km; 5–9 h with crossing and wait).
func TestReadmeRoute(t *testing.T) {
	for _, metric := range []string{"cost", "time"} {
		var f struct {
			Properties struct {
				Distance float64 `json:"distance_m"`
				Duration float64 `json:"duration_s"`
				Cost     float64 `json:"cost_idr"`
				Legs     []struct {
					Kind    string `json:"kind"`
					Service string `json:"service"`
				} `json:"legs"`
			} `json:"properties"`
		}
		get(t, "/v1/route?from=105.26,-5.43&to=106.868,-6.272&vehicle=tronton&metric="+metric, &f)
		p := f.Properties
		ferries := 0
		for _, l := range p.Legs {
			if l.Kind == "ferry" {
				ferries++
			}
		}
		if ferries != 1 {
			t.Errorf("%s: got %d ferry legs, want 1", metric, ferries)
		}
		if p.Distance < 210e3 || p.Distance > 300e3 {
			t.Errorf("%s: distance got %.1f km, want 210–300 km", metric, p.Distance/1000)
		}
		// The cheapest tronton route (about 9.6 h) leaves the toll road, whose
		// tariff more than doubled by 2025, and crosses on BBJ's landing craft,
		// reported cheaper than ASDP's ferries; the fastest takes about 5.7 h.
		if p.Duration < 5*3600 || p.Duration > 10*3600 {
			t.Errorf("%s: duration got %.2f h, want 5–10 h", metric, p.Duration/3600)
		}
		if p.Cost <= 0 {
			t.Errorf("%s: cost got %v, want > 0", metric, p.Cost)
		}
	}
}

// TestCellsMatchProduction: the hexagon tonnes add up to the dataset's
// production totals at every resolution the endpoint serves.
func TestCellsMatchProduction(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	var want float64
	farms := 0
	for _, rg := range ds.Regencies {
		for _, f := range rg.Production {
			want += f.Value
		}
	}
	for range ds.Farms {
		farms++
	}
	h, err := defaultServer()
	if err != nil {
		t.Fatal(err)
	}
	for res := 5; res <= 9; res++ {
		got, n := cellTotals(t, h, fmt.Sprintf("/v1/cells?res=%d", res))
		if math.Abs(got-want) > 1e-6*want || n != farms {
			t.Errorf("res %d: got %.3f t from %d farms, want %.3f t from %d", res, got, n, want, farms)
		}
	}
}
