package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/lumbung-id/lumbung/jobs"
	"github.com/lumbung-id/lumbung/optimizer/plan"
	"github.com/lumbung-id/lumbung/optimizer/vrp/vroom"
	"github.com/lumbung-id/lumbung/store"
)

// Job kinds: what POST /v1/jobs may queue.
const (
	KindPlan    = "plan"    // request: a scenario, as POST /v1/plans takes
	KindCompare = "compare" // request: {"scenarios":[…]}, as POST /v1/plans/compare takes
	KindVRP     = "vrp"     // request: VROOM input, as POST /v1/vrp takes; options: its query parameters
)

// jobRequest is the body of POST /v1/jobs.
type jobRequest struct {
	Kind    string          `json:"kind"`
	Request json.RawMessage `json:"request"`
	Options *vrpOptions     `json:"options,omitempty"`
}

// vrpOptions are a vrp job's options: POST /v1/vrp's query parameters.
type vrpOptions struct {
	Vehicle    string  `json:"vehicle,omitempty"`
	TimeLimit  string  `json:"time_limit,omitempty"`
	Iterations int     `json:"iterations,omitempty"`
	Seed       *uint64 `json:"seed,omitempty"`
}

func (o *vrpOptions) values() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	if o.Vehicle != "" {
		q.Set("vehicle", o.Vehicle)
	}
	if o.TimeLimit != "" {
		q.Set("time_limit", o.TimeLimit)
	}
	if o.Iterations != 0 {
		q.Set("iterations", strconv.Itoa(o.Iterations))
	}
	if o.Seed != nil {
		q.Set("seed", strconv.FormatUint(*o.Seed, 10))
	}
	return q
}

// jobView is a job as the API shows it.
type jobView struct {
	ID       string          `json:"id"`
	Kind     string          `json:"kind"`
	State    store.State     `json:"state"`
	Progress store.Progress  `json:"progress"`
	Attempt  int             `json:"attempt"`
	Created  time.Time       `json:"created"`
	Started  *time.Time      `json:"started,omitempty"`
	Finished *time.Time      `json:"finished,omitempty"`
	QueuedMS *float64        `json:"queued_ms,omitempty"` // created → (latest) start
	RunMS    *float64        `json:"run_ms,omitempty"`    // start → finish, or now while running
	Result   string          `json:"result,omitempty"`    // link, when done
	Plans    []string        `json:"plans,omitempty"`     // links to the plans the job stored
	Error    json.RawMessage `json:"error,omitempty"`     // the problem, when failed
	Self     string          `json:"self"`
	Events   string          `json:"events"`
}

func ms(d time.Duration) *float64 {
	v := round(float64(d.Microseconds())/1000, 1)
	return &v
}

func viewJob(j *store.Job) *jobView {
	prog := store.Progress{Stage: j.Progress.Stage, Fraction: round(j.Progress.Fraction, 4)}
	v := &jobView{ID: j.ID, Kind: j.Kind, State: j.State, Progress: prog, Attempt: j.Attempt, Created: j.Created,
		Error: j.Error, Self: "/v1/jobs/" + j.ID, Events: "/v1/jobs/" + j.ID + "/events"}
	if !j.Started.IsZero() {
		v.Started = &j.Started
		v.QueuedMS = ms(j.Started.Sub(j.Created))
		end := time.Now()
		if !j.Finished.IsZero() {
			end = j.Finished
		}
		v.RunMS = ms(end.Sub(j.Started))
	}
	if !j.Finished.IsZero() {
		v.Finished = &j.Finished
	}
	for _, id := range j.PlanIDs {
		v.Plans = append(v.Plans, "/v1/plans/"+id)
	}
	if j.State == store.Done {
		v.Result = "/v1/jobs/" + j.ID + "/result"
		if j.Kind == KindPlan && len(v.Plans) == 1 {
			v.Result = v.Plans[0]
		}
	}
	return v
}

func (s *Server) mountJobs(handle func(path, method string, h func(http.ResponseWriter, *http.Request) error)) {
	handle("/v1/jobs", http.MethodPost, s.createJob)
	handle("/v1/jobs/{id}", http.MethodGet, s.getJob)
	handle("/v1/jobs/{id}", http.MethodDelete, s.cancelJob)
	handle("/v1/jobs/{id}/result", http.MethodGet, s.jobResult)
	handle("/v1/jobs/{id}/events", http.MethodGet, s.jobEvents)
}

