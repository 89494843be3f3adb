package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// parsePoint reads "lon,lat". Latitudes beyond ±90 get a hint that the
// pair may be swapped, since lat,lon is the commonest mistake.
func parsePoint(name, s string) (orb.Point, error) {
	if s == "" {
		return orb.Point{}, invalid(name, "required, as lon,lat")
	}
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return orb.Point{}, invalid(name, "want two numbers lon,lat, got %q", s)
	}
	var v [2]float64
	for i, part := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return orb.Point{}, invalid(name, "%q is not a finite number", part)
		}
		v[i] = f
	}
	return checkPoint(name, orb.Point{v[0], v[1]})
}

func checkPoint(name string, p orb.Point) (orb.Point, error) {
	lon, lat := p[0], p[1]
	if math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
		return p, invalid(name, "coordinates must be finite numbers")
	}
	if lat < -90 || lat > 90 {
		if lon >= -90 && lon <= 90 && lat >= -180 && lat <= 180 {
			return p, invalid(name, "latitude %g out of range [-90, 90]: coordinates are lon,lat — swapped?", lat)
		}
		return p, invalid(name, "latitude %g out of range [-90, 90]", lat)
	}
	if lon < -180 || lon > 180 {
		return p, invalid(name, "longitude %g out of range [-180, 180]", lon)
	}
	return p, nil
}

// decodeJSON reads a size-limited JSON body into v, rejecting unknown
// fields and trailing data so that typos surface as errors.
func decodeJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return jsonProblem(err, nil, v)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonProblem(err, body, v)
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		return invalid("body", "unexpected data after the JSON value")
	}
	return nil
}

// jsonProblem names the field a decoding error is about: from the typed
// errors where encoding/json has them, by walking the body against v's
// type for unknown fields.
func jsonProblem(err error, body []byte, v any) error {
	var mbe *http.MaxBytesError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.Is(err, io.EOF):
		return invalid("body", "empty body, want a JSON object")
	case errors.As(err, &se):
		return invalid("body", "malformed JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "body"
		}
		return invalid(field, "want %v, got JSON %s", te.Type, te.Value)
	}
	if name, ok := unknownField(body, reflect.TypeOf(v)); ok {
		return invalid(name, "unknown field")
	}
	return invalid("body", "%v", err)
}

func parseTime(name, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, invalid(name, "want an RFC 3339 time such as 2026-03-20T06:00:00+07:00, got %q", s)
	}
	return t, nil
}

func parseInt(name, s string, lo, hi int) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, invalid(name, "want an integer in [%d, %d], got %q", lo, hi, s)
	}
	return v, nil
}

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	_ = enc.Encode(v)
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

func fmtKm(m float64) string { return fmt.Sprintf("%.0f km", m/1000) }
