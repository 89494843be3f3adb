package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRunRoute(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"route", "-metric", "time"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "km") || !strings.Contains(s, "ferry bkh-mrk") {
		t.Errorf("route output got %q, want a distance and a Bakauheni–Merak ferry", s)
	}
}

func TestRunErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"fly"}, {"route", "-from", "x"}, {"route", "-vehicle", "becak"}, {"bench", "tsp"}} {
		var out bytes.Buffer
		if err := run(args, &out, &out); err == nil {
			t.Errorf("run(%q) got nil error, want one", args)
		}
	}
}

func TestThousands(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {-1234567.4, "-1,234,567"}}
	for _, tt := range tests {
		if got := thousands(tt.in); got != tt.want {
			t.Errorf("thousands(%v) got %q, want %q", tt.in, got, tt.want)
		}
	}
}