// decodeStrict decodes b into v, refusing unknown fields, and names fields
// in problems under prefix.
func decodeStrict(b []byte, v any, prefix string) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		p := asProblem(jsonProblem(err, b, v))
		for i := range p.InvalidParams {
			name := p.InvalidParams[i].Name
			if name == "body" {
				name = ""
			}
			p.InvalidParams[i].Name = strings.TrimSuffix(prefix+name, ".")
			p.Detail = p.InvalidParams[i].Name + ": " + p.InvalidParams[i].Reason
		}
		return p
	}
	return nil
}

// createJob answers POST /v1/jobs: the request is checked now (a bad one
// is a 400 naming the field), queued, and answered 202 with its Location.
func (s *Server) createJob(w http.ResponseWriter, r *http.Request) error {
	var req jobRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := s.checkJob(&req); err != nil {
		return err
	}
	n, err := s.store.QueuedJobs(r.Context())
	if err != nil {
		return err
	}
	if n >= s.cfg.MaxQueuedJobs {
		return tooBusy(fmt.Sprintf("%d jobs are queued or running", n), 30*time.Second)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	j := &store.Job{ID: newID("job-"), Kind: req.Kind, Request: body, Owner: ownerOf(r.Context())}
	if err := s.store.CreateJob(r.Context(), j); err != nil {
		return err
	}
	if s.cfg.WakeJobs != nil {
		s.cfg.WakeJobs()
	}
	w.Header().Set("Location", "/v1/jobs/"+j.ID)
	writeJSON(w, http.StatusAccepted, "application/json", viewJob(j))
	return nil
}

// checkJob validates a job request as far as it can without solving.
func (s *Server) checkJob(req *jobRequest) error {
	if len(bytes.TrimSpace(req.Request)) == 0 || bytes.Equal(bytes.TrimSpace(req.Request), []byte("null")) {
		if req.Kind == KindPlan {
			req.Request = json.RawMessage(`{}`) // the dataset as it is, like an empty POST /v1/plans
		} else if req.Kind != "" {
			return invalid("request", "required: the %s request", req.Kind)
		}
	}
	if req.Options != nil && req.Kind != KindVRP {
		return invalid("options", "only vrp jobs take options")
	}
	now := time.Now()
	if s.model == nil && (req.Kind == KindPlan || req.Kind == KindCompare) {
		return unprocessable(TypeUnreachable, "network", "the loaded network cannot be planned: %v", s.noPlans)
	}
	switch req.Kind {
	case KindPlan:
		var sc plan.Scenario
		if err := decodeStrict(req.Request, &sc, "request."); err != nil {
			return err
		}
		if err := zeroHorizon(req.Request, "request."); err != nil {
			return err
		}
		return planError(s.model.Validate(&sc, now), "request.")
	case KindCompare:
		var cr compareRequest
		if err := decodeStrict(req.Request, &cr, "request."); err != nil {
			return err
		}
		if n := len(cr.Scenarios); n < 2 || n > MaxCompare {
			return invalid("request.scenarios", "want 2 to %d scenarios, got %d", MaxCompare, n)
		}
		var raw struct{ Scenarios []json.RawMessage }
		_ = json.Unmarshal(req.Request, &raw)
		for i, sc := range raw.Scenarios {
			if err := zeroHorizon(sc, fmt.Sprintf("request.scenarios[%d].", i)); err != nil {
				return err
			}
		}
		for i := range cr.Scenarios {
			if err := s.model.Validate(&cr.Scenarios[i], now); err != nil {
				return planError(err, fmt.Sprintf("request.scenarios[%d].", i))
			}
		}
		return nil
	case KindVRP:
		var in vroom.Input
		if err := decodeStrict(req.Request, &in, "request."); err != nil {
			return err
		}
		return s.checkVRPOptions(req.Options)
	case "":
		return invalid("kind", "required: one of plan, compare, vrp")
	}
	return invalid("kind", "want one of plan, compare, vrp, got %q", req.Kind)
}

func (s *Server) checkVRPOptions(o *vrpOptions) error {
	if o == nil {
		return nil
	}
	if o.TimeLimit != "" {
		d, err := time.ParseDuration(o.TimeLimit)
		if err != nil || d <= 0 || d > MaxVRPTime {
			return invalid("options.time_limit", "want a duration in (0, %v], got %q", MaxVRPTime, o.TimeLimit)
		}
	}
	if o.Iterations < 0 || o.Iterations > MaxVRPIterations {
		return invalid("options.iterations", "want an integer in [1, %d], got %d", MaxVRPIterations, o.Iterations)
	}
	if _, ok := s.profiles[o.Vehicle]; o.Vehicle != "" && !ok {
		return invalid("options.vehicle", "unknown vehicle class %q (see /v1/vehicles)", o.Vehicle)
	}
	return nil
}

func (s *Server) lookupJob(r *http.Request) (*store.Job, error) {
	id := mux.Vars(r)["id"]
	j, err := s.store.Job(r.Context(), id)
	if err != nil {
		return nil, storeError(err, "job", id)
	}
	return j, nil
}

func (s *Server) getJob(w http.ResponseWriter, r *http.Request) error {
	j, err := s.lookupJob(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, "application/json", viewJob(j))
	return nil
}

// cancelJob answers DELETE /v1/jobs/{id}: a queued job will not run; a
// running one stops at its worker's next heartbeat and stores nothing.
func (s *Server) cancelJob(w http.ResponseWriter, r *http.Request) error {
	id := mux.Vars(r)["id"]
	j, err := s.store.Cancel(r.Context(), id)
	if errors.Is(err, store.ErrFinished) {
		return &Problem{Type: TypeConflict, Title: "Job already finished", Status: http.StatusConflict,
			Detail: fmt.Sprintf("job %s is %s: only queued or running jobs can be cancelled", id, j.State)}
	}
	if err != nil {
		return storeError(err, "job", id)
	}
	writeJSON(w, http.StatusOK, "application/json", viewJob(j))
	return nil
}

// TypeConflict is the problem type of a request the resource's state
// forbids.
const TypeConflict = "urn:lumbung:problem:conflict"

// jobResult answers GET /v1/jobs/{id}/result: the finished job's answer,
// as its synchronous endpoint would have given it.
func (s *Server) jobResult(w http.ResponseWriter, r *http.Request) error {
	j, err := s.lookupJob(r)
	if err != nil {
		return err
	}
	if j.State != store.Done {
		return &Problem{Type: TypeConflict, Title: "Job has no result", Status: http.StatusConflict,
			Detail: fmt.Sprintf("job %s is %s; results exist once it is done", j.ID, j.State)}
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(j.Result)
	return err
}

// jobEvents answers GET /v1/jobs/{id}/events with Server-Sent Events: a
// "progress" event whenever the job's state or progress changes, then one
// final event named for its final state (done, failed, cancelled), each
// carrying the job as GET /v1/jobs/{id} shows it. A stream lasts at most
// the request time limit; EventSource clients reconnect by themselves.
func (s *Server) jobEvents(w http.ResponseWriter, r *http.Request) error {
	j, err := s.lookupJob(r)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	ctx := r.Context()
	end, ok := ctx.Deadline()
	if !ok {
		end = time.Now().Add(s.cfg.RequestTimeout)
	}
	stop := time.NewTimer(time.Until(end) - time.Second)
	defer stop.Stop()
	fmt.Fprintf(w, "retry: 1000\n\n")
	var last string
	seq := 0
	for {
		v := viewJob(j)
		b, _ := json.Marshal(v)
		key := fmt.Sprintf("%s %d %s %.4f", j.State, j.Attempt, j.Progress.Stage, j.Progress.Fraction)
		if key != last {
			seq++
			name := "progress"
			if j.State.Final() {
				name = string(j.State)
			}
			fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", seq, name, b)
			if err := rc.Flush(); err != nil {
				return nil // the client went away
			}
			last = key
		}
		if j.State.Final() {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-stop.C:
			return nil
		case <-time.After(200 * time.Millisecond):
		}
		if j, err = s.store.Job(ctx, j.ID); err != nil {
			return nil // headers are sent: a problem body would corrupt the stream
		}
	}
}

// Solve runs a queued job (jobs.Solver): the same solves as the
// synchronous endpoints, with progress, returning the plans to store
// rather than storing them.
func (s *Server) Solve(ctx context.Context, kind string, raw json.RawMessage, progress func(store.Progress)) (*jobs.Outcome, error) {
	var req jobRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil, jobFailure(invalid("request", "%v", err))
	}
	out, err := s.solveJob(ctx, &req, progress)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, jobFailure(err)
	}
	return out, nil
}

