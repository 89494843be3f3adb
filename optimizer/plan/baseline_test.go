package plan

import (
	"math"
	"testing"
)

func TestRuns(t *testing.T) {
	tests := []struct {
		name       string
		daily      []float64
		capT       float64
		hold       int
		perishable bool
		want       []run
	}{
		{"full trucks leave, part loads wait", []float64{3, 3, 3, 0}, 5, 2, false,
			// day 1: 3 t from day 0 waited a day; day 3 (last): 1 t from
			// day 1 and 3 t from day 2
			[]run{{day: 1, trucks: 1, tonnes: 5, heldHours: 72}, {day: 3, trucks: 1, tonnes: 4, heldHours: 48 + 72}}},
		{"hold limit sends the part load", []float64{1, 1, 1, 1, 1}, 10, 2, false,
			[]run{{day: 2, trucks: 1, tonnes: 3, heldHours: 48 + 24}, {day: 4, trucks: 1, tonnes: 2, heldHours: 24}}},
		{"perishables go daily", []float64{3, 3, 3}, 5, 2, true,
			[]run{{day: 0, trucks: 1, tonnes: 3}, {day: 1, trucks: 1, tonnes: 3}, {day: 2, trucks: 1, tonnes: 3}}},
		{"no holding", []float64{12, 0, 4}, 5, 0, false,
			[]run{{day: 0, trucks: 3, tonnes: 12}, {day: 2, trucks: 1, tonnes: 4}}},
		{"several full trucks and a carry", []float64{12, 4}, 5, 1, false,
			[]run{{day: 0, trucks: 2, tonnes: 10}, {day: 1, trucks: 2, tonnes: 6, heldHours: 48}}},
	}
	for _, tc := range tests {
		got := runs(tc.daily, tc.capT, tc.hold, tc.perishable)
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
			continue
		}
		var shipped float64
		for i, g := range got {
			w := tc.want[i]
			if g.day != w.day || g.trucks != w.trucks || math.Abs(g.tonnes-w.tonnes) > 1e-9 || math.Abs(g.heldHours-w.heldHours) > 1e-9 {
				t.Errorf("%s: run %d got %+v, want %+v", tc.name, i, g, w)
			}
			shipped += g.tonnes
		}
		if in := sum(tc.daily); math.Abs(shipped-in) > 1e-9 {
			t.Errorf("%s: shipped %g t of %g", tc.name, shipped, in)
		}
	}
}
