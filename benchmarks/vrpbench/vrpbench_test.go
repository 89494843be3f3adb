package vrpbench

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMain_CVRP(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.csv")
	var stdout, stderr bytes.Buffer
	err := Main([]string{"-set", "testdata/cvrp", "-instances", "all", "-time", "0", "-iters", "150", "-seed", "1", "-out", out}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("Main: %v (%s)", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "X-n101-k25") || !strings.Contains(stdout.String(), "mean gap") {
		t.Errorf("table: got %q, want instance row and mean gap", stdout.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Count(string(b), "\n"), 2; got != want {
		t.Errorf("csv lines: got %v, want %v", got, want)
	}
}

func TestMain_Solomon(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := Main([]string{"-set", "testdata/solomon", "-time", "0", "-iters", "300"}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("Main: %v", err)
	}
	if !strings.Contains(stdout.String(), "BKS vehicle count reached on") {
		t.Errorf("summary: got %q", stdout.String())
	}
}

func TestMain_Errors(t *testing.T) {
	tests := []struct {
		args []string
		want error
	}{
		{[]string{}, ErrUsage},
		{[]string{"-nope"}, ErrUsage},
	}
	for _, tc := range tests {
		var o, e bytes.Buffer
		if err := Main(tc.args, &o, &e); !errors.Is(err, tc.want) {
			t.Errorf("%v: got %v, want %v", tc.args, err, tc.want)
		}
	}
	var o, e bytes.Buffer
	if err := Main([]string{"-set", "testdata/cvrp", "-instances", "X-n999-k1"}, &o, &e); err == nil {
		t.Errorf("unknown instance: got nil, want error")
	}
}

func TestSummary(t *testing.T) {
	rs := []Result{{Gap: 1, Vehicles: 10, BKSVehicles: 10}, {Gap: 3, Vehicles: 12, BKSVehicles: 11}}
	tests := []struct {
		solomon bool
		want    string
	}{
		{false, "mean gap 2.00% over 2 instances\n"},
		{true, "BKS vehicle count reached on 1/2 instances\nmean distance gap on those 1.00%\nmean distance gap over all 2.00%\n"},
	}
	for _, tc := range tests {
		if got := Summary(rs, tc.solomon); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestProgressBar(t *testing.T) {
	var b strings.Builder
	p := &progress{w: &b, total: 4, limit: 10 * time.Second}
	p.draw(1, "X-n101-k25", 5*time.Second)
	if got, want := b.String(), "\r[#######·············] 2/4 X-n101-k25 5.0 s of 10 s"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if newProgress(&b, 1, 0) != nil {
		t.Error("a progress bar on a non-terminal writer")
	}
	stop := (*progress)(nil).start(0, "x")
	stop() // a nil bar draws nothing and stops cleanly
}

func TestMain_Generated(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := Main([]string{"-gen", "60,120", "-time", "300ms", "-curve", "100ms,1h"}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("Main: %v (%s)", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "60 ") || !strings.HasPrefix(lines[2], "120 ") {
		t.Fatalf("table: got %q, want a header and rows for 60 and 120 stops", stdout.String())
	}
	// The 1 h checkpoint lies after the run: no cost there.
	if f := strings.Fields(lines[2]); f[4] != "-" {
		t.Errorf("cost at 1h: got %q, want -", f[4])
	}
	for _, args := range [][]string{{"-gen", "100,50"}, {"-gen", "x"}, {"-gen", "10", "-curve", "soon"}} {
		if err := Main(args, &stdout, &stderr); !errors.Is(err, ErrUsage) {
			t.Errorf("%v: got %v, want ErrUsage", args, err)
		}
	}
}

func TestGenerate(t *testing.T) {
	p := Generate(500, 3)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if got, want := len(p.Jobs), 500; got != want {
		t.Errorf("jobs: got %v, want %v", got, want)
	}
	if !p.Euclidean || p.Distances != nil {
		t.Errorf("got Euclidean %v with a matrix %v, want coordinates only", p.Euclidean, p.Distances != nil)
	}
	q := Generate(500, 3)
	for i := range p.Coords {
		if p.Coords[i] != q.Coords[i] {
			t.Fatalf("location %d: got %v, then %v: want the same problem for the same seed", i, p.Coords[i], q.Coords[i])
		}
	}
}
