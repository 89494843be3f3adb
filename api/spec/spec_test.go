package spec_test

import (
	"encoding/json"
	"testing"

	"github.com/lumbung-id/lumbung/api/spec"
)

func TestDocumentIsValid(t *testing.T) {
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi got %q, want 3.1.0", doc.OpenAPI)
	}
	b, err := spec.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil || v["paths"] == nil {
		t.Errorf("JSON form got %v (%v), want an object with paths", len(b), err)
	}
}
