// Package vrpbench benchmarks the vrp solver on the CVRPLIB X set and the
// Solomon VRPTW set, implementing the "lumbung bench vrp" command.
//
// For each instance it solves single-threaded with a time limit, verifies
// the solution with vrp.Check (a failed check is an error, never a silent
// result), and compares with the best-known solution (BKS) of the set's
// bks.csv. CVRP instances use costs rounded per arc to the nearest integer
// (the CVRPLIB convention); Solomon instances use double-precision distances
// and the hierarchical objective (fewest vehicles, then distance), reporting
// the BKS and obtained vehicle counts and the distance gap.
//
// Usage (flags of Main, i.e. of "lumbung bench vrp"):
//
//	-set DIR         instance directory holding bks.csv (cvrp-x or solomon layout)
//	-instances LIST  comma-separated names; empty or "all": every row of bks.csv
//	-time D          time limit per instance (default 10s; 0: none)
//	-iters N         iteration limit per instance (default 0: none)
//	-seed S          random seed (default 1)
//	-out FILE        also write the results as CSV
//	-v               log solver progress to stderr
//	-workers N       offspring educated in parallel (vrp.Options.Workers;
//	                 default 1); the process gets N threads
//	-cpuprofile FILE write a CPU profile of the whole run
//	-gen SIZES       instead of -set: generated problems of these stop
//	                 counts (increasing, e.g. 2000,5000,10000; see Generate)
//	-curve TIMES     with -gen: report the best cost at these times
//	                 (default 1s,2s,5s,10s,30s,60s)
//
// With -gen, each row gives the time from the call of vrp.Solve to its
// first feasible solution and that solution's cost, the best cost at each
// -curve time ("-" before the first feasible solution or after the run),
// and the process's peak resident set after the problem (sizes run in
// increasing order, so it is that problem's peak). run.sh beside this file
// runs the whole engine table of issue #11.
//
// Instances run one after the other on a single thread (GOMAXPROCS is set
// to 1 while Main runs), or on -workers threads. The gap is
// 100·(cost−BKS)/BKS; for Solomon sets it is the distance gap, and the
// summary gives the number of instances reaching the BKS vehicle count and
// the mean distance gap on those.
package vrpbench

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/lumbung-id/lumbung/optimizer/vrp"
)

// ErrUsage reports bad command-line arguments.
var ErrUsage = errors.New("vrpbench: bad usage")

// Result is the outcome of one instance.
type Result struct {
	Instance    string
	N           int
	BKS         float64
	BKSVehicles int // Solomon only
	Cost        float64
	Gap         float64 // percent
	Vehicles    int
	Seconds     float64
}

type bksRow struct {
	n        int
	bks      float64
	vehicles int
}

// readBKS reads bks.csv of a set directory; solomon selects the
// hierarchical columns.
func readBKS(dir string, solomon bool) (map[string]bksRow, []string, error) {
	f, err := os.Open(filepath.Join(dir, "bks.csv"))
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, nil, err
	}
	if len(recs) < 2 {
		return nil, nil, fmt.Errorf("vrpbench: empty bks.csv in %s", dir)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	need := []string{"instance", "n", "bks"}
	if solomon {
		need = []string{"instance", "n", "bks_hier_vehicles", "bks_hier_distance"}
	}
	for _, h := range need {
		if _, ok := col[h]; !ok {
			return nil, nil, fmt.Errorf("vrpbench: bks.csv lacks column %q", h)
		}
	}
	out := map[string]bksRow{}
	var order []string
	for _, r := range recs[1:] {
		var row bksRow
		row.n, _ = strconv.Atoi(r[col["n"]])
		if solomon {
			row.vehicles, _ = strconv.Atoi(r[col["bks_hier_vehicles"]])
			row.bks, err = strconv.ParseFloat(r[col["bks_hier_distance"]], 64)
		} else {
			row.bks, err = strconv.ParseFloat(r[col["bks"]], 64)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("vrpbench: bks.csv: %w", err)
		}
		out[r[col["instance"]]] = row
		order = append(order, r[col["instance"]])
	}
	return out, order, nil
}

