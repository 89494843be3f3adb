package plan

import (
	"math"
	"sort"

	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// MaxDrops bounds the buyers one multi-drop truck serves.
const MaxDrops = 3

// drop is one buyer's cargo on a multi-drop truck.
type drop struct {
	b     int
	cargo []cargo
}

// dropTables are road legs between buyers by vehicle class, searched on
// first use (the network without ferries and without the scenario's
// closed roads), feeder links at both ends included.
type dropTables struct {
	rows [][][]route.Totals // [vehicle][from buyer][to buyer]; nil until searched
	err  error
}

func newDropTables(m *Model) *dropTables {
	return &dropTables{rows: make([][][]route.Totals, len(m.in.Vehicles))}
}

// leg prices buyer a → buyer b by vehicle v (road only: no handling).
func (dt *dropTables) leg(m *Model, r *resolved, v, a, b int) leg {
	if dt.rows[v] == nil {
		dt.search(m, r, v)
	}
	tt := dt.rows[v][a][b]
	if !tt.Reachable {
		return leg{}
	}
	p := &m.in.Vehicles[v].Profile
	fa, _ := m.in.Router.FeederLeg(float64(m.buyers[a].Distance), p)
	fb, _ := m.in.Router.FeederLeg(float64(m.buyers[b].Distance), p)
	return m.roadLeg(fa, v, r).plus(m.roadLeg(tt, v, r)).plus(m.roadLeg(fb, v, r))
}

func (dt *dropTables) search(m *Model, r *resolved, v int) {
	g := m.in.Router.Graph()
	mask := make([]uint64, (g.NumEdges()+63)/64)
	copy(mask, r.avoid)
	for e := network.EdgeID(0); e < network.EdgeID(g.NumEdges()); e++ {
		if g.Class(e) == network.Ferry {
			mask[e>>6] |= 1 << (uint(e) & 63)
		}
	}
	dsts := make([]network.NodeID, len(m.buyers))
	for i, b := range m.buyers {
		dsts[i] = b.Node
	}
	opt := &route.Options{Metric: route.Cost, Profile: m.in.Vehicles[v].Profile, Avoid: mask}
	s := m.in.Router.Searcher()
	defer m.in.Router.Release(s)
	dt.rows[v] = make([][]route.Totals, len(dsts))
	for a, src := range dsts {
		dt.rows[v][a] = make([]route.Totals, len(dsts))
		if err := s.OneToMany(src, dsts, opt, dt.rows[v][a]); err != nil && dt.err == nil {
			dt.err = err // the row stays unreachable
		}
	}
}

// dropsCost prices one multi-drop truck of class v from cluster c over
// crossing x that waits wait at the port and then keeps timeline tl to its
// drops: the first leg and the crossing as for any truck, the road to the
// first buyer and between buyers, the unloading and the receiving wait at
// every drop (driver hours), the road back from the last buyer at the
// return-leg share, and each drop's cargo's spoilage until it is unloaded.
// It also returns each drop's transit (collection point to unloaded,
// without the restrictions' delay, like every lane's time).
func (m *Model) dropsCost(t *tables, r *resolved, dt *dropTables, c, x, v int, drops []drop, wait float64, tl timeline) (Breakdown, []float64, bool) {
	a := m.first(t, r, v, m.xs[x], c)
	if !a.ok || len(tl.drops) != len(drops) {
		return Breakdown{}, nil, false
	}
	f := m.ferry(x, v, r, wait)
	cost := a.Cost.add(f.Cost)
	base := a.time + f.time - tl.drops[0].gate // + a drop's end: its transit
	prof := &m.in.Vehicles[v].Profile
	elapsed := make([]float64, len(drops))
	for i, d := range drops {
		var road leg
		if i == 0 {
			road = m.javaRoad(t, r, v, x, d.b)
		} else {
			road = dt.leg(m, r, v, drops[i-1].b, d.b)
		}
		if !road.ok {
			return Breakdown{}, nil, false
		}
		cost = cost.add(road.Cost)
		cost.Driver += prof.DriverPerHour * (tl.drops[i].end - tl.drops[i].gate) / 3600
		if i == 0 {
			base += road.time
		}
		elapsed[i] = base + tl.drops[i].end
		for _, cg := range d.cargo {
			cost.Spoilage += cg.tonnes * m.in.Commodities[cg.k].SpoilagePerTonneHour * elapsed[i] / 3600
		}
	}
	back := m.javaRoad(t, r, v, x, drops[len(drops)-1].b)
	if !back.ok {
		return Breakdown{}, nil, false
	}
	cost.ReturnLeg += (1 - r.backhaul) * back.Cost.Total()
	return cost, elapsed, true
}

// javaRoad is crossing x's Java port → buyer b by vehicle v: road and
// feeder, without unloading or return share (second adds those).
func (m *Model) javaRoad(t *tables, r *resolved, v, x, b int) leg {
	tt := t.t2[v][m.xj[x]][b]
	if !tt.Reachable {
		return leg{}
	}
	f, _ := m.in.Router.FeederLeg(float64(m.buyers[b].Distance), &m.in.Vehicles[v].Profile)
	return m.roadLeg(tt, v, r).plus(m.roadLeg(f, v, r))
}

// dropBuyers lists a multi-drop load's buyers in order.
func (l *load) dropBuyers() []int {
	bs := make([]int, len(l.drops))
	for i, d := range l.drops {
		bs[i] = d.b
	}
	return bs
}

// withinLimits reports whether every drop's cargo arrives within its
// commodity's transit limit.
func (m *Model) withinLimits(drops []drop, elapsed []float64) bool {
	for i, d := range drops {
		for _, cg := range d.cargo {
			if lim := m.in.Commodities[cg.k].MaxTransitHours; lim > 0 && elapsed[i]/3600 > lim*(1+1e-9) {
				return false
			}
		}
	}
	return true
}

// multiDropStats sums what the multi-drop step did.
type multiDropStats struct {
	trucks   int     // multi-drop trucks made
	replaced int     // single-buyer trucks they replace
	savings  float64 // Rupiah, at expected ferry waits
}

// mdRoute is a truck being built by the savings merge: its member loads
// (part loads), its best option and that option's cost, and an id that
// names it in the merge's cache of pair options.
type mdRoute struct {
	members []int
	opt     mdOption
	id      int
}

// savingsMerge merges a group's part loads (indices into loads) by the
// savings heuristic and returns the trucks it makes, single ones
// included. The best option of each pair of trucks is kept until one of
// them is merged (the book does not change during the merge), so each
// round prices only the pairs of the truck just made.
func (m *Model) savingsMerge(t *tables, r *resolved, dt *dropTables, book *slotBook, loads []load, g []int) []mdRoute {
	type pair struct{ a, b int }
	routes := make([]mdRoute, len(g))
	for i, li := range g {
		routes[i] = mdRoute{members: []int{li}, opt: m.singleOption(t, r, dt, &loads[li]), id: i}
	}
	options := map[pair]mdOption{}
	next := len(routes)
	for {
		bi, bj, best := -1, -1, mdOption{}
		bestSave := 1.0 // Rupiah: a merge must save something
		for i := range routes {
			for j := i + 1; j < len(routes); j++ {
				if !routes[i].opt.ok || !routes[j].opt.ok {
					continue
				}
				key := pair{routes[i].id, routes[j].id}
				o, ok := options[key]
				if !ok {
					members := append(append([]int(nil), routes[i].members...), routes[j].members...)
					o = m.bestDropOption(t, r, dt, book, loads, members)
					options[key] = o
				}
				if !o.ok {
					continue
				}
				if s := routes[i].opt.cost + routes[j].opt.cost - o.cost; s > bestSave {
					bi, bj, best, bestSave = i, j, o, s
				}
			}
		}
		if bi < 0 {
			return routes
		}
		routes[bi] = mdRoute{members: append(routes[bi].members, routes[bj].members...), opt: best, id: next}
		next++
		routes = append(routes[:bj], routes[bj+1:]...)
	}
}

// mdOption is one way to run a truck: origin cluster, crossing, class,
// drops in order, when it leaves (s after its day's local midnight) and
// its cost at the expected ferry wait (first-mile estimate included).
type mdOption struct {
	c, x, v int
	drops   []drop
	pickups []pickup
	collect float64
	leave   float64
	cost    float64
	ok      bool
}

// mergeDrops is the multi-drop step (a decomposition after the loads
// step): per day and reefer need, the single-truck part loads (a pool's
// only truck, or the last, partial truck of a larger pool, see
// splitPools) are merged into multi-drop trucks by a savings heuristic (Clarke and Wright's,
// parallel version). Every part load starts as its own truck; the pair
// of trucks whose merge saves most (their costs less the merged
// truck's: the ferry fare, tolls and return leg paid once, the road
// between the buyers, an extra unloading, any receiving wait, and the
// collection of the other members' produce to the merged truck's origin
// added) is merged, as long as one truck of some class carries the
// cargo, at most MaxDrops buyers share it, every drop meets its cargo's
// transit limit and its buyer's hours, and the deck and fleet allow it;
// repeat until no merge saves. A merged truck tries every crossing and
// class, every order of its drops and a few dispatch times (those that
// bring each drop to its buyer's opening). Part loads of different
// consolidation hubs may merge: the collection is priced at the
// Params.CollectIDRPerTonneKm estimate here, so a far hub's produce only
// joins when the ferry and road it saves pay for it, and the collection
// tours route it afterwards (the tours then collect to the origin). Full
// trucks stay direct.
func (m *Model) mergeDrops(t *tables, r *resolved, dt *dropTables, book *slotBook, loads []load) ([]load, multiDropStats) {
	type gkey struct {
		day    int
		reefer bool
	}
	var st multiDropStats
	loads, split := m.splitPools(book, loads)
	groups := map[gkey][]int{}
	var order []gkey
	for i := range loads {
		l := &loads[i]
		if _, whole := split[i]; !l.part || l.trucks != 1 || whole {
			continue
		}
		key := gkey{l.day, m.in.Vehicles[l.v].Reefer}
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], i)
	}
	merged := make([]bool, len(loads))
	var out []load
	for _, key := range order {
		g := groups[key]
		if len(g) < 2 {
			continue
		}
		for _, rt := range m.savingsMerge(t, r, dt, book, loads, g) {
			if len(rt.members) < 2 {
				continue
			}
			o := rt.opt
			ld := load{day: key.day, c: o.c, x: o.x, v: o.v, b: o.drops[0].b, trucks: 1, part: true,
				drops: o.drops, pickups: o.pickups, collectCost: o.collect, aim: o.leave, replaced: len(rt.members)}
			// each merge was checked against the book alone: two merged
			// trucks of a group may both need the last deck slot or vehicle
			if !m.deckWith(book, loads, rt.members, key.day, o.x, o.v) || !m.fleetWith(t, r, book, loads, rt.members, ld.dispatch()) {
				continue
			}
			var before float64
			for _, li := range rt.members {
				l := &loads[li]
				before += m.singleOption(t, r, dt, l).cost
				merged[li] = true
				book.give(m, t, r, l.dispatch(), 1)
			}
			ld.saved = before - o.cost
			book.take(m, t, r, ld.dispatch(), 1)
			for _, d := range o.drops {
				ld.cargo = addCargo(ld.cargo, d.cargo)
			}
			out = append(out, ld)
			st.trucks++
			st.replaced += len(rt.members)
			st.savings += before - o.cost
		}
	}
	for i, sp := range split {
		if !merged[sp.last] {
			loads[i] = sp.whole // the last truck rides with its pool again
			merged[sp.last] = true
		}
	}
	kept := loads[:0:0]
	for i := range loads {
		if !merged[i] {
			kept = append(kept, loads[i])
		}
	}
	return append(kept, out...), st
}

