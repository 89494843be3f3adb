package plan

import "time"

// Validate checks a scenario as Plan would, without solving it: a
// *FieldError names what is wrong. It lets a queue refuse a bad scenario
// when it is submitted rather than when it runs.
func (m *Model) Validate(sc *Scenario, now time.Time) error {
	_, err := m.in.resolve(sc, now)
	return err
}
