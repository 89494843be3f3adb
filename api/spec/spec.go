// Package spec holds the OpenAPI document of Lumbung's HTTP API, the
// contract that map frontends and other clients code against. The API
// serves it at /openapi.json, and the API's tests validate every request
// and response of their tables against it, so it cannot drift from the
// handlers.
//
// The document declares OpenAPI 3.1 and keeps to the part of it that 3.0
// tools also read (no type arrays or const), so that the validator
// (kin-openapi) checks all of it.
package spec

import (
	"context"
	_ "embed"
	"encoding/json"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

//go:embed openapi.yaml
var yaml []byte

// YAML returns the document as written.
func YAML() []byte { return yaml }

var load = sync.OnceValues(func() (*openapi3.T, error) {
	l := openapi3.NewLoader()
	doc, err := l.LoadFromData(yaml)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	return doc, nil
})

// Load returns the parsed and validated document (parsed once).
func Load() (*openapi3.T, error) { return load() }

// JSON returns the document as JSON.
var JSON = sync.OnceValues(func() ([]byte, error) {
	doc, err := Load()
	if err != nil {
		return nil, err
	}
	return json.Marshal(doc)
})
