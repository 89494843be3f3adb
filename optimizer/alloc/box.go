package alloc

import (
	"fmt"
	"math"
)

// Dual box of the master (du Merle, Villeneuve, Desrosiers & Hansen,
// "Stabilized column generation", Discrete Mathematics 194, 1999; the
// boxstep method of Marsten, Hogan & Blankenship, Mathematical Programming
// 9, 1975). Each bundle row j with a positive capacity gets a box column:
// one unit of extra capacity bought at cost delta_j - centre_j. Its reduced
// cost is non-negative exactly when the row's dual y_j >= centre_j -
// delta_j, so the master's duals stay within delta of the stability
// centre. Without it the first masters, whose only alternative to an
// overloaded deck is unmet demand, price deck space at the unmet penalty
// (1e8 against 1e6 at the optimum), and each commodity's pricing network
// reroutes thousands of farm clusters to and fro before the duals settle:
// on the planner's closure and 10× demand days those swings were most of
// the pivots.
//
// Exactness: the box columns only relax the master. While one is in use
// the master's objective is no upper bound and the run may not stop on
// the gap; when no column prices out at duals that touch the box, the
// radius of every box in use grows by boxGrow. A master that buys no
// capacity is the restricted master of the unstabilised method, so the
// stopping rules and guarantees are the same. If MaxIter runs out first,
// the box columns are fixed at 0 and the master solved once more, so the
// returned plan keeps every bundle.
const (
	// boxScale sets the starting radius: this fraction of the cheapest
	// per-unit cost (cost/weight) of the bundle's terms. On the planner's
	// days that is a quarter of a truck's fare, and the deck duals at the
	// optimum are 0.1 to 5 fares; 0.1 to 0.5 gave the fewest pivots.
	boxScale = 0.25
	// boxGrow widens a box the master still uses at a stabilised optimum.
	boxGrow = 10
)

// boxCol is the box column of one bundle row.
type boxCol struct {
	col    int // master column
	bundle int
	delta  float64 // radius
	// limit bounds the useful radius: no unit of the bundle's capacity is
	// worth more than serving its flow's demand otherwise, (penalty +
	// cost)/weight over the terms. Past it the box is closed (fixed at
	// 0), so a wide box never puts costs of a larger magnitude than the
	// penalties into the master's tolerances.
	limit float64
}

// addBox adds the box columns; they are the master's first columns. A
// bundle whose terms are all free gets no box (it would have radius 0).
func (g *colGen) addBox(scale float64) error {
	p := g.p
	if scale < 0 {
		return nil // no box (tests)
	}
	for j := range p.Bundles {
		b := &p.Bundles[j]
		if b.Cap <= 0 {
			continue
		}
		delta, limit := math.Inf(1), 0.0
		for _, t := range b.Terms {
			c := p.Commodities[t.Commodity].Cost[t.Arc]
			if t.Weight > 0 && c > 0 && !math.IsInf(c, 1) {
				delta = math.Min(delta, c/t.Weight)
				limit = math.Max(limit, (c+p.Commodities[t.Commodity].Penalty)/t.Weight)
			}
		}
		if math.IsInf(delta, 1) {
			continue
		}
		delta *= scale
		if delta >= limit {
			continue
		}
		col, err := g.master.AddColumn(delta-g.center[j], 0, math.Inf(1), []int{j}, []float64{-1})
		if err != nil {
			return err
		}
		g.box = append(g.box, boxCol{col: col, bundle: j, delta: delta, limit: limit})
	}
	return nil
}

// centreBox moves every open box to the stability centre.
func (g *colGen) centreBox() error {
	for _, b := range g.box {
		if math.IsInf(b.delta, 1) {
			continue // closed
		}
		if err := g.master.SetCost(b.col, b.delta-g.center[b.bundle]); err != nil {
			return err
		}
	}
	return nil
}

// boxActive reports whether the last master solve buys capacity.
func (g *colGen) boxActive() bool {
	for _, b := range g.box {
		if g.master.Value(b.col) > g.opt.LP.FeasTol*math.Max(1, g.p.Bundles[b.bundle].Cap) {
			return true
		}
	}
	return false
}

// widenBox widens every box the master uses, and closes those that reach
// their limit.
func (g *colGen) widenBox() error {
	for i := range g.box {
		b := &g.box[i]
		if math.IsInf(b.delta, 1) || g.master.Value(b.col) <= 0 {
			continue
		}
		if b.delta *= boxGrow; b.delta >= b.limit {
			b.delta = math.Inf(1)
			if err := g.master.SetUpper(b.col, 0); err != nil {
				return err
			}
		}
	}
	return g.centreBox()
}

// closeBox fixes the box columns at 0 and solves the master again, so that
// its solution keeps every bundle (after MaxIter iterations).
func (g *colGen) closeBox() error {
	if !g.boxed {
		return nil
	}
	for _, b := range g.box {
		if err := g.master.SetUpper(b.col, 0); err != nil {
			return err
		}
	}
	if err := g.master.Solve(); err != nil {
		return fmt.Errorf("alloc: master LP: %w", err)
	}
	g.ub = g.master.Objective()
	g.y = g.master.Dual(g.y)
	g.boxed = false
	return nil
}
