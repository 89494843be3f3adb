// Package lp is a small dense bounded-variable revised simplex solver,
// meant for master problems of decomposition methods (hundreds of rows, a
// few thousand columns).
//
// # Model
//
//	minimise   c·x
//	subject to A_i·x  (<=, >=, =)  b_i   for every row i
//	           l_j <= x_j <= u_j           (l_j may be -Inf, u_j may be +Inf)
//
// # Algorithm
//
// Revised primal simplex for bounded variables (Dantzig 1955; Chvátal,
// Linear Programming, 1983, ch. 8 and 10; Maros, Computational Techniques of
// the Simplex Method, 2003, ch. 9) with an explicit dense basis inverse
// updated in product form and rebuilt by Gauss–Jordan elimination with
// partial pivoting every RefactorEvery updates. Every row gets a logical
// (slack) variable; rows whose slack cannot absorb the initial residual get
// an artificial variable and Phase I minimises the sum of artificials,
// after which artificials are fixed at zero for Phase II. Pricing is
// Dantzig's largest-reduced-cost rule with a Harris two-pass ratio test;
// after a run of degenerate pivots the solver switches to Bland's
// smallest-index rule (entering and leaving), which cannot cycle, and
// switches back once the objective moves.
//
// Columns can be appended with [Solver.AddColumn] between solves; the
// previous basis is kept and the next [Solver.Solve] resumes Phase II from
// it when it is still primal feasible (the usual situation in column
// generation), otherwise it restarts from a slack basis.
//
// # Tolerances
//
// A basic variable is feasible if it is within FeasTol*(1+|bound|) of its
// bounds; a reduced cost is optimal if it is within OptTol*max(1,max|c|)
// of the right sign; a pivot element is never smaller than
// PivotTol*max(1, max_i |alpha_i|), relative to the largest entry of the
// entering column in the current basis. The relative test matters for
// degenerate rows (right-hand side 0, as for a closed ferry in package
// alloc): there every ratio is 0, and an absolute tolerance lets rounding
// of order 1e-9 beside entries of order 1e3 be chosen as the pivot, after
// which the basis is numerically singular. Defaults: FeasTol 1e-9,
// OptTol 1e-10, PivotTol 1e-9.
package lp

import (
	"errors"
	"fmt"
	"math"
)

// Sentinel errors.
var (
	// ErrInfeasible reports an LP without a feasible point.
	ErrInfeasible = errors.New("lp: infeasible")
	// ErrUnbounded reports an LP whose objective is unbounded below.
	ErrUnbounded = errors.New("lp: unbounded")
	// ErrIterationLimit reports that Options.MaxIter pivots were exhausted.
	ErrIterationLimit = errors.New("lp: iteration limit reached")
	// ErrNumerical reports a numerically singular basis.
	ErrNumerical = errors.New("lp: numerical failure")
	// ErrInvalid reports malformed input; the wrapping error says where.
	ErrInvalid = errors.New("lp: invalid problem")
)

// Sense is the relation of a constraint row.
type Sense int8

// Row senses.
const (
	LE Sense = iota // A_i·x <= b_i
	GE              // A_i·x >= b_i
	EQ              // A_i·x == b_i
)

// Options tune the solver; the zero value selects the defaults.
type Options struct {
	// FeasTol is the relative primal feasibility tolerance (default 1e-9).
	FeasTol float64
	// OptTol is the relative dual feasibility tolerance (default 1e-10).
	OptTol float64
	// PivotTol is the smallest acceptable pivot magnitude (default 1e-9).
	PivotTol float64
	// MaxIter bounds the pivots of one Solve call (default 50*(rows+cols)+1000).
	MaxIter int
	// RefactorEvery sets how many updates are applied to the basis inverse
	// before it is rebuilt (default 50).
	RefactorEvery int
}

