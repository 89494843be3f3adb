package plan

import (
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/paulmach/orb"

	"github.com/lumbung-id/lumbung/geo/hexgrid"
	"github.com/lumbung-id/lumbung/optimizer/network"
	"github.com/lumbung-id/lumbung/optimizer/route"
)

// Model is an Input prepared for planning: farms aggregated into clusters
// with their collection points on the network, and route tables from the
// clusters to the ports and from the ports to the buyers. A Model is safe
// for concurrent plans.
type Model struct {
	in         *Input
	clusters   []cluster
	sPorts     []network.NodeID // Sumatra-side port nodes
	jPorts     []network.NodeID // Java-side port nodes
	xs, xj     []int            // per crossing: index into sPorts / jPorts
	buyers     []network.Snap
	hubOf      []int // cluster → consolidation hub key (index of the parent cell)
	clusterIdx map[hexgrid.Cell]int
	annual     []float64 // tonnes per year by commodity over all clusters

	baseOnce sync.Once
	base     *tables
	baseErr  error

	tours tourMemo // collection solutions of earlier plans (tourmemo.go)
}

// cluster is an H3 cell's farms: the plan's origin.
type cluster struct {
	Cell   hexgrid.Cell
	Point  orb.Point // tonnes-weighted centroid: the collection point
	Snap   network.Snap
	Tonnes []float64 // per commodity, per year
	Farms  []int     // per commodity
}

// tables hold road totals for every vehicle class.
type tables struct {
	t1 [][][]route.Totals // [vehicle][sumatra port][cluster]
	t2 [][][]route.Totals // [vehicle][java port][buyer]
}

