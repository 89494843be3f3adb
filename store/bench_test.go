package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/store"
	"github.com/lumbung-id/lumbung/store/storetest"
)

// weekRecord is the size of the default dataset's 7-day plan: 791
// shipments over 112 lanes of about 200 route points each.
func weekRecord(id string) *store.Record {
	r := record(id, time.Now())
	one := r.Plan.Shipments[0]
	r.Plan.Shipments = r.Plan.Shipments[:0]
	for i := 0; i < 791; i++ {
		s := one
		s.Day = i % 7
		r.Plan.Shipments = append(r.Plan.Shipments, s)
	}
	lane := r.Layers.Lanes[0]
	r.Layers.Lanes = nil
	for i := 0; i < 112; i++ {
		l := lane
		l.Route = make(orb.LineString, 200)
		for j := range l.Route {
			l.Route[j] = orb.Point{105.26 + float64(j)*0.008, -5.43 - float64(j)*0.004}
		}
		r.Layers.Lanes = append(r.Layers.Lanes, l)
	}
	return r
}

func backends(b *testing.B, f func(b *testing.B, st store.Store)) {
	for _, bk := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(bk.name, func(b *testing.B) {
			st, err := store.Open(context.Background(), bk.dsn(b))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			f(b, st)
		})
	}
}

// BenchmarkSavePlan stores a week's plan (one transaction: the plan, its
// shipments and its layers).
func BenchmarkSavePlan(b *testing.B) {
	backends(b, func(b *testing.B, st store.Store) {
		ctx := context.Background()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if err := st.SavePlan(ctx, weekRecord(fmt.Sprintf("plan-%d", i))); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkReadPlan reads a week's plan back with its layers.
func BenchmarkReadPlan(b *testing.B) {
	backends(b, func(b *testing.B, st store.Store) {
		ctx := context.Background()
		if err := st.SavePlan(ctx, weekRecord("plan-r")); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := st.Plan(ctx, "plan-r"); err != nil {
				b.Fatal(err)
			}
			if _, err := st.Layers(ctx, "plan-r"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
