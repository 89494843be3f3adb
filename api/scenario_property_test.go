package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/optimizer/plan"
)

// Property test of issue 16: scenarios that combine every field at its
// edges (zero, tiny, huge, closures covering the whole horizon, empty
// tables, all multipliers 0, and some values out of range) never answer
// 5xx, and every plan they produce passes plan.Model.Check. The fixture
// corridor keeps each plan cheap; horizons are one or two days.
//
// CI runs PropertyCases scenarios from a fixed seed; for a longer hunt,
// LUMBUNG_PROPERTY_CASES=5000 go test -run TestScenarioProperty ./api,
// or the fuzz target: go test -run '^$' -fuzz '^FuzzScenario$' -fuzztime 10m ./api.

// PropertyCases is the number of scenarios the CI run tries.
const PropertyCases = 300

// propertyEnv is the server and an independent model of the fixture
// corridor (the checker must not share the server's state), built once.
type propertyEnv struct {
	h http.Handler
	m *plan.Model
}

var (
	propertyOnce sync.Once
	propertyVal  *propertyEnv
)

func mustPropertyEnv(t testing.TB) *propertyEnv {
	t.Helper()
	propertyOnce.Do(func() {
		c := fixture(t)
		cfg := api.DefaultConfig()
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
		s, err := api.New(c, cfg)
		if err != nil {
			t.Fatal(err)
		}
		m, err := c.Planner()
		if err != nil {
			t.Fatal(err)
		}
		propertyVal = &propertyEnv{h: s, m: m}
	})
	if propertyVal == nil {
		t.Fatal("the fixture failed to build")
	}
	return propertyVal
}

// chooser turns bytes into choices; once they run out every choice is 0,
// so a short fuzz input still makes a whole scenario.
type chooser struct {
	b   []byte
	i   int
	bad bool // may choose out-of-range values
}

func (c *chooser) pick(n int) int {
	if c.i >= len(c.b) {
		return 0
	}
	v := int(c.b[c.i]) % n
	c.i++
	return v
}

// edge picks one of the valid JSON values ("" leaves the field out) or, in
// a chooser that makes bad requests, sometimes one of the invalid ones.
func (c *chooser) edge(valid []string, invalid ...string) string {
	if c.bad && len(invalid) > 0 && c.pick(4) == 0 {
		return invalid[c.pick(len(invalid))]
	}
	return valid[c.pick(len(valid))]
}