func (o *Options) withDefaults() Options {
	var r Options
	if o != nil {
		r = *o
	}
	if r.FeasTol <= 0 {
		r.FeasTol = 1e-9
	}
	if r.OptTol <= 0 {
		r.OptTol = 1e-10
	}
	if r.PivotTol <= 0 {
		r.PivotTol = 1e-9
	}
	if r.RefactorEvery <= 0 {
		r.RefactorEvery = 50
	}
	return r
}

// Problem is a dense LP for [Solve].
type Problem struct {
	// C is the objective, one entry per column.
	C []float64
	// A holds the rows of the constraint matrix, each of length len(C).
	A [][]float64
	// Sense per row; nil means all LE.
	Sense []Sense
	// B is the right-hand side per row.
	B []float64
	// Lower bounds per column; nil means all 0.
	Lower []float64
	// Upper bounds per column; nil means all +Inf.
	Upper []float64
}

// Result is an optimal solution.
type Result struct {
	// X is the primal solution.
	X []float64
	// Dual holds the row duals y (d objective / d b_i): y_i <= 0 for LE
	// rows and >= 0 for GE rows of a minimisation.
	Dual []float64
	// ReducedCost holds c_j - y·A_j per column.
	ReducedCost []float64
	// Objective is c·x.
	Objective float64
	// Iterations is the number of simplex pivots.
	Iterations int
}

// Solve solves a dense problem from scratch. The status is carried by the
// error: nil means optimal, otherwise it wraps ErrInfeasible,
// ErrUnbounded, ErrIterationLimit, ErrNumerical or ErrInvalid.
func Solve(p *Problem, opt *Options) (*Result, error) {
	m, n := len(p.A), len(p.C)
	if len(p.B) != m {
		return nil, fmt.Errorf("%w: len(B)=%d, want %d rows", ErrInvalid, len(p.B), m)
	}
	if p.Sense != nil && len(p.Sense) != m {
		return nil, fmt.Errorf("%w: len(Sense)=%d, want %d", ErrInvalid, len(p.Sense), m)
	}
	if (p.Lower != nil && len(p.Lower) != n) || (p.Upper != nil && len(p.Upper) != n) {
		return nil, fmt.Errorf("%w: bounds length differs from %d columns", ErrInvalid, n)
	}
	sense := p.Sense
	if sense == nil {
		sense = make([]Sense, m)
	}
	s, err := NewSolver(sense, p.B, opt)
	if err != nil {
		return nil, err
	}
	rows := make([]int, 0, m)
	vals := make([]float64, 0, m)
	for j := 0; j < n; j++ {
		rows, vals = rows[:0], vals[:0]
		for i := 0; i < m; i++ {
			if len(p.A[i]) != n {
				return nil, fmt.Errorf("%w: row %d has %d entries, want %d", ErrInvalid, i, len(p.A[i]), n)
			}
			if v := p.A[i][j]; v != 0 {
				rows = append(rows, i)
				vals = append(vals, v)
			}
		}
		lo, hi := 0.0, math.Inf(1)
		if p.Lower != nil {
			lo = p.Lower[j]
		}
		if p.Upper != nil {
			hi = p.Upper[j]
		}
		if _, err := s.AddColumn(p.C[j], lo, hi, rows, vals); err != nil {
			return nil, fmt.Errorf("column %d: %w", j, err)
		}
	}
	if err := s.Solve(); err != nil {
		return nil, err
	}
	return &Result{X: s.X(nil), Dual: s.Dual(nil), ReducedCost: s.ReducedCost(nil),
		Objective: s.Objective(), Iterations: s.Iterations()}, nil
}

// Variable status for non-basic variables.
const (
	atLower int8 = iota
	atUpper
	atZero // free non-basic variable parked at 0
	basic
)

