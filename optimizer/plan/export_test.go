package plan

import (
	"context"
	"time"

	"github.com/lumbung-id/lumbung/optimizer/alloc"
	"github.com/lumbung-id/lumbung/optimizer/vrp"
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

// CollectionProblems exposes a plan's first-mile VRPs and their solutions,
// so that the external tests check them with vrp.Check.
func (m *Model) CollectionProblems(sc *Scenario, now time.Time) ([]*vrp.Problem, []*vrp.Solution, error) {
	r, err := m.in.resolve(sc, now)
	if err != nil {
		return nil, nil, err
	}
	t, err := m.begin(r)
	if err != nil {
		return nil, nil, err
	}
	days, err := m.solveDays(context.Background(), r, t, newReporter(context.Background(), r.days))
	if err != nil {
		return nil, nil, err
	}
	var lanes []lane
	for _, d := range days {
		lanes = append(lanes, d.lanes...)
	}
	loads, _ := m.loads(t, r, lanes)
	loads, _ = dropUnboarded(loads, m.assignSlots(t, r, loads))
	parts, err := m.solveCollection(context.Background(), r, m.collectGroups(loads))
	if err != nil {
		return nil, nil, err
	}
	var ps []*vrp.Problem
	var ss []*vrp.Solution
	for _, g := range parts {
		for _, pt := range g {
			ps, ss = append(ps, pt.cp.p), append(ss, pt.sol)
		}
	}
	return ps, ss, nil
}

// FleetWeights returns, for every reachable lane on the first day, the
// calendar days the allocation's fleet bundle charges a truck (its arcs'
// parts added up) and the round trip the loads step books, in days.
func (m *Model) FleetWeights(sc *Scenario, now time.Time) (charged, roundTrip []float64, err error) {
	r, err := m.in.resolve(sc, now)
	if err != nil {
		return nil, nil, err
	}
	t, err := m.begin(r)
	if err != nil {
		return nil, nil, err
	}
	for v := range m.in.Vehicles {
		for x := range m.in.Crossings {
			wait, _ := m.crossingTimes(x, r, 0)
			for b := range m.in.Buyers {
				z := m.second(t, r, v, x, b)
				for c := range m.clusters {
					a := m.first(t, r, v, m.xs[x], c)
					if !a.ok || !z.ok {
						continue
					}
					charged = append(charged, m.fleetDays(a)+m.fleetDaysSecond(x, v, r, wait, z))
					roundTrip = append(roundTrip, m.roundTrip(t, r, c, x, v, b, wait)/86400)
				}
			}
		}
	}
	return charged, roundTrip, nil
}
