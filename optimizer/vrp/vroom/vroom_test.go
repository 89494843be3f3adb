package vroom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/lumbung-id/lumbung/optimizer/vrp"
)

// lineMatrix returns matrices for points on a line, |i-j|*10 seconds and
// |i-j|*100 metres apart.
func lineMatrix(n int) string {
	du := make([][]float64, n)
	di := make([][]float64, n)
	for i := range n {
		du[i] = make([]float64, n)
		di[i] = make([]float64, n)
		for j := range n {
			du[i][j] = math.Abs(float64(i-j)) * 10
			di[i][j] = math.Abs(float64(i-j)) * 100
		}
	}
	b, _ := json.Marshal(map[string]MatrixSet{"car": {Durations: du, Distances: di}})
	return string(b)
}

func solve(t *testing.T, input string) (*vrp.Problem, *Meta, *vrp.Solution, Output) {
	t.Helper()
	p, meta, err := Decode(strings.NewReader(input), nil)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	sol, err := vrp.Solve(context.Background(), p, vrp.Options{Seed: 1, MaxIterations: 200})
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if _, err := vrp.Check(p, sol); err != nil {
		t.Fatalf("Check: %v", err)
	}
	out := Encode(p, meta, sol)
	if _, err := json.Marshal(out); err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	return p, meta, sol, out
}

// One vehicle of capacity 10 and six jobs of 5 units: the shift allows it
// only if the vehicle reloads twice (three trips).
func TestMultiTrip(t *testing.T) {
	input := `{"vehicles":[{"id":7,"start_index":0,"end_index":0,"capacity":[10],"time_window":[0,10000],"max_trips":3,"reload_time":60}],
	"jobs":[` +
		`{"id":1,"location_index":1,"delivery":[5],"service":30},` +
		`{"id":2,"location_index":2,"delivery":[5],"service":30},` +
		`{"id":3,"location_index":3,"delivery":[5],"service":30},` +
		`{"id":4,"location_index":4,"delivery":[5],"service":30},` +
		`{"id":5,"location_index":5,"delivery":[5],"service":30},` +
		`{"id":6,"location_index":6,"delivery":[5],"service":30}],
	"matrices":` + lineMatrix(7) + `}`
	_, _, sol, out := solve(t, input)
	if got, want := len(sol.Unassigned), 0; got != want {
		t.Fatalf("unassigned: got %v, want %v", got, want)
	}
	reloads := 0
	for _, s := range out.Routes[0].Steps {
		if s.Type == "reload" {
			reloads++
		}
	}
	if got, want := reloads, 2; got != want {
		t.Errorf("reloads: got %v, want %v", got, want)
	}
	if got, want := out.Routes[0].Steps[0].Load[0], int64(10); got != want {
		t.Errorf("start load: got %v, want %v", got, want)
	}
	// Without multi-trip the same problem can serve only two jobs.
	single := strings.Replace(input, `"max_trips":3`, `"max_trips":1`, 1)
	_, _, sol1, out1 := solve(t, single)
	if got, want := len(sol1.Unassigned), 4; got != want {
		t.Errorf("single trip unassigned: got %v, want %v", got, want)
	}
	if got, want := out1.Unassigned[0].Reason, vrp.ReasonNoRoute; got != want {
		t.Errorf("reason: got %v, want %v", got, want)
	}
}

// Pickup-and-delivery: shipments along a line with a capacity that forbids
// carrying all at once, and a job needing a skill the vehicle lacks.
func TestPickupDelivery(t *testing.T) {
	input := `{"vehicles":[{"id":1,"start_index":0,"end_index":0,"capacity":[4],"time_window":[0,100000]}],
	"shipments":[
	 {"pickup":{"id":11,"location_index":1},"delivery":{"id":12,"location_index":5},"amount":[3]},
	 {"pickup":{"id":21,"location_index":2},"delivery":{"id":22,"location_index":3},"amount":[3]},
	 {"pickup":{"id":31,"location_index":6},"delivery":{"id":32,"location_index":4},"amount":[2]}],
	"jobs":[{"id":99,"location_index":3,"skills":[5]}],
	"matrices":` + lineMatrix(7) + `}`
	p, _, sol, out := solve(t, input)
	if got, want := len(sol.Unassigned), 1; got != want {
		t.Fatalf("unassigned: got %v, want %v", got, want)
	}
	if got, want := out.Unassigned[0].Reason, vrp.ReasonSkills; got != want {
		t.Errorf("reason: got %v, want %v", got, want)
	}
	if got, want := out.Summary.Unassigned, 1; got != want {
		t.Errorf("summary.unassigned: got %v, want %v", got, want)
	}
	seen := map[uint64]int{}
	for i, s := range out.Routes[0].Steps {
		if s.ID != nil {
			seen[*s.ID] = i
		}
	}
	for _, pd := range [][2]uint64{{11, 12}, {21, 22}, {31, 32}} {
		if seen[pd[0]] >= seen[pd[1]] {
			t.Errorf("pickup %d at step %d, delivery at %d", pd[0], seen[pd[0]], seen[pd[1]])
		}
	}
	if got, want := len(p.Shipments), 3; got != want {
		t.Errorf("shipments: got %v, want %v", got, want)
	}
}

