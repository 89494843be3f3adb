// Package solvertool finds the external LP solvers (glpsol, clp) that the
// allocation's optimality tests use as oracles.
package solvertool

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
)

// TB is the part of testing.TB that Require uses.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Skipf(format string, args ...any)
}

var notes sync.Map // binary name -> *sync.Once

// Require returns the path of binary bin for an oracle test. Without it the
// test fails when the environment variable CI is set (CI installs Debian
// package pkg) and is skipped otherwise, with a note on stderr, once per
// binary: go test hides skips unless run with -v, and an oracle that
// silently never runs proves nothing. what names the tests in the note.
func Require(tb TB, bin, pkg, what string) string {
	tb.Helper()
	p, err := exec.LookPath(bin)
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("%s is not on PATH: CI must install %s", bin, pkg)
	}
	once, _ := notes.LoadOrStore(bin, new(sync.Once))
	once.(*sync.Once).Do(func() {
		fmt.Fprintf(os.Stderr, "note: %s not found: %s skip (apt-get install %s)\n", bin, what, pkg)
	})
	tb.Skipf("%s is not on PATH (Debian package %s)", bin, pkg)
	return ""
}
