// Command lumbung serves Lumbung's HTTP API over the embedded
// Lampung–Jakarta dataset and answers one-off questions on the command line.
//
//	lumbung serve [-addr 127.0.0.1:8080] [-auth] [-network FILE] [-db FILE|postgres://…] [-workers 2] [-lease 30s] [-retention 0]
//	lumbung worker -db postgres://… [-workers 2] [-lease 30s]
//	lumbung route [-from lon,lat] [-to lon,lat] [-vehicle tronton] [-metric cost] [-depart RFC3339]
//	lumbung plan [-scenario FILE.json] [-start YYYY-MM-DD] [-days N] [-format text|json|csv] [-out FILE.geojson]
//	lumbung keys create|list|revoke -db … [-org ORG] [-role viewer|planner|admin] [-id KEY-ID]
//	lumbung vehicles
//	lumbung import -osm FILE.osm.pbf [-bbox minLon,minLat,maxLon,maxLat] -out FILE
//	lumbung bench vrp -set DIR [-instances a,b] [-time 10s] [-seed 1] [-workers 1] [-out results.csv]
//	lumbung bench vrp -gen 2000,5000,10000 [-time 60s] [-curve 1s,2s,5s,10s,30s,60s]
//
// It holds wiring only: the work is in the api, data and optimizer packages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/benchmarks/vrpbench"
	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "lumbung:", err)
		os.Exit(1)
	}
}

const usage = `usage:
  lumbung serve [-addr 127.0.0.1:8080] [-auth] [-network FILE] [-db FILE|postgres://…] [-workers 2] [-lease 30s] [-retention 0]
  lumbung worker -db postgres://… [-workers 2] [-lease 30s]
  lumbung route [-from lon,lat] [-to lon,lat] [-vehicle ID] [-metric time|distance|cost] [-depart RFC3339]
  lumbung plan [-scenario FILE.json] [-start YYYY-MM-DD] [-days N] [-format text|json|csv] [-out FILE.geojson]
  lumbung keys create|list|revoke -db … (see lumbung keys)
  lumbung vehicles
  lumbung import -osm FILE.osm.pbf|FILE.osm[.bz2|.gz] [-bbox minLon,minLat,maxLon,maxLat] -out FILE
  lumbung bench vrp -set DIR [-instances a,b] [-time 10s] [-seed 1] [-workers 1] [-out FILE.csv]
  lumbung bench vrp -gen 2000,5000,10000 [-time 60s] [-curve 1s,2s,5s,10s,30s,60s]

Run "lumbung COMMAND -h" for a command's flags.`

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stderr)
	case "worker":
		return worker(args[1:], stderr)
	case "route":
		return routeCmd(args[1:], stdout, stderr)
	case "plan":
		return planCmd(args[1:], stdout, stderr)
	case "keys":
		return keysCmd(args[1:], stdout, stderr)
	case "vehicles":
		return vehiclesCmd(args[1:], stdout, stderr)
	case "import":
		return importCmd(args[1:], stdout)
	case "bench":
		return bench(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", args[0], usage)
}

func serve(args []string, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address (beyond loopback, e.g. :8080, needs -auth or -insecure-open)")
	logFormat := fs.String("log-format", "text", "log format: text or json (one line per request either way)")
	grace := fs.Duration("shutdown-timeout", 20*time.Second, "on SIGTERM or SIGINT, how long in-flight requests may take to finish")
	drain := fs.Duration("drain-delay", 0, "on SIGTERM or SIGINT, how long /readyz answers 503 before the server stops accepting (for a load balancer to notice)")
	netFile := fs.String("network", "", "serve on this imported road graph (lumbung import) instead of the embedded roads")
	sf := addStoreFlags(fs, 2)
	af := addAccessFlags(fs)
	if err := parseWithEnv(fs, args); err != nil {
		return err
	}
	if err := sf.check(); err != nil {
		return err
	}
	cfg := api.DefaultConfig()
	access, err := af.apply(*addr, &cfg)
	if err != nil {
		return err
	}
	var log *slog.Logger
	switch *logFormat {
	case "text":
		log = slog.New(slog.NewTextHandler(stderr, nil))
	case "json":
		log = slog.New(slog.NewJSONHandler(stderr, nil))
	default:
		return fmt.Errorf("-log-format: want text or json, got %q", *logFormat)
	}
	start := time.Now()
	restoreGC := startupGC()
	c, err := openCorridor(*netFile, log.Info)
	if err != nil {
		return err
	}
	cfg.Logger = log
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := sf.open(ctx, &cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	var runner jobRunner
	cfg.WakeJobs = func() {
		if runner != nil {
			runner.Wake()
		}
	}
	srv, err := api.New(c, cfg)
	restoreGC()
	if err != nil {
		return err
	}
	defer srv.Close()
	if runner, err = sf.runner(ctx, st, srv, log); err != nil {
		return err
	}
	if runner != nil {
		go func() {
			if err := runner.Run(ctx); err != nil {
				log.Error("job runner", "err", err)
			}
		}()
	}
	hs := &http.Server{
		Addr:              *addr,
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      cfg.RequestTimeout + 15*time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	// Listen before saying ready: "lumbung ready" promises that a request
	// sent now is accepted, and a port in use fails here, not later.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("lumbung ready", "addr", ln.Addr().String(), "dataset", c.Data.Name, "farms", len(c.Data.Farms),
		"nodes", c.Network.Graph.NumNodes(), "edges", c.Network.Graph.NumEdges(), "load", time.Since(start).Round(time.Millisecond),
		"db", dbName(*sf.db), "workers", *sf.workers, "access", access)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		// Drain: stop advertising readiness, stop accepting, and give
		// in-flight requests the grace period before exiting.
		log.Info("lumbung shutting down", "drain", *drain, "grace", *grace)
		srv.SetReady(false)
		time.Sleep(*drain)
		shut, cancel := context.WithTimeout(context.Background(), *grace)
		defer cancel()
		return hs.Shutdown(shut)
	}
}

