// Package geo holds Lumbung's small set of geographic value types and
// spherical helpers: points are orb.Points in WGS84 longitude, latitude order
// (as in GeoJSON), distances are great-circle metres on a sphere of radius
// EarthRadius.
//
// Numerical guarantee: Distance uses the haversine formula, which is
// well-conditioned for short and long distances alike; against the WGS84
// ellipsoid it errs by at most about 0.5% (the sphere's flattening error),
// which is below the uncertainty of the hand-placed road geometry it serves.
package geo

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// EarthRadius is the mean Earth radius in metres (IUGG).
const EarthRadius = 6371008.8

// Meters is a length in metres.
type Meters float64

// Kilometers returns the length in kilometres.
func (m Meters) Kilometers() float64 { return float64(m) / 1000 }

// ErrLonRange and ErrLatRange report coordinates outside WGS84's domain.
var (
	ErrLonRange  = errors.New("geo: longitude out of range [-180, 180]")
	ErrLatRange  = errors.New("geo: latitude out of range [-90, 90]")
	ErrNotFinite = errors.New("geo: coordinate is not a finite number")
)

// Validate reports whether p is a valid WGS84 lon,lat point.
func Validate(p orb.Point) error {
	lon, lat := p[0], p[1]
	if math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
		return ErrNotFinite
	}
	if lon < -180 || lon > 180 {
		return fmt.Errorf("%w: %g", ErrLonRange, lon)
	}
	if lat < -90 || lat > 90 {
		return fmt.Errorf("%w: %g", ErrLatRange, lat)
	}
	return nil
}

// Distance returns the great-circle distance between a and b in metres.
func Distance(a, b orb.Point) Meters {
	const rad = math.Pi / 180
	lat1, lat2 := a[1]*rad, b[1]*rad
	dlat := lat2 - lat1
	dlon := (b[0] - a[0]) * rad
	s1 := math.Sin(dlat / 2)
	s2 := math.Sin(dlon / 2)
	h := s1*s1 + math.Cos(lat1)*math.Cos(lat2)*s2*s2
	if h > 1 {
		h = 1
	}
	return Meters(2 * EarthRadius * math.Asin(math.Sqrt(h)))
}

// Length returns the great-circle length of a polyline in metres.
func Length(ls orb.LineString) Meters {
	var sum Meters
	for i := 1; i < len(ls); i++ {
		sum += Distance(ls[i-1], ls[i])
	}
	return sum
}

// Interpolate returns the point a fraction f of the way from a to b, linear in
// lon,lat; for the short segments it serves (under a few kilometres) the
// difference from the great-circle point is far below a metre.
func Interpolate(a, b orb.Point, f float64) orb.Point {
	return orb.Point{a[0] + (b[0]-a[0])*f, a[1] + (b[1]-a[1])*f}
}

// Bound is an axis-aligned lon,lat box; it is orb.Bound so that orb's
// operations apply to it directly.
type Bound = orb.Bound

// ParseBBox parses "minLon,minLat,maxLon,maxLat" into a Bound, checking ranges
// and ordering.
func ParseBBox(s string) (Bound, error) {
	var v [4]float64
	if _, err := fmt.Sscanf(s, "%g,%g,%g,%g", &v[0], &v[1], &v[2], &v[3]); err != nil {
		return Bound{}, fmt.Errorf("geo: bbox must be minLon,minLat,maxLon,maxLat: %q", s)
	}
	min, max := orb.Point{v[0], v[1]}, orb.Point{v[2], v[3]}
	for _, p := range []orb.Point{min, max} {
		if err := Validate(p); err != nil {
			return Bound{}, err
		}
	}
	if min[0] > max[0] || min[1] > max[1] {
		return Bound{}, errors.New("geo: bbox minimum exceeds maximum")
	}
	return Bound{Min: min, Max: max}, nil
}
