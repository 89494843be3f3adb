package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/optimizer/plan/report"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// twoDays is a small plan: a consolidated rice+corn trailer and a chicken
// reefer on day 0, a rice trailer on day 1, and unmet corn.
func twoDays() (*plan.Plan, []report.Vehicle) {
	p := &plan.Plan{ID: "plan-test", Scenario: "test", Start: "2026-03-16", HorizonDays: 2}
	p.Shipments = []plan.Shipment{
		{Day: 0, Date: "2026-03-16", Commodity: "rice", Tonnes: 25, Buyer: "cipinang", Vehicle: "trailer", Trucks: 1,
			Cargo: []plan.Cargo{{Commodity: "rice", Tonnes: 20}, {Commodity: "corn", Tonnes: 5}},
			Cost:  plan.Breakdown{FuelWear: 1_000_000, Ferry: 2_500_000, FirstMile: 400_000}},
		{Day: 0, Date: "2026-03-16", Commodity: "chicken", Tonnes: 6, Buyer: "cakung", Vehicle: "reefer-fuso", Trucks: 1,
			Cost: plan.Breakdown{FuelWear: 900_000, Ferry: 1_100_000, Spoilage: 100_000}},
		{Day: 1, Date: "2026-03-17", Commodity: "rice", Tonnes: 50, Buyer: "cipinang", Vehicle: "trailer", Trucks: 2,
			Cost: plan.Breakdown{FuelWear: 2_000_000, Ferry: 5_000_000}},
	}
	s := &p.Summary
	s.TonnesDelivered, s.TonnesDemanded, s.UnmetTonnes = 81, 91, 10
	s.Unmet = []plan.Unmet{{Buyer: "cikande", Commodity: "corn", Tonnes: 10, Reason: plan.ReasonNoCapacity}}
	s.UnmetPenaltyIDR = 50_000_000
	s.CostBreakdownIDR = plan.Breakdown{FuelWear: 3_900_000, Ferry: 8_600_000, Spoilage: 100_000, FirstMile: 400_000}
	s.LogisticsCostIDR = s.CostBreakdownIDR.Total()
	s.ObjectiveIDR = s.LogisticsCostIDR + s.UnmetPenaltyIDR
	s.CostPerTonneIDR = s.LogisticsCostIDR / s.TonnesDelivered
	s.Bound.LowerBoundIDR = 60_000_000
	s.Trucks = 4
	s.BaselineCostIDR = 16_000_000
	s.SavingsIDR = s.BaselineCostIDR - s.LogisticsCostIDR
	s.SavingsPct = 100 * s.SavingsIDR / s.BaselineCostIDR
	s.SavingsBreakdown = plan.Savings{VehicleSizing: 3_000_000, CrossingChoice: 0, Slotting: 600_000, BuyerChoice: -200_000}
	s.FerryUtilization = []plan.Utilization{
		{Crossing: "bkh-mrk-regular", Day: 0, Date: "2026-03-16", Trucks: 2, CapacityTrks: 10, Utilization: 0.2},
		{Crossing: "bkh-mrk-regular", Day: 1, Date: "2026-03-17", Trucks: 2, CapacityTrks: 10, Utilization: 0.2},
	}
	p.Tours = []plan.Tour{{ID: "t0-1", Vehicle: "cdd", Tonnes: 5, CostIDR: 400_000}}
	s.Fleet = plan.Fleet{
		VehiclesByDay: []map[string]int{{"trailer": 1, "reefer-fuso": 1, "cdd": 1}, {"trailer": 3, "reefer-fuso": 1}},
		PeakVehicles:  map[string]int{"trailer": 3, "reefer-fuso": 1, "cdd": 1},
		LongHaul:      plan.FleetUse{Vehicles: 4, VehicleKm: 2_400, EmptyKm: 600, VehicleHours: 96},
		FirstMile:     plan.FleetUse{Vehicles: 1, VehicleKm: 120, EmptyKm: 40, VehicleHours: 6.5},
	}
	res, hold := 5, 2
	p.Assumptions.Baseline = plan.Baseline{Vehicles: []string{"cdd", "reefer-cdd"}, QueueHours: 3,
		VehiclesByCommodity: map[string]string{"rice": "fuso", "corn": "fuso", "chicken": "reefer-cdd"}, CollectorRes: &res, MaxHoldDays: &hold}
	return p, []report.Vehicle{{ID: "trailer", CapacityTonnes: 25}, {ID: "reefer-fuso", CapacityTonnes: 7.5}}
}

