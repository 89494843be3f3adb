package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/optimizer/route"
	"github.com/lumbung-id/lumbung/optimizer/vrp"
	"github.com/lumbung-id/lumbung/optimizer/vrp/vroom"
)

// VRP limits: the search time a request may ask for, its default, and the
// most genetic iterations it may ask for.
const (
	DefaultVRPTime   = 2 * time.Second
	MaxVRPTime       = 20 * time.Second
	MaxVRPIterations = 1_000_000
)

// solveVRP answers POST /v1/vrp: VROOM's input JSON in, VROOM's output
// shape out. With coordinates instead of matrices, durations and distances
// come from Lumbung's router (fastest paths) for the vehicle class named by
// the query parameter vehicle (default tronton). Query parameters time_limit (a Go
// duration, at most MaxVRPTime), iterations (a work bound: with a seed, the
// same answer on any machine) and seed control the search; the solution
// is verified by vrp.Check before it is returned.
func (s *Server) solveVRP(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.RemoteSolve {
		return s.remoteVRP(w, r)
	}
	out, err := s.vrp(r.Context(), r.Body, r.URL.Query(), true)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, "application/json", out)
	return nil
}

// vrp solves a VROOM input with the options q names (time_limit, seed,
// vehicle), in a synchronous solve slot when sync is set.
func (s *Server) vrp(ctx context.Context, body io.Reader, q url.Values, sync bool) (*vroom.Output, error) {
	limit := DefaultVRPTime
	if v := q.Get("time_limit"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > MaxVRPTime {
			return nil, invalid("time_limit", "want a duration in (0, %v], got %q", MaxVRPTime, v)
		}
		limit = d
	}
	// iterations bounds the search by work instead of time, so that a
	// solve is the same on a busy machine as on an idle one.
	iters := 0
	if v := q.Get("iterations"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxVRPIterations {
			return nil, invalid("iterations", "want an integer in [1, %d], got %q", MaxVRPIterations, v)
		}
		iters = n
	}
	var seed uint64 = 1
	if v := q.Get("seed"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return nil, invalid("seed", "want a non-negative integer, got %q", v)
		}
		seed = n
	}
	opt, _, err := s.options(q.Get("vehicle"), "time", "")
	if err != nil {
		return nil, err
	}
	var matErr error // the router's own error, with the point it names
	matrices := func(coords [][2]float64) (dur, dist [][]float64, err error) {
		defer func() { matErr = err }()
		if len(coords) > s.cfg.MaxMatrixSide {
			return nil, nil, &vroom.FieldError{Field: "jobs", Reason: fmt.Sprintf("%d locations exceed the limit of %d", len(coords), s.cfg.MaxMatrixSide)}
		}
		pts := make([]orb.Point, len(coords))
		for i, c := range coords {
			p, err := checkPoint(fmt.Sprintf("locations[%d]", i), orb.Point{c[0], c[1]})
			if err != nil {
				return nil, nil, err
			}
			pts[i] = p
		}
		m, err := s.router.Matrix(pts, pts, opt)
		var pe *route.PointError
		if errors.As(err, &pe) {
			i := pe.Index
			return nil, nil, unprocessable(TypeUnreachable, fmt.Sprintf("locations[%d]", i),
				"%v is not within reach of the road network: %v", coords[i], pe.Err)
		}
		if err != nil {
			return nil, nil, err
		}
		dur = make([][]float64, len(pts))
		dist = make([][]float64, len(pts))
		for i := range pts {
			dur[i] = make([]float64, len(pts))
			dist[i] = make([]float64, len(pts))
			for j := range pts {
				if m.Durations[i][j] == nil {
					return nil, nil, unprocessable(TypeUnreachable, fmt.Sprintf("locations[%d]", j), "unreachable from location %d", i)
				}
				dur[i][j], dist[i][j] = *m.Durations[i][j], *m.Distances[i][j]
			}
		}
		return dur, dist, nil
	}
	p, meta, err := vroom.Decode(body, matrices)
	if err != nil {
		if matErr != nil {
			return nil, vrpError(matErr)
		}
		return nil, vrpError(err)
	}
	if sync {
		release, err := s.acquireSolve(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
	}
	start := time.Now()
	sol, err := vrp.Solve(ctx, p, vrp.Options{Seed: seed, TimeLimit: limit, MaxIterations: iters})
	s.metrics.observeSolve("vrp", start, err)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err // cancelled: the best-so-far is not the answer asked for
	}
	if _, err := vrp.Check(p, sol); err != nil {
		return nil, fmt.Errorf("vrp solution failed its check: %w", err)
	}
	out := vroom.Encode(p, meta, sol)
	return &out, nil
}

func vrpError(err error) error {
	var fe *vroom.FieldError
	var pe *Problem
	switch {
	case errors.As(err, &pe):
		return pe
	case errors.As(err, &fe):
		field := fe.Field
		if field == "" {
			field = "body"
		}
		return invalid(field, "%s", fe.Reason)
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return invalid("body", "%v", err)
}