// Prepare validates the input and builds the clusters.
func Prepare(in *Input) (*Model, error) {
	if in.Router == nil {
		return nil, fmt.Errorf("%w: no router", ErrInput)
	}
	if len(in.Commodities) == 0 || len(in.Buyers) == 0 || len(in.Vehicles) == 0 || len(in.Crossings) == 0 {
		return nil, fmt.Errorf("%w: need commodities, buyers, vehicles and crossings", ErrInput)
	}
	p := in.Params
	if p.ClusterRes < 0 || p.ClusterRes > 9 || !(p.DeckShare >= 0 && p.DeckShare <= 1) || !(p.BackhaulShare >= 0 && p.BackhaulShare <= 1) ||
		!(p.LoadingEndHour > p.LoadingStartHour) || p.LoadingStartHour < 0 || p.LoadingEndHour > 24 || !(p.HandlingHours >= 0) {
		return nil, fmt.Errorf("%w: params %+v", ErrInput, p)
	}
	K := len(in.Commodities)
	for i, b := range in.Buyers {
		if len(b.Demand) != K {
			return nil, fmt.Errorf("%w: buyer %q has %d demand entries for %d commodities", ErrInput, b.ID, len(b.Demand), K)
		}
		if !b.Window.valid() {
			return nil, fmt.Errorf("%w: buyer %q receiving hours %+v", ErrInput, b.ID, b.Window)
		}
		_ = i
	}
	for _, v := range in.Vehicles {
		if !(v.Capacity > 0) {
			return nil, fmt.Errorf("%w: vehicle %q capacity %g", ErrInput, v.ID, v.Capacity)
		}
		if err := v.Profile.Validate(); err != nil {
			return nil, fmt.Errorf("%w: vehicle %q: %v", ErrInput, v.ID, err)
		}
	}
	if len(in.Restrictions) > 0 {
		if _, err := in.resolveBans(); err != nil {
			return nil, err
		}
	}
	if err := in.checkBaseline(&in.Params.Baseline); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInput, err)
	}
	m := &Model{in: in}
	idx := map[hexgrid.Cell]int{}
	var wsum [][2]float64
	var wt []float64
	for i, f := range in.Farms {
		if f.Commodity < 0 || f.Commodity >= K || !(f.TonnesPerYear >= 0) {
			return nil, fmt.Errorf("%w: farm %d", ErrInput, i)
		}
		c, err := f.Cell.Parent(p.ClusterRes)
		if err != nil {
			return nil, fmt.Errorf("%w: farm %d cell: %v", ErrInput, i, err)
		}
		j, ok := idx[c]
		if !ok {
			j = len(m.clusters)
			idx[c] = j
			m.clusters = append(m.clusters, cluster{Cell: c, Tonnes: make([]float64, K), Farms: make([]int, K)})
			wsum = append(wsum, [2]float64{})
			wt = append(wt, 0)
		}
		cl := &m.clusters[j]
		cl.Tonnes[f.Commodity] += f.TonnesPerYear
		cl.Farms[f.Commodity]++
		w := f.TonnesPerYear + 1e-9
		wsum[j][0] += w * f.Point[0]
		wsum[j][1] += w * f.Point[1]
		wt[j] += w
	}
	// Deterministic order: by cell index.
	order := make([]int, len(m.clusters))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return m.clusters[order[a]].Cell < m.clusters[order[b]].Cell })
	sorted := make([]cluster, len(order))
	for i, j := range order {
		sorted[i] = m.clusters[j]
		sorted[i].Point = orb.Point{wsum[j][0] / wt[j], wsum[j][1] / wt[j]}
		// A centroid may sit a little farther from the roads than any of
		// its farms (coasts, estates): allow twice the feeder radius.
		sn, err := in.Router.Graph().Nearest(sorted[i].Point, 2*in.Router.Feeder().MaxSnapMeters)
		if err != nil {
			return nil, fmt.Errorf("%w: cluster %s at %v: %v", ErrInput, sorted[i].Cell, sorted[i].Point, err)
		}
		sorted[i].Snap = sn
	}
	m.clusters = sorted
	m.annual = make([]float64, K)
	for _, c := range m.clusters {
		for k, x := range c.Tonnes {
			m.annual[k] += x
		}
	}
	m.clusterIdx = make(map[hexgrid.Cell]int, len(m.clusters))
	for i, c := range m.clusters {
		m.clusterIdx[c.Cell] = i
	}
	hubs := map[hexgrid.Cell]int{}
	for _, c := range m.clusters {
		h, err := c.Cell.Parent(min(p.ConsolidationRes, p.ClusterRes))
		if err != nil {
			return nil, fmt.Errorf("%w: consolidation res: %v", ErrInput, err)
		}
		if _, ok := hubs[h]; !ok {
			hubs[h] = len(hubs)
		}
		m.hubOf = append(m.hubOf, hubs[h])
	}
	portIndex := func(list *[]network.NodeID, v network.NodeID) int {
		for i, x := range *list {
			if x == v {
				return i
			}
		}
		*list = append(*list, v)
		return len(*list) - 1
	}
	for _, x := range in.Crossings {
		if x.Service < 0 || x.Service >= len(in.Router.Graph().Services()) {
			return nil, fmt.Errorf("%w: crossing %q service %d", ErrInput, x.ID, x.Service)
		}
		m.xs = append(m.xs, portIndex(&m.sPorts, x.From))
		m.xj = append(m.xj, portIndex(&m.jPorts, x.To))
	}
	for _, b := range in.Buyers {
		sn, err := in.Router.Snap(b.Point)
		if err != nil {
			return nil, fmt.Errorf("%w: buyer %q: %v", ErrInput, b.ID, err)
		}
		m.buyers = append(m.buyers, sn)
	}
	return m, nil
}

// Clusters returns the number of clusters.
func (m *Model) Clusters() int { return len(m.clusters) }

// tablesFor returns route tables for an avoid set (nil: the cached base).
func (m *Model) tablesFor(avoid []uint64) (*tables, error) {
	if avoid == nil {
		m.baseOnce.Do(func() { m.base, m.baseErr = m.buildTables(nil) })
		return m.base, m.baseErr
	}
	return m.buildTables(avoid)
}