// poolSplit is a multi-truck pool split for the merge: the pool as it
// was and the index of its last truck's own load.
type poolSplit struct {
	whole load
	last  int
}

// splitPools splits every pooled load of n > 1 trucks into n − 1 full
// trucks and its last, partial truck, appended as a single-truck part
// load that may join a multi-drop truck (each commodity and pickup
// shared in proportion: the full trucks carry their payload). The split
// changes neither the deck nor the cost (trucks of one lane cost the
// same); mergeDrops puts back a last truck that did not merge. A class
// with a fleet limit is not split (the book holds its trucks' spread
// over the loading window by their number). split is keyed by the full
// trucks' load.
func (m *Model) splitPools(book *slotBook, loads []load) ([]load, map[int]poolSplit) {
	split := map[int]poolSplit{}
	n := len(loads)
	for i := 0; i < n; i++ {
		l := loads[i]
		if !l.part || l.trucks < 2 || len(l.drops) > 0 || book.fleet.limited[l.v] {
			continue
		}
		var sum float64
		for _, c := range l.cargo {
			sum += c.tonnes
		}
		full := float64(l.trucks-1) * m.in.Vehicles[l.v].Capacity
		if sum-full < 1e-6 {
			continue
		}
		f := full / sum
		head, last := l, l
		head.trucks, last.trucks = l.trucks-1, 1
		head.cargo, last.cargo = scaleCargo(l.cargo, f), scaleCargo(l.cargo, 1-f)
		head.pickups, last.pickups = scalePickups(l.pickups, f), scalePickups(l.pickups, 1-f)
		head.collectCost, last.collectCost = f*l.collectCost, (1-f)*l.collectCost
		loads[i] = head
		loads = append(loads, last)
		split[i] = poolSplit{whole: l, last: len(loads) - 1}
	}
	return loads, split
}

