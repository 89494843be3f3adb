package network

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestRestrictionClear(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	at := func(day, h, m int) float64 { // December 2026: the 7th is a Monday
		return float64(time.Date(2026, 12, day, h, m, 0, 0, wib).Unix())
	}
	const h = 3600.0
	weekdays := uint8(1<<time.Monday | 1<<time.Tuesday | 1<<time.Wednesday | 1<<time.Thursday | 1<<time.Friday)
	rush := RoadRestriction{ID: "rush", MinTollClass: 2, UTCOffsetSeconds: 7 * 3600,
		Windows: []DailyWindow{{From: 5 * h, To: 10 * h}, {From: 16 * h, To: 20 * h}}}
	night := RoadRestriction{ID: "night", MinTollClass: 1, UTCOffsetSeconds: 7 * 3600,
		Windows: []DailyWindow{{Days: weekdays, From: 22 * h, To: 5 * h}}}
	chain := RoadRestriction{ID: "chain", MinTollClass: 1, UTCOffsetSeconds: 7 * 3600,
		Windows: []DailyWindow{{From: 6 * h, To: 8 * h}, {From: 8 * h, To: 9 * h}}}
	always := RoadRestriction{ID: "always", MinTollClass: 1,
		Windows: []DailyWindow{{From: 0, To: 12 * h}, {From: 12 * h, To: 24 * h}}}
	for _, c := range []struct {
		r    *RoadRestriction
		t    float64
		want float64
	}{
		{&rush, at(7, 4, 59), at(7, 4, 59)},
		{&rush, at(7, 5, 0), at(7, 10, 0)},
		{&rush, at(7, 9, 59), at(7, 10, 0)},
		{&rush, at(7, 10, 0), at(7, 10, 0)},
		{&rush, at(12, 17, 30), at(12, 20, 0)}, // Saturday too: every day
		{&night, at(7, 23, 0), at(8, 5, 0)},    // Monday night into Tuesday
		{&night, at(8, 3, 0), at(8, 5, 0)},     // opened Monday
		{&night, at(7, 3, 0), at(7, 3, 0)},     // Sunday night is free
		{&night, at(12, 23, 0), at(12, 23, 0)}, // Saturday night is free
		{&night, at(12, 2, 0), at(12, 5, 0)},   // opened Friday night
		{&chain, at(7, 7, 0), at(7, 9, 0)},     // windows that meet chain
		{&always, at(7, 7, 0), math.Inf(1)},
	} {
		if got := c.r.Clear(c.t); got != c.want {
			t.Errorf("%s.Clear(%s) got %s, want %s", c.r.ID, time.Unix(int64(c.t), 0).In(wib),
				show(got, wib), show(c.want, wib))
		}
		if got, want := c.r.Active(c.t), c.want != c.t; got != want {
			t.Errorf("%s.Active(%s) got %v, want %v", c.r.ID, time.Unix(int64(c.t), 0).In(wib), got, want)
		}
	}
	if rush.Applies(1) || !rush.Applies(2) || !rush.Applies(5) {
		t.Error("rush should bind toll classes II–V only")
	}
}

func show(t float64, loc *time.Location) string {
	if math.IsInf(t, 1) {
		return "never"
	}
	return time.Unix(int64(t), 0).In(loc).String()
}

func TestRestrictionBuild(t *testing.T) {
	build := func(r RoadRestriction, roads ...int32) error {
		b := NewBuilder()
		u, v := b.AddNode([2]float64{105, -5}), b.AddNode([2]float64{105.01, -5})
		ro := b.AddRoad(Road{ID: "r", Class: Trunk})
		b.AddEdge(EdgeSpec{From: u, To: v, SpeedKmh: 40, Class: Trunk, Road: ro, Ferry: None})
		b.AddEdge(EdgeSpec{From: v, To: u, SpeedKmh: 40, Class: Trunk, Road: ro, Ferry: None})
		b.AddRoadRestriction(r, roads)
		g, err := b.Build()
		if err == nil && (g.Restricted(0) != 0 || g.Restricted(1) != 0) {
			t.Errorf("edges of the restricted road carry %d, %d, want 0", g.Restricted(0), g.Restricted(1))
		}
		return err
	}
	ok := RoadRestriction{ID: "x", MinTollClass: 2, Windows: []DailyWindow{{From: 3600, To: 7200}}}
	if err := build(ok, 0); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		r     RoadRestriction
		roads []int32
	}{
		"class":  {RoadRestriction{ID: "x", MinTollClass: 0, Windows: ok.Windows}, []int32{0}},
		"empty":  {RoadRestriction{ID: "x", MinTollClass: 2}, []int32{0}},
		"window": {RoadRestriction{ID: "x", MinTollClass: 2, Windows: []DailyWindow{{From: 3600, To: 3600}}}, []int32{0}},
		"late":   {RoadRestriction{ID: "x", MinTollClass: 2, Windows: []DailyWindow{{From: 3600, To: 90000}}}, []int32{0}},
		"road":   {ok, []int32{3}},
	} {
		if err := build(c.r, c.roads...); !errors.Is(err, ErrRestriction) {
			t.Errorf("%s: got %v, want ErrRestriction", name, err)
		}
	}
}
