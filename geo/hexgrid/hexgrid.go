//go:build cgo

// Package hexgrid is Lumbung's thin binding to Uber's H3 hexagonal grid: the
// only package that imports github.com/uber/h3-go/v4 (and so the only cgo in
// the project). Cells are plain uint64 H3 indexes so that the rest of the code
// stores them in flat slices without touching cgo.
//
// Errors from H3 are mapped to this package's sentinels for errors.Is.
package hexgrid

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"
)

// Cell is an H3 cell index.
type Cell uint64

// MinRes and MaxRes bound the resolutions H3 supports.
const (
	MinRes = 0
	MaxRes = 15
)

// Sentinel errors.
var (
	ErrResolution = errors.New("hexgrid: resolution out of range 0..15")
	ErrCell       = errors.New("hexgrid: invalid cell")
	ErrPoint      = errors.New("hexgrid: invalid point")
	ErrH3         = errors.New("hexgrid: h3 failure")
)

func wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %v", ErrH3, err)
}

// FromPoint returns the cell of resolution res that contains p (lon,lat).
func FromPoint(p orb.Point, res int) (Cell, error) {
	if res < MinRes || res > MaxRes {
		return 0, ErrResolution
	}
	if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 || p[0] != p[0] || p[1] != p[1] {
		return 0, ErrPoint
	}
	c, err := h3.LatLngToCell(h3.LatLng{Lat: p[1], Lng: p[0]}, res)
	if err != nil {
		return 0, wrap(err)
	}
	return Cell(c), nil
}

// Valid reports whether c is a valid H3 cell index.
func (c Cell) Valid() bool { return h3.Cell(c).IsValid() }

// Resolution returns the cell's resolution.
func (c Cell) Resolution() int { return h3.Cell(c).Resolution() }

// String returns the canonical hexadecimal form of the index.
func (c Cell) String() string { return h3.Cell(c).String() }

// Parse reads the hexadecimal form of a cell index.
func Parse(s string) (Cell, error) {
	c := h3.Cell(h3.IndexFromString(s))
	if !c.IsValid() {
		return 0, fmt.Errorf("%w: %q", ErrCell, s)
	}
	return Cell(c), nil
}

// Parent returns the ancestor of c at resolution res (res ≤ c's resolution).
func (c Cell) Parent(res int) (Cell, error) {
	if res < MinRes || res > c.Resolution() {
		return 0, ErrResolution
	}
	p, err := h3.Cell(c).Parent(res)
	if err != nil {
		return 0, wrap(err)
	}
	return Cell(p), nil
}

// Center returns the cell's centre as lon,lat.
func (c Cell) Center() (orb.Point, error) {
	ll, err := h3.Cell(c).LatLng()
	if err != nil {
		return orb.Point{}, wrap(err)
	}
	return orb.Point{ll.Lng, ll.Lat}, nil
}

// Boundary returns the cell's boundary as a closed lon,lat ring.
func (c Cell) Boundary() (orb.Ring, error) {
	b, err := h3.Cell(c).Boundary()
	if err != nil {
		return nil, wrap(err)
	}
	r := make(orb.Ring, 0, len(b)+1)
	for _, ll := range b {
		r = append(r, orb.Point{ll.Lng, ll.Lat})
	}
	if len(r) > 0 {
		r = append(r, r[0])
	}
	return r, nil
}

// Disk appends to dst the cells within grid distance k of c (c included) and
// returns the extended slice; passing a reused dst avoids allocation.
func (c Cell) Disk(k int, dst []Cell) ([]Cell, error) {
	cells, err := h3.GridDisk(h3.Cell(c), k)
	if err != nil {
		return dst, wrap(err)
	}
	for _, x := range cells {
		if x != 0 {
			dst = append(dst, Cell(x))
		}
	}
	return dst, nil
}

// Ring appends to dst the cells at exactly grid distance k from c.
func (c Cell) Ring(k int, dst []Cell) ([]Cell, error) {
	cells, err := h3.GridRing(h3.Cell(c), k)
	if err != nil {
		// GridRing fails near pentagons; fall back to the difference of disks.
		inner, err1 := h3.GridDisk(h3.Cell(c), k-1)
		outer, err2 := h3.GridDisk(h3.Cell(c), k)
		if err1 != nil || err2 != nil {
			return dst, wrap(err)
		}
		seen := make(map[h3.Cell]bool, len(inner))
		for _, x := range inner {
			seen[x] = true
		}
		for _, x := range outer {
			if x != 0 && !seen[x] {
				dst = append(dst, Cell(x))
			}
		}
		return dst, nil
	}
	for _, x := range cells {
		if x != 0 {
			dst = append(dst, Cell(x))
		}
	}
	return dst, nil
}

// EdgeLength returns the average edge length of cells at resolution res in
// metres (H3's published hexagon edge length).
func EdgeLength(res int) (float64, error) {
	if res < MinRes || res > MaxRes {
		return 0, ErrResolution
	}
	km, err := h3.HexagonEdgeLengthAvgKm(res)
	if err != nil {
		return 0, wrap(err)
	}
	return km * 1000, nil
}
