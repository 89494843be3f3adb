package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// MaxTextWidth is the widest line WriteText prints for the plans Lumbung
// makes (up to eight vehicle classes and four crossings).
const MaxTextWidth = 100

// WriteJSON writes the report as one indented JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report for a person: the headline figures, then one
// table per view, every figure with its unit.
func (r *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	r.writeHeadline(ew)
	r.writeFlows(ew, "By commodity", "commodity", r.Commodities)
	r.writeFlows(ew, "By buyer", "buyer", r.Buyers)
	r.writeUnmet(ew)
	r.writeTrucks(ew)
	r.writeFerries(ew)
	r.writeFleet(ew)
	return ew.err
}

func (r *Report) writeHeadline(w io.Writer) {
	t := &r.Totals
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if r.PlanID != "" {
		fmt.Fprintf(tw, "plan\t%s\n", r.PlanID)
	}
	fmt.Fprintf(tw, "scenario\t%s\n", r.Scenario)
	fmt.Fprintf(tw, "period\t%s to %s (%d days, dates in WIB)\n", r.First, r.Last, r.Days)
	fmt.Fprintf(tw, "delivered\t%s t of %s t demanded; unmet %s t\n", num(t.DeliveredT), num(t.DemandedT), num(t.UnmetT))
	fmt.Fprintf(tw, "logistics cost\t%s (%s per t delivered)\n", rp(t.CostIDR), rp(t.CostPerTonneIDR))
	fmt.Fprintf(tw, "  fuel and wear\t%s\n", rp(t.FuelWearIDR))
	fmt.Fprintf(tw, "  drivers\t%s\n", rp(t.DriverIDR))
	fmt.Fprintf(tw, "  tolls\t%s\n", rp(t.TollIDR))
	fmt.Fprintf(tw, "  ferry fares\t%s\n", rp(t.FerryIDR))
	fmt.Fprintf(tw, "  spoilage\t%s\n", rp(t.SpoilageIDR))
	fmt.Fprintf(tw, "  return legs\t%s (%.0f%% of the trips back; the rest carry a backhaul)\n", rp(t.ReturnLegIDR),
		100*(1-r.Assumptions.BackhaulShare))
	fmt.Fprintf(tw, "  first mile\t%s (collection tours to the pooling hubs: %d)\n", rp(t.FirstMileIDR), t.CollectionTours)
	fmt.Fprintf(tw, "truck trips\t%s over %d days, by day below\n", num(float64(t.TruckTrips)), r.Days)
	if t.MultiDropTrucks > 0 {
		fmt.Fprintf(tw, "multi-drop\t%d trucks cross once and drop at several buyers, for %d part loads; saved %s (at expected ferry waits)\n",
			t.MultiDropTrucks, t.MultiDropReplaced, rp(t.MultiDropSavingsIDR))
	}
	if t.ReceivingWaitHours > 0 {
		fmt.Fprintf(tw, "receiving hours\ttrucks wait %s h for their buyers to receive, costing %s\n", num(t.ReceivingWaitHours), rp(t.ReceivingWaitIDR))
	}
	fmt.Fprintf(tw, "ferry wait\t%.0f min on average per truck\n", t.AvgFerryWaitMin)
	if t.TripsWithoutSlot > 0 {
		fmt.Fprintf(tw, "no ferry slot\t%d truck trips (their tonnes are unmet, with the reason below)\n", t.TripsWithoutSlot)
	}
	fmt.Fprintf(tw, "cost + penalty\t%s: logistics cost plus unmet tonnes at their price\n", rp(t.ObjectiveIDR))
	fmt.Fprintf(tw, "lower bound\t%s: no plan costs less; this one is %.1f%% above\n", rp(t.LowerBoundIDR), t.AboveBoundPct)
	fmt.Fprintf(tw, "\t(whole truckloads cost more than the fractional optimum)\n")
	fmt.Fprintf(tw, "solve time\t%.0f ms\n", t.SolveMillis)
	tw.Flush()

	b := &r.Baseline
	if b.CollectorRes != nil && b.MaxHoldDays != nil {
		fmt.Fprintf(w, "\nToday's practice: collectors gather each commodity in H3 res-%d catchments and send\n", *b.CollectorRes)
		fmt.Fprintf(w, "a truck when it is full (part loads wait up to %d days; perishables go daily) to the\n", *b.MaxHoldDays)
		fmt.Fprintf(w, "nearest buyer, on the regular Bakauheni-Merak crossing, queueing %.1f h at the port;\n", b.QueueHours)
		line := "trucks:"
		for i, part := range baselineVehicles(b) {
			if i > 0 {
				part = ", " + part
			}
			if len([]rune(line+part)) > MaxTextWidth {
				fmt.Fprintln(w, line+",")
				line = "  " + strings.TrimPrefix(part, ", ")
				continue
			}
			if i == 0 {
				part = " " + part
			}
			line += part
		}
		fmt.Fprintln(w, line)
	} else {
		fmt.Fprintf(w, "\nToday's practice: the same tonnes from the same places by %s trucks to\n",
			strings.Join(b.Vehicles, "/"))
		fmt.Fprintf(w, "the nearest buyer, on the regular Bakauheni-Merak crossing, queueing %.1f h at the port\n",
			b.QueueHours)
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "cost today\t%s\n", rp(b.CostIDR))
	fmt.Fprintf(tw, "savings\t%s (%.1f%%, %s per t)\n", rp(b.SavingsIDR), b.SavingsPct, rp(b.PerTonne))
	negative := false
	for _, s := range r.Savings {
		fmt.Fprintf(tw, "  %s\t%s\n", s.Step, rp(s.SavingsIDR))
		negative = negative || s.SavingsIDR < 0
	}
	tw.Flush()
	if negative {
		fmt.Fprintln(w, "A negative step costs more than the step before it: serving every buyer's demand,")
		fmt.Fprintln(w, "for one, sends some loads past the nearest buyer.")
	}
}

