package vrpbench

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lumbung-id/lumbung/optimizer/vrp"
)

// Generated problems: n stops on a 1,000 × 1,000 square, half spread
// uniformly and half in clusters (the "RC" layout of Uchoa et al. 2017),
// the depot at the centre, demands uniform in 1..10 and a capacity of 66,
// so that a route holds about 12 stops, as a collection round of small
// trucks does. Costs are Euclidean distances rounded to the nearest
// integer (the CVRPLIB convention), computed on demand (Problem.Euclidean,
// no matrix); the fleet is unlimited.
const (
	genSide     = 1000.0
	genCapacity = 66
	genClusters = 0.5 // share of stops drawn around cluster seeds
)

// Generate returns the generated CVRP of n stops for seed.
func Generate(n int, seed uint64) *vrp.Problem {
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	coords := make([][2]float64, 0, n+1)
	coords = append(coords, [2]float64{genSide / 2, genSide / 2})
	seeds := make([][2]float64, max(3, n/100))
	for i := range seeds {
		seeds[i] = [2]float64{rng.Float64() * genSide, rng.Float64() * genSide}
	}
	for i := range n {
		if float64(i) < genClusters*float64(n) {
			c := seeds[rng.IntN(len(seeds))]
			x := c[0] + rng.NormFloat64()*genSide/60
			y := c[1] + rng.NormFloat64()*genSide/60
			coords = append(coords, [2]float64{math.Min(math.Max(x, 0), genSide), math.Min(math.Max(y, 0), genSide)})
			continue
		}
		coords = append(coords, [2]float64{rng.Float64() * genSide, rng.Float64() * genSide})
	}
	p := &vrp.Problem{Name: fmt.Sprintf("gen-n%d-s%d", n, seed), Dims: 1, Coords: coords}
	for i := 1; i <= n; i++ {
		p.Jobs = append(p.Jobs, vrp.Job{ID: strconv.Itoa(i), Location: i, Delivery: []int64{1 + rng.Int64N(10)}})
	}
	p.Vehicles = []vrp.Vehicle{{ID: "truck", Start: 0, End: 0, Capacity: []int64{genCapacity}, PerDistance: 1, Count: n}}
	p.Euclidean = true
	return p
}

// GenResult is the outcome of one generated problem.
type GenResult struct {
	Stops int
	// FirstFeasible is the time from the call of Solve to its first
	// feasible solution, FirstCost that solution's cost.
	FirstFeasible time.Duration
	FirstCost     float64
	// Curve holds the best cost at each checkpoint (NaN before the first
	// feasible solution or after the run ended).
	Curve    []float64
	Cost     float64
	Routes   int
	Seconds  float64
	PeakRSS  int64 // bytes, the process's peak resident set after the run
	HeapPeak uint64
}

// RunGenerated solves the generated problem of n stops (generated with
// opts.Seed) with opts and samples the best cost at each checkpoint.
func RunGenerated(ctx context.Context, n int, opts vrp.Options, checkpoints []time.Duration) (GenResult, error) {
	p := Generate(n, opts.Seed)
	r := GenResult{Stops: n}
	type point struct {
		at   time.Duration
		cost float64
	}
	var pts []point
	t0 := time.Now()
	opts.OnImprove = func(im vrp.Improvement) {
		pts = append(pts, point{im.Elapsed, im.Cost})
	}
	sol, err := vrp.Solve(ctx, p, opts)
	el := time.Since(t0)
	if err != nil {
		return r, err
	}
	if _, err := vrp.Check(p, sol); err != nil {
		return r, fmt.Errorf("%s: %w", p.Name, err)
	}
	if len(sol.Unassigned) > 0 {
		return r, fmt.Errorf("%s: %d jobs unassigned", p.Name, len(sol.Unassigned))
	}
	r.Cost, r.Routes, r.Seconds = sol.Distance, len(sol.Routes), el.Seconds()
	if len(pts) > 0 {
		r.FirstFeasible, r.FirstCost = pts[0].at, pts[0].cost
	}
	for _, cp := range checkpoints {
		c := math.NaN()
		for _, pt := range pts {
			if pt.at <= cp {
				c = pt.cost
			}
		}
		if cp > el {
			c = math.NaN()
		}
		r.Curve = append(r.Curve, c)
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		r.PeakRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r.HeapPeak = ms.HeapSys
	return r, nil
}

// parseSizes parses "2000,5000,10000", which must not decrease.
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%w: -gen: bad size %q", ErrUsage, f)
		}
		if len(out) > 0 && n < out[len(out)-1] {
			return nil, fmt.Errorf("%w: -gen sizes must increase (peak memory is per process)", ErrUsage)
		}
		out = append(out, n)
	}
	return out, nil
}

// parseCheckpoints parses "1s,2s,5s".
func parseCheckpoints(s string) ([]time.Duration, error) {
	var out []time.Duration
	for _, f := range strings.Split(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(f))
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("%w: -curve: bad duration %q", ErrUsage, f)
		}
		out = append(out, d)
	}
	return out, nil
}

// runGenerated runs the generated problems in increasing size, so that the
// process's peak resident set after each is that problem's peak, and
// prints one table.
func runGenerated(opts vrp.Options, sizes []int, cps []time.Duration, stdout io.Writer) error {
	fmt.Fprintf(stdout, "%-7s %9s %10s", "stops", "first s", "first cost")
	for _, cp := range cps {
		fmt.Fprintf(stdout, " %9s", "@"+cp.String())
	}
	fmt.Fprintf(stdout, " %7s %8s %8s\n", "routes", "seconds", "peak MB")
	for _, n := range sizes {
		r, err := RunGenerated(context.Background(), n, opts, cps)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%-7d %9.2f %10.0f", r.Stops, r.FirstFeasible.Seconds(), r.FirstCost)
		for _, c := range r.Curve {
			if math.IsNaN(c) {
				fmt.Fprintf(stdout, " %9s", "-")
				continue
			}
			fmt.Fprintf(stdout, " %9.0f", c)
		}
		fmt.Fprintf(stdout, " %7d %8.1f %8.0f\n", r.Routes, r.Seconds, float64(r.PeakRSS)/(1<<20))
	}
	return nil
}
