package api_test

import (
	"net/url"
	"testing"
	"time"
)

type restrictedRoute struct {
	Properties struct {
		Duration        float64 `json:"duration_s"`
		RestrictionWait float64 `json:"restriction_wait_s"`
		Legs            []struct {
			Name            string  `json:"name"`
			Duration        float64 `json:"duration_s"`
			Restriction     string  `json:"restriction"`
			RestrictionWait float64 `json:"restriction_wait_s"`
		} `json:"legs"`
		Restrictions []struct {
			ID      string   `json:"id"`
			Binding bool     `json:"binding"`
			Windows []string `json:"windows_wib"`
			Enter   *float64 `json:"enter_after_s"`
			Wait    *float64 `json:"wait_s"`
		} `json:"restrictions"`
	} `json:"properties"`
}

// TestRouteRestrictions: without a departure time the README route reports
// the inner toll ring's truck windows; with departures through a morning the
// route never enters it inside a window (it waits, visibly in the legs, or
// detours), and some departure is changed by it.
func TestRouteRestrictions(t *testing.T) {
	const q = "/v1/route?from=105.26,-5.43&to=106.868,-6.272&vehicle=tronton&metric=time"
	var r restrictedRoute
	get(t, q, &r)
	found := false
	for _, x := range r.Properties.Restrictions {
		if x.ID == "jkt-tol-dalam-kota-trucks" {
			found = true
			if !x.Binding || len(x.Windows) != 2 || x.Windows[0] != "daily 05:00–10:00" || x.Enter != nil {
				t.Errorf("got %+v, want a binding entry with two daily windows and no clock", x)
			}
		}
	}
	if !found {
		t.Fatalf("without a departure the route reports restrictions %+v, want the inner toll ring", r.Properties.Restrictions)
	}
	wib := time.FixedZone("WIB", 7*3600)
	affected := 0
	for m := 0; m < 8*60; m += 30 {
		dep := time.Date(2026, 12, 7, 0, m, 0, 0, wib) // Monday night: Jakarta in the morning rush
		var d restrictedRoute
		get(t, q+"&depart="+url.QueryEscape(dep.Format(time.RFC3339)), &d)
		wait := 0.0
		onRing := false
		for _, l := range d.Properties.Legs {
			wait += l.RestrictionWait
			onRing = onRing || l.Restriction == "jkt-tol-dalam-kota-trucks"
		}
		if wait != d.Properties.RestrictionWait {
			t.Errorf("depart %s: legs wait %g s, route %g s", dep, wait, d.Properties.RestrictionWait)
		}
		for _, x := range d.Properties.Restrictions {
			if x.Enter == nil || x.Wait == nil {
				t.Fatalf("depart %s: restriction %s without entry time or wait", dep, x.ID)
			}
		}
		if wait > 0 || !onRing {
			affected++
		}
	}
	if affected == 0 {
		t.Error("no departure through the night waited for or avoided the inner toll ring")
	}
}
