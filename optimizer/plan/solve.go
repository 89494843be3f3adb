package plan

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/lumbung-id/lumbung/optimizer/alloc"
)

// lane is an allocated flow: commodity k from cluster c over crossing x by
// vehicle v to buyer b on one day, in tonnes.
type lane struct {
	day, k, c, x, v, b int
	tonnes             float64
}

// arcKind tells what an allocation arc stands for.
type arcKind uint8

const (
	toGate  arcKind = iota // cluster → (Sumatra port, vehicle)   durable goods
	toHead                 // gate → (crossing, vehicle, buyer)
	direct                 // cluster → (crossing, vehicle, buyer) perishable goods
	toBuyer                // (crossing, vehicle, buyer) → buyer: rides the ferry
)

type arcMeta struct {
	kind          arcKind
	k, c, p, x, v int
	b             int
}

// dayResult is one day's allocation.
type dayResult struct {
	lanes      []lane
	objective  float64
	lowerBound float64
	unmet      [][]float64 // buyer × commodity
	supply     []float64   // commodity total
	iterations int
	// deck duals by crossing and ferry class, Rupiah per truck (≥ 0)
	shadow   [][]float64
	capacity [][]float64 // trucks by crossing and ferry class
	noLane   [][]bool    // buyer × commodity: no lane could reach it
	noRoad   [][]bool    // buyer × commodity: no road either, whatever the transit time
	banCut   []bool      // by commodity: a truck restriction removed lanes all day
	// fleetBinds and banBinds: a fleet limit or a truck restriction has a
	// positive shadow price that day
	fleetBinds, banBinds bool
	// joint (buyer × commodity, nil when not needed) names the full
	// capacities that only together keep unmet demand from being served
	// (see explainJoint); "" where relaxing them serves nothing more.
	joint [][]string
}

// laneCost prices one truck on a lane with a given ferry wait.
func (m *Model) laneCost(t *tables, r *resolved, c, x, v, b int, wait float64) leg {
	a := m.first(t, r, v, m.xs[x], c)
	if !a.ok {
		return leg{}
	}
	z := m.second(t, r, v, x, b)
	if !z.ok {
		return leg{}
	}
	return a.plus(m.ferry(x, v, r, wait)).plus(z)
}

// bkey names a deck bundle: a crossing and a ferry class.
type bkey struct{ x, f int }

// dayBuild is one day's allocation problem and what is needed to read its
// solution back.
type dayBuild struct {
	prob      *alloc.Problem
	meta      []arcMeta
	bkeys     []bkey // the deck bundles, first in prob.Bundles
	nFleet    int    // fleet bundles follow, then truck-restriction bundles
	buyerNode [][]int
	res       *dayResult
}

func (m *Model) solveDay(ctx context.Context, r *resolved, t *tables, day int) (*dayResult, error) {
	db := m.buildDay(r, t, day)
	sol, err := alloc.Solve(ctx, db.prob, alloc.Options{})
	if err != nil {
		return nil, err
	}
	res := m.readDay(r, day, db, sol)
	if err := m.explainJoint(ctx, db, sol); err != nil {
		return nil, err
	}
	return res, nil
}

// explainJoint finds the capacities behind unmet demand that no shadow
// price explains. A shadow price is the value of one more unit of one
// capacity; when two capacities both shut a lane (the strait closed and
// the fleet at its limit, say), relaxing either alone serves nothing, so
// both prices are zero and the demand would read "too costly". On a day
// with unmet demand and no positive bundle dual, the day is solved again
// without its full bundles; demand that this serves is unmet for want of
// them: "no capacity" if a deck is among them, else the fleet, else a
// truck restriction. Such days are rare (a shut strait), and a shut day's
// own solve is one pricing round.
func (m *Model) explainJoint(ctx context.Context, db *dayBuild, sol *alloc.Result) error {
	res := db.res
	if res.fleetBinds || res.banBinds || !anyUnmet(res.unmet) {
		return nil
	}
	for _, row := range res.shadow {
		for _, s := range row {
			if s > 1e-6 {
				return nil
			}
		}
	}
	relaxed := *db.prob
	relaxed.Bundles = nil
	deck, fleet := false, false
	for j, bd := range db.prob.Bundles {
		if sol.BundleLoad[j] < bd.Cap-1e-6*max(1, bd.Cap) {
			relaxed.Bundles = append(relaxed.Bundles, bd)
			continue
		}
		deck = deck || j < len(db.bkeys)
		fleet = fleet || (j >= len(db.bkeys) && j < len(db.bkeys)+db.nFleet)
	}
	if len(relaxed.Bundles) == len(db.prob.Bundles) {
		return nil // nothing is full: the demand is unmet for its cost
	}
	why := ReasonTruckBan
	switch {
	case deck:
		why = ReasonNoCapacity
	case fleet:
		why = ReasonFleet
	}
	sol2, err := alloc.Solve(ctx, &relaxed, alloc.Options{})
	if err != nil {
		return err
	}
	res.joint = make([][]string, len(res.unmet))
	for b := range res.unmet {
		res.joint[b] = make([]string, len(res.unmet[b]))
		for k, u := range res.unmet[b] {
			if n := db.buyerNode[k][b]; u > 1e-6 && n >= 0 && sol2.Unmet[k] != nil && sol2.Unmet[k][n] < u-1e-6 {
				res.joint[b][k] = why
			}
		}
	}
	return nil
}