// buildTables runs one backward search per vehicle and Sumatra port and one
// forward search per vehicle and Java port; ferries are excluded so that
// each table stays on its side of the strait.
func (m *Model) buildTables(avoid []uint64) (*tables, error) {
	g := m.in.Router.Graph()
	mask := make([]uint64, (g.NumEdges()+63)/64)
	copy(mask, avoid)
	for e := network.EdgeID(0); e < network.EdgeID(g.NumEdges()); e++ {
		if g.Class(e) == network.Ferry {
			mask[e>>6] |= 1 << (uint(e) & 63)
		}
	}
	srcs := make([]network.NodeID, len(m.clusters))
	for i, c := range m.clusters {
		srcs[i] = c.Snap.Node
	}
	dsts := make([]network.NodeID, len(m.buyers))
	for i, b := range m.buyers {
		dsts[i] = b.Node
	}
	V := len(m.in.Vehicles)
	t := &tables{t1: make([][][]route.Totals, V), t2: make([][][]route.Totals, V)}
	var wg sync.WaitGroup
	errs := make([]error, V)
	sem := make(chan struct{}, 2)
	for v := range m.in.Vehicles {
		wg.Add(1)
		go func(v int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			opt := &route.Options{Metric: route.Cost, Profile: m.in.Vehicles[v].Profile, Avoid: mask}
			if e := m.in.Router.Engine(); e != nil && e.Ready(opt) {
				errs[v] = m.engineTables(e, t, v, srcs, dsts, opt)
				return
			}
			s := m.in.Router.Searcher()
			defer m.in.Router.Release(s)
			t.t1[v] = make([][]route.Totals, len(m.sPorts))
			for p, port := range m.sPorts {
				t.t1[v][p] = make([]route.Totals, len(srcs))
				if err := s.ManyToOne(srcs, port, opt, t.t1[v][p]); err != nil {
					errs[v] = err
					return
				}
			}
			t.t2[v] = make([][]route.Totals, len(m.jPorts))
			for q, port := range m.jPorts {
				t.t2[v][q] = make([]route.Totals, len(dsts))
				if err := s.OneToMany(port, dsts, opt, t.t2[v][q]); err != nil {
					errs[v] = err
					return
				}
			}
		}(v)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return t, nil
}

// engineTables fills vehicle v's tables with two many-to-many searches of
// the router's engine (contraction hierarchies): clusters → Sumatra ports
// and Java ports → buyers. It is used when the engine is Ready: on a large
// imported network whose hierarchy for this vehicle is not built yet, one
// Dijkstra per port is far cheaper than a contraction.
func (m *Model) engineTables(e route.TableEngine, t *tables, v int, srcs, dsts []network.NodeID, opt *route.Options) error {
	t1 := make([]route.Totals, len(srcs)*len(m.sPorts))
	if err := e.Table(srcs, m.sPorts, opt, t1); err != nil {
		return err
	}
	t.t1[v] = make([][]route.Totals, len(m.sPorts))
	for p := range m.sPorts {
		t.t1[v][p] = make([]route.Totals, len(srcs))
		for i := range srcs {
			t.t1[v][p][i] = t1[i*len(m.sPorts)+p]
		}
	}
	t2 := make([]route.Totals, len(m.jPorts)*len(dsts))
	if err := e.Table(m.jPorts, dsts, opt, t2); err != nil {
		return err
	}
	t.t2[v] = make([][]route.Totals, len(m.jPorts))
	for q := range m.jPorts {
		t.t2[v][q] = t2[q*len(dsts) : (q+1)*len(dsts)]
	}
	return nil
}

// leg is a priced part of a lane for one truck.
type leg struct {
	Cost       Breakdown
	time, dist float64
	ok         bool
}

// roadLeg splits a road search's totals into its parts and reprices fuel.
func (m *Model) roadLeg(t route.Totals, v int, r *resolved) leg {
	p := &m.in.Vehicles[v].Profile
	running := p.CostPerKm * t.Distance / 1000
	driver := p.DriverPerHour * t.Duration / 3600
	toll := math.Max(0, t.Cost-running-driver)
	running += m.in.Vehicles[v].LitresPerKm * (r.diesel - m.in.Params.DieselIDRPerLitre) * t.Distance / 1000
	return leg{Cost: Breakdown{FuelWear: running, Driver: driver, Toll: toll}, time: t.Duration, dist: t.Distance, ok: true}
}

func (l leg) plus(o leg) leg {
	return leg{Cost: l.Cost.add(o.Cost), time: l.time + o.time, dist: l.dist + o.dist, ok: l.ok && o.ok}
}

// begin readies a resolved scenario for planning or checking: the
// crossings' open departures and expected waits per day, the route tables
// (recomputed only for closed roads) and every cluster's first leg, which
// every day's allocation, the loads and the slotting read again and again.
func (m *Model) begin(r *resolved) (*tables, error) {
	m.schedule(r)
	t, err := m.tablesFor(r.avoid)
	if err != nil {
		return nil, err
	}
	r.first = make([][][]leg, len(m.in.Vehicles))
	for v := range r.first {
		r.first[v] = make([][]leg, len(m.sPorts))
		for p := range r.first[v] {
			r.first[v][p] = make([]leg, len(m.clusters))
			for c := range m.clusters {
				r.first[v][p][c] = m.firstLeg(t, r, v, p, c)
			}
		}
	}
	return t, nil
}

// first is cluster c → Sumatra port p by vehicle v, as begin priced it.
func (m *Model) first(_ *tables, r *resolved, v, p, c int) leg { return r.first[v][p][c] }

// firstLeg prices cluster c → Sumatra port p by vehicle v, feeder and
// loading included, and the same road back at the return-leg share.
func (m *Model) firstLeg(t *tables, r *resolved, v, p, c int) leg {
	tt := t.t1[v][p][c]
	if !tt.Reachable {
		return leg{}
	}
	veh := &m.in.Vehicles[v]
	f, _ := m.in.Router.FeederLeg(float64(m.clusters[c].Snap.Distance), &veh.Profile)
	return m.withHandling(m.roadLeg(tt, v, r).plus(m.roadLeg(f, v, r)), v, r)
}

// withHandling adds half the handling time (loading or unloading) to a
// road leg and charges the road back, empty or with a backhaul, at the
// return-leg share. The return runs the same roads (tolls are the same
// both ways) and adds no time to the loaded trip.
func (m *Model) withHandling(l leg, v int, r *resolved) leg {
	l.Cost.ReturnLeg += (1 - r.backhaul) * l.Cost.Total()
	h := m.in.Params.HandlingHours / 2 * 3600
	l.time += h
	l.Cost.Driver += m.in.Vehicles[v].Profile.DriverPerHour * h / 3600
	return l
}

// crossingTimes returns the expected wait on a day and the crossing time of
// x. The wait is that of a truck arriving at a uniformly random time of the
// day: the sum of squared gaps between open departures over twice the day,
// so a closure window lengthens it (a truck arriving during the closure
// waits for the reopening).
func (m *Model) crossingTimes(x int, r *resolved, day int) (wait, cross float64) {
	cr := &m.in.Crossings[x]
	sv := &m.in.Router.Graph().Services()[cr.Service]
	cross = sv.CrossingSeconds
	if r.peak && cr.PeakCrossingSeconds > 0 {
		cross = cr.PeakCrossingSeconds
	}
	if day >= 0 && day < len(r.waits[x]) {
		return r.waits[x][day], cross
	}
	return sv.ExpectedWait(), cross
}

// schedule counts every crossing's open departures per day and computes
// its expected wait per day from them (the next day's first open departure
// closes the last gap).
func (m *Model) schedule(r *resolved) {
	r.waits = make([][]float64, len(m.in.Crossings))
	r.open = make([][]int, len(m.in.Crossings))
	for x := range m.in.Crossings {
		r.waits[x] = make([]float64, r.days)
		r.open[x] = make([]int, r.days+1)
		var deps []float64
		for d := 0; d <= r.days; d++ {
			ts, open := m.departures(x, r, d)
			for i, t := range ts {
				if open[i] {
					deps = append(deps, t)
					r.open[x][d]++
				}
			}
		}
		for d := 0; d < r.days; d++ {
			lo := float64(r.start.AddDate(0, 0, d).Unix())
			hi := lo + 86400
			var sum float64
			prev := lo
			for _, t := range deps {
				if t < lo {
					continue
				}
				end := math.Min(t, hi)
				if end > prev {
					// arrivals in [prev, end) wait until t
					sum += ((t-prev)*(t-prev) - (t-end)*(t-end)) / 2
				}
				prev = math.Max(prev, end)
				if t >= hi {
					break
				}
			}
			if prev < hi { // no departure left: a day's wait at least
				sum += (hi - prev) * 86400
			}
			r.waits[x][d] = sum / 86400
		}
	}
}

// ferry prices crossing x for vehicle v with a given wait, and the
// crossing back (fare, the service's expected wait and the crossing time)
// at the return-leg share.
func (m *Model) ferry(x, v int, r *resolved, wait float64) leg {
	veh := &m.in.Vehicles[v]
	sv := &m.in.Router.Graph().Services()[m.in.Crossings[x].Service]
	_, cross := m.crossingTimes(x, r, -1)
	t := wait + cross
	fare := sv.Tariff[veh.Profile.FerryClass]
	back := fare + veh.Profile.DriverPerHour*(sv.ExpectedWait()+cross)/3600
	return leg{Cost: Breakdown{Ferry: fare, Driver: veh.Profile.DriverPerHour * t / 3600, ReturnLeg: (1 - r.backhaul) * back},
		time: t, ok: true}
}

// second prices Java port → buyer b by vehicle v, unloading included.
func (m *Model) second(t *tables, r *resolved, v, x, b int) leg {
	tt := t.t2[v][m.xj[x]][b]
	if !tt.Reachable {
		return leg{}
	}
	veh := &m.in.Vehicles[v]
	f, _ := m.in.Router.FeederLeg(float64(m.buyers[b].Distance), &veh.Profile)
	return m.withHandling(m.roadLeg(tt, v, r).plus(m.roadLeg(f, v, r)), v, r)
}

// allowed reports whether vehicle v may carry commodity k.
func (m *Model) allowed(v, k int) bool {
	return m.in.Vehicles[v].Reefer == m.in.Commodities[k].NeedsReefer
}

// departures returns the Unix times of crossing x's departures on day d
// with the deck space open to the plan (0 while closed).
func (m *Model) departures(x int, r *resolved, day int) (times []float64, open []bool) {
	sv := &m.in.Router.Graph().Services()[m.in.Crossings[x].Service]
	base := float64(r.start.AddDate(0, 0, day).Unix())
	var sod []float64
	if len(sv.Departures) > 0 {
		sod = sv.Departures
	} else {
		for t := 0.0; t < 86400; t += sv.HeadwaySeconds {
			sod = append(sod, t)
		}
	}
	times = make([]float64, len(sod))
	open = make([]bool, len(sod))
	for i, s := range sod {
		times[i] = base + s
		open[i] = true
		for _, w := range r.closures[x] {
			if times[i] >= w[0] && times[i] < w[1] {
				open[i] = false
			}
		}
	}
	return times, open
}

// banned reports whether a truck restriction keeps vehicle v carrying
// commodities ks off crossing x's departure at Unix time t.
func (r *resolved) banned(x, v int, t float64, ks []int) bool {
	for i := range r.bans {
		b := &r.bans[i]
		if !b.crossing[x] || !b.vehicle[v] || t < b.from || t >= b.to {
			continue
		}
		for _, k := range ks {
			if !b.exempt[k] {
				return true
			}
		}
	}
	return false
}

// openFor counts crossing x's departures on a day that vehicle v may board
// with commodities ks: open ones outside every truck restriction.
func (m *Model) openFor(x int, r *resolved, day, v int, ks []int) int {
	if len(r.bans) == 0 {
		return r.open[x][day]
	}
	ts, open := m.departures(x, r, day)
	n := 0
	for i, t := range ts {
		if open[i] && !r.banned(x, v, t, ks) {
			n++
		}
	}
	return n
}

// deckPerDeparture returns the plan's share of one departure's deck for
// ferry class f, in trucks (fractional).
func (m *Model) deckPerDeparture(x int, r *resolved, f int) float64 {
	sv := &m.in.Router.Graph().Services()[m.in.Crossings[x].Service]
	return float64(sv.Deck[f]) * r.deckShare * r.capFactor
}

func (m *Model) dayCapacity(x int, r *resolved, day, f int) float64 {
	return float64(r.open[x][day]) * m.deckPerDeparture(x, r, f)
}

// supplyPerDay is cluster c's supply of commodity k on day d, tonnes.
func (m *Model) supplyPerDay(r *resolved, c, k, day int) float64 {
	month := r.start.AddDate(0, 0, day).Month() - 1
	s := m.clusters[c].Tonnes[k] / 365 * r.season[k][month] * r.supplyMult[k]
	if !math.IsNaN(r.supplyTotal[k]) {
		if m.annual[k] > 0 {
			s = m.clusters[c].Tonnes[k] / m.annual[k] * r.supplyTotal[k]
		} else {
			s = 0
		}
	}
	return s
}
