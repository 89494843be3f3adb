package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/corridor"
)

// worker runs `lumbung worker`: it solves the jobs queued in a shared
// database (normally PostgreSQL) until interrupted. Several workers on
// several machines may share one database; see jobs for the lease.
func worker(args []string, stderr io.Writer) error {
	fs := newFlags("worker", stderr)
	sf := addStoreFlags(fs, 2)
	if err := parseWithEnv(fs, args); err != nil {
		return err
	}
	if err := sf.check(); err != nil {
		return err
	}
	if *sf.workers < 1 {
		return fmt.Errorf("-workers: a worker needs at least 1, got %d", *sf.workers)
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	c, err := corridor.Default()
	if err != nil {
		return err
	}
	cfg := api.DefaultConfig()
	cfg.Logger = log
	st, err := sf.open(ctx, &cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := api.New(c, cfg) // the solver: the API's own solves, without HTTP
	if err != nil {
		return err
	}
	defer srv.Close()
	r, err := sf.runner(ctx, st, srv, log)
	if err != nil {
		return err
	}
	log.Info("lumbung worker ready", "db", dbName(*sf.db), "workers", *sf.workers, "lease", sf.leaseText(),
		"load", time.Since(start).Round(time.Millisecond))
	return r.Run(ctx)
}
