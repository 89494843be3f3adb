package benchmarks

import (
	"testing"
	"time"

	"github.com/lumbung-id/lumbung/optimizer/route"
)

// BenchmarkRouteEmbeddedDepart is BenchmarkRouteEmbedded with a departure
// time, so that ferry waits follow the timetable and Jakarta's truck
// restrictions (a wait or a detour) apply; the departures step through a
// week so that some queries hit a restriction window.
func BenchmarkRouteEmbeddedDepart(b *testing.B) {
	c := mustLoad(b)
	from, err := c.Router.Snap(bandarLampung)
	if err != nil {
		b.Fatal(err)
	}
	to, err := c.Router.Snap(kramatJati)
	if err != nil {
		b.Fatal(err)
	}
	start := float64(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC).Unix())
	for _, m := range []route.Metric{route.Cost, route.Time} {
		b.Run(m.String(), func(b *testing.B) {
			s := route.NewSearcher(c.Network.Graph)
			opt := &route.Options{Metric: m, Profile: tronton(b, c), Depart: start, HasDepart: true}
			for k := range 336 { // warm-up: the path buffers grow to the longest detour once
				opt.Depart = start + float64(k)*1800
				if _, err := s.Route(from.Node, to.Node, opt); err != nil {
					b.Fatal(err)
				}
			}
			k := 0
			b.ReportAllocs()
			for b.Loop() {
				opt.Depart = start + float64(k%336)*1800
				k++
				if _, err := s.Route(from.Node, to.Node, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
