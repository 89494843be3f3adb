package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/optimizer/plan"
)

func planCmd(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	scenario := fs.String("scenario", "", "scenario JSON file (default: the dataset as it is, 7 days from today)")
	out := fs.String("out", "", "write the plan's lanes as GeoJSON to this file")
	if err := fs.Parse(args); err != nil {
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
	c, err := corridor.Default()
	if err != nil {
		return err
	}
	m, err := c.Planner()
	if err != nil {
		return err
	}
	p, err := m.Plan(context.Background(), &sc, time.Now())
	if err != nil {
		return err
	}
	printSummary(stdout, p)
	if *out != "" {
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
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\nwrote %d shipments to %s\n", len(p.Shipments), *out)
	}
	return nil
}

func printSummary(w io.Writer, p *plan.Plan) {
	s := p.Summary
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	rp := func(x float64) string { return fmt.Sprintf("Rp %s", thousands(x)) }
	fmt.Fprintf(tw, "scenario\t%s, %s + %d days\n", p.Scenario, p.Start, p.HorizonDays)
	fmt.Fprintf(tw, "total cost\t%s\n", rp(s.TotalCostIDR))
	fmt.Fprintf(tw, "  fuel+wear / driver / toll / ferry / spoilage\t%s / %s / %s / %s / %s\n", rp(s.CostBreakdownIDR.FuelWear),
		rp(s.CostBreakdownIDR.Driver), rp(s.CostBreakdownIDR.Toll), rp(s.CostBreakdownIDR.Ferry), rp(s.CostBreakdownIDR.Spoilage))
	fmt.Fprintf(tw, "cost per tonne\t%s\n", rp(s.CostPerTonneIDR))
	fmt.Fprintf(tw, "tonnes delivered / demanded\t%s / %s\n", thousands(s.TonnesDelivered), thousands(s.TonnesDemanded))
	fmt.Fprintf(tw, "unmet\t%s t\n", thousands(s.UnmetTonnes))
	for _, u := range s.Unmet {
		fmt.Fprintf(tw, "  %s %s\t%s t (%s)\n", u.Buyer, u.Commodity, thousands(u.Tonnes), u.Reason)
	}
	fmt.Fprintf(tw, "trucks\t%d (avg ferry wait %.0f min, %d unslotted)\n", s.Trucks, s.AvgFerryWaitMin, s.UnslottedTrucks)
	ids := make([]string, 0, len(s.TrucksByVehicle))
	for id := range s.TrucksByVehicle {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Fprintf(tw, "  %s\t%d\n", id, s.TrucksByVehicle[id])
	}
	fmt.Fprintf(tw, "allocation lower bound\t%s (gap %.2g)\n", rp(s.LowerBoundIDR), s.AllocationGap)
	fmt.Fprintf(tw, "integer plan gap to bound\t%.2f%%\n", 100*s.IntegerGap)
	fmt.Fprintf(tw, "today's practice\t%s\n", rp(s.BaselineCostIDR))
	fmt.Fprintf(tw, "savings\t%s (%.1f%%, %s per tonne)\n", rp(s.SavingsIDR), s.SavingsPct, rp(s.SavingsPerTonneIDR))
	b := s.SavingsBreakdown
	fmt.Fprintf(tw, "  vehicle sizing+consolidation / crossing / slotting / buyer+network\t%s / %s / %s / %s\n",
		rp(b.VehicleSizing), rp(b.CrossingChoice), rp(b.Slotting), rp(b.BuyerChoice))
	fmt.Fprintf(tw, "solve time\t%.0f ms\n", s.SolveMillis)
	tw.Flush()
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
