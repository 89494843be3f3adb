package plan_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/optimizer/vrp"
)

// A plan whose collection tours come from the memo is the plan a cold
// model makes, and the memo is used: the second plan's collection
// solutions are the first one's.
func TestCollectionMemoSameAsFresh(t *testing.T) {
	m := mustModel(t)
	sc := plan.Scenario{Start: "2026-03-18", HorizonDays: 2, Peak: true}
	m.ResetCollectionMemo()
	cold, err := m.Plan(context.Background(), &sc, now)
	if err != nil {
		t.Fatal(err)
	}
	_, first, err := m.CollectionProblems(&sc, now)
	if err != nil {
		t.Fatal(err)
	}
	warm, err := m.Plan(context.Background(), &sc, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(cold.Tours) == 0 {
		t.Fatal("no tours")
	}
	if !reflect.DeepEqual(cold.Tours, warm.Tours) {
		t.Errorf("tours from the memo differ from a cold model's")
	}
	if got, want := warm.Summary.FirstMileCostIDR, cold.Summary.FirstMileCostIDR; got != want {
		t.Errorf("first mile: got %v, want %v", got, want)
	}
	_, again, err := m.CollectionProblems(&sc, now)
	if err != nil {
		t.Fatal(err)
	}
	for i := range again {
		if again[i] != first[i] {
			t.Fatalf("solution %d was solved again, not taken from the memo", i)
		}
	}
}

// The memo's key covers what the search reads, and only that.
func TestTourKey(t *testing.T) {
	base := func() *vrp.Problem {
		p := &vrp.Problem{Name: "a", Dims: 1, Durations: vrp.NewMatrix(3), Distances: vrp.NewMatrix(3)}
		for i := range 3 {
			for j := range 3 {
				if i != j {
					p.Durations.Set(i, j, float64(60*(i+j)))
					p.Distances.Set(i, j, float64(1000*(i+j)))
				}
			}
		}
		p.Jobs = []vrp.Job{{Location: 1, Pickup: []int64{500}, Service: 900}, {Location: 2, Pickup: []int64{700}, Service: 1000}}
		p.Vehicles = []vrp.Vehicle{{ID: "pickup", Capacity: []int64{1000}, Count: 2, MaxTrips: 4, ReloadTime: 1800,
			Shift: vrp.TimeWindow{Start: 21600, End: 55800}, PerDistance: 1.3, PerTime: 4.8}}
		return p
	}
	key := func(p *vrp.Problem, seed uint64) [32]byte {
		k, ok := plan.TourKey(p, seed)
		if !ok {
			t.Fatal("a collection problem has no key")
		}
		return k
	}
	want := key(base(), 11)
	renamed := base()
	renamed.Name = "b"
	if key(renamed, 11) != want {
		t.Error("the name changed the key")
	}
	for name, change := range map[string]func(p *vrp.Problem){
		"duration": func(p *vrp.Problem) { p.Durations.Set(1, 2, 61) },
		"distance": func(p *vrp.Problem) { p.Distances.Set(2, 0, 1) },
		"pickup":   func(p *vrp.Problem) { p.Jobs[0].Pickup[0]++ },
		"service":  func(p *vrp.Problem) { p.Jobs[1].Service++ },
		"location": func(p *vrp.Problem) { p.Jobs[0].Location = 2 },
		"jobs":     func(p *vrp.Problem) { p.Jobs = p.Jobs[:1] },
		"count":    func(p *vrp.Problem) { p.Vehicles[0].Count = 3 },
		"trips":    func(p *vrp.Problem) { p.Vehicles[0].MaxTrips = 3 },
		"shift":    func(p *vrp.Problem) { p.Vehicles[0].Shift.End-- },
		"per km":   func(p *vrp.Problem) { p.Vehicles[0].PerDistance = 1.31 },
		"capacity": func(p *vrp.Problem) { p.Vehicles[0].Capacity[0] = 2500 },
	} {
		p := base()
		change(p)
		if key(p, 11) == want {
			t.Errorf("%s: the key did not change", name)
		}
	}
	if key(base(), 12) == want {
		t.Error("seed: the key did not change")
	}
	shipments := base()
	shipments.Shipments = []vrp.Shipment{{Amount: []int64{1}}}
	if _, ok := plan.TourKey(shipments, 11); ok {
		t.Error("a problem with shipments got a key")
	}
}
