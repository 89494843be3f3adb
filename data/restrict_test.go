package data

import (
	"errors"
	"testing"
	"time"
)

func TestLoadRoadRestrictions(t *testing.T) {
	ok := `[{"id":"x","name":"X","roads":["r-bc"],"min_toll_class":2,
		"windows":[{"from":"05:00","to":"10:00"},{"days":["mon","fri"],"from":"22:00","to":"05:00"}],"source":"test","estimate":true}]`
	ds, err := Load(tinyFS(func(m map[string]string) { m[fileRoadRestrictions] = ok }), "tiny")
	if err != nil {
		t.Fatal(err)
	}
	want := RoadRestriction{ID: "x", Name: "X", Roads: []string{"r-bc"}, MinTollClass: 2, Source: "test", Estimate: true,
		Windows: []TimeWindow{{From: 300, To: 600}, {Days: []time.Weekday{time.Monday, time.Friday}, From: 1320, To: 300}}}
	if len(ds.RoadRestrictions) != 1 || !sameRestriction(ds.RoadRestrictions[0], want) {
		t.Fatalf("got %+v, want %+v", ds.RoadRestrictions, want)
	}
	for _, c := range []struct {
		name, file string
		err        error
		field      string
	}{
		{"no id", `[{"name":"X","roads":["r-bc"],"min_toll_class":2,"windows":[{"from":"05:00","to":"10:00"}],"source":"t"}]`, ErrMissingField, "id"},
		{"duplicate", `[{"id":"x","name":"X","roads":["r-bc"],"min_toll_class":2,"windows":[{"from":"05:00","to":"10:00"}],"source":"t"},
			{"id":"x","name":"X","roads":["r-ab"],"min_toll_class":2,"windows":[{"from":"05:00","to":"10:00"}],"source":"t"}]`, ErrDuplicateID, "id"},
		{"unknown road", `[{"id":"x","name":"X","roads":["r-zz"],"min_toll_class":2,"windows":[{"from":"05:00","to":"10:00"}],"source":"t"}]`, ErrUnknownRef, "roads[0]"},
		{"road twice", `[{"id":"x","name":"X","roads":["r-bc"],"min_toll_class":2,"windows":[{"from":"05:00","to":"10:00"}],"source":"t"},
			{"id":"y","name":"Y","roads":["r-bc"],"min_toll_class":2,"windows":[{"from":"05:00","to":"10:00"}],"source":"t"}]`, ErrInconsistent, "roads[0]"},
		{"class", `[{"id":"x","name":"X","roads":["r-bc"],"min_toll_class":6,"windows":[{"from":"05:00","to":"10:00"}],"source":"t"}]`, ErrRange, "min_toll_class"},
		{"no window", `[{"id":"x","name":"X","roads":["r-bc"],"min_toll_class":2,"windows":[],"source":"t"}]`, ErrMissingField, "windows"},
		{"bad clock", `[{"id":"x","name":"X","roads":["r-bc"],"min_toll_class":2,"windows":[{"from":"5:00","to":"10:00"}],"source":"t"}]`, ErrRange, "windows[0].from"},
		{"24:00 start", `[{"id":"x","name":"X","roads":["r-bc"],"min_toll_class":2,"windows":[{"from":"24:00","to":"10:00"}],"source":"t"}]`, ErrRange, "windows[0].from"},
		{"empty window", `[{"id":"x","name":"X","roads":["r-bc"],"min_toll_class":2,"windows":[{"from":"10:00","to":"10:00"}],"source":"t"}]`, ErrRange, "windows[0]"},
		{"bad day", `[{"id":"x","name":"X","roads":["r-bc"],"min_toll_class":2,"windows":[{"days":["monday"],"from":"05:00","to":"10:00"}],"source":"t"}]`, ErrRange, "windows[0].days"},
		{"no source", `[{"id":"x","name":"X","roads":["r-bc"],"min_toll_class":2,"windows":[{"from":"05:00","to":"10:00"}]}]`, ErrMissingField, "source"},
		{"typo", `[{"id":"x","name":"X","road":["r-bc"],"min_toll_class":2,"windows":[{"from":"05:00","to":"10:00"}],"source":"t"}]`, ErrSyntax, ""},
	} {
		_, err := Load(tinyFS(func(m map[string]string) { m[fileRoadRestrictions] = c.file }), "tiny")
		var le *LoadError
		if !errors.Is(err, c.err) || !errors.As(err, &le) || le.File != fileRoadRestrictions || le.Field != c.field {
			t.Errorf("%s: got %v, want %v in %s field %q", c.name, err, c.err, fileRoadRestrictions, c.field)
		}
	}
}

func sameRestriction(a, b RoadRestriction) bool {
	if a.ID != b.ID || a.Name != b.Name || a.MinTollClass != b.MinTollClass || a.Source != b.Source ||
		a.Estimate != b.Estimate || len(a.Roads) != len(b.Roads) || len(a.Windows) != len(b.Windows) {
		return false
	}
	for i := range a.Roads {
		if a.Roads[i] != b.Roads[i] {
			return false
		}
	}
	for i, w := range a.Windows {
		v := b.Windows[i]
		if w.From != v.From || w.To != v.To || len(w.Days) != len(v.Days) {
			return false
		}
		for k := range w.Days {
			if w.Days[k] != v.Days[k] {
				return false
			}
		}
	}
	return true
}

func TestDefaultRoadRestrictions(t *testing.T) {
	ds := mustDefault(t)
	if len(ds.RoadRestrictions) < 2 {
		t.Fatalf("got %d restrictions, want the inner toll ring and an arterial", len(ds.RoadRestrictions))
	}
	for _, r := range ds.RoadRestrictions {
		if r.Source == "" || !r.Estimate {
			t.Errorf("%s: source %q, estimate %v: the hours are estimates and must say so", r.ID, r.Source, r.Estimate)
		}
	}
}
