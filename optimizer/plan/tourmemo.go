package plan

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"math"
	"sync"

	"github.com/lumbung-id/lumbung/optimizer/vrp"
)

// tourMemoSize bounds the collection solutions a Model remembers (oldest
// forgotten first). The README's compare solves about 250 collection
// problems, the 10× demand week about 350; a solution takes a few
// kilobytes.
const tourMemoSize = 2048

// tourMemo remembers solved collection problems across the plans of one
// Model: a compare's scenarios, and requests that follow each other,
// often collect the same pickups on the days a scenario leaves alone.
// It is keyed on the exact problem (every job, vehicle and matrix entry)
// and the search options, and the search is deterministic for those, so
// a remembered solution is the one a fresh solve would return.
type tourMemo struct {
	mu    sync.Mutex
	sols  map[[sha256.Size]byte]*vrp.Solution
	order [][sha256.Size]byte // insertion order, for eviction
}

// solveTours solves a collection problem with the planner's search
// options, or returns the remembered solution of an identical one. The
// solution is shared: callers only read it.
func (m *Model) solveTours(ctx context.Context, p *vrp.Problem, seed uint64) (*vrp.Solution, error) {
	opts := collectionOptions(seed)
	key, ok := tourKey(p, opts)
	if ok {
		if sol := m.tours.get(key); sol != nil {
			return sol, nil
		}
	}
	sol, err := vrp.Solve(ctx, p, opts)
	if err != nil {
		return nil, err
	}
	if ok && ctx.Err() == nil { // a cancelled search stopped early
		m.tours.put(key, sol)
	}
	return sol, nil
}

// collectionOptions are the search options of every collection problem.
func collectionOptions(seed uint64) vrp.Options {
	return vrp.Options{Seed: seed, MaxIterations: collectionIterations, StallIterations: collectionStall}
}

// ResetCollectionMemo forgets the collection tours the model remembers
// from earlier plans, so that the next plan routes every collection
// afresh (benchmarks use it to time a cold start). Plans are the same
// with or without it.
func (m *Model) ResetCollectionMemo() {
	m.tours.mu.Lock()
	defer m.tours.mu.Unlock()
	m.tours.sols, m.tours.order = nil, nil
}

func (t *tourMemo) get(key [sha256.Size]byte) *vrp.Solution {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.sols[key]
}

func (t *tourMemo) put(key [sha256.Size]byte, sol *vrp.Solution) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.sols == nil {
		t.sols = map[[sha256.Size]byte]*vrp.Solution{}
	}
	if _, ok := t.sols[key]; ok {
		return
	}
	if len(t.order) >= tourMemoSize {
		delete(t.sols, t.order[0])
		t.order = t.order[1:]
	}
	t.sols[key] = sol
	t.order = append(t.order, key)
}

// tourKey hashes everything of p and opts that the search reads (not
// the name); ok is false for problems the planner does not build
// (shipments, coordinates), which are not remembered.
func tourKey(p *vrp.Problem, opts vrp.Options) (key [sha256.Size]byte, ok bool) {
	if len(p.Shipments) > 0 || p.Coords != nil || p.Euclidean || p.Costs != nil {
		return key, false
	}
	w := keyWriter{h: sha256.New()}
	w.ints(int64(opts.Seed), int64(opts.MaxIterations), int64(opts.StallIterations),
		int64(opts.PopulationSize), int64(opts.GenerationSize), int64(p.Dims))
	w.floats(p.UnassignedPenalty)
	w.ints(int64(len(p.Jobs)))
	for i := range p.Jobs {
		j := &p.Jobs[i]
		w.str(j.ID)
		w.ints(int64(j.Location), int64(j.Priority))
		w.ints(int64(len(j.Delivery)))
		w.ints(j.Delivery...)
		w.ints(int64(len(j.Pickup)))
		w.ints(j.Pickup...)
		w.floats(j.Service, j.Penalty)
		w.windows(j.TimeWindows)
		w.skills(j.Skills)
	}
	w.ints(int64(len(p.Vehicles)))
	for i := range p.Vehicles {
		v := &p.Vehicles[i]
		w.str(v.ID)
		w.ints(int64(v.Start), int64(v.End), int64(v.Count), int64(v.MaxTrips), int64(len(v.Capacity)))
		w.ints(v.Capacity...)
		w.floats(v.Shift.Start, v.Shift.End, v.MaxTravelTime, v.Fixed, v.PerDistance, v.PerTime, v.ReloadTime)
		w.skills(v.Skills)
	}
	for _, mx := range []*vrp.Matrix{p.Durations, p.Distances} {
		if mx == nil {
			w.ints(-1)
			continue
		}
		w.ints(int64(mx.N))
		w.floats(mx.Data...)
	}
	w.h.Sum(key[:0])
	return key, true
}

// keyWriter feeds numbers to a hash in a fixed binary layout; every list
// is preceded by its length, so that two problems never share a stream.
type keyWriter struct {
	h   hash.Hash
	buf [8]byte
}

func (w *keyWriter) ints(xs ...int64) {
	for _, x := range xs {
		binary.LittleEndian.PutUint64(w.buf[:], uint64(x))
		w.h.Write(w.buf[:])
	}
}

func (w *keyWriter) floats(xs ...float64) {
	for _, x := range xs {
		binary.LittleEndian.PutUint64(w.buf[:], math.Float64bits(x))
		w.h.Write(w.buf[:])
	}
}

func (w *keyWriter) str(s string) {
	w.ints(int64(len(s)))
	w.h.Write([]byte(s))
}

func (w *keyWriter) windows(tws []vrp.TimeWindow) {
	w.ints(int64(len(tws)))
	for _, tw := range tws {
		w.floats(tw.Start, tw.End)
	}
}

func (w *keyWriter) skills(s []int) {
	w.ints(int64(len(s)))
	for _, x := range s {
		w.ints(int64(x))
	}
}
