package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// Comparison is several plans' headline figures side by side: the cost,
// tonnes and queue KPIs, the first mile (routed collection tours and
// their cost) and the fleet (vehicles of each class on the busiest day,
// vehicle-km, empty km and vehicle-hours), each scenario after the first
// with its change against the first.
type Comparison struct {
	Scenarios []string     `json:"scenarios"`
	PlanIDs   []string     `json:"plan_ids"`
	Rows      []CompareRow `json:"rows"`
}

// CompareRow is one figure for every scenario. Deltas[i] is Values[i]
// less Values[0] (so Deltas[0] is 0).
type CompareRow struct {
	Figure string    `json:"figure"`
	Unit   string    `json:"unit"`
	Values []float64 `json:"values"`
	Deltas []float64 `json:"deltas"`
}

// Compare lines up plans' figures, the first plan the reference.
func Compare(plans []*plan.Plan) *Comparison {
	c := &Comparison{}
	for _, p := range plans {
		c.Scenarios = append(c.Scenarios, p.Scenario)
		c.PlanIDs = append(c.PlanIDs, p.ID)
	}
	add := func(figure, unit string, f func(*plan.Plan) float64) {
		row := CompareRow{Figure: figure, Unit: unit}
		for _, p := range plans {
			row.Values = append(row.Values, f(p))
			row.Deltas = append(row.Deltas, f(p)-f(plans[0]))
		}
		c.Rows = append(c.Rows, row)
	}
	s := func(f func(*plan.Summary) float64) func(*plan.Plan) float64 {
		return func(p *plan.Plan) float64 { return f(&p.Summary) }
	}
	add("logistics cost", "Rp", s(func(s *plan.Summary) float64 { return s.LogisticsCostIDR }))
	add("cost per t", "Rp", s(func(s *plan.Summary) float64 { return s.CostPerTonneIDR }))
	add("delivered", "t", s(func(s *plan.Summary) float64 { return s.TonnesDelivered }))
	add("unmet", "t", s(func(s *plan.Summary) float64 { return s.UnmetTonnes }))
	add("cost + unmet penalty", "Rp", s(func(s *plan.Summary) float64 { return s.ObjectiveIDR }))
	add("savings", "%", s(func(s *plan.Summary) float64 { return s.SavingsPct }))
	add("truck trips", "trips", s(func(s *plan.Summary) float64 { return float64(s.Trucks) }))
	add("ferry wait", "min", s(func(s *plan.Summary) float64 { return s.AvgFerryWaitMin }))
	add("first mile", "Rp", s(func(s *plan.Summary) float64 { return s.FirstMileCostIDR }))
	add("collection tours", "tours", func(p *plan.Plan) float64 { return float64(len(p.Tours)) })
	var classes []string
	for _, p := range plans {
		for _, cl := range p.Summary.Fleet.Classes() {
			if !slices.Contains(classes, cl) {
				classes = append(classes, cl)
			}
		}
	}
	slices.Sort(classes)
	for _, cl := range classes {
		add("peak "+cl, "vehicles", s(func(s *plan.Summary) float64 { return float64(s.Fleet.PeakVehicles[cl]) }))
	}
	use := func(f func(plan.FleetUse) float64) func(*plan.Summary) float64 {
		return func(s *plan.Summary) float64 { return f(s.Fleet.LongHaul) + f(s.Fleet.FirstMile) }
	}
	add("vehicle-km", "km", s(use(func(u plan.FleetUse) float64 { return u.VehicleKm })))
	add("empty km", "km", s(use(func(u plan.FleetUse) float64 { return u.EmptyKm })))
	add("vehicle-hours", "h", s(use(func(u plan.FleetUse) float64 { return u.VehicleHours })))
	return c
}

// WriteText writes the comparison as one table: a column per scenario and,
// after the first, a column with its change against the first.
func (c *Comparison) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"", "unit"}
	for i, sc := range c.Scenarios {
		head = append(head, sc)
		if i > 0 {
			head = append(head, "change")
		}
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, r := range c.Rows {
		line := []string{r.Figure, r.Unit}
		for i, v := range r.Values {
			line = append(line, figure(v, r.Unit))
			if i > 0 {
				d := strings.TrimPrefix(figure(r.Deltas[i], r.Unit), "-")
				switch {
				case strings.Trim(d, "0.") == "": // rounds to nothing
				case r.Deltas[i] > 0:
					d = "+" + d
				default:
					d = "-" + d
				}
				line = append(line, d)
			}
		}
		fmt.Fprintln(tw, strings.Join(line, "\t")+"\t")
	}
	tw.Flush()
	if len(c.Scenarios) > 1 {
		fmt.Fprintf(ew, "change: each scenario's figure less %s's\n", c.Scenarios[0])
	}
	return ew.err
}

// figure prints a value in its unit's precision: percentages and minutes
// to a tenth, the rest whole.
func figure(v float64, unit string) string {
	if unit == "%" || unit == "min" {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return num(v)
}

// WriteCSV writes one row per figure and scenario: figure, unit,
// scenario, value, change against the first.
func (c *Comparison) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
	rows := [][]string{{"figure", "unit", "scenario", "plan_id", "value", "change"}}
	for _, r := range c.Rows {
		for i, v := range r.Values {
			rows = append(rows, []string{r.Figure, r.Unit, c.Scenarios[i], c.PlanIDs[i], f(v), f(r.Deltas[i])})
		}
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// WriteJSON writes the comparison as one indented JSON object.
func (c *Comparison) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}