func parseLonLat(s string) ([2]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return [2]float64{}, fmt.Errorf("want lon,lat, got %q", s)
	}
	var p [2]float64
	for i, x := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return p, fmt.Errorf("want lon,lat, got %q", s)
		}
		p[i] = v
	}
	return p, nil
}

func routeCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("route", stderr)
	from := fs.String("from", "105.26,-5.43", "origin lon,lat (default: Bandar Lampung)")
	to := fs.String("to", "106.868,-6.272", "destination lon,lat (default: Pasar Induk Kramat Jati)")
	vehicle := fs.String("vehicle", "tronton", "vehicle class ID")
	metric := fs.String("metric", "cost", "what to minimise: time (door to door, waits included), distance, or cost (Rupiah: fuel and wear, driver, tolls, ferry fare)")
	depart := fs.String("depart", "", "departure time, RFC 3339 (default: none, ferry waits are the timetable's expected wait)")
	if err := parse(fs, args); err != nil {
		return err
	}
	c, err := corridor.Default()
	if err != nil {
		return err
	}
	a, err := parseLonLat(*from)
	if err != nil {
		return fmt.Errorf("-from: %w", err)
	}
	b, err := parseLonLat(*to)
	if err != nil {
		return fmt.Errorf("-to: %w", err)
	}
	var opt route.Options
	v := c.Data.Vehicle(*vehicle)
	if v == nil {
		return fmt.Errorf("-vehicle: unknown vehicle %q (one of %s)", *vehicle, strings.Join(vehicleIDs(c.Data), ", "))
	}
	if opt.Profile, err = corridor.Profile(v); err != nil {
		return err
	}
	if opt.Metric, err = route.ParseMetric(*metric); err != nil {
		return fmt.Errorf("-metric: %w", err)
	}
	if *depart != "" {
		t, err := time.Parse(time.RFC3339, *depart)
		if err != nil {
			return fmt.Errorf("-depart: %w", err)
		}
		opt.Depart, opt.HasDepart = float64(t.Unix()), true
	}
	t, err := c.Router.Trip(a, b, &opt)
	if err != nil {
		return err
	}
	printTrip(stdout, t, *vehicle, *metric, opt.HasDepart)
	return nil
}

// newFlags returns a flag set that reports its errors to the caller and
// prints its usage on stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses a subcommand's flags and refuses positional arguments: a
// command typed with a stray word (or "[-out FILE]" copied literally) must
// not run as if it had not been given.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%s: unexpected argument %q (flags start with -)", fs.Name(), fs.Arg(0))
	}
	return nil
}

// parseWithEnv parses a command's flags, then fills the flags not given
// from their environment variables (flagsFromEnv).
func parseWithEnv(fs *flag.FlagSet, args []string) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	return flagsFromEnv(fs)
}

// flagsFromEnv gives every flag of fs an environment-variable equivalent,
// LUMBUNG_ and the flag's name in capitals with - as _ (LUMBUNG_ADDR,
// LUMBUNG_LOG_FORMAT): a flag given on the command line wins.
func flagsFromEnv(fs *flag.FlagSet) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || err != nil {
			return
		}
		name := envName(f.Name)
		if v, ok := os.LookupEnv(name); ok {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s=%q: %w", name, v, e)
			}
		}
	})
	return err
}

func envName(flagName string) string {
	return "LUMBUNG_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func bench(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "vrp" {
		return fmt.Errorf("bench: want \"bench vrp …\"\n%s", usage)
	}
	return vrpbench.Main(args[1:], stdout, stderr)
}
