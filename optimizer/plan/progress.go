package plan

import (
	"context"
	"sync/atomic"
)

// Progress receives a solve's progress: the stage it is in (allocation,
// loads, slotting, baseline, done) and the fraction of the whole solve
// done, from 0 to 1, never decreasing. It is called from the solver's
// goroutines, one call at a time, and must return quickly.
type Progress func(stage string, fraction float64)

type progressKey struct{}

// WithProgress returns a context that makes Model.Plan report its progress
// to f.
func WithProgress(ctx context.Context, f Progress) context.Context {
	return context.WithValue(ctx, progressKey{}, f)
}

// reporter forwards a solve's progress to the context's Progress, if any.
type reporter struct {
	f    Progress
	days int
	done atomic.Int32
	mu   chan struct{} // serializes calls to f and guards last
	last float64
}

// allocationShare is the part of a solve the daily allocations take
// (measured on the default dataset: the rest is loads, slotting and the
// baseline).
const allocationShare = 0.8

func newReporter(ctx context.Context, days int) *reporter {
	f, _ := ctx.Value(progressKey{}).(Progress)
	return &reporter{f: f, days: days, mu: make(chan struct{}, 1)}
}

func (r *reporter) report(stage string, fraction float64) {
	if r.f == nil {
		return
	}
	r.mu <- struct{}{}
	// days finish out of order on two goroutines, and float rounding:
	// never report less than before
	fraction = max(fraction, r.last)
	r.last = fraction
	r.f(stage, fraction)
	<-r.mu
}

// dayDone reports one more day's allocation solved.
func (r *reporter) dayDone() {
	n := r.done.Add(1)
	r.report("allocation", allocationShare*float64(n)/float64(max(1, r.days)))
}