// isSolomon reports whether dir holds Solomon .txt instances.
func isSolomon(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	v, _ := filepath.Glob(filepath.Join(dir, "*.vrp"))
	return len(m) > 0 && len(v) == 0
}

// RunInstance solves one instance file with opts (Solomon sets add
// MinimizeVehicles) and checks the result.
func RunInstance(ctx context.Context, path string, solomon bool, opts vrp.Options) (*vrp.Problem, *vrp.Solution, time.Duration, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, 0, err
	}
	defer f.Close()
	var p *vrp.Problem
	if solomon {
		p, err = vrp.ReadSolomon(f)
	} else {
		p, err = vrp.ReadCVRPLIB(f)
	}
	if err != nil {
		return nil, nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	start := time.Now()
	opts.MinimizeVehicles = solomon
	sol, err := vrp.Solve(ctx, p, opts)
	el := time.Since(start)
	if err != nil {
		return nil, nil, el, err
	}
	if _, err := vrp.Check(p, sol); err != nil {
		return nil, nil, el, fmt.Errorf("%s: %w", path, err)
	}
	if len(sol.Unassigned) > 0 {
		return nil, nil, el, fmt.Errorf("%s: %d jobs unassigned", path, len(sol.Unassigned))
	}
	return p, sol, el, nil
}

// Main implements "lumbung bench vrp": it parses args (without the command
// name), runs the instances and prints a table and the mean gap to stdout.
func Main(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench vrp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	set := fs.String("set", "", "instance directory with bks.csv (cvrp-x or solomon)")
	inst := fs.String("instances", "", "comma-separated instance names; empty or 'all' for every instance in bks.csv")
	limit := fs.Duration("time", 10*time.Second, "time limit per instance")
	iters := fs.Int("iters", 0, "iteration limit per instance (0: none)")
	seed := fs.Uint64("seed", 1, "random seed")
	out := fs.String("out", "", "CSV output file (optional)")
	verbose := fs.Bool("v", false, "log progress to stderr")
	gen := fs.String("gen", "", "generated problems instead of -set: comma-separated stop counts, increasing (e.g. 2000,5000,10000)")
	curve := fs.String("curve", "1s,2s,5s,10s,30s,60s", "with -gen: times at which to report the best cost")
	workers := fs.Int("workers", 1, "offspring educated in parallel per solve (vrp.Options.Workers); GOMAXPROCS is set to this")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *gen != "" {
		sizes, err := parseSizes(*gen)
		if err != nil {
			return err
		}
		cps, err := parseCheckpoints(*curve)
		if err != nil {
			return err
		}
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(1, *workers)))
		return runGenerated(vrp.Options{Seed: *seed, TimeLimit: *limit, Workers: *workers}, sizes, cps, stdout)
	}
	if *set == "" {
		fs.Usage()
		return fmt.Errorf("%w: -set is required", ErrUsage)
	}
	// One thread per worker: one, as the benchmark protocol requires,
	// unless -workers says otherwise (restored on return).
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(1, *workers)))
	solomon := isSolomon(*set)
	bks, order, err := readBKS(*set, solomon)
	if err != nil {
		return err
	}
	names := order
	if *inst != "" && *inst != "all" {
		names = strings.Split(*inst, ",")
	}
	ext := ".vrp"
	if solomon {
		ext = ".txt"
	}
	var results []Result
	if solomon {
		fmt.Fprintf(stdout, "%-12s %5s %7s %10s %5s %10s %7s %8s\n", "instance", "n", "BKS veh", "BKS dist", "veh", "dist", "gap %", "seconds")
	} else {
		fmt.Fprintf(stdout, "%-12s %5s %8s %8s %7s %8s %8s\n", "instance", "n", "BKS", "cost", "gap %", "vehicles", "seconds")
	}
	bar := newProgress(stderr, len(names), *limit)
	for i, name := range names {
		name = strings.TrimSpace(name)
		row, ok := bks[name]
		if !ok {
			return fmt.Errorf("vrpbench: %s not in bks.csv", name)
		}
		ctx := context.Background()
		var logf func(string, ...any)
		if *verbose {
			logf = func(f string, a ...any) { fmt.Fprintf(stderr, name+": "+f+"\n", a...) }
		}
		if *verbose {
			bar = nil // the log lines would tear the bar
		}
		stop := bar.start(i, name)
		opts := vrp.Options{Seed: *seed, TimeLimit: *limit, MaxIterations: *iters, Workers: *workers, Logf: logf}
		_, sol, el, err := RunInstance(ctx, filepath.Join(*set, name+ext), solomon, opts)
		stop()
		if err != nil {
			return err
		}
		r := Result{Instance: name, N: row.n, BKS: row.bks, BKSVehicles: row.vehicles, Cost: sol.Distance,
			Vehicles: len(sol.Routes), Seconds: el.Seconds()}
		r.Gap = 100 * (r.Cost - r.BKS) / r.BKS
		results = append(results, r)
		if solomon {
			fmt.Fprintf(stdout, "%-12s %5d %7d %10.3f %5d %10.3f %7.2f %8.1f\n", name, r.N, r.BKSVehicles, r.BKS, r.Vehicles, r.Cost, r.Gap, r.Seconds)
		} else {
			fmt.Fprintf(stdout, "%-12s %5d %8.0f %8.0f %7.2f %8d %8.1f\n", name, r.N, r.BKS, r.Cost, r.Gap, r.Vehicles, r.Seconds)
		}
	}
	fmt.Fprint(stdout, Summary(results, solomon))
	if *out != "" {
		if err := WriteCSV(*out, results, solomon); err != nil {
			return err
		}
	}
	return nil
}

