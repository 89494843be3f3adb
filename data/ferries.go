package data

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// wib is Western Indonesia Time, the clock of timetables and calendars.
var wib = time.FixedZone("WIB", 7*3600)

type shipJSON struct {
	Name     string         `json:"name"`
	Share    *float64       `json:"share"`
	Deck     map[string]int `json:"deck"`
	Source   string         `json:"source"`
	Estimate bool           `json:"estimate"`
}

type seasonJSON struct {
	Name     string `json:"name"`
	From     string `json:"from"`
	To       string `json:"to"`
	Source   string `json:"source"`
	Estimate bool   `json:"estimate"`
}

// fleetDeck validates a service's fleet and availability and derives its
// deck per scheduled sailing: Σ share × ship deck × availability, rounded
// down, by golongan. Every golongan with deck space must have a tariff.
func (l *dsLoader) fleetDeck(w errLoc, s ferryJSON) ([]Ship, Figure, map[string]int, error) {
	if len(s.Fleet) == 0 {
		return nil, Figure{}, nil, w.fail("fleet", ErrMissingField, "at least one ship type is required")
	}
	avail, err := l.figure(w, "availability", s.Availability)
	if err != nil {
		return nil, Figure{}, nil, err
	}
	if !(avail.Value > 0 && avail.Value <= 1) {
		return nil, Figure{}, nil, w.fail("availability", ErrRange, "must be in (0, 1], got %g", avail.Value)
	}
	var fleet []Ship
	var shares float64
	mean := map[string]float64{}
	for i, sh := range s.Fleet {
		field := "fleet[" + strconv.Itoa(i) + "]"
		if err := checkRequired(w, field+".name", sh.Name); err != nil {
			return nil, Figure{}, nil, err
		}
		if err := checkRequired(w, field+".source", sh.Source); err != nil {
			return nil, Figure{}, nil, err
		}
		if err := checkPositive(w, field+".share", sh.Share); err != nil {
			return nil, Figure{}, nil, err
		}
		if len(sh.Deck) == 0 {
			return nil, Figure{}, nil, w.fail(field+".deck", ErrMissingField, "required")
		}
		deck := map[string]int{}
		for _, class := range sortedKeysOf(sh.Deck) {
			n := sh.Deck[class]
			if !slices.Contains(FerryClasses, class) {
				return nil, Figure{}, nil, w.fail(field+".deck", ErrRange, "unknown golongan %q (want one of %v)", class, FerryClasses)
			}
			if n < 0 {
				return nil, Figure{}, nil, w.fail(field+".deck."+class, ErrRange, "capacity must not be negative, got %d", n)
			}
			deck[class] = n
			mean[class] += *sh.Share * float64(n)
		}
		shares += *sh.Share
		fleet = append(fleet, Ship{Name: sh.Name, Share: *sh.Share, Deck: deck, Source: sh.Source, Estimate: sh.Estimate})
	}
	if math.Abs(shares-1) > 1e-9 {
		return nil, Figure{}, nil, w.fail("fleet", ErrRange, "ship shares must sum to 1, got %.12g", shares)
	}
	deck := map[string]int{}
	for _, class := range sortedKeysOf(mean) {
		n := int(math.Floor(mean[class]*avail.Value + 1e-9))
		if n <= 0 {
			continue
		}
		if t, ok := s.Tariff[class]; !ok || !(t > 0) {
			return nil, Figure{}, nil, w.fail("tariff."+class, ErrMissingField, "golongan %s has deck space but no positive tariff", class)
		}
		deck[class] = n
	}
	if len(deck) == 0 {
		return nil, Figure{}, nil, w.fail("fleet", ErrRange, "the fleet carries no goods vehicle")
	}
	return fleet, avail, deck, nil
}

// parseSeasons validates a service's seasons: dates YYYY-MM-DD, each
// ending on or after it starts, sorted and disjoint.
func parseSeasons(w errLoc, list []seasonJSON) ([]Season, error) {
	var out []Season
	for i, sj := range list {
		field := "seasons[" + strconv.Itoa(i) + "]"
		for _, fl := range [][2]string{{"name", sj.Name}, {"source", sj.Source}} {
			if err := checkRequired(w, field+"."+fl[0], fl[1]); err != nil {
				return nil, err
			}
		}
		from, err := time.ParseInLocation(time.DateOnly, sj.From, wib)
		if err != nil {
			return nil, w.fail(field+".from", ErrRange, "want a date YYYY-MM-DD, got %q", sj.From)
		}
		last, err := time.ParseInLocation(time.DateOnly, sj.To, wib)
		if err != nil {
			return nil, w.fail(field+".to", ErrRange, "want a date YYYY-MM-DD, got %q", sj.To)
		}
		if last.Before(from) {
			return nil, w.fail(field+".to", ErrRange, "season ends (%s) before it starts (%s)", sj.To, sj.From)
		}
		if i > 0 && !from.After(out[i-1].To.AddDate(0, 0, -1)) {
			return nil, w.fail(field+".from", ErrRange, "seasons must be sorted and disjoint")
		}
		out = append(out, Season{Name: sj.Name, From: from, To: last.AddDate(0, 0, 1), Source: sj.Source, Estimate: sj.Estimate})
	}
	return out, nil
}

// checkDate requires a YYYY-MM-DD date.
func checkDate(w errLoc, field, v string) error {
	if strings.TrimSpace(v) == "" {
		return w.fail(field, ErrMissingField, "required")
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return w.fail(field, ErrRange, "want a date YYYY-MM-DD, got %q", v)
	}
	return nil
}
