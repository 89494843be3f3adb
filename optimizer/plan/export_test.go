package plan

import (
	"context"
	"time"

	"github.com/lumbung-id/lumbung/optimizer/alloc"
)

// DayProblem exposes one day's allocation problem and the planner's own
// optimum of it to the external tests (the GLPK oracle).
func (m *Model) DayProblem(sc *Scenario, day int, now time.Time) (*alloc.Problem, float64, error) {
	r, err := m.in.resolve(sc, now)
	if err != nil {
		return nil, 0, err
	}
	t, err := m.begin(r)
	if err != nil {
		return nil, 0, err
	}
	db := m.buildDay(r, t, day)
	sol, err := alloc.Solve(context.Background(), db.prob, alloc.Options{})
	if err != nil {
		return nil, 0, err
	}
	return db.prob, sol.Objective, nil
}
