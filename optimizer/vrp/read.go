package vrp

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// ErrFormat reports a malformed instance or solution file.
var ErrFormat = errors.New("vrp: malformed file")

// MaxFileNodes bounds the locations an instance file may declare, so that a
// corrupt DIMENSION cannot make the reader allocate without bound; it is
// ten times the largest instance of the X set.
const MaxFileNodes = 10_000

func formatErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, a...))
}

// ReadCVRPLIB reads a TSPLIB/CVRPLIB .vrp instance with EUC_2D distances
// rounded to the nearest integer (the CVRPLIB convention). The depot is
// location 0 if the DEPOT_SECTION names the first node, and jobs follow in
// file order; durations equal distances. The fleet is one unlimited vehicle
// type (Count = number of customers) with PerDistance = 1.
func ReadCVRPLIB(r io.Reader) (*Problem, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	p := &Problem{Dims: 1}
	var dim int
	var capacity int64
	var xs, ys []float64
	var demand []int64
	depot := -1
	section := ""
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if k, v, ok := strings.Cut(line, ":"); ok && section != "depot" {
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			switch k {
			case "NAME":
				p.Name = v
			case "DIMENSION":
				n, err := strconv.Atoi(v)
				if err != nil || n < 2 || n > MaxFileNodes {
					return nil, formatErr("DIMENSION %q: want an integer in [2, %d]", v, MaxFileNodes)
				}
				dim = n
				xs, ys, demand = make([]float64, n), make([]float64, n), make([]int64, n)
			case "CAPACITY":
				c, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					return nil, formatErr("CAPACITY %q", v)
				}
				capacity = c
			case "EDGE_WEIGHT_TYPE":
				if v != "EUC_2D" {
					return nil, formatErr("unsupported EDGE_WEIGHT_TYPE %q", v)
				}
			}
			continue
		}
		f := strings.Fields(line)
		switch f[0] {
		case "NODE_COORD_SECTION":
			section = "coord"
			continue
		case "DEMAND_SECTION":
			section = "demand"
			continue
		case "DEPOT_SECTION":
			section = "depot"
			continue
		case "EOF":
			section = ""
			continue
		}
		if dim == 0 {
			return nil, formatErr("section before DIMENSION")
		}
		id, err := strconv.Atoi(f[0])
		if err != nil {
			return nil, formatErr("line %q", line)
		}
		switch section {
		case "coord":
			if len(f) < 3 || id < 1 || id > dim {
				return nil, formatErr("coord line %q", line)
			}
			x, err1 := strconv.ParseFloat(f[1], 64)
			y, err2 := strconv.ParseFloat(f[2], 64)
			if err1 != nil || err2 != nil {
				return nil, formatErr("coord line %q", line)
			}
			xs[id-1], ys[id-1] = x, y
		case "demand":
			if len(f) < 2 || id < 1 || id > dim {
				return nil, formatErr("demand line %q", line)
			}
			d, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				return nil, formatErr("demand line %q", line)
			}
			demand[id-1] = d
		case "depot":
			if id > 0 && depot < 0 {
				depot = id - 1
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if dim == 0 || capacity <= 0 {
		return nil, formatErr("missing DIMENSION or CAPACITY")
	}
	if depot < 0 {
		depot = 0
	}
	// Reorder so that the depot is location 0 and customers keep file order.
	order := []int{depot}
	for i := range dim {
		if i != depot {
			order = append(order, i)
		}
	}
	m := NewMatrix(dim)
	for a, i := range order {
		for b, j := range order {
			m.Set(a, b, math.Floor(math.Hypot(xs[i]-xs[j], ys[i]-ys[j])+0.5))
		}
	}
	p.Distances, p.Durations = m, m
	for _, i := range order {
		p.Coords = append(p.Coords, [2]float64{xs[i], ys[i]})
	}
	for a, i := range order[1:] {
		p.Jobs = append(p.Jobs, Job{ID: strconv.Itoa(i + 1), Location: a + 1, Delivery: []int64{demand[i]}})
	}
	p.Vehicles = []Vehicle{{ID: "v", Start: 0, End: 0, Capacity: []int64{capacity}, PerDistance: 1, Count: dim - 1}}
	if err := p.Validate(); err != nil {
		return nil, formatErr("%v", err)
	}
	return p, nil
}