// Solver is an incremental revised simplex solver. Variables are ordered
// as m slacks, m artificials, then structural columns in AddColumn order.
// It is not safe for concurrent use.
type Solver struct {
	opt   Options
	m     int
	sense []Sense
	rhs   []float64

	// structural columns in compressed sparse column form
	colStart []int
	colRow   []int32
	colVal   []float64

	cost  []float64 // phase II cost per variable
	lo    []float64
	hi    []float64
	x     []float64
	stat  []int8
	head  []int     // basic variable of each row position
	binv  []float64 // column-major m×m basis inverse
	work  []float64 // scratch for refactorisation (m×m)
	alpha []float64
	y     []float64
	cb    []float64
	resid []float64
	pos   []int // basis position of a variable, -1 if non-basic
	perm  []int

	phase     int
	haveBasis bool
	updates   int
	iters     int
	totalIt   int
	costScale float64
}

// NewSolver creates a solver with the given row senses and right-hand
// sides and no columns.
func NewSolver(sense []Sense, rhs []float64, opt *Options) (*Solver, error) {
	m := len(rhs)
	if len(sense) != m {
		return nil, fmt.Errorf("%w: len(sense)=%d, len(rhs)=%d", ErrInvalid, len(sense), m)
	}
	s := &Solver{opt: opt.withDefaults(), m: m,
		sense: append([]Sense(nil), sense...), rhs: append([]float64(nil), rhs...),
		colStart: []int{0},
		head:     make([]int, m), binv: make([]float64, m*m), work: make([]float64, m*m),
		perm: make([]int, m), alpha: make([]float64, m), y: make([]float64, m), cb: make([]float64, m), resid: make([]float64, m),
	}
	for i := 0; i < m; i++ {
		if math.IsNaN(rhs[i]) || math.IsInf(rhs[i], 0) {
			return nil, fmt.Errorf("%w: row %d has right-hand side %v", ErrInvalid, i, rhs[i])
		}
		if sense[i] != LE && sense[i] != GE && sense[i] != EQ {
			return nil, fmt.Errorf("%w: row %d has unknown sense %d", ErrInvalid, i, sense[i])
		}
	}
	inf := math.Inf(1)
	for i := 0; i < m; i++ {
		lo, hi := 0.0, inf
		switch sense[i] {
		case GE:
			lo, hi = -inf, 0
		case EQ:
			hi = 0
		}
		s.appendVar(0, lo, hi)
	}
	for i := 0; i < m; i++ {
		s.appendVar(0, 0, 0)
	}
	return s, nil
}

func (s *Solver) appendVar(c, lo, hi float64) {
	s.cost = append(s.cost, c)
	s.lo = append(s.lo, lo)
	s.hi = append(s.hi, hi)
	st := atLower
	v := lo
	switch {
	case !math.IsInf(lo, -1):
	case !math.IsInf(hi, 1):
		st, v = atUpper, hi
	default:
		st, v = atZero, 0
	}
	s.x = append(s.x, v)
	s.stat = append(s.stat, st)
	s.pos = append(s.pos, -1)
}

// Rows returns the number of constraint rows.
func (s *Solver) Rows() int { return s.m }

// Cols returns the number of structural columns added so far.
func (s *Solver) Cols() int { return len(s.colStart) - 1 }

// AddColumn appends a structural column with objective coefficient cost,
// bounds [lo, hi] and non-zeros vals at the given rows, and returns its
// index. The column starts non-basic at a finite bound (or 0 if free).
func (s *Solver) AddColumn(cost, lo, hi float64, rows []int, vals []float64) (int, error) {
	if len(rows) != len(vals) {
		return 0, fmt.Errorf("%w: %d row indices but %d values", ErrInvalid, len(rows), len(vals))
	}
	if math.IsNaN(cost) || math.IsInf(cost, 0) {
		return 0, fmt.Errorf("%w: cost %v", ErrInvalid, cost)
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || lo > hi || math.IsInf(lo, 1) || math.IsInf(hi, -1) {
		return 0, fmt.Errorf("%w: bounds [%v, %v]", ErrInvalid, lo, hi)
	}
	for k, r := range rows {
		if r < 0 || r >= s.m {
			return 0, fmt.Errorf("%w: row index %d outside 0..%d", ErrInvalid, r, s.m-1)
		}
		if v := vals[k]; math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("%w: entry %v in row %d", ErrInvalid, v, r)
		}
		if vals[k] != 0 {
			s.colRow = append(s.colRow, int32(r))
			s.colVal = append(s.colVal, vals[k])
		}
	}
	s.colStart = append(s.colStart, len(s.colRow))
	s.appendVar(cost, lo, hi)
	return s.Cols() - 1, nil
}