// anyUnmet reports whether any demand is left unmet (beyond rounding).
func anyUnmet(unmet [][]float64) bool {
	for _, row := range unmet {
		for _, u := range row {
			if u > 1e-6 {
				return true
			}
		}
	}
	return false
}

// buildDay sets up one day's multi-commodity allocation: per commodity a
// block of cluster, gate, lane-head and buyer nodes, and deck (fleet and
// truck-restriction) bundles across the blocks.
func (m *Model) buildDay(r *resolved, t *tables, day int) *dayBuild {
	K, B := len(m.in.Commodities), len(m.in.Buyers)
	d := &dayBuilder{m: m, r: r, t: t, day: day, prob: &alloc.Problem{},
		supplies: make([][]nodeAmount, K), demands: make([][]nodeAmount, K), buyerNode: make([][]int, K),
		deck: map[bkey]*alloc.Bundle{}, banned: map[bkey]*alloc.Bundle{}, fleet: make([]*alloc.Bundle, len(m.in.Vehicles)),
		res: &dayResult{unmet: make([][]float64, B), supply: make([]float64, K), noLane: make([][]bool, B), noRoad: make([][]bool, B), banCut: make([]bool, K)}}
	for b := range d.res.unmet {
		d.res.unmet[b] = make([]float64, K)
		d.res.noLane[b] = make([]bool, K)
		d.res.noRoad[b] = make([]bool, K)
	}
	for k := 0; k < K; k++ {
		d.addCommodity(k)
	}
	return d.finish()
}

// nodeAmount is a supply or demand at a node, tonnes.
type nodeAmount struct {
	node   int
	tonnes float64
}

// dayBuilder accumulates one day's allocation problem.
type dayBuilder struct {
	m    *Model
	r    *resolved
	t    *tables
	day  int
	prob *alloc.Problem
	meta []arcMeta
	cost []float64 // by arc, for the arc's own commodity
	// supplies and demands by commodity; buyerNode[k][b] is buyer b's
	// node in commodity k's block (-1: no demand)
	supplies, demands [][]nodeAmount
	buyerNode         [][]int
	deck              map[bkey]*alloc.Bundle
	// banned holds, per crossing and ferry class, the lanes of vehicles a
	// truck restriction keeps off some of the day's departures; their cap
	// is the deck of the fewest departures any of them may board.
	banned map[bkey]*alloc.Bundle
	fleet  []*alloc.Bundle // by vehicle, nil without a limit
	res    *dayResult
}

func (d *dayBuilder) node() int { d.prob.Nodes++; return d.prob.Nodes - 1 }

func (d *dayBuilder) arc(tail, head int, cost float64, am arcMeta) int {
	d.prob.Arcs = append(d.prob.Arcs, alloc.Arc{Tail: tail, Head: head})
	d.meta = append(d.meta, am)
	d.cost = append(d.cost, cost)
	return len(d.prob.Arcs) - 1
}