func TestDecodeErrors(t *testing.T) {
	m := lineMatrix(3)
	tests := []struct {
		name, input, field string
	}{
		{"no vehicles", `{"vehicles":[],"jobs":[{"id":1,"location_index":1}],"matrices":` + m + `}`, "vehicles"},
		{"bad tw", `{"vehicles":[{"id":1,"start_index":0}],"jobs":[{"id":1,"location_index":1,"time_windows":[[5,1]]}],"matrices":` + m + `}`, "jobs[0].time_windows[0]"},
		{"index range", `{"vehicles":[{"id":1,"start_index":0}],"jobs":[{"id":1,"location_index":1},{"id":2,"location_index":9}],"matrices":` + m + `}`, "matrices.car.durations"},
		{"dims", `{"vehicles":[{"id":1,"start_index":0,"capacity":[1,2]}],"jobs":[{"id":1,"location_index":1,"delivery":[1]}],"matrices":` + m + `}`, "jobs[0].delivery"},
		{"dup id", `{"vehicles":[{"id":1,"start_index":0}],"jobs":[{"id":1,"location_index":1},{"id":1,"location_index":2}],"matrices":` + m + `}`, "jobs[1].id"},
		{"type", `{"vehicles":[{"id":"x","start_index":0}],"jobs":[]}`, "vehicles.id"},
		{"no matrix", `{"vehicles":[{"id":1,"start":[0,0]}],"jobs":[{"id":1,"location":[1,1]}]}`, "matrices"},
		{"trips", `{"vehicles":[{"id":1,"start_index":0,"max_trips":99}],"jobs":[{"id":1,"location_index":1}],"matrices":` + m + `}`, "vehicles[0].max_trips"},
	}
	for _, tc := range tests {
		_, _, err := Decode(strings.NewReader(tc.input), nil)
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Errorf("%s: got %v, want *FieldError", tc.name, err)
			continue
		}
		if fe.Field != tc.field {
			t.Errorf("%s: got field %v, want %v", tc.name, fe.Field, tc.field)
		}
	}
}

func TestCoordinates(t *testing.T) {
	calls := 0
	mf := func(c [][2]float64) ([][]float64, [][]float64, error) {
		calls++
		n := len(c)
		du := make([][]float64, n)
		for i := range du {
			du[i] = make([]float64, n)
			for j := range du[i] {
				du[i][j] = 1000 * math.Hypot(c[i][0]-c[j][0], c[i][1]-c[j][1])
			}
		}
		return du, du, nil
	}
	input := `{"vehicles":[{"id":1,"start":[106.8,-6.2],"end":[106.8,-6.2]}],
	"jobs":[{"id":1,"location":[106.81,-6.2]},{"id":2,"location":[106.8,-6.21]},{"id":3,"location":[106.81,-6.2]}]}`
	p, meta, err := Decode(strings.NewReader(input), mf)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := calls, 1; got != want {
		t.Errorf("matrix calls: got %v, want %v", got, want)
	}
	if got, want := p.NumLocations(), 3; got != want {
		t.Errorf("locations: got %v, want %v", got, want)
	}
	sol, err := vrp.Solve(context.Background(), p, vrp.Options{Seed: 2, MaxIterations: 50})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vrp.Check(p, sol); err != nil {
		t.Fatal(err)
	}
	out := Encode(p, meta, sol)
	if out.Routes[0].Steps[0].Location == nil {
		t.Errorf("start location: got nil, want coordinates")
	}
	failing := func([][2]float64) ([][]float64, [][]float64, error) { return nil, nil, fmt.Errorf("down") }
	if _, _, err := Decode(strings.NewReader(input), failing); !errors.Is(err, ErrMatrix) {
		t.Errorf("matrix failure: got %v, want ErrMatrix", err)
	}
}

// Capacity for two of three equal jobs: the high-priority one must be kept.
func TestPriority(t *testing.T) {
	for _, hi := range []int{1, 2, 3} {
		jobs := ""
		for id := 1; id <= 3; id++ {
			pr := 0
			if id == hi {
				pr = 100
			}
			jobs += fmt.Sprintf(`{"id":%d,"location_index":%d,"delivery":[1],"priority":%d},`, id, id, pr)
		}
		input := `{"vehicles":[{"id":1,"start_index":0,"end_index":0,"capacity":[2]}],"jobs":[` +
			strings.TrimSuffix(jobs, ",") + `],"matrices":` + lineMatrix(4) + `}`
		_, _, sol, out := solve(t, input)
		if got, want := len(sol.Unassigned), 1; got != want {
			t.Fatalf("unassigned: got %v, want %v", got, want)
		}
		if got := out.Unassigned[0].ID; got == uint64(hi) {
			t.Errorf("priority job %d left unassigned", hi)
		}
	}
}