func TestFlows(t *testing.T) {
	p, v := twoDays()
	r := report.New(p, v)
	if r.Last != "2026-03-17" {
		t.Errorf("last day got %q, want 2026-03-17", r.Last)
	}
	want := map[string]report.FlowRow{
		// the consolidated trailer's Rp 3.9 M (first mile included) splits 20:5
		"rice":    {ID: "rice", DemandedT: 70, DeliveredT: 70, CostIDR: 3_120_000 + 7_000_000},
		"corn":    {ID: "corn", DemandedT: 15, DeliveredT: 5, UnmetT: 10, CostIDR: 780_000},
		"chicken": {ID: "chicken", DemandedT: 6, DeliveredT: 6, CostIDR: 2_100_000},
	}
	var costSum float64
	for _, got := range r.Commodities {
		w := want[got.ID]
		if got.DemandedT != w.DemandedT || got.DeliveredT != w.DeliveredT || got.UnmetT != w.UnmetT ||
			abs(got.CostIDR-w.CostIDR) > 1e-6 {
			t.Errorf("commodity %s got %+v, want %+v", got.ID, got, w)
		}
		costSum += got.CostIDR
	}
	// Splitting shipments by cargo keeps the total.
	if abs(costSum-p.Summary.LogisticsCostIDR) > 1e-6 {
		t.Errorf("commodity costs add up to %v, want %v", costSum, p.Summary.LogisticsCostIDR)
	}
	if got := len(r.Buyers); got != 3 {
		t.Errorf("buyers got %d rows, want 3 (cakung, cikande, cipinang)", got)
	}
	if got, want := r.Totals.ObjectiveIDR, p.Summary.LogisticsCostIDR+50_000_000; got != want {
		t.Errorf("objective got %v, want %v", got, want)
	}
	if r.Totals.LowerBoundIDR > r.Totals.ObjectiveIDR {
		t.Errorf("bound %v above the objective %v it bounds", r.Totals.LowerBoundIDR, r.Totals.ObjectiveIDR)
	}
}

func TestTruckTrips(t *testing.T) {
	p, v := twoDays()
	r := report.New(p, v)
	want := []report.TruckRow{
		{Date: "2026-03-16", Vehicle: "reefer-fuso", CapacityTonnes: 7.5, Trips: 1, Tonnes: 6, LoadPct: 80},
		{Date: "2026-03-16", Vehicle: "trailer", CapacityTonnes: 25, Trips: 1, Tonnes: 25, LoadPct: 100},
		{Date: "2026-03-17", Vehicle: "trailer", CapacityTonnes: 25, Trips: 2, Tonnes: 50, LoadPct: 100},
	}
	if len(r.Trucks) != len(want) {
		t.Fatalf("truck rows got %+v, want %+v", r.Trucks, want)
	}
	for i := range want {
		if r.Trucks[i] != want[i] {
			t.Errorf("truck row %d got %+v, want %+v", i, r.Trucks[i], want[i])
		}
	}
}

func TestFleet(t *testing.T) {
	p, v := twoDays()
	r := report.New(p, v)
	got := map[[2]string]int{}
	for _, f := range r.Fleet {
		got[[2]string{f.Date, f.Vehicle}] = f.Vehicles
	}
	for k, want := range map[[2]string]int{{"2026-03-16", "trailer"}: 1, {"2026-03-17", "trailer"}: 3,
		{"2026-03-17", "cdd"}: 0, {"peak", "trailer"}: 3, {"peak", "cdd"}: 1} {
		if got[k] != want {
			t.Errorf("fleet %v got %d, want %d", k, got[k], want)
		}
	}
	if len(r.FleetUse) != 2 || r.FleetUse[1].Trips != "first mile" || r.FleetUse[1].VehicleHours != 6.5 {
		t.Errorf("fleet use got %+v", r.FleetUse)
	}
	if r.Totals.FirstMileIDR != 400_000 || r.Totals.CollectionTours != 1 {
		t.Errorf("first mile got %v in %d tours, want 400000 in 1", r.Totals.FirstMileIDR, r.Totals.CollectionTours)
	}
}

