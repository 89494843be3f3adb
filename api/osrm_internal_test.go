package api

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
)

// The example of Google's encoded polyline documentation.
func TestEncodePolyline(t *testing.T) {
	l := orb.LineString{{-120.2, 38.5}, {-120.95, 40.7}, {-126.453, 43.252}}
	if got, want := encodePolyline(l, 1e5), "_p~iF~ps|U_ulLnnqC_mqNvxq`@"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestTurnModifier(t *testing.T) {
	for _, tc := range []struct {
		before, after float64
		want          string
	}{
		{0, 5, "straight"}, {0, 45, "slight right"}, {0, 90, "right"}, {0, 150, "sharp right"},
		{0, 180, "uturn"}, {10, 280, "left"}, {350, 5, "straight"}, {90, 50, "slight left"}, {90, 30, "left"},
	} {
		if got := turnModifier(tc.before, tc.after); got != tc.want {
			t.Errorf("%v→%v: got %s, want %s", tc.before, tc.after, got, tc.want)
		}
	}
}

// appendTenths writes what strconv would write for the rounded value.
func TestAppendTenths(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	xs := []float64{0, 0.04, 0.05, 0.95, 1, 9.99, 10, 123.45, 86399.96, 1e12 + 0.3, -2.26}
	for range 10000 {
		xs = append(xs, rng.Float64()*math.Pow(10, float64(rng.IntN(9))))
	}
	for _, x := range xs {
		want := strconv.FormatFloat(round(x, 1), 'f', -1, 64)
		if got := string(appendTenths(nil, x)); got != want {
			t.Errorf("%v: got %s, want %s", x, got, want)
		}
	}
	if got := string(appendTenths(nil, math.NaN())); got != "null" {
		t.Errorf("NaN: got %s, want null", got)
	}
}
