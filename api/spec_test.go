package api_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/gorilla/mux"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/api/spec"
)

// specRouter finds a request's operation in the OpenAPI document.
var specRouter = sync.OnceValues(func() (routers.Router, error) {
	doc, err := spec.Load()
	if err != nil {
		return nil, err
	}
	d := *doc
	d.Servers = nil // match any host: the tests' requests go to example.com
	for _, ct := range []string{"application/geo+json", "application/problem+json"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.JSONBodyDecoder)
	}
	openapi3filter.RegisterBodyDecoder("application/vnd.mapbox-vector-tile", openapi3filter.FileBodyDecoder)
	return gorillamux.NewRouter(&d)
})

// checkSpec validates an exchange against the OpenAPI document: the request
// when it succeeded (failing requests are invalid on purpose), the response
// always. An exchange on a path the document lacks fails, unless the
// server answered it 404 or 405 itself.
func checkSpec(t *testing.T, method, target, reqBody string, rec *httptest.ResponseRecorder, body []byte) {
	t.Helper()
	router, err := specRouter()
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(method, target, strings.NewReader(reqBody))
	if reqBody != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		if rec.Code == http.StatusNotFound || rec.Code == http.StatusMethodNotAllowed {
			return
		}
		t.Fatalf("%s %s is not in the OpenAPI document: %v", method, target, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if rec.Code/100 == 2 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("request does not match the OpenAPI document: %v", err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code,
		Header: rec.Header(), Body: io.NopCloser(bytes.NewReader(body))}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("response does not match the OpenAPI document: %v", err)
	}
}

// TestSpecCoversRoutes: every route the server serves is in the document
// and every path in the document is served.
func TestSpecCoversRoutes(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := api.New(fixture(t), api.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var served []string
	err = s.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tmpl, err := route.GetPathTemplate()
		if err != nil {
			return nil
		}
		methods, _ := route.GetMethods()
		for _, m := range methods {
			served = append(served, m+" "+tmpl)
			if doc.Paths.Find(tmpl) == nil || doc.Paths.Find(tmpl).GetOperation(m) == nil {
				t.Errorf("%s %s is served but not in the OpenAPI document", m, tmpl)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		for m := range item.Operations() {
			if !slices.Contains(served, m+" "+path) {
				t.Errorf("the OpenAPI document has %s %s, which the server does not serve", m, path)
			}
		}
	}
}