// SetCost changes the objective coefficient of structural column j. The
// basis is kept: it stays primal feasible, so the next [Solver.Solve]
// resumes Phase II from it (stabilised column generation moves the costs
// of its box columns this way).
func (s *Solver) SetCost(j int, cost float64) error {
	if j < 0 || j >= s.Cols() {
		return fmt.Errorf("%w: column %d outside 0..%d", ErrInvalid, j, s.Cols()-1)
	}
	if math.IsNaN(cost) || math.IsInf(cost, 0) {
		return fmt.Errorf("%w: cost %v", ErrInvalid, cost)
	}
	s.cost[2*s.m+j] = cost
	return nil
}

// SetUpper changes the upper bound of structural column j (it must stay
// at or above the lower bound). A non-basic column at its old upper bound
// moves to the new one; a basis that is no longer primal feasible makes
// the next [Solver.Solve] restart from the slack basis.
func (s *Solver) SetUpper(j int, hi float64) error {
	if j < 0 || j >= s.Cols() {
		return fmt.Errorf("%w: column %d outside 0..%d", ErrInvalid, j, s.Cols()-1)
	}
	v := 2*s.m + j
	if math.IsNaN(hi) || hi < s.lo[v] {
		return fmt.Errorf("%w: upper bound %v below lower bound %v", ErrInvalid, hi, s.lo[v])
	}
	s.hi[v] = hi
	if s.stat[v] == atUpper {
		s.x[v] = hi
		switch {
		case math.IsInf(hi, 1) && math.IsInf(s.lo[v], -1):
			s.stat[v], s.x[v] = atZero, 0
		case math.IsInf(hi, 1):
			s.stat[v], s.x[v] = atLower, s.lo[v]
		}
	}
	return nil
}

// column iterates over the non-zeros of variable j.
func (s *Solver) dotCol(v []float64, j int) float64 {
	m := s.m
	switch {
	case j < m:
		return v[j]
	case j < 2*m:
		return s.artSign(j-m) * v[j-m]
	}
	k := j - 2*m
	var d float64
	for p := s.colStart[k]; p < s.colStart[k+1]; p++ {
		d += v[s.colRow[p]] * s.colVal[p]
	}
	return d
}

// artSign is the coefficient of the artificial of row i, chosen when the
// phase I basis is built so that the artificial is non-negative.
func (s *Solver) artSign(i int) float64 {
	if s.cost[s.m+i] < 0 { // sign is stored as the sign of a sentinel cost
		return -1
	}
	return 1
}

// ftran computes alpha = B^-1 A_j.
func (s *Solver) ftran(j int) {
	m := s.m
	a := s.alpha
	clear(a)
	addCol := func(r int, v float64) {
		col := s.binv[r*m : r*m+m]
		for i, b := range col {
			a[i] += v * b
		}
	}
	switch {
	case j < m:
		addCol(j, 1)
	case j < 2*m:
		addCol(j-m, s.artSign(j-m))
	default:
		k := j - 2*m
		for p := s.colStart[k]; p < s.colStart[k+1]; p++ {
			addCol(int(s.colRow[p]), s.colVal[p])
		}
	}
}

// phaseCost is the objective coefficient of variable j in the current phase.
func (s *Solver) phaseCost(j int) float64 {
	if s.phase == 1 {
		if j >= s.m && j < 2*s.m {
			return 1
		}
		return 0
	}
	if j >= s.m && j < 2*s.m {
		return 0
	}
	return s.cost[j]
}