// Summary returns the mean gap line(s). For Solomon sets it reports how many
// instances reach the BKS vehicle count and the mean distance gap on those.
func Summary(rs []Result, solomon bool) string {
	if len(rs) == 0 {
		return "no results\n"
	}
	sum := 0.0
	for _, r := range rs {
		sum += r.Gap
	}
	if !solomon {
		return fmt.Sprintf("mean gap %.2f%% over %d instances\n", sum/float64(len(rs)), len(rs))
	}
	match, gsum := 0, 0.0
	for _, r := range rs {
		if r.Vehicles <= r.BKSVehicles {
			match++
			gsum += r.Gap
		}
	}
	s := fmt.Sprintf("BKS vehicle count reached on %d/%d instances\n", match, len(rs))
	if match > 0 {
		s += fmt.Sprintf("mean distance gap on those %.2f%%\n", gsum/float64(match))
	}
	return s + fmt.Sprintf("mean distance gap over all %.2f%%\n", sum/float64(len(rs)))
}

// WriteCSV writes results to path.
func WriteCSV(path string, rs []Result, solomon bool) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	h := []string{"instance", "n", "bks", "cost", "gap_pct", "vehicles", "seconds"}
	if solomon {
		h = []string{"instance", "n", "bks_vehicles", "bks_distance", "vehicles", "distance", "gap_pct", "seconds"}
	}
	w.Write(h)
	for _, r := range rs {
		rec := []string{r.Instance, strconv.Itoa(r.N), fmt.Sprint(r.BKS), fmt.Sprintf("%.3f", r.Cost), fmt.Sprintf("%.3f", r.Gap), strconv.Itoa(r.Vehicles), fmt.Sprintf("%.2f", r.Seconds)}
		if solomon {
			rec = []string{r.Instance, strconv.Itoa(r.N), strconv.Itoa(r.BKSVehicles), fmt.Sprint(r.BKS), strconv.Itoa(r.Vehicles), fmt.Sprintf("%.3f", r.Cost), fmt.Sprintf("%.3f", r.Gap), fmt.Sprintf("%.2f", r.Seconds)}
		}
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
