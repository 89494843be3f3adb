package corridor_test

import (
	"context"
	"fmt"
	"maps"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/optimizer/route"
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

// TestPlanRestrictions: the dataset's restrictions reach the planner, and
// truck_ban applies the Lebaran 2026 ban: on a day inside its window no
// 3+ axle truck with non-staple cargo boards any crossing, while without
// the ban some do; outside the window the ban changes nothing.
func TestPlanRestrictions(t *testing.T) {
	c, err := corridor.Default()
	if err != nil {
		t.Fatal(err)
	}
	in, err := corridor.PlanInput(c.Data, c.Network, c.Router)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]plan.Restriction{}
	for _, r := range in.Restrictions {
		byID[r.ID] = r
	}
	names := func(r plan.Restriction) (crossings, vehicles, exempt []string) {
		for _, x := range r.Crossings {
			crossings = append(crossings, in.Crossings[x].ID)
		}
		for _, v := range r.Vehicles {
			vehicles = append(vehicles, in.Vehicles[v].ID)
		}
		for _, k := range r.Exempt {
			exempt = append(exempt, in.Commodities[k].ID)
		}
		return
	}
	x, v, ex := names(byID["lebaran-2026-trucks/roads"])
	if len(x) != len(in.Crossings) || !slices.Equal(v, []string{"tronton", "trailer"}) || !slices.Equal(ex, []string{"rice", "chicken"}) {
		t.Errorf("Lebaran 2026: crossings %v vehicles %v exempt %v; want every crossing (its ports are reached by toll and arterial roads only), tronton and trailer, rice and chicken exempt", x, v, ex)
	}
	x, v, _ = names(byID["lebaran-2025-return-port/bkh-mrk-regular"])
	if !slices.Equal(x, []string{"bkh-mrk-regular"}) || !slices.Equal(v, []string{"tronton", "trailer"}) {
		t.Errorf("2025 return flow at Merak: crossings %v vehicles %v, want golongan VII-VIII classes on the regular crossing", x, v)
	}
	m, err := plan.Prepare(in)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	run := func(sc plan.Scenario) *plan.Plan {
		t.Helper()
		p, err := m.Plan(context.Background(), &sc, now)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Check(&sc, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	barred := func(p *plan.Plan) int {
		n := 0
		for _, s := range p.Shipments {
			if s.Vehicle != "tronton" && s.Vehicle != "trailer" {
				continue
			}
			for _, cg := range s.Cargo {
				if cg.Commodity != "rice" && cg.Commodity != "chicken" {
					n += s.Trucks
					break
				}
			}
		}
		return n
	}
	in2026 := plan.Scenario{Start: "2026-03-17", HorizonDays: 1}
	ban := in2026
	ban.TruckBan = true
	if n := barred(run(in2026)); n == 0 {
		t.Fatal("no 3+ axle truck carries non-staple cargo on 17 March 2026 without the ban: it would not bind")
	}
	pb := run(ban)
	if n := barred(pb); n != 0 {
		t.Errorf("%d 3+ axle trucks with non-staple cargo cross on 17 March 2026 under the ban, want 0", n)
	}
	if !pb.Assumptions.TruckBan {
		t.Error("assumptions do not say the truck ban is on")
	}
	after := plan.Scenario{Start: "2026-04-06", HorizonDays: 1}
	afterBan := after
	afterBan.TruckBan = true
	if a, b := run(after).Summary.LogisticsCostIDR, run(afterBan).Summary.LogisticsCostIDR; a != b {
		t.Errorf("after the window the ban changes the plan: %v against %v", b, a)
	}
}

// TestRouterHonoursRefusedClasses: in its Lebaran 2024 season Panjang –
// Ciwandan carries motorcycles and small cars only, so the router sends a
// tronton from Panjang to Ciwandan over Bakauheni – Merak even when the
// season-only service would be cheaper for it.
func TestRouterHonoursRefusedClasses(t *testing.T) {
	c, err := corridor.Default()
	if err != nil {
		t.Fatal(err)
	}
	wib := time.FixedZone("WIB", 7*3600)
	day := float64(time.Date(2024, 4, 15, 0, 0, 0, 0, wib).Unix())
	from, to := c.Data.Port("panjang"), c.Data.Port("ciwandan")
	if from == nil || to == nil {
		t.Fatal("no Panjang or Ciwandan port in the dataset")
	}
	g := c.Network.Graph
	for _, id := range []string{"tronton", "pickup"} {
		v := c.Data.Vehicle(id)
		p, err := corridor.Profile(v)
		if err != nil {
			t.Fatal(err)
		}
		s := c.Router.Searcher()
		path, err := s.Route(c.Network.Junction[from.Junction], c.Network.Junction[to.Junction],
			&route.Options{Metric: route.Cost, Profile: p, Day: day, HasDay: true})
		c.Router.Release(s)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		var crossed []string
		for _, e := range path.Edges {
			if g.Class(e) == network.Ferry {
				crossed = append(crossed, g.Services()[g.FerryService(e)].ID)
			}
		}
		t.Logf("%s crosses on %v", id, crossed)
		if id == "tronton" && slices.Contains(crossed, "pjg-cwd") {
			t.Errorf("tronton (golongan %s) routed over Panjang – Ciwandan, which carries no trucks", v.FerryClass)
		}
	}
}
