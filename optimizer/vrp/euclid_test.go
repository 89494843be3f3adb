package vrp

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// euclidean returns p with its matrices dropped and travel defined by
// Coords (the CVRPLIB matrices are the rounded Euclidean distances).
func euclidean(p *Problem) *Problem {
	q := *p
	q.Durations, q.Distances, q.Costs = nil, nil, nil
	q.Euclidean = true
	return &q
}

func TestEuclideanMatchesMatrix(t *testing.T) {
	dense := readInstance(t, "X-n101-k25.vrp")
	geo := euclidean(dense)
	for a := range geo.Coords {
		for b := range geo.Coords {
			gd, gi := geo.Travel(a, b)
			if gd != dense.Durations.At(a, b) || gi != dense.Distances.At(a, b) {
				t.Fatalf("Travel(%d, %d) = %v, %v, want %v", a, b, gd, gi, dense.Distances.At(a, b))
			}
		}
	}
	opts := Options{Seed: 3, MaxIterations: 150}
	want, err := Solve(context.Background(), dense, opts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Solve(context.Background(), geo, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(geo, got); err != nil {
		t.Fatal(err)
	}
	if got.Cost != want.Cost || !reflect.DeepEqual(got.Routes, want.Routes) {
		t.Errorf("Euclidean solve: got cost %v, want %v with the same routes", got.Cost, want.Cost)
	}
}

// An open route (no end) keeps a dummy location: arcs to it are free.
func TestEuclideanOpenRoutes(t *testing.T) {
	p := euclidean(readInstance(t, "X-n101-k25.vrp"))
	p.Vehicles[0].End = NoLocation
	sol, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 50})
	if err != nil {
		t.Fatal(err)
	}
	cost, err := Check(p, sol)
	if err != nil {
		t.Fatal(err)
	}
	if cost != sol.Cost || len(sol.Unassigned) != 0 {
		t.Errorf("got cost %v (checked %v) with %d unassigned, want equal costs and none", sol.Cost, cost, len(sol.Unassigned))
	}
}

func TestEuclideanValidate(t *testing.T) {
	withMatrix := euclidean(readInstance(t, "X-n101-k25.vrp"))
	withMatrix.Distances = NewMatrix(len(withMatrix.Coords))
	noCoords := euclidean(readInstance(t, "X-n101-k25.vrp"))
	noCoords.Coords = nil
	for name, p := range map[string]*Problem{"matrix": withMatrix, "no coords": noCoords} {
		if err := p.Validate(); !errors.Is(err, ErrInvalidProblem) {
			t.Errorf("%s: got %v, want ErrInvalidProblem", name, err)
		}
	}
}

func TestLongestArc(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := range 50 {
		pts := make([][2]float64, 1+rng.IntN(60))
		for i := range pts {
			// Integer grids make collinear and duplicate points common.
			pts[i] = [2]float64{float64(rng.IntN(20)), float64(rng.IntN(20))}
			if trial%2 == 1 {
				pts[i] = [2]float64{rng.Float64() * 1000, rng.Float64() * 1000}
			}
		}
		want := 0.0
		for _, a := range pts {
			for _, b := range pts {
				want = math.Max(want, euclid(a, b))
			}
		}
		if got := longestArc(pts); got != want {
			t.Errorf("trial %d: got %v, want %v", trial, got, want)
		}
	}
}
