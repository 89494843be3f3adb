//go:build cgo

package hexgrid_test

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo/hexgrid"
)

func ExampleFromPoint() {
	c, _ := hexgrid.FromPoint(orb.Point{105.26, -5.43}, 9) // Bandar Lampung
	parent, _ := c.Parent(6)
	fmt.Println(c.Resolution(), parent.Resolution(), c.Valid())
	_, err := hexgrid.FromPoint(orb.Point{105.26, -5.43}, 16)
	fmt.Println(errors.Is(err, hexgrid.ErrResolution))
	// Output:
	// 9 6 true
	// true
}

func ExampleCell_Disk() {
	c, _ := hexgrid.FromPoint(orb.Point{106.868, -6.272}, 7)
	disk, _ := c.Disk(1, nil)
	ring, _ := c.Ring(2, nil)
	fmt.Println(len(disk), len(ring))
	// Output: 7 12
}

func ExampleParse() {
	c, _ := hexgrid.FromPoint(orb.Point{105.75333, -5.86944}, 7)
	back, err := hexgrid.Parse(c.String())
	fmt.Println(back == c, err)
	_, err = hexgrid.Parse("not-a-cell")
	fmt.Println(errors.Is(err, hexgrid.ErrCell))
	// Output:
	// true <nil>
	// true
}
