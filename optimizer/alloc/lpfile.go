package alloc

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
)

// fullLP is the undecomposed arc-flow LP of a Problem, built directly from
// the problem definition (independently of the solver's slack-node model):
// min c·x, rows lo/eq, 0 <= x <= upper.
type fullLP struct {
	names []string
	cost  []float64
	upper []float64
	rows  []lpRow
}

type lpRow struct {
	name string
	idx  []int
	val  []float64
	le   bool // true: <=, false: ==
	rhs  float64
}

func buildFullLP(p *Problem) *fullLP {
	f := &fullLP{}
	for k := range p.Commodities {
		c := &p.Commodities[k]
		out := make([][]int, p.Nodes)
		in := make([][]int, p.Nodes)
		varOf := make([]int, len(p.Arcs))
		for a, arc := range p.Arcs {
			varOf[a] = -1
			if math.IsInf(c.Cost[a], 1) {
				continue
			}
			u := math.Inf(1)
			if c.Cap != nil {
				u = c.Cap[a]
			}
			varOf[a] = len(f.cost)
			f.names = append(f.names, fmt.Sprintf("x_%d_%d", k, a))
			f.cost = append(f.cost, c.Cost[a])
			f.upper = append(f.upper, u)
			out[arc.Tail] = append(out[arc.Tail], varOf[a])
			in[arc.Head] = append(in[arc.Head], varOf[a])
		}
		for v := 0; v < p.Nodes; v++ {
			sup, dem := c.at(v)
			r := lpRow{name: fmt.Sprintf("n_%d_%d", k, v), le: sup > 0, rhs: sup - dem}
			for _, j := range out[v] {
				r.idx, r.val = append(r.idx, j), append(r.val, 1)
			}
			for _, j := range in[v] {
				r.idx, r.val = append(r.idx, j), append(r.val, -1)
			}
			if dem > 0 {
				// out - in - unmet (<=|=) sup - dem
				j := len(f.cost)
				f.names = append(f.names, fmt.Sprintf("u_%d_%d", k, v))
				f.cost = append(f.cost, c.Penalty)
				f.upper = append(f.upper, dem)
				r.idx, r.val = append(r.idx, j), append(r.val, -1)
			}
			if len(r.idx) > 0 {
				f.rows = append(f.rows, r)
			}
		}
		_ = varOf
	}
	// Bundle rows refer to arc variables by name.
	index := make(map[string]int, len(f.names))
	for j, n := range f.names {
		index[n] = j
	}
	for j := range p.Bundles {
		b := &p.Bundles[j]
		r := lpRow{name: fmt.Sprintf("b_%d", j), le: true, rhs: b.Cap}
		for _, t := range b.Terms {
			if v, ok := index[fmt.Sprintf("x_%d_%d", t.Commodity, t.Arc)]; ok && t.Weight != 0 {
				r.idx, r.val = append(r.idx, v), append(r.val, t.Weight)
			}
		}
		if len(r.idx) > 0 {
			f.rows = append(f.rows, r)
		}
	}
	return f
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// WriteLP writes p's undecomposed arc-flow LP (one variable per usable
// commodity arc and per unmet demand, one row per commodity node and per
// bundle) in CPLEX LP format, so that any LP solver can check Solve's
// optimum: GLPK reads it with `glpsol --lp FILE`.
func WriteLP(out io.Writer, p *Problem) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return buildFullLP(p).write(out)
}

// write emits the LP in CPLEX LP format.
func (f *fullLP) write(out io.Writer) error {
	w := bufio.NewWriter(out)
	term := func(i int, c float64, name string) {
		if i > 0 && i%6 == 0 {
			fmt.Fprint(w, "\n   ")
		}
		if c < 0 {
			fmt.Fprintf(w, " - %s %s", num(-c), name)
		} else {
			fmt.Fprintf(w, " + %s %s", num(c), name)
		}
	}
	fmt.Fprint(w, "Minimize\n obj:")
	for j, c := range f.cost {
		term(j, c, f.names[j])
	}
	fmt.Fprint(w, "\nSubject To\n")
	for _, r := range f.rows {
		fmt.Fprintf(w, " %s:", r.name)
		for i, j := range r.idx {
			term(i, r.val[i], f.names[j])
		}
		op := "="
		if r.le {
			op = "<="
		}
		fmt.Fprintf(w, " %s %s\n", op, num(r.rhs))
	}
	fmt.Fprint(w, "Bounds\n")
	for j, u := range f.upper {
		if math.IsInf(u, 1) {
			fmt.Fprintf(w, " %s >= 0\n", f.names[j])
		} else {
			fmt.Fprintf(w, " 0 <= %s <= %s\n", f.names[j], num(u))
		}
	}
	fmt.Fprint(w, "End\n")
	return w.Flush()
}

// WriteMPS writes the same LP as WriteLP in free MPS format at full
// float64 precision (COIN-OR CLP reads it: `clp FILE -dualsimplex`;
// converting WriteLP's file with glpsol --wfreemps rounds coefficients to
// ten digits).
func WriteMPS(out io.Writer, p *Problem) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return buildFullLP(p).writeMPS(out)
}

func (f *fullLP) writeMPS(out io.Writer) error {
	w := bufio.NewWriter(out)
	fmt.Fprint(w, "NAME lumbung\nROWS\n N obj\n")
	for _, r := range f.rows {
		op := "E"
		if r.le {
			op = "L"
		}
		fmt.Fprintf(w, " %s %s\n", op, r.name)
	}
	// Column-wise entries: gather each variable's rows.
	colRows := make([][]int32, len(f.cost))
	colVals := make([][]float64, len(f.cost))
	for i, r := range f.rows {
		for t, j := range r.idx {
			colRows[j] = append(colRows[j], int32(i))
			colVals[j] = append(colVals[j], r.val[t])
		}
	}
	fmt.Fprint(w, "COLUMNS\n")
	for j, name := range f.names {
		if f.cost[j] != 0 {
			fmt.Fprintf(w, " %s obj %s\n", name, num(f.cost[j]))
		}
		for t, i := range colRows[j] {
			fmt.Fprintf(w, " %s %s %s\n", name, f.rows[i].name, num(colVals[j][t]))
		}
	}
	fmt.Fprint(w, "RHS\n")
	for _, r := range f.rows {
		if r.rhs != 0 {
			fmt.Fprintf(w, " rhs %s %s\n", r.name, num(r.rhs))
		}
	}
	fmt.Fprint(w, "BOUNDS\n")
	for j, u := range f.upper {
		if !math.IsInf(u, 1) {
			fmt.Fprintf(w, " UP bnd %s %s\n", f.names[j], num(u))
		}
	}
	fmt.Fprint(w, "ENDATA\n")
	return w.Flush()
}
