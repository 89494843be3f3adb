package report_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/optimizer/plan/report"
)

// limited is twoDays under a fleet limit of two trailers: day 1's second
// trailer is unmet, a CDD collects nothing more, and the fleet shrinks.
func limited() *plan.Plan {
	p, _ := twoDays()
	p.ID, p.Scenario = "plan-limited", "two trailers"
	p.Shipments = p.Shipments[:2]
	s := &p.Summary
	s.TonnesDelivered, s.UnmetTonnes, s.Trucks = 31, 60, 2
	s.CostBreakdownIDR = plan.Breakdown{FuelWear: 1_900_000, Ferry: 3_600_000, Spoilage: 100_000, FirstMile: 400_000}
	s.LogisticsCostIDR = s.CostBreakdownIDR.Total()
	s.FirstMileCostIDR = 400_000
	s.Fleet = plan.Fleet{
		VehiclesByDay: []map[string]int{{"trailer": 1, "reefer-fuso": 1, "cdd": 1}, {"trailer": 2}},
		PeakVehicles:  map[string]int{"trailer": 2, "reefer-fuso": 1, "cdd": 1},
		LongHaul:      plan.FleetUse{Vehicles: 2, VehicleKm: 1_200, EmptyKm: 300, VehicleHours: 48},
		FirstMile:     plan.FleetUse{Vehicles: 1, VehicleKm: 120, EmptyKm: 40, VehicleHours: 6.5},
	}
	return p
}

func TestCompare(t *testing.T) {
	free, _ := twoDays()
	free.Summary.FirstMileCostIDR = 400_000
	c := report.Compare([]*plan.Plan{free, limited()})
	want := map[string][2]float64{ // figure → second scenario's value and change
		"peak trailer":     {2, -1},
		"peak cdd":         {1, 0},
		"collection tours": {1, 0},
		"first mile":       {400_000, 0},
		"vehicle-km":       {1_320, -1_200},
		"empty km":         {340, -300},
		"vehicle-hours":    {54.5, -48},
		"truck trips":      {2, -2},
		"unmet":            {60, 50},
	}
	seen := 0
	for _, r := range c.Rows {
		w, ok := want[r.Figure]
		if !ok {
			continue
		}
		seen++
		if r.Values[1] != w[0] || r.Deltas[1] != w[1] || r.Deltas[0] != 0 {
			t.Errorf("%s: got %v (change %v), want %v (change %v)", r.Figure, r.Values[1], r.Deltas[1], w[0], w[1])
		}
	}
	if seen != len(want) {
		t.Errorf("got %d of the %d figures: %+v", seen, len(want), c.Rows)
	}
	var b bytes.Buffer
	if err := c.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "compare.txt", b.Bytes())
	b.Reset()
	if err := c.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(rows) != 1+2*len(c.Rows) {
		t.Errorf("csv: %d rows, %v; want %d", len(rows), err, 1+2*len(c.Rows))
	}
}
