package geo_test

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b orb.Point
		want float64 // metres
	}{
		{orb.Point{0, 0}, orb.Point{0, 0}, 0},
		{orb.Point{0, 0}, orb.Point{0, 1}, 111195.08},                   // one degree of latitude
		{orb.Point{0, 0}, orb.Point{180, 0}, math.Pi * geo.EarthRadius}, // antipodes
		{orb.Point{106.8, -6.2}, orb.Point{106.8, -6.2}, 0},
	}
	for _, tt := range tests {
		if got := float64(geo.Distance(tt.a, tt.b)); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("Distance(%v, %v) got %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		p    orb.Point
		want error
	}{
		{orb.Point{105, -5}, nil},
		{orb.Point{-5, 105}, geo.ErrLatRange},
		{orb.Point{181, 0}, geo.ErrLonRange},
		{orb.Point{math.NaN(), 0}, geo.ErrNotFinite},
		{orb.Point{0, math.Inf(1)}, geo.ErrNotFinite},
	}
	for _, tt := range tests {
		if got := geo.Validate(tt.p); !errors.Is(got, tt.want) {
			t.Errorf("Validate(%v) got %v, want %v", tt.p, got, tt.want)
		}
	}
}