// btran computes y = c_B B^-1 for the current phase.
func (s *Solver) btran() {
	m := s.m
	for i := 0; i < m; i++ {
		s.cb[i] = s.phaseCost(s.head[i])
	}
	for r := 0; r < m; r++ {
		col := s.binv[r*m : r*m+m]
		var d float64
		for i, b := range col {
			d += s.cb[i] * b
		}
		s.y[r] = d
	}
}

// refactor rebuilds B^-1 from the basic columns and recomputes x_B.
func (s *Solver) refactor() error {
	m := s.m
	w := s.work
	// w holds B column-major; binv starts as identity; Gauss–Jordan on rows.
	clear(w)
	for p := 0; p < m; p++ {
		j := s.head[p]
		col := w[p*m : p*m+m]
		switch {
		case j < m:
			col[j] = 1
		case j < 2*m:
			col[j-m] = s.artSign(j - m)
		default:
			k := j - 2*m
			for q := s.colStart[k]; q < s.colStart[k+1]; q++ {
				col[s.colRow[q]] = s.colVal[q]
			}
		}
	}
	inv := s.binv
	clear(inv)
	for i := 0; i < m; i++ {
		inv[i*m+i] = 1
	}
	// Row permutation is implicit: we solve B * inv = I by eliminating
	// column p of w (basis position p) using the largest remaining row.
	rowUsed := s.resid[:m] // reuse as flags
	for i := range rowUsed {
		rowUsed[i] = 0
	}
	perm := s.perm
	for p := 0; p < m; p++ {
		col := w[p*m : p*m+m]
		best, bi := 0.0, -1
		for i := 0; i < m; i++ {
			if rowUsed[i] == 0 && math.Abs(col[i]) > best {
				best, bi = math.Abs(col[i]), i
			}
		}
		if bi < 0 || best < 1e-12 {
			return ErrNumerical
		}
		rowUsed[bi] = 1
		perm[p] = bi
		piv := col[bi]
		// Scale row bi of [w | inv] by 1/piv, eliminate it from other rows.
		for q := 0; q < m; q++ {
			w[q*m+bi] /= piv
			inv[q*m+bi] /= piv
		}
		for i := 0; i < m; i++ {
			if i == bi {
				continue
			}
			f := col[i]
			if f == 0 {
				continue
			}
			for q := 0; q < m; q++ {
				w[q*m+i] -= f * w[q*m+bi]
				inv[q*m+i] -= f * inv[q*m+bi]
			}
		}
	}
	// Now row perm[p] of inv is row p of B^-1; reorder (column-major).
	for q := 0; q < m; q++ {
		col := inv[q*m : q*m+m]
		tmp := w[q*m : q*m+m]
		for p := 0; p < m; p++ {
			tmp[p] = col[perm[p]]
		}
		copy(col, tmp)
	}
	s.updates = 0
	s.computeXB()
	return nil
}

// computeXB sets x_B = B^-1 (b - N x_N).
func (s *Solver) computeXB() {
	m := s.m
	r := s.resid
	copy(r, s.rhs)
	nv := len(s.x)
	for j := 0; j < nv; j++ {
		if s.stat[j] == basic {
			continue
		}
		v := s.x[j]
		if v == 0 {
			continue
		}
		switch {
		case j < m:
			r[j] -= v
		case j < 2*m:
			r[j-m] -= s.artSign(j-m) * v
		default:
			k := j - 2*m
			for p := s.colStart[k]; p < s.colStart[k+1]; p++ {
				r[s.colRow[p]] -= s.colVal[p] * v
			}
		}
	}
	for p := 0; p < m; p++ {
		s.x[s.head[p]] = 0
	}
	for q := 0; q < m; q++ {
		v := r[q]
		if v == 0 {
			continue
		}
		col := s.binv[q*m : q*m+m]
		for p, b := range col {
			s.x[s.head[p]] += b * v
		}
	}
}

