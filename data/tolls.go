package data

import (
	"errors"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo"
)

type tollJSON struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Roads    []string    `json:"roads"`
	IDR      *[5]float64 `json:"idr"`
	Since    string      `json:"since"`
	Source   string      `json:"source"`
	Estimate bool        `json:"estimate"`
}

// loadTolls reads tolls.json, the published tariff per toll section and
// class, and spreads each section's tariff over its road features in
// proportion to their length. It replaces whatever toll the roads carried:
// a toll road that no tariff covers keeps the toll_idr of roads.geojson. A
// dataset without tolls.json keeps the roads' own tolls.
func (l *dsLoader) loadTolls() error {
	b, err := l.read(fileTolls)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // tolls.json is optional
	}
	if err != nil {
		return err
	}
	var list []tollJSON
	if err := decodeStrict(b, &list); err != nil {
		return &LoadError{File: fileTolls, Err: &loadDetail{ErrSyntax, err.Error()}}
	}
	w := errLoc{file: fileTolls}
	roadIdx := make(map[string]int, len(l.ds.Roads))
	for i, r := range l.ds.Roads {
		roadIdx[r.ID] = i
	}
	covered := map[string]string{}
	for i, t := range list {
		tw := w.at(t.ID)
		if t.ID == "" {
			tw = w.at("#" + strconv.Itoa(i))
		}
		for _, fl := range [][2]string{{"id", t.ID}, {"name", t.Name}, {"source", t.Source}} {
			if err := checkRequired(tw, fl[0], fl[1]); err != nil {
				return err
			}
		}
		if slices.ContainsFunc(l.ds.Tolls, func(x TollTariff) bool { return x.ID == t.ID }) {
			return tw.fail("id", ErrDuplicateID, "duplicate toll section %q", t.ID)
		}
		if err := checkDate(tw, "since", t.Since); err != nil {
			return err
		}
		if t.IDR == nil {
			return tw.fail("idr", ErrMissingField, "required")
		}
		for k, v := range t.IDR {
			if !(v > 0) {
				return tw.fail("idr["+strconv.Itoa(k)+"]", ErrRange, "tariff must be positive, got %g", v)
			}
		}
		if len(t.Roads) == 0 {
			return tw.fail("roads", ErrMissingField, "at least one road is required")
		}
		lengths := make([]float64, len(t.Roads))
		var total float64
		for k, id := range t.Roads {
			ri, ok := roadIdx[id]
			if !ok {
				return tw.fail("roads["+strconv.Itoa(k)+"]", ErrUnknownRef, "unknown road %q", id)
			}
			if l.ds.Roads[ri].Class != ClassToll {
				return tw.fail("roads["+strconv.Itoa(k)+"]", ErrRange, "road %q is a %s road, not a toll road", id, l.ds.Roads[ri].Class)
			}
			if prev, dup := covered[id]; dup {
				return tw.fail("roads["+strconv.Itoa(k)+"]", ErrDuplicateID, "road %q is already priced by %q", id, prev)
			}
			covered[id] = t.ID
			lengths[k] = l.roadLength(&l.ds.Roads[ri])
			total += lengths[k]
		}
		src := t.Name + ": " + t.Source + " (from " + t.Since + ")"
		if t.Estimate {
			src += " (estimate)"
		}
		for k, id := range t.Roads {
			r := &l.ds.Roads[roadIdx[id]]
			for c := range r.Toll {
				r.Toll[c] = t.IDR[c] * lengths[k] / total
			}
			r.Source = trimTollSource(r.Source) + "; toll: " + src
		}
		l.ds.Tolls = append(l.ds.Tolls, TollTariff{ID: t.ID, Name: t.Name, Roads: slices.Clone(t.Roads),
			IDR: *t.IDR, Since: t.Since, Source: t.Source, Estimate: t.Estimate})
	}
	return nil
}

// roadLength is a road's polyline length from junction to junction.
func (l *dsLoader) roadLength(r *Road) float64 {
	line := make(orb.LineString, 0, len(r.Via)+2)
	line = append(line, l.ds.Junctions[l.junctionIdx[r.From]].Point)
	line = append(line, r.Via...)
	line = append(line, l.ds.Junctions[l.junctionIdx[r.To]].Point)
	return float64(geo.Length(line))
}

// trimTollSource drops the toll note roads.geojson gave a road whose toll
// tolls.json replaces.
func trimTollSource(s string) string {
	if i := strings.Index(s, "; toll: "); i >= 0 {
		return s[:i]
	}
	return s
}
