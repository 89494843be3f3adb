package data

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// fileRoadRestrictions is optional: a dataset without it has no road
// restrictions.
const fileRoadRestrictions = "road_restrictions.json"

type roadRestrictionJSON struct {
	ID           string           `json:"id"`
	Name         string           `json:"name"`
	Roads        []string         `json:"roads"`
	MinTollClass int              `json:"min_toll_class"`
	Windows      []roadWindowJSON `json:"windows"`
	Source       string           `json:"source"`
	Estimate     bool             `json:"estimate"`
}

type roadWindowJSON struct {
	Days []string `json:"days"`
	From string   `json:"from"`
	To   string   `json:"to"`
}

var weekdayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// loadRoadRestrictions reads road_restrictions.json; it runs after loadRoads.
func (l *dsLoader) loadRoadRestrictions() error {
	if _, err := fs.Stat(l.fsys, path.Join(l.dir, fileRoadRestrictions)); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var list []roadRestrictionJSON
	if err := l.readJSON(fileRoadRestrictions, &list); err != nil {
		return err
	}
	roads := make(map[string]bool, len(l.ds.Roads))
	for _, r := range l.ds.Roads {
		roads[r.ID] = true
	}
	w := errLoc{file: fileRoadRestrictions}
	ids := map[string]bool{}
	owner := map[string]string{} // road → restriction
	for i, r := range list {
		rw := w.at(r.ID)
		if r.ID == "" {
			rw = w.at("#" + strconv.Itoa(i))
		}
		for _, f := range [][2]string{{"id", r.ID}, {"name", r.Name}, {"source", r.Source}} {
			if err := checkRequired(rw, f[0], f[1]); err != nil {
				return err
			}
		}
		if ids[r.ID] {
			return rw.fail("id", ErrDuplicateID, "duplicate restriction %q", r.ID)
		}
		ids[r.ID] = true
		if r.MinTollClass < 1 || r.MinTollClass > 5 {
			return rw.fail("min_toll_class", ErrRange, "want 1..5, got %d", r.MinTollClass)
		}
		if len(r.Roads) == 0 {
			return rw.fail("roads", ErrMissingField, "at least one road is required")
		}
		for k, id := range r.Roads {
			field := fmt.Sprintf("roads[%d]", k)
			if !roads[id] {
				return rw.fail(field, ErrUnknownRef, "unknown road %q", id)
			}
			if o, ok := owner[id]; ok {
				return rw.fail(field, ErrInconsistent, "road %q is already restricted by %q", id, o)
			}
			owner[id] = r.ID
		}
		if len(r.Windows) == 0 {
			return rw.fail("windows", ErrMissingField, "at least one window is required")
		}
		out := RoadRestriction{ID: r.ID, Name: r.Name, Roads: slices.Clone(r.Roads), MinTollClass: r.MinTollClass,
			Source: r.Source, Estimate: r.Estimate}
		for k, wj := range r.Windows {
			win, err := parseWindow(rw, fmt.Sprintf("windows[%d]", k), wj)
			if err != nil {
				return err
			}
			out.Windows = append(out.Windows, win)
		}
		l.ds.RoadRestrictions = append(l.ds.RoadRestrictions, out)
	}
	return nil
}

func parseWindow(w errLoc, field string, wj roadWindowJSON) (TimeWindow, error) {
	var win TimeWindow
	var err error
	if win.From, err = parseClock(wj.From, false); err != nil {
		return win, w.fail(field+".from", ErrRange, "%v", err)
	}
	if win.To, err = parseClock(wj.To, true); err != nil {
		return win, w.fail(field+".to", ErrRange, "%v", err)
	}
	if win.From == win.To || (win.From == 0 && win.To == 24*60) {
		return win, w.fail(field, ErrRange, "window %s–%s is empty or the whole day (close the road instead)", wj.From, wj.To)
	}
	for _, d := range wj.Days {
		k := slices.Index(weekdayNames, strings.ToLower(d))
		if k < 0 {
			return win, w.fail(field+".days", ErrRange, "unknown weekday %q (want one of %v)", d, weekdayNames)
		}
		if slices.Contains(win.Days, time.Weekday(k)) {
			return win, w.fail(field+".days", ErrDuplicateID, "weekday %q listed twice", d)
		}
		win.Days = append(win.Days, time.Weekday(k))
	}
	return win, nil
}

// parseClock reads "HH:MM" as minutes after midnight; "24:00" only as an end.
func parseClock(s string, end bool) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || len(h) != 2 || len(m) != 2 || err1 != nil || err2 != nil || mm < 0 || mm > 59 || hh < 0 || hh > 24 {
		return 0, fmt.Errorf("want HH:MM, got %q", s)
	}
	if hh == 24 && (mm != 0 || !end) {
		return 0, fmt.Errorf("%q is past the end of the day", s)
	}
	return hh*60 + mm, nil
}
