package corridor_test

import (
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// TestJakartaRestrictionsHonoured routes a tronton from Bandar Lampung to
// Pasar Induk Kramat Jati at every half hour of a week and checks that no
// trip enters a restricted road inside its window, that the trips are never
// faster than on the same network without restrictions, and that the
// restrictions do change some trips (so the check can fail).
func TestJakartaRestrictionsHonoured(t *testing.T) {
	c, cf := withoutRestrictions(t)
	if len(c.Network.Graph.RoadRestrictions()) == 0 {
		t.Fatal("the default dataset has no restrictions")
	}
	var tronton data.Vehicle
	for _, v := range c.Data.Vehicles {
		if v.ID == "tronton" {
			tronton = v
		}
	}
	prof, err := corridor.Profile(&tronton)
	if err != nil {
		t.Fatal(err)
	}
	from, to := orb.Point{105.26, -5.43}, orb.Point{106.868, -6.272}
	rs := c.Network.Graph.RoadRestrictions()
	byID := map[string]*network.RoadRestriction{}
	for i := range rs {
		byID[rs[i].ID] = &rs[i]
	}
	start := time.Date(2026, 12, 7, 0, 0, 0, 0, time.FixedZone("WIB", 7*3600)) // a Monday
	changed, waited, detoured := 0, 0, 0
	for _, metric := range []route.Metric{route.Time, route.Cost} {
		for k := 0; k < 7*48; k++ {
			dep := float64(start.Add(time.Duration(k) * 30 * time.Minute).Unix())
			opt := &route.Options{Metric: metric, Profile: prof, Depart: dep, HasDepart: true}
			trip, err := c.Router.Trip(from, to, opt)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := cf.Router.Trip(from, to, opt)
			if err != nil {
				t.Fatal(err)
			}
			// The network clock starts after the first feeder leg.
			feeder := 0.0
			if trip.Legs[0].Kind == "feeder" {
				feeder = trip.Legs[0].Duration
			}
			for _, x := range trip.Restrictions {
				r := byID[x.ID]
				if x.Binding && r.Active(dep+feeder+x.Enter) {
					t.Fatalf("%v depart %s: enters %s at %s, inside its window", metric,
						time.Unix(int64(dep), 0).In(start.Location()), x.ID,
						time.Unix(int64(dep+feeder+x.Enter), 0).In(start.Location()))
				}
			}
			if got, want := metricOf(metric, trip), metricOf(metric, ref); got < want*(1-1e-9) {
				t.Fatalf("%v depart %d: %g with restrictions beats %g without", metric, k, got, want)
			} else if got > want*(1+1e-9) {
				changed++
				if trip.RestrictionWait > 0 {
					waited++
				} else {
					detoured++
				}
			}
			if math.Abs(sumLegs(trip)-trip.Duration) > 1e-6*trip.Duration {
				t.Fatalf("legs sum to %g s, trip %g s", sumLegs(trip), trip.Duration)
			}
		}
	}
	t.Logf("restrictions changed %d of %d trips (%d wait, %d detour)", changed, 2*7*48, waited, detoured)
	if changed == 0 {
		t.Error("no departure time was affected by the restrictions")
	}
}

func sumLegs(t *route.Trip) float64 {
	s := 0.0
	for _, l := range t.Legs {
		s += l.Duration
	}
	return s
}

func metricOf(m route.Metric, t *route.Trip) float64 {
	if m == route.Time {
		return t.Duration
	}
	return t.Cost.Total()
}

// withoutRestrictions returns the default corridor and the same corridor
// with its road restrictions removed.
func withoutRestrictions(t *testing.T) (c, free *corridor.Corridor) {
	t.Helper()
	c, err := corridor.Default()
	if err != nil {
		t.Fatal(err)
	}
	d := *c.Data
	d.RoadRestrictions = nil
	free, err = corridor.New(&d)
	if err != nil {
		t.Fatal(err)
	}
	return c, free
}