// addCommodity adds commodity k's block: its buyers and clusters and, if
// anyone demands it, its lanes by every vehicle allowed to carry it.
func (d *dayBuilder) addCommodity(k int) {
	m, r := d.m, d.r
	B, C := len(m.in.Buyers), len(m.clusters)
	d.buyerNode[k] = make([]int, B)
	anyDemand := false
	for b := 0; b < B; b++ {
		d.buyerNode[k][b] = -1
		if q := r.demand[b][k]; q > 0 {
			d.buyerNode[k][b] = d.node()
			d.demands[k] = append(d.demands[k], nodeAmount{d.buyerNode[k][b], q})
			anyDemand = true
		}
	}
	clusterNode := make([]int, C)
	for c := 0; c < C; c++ {
		clusterNode[c] = -1
		s := m.supplyPerDay(r, c, k, d.day)
		d.res.supply[k] += s
		if s > 0 && anyDemand {
			clusterNode[c] = d.node()
			d.supplies[k] = append(d.supplies[k], nodeAmount{clusterNode[c], s})
		}
	}
	if !anyDemand {
		return
	}
	reached, routable := make([]bool, B), make([]bool, B)
	pooled := m.limitSlack(d.t, r, d.day, k, clusterNode, d.buyerNode[k])
	for v := range m.in.Vehicles {
		if m.allowed(v, k) {
			d.addVehicle(k, v, clusterNode, pooled, reached, routable)
		}
	}
	for b := 0; b < B; b++ {
		d.res.noLane[b][k] = d.buyerNode[k][b] >= 0 && !reached[b]
		d.res.noRoad[b][k] = d.res.noLane[b][k] && !routable[b]
	}
}

// addVehicle adds commodity k's lanes by vehicle v: through port gates
// when pooled, else one arc per cluster and lane head within the
// perishability limit; reached marks the buyers a lane reaches.
func (d *dayBuilder) addVehicle(k, v int, clusterNode []int, pooled bool, reached, routable []bool) {
	m, r, t := d.m, d.r, d.t
	cm := &m.in.Commodities[k]
	spoil := cm.SpoilagePerTonneHour / 3600
	capT := m.in.Vehicles[v].Capacity
	gate := make([]int, len(m.sPorts))
	fed := make([]bool, len(m.sPorts)) // some cluster reaches the gate (a closed road may cut them all)
	if pooled {
		for p := range gate {
			gate[p] = d.node()
		}
		for c, n := range clusterNode {
			if n < 0 {
				continue
			}
			for p := range gate {
				if l := m.first(t, r, v, p, c); l.ok {
					a := d.arc(n, gate[p], l.Cost.Total()/capT+spoil*l.time, arcMeta{kind: toGate, k: k, c: c, p: p, v: v})
					d.fleetTerm(k, v, a, m.fleetDays(l))
					fed[p] = true
				}
			}
		}
	}
	for x := range m.in.Crossings {
		allowed := m.openFor(x, r, d.day, v, []int{k})
		if allowed == 0 && r.open[x][d.day] > 0 {
			d.res.banCut[k] = true // restricted all day
			continue
		}
		wait, _ := m.crossingTimes(x, r, d.day)
		fl := m.ferry(x, v, r, wait)
		for b, bn := range d.buyerNode[k] {
			if bn < 0 {
				continue
			}
			z := m.second(t, r, v, x, b)
			if !z.ok {
				continue
			}
			second := fl.plus(z)
			head := d.node()
			used := false
			if pooled {
				if fed[m.xs[x]] {
					d.arc(gate[m.xs[x]], head, 0, arcMeta{kind: toHead, k: k, p: m.xs[x], x: x, v: v, b: b})
					used = true
				}
			} else {
				for c, n := range clusterNode {
					if n < 0 {
						continue
					}
					a := m.first(t, r, v, m.xs[x], c)
					routable[b] = routable[b] || a.ok
					if !a.ok || (a.time+second.time)/3600 > cm.MaxTransitHours {
						continue
					}
					arc := d.arc(n, head, a.Cost.Total()/capT+spoil*a.time, arcMeta{kind: direct, k: k, c: c, x: x, v: v, b: b})
					d.fleetTerm(k, v, arc, m.fleetDays(a))
					used = true
				}
			}
			if !used {
				continue
			}
			reached[b], routable[b] = true, true
			arc := d.arc(head, bn, second.Cost.Total()/capT+spoil*second.time, arcMeta{kind: toBuyer, k: k, x: x, v: v, b: b})
			d.couple(k, v, x, arc, allowed)
			d.fleetTerm(k, v, arc, m.fleetDaysSecond(x, v, r, wait, z))
		}
	}
}

// couple puts an arc that rides crossing x by vehicle v into the day's
// deck bundle and its truck-restriction bundle if the vehicle may board
// only some of the day's departures.
func (d *dayBuilder) couple(k, v, x, arc, allowed int) {
	m, r := d.m, d.r
	veh := &m.in.Vehicles[v]
	fc := veh.Profile.FerryClass
	term := alloc.Term{Commodity: k, Arc: arc, Weight: 1 / veh.Capacity}
	key := bkey{x, fc}
	bd := d.deck[key]
	if bd == nil {
		bd = &alloc.Bundle{Name: fmt.Sprintf("deck %s %d", m.in.Crossings[x].ID, fc), Cap: m.dayCapacity(x, r, d.day, fc)}
		d.deck[key] = bd
	}
	bd.Terms = append(bd.Terms, term)
	if allowed < r.open[x][d.day] {
		cp := float64(allowed) * m.deckPerDeparture(x, r, fc)
		bd := d.banned[key]
		if bd == nil {
			bd = &alloc.Bundle{Name: fmt.Sprintf("restricted %s %d", m.in.Crossings[x].ID, fc), Cap: cp}
			d.banned[key] = bd
		}
		bd.Cap = math.Min(bd.Cap, cp)
		bd.Terms = append(bd.Terms, term)
	}
}