// ratio is the step after which basic variable j, moving at rate -a,
// reaches the bound it heads for (lower if a > 0, upper if a < 0); relaxed
// widens that bound by its feasibility tolerance. ok is false when the bound
// is infinite.
func (s *Solver) ratio(j int, a float64, relaxed bool) (t float64, ok bool) {
	if a > 0 {
		if math.IsInf(s.lo[j], -1) {
			return 0, false
		}
		slack := s.x[j] - s.lo[j]
		if relaxed {
			slack += s.feasTol(s.lo[j])
		}
		return slack / a, true
	}
	if math.IsInf(s.hi[j], 1) {
		return 0, false
	}
	slack := s.hi[j] - s.x[j]
	if relaxed {
		slack += s.feasTol(s.hi[j])
	}
	return slack / -a, true
}

func (s *Solver) feasTol(bound float64) float64 {
	return s.opt.FeasTol * (1 + math.Abs(bound))
}

// primalFeasible reports whether every basic variable is within bounds.
func (s *Solver) primalFeasible() bool {
	for p := 0; p < s.m; p++ {
		j := s.head[p]
		if s.x[j] < s.lo[j]-s.feasTol(s.lo[j]) || s.x[j] > s.hi[j]+s.feasTol(s.hi[j]) {
			return false
		}
	}
	return true
}

// coldStart builds a slack/artificial basis and sets up phase I.
func (s *Solver) coldStart() {
	m := s.m
	for j := range s.stat {
		s.pos[j] = -1
		if j >= m && j < 2*m {
			continue
		}
		lo, hi := s.lo[j], s.hi[j]
		switch {
		case !math.IsInf(lo, -1):
			s.stat[j], s.x[j] = atLower, lo
		case !math.IsInf(hi, 1):
			s.stat[j], s.x[j] = atUpper, hi
		default:
			s.stat[j], s.x[j] = atZero, 0
		}
	}
	// Residual r = b - A x_N with all slacks at zero.
	r := s.resid
	copy(r, s.rhs)
	for k := 0; k < s.Cols(); k++ {
		v := s.x[2*m+k]
		if v == 0 {
			continue
		}
		for p := s.colStart[k]; p < s.colStart[k+1]; p++ {
			r[s.colRow[p]] -= s.colVal[p] * v
		}
	}
	for i := 0; i < m; i++ {
		a := m + i
		if r[i] >= s.lo[i] && r[i] <= s.hi[i] {
			// The slack absorbs the residual; the artificial is unused.
			s.head[i] = i
			s.stat[i] = basic
			s.pos[i] = i
			s.x[i] = r[i]
			s.stat[a], s.x[a], s.lo[a], s.hi[a] = atLower, 0, 0, 0
			s.cost[a] = 1
			continue
		}
		// Park the slack at the bound nearest the residual, the artificial
		// covers the rest with a non-negative value.
		sv := s.lo[i]
		st := atLower
		if r[i] > s.hi[i] {
			sv, st = s.hi[i], atUpper
		}
		s.x[i], s.stat[i] = sv, st
		d := r[i] - sv
		sign := 1.0
		if d < 0 {
			sign = -1
		}
		s.cost[a] = sign
		s.head[i] = a
		s.stat[a] = basic
		s.pos[a] = i
		s.x[a] = math.Abs(d)
		s.lo[a], s.hi[a] = 0, math.Inf(1)
	}
	// Initial basis matrix is diagonal with entries ±1 (artSign) or 1.
	clear(s.binv)
	for i := 0; i < m; i++ {
		v := 1.0
		if s.head[i] == m+i {
			v = s.artSign(i)
		}
		s.binv[i*m+i] = v
	}
	s.updates = 0
	s.haveBasis = true
}

// Solve optimises the current model, warm-starting from the previous
// basis when it is still primal feasible. A basis that turns numerically
// singular on the way is abandoned once for a cold start from the slack
// basis before ErrNumerical is reported.
func (s *Solver) Solve() error {
	s.iters = 0
	warm := s.haveBasis
	err := s.solve()
	if warm && errors.Is(err, ErrNumerical) {
		s.haveBasis = false
		err = s.solve()
	}
	return err
}

