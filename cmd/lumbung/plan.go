package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/optimizer/plan/report"
)

func planCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("plan", stderr)
	scenario := fs.String("scenario", "", "scenario JSON file, as the body of POST /v1/plans (default: the dataset as it is)")
	start := fs.String("start", "", "first day, YYYY-MM-DD (default: the scenario's, else today in WIB: figures then change from day to day)")
	days := fs.Int("days", 0, "number of days to plan, 1–31 (default: the scenario's, else 7)")
	format := fs.String("format", "text", "output: text (tables for a person), json or csv (the same tables)")
	out := fs.String("out", "", "also write the plan's lanes as GeoJSON to this file")
	compareFile := fs.String("compare", "", `plan 2–4 scenarios and print their KPIs side by side, with each one's change against the first: a JSON file as the body of POST /v1/plans/compare ({"scenarios":[…]}); -start and -days apply to each`)
	if err := parse(fs, args); err != nil {
		return err
	}
	write, err := reportWriter(*format)
	if err != nil {
		return err
	}
	var sc plan.Scenario
	if *scenario != "" {
		b, err := os.ReadFile(*scenario)
		if err != nil {
			return err
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&sc); err != nil {
			return fmt.Errorf("-scenario %s: %w", *scenario, err)
		}
	}
	if *start != "" {
		if _, err := time.Parse(time.DateOnly, *start); err != nil {
			return fmt.Errorf("-start: want YYYY-MM-DD, got %q", *start)
		}
		sc.Start = *start
	}
	if *days != 0 {
		if *days < 0 || *days > plan.MaxHorizonDays {
			return fmt.Errorf("-days: want 1–%d, got %d", plan.MaxHorizonDays, *days)
		}
		sc.HorizonDays = *days
	}
	if *compareFile != "" {
		if *scenario != "" || *out != "" {
			return fmt.Errorf("-compare: the scenarios come from its file; -scenario and -out do not apply")
		}
		return compareCmd(*compareFile, *start, *days, *format, stdout)
	}
	c, m, err := planner()
	if err != nil {
		return err
	}
	p, err := m.Plan(progressContext(context.Background()), &sc, time.Now())
	if err != nil {
		return err
	}
	vehicles := make([]report.Vehicle, len(c.Data.Vehicles))
	for i, v := range c.Data.Vehicles {
		vehicles[i] = report.Vehicle{ID: v.ID, CapacityTonnes: v.CapacityTonnes}
	}
	if err := write(report.New(p, vehicles), stdout); err != nil {
		return err
	}
	if *out != "" {
		if err := writeLanes(m, p, *out); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %d shipments to %s\n", len(p.Shipments), *out)
	}
	return nil
}

func reportWriter(format string) (func(*report.Report, io.Writer) error, error) {
	switch format {
	case "text":
		return (*report.Report).WriteText, nil
	case "json":
		return (*report.Report).WriteJSON, nil
	case "csv":
		return (*report.Report).WriteCSV, nil
	}
	return nil, fmt.Errorf("-format: want text, json or csv, got %q", format)
}

// writeLanes writes each shipment's route as a GeoJSON LineString.
func writeLanes(m *plan.Model, p *plan.Plan, path string) error {
	fc := geojson.NewFeatureCollection()
	for i := range p.Shipments {
		s := &p.Shipments[i]
		line, err := m.Route(s)
		if err != nil {
			return err
		}
		f := geojson.NewFeature(line)
		f.Properties = geojson.Properties{"day": s.Day, "commodity": s.Commodity, "tonnes": s.Tonnes,
			"vehicle": s.Vehicle, "trucks": s.Trucks, "crossing": s.Crossing, "buyer": s.Buyer, "cost_idr": s.Cost.Total()}
		fc.Append(f)
	}
	b, err := json.Marshal(fc)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

func thousands(x float64) string {
	neg := x < 0
	if neg {
		x = -x
	}
	s := fmt.Sprintf("%.0f", x)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// compareCmd plans the scenarios of a compare request file and writes
// their comparison (report.Compare) in the format asked.
func compareCmd(path, start string, days int, format string, stdout io.Writer) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var req struct {
		Scenarios []plan.Scenario `json:"scenarios"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return fmt.Errorf("-compare %s: %w", path, err)
	}
	if n := len(req.Scenarios); n < 2 || n > 4 {
		return fmt.Errorf("-compare %s: want 2 to 4 scenarios, got %d", path, n)
	}
	_, m, err := planner()
	if err != nil {
		return err
	}
	var plans []*plan.Plan
	for i := range req.Scenarios {
		sc := &req.Scenarios[i]
		if sc.Name == "" {
			sc.Name = fmt.Sprintf("scenario %d", i+1)
		}
		if start != "" {
			sc.Start = start
		}
		if days != 0 {
			sc.HorizonDays = days
		}
		p, err := m.Plan(progressContext(context.Background()), sc, time.Now())
		if err != nil {
			return fmt.Errorf("-compare %s: scenario %q: %w", path, sc.Name, err)
		}
		plans = append(plans, p)
	}
	cmp := report.Compare(plans)
	switch format {
	case "json":
		return cmp.WriteJSON(stdout)
	case "csv":
		return cmp.WriteCSV(stdout)
	}
	return cmp.WriteText(stdout)
}

// planner readies the built-in corridor and its planner.
func planner() (*corridor.Corridor, *plan.Model, error) {
	c, err := corridor.Default()
	if err != nil {
		return nil, nil, err
	}
	m, err := c.Planner()
	return c, m, err
}
