package data

import (
	"maps"
	"slices"
	"strconv"
	"time"
)

type plannerJSON struct {
	ClusterRes           *int     `json:"cluster_res"`
	DeckShare            *float64 `json:"deck_share"`
	ConsolidationRes     *int     `json:"consolidation_res"`
	CollectIDRPerTonneKm *float64 `json:"collect_idr_per_tonne_km"`
	HandlingHours        *float64 `json:"handling_hours"`
	LoadingStartHour     *float64 `json:"loading_start_hour"`
	LoadingEndHour       *float64 `json:"loading_end_hour"`
	DieselIDRPerLitre    *float64 `json:"diesel_idr_per_litre"`
	RegularCrossing      string   `json:"regular_crossing"`
	BackhaulShare        *float64 `json:"backhaul_share"`
	Baseline             struct {
		Vehicles            []string          `json:"vehicles"`
		VehiclesByCommodity map[string]string `json:"vehicles_by_commodity"`
		QueueHours          *float64          `json:"queue_hours"`
		CollectorRes        *int              `json:"collector_res"`
		MaxHoldDays         *int              `json:"max_hold_days"`
	} `json:"baseline"`
	Source string `json:"source"`
}

// loadPlanner checks the "planner" section of dataset.json: every
// parameter present and in range, the regular crossing a ferry service,
// the baseline vehicles vehicle classes.
func (l *dsLoader) loadPlanner() error {
	w := errLoc{file: fileDataset, geoFeature: "planner"}
	p := l.planner
	if p == nil {
		return w.fail("planner", ErrMissingField, "the planner's default assumptions are required")
	}
	ints := []struct {
		field  string
		v      *int
		lo, hi int
	}{{"cluster_res", p.ClusterRes, 0, 9}, {"consolidation_res", p.ConsolidationRes, 0, 9},
		{"baseline.collector_res", p.Baseline.CollectorRes, 0, 9}, {"baseline.max_hold_days", p.Baseline.MaxHoldDays, 0, 7}}
	for _, f := range ints {
		if f.v == nil {
			return w.fail(f.field, ErrMissingField, "required")
		}
		if *f.v < f.lo || *f.v > f.hi {
			return w.fail(f.field, ErrRange, "must be in [%d, %d], got %d", f.lo, f.hi, *f.v)
		}
	}
	if *p.ConsolidationRes > *p.ClusterRes {
		return w.fail("consolidation_res", ErrRange, "hubs (res %d) must be coarser than clusters (res %d)", *p.ConsolidationRes, *p.ClusterRes)
	}
	if *p.Baseline.CollectorRes > *p.ClusterRes {
		return w.fail("baseline.collector_res", ErrRange, "collectors' catchments (res %d) must be no finer than clusters (res %d)", *p.Baseline.CollectorRes, *p.ClusterRes)
	}
	floats := []struct {
		field  string
		v      *float64
		lo, hi float64
	}{
		{"deck_share", p.DeckShare, 0, 1}, {"collect_idr_per_tonne_km", p.CollectIDRPerTonneKm, 0, 1e6},
		{"handling_hours", p.HandlingHours, 0, 48}, {"loading_start_hour", p.LoadingStartHour, 0, 24},
		{"loading_end_hour", p.LoadingEndHour, 0, 24}, {"diesel_idr_per_litre", p.DieselIDRPerLitre, 0, 1e6},
		{"baseline.queue_hours", p.Baseline.QueueHours, 0, 72}, {"backhaul_share", p.BackhaulShare, 0, 1},
	}
	for _, f := range floats {
		if f.v == nil {
			return w.fail(f.field, ErrMissingField, "required")
		}
		if !(*f.v >= f.lo && *f.v <= f.hi) {
			return w.fail(f.field, ErrRange, "must be in [%g, %g], got %g", f.lo, f.hi, *f.v)
		}
	}
	if *p.LoadingEndHour <= *p.LoadingStartHour {
		return w.fail("loading_end_hour", ErrRange, "loading window ends (%g h) before it starts (%g h)", *p.LoadingEndHour, *p.LoadingStartHour)
	}
	if err := checkRequired(w, "source", p.Source); err != nil {
		return err
	}
	fi := slices.IndexFunc(l.ds.Ferries, func(f FerryService) bool { return f.ID == p.RegularCrossing })
	if fi < 0 {
		return w.fail("regular_crossing", ErrUnknownRef, "unknown ferry service %q", p.RegularCrossing)
	}
	if len(l.ds.Ferries[fi].Seasons) > 0 {
		return w.fail("regular_crossing", ErrInconsistent, "today's practice cannot rest on the season-only service %q", p.RegularCrossing)
	}
	if len(p.Baseline.Vehicles) == 0 {
		return w.fail("baseline.vehicles", ErrMissingField, "at least one vehicle class is required")
	}
	for i, id := range p.Baseline.Vehicles {
		if !slices.ContainsFunc(l.ds.Vehicles, func(v Vehicle) bool { return v.ID == id }) {
			return w.fail("baseline.vehicles["+strconv.Itoa(i)+"]", ErrUnknownRef, "unknown vehicle %q", id)
		}
	}
	for _, c := range slices.Sorted(maps.Keys(p.Baseline.VehiclesByCommodity)) {
		field := "baseline.vehicles_by_commodity." + c
		ci, ok := l.commodityIdx[c]
		if !ok {
			return w.fail(field, ErrUnknownRef, "unknown commodity %q", c)
		}
		id := p.Baseline.VehiclesByCommodity[c]
		vi := slices.IndexFunc(l.ds.Vehicles, func(v Vehicle) bool { return v.ID == id })
		if vi < 0 {
			return w.fail(field, ErrUnknownRef, "unknown vehicle %q", id)
		}
		if l.ds.Vehicles[vi].Reefer != l.ds.Commodities[ci].NeedsReefer {
			return w.fail(field, ErrInconsistent, "vehicle %q cannot carry %s (refrigeration)", id, c)
		}
	}
	l.ds.Planner = Planner{
		ClusterRes: *p.ClusterRes, DeckShare: *p.DeckShare, ConsolidationRes: *p.ConsolidationRes,
		CollectIDRPerTonneKm: *p.CollectIDRPerTonneKm, HandlingHours: *p.HandlingHours,
		LoadingStartHour: *p.LoadingStartHour, LoadingEndHour: *p.LoadingEndHour,
		DieselIDRPerLitre: *p.DieselIDRPerLitre, RegularCrossing: p.RegularCrossing,
		BaselineVehicles: slices.Clone(p.Baseline.Vehicles), BaselineQueueHours: *p.Baseline.QueueHours,
		BaselineVehiclesByCommodity: maps.Clone(p.Baseline.VehiclesByCommodity),
		BaselineCollectorRes:        *p.Baseline.CollectorRes, BaselineMaxHoldDays: *p.Baseline.MaxHoldDays,
		BackhaulShare: *p.BackhaulShare, Source: p.Source,
	}
	return nil
}