func (s *Solver) solve() error {
	m := s.m
	maxc := 0.0
	for j := 2 * m; j < len(s.cost); j++ {
		maxc = math.Max(maxc, math.Abs(s.cost[j]))
	}
	s.costScale = math.Max(1, maxc)
	warm := false
	if s.haveBasis {
		if err := s.refactor(); err == nil && s.primalFeasible() {
			warm = true
		}
	}
	if !warm {
		s.coldStart()
		needPhase1 := false
		for i := 0; i < m; i++ {
			if s.head[i] == m+i {
				needPhase1 = true
			}
		}
		if needPhase1 {
			s.phase = 1
			if err := s.iterate(); err != nil {
				s.haveBasis = false
				if errors.Is(err, ErrUnbounded) {
					return ErrNumerical // phase I is bounded below by 0
				}
				return err
			}
			var infeas float64
			var scale float64 = 1
			for i := 0; i < m; i++ {
				infeas += s.x[m+i]
				scale = math.Max(scale, math.Abs(s.rhs[i]))
			}
			if infeas > s.opt.FeasTol*scale*float64(m) {
				s.haveBasis = false
				return fmt.Errorf("%w: phase I infeasibility %v", ErrInfeasible, infeas)
			}
		}
		// Artificials are fixed at zero for phase II.
		for i := 0; i < m; i++ {
			a := m + i
			s.hi[a] = 0
			if s.stat[a] != basic {
				s.stat[a], s.x[a] = atLower, 0
			}
		}
	}
	s.phase = 2
	err := s.iterate()
	if err != nil {
		s.haveBasis = false
	}
	return err
}