// genScenario writes a scenario body from the choices, and says whether it
// shuts every crossing for the whole horizon. One scenario in four may
// carry out-of-range values (a 4xx is then a right answer).
func genScenario(c *chooser) (body string, shut bool) {
	c.bad = c.pick(4) == 0
	var f []string
	add := func(key, val string) {
		if val != "" {
			f = append(f, strconv.Quote(key)+":"+val)
		}
	}
	v := func(vals ...string) []string { return vals }
	start := c.edge(v(`"2026-03-16"`, `"2026-12-31"`, ""), `"2026-02-29"`, `"16/03/2026"`)
	add("start", start)
	horizon := c.edge(v("1", "2"), "0", "32", "-1", "", "1.5")
	add("horizon_days", horizon)
	day := "2026-03-16"
	if start == `"2026-12-31"` {
		day = "2026-12-31"
	}
	t0, _ := time.ParseInLocation("2006-01-02", day, time.FixedZone("WIB", 7*3600))
	at := func(h int) string { return strconv.Quote(t0.Add(time.Duration(h) * time.Hour).Format(time.RFC3339)) }
	short := start != "" && (horizon == "1" || horizon == "2")
	switch c.pick(6) {
	case 1: // the whole horizon and more, as a planner would write "shut this week"
		add("ferry_closures", `[{"crossing":"bkh-mrk","from":`+at(-24)+`,"to":`+at(10*24)+`}]`)
		shut = short
	case 2: // part of the first day
		add("ferry_closures", `[{"crossing":"bkh-mrk","from":`+at(6)+`,"to":`+at(12)+`}]`)
	case 3: // two windows back to back covering three days
		add("ferry_closures", `[{"crossing":"bkh-mrk","from":`+at(-1)+`,"to":`+at(24)+`},{"crossing":"bkh-mrk","from":`+at(24)+`,"to":`+at(72)+`}]`)
		shut = short
	case 4:
		add("ferry_closures", c.edge(v(`[]`), `[{"crossing":"nowhere","from":`+at(0)+`,"to":`+at(1)+`}]`,
			`[{"crossing":"bkh-mrk","from":`+at(5)+`,"to":`+at(1)+`}]`))
	}
	capf := c.edge(v("", "0", "1e-9", "0.001", "1", "10"), "11", "-1")
	add("ferry_capacity_factor", capf)
	deck := c.edge(v("", "0", "1e-9", "0.5", "1"), "1.5", "-0")
	add("deck_share", deck)
	shut = shut || capf == "0" || deck == "0"
	add("peak", c.edge(v("", "true", "false")))
	roads := c.edge(v("", `[]`, `["r1"]`, `["r2"]`, `["r1","r2"]`), `["nope"]`)
	add("closed_roads", roads)
	add("demand_multipliers", c.edge(v("", `{}`, `{"rice":0}`, `{"rice":100}`, `{"kramat-jati":0}`,
		`{"kramat-jati/rice":1e-9}`, `{"rice":0,"corn":0,"kramat-jati":0}`), `{"rice":101}`, `{"wheat":1}`))
	add("supply_multipliers", c.edge(v("", `{}`, `{"rice":0,"corn":0}`, `{"rice":100}`, `{"rice":1e-9}`), `{"wheat":1}`))
	zeros, twelves := "["+strings.Repeat("0,", 11)+"0]", "["+strings.Repeat("12,", 11)+"12]"
	add("seasonality", c.edge(v("", `{}`, `{"rice":`+zeros+`}`, `{"rice":`+twelves+`,"corn":`+zeros+`}`), `{"rice":[1,2]}`))
	diesel := c.edge(v("", "", "0", "1e6", "6800"), "-5")
	add("diesel_idr_per_litre", diesel)
	fleet := c.edge(v("", `{}`, `{"tronton":0}`, `{"tronton":1}`, `{"tronton":1000000}`), `{"tronton":-1}`)
	add("fleet_limits", fleet)
	add("demand", c.edge(v("", `[]`, `[{"buyer":"kramat-jati","commodity":"rice","tonnes_per_day":0}]`,
		`[{"buyer":"kramat-jati","commodity":"rice","tonnes_per_day":1e6}]`,
		`[{"buyer":"kramat-jati","commodity":"corn","tonnes_per_day":1e-9}]`),
		`[{"buyer":"kramat-jati","commodity":"rice","tonnes_per_day":-1}]`))
	add("supply", c.edge(v("", `[]`, `[{"commodity":"rice","tonnes_per_day":0}]`, `[{"commodity":"rice","tonnes_per_day":1e7}]`,
		`[{"commodity":"corn","tonnes_per_day":1e-9}]`), `[{"commodity":"rice","tonnes_per_day":1e8}]`))
	add("baseline", c.edge(v("", `{}`, `{"vehicles":[]}`, `{"vehicles":["tronton"],"queue_hours":72}`), `{"queue_hours":73}`))
	if diesel != "" {
		// The reason check below is for a shut strait: at another diesel
		// price "too costly" may be honest. With roads or the fleet closed
		// too, no single capacity has a marginal value, and the planner
		// finds the joint one (plan's explainJoint).
		shut = false
	}
	return "{" + strings.Join(f, ",") + "}", shut
}

// checkScenario posts one scenario, checks the properties and returns the
// status.
func checkScenario(t *testing.T, env *propertyEnv, body string, shut bool) int {
	t.Helper()
	rec := httptest.NewRecorder()
	env.h.ServeHTTP(rec, httptest.NewRequest("POST", "/v1/plans", strings.NewReader(body)))
	switch {
	case rec.Code >= 500:
		t.Fatalf("%s: got %d, want 201 or 4xx: %s", body, rec.Code, rec.Body)
	case rec.Code >= 400:
		var pr api.Problem
		if err := json.Unmarshal(rec.Body.Bytes(), &pr); err != nil || len(pr.InvalidParams) == 0 || pr.InvalidParams[0].Name == "" {
			t.Fatalf("%s: %d without a problem naming the field: %s", body, rec.Code, rec.Body)
		}
		return rec.Code
	case rec.Code != http.StatusCreated:
		t.Fatalf("%s: got %d, want 201 or 4xx", body, rec.Code)
	}
	var p plan.Plan
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	var sc plan.Scenario
	if err := json.Unmarshal([]byte(body), &sc); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	if err := env.m.Check(&sc, &p); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	s := p.Summary
	if !shut {
		return rec.Code
	}
	if s.TonnesDelivered != 0 || s.Trucks != 0 {
		t.Fatalf("%s: a shut crossing delivered %v t in %d trucks", body, s.TonnesDelivered, s.Trucks)
	}
	for _, u := range s.Unmet {
		if u.Reason == plan.ReasonTooCostly {
			t.Fatalf("%s: unmet %s/%s says %q behind a shut crossing", body, u.Buyer, u.Commodity, u.Reason)
		}
	}
	return rec.Code
}

