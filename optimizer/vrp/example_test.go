package vrp_test

import (
	"context"
	"fmt"

	"github.com/lumbung-id/lumbung/optimizer/vrp"
)

// Four customers on the corners of a square around the depot, two vehicles
// of capacity 2: the optimum serves each side of the square with one route.
func ExampleSolve() {
	pts := [][2]float64{{0, 0}, {-1, 1}, {1, 1}, {-1, -1}, {1, -1}}
	m := vrp.NewMatrix(len(pts))
	for i, a := range pts {
		for j, b := range pts {
			dx, dy := a[0]-b[0], a[1]-b[1]
			if dx < 0 {
				dx = -dx
			}
			if dy < 0 {
				dy = -dy
			}
			m.Set(i, j, dx+dy) // Manhattan distance
		}
	}
	p := &vrp.Problem{Dims: 1, Durations: m, Distances: m}
	for i := 1; i < len(pts); i++ {
		p.Jobs = append(p.Jobs, vrp.Job{Location: i, Delivery: []int64{1}})
	}
	p.Vehicles = []vrp.Vehicle{{Start: 0, End: 0, Capacity: []int64{2}, PerDistance: 1, Count: 2}}
	sol, err := vrp.Solve(context.Background(), p, vrp.Options{Seed: 1, MaxIterations: 50})
	if err != nil {
		fmt.Println(err)
		return
	}
	cost, err := vrp.Check(p, sol)
	fmt.Println("routes:", len(sol.Routes), "cost:", cost, "check:", err)
	// Output:
	// routes: 2 cost: 12 check: <nil>
}
