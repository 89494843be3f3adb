package network_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/optimizer/network"
)

var wib = time.FixedZone("WIB", 7*3600)

func unix(y int, m time.Month, d, h, min int) float64 {
	return float64(time.Date(y, m, d, h, min, 0, 0, wib).Unix())
}

// lebaran2024 runs like Panjang–Ciwandan did: 12:00, 14:00 and 16:00 WIB
// from 12 to 18 April 2024 only.
func lebaran2024() network.Service {
	return network.Service{ID: "pjg-cwd", CrossingSeconds: 450 * 60, UTCOffsetSeconds: 7 * 3600,
		Departures: []float64{12 * 3600, 14 * 3600, 16 * 3600},
		Seasons:    []network.Window{{From: unix(2024, 4, 12, 0, 0), To: unix(2024, 4, 19, 0, 0)}}}
}

func TestNextDepartureHonoursSeasons(t *testing.T) {
	s := lebaran2024()
	for _, tc := range []struct {
		name string
		at   float64
		wait float64 // seconds; NaN: no departure
	}{
		{"in season, before the first sailing", unix(2024, 4, 12, 10, 0), 2 * 3600},
		{"in season, between sailings", unix(2024, 4, 15, 14, 30), 1.5 * 3600},
		{"last day after the last sailing", unix(2024, 4, 18, 17, 0), math.NaN()},
		{"the day before the season opens", unix(2024, 4, 11, 13, 0), 23 * 3600},
		{"two days before the season", unix(2024, 4, 10, 9, 0), math.NaN()},
		{"a year later", unix(2025, 4, 12, 10, 0), math.NaN()},
	} {
		w, ok := s.NextDeparture(tc.at)
		if math.IsNaN(tc.wait) {
			if ok {
				t.Errorf("%s: got a departure after %v s, want none", tc.name, w)
			}
			continue
		}
		if !ok || w != tc.wait {
			t.Errorf("%s: got %v s (ok %v), want %v s", tc.name, w, ok, tc.wait)
		}
	}
}

// A later arrival never departs earlier (the router's exactness rests on
// it), and a year-round service is unchanged by the calendar code.
func TestNextDepartureFIFO(t *testing.T) {
	s := lebaran2024()
	year := network.Service{ID: "r", CrossingSeconds: 7200, HeadwaySeconds: 720, UTCOffsetSeconds: 7 * 3600}
	rng := rand.New(rand.NewPCG(1, 2))
	lo := unix(2024, 4, 9, 0, 0)
	for range 2000 {
		t1 := lo + rng.Float64()*12*86400
		t2 := t1 + rng.Float64()*86400
		w1, ok1 := s.NextDeparture(t1)
		w2, ok2 := s.NextDeparture(t2)
		if ok1 && ok2 && t1+w1 > t2+w2 {
			t.Fatalf("arrival %v departs at %v, after the later arrival %v departing at %v", t1, t1+w1, t2, t2+w2)
		}
		if ok1 && !s.InSeason(t1+w1) {
			t.Fatalf("departure at %v is out of season", t1+w1)
		}
		if w, ok := year.NextDeparture(t1); !ok || w != year.Wait(t1) {
			t.Fatalf("year-round service: got %v (%v), want %v", w, ok, year.Wait(t1))
		}
	}
}

func TestOffSeasonIsTheComplement(t *testing.T) {
	s := lebaran2024()
	s.Seasons = append(s.Seasons, network.Window{From: unix(2025, 3, 28, 0, 0), To: unix(2025, 4, 2, 0, 0)})
	off := s.OffSeason()
	if len(off) != 3 || !math.IsInf(off[0].From, -1) || !math.IsInf(off[2].To, 1) ||
		off[0].To != s.Seasons[0].From || off[1].From != s.Seasons[0].To || off[1].To != s.Seasons[1].From {
		t.Fatalf("got %+v, want the three gaps around %+v", off, s.Seasons)
	}
	for _, at := range []float64{unix(2024, 1, 1, 0, 0), unix(2024, 4, 12, 0, 0), unix(2024, 4, 18, 23, 59), unix(2024, 4, 19, 0, 0), unix(2025, 3, 30, 12, 0)} {
		inOff := false
		for _, w := range off {
			inOff = inOff || w.Contains(at)
		}
		if inOff == s.InSeason(at) {
			t.Errorf("%v: in season %v and off season %v", at, s.InSeason(at), inOff)
		}
	}
	if !s.RunsOn(unix(2024, 4, 18, 23, 0)) || s.RunsOn(unix(2024, 4, 19, 1, 0)) || s.RunsOn(unix(2024, 4, 11, 23, 59)) {
		t.Error("RunsOn does not follow the season's days")
	}
	if year := (network.Service{}); year.OffSeason() != nil || !year.RunsOn(0) || !year.InSeason(0) {
		t.Error("a year-round service has no off season")
	}
}

func TestBuilderRejectsOverlappingSeasons(t *testing.T) {
	b := network.NewBuilder()
	u, v := b.AddNode(orb.Point{105.75, -5.87}), b.AddNode(orb.Point{106.0, -5.93})
	s := lebaran2024()
	s.Seasons = append(s.Seasons, network.Window{From: unix(2024, 4, 18, 0, 0), To: unix(2024, 4, 20, 0, 0)})
	si := b.AddService(s)
	b.AddEdge(network.EdgeSpec{From: u, To: v, Length: 30000, Class: network.Ferry, Road: network.None, Ferry: si})
	if _, err := b.Build(); err == nil {
		t.Fatal("Build accepted overlapping seasons")
	}
}

// A Lebaran-only service has departures only in its season: a truck at the
// port on the season's last evening finds none, and neither does one a
// year later.
func ExampleService_NextDeparture() {
	s := lebaran2024()
	for _, at := range []time.Time{
		time.Date(2024, 4, 15, 13, 0, 0, 0, wib),
		time.Date(2024, 4, 18, 17, 0, 0, 0, wib),
		time.Date(2025, 4, 15, 13, 0, 0, 0, wib),
	} {
		w, ok := s.NextDeparture(float64(at.Unix()))
		if !ok {
			fmt.Printf("%s: no departure\n", at.Format("2006-01-02 15:04"))
			continue
		}
		fmt.Printf("%s: departs in %.0f min\n", at.Format("2006-01-02 15:04"), w/60)
	}
	// Output:
	// 2024-04-15 13:00: departs in 60 min
	// 2024-04-18 17:00: no departure
	// 2025-04-15 13:00: no departure
}

// BenchmarkNextDeparture prices one seasonal wait, as the router does for
// each ferry edge it relaxes with a departure time.
func BenchmarkNextDeparture(b *testing.B) {
	b.ReportAllocs()
	s := lebaran2024()
	t0 := unix(2024, 4, 10, 0, 0)
	var sink float64
	i := 0
	for b.Loop() {
		w, _ := s.NextDeparture(t0 + float64(i%1000)*900)
		sink += w
		i++
	}
	_ = sink
}
