package geo_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo"
)

func ExampleDistance() {
	bakauheni := orb.Point{105.75333, -5.86944}
	merak := orb.Point{105.995278, -5.930833}
	fmt.Printf("%.1f km\n", geo.Distance(bakauheni, merak).Kilometers())
	// Output: 27.6 km
}

func ExampleParseBBox() {
	b, err := geo.ParseBBox("105.0,-6.0,106.0,-5.0")
	fmt.Println(b.Min, b.Max, err)
	_, err = geo.ParseBBox("-6.0,105.0,-5.0,106.0")
	fmt.Println(err)
	// Output:
	// [105 -6] [106 -5] <nil>
	// geo: latitude out of range [-90, 90]: 105
}