// fleetTerm puts an arc of vehicle v into the day's fleet bundle, if the
// class has a fleet limit, at the calendar days a truck spends on that
// part of its lane (fleetDays) per tonne: the bundle holds the day's
// trucks' vehicle-days to the limit, as in a steady state where each day's
// trucks occupy the fleet on the days they are out.
func (d *dayBuilder) fleetTerm(k, v, arc int, days float64) {
	r, veh := d.r, &d.m.in.Vehicles[v]
	if math.IsInf(r.fleet[v], 1) {
		return
	}
	if d.fleet[v] == nil {
		d.fleet[v] = &alloc.Bundle{Name: "fleet " + veh.ID, Cap: r.fleet[v]}
	}
	d.fleet[v].Terms = append(d.fleet[v].Terms, alloc.Term{Commodity: k, Arc: arc, Weight: days / veh.Capacity})
}

// finish assembles the problem: per-commodity costs (each arc belongs to
// one commodity's block; the others may not use it), supplies and demands,
// then the deck bundles, the fleet bundles and the restriction bundles in
// a fixed order.
func (d *dayBuilder) finish() *dayBuild {
	in, prob := d.m.in, d.prob
	K, X := len(in.Commodities), len(in.Crossings)
	costs := make([][]float64, K)
	for k := range costs {
		costs[k] = make([]float64, len(prob.Arcs))
		for a := range costs[k] {
			costs[k][a] = math.Inf(1)
		}
	}
	for a, md := range d.meta {
		costs[md.k][a] = d.cost[a]
	}
	for k := 0; k < K; k++ {
		cm := alloc.Commodity{Name: in.Commodities[k].ID, Cost: costs[k], Penalty: in.Commodities[k].PenaltyPerTonne}
		if len(d.supplies[k]) > 0 {
			cm.Supply = make([]float64, prob.Nodes)
			for _, s := range d.supplies[k] {
				cm.Supply[s.node] = s.tonnes
			}
		}
		if len(d.demands[k]) > 0 {
			cm.Demand = make([]float64, prob.Nodes)
			for _, q := range d.demands[k] {
				cm.Demand[q.node] = q.tonnes
			}
		}
		prob.Commodities = append(prob.Commodities, cm)
	}
	bkeys := make([]bkey, 0, len(d.deck))
	for x := 0; x < X; x++ {
		for f := 0; f < 6; f++ {
			if bd := d.deck[bkey{x, f}]; bd != nil {
				bkeys = append(bkeys, bkey{x, f})
				prob.Bundles = append(prob.Bundles, *bd)
			}
		}
	}
	nFleet := 0
	for _, bd := range d.fleet {
		if bd != nil {
			prob.Bundles = append(prob.Bundles, *bd)
			nFleet++
		}
	}
	for x := 0; x < X; x++ {
		for f := 0; f < 6; f++ {
			if bd := d.banned[bkey{x, f}]; bd != nil {
				prob.Bundles = append(prob.Bundles, *bd)
			}
		}
	}
	if prob.Nodes == 0 {
		prob.Nodes = 1
	}
	return &dayBuild{prob: prob, meta: d.meta, bkeys: bkeys, nFleet: nFleet, buyerNode: d.buyerNode, res: d.res}
}

