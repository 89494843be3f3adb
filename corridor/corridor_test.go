package corridor_test

import (
	"fmt"
	"maps"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/optimizer/network"
)

// The data package must stay a leaf: loading a dataset links neither the
// router nor the planner.
func TestDataIsALeaf(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/lumbung-id/lumbung/data").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "github.com/lumbung-id/lumbung/") &&
			!strings.HasPrefix(p, "github.com/lumbung-id/lumbung/data") &&
			!strings.HasPrefix(p, "github.com/lumbung-id/lumbung/geo") {
			t.Errorf("data depends on %s", p)
		}
	}
}

func ExampleDefault() {
	c, err := corridor.Default()
	if err != nil {
		panic(err)
	}
	m, err := c.Planner()
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Network.Graph.NumNodes() > 1000, m != nil)
	// Output: true true
}

// A season-only crossing reaches the planner closed outside its seasons,
// and the planner's defaults come from the dataset, not from ID suffixes.
func TestPlanInputCalendarAndDefaults(t *testing.T) {
	c, err := corridor.Default()
	if err != nil {
		t.Fatal(err)
	}
	in, err := corridor.PlanInput(c.Data, c.Network, c.Router)
	if err != nil {
		t.Fatal(err)
	}
	wib := time.FixedZone("WIB", 7*3600)
	at := func(y int, m time.Month, d int) float64 { return float64(time.Date(y, m, d, 12, 0, 0, 0, wib).Unix()) }
	closed := func(ws []network.Window, t float64) bool {
		for _, w := range ws {
			if w.Contains(t) {
				return true
			}
		}
		return false
	}
	regular := 0
	for _, x := range in.Crossings {
		if x.Regular {
			regular++
			if x.ID != c.Data.Planner.RegularCrossing {
				t.Errorf("regular crossing %q, want the dataset's %q", x.ID, c.Data.Planner.RegularCrossing)
			}
		}
		switch x.ID {
		case "pjg-cwd":
			if !closed(x.Closed, at(2026, 3, 16)) || !closed(x.Closed, at(2024, 4, 11)) || closed(x.Closed, at(2024, 4, 15)) {
				t.Errorf("Panjang–Ciwandan closures %+v: want closed except 12–18 April 2024", x.Closed)
			}
		default:
			if len(x.Closed) != 0 {
				t.Errorf("year-round %s has closures %+v", x.ID, x.Closed)
			}
		}
	}
	if regular != 1 {
		t.Errorf("%d regular crossings, want 1", regular)
	}
	if got := in.Params; got.DeckShare != c.Data.Planner.DeckShare || got.Baseline.QueueHours != c.Data.Planner.BaselineQueueHours ||
		!slices.Equal(got.Baseline.Vehicles, c.Data.Planner.BaselineVehicles) || got.BackhaulShare != c.Data.Planner.BackhaulShare ||
		!maps.Equal(got.Baseline.VehiclesByCommodity, c.Data.Planner.BaselineVehiclesByCommodity) ||
		*got.Baseline.CollectorRes != c.Data.Planner.BaselineCollectorRes || *got.Baseline.MaxHoldDays != c.Data.Planner.BaselineMaxHoldDays {
		t.Errorf("params %+v do not follow the dataset's planner %+v", got, c.Data.Planner)
	}
}

func TestBans(t *testing.T) {
	c, err := corridor.Default()
	if err != nil {
		t.Fatal(err)
	}
	bans, err := corridor.Bans(c.Data, c.Network)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]corridor.Ban{}
	for _, b := range bans {
		byID[b.ID] = b
	}
	b, ok := byID["lebaran-2026-trucks"]
	if !ok {
		t.Fatalf("no Lebaran 2026 restriction in %v", bans)
	}
	if !slices.Equal(b.Vehicles, []string{"tronton", "trailer"}) {
		t.Errorf("barred vehicles %v, want the 3+ axle tronton and trailer", b.Vehicles)
	}
	if len(b.RoadEdges) == 0 || !slices.Contains(b.Exempt, "rice") {
		t.Errorf("ban has %d road edges, exempt %v", len(b.RoadEdges), b.Exempt)
	}
	port := byID["lebaran-2025-return-port"]
	if got := port.Crossings["bkh-mrk-regular"]; len(got) != 3 || len(port.Vehicles) != 0 {
		t.Errorf("2025 return-flow rule: crossings %v vehicles %v, want golongan VII–IX barred from Merak only", port.Crossings, port.Vehicles)
	}
}
