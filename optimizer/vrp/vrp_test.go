package vrp

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

func readInstance(t testing.TB, name string) *Problem {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var p *Problem
	if name[len(name)-4:] == ".txt" {
		p, err = ReadSolomon(f)
	} else {
		p, err = ReadCVRPLIB(f)
	}
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func bksSolution(t *testing.T, p *Problem) *Solution {
	t.Helper()
	f, err := os.Open("testdata/X-n101-k25.sol")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	routes, cost, err := ReadSol(f)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cost, 27591.0; got != want {
		t.Fatalf("sol cost: got %v, want %v", got, want)
	}
	var plans []Plan
	for _, r := range routes {
		pl := Plan{}
		for _, j := range r {
			pl.Steps = append(pl.Steps, Step{Kind: StepJob, Index: j})
		}
		plans = append(plans, pl)
	}
	sol, err := NewSolution(p, plans)
	if err != nil {
		t.Fatal(err)
	}
	return sol
}

func TestReaders(t *testing.T) {
	tests := []struct {
		file       string
		jobs, vehs int
		capacity   int64
		arc        float64 // distance from location 0 to 1
	}{
		{"X-n101-k25.vrp", 100, 100, 206, math.Floor(math.Hypot(365-146, 689-180) + 0.5)},
		{"C101.txt", 100, 25, 200, math.Hypot(40-45, 50-68)},
		{"R101.txt", 100, 25, 200, math.Hypot(35-41, 35-49)},
	}
	for _, tc := range tests {
		p := readInstance(t, tc.file)
		if got, want := len(p.Jobs), tc.jobs; got != want {
			t.Errorf("%s jobs: got %v, want %v", tc.file, got, want)
		}
		if got, want := p.vehicleCount(0), tc.vehs; got != want {
			t.Errorf("%s vehicles: got %v, want %v", tc.file, got, want)
		}
		if got, want := p.Vehicles[0].Capacity[0], tc.capacity; got != want {
			t.Errorf("%s capacity: got %v, want %v", tc.file, got, want)
		}
		if got, want := p.Distances.At(0, 1), tc.arc; math.Abs(got-want) > 1e-9 {
			t.Errorf("%s d(0,1): got %v, want %v", tc.file, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	p := readInstance(t, "X-n101-k25.vrp")
	good := bksSolution(t, p)
	cost, err := Check(p, good)
	if err != nil {
		t.Fatalf("BKS: got %v, want nil", err)
	}
	if got, want := cost, 27591.0; got != want {
		t.Errorf("BKS cost: got %v, want %v", got, want)
	}
	clone := func() *Solution {
		s := *good
		s.Routes = append([]Route(nil), good.Routes...)
		for i := range s.Routes {
			s.Routes[i].Steps = append([]Step(nil), good.Routes[i].Steps...)
		}
		return &s
	}
	tests := []struct {
		name   string
		mutate func(s *Solution)
	}{
		{"cost", func(s *Solution) { s.Cost-- }},
		{"duplicate", func(s *Solution) { s.Routes[0].Steps = append(s.Routes[0].Steps, s.Routes[1].Steps[0]) }},
		{"missing", func(s *Solution) { s.Routes[0].Steps = s.Routes[0].Steps[1:] }},
		{"capacity", func(s *Solution) {
			s.Routes[0].Steps = append(s.Routes[0].Steps, s.Routes[1].Steps...)
			s.Routes = append(s.Routes[:1], s.Routes[2:]...)
		}},
		{"vehicle", func(s *Solution) { s.Routes[0].Vehicle = 3 }},
		{"reload", func(s *Solution) {
			s.Routes[0].Steps = append(s.Routes[0].Steps, Step{Kind: StepReload, Index: -1})
		}},
	}
	for _, tc := range tests {
		s := clone()
		tc.mutate(s)
		if _, err := Check(p, s); !errors.Is(err, ErrInfeasible) {
			t.Errorf("%s: got %v, want ErrInfeasible", tc.name, err)
		}
	}
	// A time window violation on Solomon: serve C101's job 0 at the end of
	// a long route built from all jobs in index order.
	ps := readInstance(t, "C101.txt")
	var pl Plan
	for i := range ps.Jobs {
		pl.Steps = append(pl.Steps, Step{Kind: StepJob, Index: i})
	}
	s, err := NewSolution(ps, []Plan{pl})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(ps, s); !errors.Is(err, ErrInfeasible) {
		t.Errorf("time windows: got %v, want ErrInfeasible", err)
	}
}

// TestSegments checks the O(1) segment algebra against the exact
// simulator on random sequences of Solomon clients.
func TestSegments(t *testing.T) {
	for _, file := range []string{"R101.txt", "RC201.txt", "X-n101-k25.vrp"} {
		p := readInstance(t, file)
		m := compile(p)
		ls := newLocalSearch(m, 1)
		rng := rand.New(rand.NewPCG(1, 2))
		tt := &m.types[0]
		for k := range 200 {
			n := 1 + rng.IntN(30)
			seq := make([]int32, n)
			for i := range seq {
				seq[i] = int32(rng.IntN(m.nReg))
			}
			acc := ls.startSeg[0]
			for _, c := range seq {
				acc = m.concat(&acc, &ls.cseg[c])
			}
			full := m.concat(&acc, &ls.endSeg[0])
			load, warp := m.penalties(tt, &full)
			res := ls.sim.run(0, tt, seq)
			if math.Abs(load-res.load) > 1e-6 || math.Abs(warp-res.warp) > 1e-6 || math.Abs(m.routeCost(tt, &full)-res.cost) > 1e-6 {
				t.Fatalf("%s case %d: got load %v warp %v cost %v, want %v %v %v", file, k, load, warp, m.routeCost(tt, &full), res.load, res.warp, res.cost)
			}
		}
	}
}

func TestSolveCVRP(t *testing.T) {
	p := readInstance(t, "X-n101-k25.vrp")
	opts := Options{Seed: 7, MaxIterations: 300}
	sol, err := Solve(context.Background(), p, opts)
	if err != nil {
		t.Fatal(err)
	}
	cost, err := Check(p, sol)
	if err != nil {
		t.Fatal(err)
	}
	if gap := (cost - 27591) / 27591; gap > 0.03 || gap < 0 {
		t.Errorf("gap: got %.4f, want in [0, 0.03]", gap)
	}
	if got, want := len(sol.Unassigned), 0; got != want {
		t.Errorf("unassigned: got %v, want %v", got, want)
	}
	again, _ := Solve(context.Background(), p, opts)
	if got, want := again.Cost, sol.Cost; got != want {
		t.Errorf("determinism: got %v, want %v", got, want)
	}
}

func TestSolveSolomon(t *testing.T) {
	tests := []struct {
		file     string
		vehicles int     // best known
		dist     float64 // best known, hierarchical
	}{
		{"C101.txt", 10, 828.937},
		{"R101.txt", 19, 1650.798},
		{"RC201.txt", 4, 1406.937},
	}
	for _, tc := range tests {
		p := readInstance(t, tc.file)
		sol, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 500, MinimizeVehicles: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Check(p, sol); err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if got, want := len(sol.Routes), tc.vehicles+1; got > want {
			t.Errorf("%s vehicles: got %v, want <= %v", tc.file, got, want)
		}
		if got, want := sol.Distance, tc.dist*1.06; len(sol.Routes) == tc.vehicles && got > want {
			t.Errorf("%s distance: got %v, want <= %v", tc.file, got, want)
		}
		if len(sol.Routes) < tc.vehicles {
			t.Errorf("%s: %d routes beats the best known %d: suspicious", tc.file, len(sol.Routes), tc.vehicles)
		}
	}
}

// richProblem is a small heterogeneous instance exercising several time
// windows, two capacity dimensions, fixed costs, shipments, travel limits,
// priorities and skills.
func richProblem() *Problem {
	rng := rand.New(rand.NewPCG(3, 4))
	n := 30
	pts := make([][2]float64, n)
	for i := range pts {
		pts[i] = [2]float64{rng.Float64() * 100, rng.Float64() * 100}
	}
	m := NewMatrix(n)
	for i := range n {
		for j := range n {
			m.Set(i, j, math.Round(math.Hypot(pts[i][0]-pts[j][0], pts[i][1]-pts[j][1])))
		}
	}
	p := &Problem{Dims: 2, Durations: m, Distances: m, Coords: pts}
	for i := 1; i < 21; i++ {
		j := Job{Location: i, Delivery: []int64{int64(1 + rng.IntN(4)), int64(rng.IntN(3))}, Service: 5, Priority: rng.IntN(3)}
		if i%3 == 0 {
			j.Pickup = []int64{2, 0}
		}
		if i%4 == 0 {
			j.TimeWindows = []TimeWindow{{0, 150}, {300, 450}}
		}
		if i == 7 {
			j.Skills = []int{1}
		}
		p.Jobs = append(p.Jobs, j)
	}
	for i := 21; i+1 < n; i += 2 {
		p.Shipments = append(p.Shipments, Shipment{Pickup: Task{Location: i, Service: 3}, Delivery: Task{Location: i + 1, Service: 3}, Amount: []int64{3, 1}})
	}
	p.Vehicles = []Vehicle{
		{Start: 0, End: 0, Capacity: []int64{15, 6}, Shift: TimeWindow{0, 600}, Fixed: 100, PerDistance: 1, Count: 2, Skills: []int{1}},
		{Start: 0, End: NoLocation, Capacity: []int64{10, 10}, Shift: TimeWindow{0, 600}, MaxTravelTime: 400, Fixed: 50, PerDistance: 1.5, PerTime: 0.1, Count: 2, MaxTrips: 2, ReloadTime: 10},
	}
	return p
}

func TestSolveRich(t *testing.T) {
	p := richProblem()
	sol, err := Solve(context.Background(), p, Options{Seed: 5, MaxIterations: 300})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(p, sol); err != nil {
		t.Fatal(err)
	}
	if got, want := len(sol.Unassigned), 0; got != want {
		t.Errorf("unassigned: got %v (%v), want %v", got, sol.Unassigned, want)
	}
	// The skilled job must ride a vehicle of type 0.
	for _, r := range sol.Routes {
		for _, s := range r.Steps {
			if s.Kind == StepJob && s.Index == 6 && r.Vehicle != 0 {
				t.Errorf("job 6 on vehicle type %v, want 0", r.Vehicle)
			}
		}
	}
	// Shrinking the fleet to one small vehicle must leave jobs unassigned,
	// lowest priority first in spirit, and still pass the checker.
	p.Vehicles = p.Vehicles[1:]
	p.Vehicles[0].Count = 1
	p.Vehicles[0].MaxTrips = 1
	sol, err = Solve(context.Background(), p, Options{Seed: 5, MaxIterations: 100})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(p, sol); err != nil {
		t.Fatal(err)
	}
	if len(sol.Unassigned) == 0 {
		t.Errorf("unassigned: got 0, want > 0")
	}
	for _, u := range sol.Unassigned {
		if !u.Shipment && u.Index == 6 && u.Reason != ReasonSkills {
			t.Errorf("job 6 reason: got %v, want %v", u.Reason, ReasonSkills)
		}
	}
}

func TestAnytime(t *testing.T) {
	p := readInstance(t, "X-n101-k25.vrp")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	sol, err := Solve(ctx, p, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("elapsed: got %v, want < 2s", el)
	}
	if _, err := Check(p, sol); err != nil {
		t.Fatal(err)
	}
	done, cancelNow := context.WithCancel(context.Background())
	cancelNow()
	sol, err = Solve(done, p, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(p, sol); err != nil {
		t.Fatalf("cancelled: %v", err)
	}
	sol, err = Solve(context.Background(), p, Options{Seed: 1, TimeLimit: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(p, sol); err != nil {
		t.Fatal(err)
	}
}

func TestValidate(t *testing.T) {
	base := func() *Problem {
		m := NewMatrix(2)
		return &Problem{Dims: 1, Durations: m, Distances: m, Jobs: []Job{{Location: 1}},
			Vehicles: []Vehicle{{Start: 0, End: 0, Capacity: []int64{1}}}}
	}
	tests := []struct {
		name   string
		mutate func(p *Problem)
	}{
		{"dims", func(p *Problem) { p.Dims = 0 }},
		{"location", func(p *Problem) { p.Jobs[0].Location = 5 }},
		{"windows", func(p *Problem) { p.Jobs[0].TimeWindows = []TimeWindow{{5, 9}, {7, 12}} }},
		{"capacity", func(p *Problem) { p.Vehicles[0].Capacity = nil }},
		{"vehicles", func(p *Problem) { p.Vehicles = nil }},
		{"amount", func(p *Problem) { p.Jobs[0].Delivery = []int64{-1} }},
	}
	if err := base().Validate(); err != nil {
		t.Fatalf("base: got %v, want nil", err)
	}
	for _, tc := range tests {
		p := base()
		tc.mutate(p)
		if err := p.Validate(); !errors.Is(err, ErrInvalidProblem) {
			t.Errorf("%s: got %v, want ErrInvalidProblem", tc.name, err)
		}
	}
}
