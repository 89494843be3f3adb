//go:build unix

package benchmarks

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http/httptest"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/jobs"
	"github.com/lumbung-id/lumbung/store"
	"github.com/lumbung-id/lumbung/store/storetest"
)

// tinyPlan is a one-day plan at 1% of the default demand: the small job of
// the job benchmarks.
const tinyPlan = `{"kind":"plan","request":{"start":"2026-03-16","horizon_days":1,"demand_multipliers":` +
	`{"rice":0.01,"corn":0.01,"cassava":0.01,"chicken":0.01,"banana":0.01,"pineapple":0.01}}}`

var quiet = slog.New(slog.DiscardHandler)

var storeBackends = []struct {
	name string
	dsn  func(testing.TB) string
}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}}

// jobServer is the default dataset's API over a fresh store of a backend.
func jobServer(b *testing.B, dsn string, wake func()) (*api.Server, store.Store) {
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	cfg := api.DefaultConfig()
	cfg.Store, cfg.WakeJobs, cfg.Logger = st, wake, quiet
	s, err := api.New(mustLoad(b), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s, st
}

func runRunner(b *testing.B, r *jobs.Runner) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	b.Cleanup(func() { cancel(); <-done })
}

// runRiver runs River's workers (what `lumbung worker` runs on
// PostgreSQL) until the benchmark ends.
func runRiver(b *testing.B, dsn string, st store.Store, sv jobs.Solver, cfg jobs.Config) {
	ctx, cancel := context.WithCancel(context.Background())
	r, err := jobs.NewRiver(ctx, dsn, st, sv, cfg)
	if err != nil {
		b.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = r.Run(ctx); close(done) }()
	b.Cleanup(func() { cancel(); <-done })
}

// BenchmarkJobThroughput runs b.N small plan jobs, queued beforehand, with
// 1, 2 and 4 workers in one process; jobs/s is the throughput.
func BenchmarkJobThroughput(b *testing.B) {
	for _, bk := range storeBackends {
		for _, w := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("%s/workers=%d", bk.name, w), func(b *testing.B) {
				dsn := bk.dsn(b)
				s, st := jobServer(b, dsn, nil)
				ctx := context.Background()
				for i := 0; i < b.N; i++ {
					j := &store.Job{ID: fmt.Sprintf("job-%d", i), Kind: api.KindPlan, Request: json.RawMessage(tinyPlan)}
					if err := st.CreateJob(ctx, j); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportAllocs()
				b.ResetTimer()
				cpu0 := cpuTime()
				cfg := jobs.Config{Workers: w, Poll: 2 * time.Millisecond, Logger: quiet}
				if store.IsPostgres(dsn) {
					cfg.Poll = 50 * time.Millisecond // River fetches at once after each job and on its NOTIFY; the poll is a fallback
					runRiver(b, dsn, st, s, cfg)
				} else {
					runRunner(b, jobs.New(st, s, cfg))
				}
				for {
					n, err := st.QueuedJobs(ctx)
					if err != nil {
						b.Fatal(err)
					}
					if n == 0 {
						break
					}
					time.Sleep(2 * time.Millisecond)
				}
				b.StopTimer()
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "jobs/s")
				// CPU per job tells a busy machine from a scaling limit
				b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/job")
			})
		}
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkJobStartLatency measures the time from POST /v1/jobs to a
// worker starting the job (the job's queued time), one job at a time to
// an idle worker: "wake" is a worker in the API's process (woken when a
// job is queued), "remote" one in another process: it hears of the job
// through PostgreSQL's NOTIFY, or on SQLite finds it at its next poll
// (every jobs.DefaultPoll); "river" (PostgreSQL) is River's worker, as
// `lumbung worker` runs it there, in another process as far as the API
// knows (River's producers hear of jobs through its own NOTIFY).
func BenchmarkJobStartLatency(b *testing.B) {
	for _, bk := range storeBackends {
		for _, mode := range []string{"wake", "remote", "river"} {
			if mode == "river" && bk.name != "postgres" {
				continue
			}
			b.Run(bk.name+"/"+mode, func(b *testing.B) {
				var r *jobs.Runner
				wake := func() { r.Wake() }
				if mode != "wake" {
					wake = nil
				}
				dsn := bk.dsn(b)
				s, st := jobServer(b, dsn, wake)
				if mode == "river" {
					runRiver(b, dsn, st, s, jobs.Config{Workers: 1, Logger: quiet})
				} else {
					r = jobs.New(st, s, jobs.Config{Workers: 1, Logger: quiet})
					runRunner(b, r)
				}
				ctx := context.Background()
				var lat []time.Duration
				for b.Loop() {
					// jobs arrive at random moments of the worker's poll cycle
					time.Sleep(time.Duration(rand.Int64N(int64(jobs.DefaultPoll))))
					rec := httptest.NewRecorder()
					s.ServeHTTP(rec, httptest.NewRequest("POST", "/v1/jobs", strings.NewReader(tinyPlan)))
					var v struct{ ID string }
					if rec.Code != 202 || json.Unmarshal(rec.Body.Bytes(), &v) != nil {
						b.Fatalf("POST /v1/jobs: %d %s", rec.Code, rec.Body)
					}
					for {
						j, err := st.Job(ctx, v.ID)
						if err != nil {
							b.Fatal(err)
						}
						if j.State.Final() {
							lat = append(lat, j.Started.Sub(j.Created))
							break
						}
						time.Sleep(time.Millisecond)
					}
				}
				sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
				q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
				b.ReportMetric(q(0.5), "p50-ms")
				b.ReportMetric(q(0.99), "p99-ms")
			})
		}
	}
}
