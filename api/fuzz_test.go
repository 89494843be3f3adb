package api

import (
	"bytes"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/geo"
	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// Fuzz targets for every parser of outside input the API has. CI runs each
// for a few seconds (.ci/fuzz); `go test -run '^$' -fuzz '^FuzzX$'
// -fuzztime 10m ./api` runs one for longer.

func FuzzParsePoint(f *testing.F) {
	for _, s := range []string{"105.26,-5.43", "-5.43,105.26", "1e308,1e308", "NaN,0", " 106 , -6 ", ",", "1,2,3", "inf,-inf", "0x1p3,2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parsePoint("from", s)
		if err != nil {
			var pr *Problem
			if !errors.As(err, &pr) || pr.Status != http.StatusBadRequest || len(pr.InvalidParams) != 1 || pr.InvalidParams[0].Name != "from" {
				t.Fatalf("parsePoint(%q) error %v, want a 400 naming from", s, err)
			}
			return
		}
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 {
			t.Fatalf("parsePoint(%q) accepted %v", s, p)
		}
	})
}

func FuzzParseBBox(f *testing.F) {
	for _, s := range []string{"105,-6,107,-5", "107,-5,105,-6", "1,2,3", "NaN,0,1,1", "-180,-90,180,90", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := geo.ParseBBox(s)
		if err != nil {
			return
		}
		if b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] || math.IsNaN(b.Min[0]+b.Min[1]+b.Max[0]+b.Max[1]) {
			t.Fatalf("ParseBBox(%q) accepted %v", s, b)
		}
	})
}

func FuzzDecodeScenario(f *testing.F) {
	for _, s := range []string{`{}`, `{"start":"2026-03-16","horizon_days":3}`, `{"ferry_closures":[{"crossing":"x","form":1}]}`,
		`{"demand_multipliers":{"rice":-1}}`, `{"horizon_days":"7"}`, `[1,2]`, `{"a":`, `{} {}`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest(http.MethodPost, "/v1/plans", bytes.NewReader(body))
		var sc plan.Scenario
		if err := readScenario(r, &sc); err != nil {
			p := asProblem(err)
			if p.Status/100 != 4 || len(p.InvalidParams) == 0 {
				t.Fatalf("body %q: got %+v, want a 4xx naming a field", body, p)
			}
		}
	})
}

var fuzzServer = sync.OnceValues(func() (*Server, error) {
	c, err := corridor.Default()
	if err != nil {
		return nil, err
	}
	return New(c, DefaultConfig())
})

// FuzzMatrixBody sends arbitrary bodies to POST /v1/matrix: every answer is
// a 200 or a 4xx problem, never a 5xx.
func FuzzMatrixBody(f *testing.F) {
	for _, s := range []string{
		`{"sources":[[105.26,-5.43]],"destinations":[[106.868,-6.272]],"metric":"time"}`,
		`{"sources":[[105.26]],"destinations":[[106.868,-6.272]]}`,
		`{"sources":[[104.0,-7.5]],"destinations":[[106.868,-6.272]],"vehicle":"becak"}`,
		`{"sources":[],"destinations":[]}`, `{"sources":"x"}`, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) { fuzzPost(t, "/v1/matrix", body) })
}

// FuzzVRPBody sends arbitrary VROOM inputs to POST /v1/vrp (with a short
// time limit): never a 5xx.
func FuzzVRPBody(f *testing.F) {
	for _, s := range []string{
		`{"vehicles":[{"id":1,"start":[105.26,-5.43],"capacity":[10]}],"jobs":[{"id":1,"location":[105.3,-5.4],"delivery":[1]}]}`,
		`{"vehicles":[{"id":1,"start_index":0}],"jobs":[{"id":1,"location_index":1}],"matrices":{"car":{"durations":[[0,1],[1,0]]}}}`,
		`{"vehicles":[],"jobs":[]}`, `{"jobs":[{"id":1,"location_index":5}]}`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) { fuzzPost(t, "/v1/vrp?time_limit=50ms", body) })
}

// fuzzPost posts body to target: the answer must be a 2xx or a 4xx
// problem, never a 5xx.
func fuzzPost(t *testing.T, target string, body []byte) {
	s, err := fuzzServer()
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body)))
	if w.Code >= 500 || (w.Code/100 != 2 && !strings.Contains(w.Header().Get("Content-Type"), "problem+json")) {
		t.Fatalf("body %q: status %d %s", body, w.Code, w.Body)
	}
}

// FuzzOSRMCoordinates: the OSRM endpoints' coordinate list parses or
// answers a 400 naming coordinates.
func FuzzOSRMCoordinates(f *testing.F) {
	for _, s := range []string{"105.26,-5.43;106.868,-6.272", "105.26,-5.43", "1,2;3,4.json", ";;", "a,b;c,d", "1e999,0;0,0", "181,0;0,91"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pts, err := parseCoords(s, 2, 100)
		if err != nil {
			var oe *osrmError
			if !errors.As(err, &oe) || oe.Status/100 != 4 || !strings.HasPrefix(oe.InvalidParams[0].Name, "coordinates") {
				t.Fatalf("%q: got %v, want an OSRM 4xx naming coordinates", s, err)
			}
			return
		}
		for _, p := range pts {
			if math.IsNaN(p[0]) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 {
				t.Fatalf("%q: accepted %v", s, p)
			}
		}
	})
}

// FuzzJobBody posts arbitrary bodies to POST /v1/jobs: a 202 or a 4xx
// problem, never a 5xx.
func FuzzJobBody(f *testing.F) {
	for _, s := range []string{`{"kind":"plan","request":{"start":"2026-03-16","horizon_days":1}}`,
		`{"kind":"compare","request":{"scenarios":[{},{}]}}`, `{"kind":"vrp","request":{}}`,
		`{"kind":"fly"}`, `{"kind":"plan","request":{"horizon_days":0}}`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) { fuzzPost(t, "/v1/jobs", body) })
}
