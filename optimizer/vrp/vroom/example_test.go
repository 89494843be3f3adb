package vroom_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/lumbung-id/lumbung/optimizer/vrp"
	"github.com/lumbung-id/lumbung/optimizer/vrp/vroom"
)

func ExampleDecode() {
	input := `{
	  "vehicles": [{"id": 1, "start_index": 0, "end_index": 0, "capacity": [2]}],
	  "jobs": [
	    {"id": 10, "location_index": 1, "delivery": [1]},
	    {"id": 20, "location_index": 2, "delivery": [1]}
	  ],
	  "matrices": {"car": {"durations": [[0, 5, 9], [5, 0, 4], [9, 4, 0]]}}
	}`
	p, meta, err := vroom.Decode(strings.NewReader(input), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	sol, _ := vrp.Solve(context.Background(), p, vrp.Options{Seed: 1, MaxIterations: 10})
	if _, err := vrp.Check(p, sol); err != nil {
		fmt.Println(err)
		return
	}
	out := vroom.Encode(p, meta, sol)
	for _, s := range out.Routes[0].Steps {
		fmt.Println(s.Type, s.LocationIndex, s.Arrival)
	}
	fmt.Println("cost", out.Summary.Cost)
	// Output:
	// start 0 0
	// job 1 5
	// job 2 9
	// end 0 18
	// cost 18
}
