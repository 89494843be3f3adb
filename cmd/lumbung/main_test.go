package main

import (
	"bytes"
	"os"
	"path/filepath"
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
	for _, args := range [][]string{nil, {"fly"}, {"route", "-from", "x"}, {"route", "-vehicle", "becak"}, {"bench", "tsp"},
		{"plan", "[-scenario", "scenario.json]"}, {"plan", "extra"}, {"plan", "-format", "xml"}, {"plan", "-start", "16/03/2026"},
		{"plan", "-days", "40"}, {"route", "now"}, {"serve", "8080"}, {"vehicles", "all"}} {
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

func TestUnknownVehicleListsVehicles(t *testing.T) {
	var out bytes.Buffer
	err := run([]string{"route", "-vehicle", "becak"}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "tronton") || !strings.Contains(err.Error(), "trailer") {
		t.Errorf("got %v, want an error listing the vehicle IDs", err)
	}
}

func TestRouteStatesWaitAssumption(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"route"}, "expected wait"},
		{[]string{"route", "-depart", "2026-03-20T06:00:00+07:00"}, "next departure"},
	} {
		var out bytes.Buffer
		if err := run(tt.args, &out, &out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), tt.want) {
			t.Errorf("%q got %q, want it to say %q", tt.args, out.String(), tt.want)
		}
	}
}

func TestVehicles(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"vehicles"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"tronton", "capacity t", "length m", "golongan"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("vehicles got %q, want %q in it", out.String(), want)
		}
	}
}

func TestPlanFormats(t *testing.T) {
	for _, tt := range []struct{ format, want string }{
		{"text", "period           2026-03-16 to 2026-03-16"},
		{"json", `"first_day": "2026-03-16"`},
		{"csv", "truck_trips,2026-03-16,"},
	} {
		var out, errs bytes.Buffer
		if err := run([]string{"plan", "-start", "2026-03-16", "-days", "1", "-format", tt.format}, &out, &errs); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), tt.want) {
			t.Errorf("-format %s got %q, want %q in it", tt.format, out.String(), tt.want)
		}
	}
}

// TestPlanCompare: -compare plans a compare request's scenarios and
// prints their KPIs, fleet included, with the change against the first;
// a file with one scenario is refused.
func TestPlanCompare(t *testing.T) {
	dir := t.TempDir()
	two := filepath.Join(dir, "two.json")
	one := filepath.Join(dir, "one.json")
	if err := os.WriteFile(two, []byte(`{"scenarios":[{"name":"free"},{"name":"few trailers","fleet_limits":{"trailer":5}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(one, []byte(`{"scenarios":[{}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	if err := run([]string{"plan", "-start", "2026-03-16", "-days", "1", "-compare", two}, &out, &errs); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"few trailers", "change", "first mile", "collection tours", "peak trailer", "vehicle-km", "empty km", "vehicle-hours"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-compare got %q, want %q in it", out.String(), want)
		}
	}
	if err := run([]string{"plan", "-compare", one}, &out, &errs); err == nil || !strings.Contains(err.Error(), "want 2 to 4 scenarios") {
		t.Errorf("-compare with one scenario: got %v", err)
	}
}

// TestRiverLeaseFlags: on PostgreSQL the lease is River's rescue delay,
// which must outlast the job timeout; the flags are refused before any
// database is opened (the URL here names no server).
func TestRiverLeaseFlags(t *testing.T) {
	const db = "postgres://nobody@127.0.0.1:1/none"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"worker", "-db", db, "-lease", "30s"}, "-lease: on PostgreSQL"},
		{[]string{"worker", "-db", db, "-lease", "10s", "-job-timeout", "10s"}, "-lease: on PostgreSQL"},
		{[]string{"serve", "-db", db, "-lease", "1s", "-job-timeout", "2s"}, "-lease: on PostgreSQL"},
		{[]string{"worker", "-db", db, "-job-timeout", "0s"}, "-job-timeout: want a positive duration"},
	} {
		var out bytes.Buffer
		err := run(tc.args, &out, &out)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v, want an error starting %q", tc.args, err, tc.want)
		}
	}
}
