package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/lumbung-id/lumbung/data"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// vehiclesCmd lists the dataset's vehicle classes: what a planner needs to
// read the vehicle IDs in routes and plans.
func vehiclesCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("vehicles", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	ds, err := data.Default()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tname\tcapacity t\tlength m\ttoll class\tferry golongan\treefer")
	for _, v := range ds.Vehicles {
		reefer := "no"
		if v.Reefer {
			reefer = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%g\t%g\t%s\t%s\t%s\n", v.ID, v.Name, v.CapacityTonnes, v.LengthM, roman(v.TollClass), v.FerryClass, reefer)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, "\nThe ferry golongan follows the length (ASDP goods classes: IVB up to 5 m, VB 5-7 m, VIB 7-10 m,\n"+
		"VII 10-12 m, VIII 12-16 m, IX over 16 m); the toll class follows the axles.")
	return err
}

func roman(n int) string {
	if n < 1 || n > 5 {
		return fmt.Sprint(n)
	}
	return [...]string{"I", "II", "III", "IV", "V"}[n-1]
}

func vehicleIDs(ds *data.Dataset) []string {
	ids := make([]string, len(ds.Vehicles))
	for i, v := range ds.Vehicles {
		ids[i] = v.ID
	}
	return ids
}

// printTrip prints a route and, for its ferry leg, whether the wait is the
// timetable's next departure or the expected wait assumed without a
// departure time.
func printTrip(w io.Writer, t *route.Trip, vehicle, metric string, hasDepart bool) {
	fmt.Fprintf(w, "route by %s, best by %s:\n", vehicle, metric)
	fmt.Fprintf(w, "  %.1f km, %s door to door\n", t.Distance/1000,
		time.Duration(t.Duration*float64(time.Second)).Round(time.Minute))
	fmt.Fprintf(w, "  Rp %s: fuel and wear %s, driver %s, toll %s, ferry %s\n", thousands(t.Cost.Total()),
		thousands(t.Cost.Running), thousands(t.Cost.Driver), thousands(t.Cost.Toll), thousands(t.Cost.Ferry))
	for _, l := range t.Legs {
		if l.Kind != "ferry" {
			continue
		}
		basis := "expected wait: no departure time given (-depart), the mean wait for a truck arriving at a random time"
		if hasDepart {
			basis = "wait for the next departure in the timetable"
		}
		fmt.Fprintf(w, "  ferry %s: wait %.0f min (%s), crossing %.0f min\n",
			l.Service, l.WaitSeconds/60, basis, l.CrossingSeconds/60)
	}
}