// ReadSolomon reads a Solomon VRPTW instance: travel time equals the
// Euclidean distance in double precision, time windows apply to service
// start, and the depot's window is the vehicles' shift.
func ReadSolomon(r io.Reader) (*Problem, error) {
	sc := bufio.NewScanner(r)
	p := &Problem{Dims: 1}
	var rows [][]float64
	nveh, capacity := 0, int64(0)
	state := 0
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if p.Name == "" {
			p.Name = f[0]
			continue
		}
		switch {
		case f[0] == "VEHICLE" || f[0] == "NUMBER" || f[0] == "CUSTOMER" || f[0] == "CUST":
			if f[0] == "NUMBER" {
				state = 1
			}
			continue
		}
		nums := make([]float64, len(f))
		for i, s := range f {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, formatErr("line %q", sc.Text())
			}
			nums[i] = x
		}
		if state == 1 && len(nums) == 2 {
			nveh, capacity = int(nums[0]), int64(nums[1])
			state = 2
			continue
		}
		if len(nums) != 7 {
			return nil, formatErr("customer line %q", sc.Text())
		}
		rows = append(rows, nums)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(rows) < 2 || nveh <= 0 || capacity <= 0 {
		return nil, formatErr("missing vehicles or customers")
	}
	if len(rows) > MaxFileNodes {
		return nil, formatErr("%d locations exceed the limit of %d", len(rows), MaxFileNodes)
	}
	n := len(rows)
	m := NewMatrix(n)
	for i := range n {
		for j := range n {
			m.Set(i, j, math.Hypot(rows[i][1]-rows[j][1], rows[i][2]-rows[j][2]))
		}
	}
	p.Distances, p.Durations = m, m
	for i := range n {
		p.Coords = append(p.Coords, [2]float64{rows[i][1], rows[i][2]})
	}
	for i := 1; i < n; i++ {
		r := rows[i]
		p.Jobs = append(p.Jobs, Job{
			ID: strconv.Itoa(int(r[0])), Location: i, Delivery: []int64{int64(r[3])},
			Service: r[6], TimeWindows: []TimeWindow{{r[4], r[5]}},
		})
	}
	p.Vehicles = []Vehicle{{
		ID: "v", Start: 0, End: 0, Capacity: []int64{capacity}, PerDistance: 1, Count: nveh,
		Shift: TimeWindow{rows[0][4], rows[0][5]},
	}}
	// A file can hold what no problem may (a window closing before it
	// opens): say so here rather than hand the solver an invalid problem.
	if err := p.Validate(); err != nil {
		return nil, formatErr("%v", err)
	}
	return p, nil
}

// ReadSol reads a CVRPLIB .sol file and returns its routes as job indices
// (customer k of the file is job k-1 of ReadCVRPLIB) and its stated cost.
func ReadSol(r io.Reader) ([][]int, float64, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var routes [][]int
	cost := math.NaN()
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "Route") {
			_, rest, ok := strings.Cut(line, ":")
			if !ok {
				return nil, 0, formatErr("route line %q", line)
			}
			var rt []int
			for _, s := range strings.Fields(rest) {
				c, err := strconv.Atoi(s)
				if err != nil || c < 1 {
					return nil, 0, formatErr("route line %q", line)
				}
				rt = append(rt, c-1)
			}
			routes = append(routes, rt)
		} else if strings.HasPrefix(line, "Cost") {
			c, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimPrefix(line, "Cost")), 64)
			if err != nil {
				return nil, 0, formatErr("cost line %q", line)
			}
			cost = c
		}
	}
	if err := sc.Err(); err != nil {
		return nil, 0, err
	}
	if len(routes) == 0 {
		return nil, 0, formatErr("no routes")
	}
	return routes, cost, nil
}