func TestWriteTextGolden(t *testing.T) {
	p, v := twoDays()
	var b bytes.Buffer
	if err := report.New(p, v).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(b.String(), "\n") {
		if n := len([]rune(line)); n > report.MaxTextWidth {
			t.Errorf("line %d is %d columns, want ≤ %d: %q", i+1, n, report.MaxTextWidth, line)
		}
	}
	checkGolden(t, "two-days.txt", b.Bytes())
}

// checkGolden compares got with testdata/name (go test -update rewrites
// it).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("text differs from %s (go test -update rewrites it):\ngot\n%s\nwant\n%s", golden, got, want)
	}
}

func TestWriteCSVAndJSON(t *testing.T) {
	p, v := twoDays()
	r := report.New(p, v)
	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(&b)
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	tables := map[string]int{}
	for _, row := range rows {
		tables[row[0]]++
	}
	for _, name := range []string{"totals", "commodity", "buyer", "unmet", "truck_trips", "ferry_use"} {
		if tables[name] == 0 {
			t.Errorf("CSV has no %s rows", name)
		}
	}
	b.Reset()
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var back report.Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Totals != r.Totals || len(back.Ferries) != 2 {
		t.Errorf("JSON round trip got %+v, want %+v", back.Totals, r.Totals)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestMultiDropFlows: a multi-drop truck's tonnes and cost count at each
// of its buyers (cost split by tonnes), never at the joined "a+b" ID, and
// the totals show its figures.
func TestMultiDropFlows(t *testing.T) {
	p, v := twoDays()
	p.Shipments = append(p.Shipments, plan.Shipment{Day: 1, Date: "2026-03-17", Commodity: "banana", Tonnes: 4,
		Buyer: "kramat-jati+cipinang", Vehicle: "trailer", Trucks: 1, Cargo: []plan.Cargo{{Commodity: "banana", Tonnes: 4}},
		Cost:  plan.Breakdown{FuelWear: 1_000_000, Ferry: 3_000_000},
		Drops: []plan.Drop{{Buyer: "kramat-jati", Tonnes: 3}, {Buyer: "cipinang", Tonnes: 1}}})
	p.Summary.MultiDrop = plan.MultiDrop{Trucks: 1, ReplacedTrucks: 2, Drops: 2, SavingsIDR: 1_500_000}
	p.Summary.ReceivingWaitHours, p.Summary.ReceivingWaitCostIDR = 2.5, 300_000
	r := report.New(p, v)
	rows := map[string]report.FlowRow{}
	for _, b := range r.Buyers {
		rows[b.ID] = b
	}
	if _, ok := rows["kramat-jati+cipinang"]; ok {
		t.Error("a row for the joined buyer ID")
	}
	if got := rows["kramat-jati"]; got.DeliveredT != 3 || abs(got.CostIDR-3_000_000) > 1e-6 {
		t.Errorf("kramat-jati got %+v, want 3 t at Rp 3 M", got)
	}
	if got := rows["cipinang"]; got.DeliveredT != 76 || abs(got.CostIDR-(3_900_000+7_000_000+1_000_000)) > 1e-6 {
		t.Errorf("cipinang got %+v, want 76 t", got)
	}
	tt := r.Totals
	if tt.MultiDropTrucks != 1 || tt.MultiDropReplaced != 2 || tt.MultiDropSavingsIDR != 1_500_000 ||
		tt.ReceivingWaitHours != 2.5 || tt.ReceivingWaitIDR != 300_000 {
		t.Errorf("totals %+v", tt)
	}
	var buf bytes.Buffer
	if err := r.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"multi-drop", "receiving hours"} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("text report lacks %q", s)
		}
	}
}