func scalePickups(ps []pickup, f float64) []pickup {
	out := make([]pickup, len(ps))
	for i, p := range ps {
		out[i] = pickup{p.c, p.k, p.tonnes * f}
	}
	return out
}

// addCargo adds cg to a cargo list, one entry per commodity, sorted.
func addCargo(to, cg []cargo) []cargo {
	out := append([]cargo(nil), to...)
	for _, c := range cg {
		i := sort.Search(len(out), func(i int) bool { return out[i].k >= c.k })
		if i < len(out) && out[i].k == c.k {
			out[i].tonnes += c.tonnes
			continue
		}
		out = append(out, cargo{})
		copy(out[i+1:], out[i:])
		out[i] = c
	}
	return out
}

// singleOption is a part load's own truck as it stands (its crossing,
// class and buyer), dispatched by aimDispatch, at the expected wait.
func (m *Model) singleOption(t *tables, r *resolved, dt *dropTables, l *load) mdOption {
	c := *l
	m.aimDispatch(t, r, &c)
	drops := []drop{{l.b, l.cargo}}
	leave := math.Mod(c.aim+0.5*c.span, 86400)
	o := m.optionCost(t, r, dt, l.day, l.c, l.x, l.v, drops, leave)
	o.pickups, o.collect = l.pickups, l.collectCost
	o.cost += l.collectCost
	return o
}

