package alloc

import (
	"fmt"
	"math"
)

// Verify independently checks that r is a feasible plan for p and that its
// reported objective, bundle loads and lower bound are consistent. It uses
// only p and r (no solver state). tol is a relative tolerance, e.g. 1e-7:
// capacities, bundles and conservation are checked to tol*(1+|rhs|), the
// objective to tol*max(1,|objective|).
func Verify(p *Problem, r *Result, tol float64) error {
	K, m := len(p.Commodities), len(p.Arcs)
	if len(r.Flow) != K || len(r.Unmet) != K {
		return fmt.Errorf("alloc: verify: result has %d flow and %d unmet vectors, want %d", len(r.Flow), len(r.Unmet), K)
	}
	net := make([]float64, p.Nodes)
	var obj float64
	for k := range p.Commodities {
		c := &p.Commodities[k]
		if len(r.Flow[k]) != m || len(r.Unmet[k]) != p.Nodes {
			return fmt.Errorf("alloc: verify: commodity %d: wrong result lengths", k)
		}
		clear(net)
		for a, f := range r.Flow[k] {
			u := math.Inf(1)
			if c.Cap != nil {
				u = c.Cap[a]
			}
			if math.IsInf(c.Cost[a], 1) {
				u = 0
			}
			if f < -tol || f > u+tol*(1+u) {
				return fmt.Errorf("alloc: verify: commodity %d arc %d: flow %v outside [0, %v]", k, a, f, u)
			}
			if f != 0 {
				obj += c.Cost[a] * f
			}
			net[p.Arcs[a].Tail] += f
			net[p.Arcs[a].Head] -= f
		}
		for v := 0; v < p.Nodes; v++ {
			sup, dem := c.at(v)
			un := r.Unmet[k][v]
			if un < -tol || un > dem+tol*(1+dem) {
				return fmt.Errorf("alloc: verify: commodity %d node %d: unmet %v outside [0, %v]", k, v, un, dem)
			}
			obj += c.Penalty * un
			// Net outflow = sent - received; received = demand - unmet.
			lhs := net[v] - un
			rhs := sup - dem
			scale := tol * (1 + sup + dem)
			if lhs > rhs+scale {
				return fmt.Errorf("alloc: verify: commodity %d node %d: net outflow %v exceeds supply-demand %v", k, v, lhs, rhs)
			}
			if sup == 0 && lhs < rhs-scale {
				return fmt.Errorf("alloc: verify: commodity %d node %d: net outflow %v, want %v", k, v, lhs, rhs)
			}
		}
	}
	for j := range p.Bundles {
		b := &p.Bundles[j]
		var load float64
		for _, t := range b.Terms {
			load += t.Weight * r.Flow[t.Commodity][t.Arc]
		}
		if load > b.Cap+tol*(1+b.Cap) {
			return fmt.Errorf("alloc: verify: bundle %d (%s): load %v exceeds capacity %v", j, b.Name, load, b.Cap)
		}
		if r.BundleLoad != nil && math.Abs(load-r.BundleLoad[j]) > tol*(1+load) {
			return fmt.Errorf("alloc: verify: bundle %d (%s): reported load %v, recomputed %v", j, b.Name, r.BundleLoad[j], load)
		}
	}
	scale := tol * math.Max(1, math.Abs(obj))
	if math.Abs(obj-r.Objective) > scale {
		return fmt.Errorf("alloc: verify: reported objective %v, recomputed %v", r.Objective, obj)
	}
	if r.LowerBound > r.Objective+scale {
		return fmt.Errorf("alloc: verify: lower bound %v exceeds objective %v", r.LowerBound, r.Objective)
	}
	return nil
}

// at returns node v's supply and demand (0 where the slices are nil).
func (c *Commodity) at(v int) (sup, dem float64) {
	if c.Supply != nil {
		sup = c.Supply[v]
	}
	if c.Demand != nil {
		dem = c.Demand[v]
	}
	return sup, dem
}
