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
	m.fillWaits(r)
	t, err := m.tablesFor(r.avoid)
	if err != nil {
		return nil, 0, err
	}
	annual := make([]float64, len(m.in.Commodities))
	for _, c := range m.clusters {
		for k, x := range c.Tonnes {
			annual[k] += x
		}
	}
	db := m.buildDay(r, t, day, annual)
	sol, err := alloc.Solve(context.Background(), db.prob, alloc.Options{})
	if err != nil {
		return nil, 0, err
	}
	return db.prob, sol.Objective, nil
}
