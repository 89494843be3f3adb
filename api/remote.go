package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/store"
)

// solveRemote runs a synchronous solve as a job, for a server that solves
// nothing itself (Config.RemoteSolve): it queues the job, waits for a
// worker to finish it, and cancels it if the client goes away or the
// request times out. Problems name fields as the synchronous endpoint
// does (without the job's "request." prefix).
func (s *Server) solveRemote(ctx context.Context, req *jobRequest) (*store.Job, error) {
	if err := s.checkJob(req); err != nil {
		return nil, unprefix(err)
	}
	n, err := s.store.QueuedJobs(ctx)
	if err != nil {
		return nil, err
	}
	if n >= s.cfg.MaxQueuedJobs {
		return nil, tooBusy(fmt.Sprintf("%d jobs are queued or running", n), 30*time.Second)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	j := &store.Job{ID: newID("job-"), Kind: req.Kind, Request: body, Owner: ownerOf(ctx)}
	if err := s.store.CreateJob(ctx, j); err != nil {
		return nil, err
	}
	id, final := j.ID, false
	defer func() {
		if !final {
			// nobody waits for the answer any more (the client left, the
			// request timed out, the store failed mid-wait): free the
			// worker. A fresh context: the request's may have ended.
			cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			_, _ = s.store.Cancel(cctx, id)
			cancel()
		}
	}()
	wait := 10 * time.Millisecond
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 200*time.Millisecond)
		if j, err = s.store.Job(ctx, id); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err() // the deadline fell inside the read
			}
			return nil, err
		}
		final = j.State.Final()
		switch j.State {
		case store.Done:
			return j, nil
		case store.Failed:
			var p Problem
			if json.Unmarshal(j.Error, &p) != nil || p.Status == 0 {
				return nil, fmt.Errorf("job %s failed: %s", j.ID, j.Error)
			}
			if p.Status >= 500 {
				p.Instance = ""
				return nil, &p
			}
			return nil, unprefix(&p)
		case store.Cancelled:
			return nil, &Problem{Type: TypeConflict, Title: "Solve cancelled", Status: http.StatusConflict,
				Detail: fmt.Sprintf("the solve was queued as job %s, which was cancelled", j.ID)}
		}
	}
}

// unprefix names a job problem's fields as the synchronous endpoints do.
func unprefix(err error) error {
	p, ok := err.(*Problem)
	if !ok {
		return err
	}
	q := *p
	q.Instance = ""
	q.InvalidParams = append([]InvalidParam(nil), p.InvalidParams...)
	for i := range q.InvalidParams {
		name := strings.TrimPrefix(strings.TrimPrefix(q.InvalidParams[i].Name, "request."), "options.")
		if name == "request" {
			name = "body"
		}
		q.InvalidParams[i].Name = name
		q.Detail = name + ": " + q.InvalidParams[i].Reason
	}
	return &q
}

func (s *Server) remotePlan(ctx context.Context, raw json.RawMessage) (*plan.Plan, error) {
	j, err := s.solveRemote(ctx, &jobRequest{Kind: KindPlan, Request: raw})
	if err != nil {
		return nil, err
	}
	if len(j.PlanIDs) != 1 {
		return nil, fmt.Errorf("plan job %s stored %d plans, want 1", j.ID, len(j.PlanIDs))
	}
	return s.store.Plan(ctx, j.PlanIDs[0])
}

func (s *Server) remoteCompare(w http.ResponseWriter, r *http.Request, req *compareRequest) error {
	raw, err := json.Marshal(req)
	if err != nil {
		return err
	}
	return s.writeRemote(w, r, &jobRequest{Kind: KindCompare, Request: raw})
}

// writeRemote has a worker solve req and answers with its result as is.
func (s *Server) writeRemote(w http.ResponseWriter, r *http.Request, req *jobRequest) error {
	j, err := s.solveRemote(r.Context(), req)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(j.Result)
	return err
}

func (s *Server) remoteVRP(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return jsonProblem(err, nil, &struct{}{})
	}
	q := r.URL.Query()
	opt := &vrpOptions{Vehicle: q.Get("vehicle"), TimeLimit: q.Get("time_limit")}
	if v := q.Get("iterations"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxVRPIterations {
			return invalid("iterations", "want an integer in [1, %d], got %q", MaxVRPIterations, v)
		}
		opt.Iterations = n
	}
	if v := q.Get("seed"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return invalid("seed", "want a non-negative integer, got %q", v)
		}
		opt.Seed = &n
	}
	return s.writeRemote(w, r, &jobRequest{Kind: KindVRP, Request: body, Options: opt})
}