// optionCost prices a truck from cluster c leaving at leave (s after its
// day's local midnight) at the expected ferry wait, with receiving waits
// and no restriction delay; ok is false if a leg is missing or a drop
// misses its cargo's transit limit.
func (m *Model) optionCost(t *tables, r *resolved, dt *dropTables, day, c, x, v int, drops []drop, leave float64) mdOption {
	o := mdOption{c: c, x: x, v: v, drops: drops, leave: leave}
	wait, cross := m.crossingTimes(x, r, day)
	a := m.first(t, r, v, m.xs[x], c)
	if !a.ok {
		return o
	}
	landed := float64(r.start.AddDate(0, 0, day).Unix()) + leave + a.time + wait + cross
	bs := make([]int, len(drops))
	for i, d := range drops {
		bs[i] = d.b
	}
	tl, ok := m.timeline(t, r, dt, v, x, bs, landed, false)
	if !ok {
		return o
	}
	cost, elapsed, ok := m.dropsCost(t, r, dt, c, x, v, drops, wait, tl)
	if !ok || !m.withinLimits(drops, elapsed) {
		return o
	}
	o.cost, o.ok = cost.Total(), true
	return o
}

// bestDropOption is the cheapest single truck for the members' cargo, or
// !ok: the members' buyers in every order, every crossing and class that
// may carry it all in one truck with deck and fleet left (the members'
// own slots given back), and dispatch times that bring each drop to its
// buyer's opening (or the middle of the loading window).
func (m *Model) bestDropOption(t *tables, r *resolved, dt *dropTables, book *slotBook, loads []load, members []int) mdOption {
	in := m.in
	day := loads[members[0]].day
	byBuyer := map[int][]cargo{}
	var buyers []int
	var total float64
	origin, biggest := -1, 0.0
	for _, li := range members {
		l := &loads[li]
		if _, ok := byBuyer[l.b]; !ok {
			buyers = append(buyers, l.b)
		}
		byBuyer[l.b] = addCargo(byBuyer[l.b], l.cargo)
		var q float64
		for _, c := range l.cargo {
			q += c.tonnes
		}
		total += q
		if q > biggest || (q == biggest && l.c < origin) {
			origin, biggest = l.c, q
		}
	}
	if len(buyers) > MaxDrops || len(buyers) < 2 {
		return mdOption{}
	}
	pickups, collect := m.mergedPickups(loads, members, origin)
	var ks []int
	all := []cargo(nil)
	for _, b := range buyers {
		all = addCargo(all, byBuyer[b])
	}
	for _, c := range all {
		ks = append(ks, c.k)
	}
	best := mdOption{}
	pooled := len(pickups) > 0
	for _, perm := range permutations(buyers) {
		drops := make([]drop, len(perm))
		for i, b := range perm {
			drops[i] = drop{b, byBuyer[b]}
		}
		for x := range in.Crossings {
			for v := range in.Vehicles {
				if in.Vehicles[v].Capacity < total-1e-9 || !m.allowedAll(v, all) || !m.deckWith(book, loads, members, day, x, v) ||
					m.openFor(x, r, day, v, ks) == 0 {
					continue
				}
				for _, leave := range m.leaveCandidates(t, r, dt, day, origin, x, v, perm, pooled) {
					o := m.optionCost(t, r, dt, day, origin, x, v, drops, leave)
					if !o.ok || (best.ok && o.cost+collect >= best.cost) ||
						!m.fleetWith(t, r, book, loads, members, dispatch{day: day, c: origin, x: x, v: v, b: perm[0], pooled: pooled, drops: perm, at: leave}) {
						continue
					}
					o.cost += collect
					o.pickups, o.collect = pickups, collect
					best = o
				}
			}
		}
	}
	return best
}