func (s *Server) solveJob(ctx context.Context, req *jobRequest, progress func(store.Progress)) (*jobs.Outcome, error) {
	switch req.Kind {
	case KindPlan:
		var sc plan.Scenario
		if err := decodeStrict(req.Request, &sc, "request."); err != nil {
			return nil, err
		}
		rec, err := s.planJob(ctx, &sc, req.Request, func(stage string, f float64) { progress(store.Progress{Stage: stage, Fraction: f}) })
		if err != nil {
			return nil, planError(err, "request.")
		}
		res, _ := json.Marshal(map[string]string{"plan_id": rec.Plan.ID})
		return &jobs.Outcome{Result: res, Plans: []*store.Record{rec}}, nil
	case KindCompare:
		var cr compareRequest
		if err := decodeStrict(req.Request, &cr, "request."); err != nil {
			return nil, err
		}
		var recs []*store.Record
		n := float64(len(cr.Scenarios))
		kpis, err := compare(&cr, func(sc *plan.Scenario) (*plan.Plan, error) {
			i := float64(len(recs))
			raw, err := json.Marshal(sc)
			if err != nil {
				return nil, err
			}
			rec, err := s.planJob(ctx, sc, raw, func(stage string, f float64) {
				progress(store.Progress{Stage: fmt.Sprintf("scenario %.0f of %.0f: %s", i+1, n, stage), Fraction: (i + f) / n})
			})
			if err != nil {
				return nil, err
			}
			recs = append(recs, rec)
			return rec.Plan, nil
		})
		if err != nil {
			return nil, prefixProblem(err, "request.")
		}
		res, err := json.Marshal(map[string]any{"scenarios": kpis})
		return &jobs.Outcome{Result: res, Plans: recs}, err
	case KindVRP:
		progress(store.Progress{Stage: "search", Fraction: 0})
		out, err := s.vrp(ctx, bytes.NewReader(req.Request), req.Options.values(), false)
		if err != nil {
			return nil, prefixProblem(err, "request.")
		}
		res, err := json.Marshal(out)
		return &jobs.Outcome{Result: res}, err
	}
	return nil, invalid("kind", "want one of plan, compare, vrp, got %q", req.Kind)
}

