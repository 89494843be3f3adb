// Package glpk runs GNU GLPK's glpsol on an LP file and reads back the
// optimum at full precision. Lumbung's tests use it as an independent
// oracle for its own LP and flow solvers; CI installs it (Debian package
// glpk-utils).
package glpk

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"

	"github.com/lumbung-id/lumbung/optimizer/alloc/internal/solvertool"
)

// Sentinel errors.
var (
	ErrNotFound   = errors.New("glpk: glpsol is not on PATH")
	ErrNotOptimal = errors.New("glpk: glpsol found no optimal solution")
)

// Path returns glpsol's path, or ErrNotFound.
func Path() (string, error) {
	p, err := exec.LookPath("glpsol")
	if err != nil {
		return "", ErrNotFound
	}
	return p, nil
}

// solLine matches the solution line of glpsol's raw (-w) output:
// "s bas ROWS COLS PRIMAL DUAL OBJ", status f = feasible.
var solLine = regexp.MustCompile(`(?m)^s bas \d+ \d+ (\S) (\S) (\S+)`)

// Objective solves the CPLEX-format LP file with glpsol and returns the
// optimal objective as glpsol wrote it (17 significant digits).
func Objective(lpPath string) (float64, error) {
	bin, err := Path()
	if err != nil {
		return 0, err
	}
	out := lpPath + ".sol"
	defer os.Remove(out)
	if b, err := exec.Command(bin, "--lp", lpPath, "-w", out).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("glpk: glpsol: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return 0, err
	}
	m := solLine.FindSubmatch(b)
	if m == nil {
		return 0, fmt.Errorf("glpk: cannot parse the solution file")
	}
	if string(m[1]) != "f" || string(m[2]) != "f" {
		return 0, fmt.Errorf("%w: primal/dual status %s/%s", ErrNotOptimal, m[1], m[2])
	}
	return strconv.ParseFloat(string(m[3]), 64)
}

// TB is the part of testing.TB that Require uses.
type TB = solvertool.TB

// Require returns glpsol's path for an oracle test. Without glpsol the test
// fails when the environment variable CI is set (CI installs glpk-utils) and
// is skipped otherwise, with a note on stderr.
func Require(tb TB) string {
	tb.Helper()
	return solvertool.Require(tb, "glpsol", "glpk-utils", "the GLPK optimality oracle tests")
}
