package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lumbung-id/lumbung/jobs"
	"github.com/lumbung-id/lumbung/store"
	"github.com/lumbung-id/lumbung/store/storetest"
)

// solver is a fake: "block" jobs run until their context ends, "fail" jobs
// fail with a problem, others return their request as the result.
type solver struct {
	started  chan string
	finished atomic.Int32
}

func (s *solver) Solve(ctx context.Context, kind string, req json.RawMessage, progress func(store.Progress)) (*jobs.Outcome, error) {
	if s.started != nil {
		s.started <- kind
	}
	progress(store.Progress{Stage: "working", Fraction: 0.5})
	switch kind {
	case "block":
		<-ctx.Done()
		return nil, ctx.Err()
	case "fail":
		return nil, &jobs.Failure{Problem: json.RawMessage(`{"status":400,"title":"bad"}`)}
	}
	s.finished.Add(1)
	return &jobs.Outcome{Result: req}, nil
}

func openStore(t *testing.T, dsn string) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func run(t *testing.T, r *jobs.Runner) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return stop
}

func waitState(t *testing.T, st store.Store, id string, want store.State, within time.Duration) *store.Job {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		j, err := st.Job(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if j.State == want {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s: %s after %v, want %s", id, j.State, within, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestRunner(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, dsn string) {
		st := openStore(t, dsn)
		ctx := context.Background()
		sv := &solver{}
		r := jobs.New(st, sv, jobs.Config{Workers: 2, Poll: 10 * time.Millisecond, Lease: 2 * time.Second})
		run(t, r)
		for _, j := range []*store.Job{{ID: "ok", Kind: "echo", Request: json.RawMessage(`{"x":1}`)},
			{ID: "bad", Kind: "fail", Request: json.RawMessage(`{}`)}} {
			if err := st.CreateJob(ctx, j); err != nil {
				t.Fatal(err)
			}
			r.Wake()
		}
		if j := waitState(t, st, "ok", store.Done, 10*time.Second); string(j.Result) != `{"x":1}` {
			t.Errorf("result: got %s", j.Result)
		}
		if j := waitState(t, st, "bad", store.Failed, 10*time.Second); string(j.Error) != `{"status":400,"title":"bad"}` {
			t.Errorf("problem: got %s", j.Error)
		}
	})
}

// TestCancelRunning cancels a running job: its solve's context ends within
// a heartbeat and nothing is stored.
func TestCancelRunning(t *testing.T) {
	st := openStore(t, storetest.SQLite(t))
	ctx := context.Background()
	sv := &solver{started: make(chan string, 1)}
	r := jobs.New(st, sv, jobs.Config{Poll: 10 * time.Millisecond, Heartbeat: 50 * time.Millisecond})
	run(t, r)
	if err := st.CreateJob(ctx, &store.Job{ID: "long", Kind: "block", Request: json.RawMessage(`{}`)}); err != nil {
		t.Fatal(err)
	}
	<-sv.started
	if _, err := st.Cancel(ctx, "long"); err != nil {
		t.Fatal(err)
	}
	// the runner is free again once the solve returned: a new job runs
	if err := st.CreateJob(ctx, &store.Job{ID: "next", Kind: "echo", Request: json.RawMessage(`{}`)}); err != nil {
		t.Fatal(err)
	}
	waitState(t, st, "next", store.Done, 5*time.Second)
	if j, _ := st.Job(ctx, "long"); j.State != store.Cancelled || j.Result != nil {
		t.Errorf("cancelled job: got %+v", j)
	}
}

// TestTakeover: a runner stops mid-job and releases it; another runner
// takes the job over and completes it, once. (A runner killed without
// releasing: store's TestJobs and faults' TestKillWorkerMidJob.)
func TestTakeover(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, dsn string) {
		st := openStore(t, dsn)
		ctx := context.Background()
		dead := &solver{started: make(chan string, 1)}
		stopA := run(t, jobs.New(st, &blockAll{dead}, jobs.Config{Name: "a", Poll: 10 * time.Millisecond, Lease: 600 * time.Millisecond}))
		if err := st.CreateJob(ctx, &store.Job{ID: "j", Kind: "echo", Request: json.RawMessage(`{}`)}); err != nil {
			t.Fatal(err)
		}
		<-dead.started
		stopA()
		if j, _ := st.Job(ctx, "j"); j.State != store.Queued || j.Attempt != 1 {
			t.Fatalf("after runner a stopped: %+v, want it queued again", j)
		}
		sv := &solver{}
		run(t, jobs.New(st, sv, jobs.Config{Name: "b", Poll: 10 * time.Millisecond, Lease: 600 * time.Millisecond}))
		j := waitState(t, st, "j", store.Done, 10*time.Second)
		if j.Attempt != 2 || j.Worker != "b/0" || sv.finished.Load() != 1 {
			t.Errorf("taken over: attempt %d by %s, finished %d times; want attempt 2 by b/0, once", j.Attempt, j.Worker, sv.finished.Load())
		}
	})
}

// blockAll runs every job as a "block" job.
type blockAll struct{ *solver }

func (b *blockAll) Solve(ctx context.Context, _ string, req json.RawMessage, p func(store.Progress)) (*jobs.Outcome, error) {
	out, err := b.solver.Solve(ctx, "block", req, p)
	if err == nil {
		return nil, errors.New("a blocked solve returned")
	}
	return out, err
}

// TestNotify: on PostgreSQL an idle runner hears of a queued job at once,
// not at its next poll.
func TestNotify(t *testing.T) {
	st := openStore(t, storetest.Postgres(t))
	if _, ok := st.(store.Notifier); !ok {
		t.Fatal("the PostgreSQL store does not notify")
	}
	ctx := context.Background()
	run(t, jobs.New(st, &solver{}, jobs.Config{Poll: time.Hour}))
	time.Sleep(300 * time.Millisecond) // the runner's first poll found nothing; it listens now
	if err := st.CreateJob(ctx, &store.Job{ID: "j", Kind: "echo", Request: json.RawMessage(`{}`)}); err != nil {
		t.Fatal(err)
	}
	waitState(t, st, "j", store.Done, 10*time.Second)
}
