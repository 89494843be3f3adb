package plan_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lumbung-id/lumbung/optimizer/plan"
)

func TestProgress(t *testing.T) {
	m := mustModel(t)
	type call struct {
		stage    string
		fraction float64
	}
	var calls []call
	ctx := plan.WithProgress(context.Background(), func(stage string, f float64) { calls = append(calls, call{stage, f}) })
	sc := plan.Scenario{Start: "2026-03-16", HorizonDays: 3}
	if _, err := m.Plan(ctx, &sc, now); err != nil {
		t.Fatal(err)
	}
	days := 0
	for i, c := range calls {
		if i > 0 && c.fraction < calls[i-1].fraction {
			t.Errorf("progress went back: %v after %v", c, calls[i-1])
		}
		if c.stage == "allocation" && c.fraction > 0 {
			days++
		}
	}
	if days != 3 {
		t.Errorf("allocation reports: got %d, want one per day (3)", days)
	}
	if last := calls[len(calls)-1]; last != (call{"done", 1}) {
		t.Errorf("last report: got %v, want done 1", last)
	}
}

// TestCancel cancels a plan once its first day is solved: it stops with
// the context's error and returns no plan.
func TestCancel(t *testing.T) {
	m := mustModel(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ctx = plan.WithProgress(ctx, func(stage string, f float64) {
		if stage == "allocation" && f > 0 {
			cancel()
		}
	})
	sc := plan.Scenario{Start: "2026-03-16", HorizonDays: 14}
	p, err := m.Plan(ctx, &sc, now)
	if !errors.Is(err, context.Canceled) || p != nil {
		t.Errorf("cancelled plan: got %v, %v, want nil, context.Canceled", p != nil, err)
	}
}