type restrictionJSON struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	From         string   `json:"from"`
	To           string   `json:"to"`
	MinTollClass int      `json:"min_toll_class"`
	RoadClasses  []string `json:"road_classes"`
	Crossings    []struct {
		Service string   `json:"service"`
		Classes []string `json:"golongan"`
	} `json:"crossings"`
	ExemptCommodities []string `json:"exempt_commodities"`
	Source            string   `json:"source"`
}

// loadRestrictions checks the "restrictions" section of dataset.json.
func (l *dsLoader) loadRestrictions() error {
	seen := map[string]bool{}
	for i, r := range l.restrictions {
		w := errLoc{file: fileDataset, geoFeature: r.ID}
		if r.ID == "" {
			w.geoFeature = "restrictions#" + strconv.Itoa(i)
		}
		for _, fl := range [][2]string{{"id", r.ID}, {"name", r.Name}, {"source", r.Source}} {
			if err := checkRequired(w, fl[0], fl[1]); err != nil {
				return err
			}
		}
		if seen[r.ID] {
			return w.fail("id", ErrDuplicateID, "duplicate restriction %q", r.ID)
		}
		seen[r.ID] = true
		from, err := time.Parse(time.RFC3339, r.From)
		if err != nil {
			return w.fail("from", ErrRange, "want an RFC 3339 time, got %q", r.From)
		}
		to, err := time.Parse(time.RFC3339, r.To)
		if err != nil {
			return w.fail("to", ErrRange, "want an RFC 3339 time, got %q", r.To)
		}
		if !to.After(from) {
			return w.fail("to", ErrRange, "restriction ends before it starts")
		}
		if r.MinTollClass < 1 || r.MinTollClass > 5 {
			return w.fail("min_toll_class", ErrRange, "toll class must be 1..5, got %d", r.MinTollClass)
		}
		for _, c := range r.RoadClasses {
			if !slices.Contains(roadClassList, c) {
				return w.fail("road_classes", ErrRange, "unknown road class %q (want one of %v)", c, roadClassList)
			}
		}
		var rules []CrossingRule
		for k, c := range r.Crossings {
			field := "crossings[" + strconv.Itoa(k) + "]"
			if !slices.ContainsFunc(l.ds.Ferries, func(f FerryService) bool { return f.ID == c.Service }) {
				return w.fail(field+".service", ErrUnknownRef, "unknown ferry service %q", c.Service)
			}
			for _, g := range c.Classes {
				if !slices.Contains(FerryClasses, g) {
					return w.fail(field+".golongan", ErrRange, "unknown golongan %q (want one of %v)", g, FerryClasses)
				}
			}
			rules = append(rules, CrossingRule{Service: c.Service, Classes: slices.Clone(c.Classes)})
		}
		if len(r.RoadClasses) == 0 && len(rules) == 0 {
			return w.fail("road_classes", ErrMissingField, "a restriction needs road classes or crossings")
		}
		for _, c := range r.ExemptCommodities {
			if _, ok := l.commodityIdx[c]; !ok {
				return w.fail("exempt_commodities", ErrUnknownRef, "unknown commodity %q", c)
			}
		}
		l.ds.Restrictions = append(l.ds.Restrictions, Restriction{
			ID: r.ID, Name: r.Name, From: from, To: to, MinTollClass: r.MinTollClass,
			RoadClasses: slices.Clone(r.RoadClasses), Crossings: rules,
			ExemptCommodities: slices.Clone(r.ExemptCommodities), Source: r.Source,
		})
	}
	return nil
}

// Active reports whether the restriction is in force at t.
func (r *Restriction) Active(t time.Time) bool { return !t.Before(r.From) && t.Before(r.To) }