// allowedAll reports whether vehicle v may carry every commodity of cg.
func (m *Model) allowedAll(v int, cg []cargo) bool {
	for _, c := range cg {
		if !m.allowed(v, c.k) {
			return false
		}
	}
	return true
}

// deckWith reports whether one truck of class v may cross x on day with
// the members' own (single) trucks' deck slots given back.
func (m *Model) deckWith(book *slotBook, loads []load, members []int, day, x, v int) bool {
	f := m.in.Vehicles[v].Profile.FerryClass
	deck := book.left[day][x][f]
	for _, li := range members {
		l := &loads[li]
		if l.x == x && m.in.Vehicles[l.v].Profile.FerryClass == f {
			deck++
		}
	}
	return deck >= 1
}

// fleetWith reports whether a multi-drop truck of a dispatch finds a
// vehicle on every day it is expected busy, until it is back from its
// last drop, with the members' own trucks given back.
func (m *Model) fleetWith(t *tables, r *resolved, book *slotBook, loads []load, members []int, ds dispatch) bool {
	fb := book.fleet
	if !fb.limited[ds.v] {
		return true
	}
	for _, li := range members {
		fb.give(m, t, r, loads[li].dispatch(), 1)
	}
	ok := fb.fits(m, r, ds, 1, fb.expectedTrip(m, t, r, ds))
	for _, li := range members {
		fb.take(m, t, r, loads[li].dispatch(), 1)
	}
	return ok
}

