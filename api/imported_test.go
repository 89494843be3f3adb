package api_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/data/osmimport"
)

// On a network imported from OpenStreetMap the API routes between points
// on its edges, draws its roads and refuses points off it.
func TestImportedNetwork(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	g, _, err := osmimport.Import("../data/osmimport/testdata/gen2k_s42.osm.pbf", osmimport.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := corridor.FromGraph(ds, g)
	if err != nil {
		t.Fatal(err)
	}
	h, err := api.New(c, api.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	farm, market := c.Data.Farms[0].Point, c.Data.Markets[0].Point
	ll := func(p [2]float64) string { return fmt.Sprintf("%.6f,%.6f", p[0], p[1]) }
	tile := maptile.At(market, 7)
	matrix := func(src, dst [2]float64) string {
		return fmt.Sprintf(`{"sources":[[%.6f,%.6f]],"destinations":[[%.6f,%.6f],[%.6f,%.6f]],"metric":"cost"}`,
			src[0], src[1], dst[0], dst[1], farm[0], farm[1])
	}
	tests := []struct {
		name, method, target, body string
		status                     int
		contains                   []string
	}{
		{"route across the strait", "GET", "/v1/route?from=" + ll(farm) + "&to=" + ll(market), "", 200,
			[]string{`"from_snap_m"`, `"kind":"ferry"`, `"service":"bkh-`}},
		{"route from off the network", "GET", "/v1/route?from=0,0&to=" + ll(market), "", 422, []string{`"name":"from"`}},
		{"roads near the market", "GET", fmt.Sprintf("/v1/network?layers=roads&bbox=%.3f,%.3f,%.3f,%.3f", market[0]-0.3, market[1]-0.3, market[0]+0.3, market[1]+0.3), "", 200,
			[]string{`"id":"osm-w`, `"class":`}},
		{"nearest", "GET", "/v1/nearest?point=" + ll(market), "", 200, []string{`"on_road":{`, `"offset_m"`}},
		{"tile", "GET", fmt.Sprintf("/v1/tiles/7/%d/%d.mvt", tile.X, tile.Y), "", 200, nil},
		{"matrix", "POST", "/v1/matrix", matrix(farm, market), 200, []string{`"costs_idr":[[`}},
		{"matrix from off the network", "POST", "/v1/matrix", matrix([2]float64{0, 0}, market), 422, []string{`"name":"sources[0]"`}},
	}
	for _, tt := range tests {
		tt.target = "http://example.com" + tt.target
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
		if tt.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		h.ServeHTTP(rec, req)
		if rec.Code != tt.status {
			t.Fatalf("%s: got %d, want %d: %s", tt.name, rec.Code, tt.status, trunc(rec.Body.Bytes()))
		}
		checkSpec(t, tt.method, tt.target, tt.body, rec, rec.Body.Bytes())
		for _, want := range tt.contains {
			if !strings.Contains(rec.Body.String(), want) {
				t.Errorf("%s: body lacks %s: %s", tt.name, want, trunc(rec.Body.Bytes()))
			}
		}
		if tt.name == "tile" {
			ls, err := mvt.UnmarshalGzipped(rec.Body.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			roads := 0
			for _, l := range ls {
				if l.Name == "roads" {
					roads = len(l.Features)
				}
			}
			if roads == 0 {
				t.Errorf("tile has no imported roads")
			}
		}
	}
}

// An extract of another region (West Oakland) is served for routing; plans
// answer 422 naming why.
func TestForeignExtract(t *testing.T) {
	g, _, err := osmimport.Import("../data/osmimport/testdata/west-oakland.osm.pbf", osmimport.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := importedServer(g)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, target, body string
		status               int
		contains             string
	}{
		{"GET", "/v1/route?from=-122.3015,37.8072&to=-122.2990,37.8085", "", 200, `"distance_m"`},
		{"POST", "/v1/matrix", `{"sources":[[-122.3015,37.8072]],"destinations":[[-122.2990,37.8085]]}`, 200, `"durations_s":[[`},
		{"GET", "/v1/route?from=105.26,-5.43&to=-122.2990,37.8085", "", 422, `"name":"from"`},
		{"POST", "/v1/plans", `{}`, 422, `"name":"network"`},
		{"POST", "/v1/plans/compare", `{"scenarios":[{},{}]}`, 422, `cannot be planned`},
	}
	for _, tt := range tests {
		target := "http://example.com" + tt.target
		req := httptest.NewRequest(tt.method, target, strings.NewReader(tt.body))
		if tt.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.contains) {
			t.Errorf("%s %s: got %d %s, want %d with %s", tt.method, tt.target, rec.Code, trunc(rec.Body.Bytes()), tt.status, tt.contains)
		}
		checkSpec(t, tt.method, target, tt.body, rec, rec.Body.Bytes())
	}
}