func (r *Report) writeFlows(w io.Writer, title, what string, rows []FlowRow) {
	fmt.Fprintf(w, "\n%s\n", title)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tdemanded t\tdelivered t\tunmet t\tcost Rp\tRp per t\t\n", what)
	for _, f := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", f.ID, num(f.DemandedT), num(f.DeliveredT), num(f.UnmetT),
			num(f.CostIDR), num(f.CostPerTonneIDR))
	}
	tw.Flush()
}

func (r *Report) writeUnmet(w io.Writer) {
	if len(r.Unmet) == 0 {
		return
	}
	fmt.Fprintf(w, "\nUnmet demand\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "buyer\tcommodity\ttonnes\treason\n")
	for _, u := range r.Unmet {
		fmt.Fprintf(tw, "%s\t%s\t%s t\t%s\n", u.Buyer, u.Commodity, num(u.Tonnes), u.Reason)
	}
	tw.Flush()
}

// pivot lays rows out as a grid: a row per date, a column per key, in
// first-seen order; cell finds a row's entry.
type pivot[T any] struct {
	dates, keys []string
	cells       map[[2]string]T
}

func newPivot[T any](rows []T, date, key func(T) string) *pivot[T] {
	p := &pivot[T]{cells: map[[2]string]T{}}
	for _, r := range rows {
		d, k := date(r), key(r)
		if !slices.Contains(p.keys, k) {
			p.keys = append(p.keys, k)
		}
		if !slices.Contains(p.dates, d) {
			p.dates = append(p.dates, d)
		}
		p.cells[[2]string{d, k}] = r
	}
	return p
}

// write prints the grid: a header of keys (and an optional second header
// line), then each date's cells as text.
func (p *pivot[T]) write(w io.Writer, sub func(key string) string, text func(T) string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "date\t")
	for _, k := range p.keys {
		fmt.Fprintf(tw, "%s\t", k)
	}
	fmt.Fprintln(tw)
	if sub != nil {
		fmt.Fprint(tw, "\t")
		for _, k := range p.keys {
			fmt.Fprintf(tw, "%s\t", sub(k))
		}
		fmt.Fprintln(tw)
	}
	for _, d := range p.dates {
		fmt.Fprintf(tw, "%s\t", d)
		for _, k := range p.keys {
			fmt.Fprintf(tw, "%s\t", text(p.cells[[2]string{d, k}]))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

// writeTrucks pivots the truck trips: a row per day, a column per vehicle
// class with its capacity in the header.
func (r *Report) writeTrucks(w io.Writer) {
	p := newPivot(r.Trucks, func(t TruckRow) string { return t.Date }, func(t TruckRow) string { return t.Vehicle })
	slices.Sort(p.keys)
	capacity := map[string]float64{}
	for _, t := range r.Trucks {
		capacity[t.Vehicle] = t.CapacityTonnes
	}
	fmt.Fprintf(w, "\nTruck trips dispatched per day, by vehicle class (capacity in t)\n")
	p.write(w, func(v string) string { return "(" + strconv.FormatFloat(capacity[v], 'f', -1, 64) + " t)" },
		func(t TruckRow) string { return strconv.Itoa(t.Trips) })
}

// writeFerries pivots ferry use: a row per day, a column per crossing with
// "trucks/slots" and the share used.
func (r *Report) writeFerries(w io.Writer) {
	p := newPivot(r.Ferries, func(f FerryRow) string { return f.Date }, func(f FerryRow) string { return f.Crossing })
	fmt.Fprintf(w, "\nFerry use per day: planned trucks / deck slots open to the plan (share used)\n")
	p.write(w, nil, func(f FerryRow) string {
		return fmt.Sprintf("%d/%.0f (%.0f%%)", f.Trucks, f.CapacityTrks, f.UsePct)
	})
}

// writeFleet pivots the fleet: a row per day (and the peak), a column per
// vehicle class; then the kilometres and hours by kind of trip.
func (r *Report) writeFleet(w io.Writer) {
	if len(r.Fleet) == 0 {
		return
	}
	p := newPivot(r.Fleet, func(f FleetRow) string { return f.Date }, func(f FleetRow) string { return f.Vehicle })
	fmt.Fprintf(w, "\nVehicles busy per day, by class (a round trip counts on every day it touches)\n")
	p.write(w, nil, func(f FleetRow) string { return strconv.Itoa(f.Vehicles) })
	fmt.Fprintf(w, "\nVehicle use\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "trips\tvehicle trips\tvehicle-km\tempty km\tvehicle-hours\t\n")
	for _, u := range r.FleetUse {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t\n", u.Trips, u.Vehicles, num(u.VehicleKm), num(u.EmptyKm), num(u.VehicleHours))
	}
	tw.Flush()
}

// WriteCSV writes every table of the report as CSV: each table starts with
// a header row whose first field is "table" and holds the table's name in
// that column on every row, so a spreadsheet can filter one table out.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
	t := &r.Totals
	rows := [][]string{
		{"table", "figure", "value", "unit"},
		{"totals", "first_day", r.First, "date"},
		{"totals", "last_day", r.Last, "date"},
		{"totals", "demanded", f(t.DemandedT), "t"},
		{"totals", "delivered", f(t.DeliveredT), "t"},
		{"totals", "unmet", f(t.UnmetT), "t"},
		{"totals", "logistics_cost", f(t.CostIDR), "IDR"},
		{"totals", "logistics_cost_per_t", f(t.CostPerTonneIDR), "IDR/t"},
		{"totals", "first_mile", f(t.FirstMileIDR), "IDR"},
		{"totals", "collection_tours", strconv.Itoa(t.CollectionTours), "tours"},
		{"totals", "truck_trips", strconv.Itoa(t.TruckTrips), "trips"},
		{"totals", "multi_drop_trucks", strconv.Itoa(t.MultiDropTrucks), "trucks"},
		{"totals", "multi_drop_replaced_trucks", strconv.Itoa(t.MultiDropReplaced), "trucks"},
		{"totals", "multi_drop_savings", f(t.MultiDropSavingsIDR), "IDR"},
		{"totals", "receiving_wait", f(t.ReceivingWaitHours), "h"},
		{"totals", "receiving_wait_cost", f(t.ReceivingWaitIDR), "IDR"},
		{"totals", "avg_ferry_wait", f(t.AvgFerryWaitMin), "min"},
		{"totals", "cost_plus_unmet_penalty", f(t.ObjectiveIDR), "IDR"},
		{"totals", "lower_bound", f(t.LowerBoundIDR), "IDR"},
		{"totals", "todays_practice_cost", f(r.Baseline.CostIDR), "IDR"},
		{"totals", "savings", f(r.Baseline.SavingsIDR), "IDR"},
		{"totals", "savings_pct", f(r.Baseline.SavingsPct), "%"},
	}
	for _, s := range r.Savings {
		rows = append(rows, []string{"totals", "savings: " + s.Step, f(s.SavingsIDR), "IDR"})
	}
	for _, v := range []struct {
		name string
		rows []FlowRow
	}{{"commodity", r.Commodities}, {"buyer", r.Buyers}} {
		rows = append(rows, []string{"table", v.name, "demanded_t", "delivered_t", "unmet_t", "cost_idr", "cost_idr_per_t"})
		for _, x := range v.rows {
			rows = append(rows, []string{v.name, x.ID, f(x.DemandedT), f(x.DeliveredT), f(x.UnmetT), f(x.CostIDR), f(x.CostPerTonneIDR)})
		}
	}
	rows = append(rows, []string{"table", "buyer", "commodity", "unmet_t", "reason"})
	for _, u := range r.Unmet {
		rows = append(rows, []string{"unmet", u.Buyer, u.Commodity, f(u.Tonnes), u.Reason})
	}
	rows = append(rows, []string{"table", "date", "vehicle", "capacity_t", "trips", "tonnes", "load_pct"})
	for _, x := range r.Trucks {
		rows = append(rows, []string{"truck_trips", x.Date, x.Vehicle, f(x.CapacityTonnes), strconv.Itoa(x.Trips), f(x.Tonnes), f(x.LoadPct)})
	}
	rows = append(rows, []string{"table", "date", "crossing", "trucks", "capacity_trucks", "use_pct", "value_of_one_more_slot_idr"})
	for _, x := range r.Ferries {
		rows = append(rows, []string{"ferry_use", x.Date, x.Crossing, strconv.Itoa(x.Trucks), f(x.CapacityTrks), f(x.UsePct), f(x.ShadowIDR)})
	}
	rows = append(rows, []string{"table", "date", "vehicle", "vehicles"})
	for _, x := range r.Fleet {
		rows = append(rows, []string{"fleet", x.Date, x.Vehicle, strconv.Itoa(x.Vehicles)})
	}
	rows = append(rows, []string{"table", "trips", "vehicle_trips", "vehicle_km", "empty_km", "vehicle_hours"})
	for _, x := range r.FleetUse {
		rows = append(rows, []string{"fleet_use", x.Trips, strconv.Itoa(x.Vehicles), f(x.VehicleKm), f(x.EmptyKm), f(x.VehicleHours)})
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// errWriter keeps the first write error so that the text writers can print
// without checking every call.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, nil
}

func rp(x float64) string { return "Rp " + num(x) }

// num formats x rounded to a whole number with thousands separators.
func num(x float64) string {
	neg := x < 0
	if neg {
		x = -x
	}
	s := strconv.FormatFloat(x, 'f', 0, 64)
	var b strings.Builder
	if neg && s != "0" {
		b.WriteByte('-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// baselineVehicles lists the collectors' classes with the commodities
// each carries, then the fallback list for the rest.
func baselineVehicles(b *Baseline) []string {
	carries := map[string][]string{}
	var order []string
	for _, k := range slices.Sorted(maps.Keys(b.VehiclesByCommodity)) {
		v := b.VehiclesByCommodity[k]
		if carries[v] == nil {
			order = append(order, v)
		}
		carries[v] = append(carries[v], k)
	}
	parts := make([]string, 0, len(order)+1)
	for _, v := range order {
		parts = append(parts, v+" ("+strings.Join(carries[v], ", ")+")")
	}
	if len(b.Vehicles) > 0 {
		parts = append(parts, "otherwise "+strings.Join(b.Vehicles, "/"))
	}
	return parts
}
