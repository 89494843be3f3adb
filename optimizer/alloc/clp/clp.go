// Package clp runs COIN-OR CLP's command-line solver on an MPS file and
// reads back the optimum and CLP's own solve time. Lumbung's tests use it
// as a second optimality oracle beside GLPK (package glpk), and the
// allocation benchmark as the simplex code to beat; CI installs it
// (Debian package coinor-clp).
package clp

import (
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"time"

	"github.com/lumbung-id/lumbung/optimizer/alloc/internal/solvertool"
)

// Sentinel errors.
var (
	ErrNotFound   = errors.New("clp: clp is not on PATH")
	ErrNotOptimal = errors.New("clp: clp found no optimal solution")
)

// Path returns clp's path, or ErrNotFound.
func Path() (string, error) {
	p, err := exec.LookPath("clp")
	if err != nil {
		return "", ErrNotFound
	}
	return p, nil
}

// Result is what CLP reports.
type Result struct {
	// Objective is the optimum as CLP prints it (ten significant digits).
	Objective float64
	// Iterations are CLP's simplex iterations.
	Iterations int
	// Solve is CLP's own timing of the solve (reading the file excluded).
	Solve time.Duration
}

// optLine matches "Optimal objective 4.486419753 - 1 iterations time 0.002".
var optLine = regexp.MustCompile(`(?m)^Optimal objective (\S+) - (\d+) iterations time ([0-9.eE+-]+)`)

// Solve solves the MPS file with CLP's dual simplex (`clp FILE
// -dualsimplex`).
func Solve(mpsPath string) (*Result, error) {
	bin, err := Path()
	if err != nil {
		return nil, err
	}
	out, err := exec.Command(bin, mpsPath, "-dualsimplex").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("clp: %v\n%s", err, out)
	}
	m := optLine.FindSubmatch(out)
	if m == nil {
		return nil, fmt.Errorf("%w:\n%s", ErrNotOptimal, out)
	}
	z, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		return nil, err
	}
	it, _ := strconv.Atoi(string(m[2]))
	sec, err := strconv.ParseFloat(string(m[3]), 64)
	if err != nil {
		return nil, err
	}
	return &Result{Objective: z, Iterations: it, Solve: time.Duration(sec * float64(time.Second))}, nil
}

// TB is the part of testing.TB that Require uses.
type TB = solvertool.TB

// Require returns clp's path for an oracle test. Without clp the test
// fails when the environment variable CI is set (CI installs coinor-clp) and
// is skipped otherwise, with a note on stderr.
func Require(tb TB) string {
	tb.Helper()
	return solvertool.Require(tb, "clp", "coinor-clp", "the CLP optimality oracle tests")
}
