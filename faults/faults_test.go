package faults_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lumbung-id/lumbung/store"
	"github.com/lumbung-id/lumbung/store/storetest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds cmd/lumbung once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "lumbung-faults-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "lumbung")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/lumbung-id/lumbung/cmd/lumbung").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// proc is a lumbung process the test runs and may kill.
type proc struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	log  bytes.Buffer
	addr string
}

func (p *proc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.Write(b)
}

func (p *proc) logText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

// kill9 kills the process with SIGKILL and waits for it.
func (p *proc) kill9() {
	_ = p.cmd.Process.Kill()
	_ = p.cmd.Wait()
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// start runs `lumbung args…` and waits until its log says ready.
func start(t *testing.T, args ...string) *proc {
	t.Helper()
	p := &proc{}
	if args[0] == "serve" {
		p.addr = freeAddr(t)
		args = append(args, "-addr", p.addr)
	}
	p.cmd = exec.Command(binary(t), args...)
	p.cmd.Stdout, p.cmd.Stderr = p, p
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.kill9)
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(p.logText(), "ready") {
		if time.Now().After(deadline) || p.cmd.ProcessState != nil {
			t.Fatalf("lumbung %v did not start:\n%s", args, p.logText())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if p.addr != "" {
		for {
			if resp, err := http.Get("http://" + p.addr + "/healthz"); err == nil {
				resp.Body.Close()
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("lumbung %v does not answer:\n%s", args, p.logText())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return p
}

func post(addr, path, body string) (int, []byte, error) {
	resp, err := http.Post("http://"+addr+path, "application/json", strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// tiny is a one-day plan at 1% of the default demand: a fraction of a
// second to solve.
const tiny = `{"start":"2026-03-16","horizon_days":1,"demand_multipliers":{"rice":0.01,"corn":0.01,"cassava":0.01,"chicken":0.01,"banana":0.01,"pineapple":0.01}}`

// TestKillServerWhileWriting kills the server (SIGKILL) while clients are
// creating plans, three times over: after each restart the database passes
// its integrity check, every plan a client was told about (201) is there,
// and every stored plan is whole (its shipments and layers all there).
func TestKillServerWhileWriting(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lumbung.db")
	var acked []string
	for round := 0; round < 3; round++ {
		srv := start(t, "serve", "-db", db, "-workers", "1")
		var mu sync.Mutex
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for c := 0; c < 4; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					code, b, err := post(srv.addr, "/v1/plans", tiny)
					if err != nil {
						return // the server died mid-request: not acknowledged
					}
					if code == http.StatusCreated {
						var p struct{ ID string }
						if json.Unmarshal(b, &p) == nil {
							mu.Lock()
							acked = append(acked, p.ID)
							mu.Unlock()
						}
					}
				}
			}()
		}
		time.Sleep(time.Duration(1500+500*round) * time.Millisecond)
		srv.kill9()
		close(stop)
		wg.Wait()
		checkSQLite(t, db, acked)
	}
	if len(acked) < 3 {
		t.Fatalf("only %d plans acknowledged: the test did not exercise writes", len(acked))
	}
	// a restarted server serves them
	srv := start(t, "serve", "-db", db, "-workers", "1")
	for _, id := range acked {
		resp, err := http.Get("http://" + srv.addr + "/v1/plans/" + id + "/shipments.csv")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("plan %s after restart: got %d", id, resp.StatusCode)
		}
	}
	t.Logf("%d plans acknowledged over 3 kills", len(acked))
}

// checkSQLite opens the killed server's database as the next start would.
func checkSQLite(t *testing.T, path string, acked []string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer st.Close()
	if ok, err := store.IntegrityCheck(ctx, st); err != nil || ok != "ok" {
		t.Fatalf("integrity check: %q, %v", ok, err)
	}
	for _, id := range acked {
		if _, err := st.Plan(ctx, id); err != nil {
			t.Errorf("acknowledged plan %s: %v", id, err)
		}
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkWhole(t, db, "?")
}

// checkWhole checks every stored plan has all its shipments and layers.
func checkWhole(t *testing.T, db *sql.DB, ph string) {
	t.Helper()
	rows, err := db.Query(`SELECT id, body FROM plans`)
	if err != nil {
		t.Fatal(err)
	}
	type stored struct {
		id        string
		shipments int
	}
	var all []stored
	for rows.Next() {
		var id, body string
		if err := rows.Scan(&id, &body); err != nil {
			t.Fatal(err)
		}
		var p struct{ Shipments []json.RawMessage }
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Errorf("plan %s: body is not whole JSON: %v", id, err)
		}
		all = append(all, stored{id, len(p.Shipments)})
	}
	rows.Close()
	q := func(s string) string { return strings.ReplaceAll(s, "?", ph) }
	for _, p := range all {
		var ships, lanes, buyers int
		db.QueryRow(q(`SELECT COUNT(*) FROM plan_shipments WHERE plan_id = ?`), p.id).Scan(&ships)
		db.QueryRow(q(`SELECT COUNT(*) FROM plan_lanes WHERE plan_id = ?`), p.id).Scan(&lanes)
		db.QueryRow(q(`SELECT COUNT(*) FROM plan_buyers WHERE plan_id = ?`), p.id).Scan(&buyers)
		if ships != p.shipments || (ships > 0 && lanes == 0) || buyers == 0 {
			t.Errorf("plan %s is partial: %d of %d shipments, %d lanes, %d buyers", p.id, ships, p.shipments, lanes, buyers)
		}
	}
}

// TestKillWorkerMidJob kills a worker (SIGKILL) while it solves a job:
// after its lease another worker runs the job to completion, and the
// job's plan is stored once. On PostgreSQL the lease is River's rescue
// delay, which must exceed the job timeout (10 s: the plan takes about
// 1 s alone, more under load): 12 s. River's leadership passes from the
// killed worker to the new one within about 20 s; its rescuer runs then
// and every 30 s, and its scheduler makes the rescued job available
// within 5 s, so the job may wait up to about a minute before it runs.
func TestKillWorkerMidJob(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		flags := []string{"worker", "-db", dsn, "-workers", "1", "-lease", "1s"}
		if store.IsPostgres(dsn) {
			flags = []string{"worker", "-db", dsn, "-workers", "1", "-lease", "12s", "-job-timeout", "10s"}
		}
		a := start(t, flags...)
		// a plan long enough to be killed in the middle of
		req := `{"kind":"plan","request":{"start":"2026-03-16","horizon_days":14}}`
		if err := st.CreateJob(ctx, &store.Job{ID: "job-long", Kind: "plan", Request: json.RawMessage(req)}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 30*time.Second, func() bool {
			j, err := st.Job(ctx, "job-long")
			return err == nil && j.State == store.Running && j.Progress.Fraction > 0
		})
		a.kill9()
		b := start(t, flags...)
		var j *store.Job
		within := 60 * time.Second
		if store.IsPostgres(dsn) {
			within = 2 * time.Minute // River's intervals above
		}
		waitFor(t, within, func() bool {
			j, err = st.Job(ctx, "job-long")
			return err == nil && j.State.Final()
		})
		if j.State != store.Done || j.Attempt != 2 || len(j.PlanIDs) != 1 {
			t.Fatalf("job after the kill: %+v\nworker b:\n%s", j, b.logText())
		}
		if store.IsPostgres(dsn) && !strings.Contains(j.Worker, "/river-") {
			t.Errorf("job run by %q, want a River worker", j.Worker)
		}
		ps, _, err := st.Plans(ctx, 10, "")
		if err != nil || len(ps) != 1 || ps[0].ID != j.PlanIDs[0] {
			t.Errorf("stored plans: %+v, %v; want the job's one plan", ps, err)
		}
		if n := strings.Count(b.logText(), `msg="job done"`); n != 1 {
			t.Errorf("worker b finished %d jobs, want 1", n)
		}
	})
}

func waitFor(t *testing.T, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %v", within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestManyWorkers runs one API (no local solving) and three workers on one
// PostgreSQL: 200 mixed small jobs, each completed exactly once.
func TestManyWorkers(t *testing.T) {
	dsn := storetest.Postgres(t)
	api := start(t, "serve", "-db", dsn, "-workers", "0")
	var workers []*proc
	for i := 0; i < 3; i++ {
		workers = append(workers, start(t, "worker", "-db", dsn, "-workers", "1"))
	}
	vrp := `{"vehicles":[{"id":1,"start_index":0,"end_index":0,"capacity":[4]}],
		"jobs":[{"id":1,"location_index":1,"delivery":[1]},{"id":2,"location_index":2,"delivery":[1]}],
		"matrices":{"car":{"durations":[[0,5,9],[5,0,4],[9,4,0]]}}}`
	bodies := []string{
		`{"kind":"plan","request":` + tiny + `}`,
		`{"kind":"vrp","request":` + vrp + `,"options":{"time_limit":"20ms"}}`,
		`{"kind":"compare","request":{"scenarios":[` + tiny + `,` + strings.Replace(tiny, `"rice":0.01`, `"rice":0.02`, 1) + `]}}`,
		`{"kind":"vrp","request":` + vrp + `,"options":{"time_limit":"20ms","seed":7}}`,
	}
	const n = 200
	ids := make([]string, n)
	wantPlans := 0
	for i := range ids {
		body := bodies[i%len(bodies)]
		code, b, err := post(api.addr, "/v1/jobs", body)
		if err != nil || code != http.StatusAccepted {
			t.Fatalf("job %d: %d %v %s", i, code, err, b)
		}
		var j struct{ ID string }
		json.Unmarshal(b, &j)
		ids[i] = j.ID
		wantPlans += strings.Count(body, `"horizon_days":1`)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	waitFor(t, 5*time.Minute, func() bool {
		q, err := st.QueuedJobs(ctx)
		return err == nil && q == 0
	})
	plans := map[string]bool{}
	for _, id := range ids {
		j, err := st.Job(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if j.State != store.Done || j.Attempt != 1 {
			t.Errorf("job %s: %s after %d attempts, error %s", id, j.State, j.Attempt, j.Error)
		}
		for _, p := range j.PlanIDs {
			if plans[p] {
				t.Errorf("plan %s stored by two jobs", p)
			}
			plans[p] = true
		}
	}
	if len(plans) != wantPlans {
		t.Errorf("jobs stored %d plans, want %d", len(plans), wantPlans)
	}
	// each job finished once, by one worker
	done := map[string]int{}
	for i, w := range workers {
		sc := bufio.NewScanner(strings.NewReader(w.logText()))
		per := 0
		for sc.Scan() {
			line := sc.Text()
			if !strings.Contains(line, `msg="job done"`) {
				continue
			}
			per++
			for _, f := range strings.Fields(line) {
				if id, ok := strings.CutPrefix(f, "job="); ok {
					done[id]++
				}
			}
		}
		t.Logf("worker %d ran %d jobs", i, per)
	}
	for _, id := range ids {
		if done[id] != 1 {
			t.Errorf("job %s completed %d times, want once", id, done[id])
		}
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var stored int
	db.QueryRow(`SELECT COUNT(*) FROM plans`).Scan(&stored)
	if stored != wantPlans {
		t.Errorf("plans table holds %d plans, want %d", stored, wantPlans)
	}
	checkWhole(t, db, "$1")
}