// readDay reads a day's allocation back: objective, bound, deck shadow
// prices, unmet demand and lanes.
func (m *Model) readDay(r *resolved, day int, db *dayBuild, sol *alloc.Result) *dayResult {
	in := m.in
	K, B, X := len(in.Commodities), len(in.Buyers), len(in.Crossings)
	res, buyerNode := db.res, db.buyerNode
	res.objective, res.lowerBound, res.iterations = sol.Objective, sol.LowerBound, sol.Iterations
	res.shadow = make([][]float64, X)
	res.capacity = make([][]float64, X)
	for x := 0; x < X; x++ {
		res.shadow[x] = make([]float64, 6)
		res.capacity[x] = make([]float64, 6)
		for f := 0; f < 6; f++ {
			res.capacity[x][f] = m.dayCapacity(x, r, day, f)
		}
	}
	for j, key := range db.bkeys {
		res.shadow[key.x][key.f] = -sol.BundleDual[j]
	}
	for j := len(db.bkeys); j < len(sol.BundleDual); j++ {
		if -sol.BundleDual[j] > 1e-6 {
			if j < len(db.bkeys)+db.nFleet {
				res.fleetBinds = true
			} else {
				res.banBinds = true
			}
		}
	}
	for k := 0; k < K; k++ {
		for b := 0; b < B; b++ {
			if n := buyerNode[k][b]; n >= 0 && sol.Unmet[k] != nil {
				res.unmet[b][k] = sol.Unmet[k][n]
			}
		}
	}
	res.lanes = extractLanes(sol.Flow, db.meta, day)
	return res
}

// limitSlack reports whether commodity k's perishability limit (if any)
// holds on every lane: then its flows may pool at port gates like durable
// goods, which needs far fewer arcs than one arc per cluster and lane head.
func (m *Model) limitSlack(t *tables, r *resolved, day, k int, clusterNode, buyerNode []int) bool {
	lim := m.in.Commodities[k].MaxTransitHours * 3600
	if lim == 0 {
		return true
	}
	for v := range m.in.Vehicles {
		if !m.allowed(v, k) {
			continue
		}
		worst1 := make([]float64, len(m.sPorts))
		for c, n := range clusterNode {
			if n < 0 {
				continue
			}
			for p := range m.sPorts {
				if l := m.first(t, r, v, p, c); l.ok && l.time > worst1[p] {
					worst1[p] = l.time
				}
			}
		}
		for x := range m.in.Crossings {
			wait, _ := m.crossingTimes(x, r, day)
			f := m.ferry(x, v, r, wait)
			for b, n := range buyerNode {
				if n < 0 {
					continue
				}
				if z := m.second(t, r, v, x, b); z.ok && worst1[m.xs[x]]+f.time+z.time > lim {
					return false
				}
			}
		}
	}
	return true
}

// extractLanes turns arc flows into lanes. Perishable flows run on direct
// arcs; durable flows pass a gate (port, vehicle), where the inflow from
// clusters is paired greedily with the outflow to lane heads: costs are
// additive, so any pairing has the same cost, and the greedy one makes few
// lanes.
func extractLanes(flow [][]float64, meta []arcMeta, day int) []lane {
	const eps = 1e-9
	var out []lane
	type gk struct{ k, p, v int }
	in := map[gk][]lane{}
	outs := map[gk][]lane{}
	var order []gk
	for a, md := range meta {
		f := flow[md.k][a]
		if f <= eps {
			continue
		}
		switch md.kind {
		case direct:
			out = append(out, lane{day: day, k: md.k, c: md.c, x: md.x, v: md.v, b: md.b, tonnes: f})
		case toGate:
			key := gk{md.k, md.p, md.v}
			if _, ok := in[key]; !ok {
				order = append(order, key)
			}
			in[key] = append(in[key], lane{c: md.c, tonnes: f})
		case toHead:
			key := gk{md.k, md.p, md.v}
			outs[key] = append(outs[key], lane{x: md.x, b: md.b, tonnes: f})
		}
	}
	for _, key := range order {
		src, dst := in[key], outs[key]
		i, j := 0, 0
		for i < len(src) && j < len(dst) {
			q := math.Min(src[i].tonnes, dst[j].tonnes)
			if q > eps {
				out = append(out, lane{day: day, k: key.k, c: src[i].c, x: dst[j].x, v: key.v, b: dst[j].b, tonnes: q})
			}
			src[i].tonnes -= q
			dst[j].tonnes -= q
			if src[i].tonnes <= eps {
				i++
			}
			if j < len(dst) && dst[j].tonnes <= eps {
				j++
			}
		}
	}
	return out
}

// solveDays runs the daily allocations on up to two goroutines (the
// machine's cores); days are independent.
func (m *Model) solveDays(ctx context.Context, r *resolved, t *tables, prog *reporter) ([]*dayResult, error) {
	out := make([]*dayResult, r.days)
	errs := make([]error, r.days)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range next {
				out[d], errs[d] = m.solveDay(ctx, r, t, d)
				prog.dayDone()
			}
		}()
	}
	for d := 0; d < r.days && ctx.Err() == nil; d++ {
		next <- d
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func dateOf(r *resolved, day int) string { return r.start.AddDate(0, 0, day).Format("2006-01-02") }

func unixTime(s float64) time.Time { return time.Unix(int64(math.Round(s)), 0).In(wib) }