// mergedPickups is what a merged truck collects to its origin cluster:
// the members' own pickups and, for members at other clusters, their own
// produce, priced at the collection estimate (the routed tours replace it
// later, as for any pooled load).
func (m *Model) mergedPickups(loads []load, members []int, origin int) ([]pickup, float64) {
	var ps []pickup
	var cost float64
	add := func(c, k int, q float64) {
		if q <= 1e-12 || c == origin {
			return
		}
		for i := range ps {
			if ps[i].c == c && ps[i].k == k {
				ps[i].tonnes += q
				cost += m.collectEstimate(c, origin, q)
				return
			}
		}
		ps = append(ps, pickup{c, k, q})
		cost += m.collectEstimate(c, origin, q)
	}
	for _, li := range members {
		l := &loads[li]
		own := map[int]float64{}
		for _, c := range l.cargo {
			own[c.k] += c.tonnes
		}
		for _, p := range l.pickups {
			own[p.k] -= p.tonnes
			add(p.c, p.k, p.tonnes)
		}
		for _, c := range l.cargo {
			add(l.c, c.k, own[c.k])
			own[c.k] = 0
		}
	}
	return ps, cost
}

// leaveCandidates are the dispatch times (s after midnight, inside the
// loading window) a merged truck tries: the middle of the loading window
// and, for each drop, the time that brings it to its buyer's opening if
// the drops before it kept no wait.
func (m *Model) leaveCandidates(t *tables, r *resolved, dt *dropTables, day, c, x, v int, buyers []int, pooled bool) []float64 {
	lo, hi := m.loadingWindow(pooled)
	out := []float64{(lo + hi) / 2}
	wait, cross := m.crossingTimes(x, r, day)
	a := m.first(t, r, v, m.xs[x], c)
	if !a.ok {
		return out
	}
	travel := a.time + wait + cross
	unload := m.unloadSeconds()
	for i, b := range buyers {
		var road leg
		if i == 0 {
			road = m.javaRoad(t, r, v, x, b)
		} else {
			road = dt.leg(m, r, v, buyers[i-1], b)
			travel += unload
		}
		if !road.ok {
			return out
		}
		travel += road.time
		w := m.in.Buyers[b].Window
		if w.always() {
			continue
		}
		for _, open := range []float64{w.Open * 3600, w.Open*3600 + 1800} {
			s := math.Mod(math.Mod(open-travel, 86400)+86400, 86400)
			if s >= lo && s < hi {
				out = append(out, s)
			}
		}
	}
	return out
}

// permutations lists every order of xs (at most MaxDrops! = 6).
func permutations(xs []int) [][]int {
	if len(xs) <= 1 {
		return [][]int{append([]int(nil), xs...)}
	}
	var out [][]int
	for i := range xs {
		rest := append(append([]int(nil), xs[:i]...), xs[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]int{xs[i]}, p...))
		}
	}
	return out
}

// unserved is one truck's share of a load's cargo as unmet demand, by
// buyer: each drop's cargo for a multi-drop truck (a single truck).
func (l *load) unserved(why string) []unserved {
	var out []unserved
	if len(l.drops) > 0 {
		for _, d := range l.drops {
			for _, c := range d.cargo {
				out = append(out, unserved{b: d.b, k: c.k, tonnes: c.tonnes, reason: why})
			}
		}
		return out
	}
	for _, c := range l.cargo {
		out = append(out, unserved{b: l.b, k: c.k, tonnes: c.tonnes / float64(l.trucks), reason: why})
	}
	return out
}
