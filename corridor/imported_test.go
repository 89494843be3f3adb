package corridor_test

import (
	"errors"
	"math"

	"github.com/paulmach/orb"
	"slices"
	"testing"

	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/data/osmimport"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

func importTestdata(t *testing.T, name string) *network.Graph {
	t.Helper()
	g, _, err := osmimport.Import("../data/osmimport/testdata/"+name, osmimport.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestFromGraph(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	g := importTestdata(t, "gen2k_s42.osm.pbf")
	c, err := corridor.FromGraph(ds, g)
	if err != nil {
		t.Fatal(err)
	}
	im := c.Imported
	// The generated ferry runs between points near Bakauheni and Merak:
	// the three Bakauheni services attach, Panjang–Ciwandan does not.
	if !slices.Equal(im.Ferries, []string{"bkh-mrk-regular", "bkh-mrk-executive", "bkh-bbj"}) || !slices.Equal(im.Unmatched, []string{"pjg-cwd"}) {
		t.Errorf("got ferries %v, unmatched %v", im.Ferries, im.Unmatched)
	}
	if im.Farms == 0 || im.Farms+im.FarmsOutside != len(ds.Farms) || im.Markets == 0 {
		t.Errorf("got %+v", im)
	}
	ng := c.Network.Graph
	if ng.NumNodes() != g.NumNodes() {
		t.Errorf("got %d nodes, want the imported %d", ng.NumNodes(), g.NumNodes())
	}
	// The OSM ferry is replaced by one edge pair per attached service,
	// carrying the dataset's timetable and tariffs.
	for _, id := range im.Ferries {
		si := c.Network.Service[id]
		edges := c.Network.ServiceEdges[si]
		svc := ng.Services()[si]
		if len(edges) != 2 || svc.ID != id || svc.Tariff == ([network.NumFerryClasses]float64{}) {
			t.Errorf("%s: %d edges, service %+v", id, len(edges), svc)
		}
	}
	for e := network.EdgeID(0); e < network.EdgeID(ng.NumEdges()); e++ {
		if s := ng.FerryService(e); s != network.None && ng.Services()[s].Tariff == ([network.NumFerryClasses]float64{}) {
			t.Errorf("edge %d rides untimetabled OSM service %q", e, ng.Services()[s].ID)
		}
	}
	// A Lampung farm to a Jakarta market crosses on a timetabled ferry and pays its tariff.
	p, err := corridor.Profile(&ds.Vehicles[0])
	if err != nil {
		t.Fatal(err)
	}
	// a farm in Lampung (west of the strait) and a market in Java (east of it)
	from, to := c.Data.Farms[0].Point, c.Data.Markets[0].Point
	for _, m := range c.Data.Markets {
		if m.Point[0] > 106 {
			to = m.Point
		}
	}
	for _, f := range c.Data.Farms {
		if f.Point[0] < 105.5 {
			from = f.Point
			break
		}
	}
	trip, err := c.Router.Trip(from, to, &route.Options{Metric: route.Cost, Profile: p})
	if err != nil {
		t.Fatal(err)
	}
	if trip.Cost.Ferry <= 0 || trip.FromEdge == nil || math.IsInf(trip.Duration, 0) {
		t.Errorf("got ferry cost %v, from edge %v; %v → %v, legs %+v", trip.Cost.Ferry, trip.FromEdge, from, to, trip.Legs)
	}
	if _, err := c.Planner(); err != nil {
		t.Errorf("planner: %v", err)
	}
}

func TestFromGraphOutsideTheCorridor(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	c, err := corridor.FromGraph(ds, importTestdata(t, "west-oakland.osm.pbf"))
	if err != nil {
		t.Fatal(err)
	}
	if im := c.Imported; im.Farms != 0 || im.Markets != 0 || len(im.Ferries) != 0 || !errors.Is(im.NoPlans, corridor.ErrImported) {
		t.Errorf("got %+v, want nothing of the dataset kept and NoPlans set", im)
	}
	if _, err := c.Planner(); !errors.Is(err, corridor.ErrImported) {
		t.Errorf("planner: got %v, want ErrImported", err)
	}
	// it still routes: across West Oakland
	p, err := corridor.Profile(&ds.Vehicles[0])
	if err != nil {
		t.Fatal(err)
	}
	trip, err := c.Router.Trip(orb.Point{-122.3015, 37.8072}, orb.Point{-122.2990, 37.8085}, &route.Options{Profile: p})
	if err != nil || trip.Distance <= 0 {
		t.Errorf("trip: %v, %v m", err, trip)
	}
}
