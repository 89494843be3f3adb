package api_test

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestPage checks the map page's routes: the page, its assets, and that
// nothing else under / escapes the API's problem responses.
func TestPage(t *testing.T) {
	h := newServer(t)
	for _, tc := range []struct {
		path, wantType string
		wantCode       int
		wantBody       string
	}{
		{"/", "text/html; charset=utf-8", 200, `<script type="module" src="/web/app.js">`},
		{"/web/app.js", "text/javascript; charset=utf-8", 200, "maplibre-gl.mjs"},
		{"/web/vendor/maplibre-gl/maplibre-gl-worker.mjs", "text/javascript; charset=utf-8", 200, ""},
		{"/web/vendor/maplibre-gl/LICENSE.txt", "text/plain; charset=utf-8", 200, "MapLibre contributors"},
		{"/favicon.ico", "image/x-icon", 200, "\x89PNG"},
		{"/web/", "", 404, ""},
		{"/web/nope.js", "", 404, ""},
		{"/index.html", "application/problem+json", 404, "no such endpoint"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", tc.path, nil))
		if rec.Code != tc.wantCode {
			t.Errorf("%s: got %d, want %d", tc.path, rec.Code, tc.wantCode)
			continue
		}
		if got := rec.Header().Get("Content-Type"); tc.wantType != "" && got != tc.wantType {
			t.Errorf("%s: got Content-Type %q, want %q", tc.path, got, tc.wantType)
		}
		if !strings.Contains(rec.Body.String(), tc.wantBody) {
			t.Errorf("%s: body lacks %q", tc.path, tc.wantBody)
		}
	}
}
