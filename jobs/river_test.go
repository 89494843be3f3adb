package jobs_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/lumbung-id/lumbung/jobs"
	"github.com/lumbung-id/lumbung/store"
	"github.com/lumbung-id/lumbung/store/storetest"
)

// runRiver starts River workers on the PostgreSQL database dsn until the
// test ends.
func runRiver(t *testing.T, dsn string, st store.Store, sv jobs.Solver, cfg jobs.Config) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r, err := jobs.NewRiver(ctx, dsn, st, sv, cfg)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("River stopped: %v", err)
		}
	})
}

func riverState(t *testing.T, dsn, id string) (state string, attempt int) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.QueryRow(`SELECT state, attempt FROM river_job WHERE args->>'job_id' = $1`, id).Scan(&state, &attempt)
	if err != nil {
		t.Fatal(err)
	}
	return state, attempt
}

func TestRiverDoneFailedCancelled(t *testing.T) {
	dsn := storetest.Postgres(t)
	st := openStore(t, dsn)
	ctx := context.Background()
	sv := &solver{}
	runRiver(t, dsn, st, sv, jobs.Config{Workers: 2, Name: "river-a"})
	for _, j := range []*store.Job{
		{ID: "ok", Kind: "echo", Request: json.RawMessage(`{"n":1}`)},
		{ID: "bad", Kind: "fail", Request: json.RawMessage(`{}`)},
		{ID: "long", Kind: "block", Request: json.RawMessage(`{}`)},
	} {
		if err := st.CreateJob(ctx, j); err != nil {
			t.Fatal(err)
		}
	}
	if j := waitState(t, st, "ok", store.Done, 10*time.Second); string(j.Result) != `{"n":1}` || j.Attempt != 1 {
		t.Errorf("ok: result %s attempt %d, want {\"n\":1} at attempt 1", j.Result, j.Attempt)
	}
	if j := waitState(t, st, "bad", store.Failed, 10*time.Second); string(j.Error) != `{"status":400,"title":"bad"}` {
		t.Errorf("bad: error %s", j.Error)
	}
	waitState(t, st, "long", store.Running, 10*time.Second)
	if _, err := st.Cancel(ctx, "long"); err != nil {
		t.Fatal(err)
	}
	// the cancel reaches the solve through River's context (or the next
	// heartbeat) and River records the job cancelled, not retried
	deadline := time.Now().Add(10 * time.Second)
	for {
		if s, _ := riverState(t, dsn, "long"); s == "cancelled" {
			break
		}
		if time.Now().After(deadline) {
			s, a := riverState(t, dsn, "long")
			t.Fatalf("River job of a cancelled job: %s at attempt %d, want cancelled", s, a)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if j, _ := st.Job(ctx, "long"); j.State != store.Cancelled {
		t.Errorf("long: %s, want cancelled", j.State)
	}
	for _, id := range []string{"ok", "bad"} {
		if s, _ := riverState(t, dsn, id); s != "completed" {
			t.Errorf("River job of %s: %s, want completed", id, s)
		}
	}
}

// lateSolver's first solve is a frozen process: it ignores its context
// and returns "first" only when release is closed; later solves return
// "second" at once.
type lateSolver struct {
	calls    atomic.Int32
	started  chan struct{}
	release  chan struct{}
	finished sync.WaitGroup
}

func (s *lateSolver) Solve(ctx context.Context, kind string, req json.RawMessage, progress func(store.Progress)) (*jobs.Outcome, error) {
	if s.calls.Add(1) == 1 {
		defer s.finished.Done()
		close(s.started)
		<-s.release
		return &jobs.Outcome{Result: json.RawMessage(`"first"`)}, nil
	}
	return &jobs.Outcome{Result: json.RawMessage(`"second"`)}, nil
}

// TestRiverRescuedFirstRunFinishesLate: River rescues a job while its
// first run still lives (as its rescuer does with a run that outlived
// RescueStuckJobsAfter: a frozen process, a paused VM); the rescue run
// stores its result, and the first run, finishing later, stores nothing.
func TestRiverRescuedFirstRunFinishesLate(t *testing.T) {
	dsn := storetest.Postgres(t)
	st := openStore(t, dsn)
	ctx := context.Background()
	sv := &lateSolver{started: make(chan struct{}), release: make(chan struct{})}
	sv.finished.Add(1)
	runRiver(t, dsn, st, sv, jobs.Config{Workers: 2, Name: "river-late"})
	if err := st.CreateJob(ctx, &store.Job{ID: "j", Kind: "echo", Request: json.RawMessage(`{}`)}); err != nil {
		t.Fatal(err)
	}
	<-sv.started
	// the rescuer's step: a running job becomes available again
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE river_job SET state = 'available', scheduled_at = now() WHERE args->>'job_id' = 'j'`); err != nil {
		t.Fatal(err)
	}
	j := waitState(t, st, "j", store.Done, 10*time.Second)
	if string(j.Result) != `"second"` || j.Attempt != 2 {
		t.Fatalf("job after the rescue: result %s attempt %d, want \"second\" at attempt 2", j.Result, j.Attempt)
	}
	close(sv.release) // the first run wakes up and finishes
	sv.finished.Wait()
	time.Sleep(300 * time.Millisecond) // let it try to record its result
	j, err = st.Job(ctx, "j")
	if err != nil || string(j.Result) != `"second"` || j.Attempt != 2 || j.State != store.Done {
		t.Errorf("job after the late first run: %+v, %v; want done with \"second\" at attempt 2", j, err)
	}
}

// TestCompleteFencedByStart: Start under a later attempt (River's rescue
// run) takes the job from the earlier run's claim, whose Complete, Fail
// and Heartbeat are then refused; the later run completes once.
func TestCompleteFencedByStart(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, dsn string) {
		st := openStore(t, dsn)
		ctx := context.Background()
		if err := st.CreateJob(ctx, &store.Job{ID: "j", Kind: "echo", Request: json.RawMessage(`{}`)}); err != nil {
			t.Fatal(err)
		}
		first, err := st.Start(ctx, "j", 1, "a", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		second, err := st.Start(ctx, "j", 2, "b", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Start(ctx, "j", 2, "c", time.Minute); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("a second start of attempt 2: %v, want ErrLeaseLost", err)
		}
		if err := st.Heartbeat(ctx, first.Claim(), store.Progress{}, time.Minute); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("first run's heartbeat: %v, want ErrLeaseLost", err)
		}
		if err := st.Complete(ctx, first.Claim(), json.RawMessage(`"first"`), nil); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("first run's complete: %v, want ErrLeaseLost", err)
		}
		if err := st.Fail(ctx, first.Claim(), json.RawMessage(`{}`)); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("first run's fail: %v, want ErrLeaseLost", err)
		}
		if err := st.Complete(ctx, second.Claim(), json.RawMessage(`"second"`), nil); err != nil {
			t.Fatal(err)
		}
		if err := st.Complete(ctx, second.Claim(), json.RawMessage(`"again"`), nil); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("a second complete: %v, want ErrLeaseLost", err)
		}
		if _, err := st.Start(ctx, "j", 3, "d", time.Minute); !errors.Is(err, store.ErrFinished) {
			t.Errorf("a start of a done job: %v, want ErrFinished", err)
		}
		j, _ := st.Job(ctx, "j")
		if j.State != store.Done || string(j.Result) != `"second"` || j.Attempt != 2 {
			t.Errorf("job: %s %s attempt %d, want done \"second\" attempt 2", j.State, j.Result, j.Attempt)
		}
	})
}

// TestRiverLastStartFails: a job River has started as often as it may
// (its workers kept dying) is failed, not solved, at its last start.
func TestRiverLastStartFails(t *testing.T) {
	dsn := storetest.Postgres(t)
	st := openStore(t, dsn)
	ctx := context.Background()
	if err := st.CreateJob(ctx, &store.Job{ID: "j", Kind: "echo", Request: json.RawMessage(`{}`)}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// three dead runs: River's next start is its last
	if _, err := db.Exec(`UPDATE river_job SET attempt = $1 - 1 WHERE args->>'job_id' = 'j'`, store.RiverMaxAttempts); err != nil {
		t.Fatal(err)
	}
	sv := &solver{}
	runRiver(t, dsn, st, sv, jobs.Config{Workers: 1, Name: "river-last"})
	j := waitState(t, st, "j", store.Failed, 10*time.Second)
	var p struct{ Type string }
	if err := json.Unmarshal(j.Error, &p); err != nil || p.Type != "urn:lumbung:problem:worker-lost" {
		t.Errorf("problem %s, want worker-lost", j.Error)
	}
	if n := sv.finished.Load(); n != 0 {
		t.Errorf("%d solves, want none", n)
	}
}

// TestRiverStopHandsBack: a River worker that stops hands its running job
// back at once; another worker runs it under the same attempt (a stop is
// not a failure).
func TestRiverStopHandsBack(t *testing.T) {
	dsn := storetest.Postgres(t)
	st := openStore(t, dsn)
	ctx := context.Background()
	if err := st.CreateJob(ctx, &store.Job{ID: "j", Kind: "block", Request: json.RawMessage(`{}`)}); err != nil {
		t.Fatal(err)
	}
	actx, stopA := context.WithCancel(ctx)
	a, err := jobs.NewRiver(actx, dsn, st, &solver{}, jobs.Config{Workers: 1, Name: "river-a"})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Run(actx) }()
	waitState(t, st, "j", store.Running, 10*time.Second)
	stopA()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if j, _ := st.Job(ctx, "j"); j.State != store.Queued {
		t.Fatalf("job after its worker stopped: %s, want queued", j.State)
	}
	// a "block" job blocks on solver: let the next worker answer it
	runRiver(t, dsn, st, echoAll{}, jobs.Config{Workers: 1, Name: "river-b"})
	if j := waitState(t, st, "j", store.Done, 10*time.Second); j.Attempt != 1 || !strings.HasPrefix(j.Worker, "river-b/") {
		t.Errorf("job: attempt %d by %s, want attempt 1 by river-b", j.Attempt, j.Worker)
	}
}

// echoAll answers every job with its request.
type echoAll struct{}

func (echoAll) Solve(ctx context.Context, kind string, req json.RawMessage, progress func(store.Progress)) (*jobs.Outcome, error) {
	return &jobs.Outcome{Result: req}, nil
}

// TestRiverRequeuesOrphans: a job whose River row a late earlier run
// finalized (River's completer does not check which run returned) while
// the rescue run held it, and whose rescue run then died, is started again
// by the River workers' sweep, under a later attempt, and done once; a
// job whose River row is live is left to River.
func TestRiverRequeuesOrphans(t *testing.T) {
	dsn := storetest.Postgres(t)
	st := openStore(t, dsn)
	ctx := context.Background()
	for _, id := range []string{"orphan", "queued", "live"} {
		if err := st.CreateJob(ctx, &store.Job{ID: id, Kind: "echo", Request: json.RawMessage(`{}`)}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := st.RequeueOrphans(ctx); err != nil || n != 0 {
		t.Fatalf("sweep over live River jobs: %d requeued, %v; want 0", n, err)
	}
	// "orphan": its rescue run (attempt 2) died, its lease has lapsed
	if _, err := st.Start(ctx, "orphan", 2, "dead-worker", time.Millisecond); err != nil {
		t.Fatal(err)
	}
	// "live": running under a lease that holds, River row finalized: its
	// run lives and may still finish, so it is not an orphan yet
	if _, err := st.Start(ctx, "live", 2, "live-worker", time.Hour); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// the late first runs' completions: River finalizes the rows
	if _, err := db.Exec(`UPDATE river_job SET state = 'cancelled', finalized_at = now()`); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	runRiver(t, dsn, st, echoAll{}, jobs.Config{Workers: 2, Name: "river-sweep", Lease: 300 * time.Millisecond})
	if j := waitState(t, st, "orphan", store.Done, 15*time.Second); j.Attempt != 3 || string(j.Result) != `{}` {
		t.Errorf("orphan: attempt %d result %s, want attempt 3 result {}", j.Attempt, j.Result)
	}
	if j := waitState(t, st, "queued", store.Done, 15*time.Second); j.Attempt != 1 {
		t.Errorf("queued orphan: attempt %d, want 1", j.Attempt)
	}
	time.Sleep(time.Second) // more sweeps: none may requeue a job again
	if j, _ := st.Job(ctx, "live"); j.State != store.Running || j.Attempt != 2 {
		t.Errorf("live: %s attempt %d, want running attempt 2 (its run's lease holds)", j.State, j.Attempt)
	}
	for id, want := range map[string]int{"orphan": 2, "queued": 2, "live": 1} {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM river_job WHERE args->>'job_id' = $1`, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("%s: %d River jobs, want %d", id, n, want)
		}
	}
}