// TestScenarioRegressions replays scenarios the long property runs found.
func TestScenarioRegressions(t *testing.T) {
	env := mustPropertyEnv(t)
	for _, body := range []string{
		// A few grams of rice allocated and then left behind by the
		// truckload step were neither delivered nor unmet (case 5970 of
		// LUMBUNG_PROPERTY_CASES=20000).
		`{"start":"2026-12-31","horizon_days":2,"ferry_closures":[],"deck_share":0.5,"demand_multipliers":{"kramat-jati/rice":1e-9},"supply_multipliers":{"rice":1e-9},"seasonality":{"rice":[12,12,12,12,12,12,12,12,12,12,12,12],"corn":[0,0,0,0,0,0,0,0,0,0,0,0]},"diesel_idr_per_litre":0,"fleet_limits":{"tronton":1000000},"demand":[{"buyer":"kramat-jati","commodity":"rice","tonnes_per_day":1e6}],"supply":[{"commodity":"corn","tonnes_per_day":1e-9}],"baseline":{}}`,
	} {
		if got := checkScenario(t, env, body, false); got != http.StatusCreated {
			t.Errorf("%s: status %d, want 201", body, got)
		}
	}
}

func TestScenarioProperty(t *testing.T) {
	env := mustPropertyEnv(t)
	n := PropertyCases
	if testing.Short() {
		n = 40
	}
	if v, err := strconv.Atoi(os.Getenv("LUMBUNG_PROPERTY_CASES")); err == nil && v > 0 {
		n = v
	}
	rng := rand.New(rand.NewSource(16))
	buf := make([]byte, 32)
	shut, planned := 0, 0 // shut: every crossing closed; planned: 201
	for i := 0; i < n; i++ {
		rng.Read(buf)
		body, isShut := genScenario(&chooser{b: buf})
		if isShut {
			shut++
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if checkScenario(t, env, body, isShut) == http.StatusCreated {
				planned++
			}
		})
		if t.Failed() {
			return
		}
	}
	if planned < n/4 {
		t.Fatalf("plans: got %d of %d scenarios, want >= %d (the rest are 4xx)", planned, n, n/4)
	}
	if shut < n/20 {
		t.Fatalf("shut scenarios: got %d of %d, want >= %d", shut, n, n/20)
	}
}

// TestShutStraitAnswers is the three requests of issue 16 on the fixture,
// plus a zero horizon, with their expected status.
func TestShutStraitAnswers(t *testing.T) {
	env := mustPropertyEnv(t)
	tests := []struct {
		body string
		want int
	}{
		{`{"start":"2026-03-16","horizon_days":1,"deck_share":0}`, 201},
		{`{"start":"2026-03-16","horizon_days":2,"ferry_closures":[{"crossing":"bkh-mrk","from":"2026-03-15T00:00:00+07:00","to":"2026-03-30T00:00:00+07:00"}]}`, 201},
		{`{"start":"2026-03-16","horizon_days":1,"ferry_capacity_factor":0.001}`, 201},
		{`{"horizon_days":0,"ferry_capacity_factor":0}`, 400},
	}
	for _, tc := range tests {
		rec := httptest.NewRecorder()
		env.h.ServeHTTP(rec, httptest.NewRequest("POST", "/v1/plans", strings.NewReader(tc.body)))
		if rec.Code != tc.want {
			t.Fatalf("%s: got %d, want %d: %s", tc.body, rec.Code, tc.want, rec.Body)
		}
		if tc.want == 400 && !strings.Contains(rec.Body.String(), `"name":"horizon_days"`) {
			t.Fatalf("%s: problem does not name horizon_days: %s", tc.body, rec.Body)
		}
	}
	// In a compare, the field is named with its scenario.
	rec := httptest.NewRecorder()
	env.h.ServeHTTP(rec, httptest.NewRequest("POST", "/v1/plans/compare",
		strings.NewReader(`{"scenarios":[{"horizon_days":1},{"horizon_days":0}]}`)))
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"name":"scenarios[1].horizon_days"`) {
		t.Fatalf("compare with a zero horizon: got %d %s, want 400 naming scenarios[1].horizon_days", rec.Code, rec.Body)
	}
}

// FuzzScenario runs the property on scenarios built from fuzzed choices.
func FuzzScenario(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 1, 1, 1})
	f.Add([]byte{0, 1, 0, 0, 1, 0, 0, 0, 6, 2, 3, 1, 4, 2, 1, 1})
	f.Add([]byte{1, 0, 3, 2, 2, 1, 5, 3, 3, 2, 3, 3, 2, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		env := mustPropertyEnv(t)
		body, shut := genScenario(&chooser{b: b})
		checkScenario(t, env, body, shut)
	})
}
