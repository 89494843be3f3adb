package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// Problem is an RFC 9457 problem details object. InvalidParams names the
// request fields at fault (the extension member RFC 9457 §3 shows).
type Problem struct {
	Type          string         `json:"type"`
	Title         string         `json:"title"`
	Status        int            `json:"status"`
	Detail        string         `json:"detail,omitempty"`
	Instance      string         `json:"instance,omitempty"`
	InvalidParams []InvalidParam `json:"invalid-params,omitempty"`
}

// InvalidParam names one faulty request field and why.
type InvalidParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// Problem types.
const (
	TypeInvalid     = "urn:lumbung:problem:invalid-parameter"
	TypeUnreachable = "urn:lumbung:problem:unreachable"
	TypeTooLarge    = "urn:lumbung:problem:too-large"
	TypeNotFound    = "urn:lumbung:problem:not-found"
	TypeTimeout     = "urn:lumbung:problem:timeout"
	TypeInternal    = "urn:lumbung:problem:internal"
	TypeMethod      = "urn:lumbung:problem:method-not-allowed"
)

// Error makes a Problem usable as an error inside handlers.
func (p *Problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail) }

// invalid builds a 400 naming one parameter.
func invalid(name, format string, a ...any) *Problem {
	reason := fmt.Sprintf(format, a...)
	return &Problem{Type: TypeInvalid, Title: "Invalid request parameter", Status: http.StatusBadRequest,
		Detail: name + ": " + reason, InvalidParams: []InvalidParam{{Name: name, Reason: reason}}}
}

// unprocessable builds a 422 naming one parameter: well-formed, but not
// something the network can serve (a point at sea, an unreachable pair).
func unprocessable(typ, name, format string, a ...any) *Problem {
	p := invalid(name, format, a...)
	p.Type, p.Status, p.Title = typ, http.StatusUnprocessableEntity, "Request cannot be served"
	return p
}

func writeProblem(w http.ResponseWriter, r *http.Request, p *Problem) {
	if p.Instance == "" && r != nil {
		p.Instance = r.URL.Path
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// asProblem turns any handler error into a Problem; errors that are not
// already Problems are internal and their text is not leaked.
func asProblem(err error) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &Problem{Type: TypeTooLarge, Title: "Request body too large", Status: http.StatusRequestEntityTooLarge,
			Detail: fmt.Sprintf("body exceeds %d bytes", mbe.Limit), InvalidParams: []InvalidParam{{Name: "body", Reason: fmt.Sprintf("larger than %d bytes", mbe.Limit)}}}
	}
	return &Problem{Type: TypeInternal, Title: "Internal error", Status: http.StatusInternalServerError}
}