// iterate runs simplex pivots for the current phase until optimality.
func (s *Solver) iterate() error {
	m := s.m
	maxIter := s.opt.MaxIter
	if maxIter <= 0 {
		maxIter = 50*(m+len(s.x)) + 1000
	}
	degenerate := 0
	bland := false
	optTol := s.opt.OptTol * s.costScale
	if s.phase == 1 {
		optTol = s.opt.OptTol
	}
	for {
		if s.updates >= s.opt.RefactorEvery {
			if err := s.refactor(); err != nil {
				return err
			}
		}
		s.btran()
		// Pricing.
		q, dir := -1, 0.0
		best := 0.0
		nv := len(s.x)
		for j := 0; j < nv; j++ {
			st := s.stat[j]
			if st == basic || s.lo[j] == s.hi[j] {
				continue
			}
			d := s.phaseCost(j) - s.dotCol(s.y, j)
			var score, dj float64
			switch st {
			case atLower:
				if d < -optTol {
					score, dj = -d, 1
				}
			case atUpper:
				if d > optTol {
					score, dj = d, -1
				}
			case atZero:
				if d < -optTol {
					score, dj = -d, 1
				} else if d > optTol {
					score, dj = d, -1
				}
			}
			if dj == 0 {
				continue
			}
			if bland {
				q, dir, best = j, dj, score
				break
			}
			if score > best {
				best, q, dir = score, j, dj
			}
		}
		if q < 0 {
			return nil
		}
		if s.iters >= maxIter {
			return ErrIterationLimit
		}
		s.iters++
		s.totalIt++
		s.ftran(q)
		// Ratio test (Harris two-pass, or textbook with Bland ties). The
		// pivot tolerance is relative to the largest entry of the
		// transformed column: an entry a million times smaller than its
		// neighbours is rounding, and pivoting on it makes the basis
		// numerically singular.
		pivTol := s.opt.PivotTol * math.Max(1, maxAbs(s.alpha))
		theta := math.Inf(1)
		for p := 0; p < m; p++ {
			a := dir * s.alpha[p]
			if math.Abs(a) <= pivTol {
				continue
			}
			// Harris's first pass relaxes each bound by its tolerance;
			// Bland's rule uses the exact ratios.
			t, ok := s.ratio(s.head[p], a, !bland)
			if !ok {
				continue
			}
			if t < theta {
				theta = t
			}
		}
		leave := -1
		step := 0.0
		bestA := 0.0
		for p := 0; p < m; p++ {
			a := dir * s.alpha[p]
			if math.Abs(a) <= pivTol {
				continue
			}
			j := s.head[p]
			t, ok := s.ratio(j, a, false)
			if !ok {
				continue
			}
			if bland {
				if t <= theta+1e-12*(1+theta) && (leave < 0 || j < s.head[leave]) {
					leave, step = p, t
				}
				continue
			}
			if t <= theta && math.Abs(a) > bestA {
				bestA, leave, step = math.Abs(a), p, t
			}
		}
		if step < 0 {
			step = 0
		}
		if math.IsNaN(step) || math.IsInf(step, 1) && leave >= 0 {
			return ErrNumerical
		}
		flip := s.hi[q] - s.lo[q]
		if leave < 0 && math.IsInf(flip, 1) {
			return ErrUnbounded
		}
		if leave < 0 || flip <= step {
			// Bound flip: the entering variable reaches its other bound.
			step = flip
			s.x[q] += dir * step
			for p := 0; p < m; p++ {
				s.x[s.head[p]] -= dir * step * s.alpha[p]
			}
			if dir > 0 {
				s.stat[q], s.x[q] = atUpper, s.hi[q]
			} else {
				s.stat[q], s.x[q] = atLower, s.lo[q]
			}
			degenerate = 0
			bland = false
			continue
		}
		if step*best <= 1e-14*s.costScale {
			degenerate++
			if degenerate > 30 {
				bland = true
			}
		} else {
			degenerate = 0
			bland = false
		}
		s.x[q] += dir * step
		for p := 0; p < m; p++ {
			s.x[s.head[p]] -= dir * step * s.alpha[p]
		}
		jl := s.head[leave]
		if dir*s.alpha[leave] > 0 {
			s.stat[jl], s.x[jl] = atLower, s.lo[jl]
		} else {
			s.stat[jl], s.x[jl] = atUpper, s.hi[jl]
		}
		if s.lo[jl] == s.hi[jl] {
			s.stat[jl] = atLower
		}
		s.pos[jl] = -1
		s.head[leave] = q
		s.pos[q] = leave
		s.stat[q] = basic
		// Product-form update of the column-major inverse.
		piv := s.alpha[leave]
		for r := 0; r < m; r++ {
			col := s.binv[r*m : r*m+m]
			v := col[leave] / piv
			if v != 0 {
				for i, a := range s.alpha {
					col[i] -= a * v
				}
			}
			col[leave] = v
		}
		s.updates++
	}
}

func maxAbs(v []float64) float64 {
	var m float64
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// X copies the structural solution into dst (grown if needed).
func (s *Solver) X(dst []float64) []float64 {
	n := s.Cols()
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	copy(dst, s.x[2*s.m:])
	return dst
}

// Value returns the value of structural column j.
func (s *Solver) Value(j int) float64 { return s.x[2*s.m+j] }

// Dual copies the row duals (see [Result.Dual]) into dst.
func (s *Solver) Dual(dst []float64) []float64 {
	if cap(dst) < s.m {
		dst = make([]float64, s.m)
	}
	dst = dst[:s.m]
	s.phase = 2
	s.btran()
	copy(dst, s.y)
	return dst
}

// ReducedCost copies c_j - y·A_j of every structural column into dst.
func (s *Solver) ReducedCost(dst []float64) []float64 {
	n := s.Cols()
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	s.phase = 2
	s.btran()
	for k := 0; k < n; k++ {
		dst[k] = s.cost[2*s.m+k] - s.dotCol(s.y, 2*s.m+k)
	}
	return dst
}

// Objective returns c·x for the structural columns.
func (s *Solver) Objective() float64 {
	var z float64
	for k := 0; k < s.Cols(); k++ {
		z += s.cost[2*s.m+k] * s.x[2*s.m+k]
	}
	return z
}

// Iterations returns the pivots of the last Solve call.
func (s *Solver) Iterations() int { return s.iters }