// planJob solves one scenario with progress and readies it for the store.
func (s *Server) planJob(ctx context.Context, sc *plan.Scenario, raw json.RawMessage, progress plan.Progress) (*store.Record, error) {
	if s.model == nil {
		return nil, fmt.Errorf("api: the loaded network cannot be planned: %w", s.noPlans)
	}
	p, err := s.model.Plan(plan.WithProgress(ctx, progress), sc, time.Now())
	if err != nil {
		return nil, err
	}
	return s.record(p, raw)
}

// prefixProblem names a problem's fields under prefix (request fields of
// a job, reported by the code that serves them at the top level), except
// the query-parameter options of vrp jobs.
func prefixProblem(err error, prefix string) error {
	var p *Problem
	if !errors.As(err, &p) {
		return err
	}
	q := *p
	q.InvalidParams = append([]InvalidParam(nil), p.InvalidParams...)
	for i := range q.InvalidParams {
		name := q.InvalidParams[i].Name
		switch name {
		case "time_limit", "seed", "vehicle":
			name = "options." + name
		default:
			name = strings.TrimSuffix(prefix+strings.TrimPrefix(name, "body"), ".")
		}
		q.InvalidParams[i].Name = name
		q.Detail = name + ": " + q.InvalidParams[i].Reason
	}
	return &q
}

// jobFailure turns a solve's error into a job failure carrying its
// problem; internal errors stay errors (the runner logs them and the job
// fails with an internal problem that does not leak their text).
func jobFailure(err error) error {
	p := asProblem(err)
	if p.Status >= 500 {
		return err
	}
	b, jerr := json.Marshal(p)
	if jerr != nil {
		return err
	}
	return &jobs.Failure{Problem: b}
}
