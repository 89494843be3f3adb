package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/auth"
	"github.com/lumbung-id/lumbung/corridor"
	"github.com/lumbung-id/lumbung/store"
)

// chromium finds a Chromium or Chrome binary: $CHROMIUM, then the usual
// names on PATH (CI installs Debian's chromium, see .ci/run).
func chromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// artifactDir is where screenshots go: $BROWSER_ARTIFACTS, else a fixed
// folder under the system temp dir (kept after the test, for looking at).
func artifactDir(t testing.TB) string {
	dir := os.Getenv("BROWSER_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "lumbung-browser")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// pageWatch records what must not happen on the page: console errors,
// uncaught exceptions, failed requests and error responses (except those a
// step expects).
type pageWatch struct {
	mu       sync.Mutex
	problems []string
	allow    func(url string, status int64) bool
}

func (w *pageWatch) add(format string, a ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.problems = append(w.problems, fmt.Sprintf(format, a...))
}

func (w *pageWatch) setAllow(f func(url string, status int64) bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.allow = f
}

func (w *pageWatch) listen(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			w.add("console.error: %s", strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		msg := ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
		w.add("uncaught exception: %s", msg)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			w.mu.Lock()
			allow := w.allow
			w.mu.Unlock()
			if allow != nil && allow(ev.Entry.URL, 400) {
				return
			}
			w.add("log error: %s %s", ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled { // MapLibre cancels tiles that scroll out of view; the Cancel button aborts a plan
			w.add("request failed: %s (%s)", ev.RequestID, ev.ErrorText)
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			w.mu.Lock()
			allow := w.allow
			w.mu.Unlock()
			if allow == nil || !allow(ev.Response.URL, ev.Response.Status) {
				w.add("HTTP %d: %s", ev.Response.Status, ev.Response.URL)
			}
		}
	}
}

// failed reports whether the page threw: waiting on it is then pointless.
func (w *pageWatch) failed() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range w.problems {
		if strings.HasPrefix(p, "uncaught exception") {
			return true
		}
	}
	return false
}

func (w *pageWatch) check(t testing.TB, step string) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range w.problems {
		t.Errorf("%s: %s", step, p)
	}
	w.problems = nil
}

// browser drives one page of the map.
type browser struct {
	t     testing.TB
	ctx   context.Context
	base  string
	shots string
	watch *pageWatch
}

func (b *browser) run(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
}

// eval runs JS in the page (awaiting a promise) and returns its value.
func eval[T any](b *browser, step, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
	return v
}

// text returns the text of the element sel selects.
func (b *browser) text(step, sel string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
	return v
}

// waitFor polls a JS condition until it is true.
func (b *browser) waitFor(step, cond string, timeout time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if eval[bool](b, step, "Boolean("+cond+")") {
			return
		}
		if time.Now().After(deadline) || b.watch.failed() {
			b.screenshot("failed-" + strings.ReplaceAll(step, " ", "-"))
			b.watch.check(b.t, step)
			b.t.Fatalf("%s: timed out after %v waiting for %s", step, timeout, cond)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitIdle waits until the map has loaded what it shows.
func (b *browser) waitIdle(step string) {
	b.t.Helper()
	eval[bool](b, step, `new Promise((resolve) => {
		const m = window.lumbung.map;
		if (m.loaded() && m.areTilesLoaded() && !m.isMoving()) { setTimeout(() => resolve(true), 50); return; }
		m.once('idle', () => resolve(true));
		m.triggerRepaint();
	})`)
}

// rendered counts rendered features of a style layer.
func (b *browser) rendered(layer string) int {
	b.t.Helper()
	return eval[int](b, "count "+layer, fmt.Sprintf(`window.lumbung.map.queryRenderedFeatures({layers: [%q]}).length`, layer))
}

func (b *browser) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(b.shots, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s", path)
}

// drag presses the left button at one point, moves and releases at another.
func (b *browser) drag(step string, x0, y0, x1, y1 float64) {
	b.t.Helper()
	held := func(p *input.DispatchMouseEventParams) { p.Button = input.MouseButtonLeft; p.Buttons = 1 }
	actions := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, x0, y0, held)}
	for i := 1; i <= 5; i++ {
		f := float64(i) / 5
		actions = append(actions, chromedp.MouseEvent(chromedp.MouseMoved, x0+(x1-x0)*f, y0+(y1-y0)*f, held))
	}
	actions = append(actions, chromedp.MouseEvent(chromedp.MouseReleased, x1, y1, held))
	b.run(step, actions...)
}

// clickMap clicks the map canvas at lon,lat with a real mouse event.
func (b *browser) clickMap(step string, lon, lat float64) {
	b.t.Helper()
	type point struct{ X, Y float64 }
	xy := eval[point](b, step, fmt.Sprintf(`(() => {
		const p = window.lumbung.map.project([%f, %f]);
		const r = window.lumbung.map.getContainer().getBoundingClientRect();
		return {X: p.x + r.left, Y: p.y + r.top};
	})()`, lon, lat))
	b.run(step, chromedp.MouseClickXY(xy.X, xy.Y))
}

func getJSON(t testing.TB, url string, v any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// openBrowser starts the server over the default dataset on 127.0.0.1 and
// headless Chromium, both stopped when tb ends. It skips without Chromium
// unless CI=true.
func openBrowser(tb testing.TB) *browser {
	return openBrowserWith(tb, func(*api.Config) {})
}

// openBrowserWith starts the server with the configuration set changes.
func openBrowserWith(tb testing.TB, set func(*api.Config)) *browser {
	exe := chromium()
	if exe == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("chromium not found (CI=true): .ci/run installs it")
		}
		tb.Skip("chromium not found: set CHROMIUM or install it (apt-get install chromium)")
	}
	if testing.Short() {
		tb.Skip("browser test: not in -short")
	}
	c, err := corridor.Default()
	if err != nil {
		tb.Fatal(err)
	}
	cfg := api.DefaultConfig()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil)) // access logs would drown the test's output
	set(&cfg)
	h, err := api.New(c, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: h}}
	srv.Start()
	tb.Cleanup(srv.Close)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // CI runs as root
		chromedp.WindowSize(1400, 900),
		// Software WebGL: no GPU on CI.
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("ignore-gpu-blocklist", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tb.Cleanup(cancelAlloc)
	watch := &pageWatch{}
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithListener(watch.listen))
	tb.Cleanup(cancelCtx)
	// The first Run starts the browser and must not carry a timeout (it
	// would stop the browser); steps run under one derived from it.
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("start chromium: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 6*time.Minute)
	tb.Cleanup(cancelTimeout)
	return &browser{t: tb, ctx: ctx, base: srv.URL, shots: artifactDir(tb), watch: watch}
}

// BenchmarkFirstRender loads the page with the browser cache disabled (a
// first visit) and reports the time from navigation start to the first
// idle map with the supply hexagons drawn (target: 2 s with the server
// local). Software WebGL and a shared CPU make this an upper bound.
func BenchmarkFirstRender(b *testing.B) {
	br := openBrowser(b)
	if _, err := chromedp.Call(br.ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		b.Fatal(err)
	}
	var ms []float64
	for b.Loop() {
		br.run("open", chromedp.Navigate(br.base+"/"))
		br.waitFor("open", "window.lumbung && window.lumbung.state && window.lumbung.state.firstIdleMs !== null", time.Minute)
		ms = append(ms, eval[float64](br, "first render", "window.lumbung.state.firstIdleMs"))
	}
	slices.Sort(ms)
	b.ReportMetric(ms[len(ms)/2], "median-ms")
	b.ReportMetric(ms[0], "min-ms")
	b.ReportMetric(0, "ns/op")
	br.watch.check(b, "first render")
}

// TestMapPage opens the map page in headless Chromium against a local
// server and walks through what a planner does: look at the layers, run
// the default plan, route across the strait, enter a bad scenario value,
// zoom to farms, compare scenarios and cancel a solve. It skips without
// Chromium unless CI=true.
func TestMapPage(t *testing.T) {
	b := openBrowser(t)

	// 1. First render: every basemap layer draws.
	b.run("open", chromedp.Navigate(b.base+"/"))
	b.waitFor("open", "window.lumbung && window.lumbung.ready", 30*time.Second)
	b.waitFor("open", "window.lumbung.state.supplyCells > 0", 30*time.Second)
	b.waitIdle("open")
	firstMs := eval[float64](b, "first render", "window.lumbung.state.firstIdleMs")
	t.Logf("first map render (navigation start to first idle with supply): %.0f ms", firstMs)
	if testing.Verbose() {
		t.Log(eval[string](b, "timings", `performance.getEntries().filter((e) => e.entryType !== 'resource' || !e.name.includes('/v1/tiles/') || e.duration > 200)
			.map((e) => e.entryType + ' ' + e.name.replace(location.origin, '') + ' start ' + Math.round(e.startTime) + ' end ' + Math.round(e.startTime + e.duration)).join('\n')`))
	}
	b.screenshot("1-overview")
	for _, layer := range []string{"land", "regencies", "supply", "roads", "ferries", "ports", "buyers"} {
		if n := b.rendered(layer); n == 0 {
			t.Errorf("overview: layer %s rendered no features", layer)
		}
	}
	b.watch.check(t, "overview")

	// A toggle hides its layers and brings them back.
	b.run("hide network", chromedp.Click(chromedp.CSS(`[data-layer="network"]`)))
	b.waitIdle("hide network")
	if n := b.rendered("roads"); n != 0 {
		t.Errorf("network off: got %d road features rendered, want 0", n)
	}
	b.run("show network", chromedp.Click(chromedp.CSS(`[data-layer="network"]`)))
	b.waitIdle("show network")
	if n := b.rendered("roads"); n == 0 {
		t.Error("network back on: no roads rendered")
	}

	// The supply layer by commodity: its own hexagons and legend.
	b.run("supply rice", chromedp.SetValue(chromedp.CSS("#supply-commodity"), "rice"))
	eval[bool](b, "supply rice", `(() => { document.querySelector('#supply-commodity').dispatchEvent(new Event('change')); return true; })()`)
	b.waitFor("supply rice", `document.querySelector('#legend').textContent.includes('Supply, rice')`, 30*time.Second)
	b.waitIdle("supply rice")
	if n := b.rendered("supply"); n == 0 {
		t.Error("supply by commodity: no rice hexagons rendered")
	}
	eval[bool](b, "supply all", `(() => { const s = document.querySelector('#supply-commodity');
		s.selectedIndex = 0; s.dispatchEvent(new Event('change')); return true; })()`)
	b.waitFor("supply all", `document.querySelector('#legend').textContent.includes('all commodities')`, 30*time.Second)

	// 2. The default plan draws lanes and fills the KPIs with the API's numbers.
	b.run("run default plan", chromedp.Click(chromedp.CSS("#run-default")))
	b.waitFor("run default plan", "!document.querySelector('#kpi-panel').hidden", 2*time.Minute)
	b.waitIdle("plan lanes")
	if n := b.rendered("lanes"); n == 0 {
		t.Error("plan: no lanes rendered")
	}
	b.checkKPIs()
	b.clickLane()
	b.screenshot("2-plan")
	b.watch.check(t, "plan")

	// 3. The route tool: two clicks, Bandar Lampung to Kramat Jati.
	eval[bool](b, "reset view", `(() => { document.querySelectorAll('.maplibregl-popup').forEach((p) => p.remove());
		window.lumbung.map.jumpTo({center: [105.9, -5.8], zoom: 7.4}); return true; })()`)
	b.waitIdle("reset view")
	b.run("pick", chromedp.Click(chromedp.CSS("#route-pick")))
	b.clickMap("route from", 105.26, -5.43)
	b.clickMap("route to", 106.868, -6.272)
	b.waitFor("route", "window.lumbung.state.route !== null", 30*time.Second)
	b.waitIdle("route")
	if n := b.rendered("route"); n == 0 {
		t.Error("route: no route line rendered")
	}
	if n := b.rendered("route-ferry"); n == 0 {
		t.Error("route: no ferry leg rendered")
	}
	legs := b.text("route panel", "#route-result")
	if !strings.Contains(legs, "Bakauheni") || !strings.Contains(legs, "wait") || !strings.Contains(legs, "Ferry") {
		t.Errorf("route panel lacks the ferry leg, its wait or the ferry cost: %q", legs)
	}
	b.screenshot("3-route")
	b.watch.check(t, "route")

	// 4. A bad scenario value shows the API's own message next to its field.
	var want struct {
		Params []struct{ Name, Reason string } `json:"invalid-params"`
	}
	res, err := http.Post(b.base+"/v1/plans", "application/json", strings.NewReader(`{"deck_share":7}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.NewDecoder(res.Body).Decode(&want); err != nil || len(want.Params) == 0 {
		t.Fatalf("bad scenario: no invalid-params from the API (%v)", err)
	}
	res.Body.Close()
	b.watch.setAllow(func(url string, status int64) bool {
		return status == 400 && strings.HasSuffix(url, "/v1/plans") || url == ""
	})
	b.run("bad deck share",
		chromedp.SetValue(chromedp.CSS(`#scenario [name=deck_share]`), "7"),
		chromedp.Click(chromedp.CSS("#run-scenario")))
	b.waitFor("bad deck share", `document.querySelector('[data-error-for="deck_share"]')`, 30*time.Second)
	got := b.text("bad deck share", `[data-error-for="deck_share"]`)
	if got != want.Params[0].Reason {
		t.Errorf("deck_share error: got %q, want the API's %q", got, want.Params[0].Reason)
	}
	b.run("scroll to form", chromedp.ScrollIntoView(chromedp.CSS(`#scenario [name=deck_share]`)))
	b.screenshot("4-bad-scenario")
	b.watch.check(t, "bad scenario")
	b.watch.setAllow(nil)
	b.run("fix deck share", chromedp.SetValue(chromedp.CSS(`#scenario [name=deck_share]`), ""))

	// 5. Farms as points from zoom 11.
	eval[bool](b, "zoom to farms", `(() => { window.lumbung.map.jumpTo({center: [105.3, -5.1], zoom: 12}); return true; })()`)
	b.waitIdle("farms")
	if n := b.rendered("farms"); n == 0 {
		t.Error("farms: no farm points at zoom 12")
	}
	b.screenshot("5-farms")
	b.watch.check(t, "farms")

	// 6. Compare today's plan with a ferry closure drawn on the timeline.
	eval[bool](b, "reset view", `(() => { window.lumbung.map.fitBounds([[103.55, -6.65], [107.2, -3.65]], {animate: false}); return true; })()`)
	start := b.text("plan start", `[data-kpi="plan-start"]`)
	b.run("compare",
		chromedp.SetValue(chromedp.CSS(`#scenario [name=name]`), "normal"),
		chromedp.SetValue(chromedp.CSS(`#scenario [name=start]`), start),
		chromedp.Click(chromedp.CSS("#compare-add")),
		chromedp.SetValue(chromedp.CSS(`#scenario [name=name]`), "closure"),
		chromedp.ScrollIntoView(chromedp.CSS("#timeline")))
	type rect struct{ Left, Top, Width, Height float64 }
	tl := eval[rect](b, "timeline", `(() => { const r = document.querySelector('#timeline').getBoundingClientRect();
		return {Left: r.left, Top: r.top, Width: r.width, Height: r.height}; })()`)
	b.drag("draw closure", tl.Left+tl.Width*0.30, tl.Top+tl.Height/3, tl.Left+tl.Width*0.45, tl.Top+tl.Height/3)
	closure := eval[[]string](b, "closure", `[...document.querySelectorAll('#scenario [name^=closure_]')].map((e) => e.value)`)
	if len(closure) != 3 || closure[0] == "" || closure[1] == "" || closure[2] == "" || closure[1] >= closure[2] {
		t.Errorf("timeline drag: closure fields got %q, want a crossing and a window", closure)
	}
	if eval[int](b, "closure drawn", "document.querySelectorAll('#timeline-closure').length") != 1 {
		t.Error("timeline drag: the closure window is not drawn")
	}
	b.screenshot("6-closure-timeline")
	b.run("compare", chromedp.Click(chromedp.CSS("#compare-add")), chromedp.Click(chromedp.CSS("#compare-run")))
	b.waitFor("compare", "!document.querySelector('#compare-panel').hidden", 3*time.Minute)
	cols := eval[int](b, "compare", "document.querySelectorAll('#compare-table [data-show]').length")
	if cols != 2 {
		t.Errorf("compare: got %d scenario columns, want 2", cols)
	}
	// The fleet KPIs, the second scenario's with its change against the first.
	for _, key := range []string{"first_mile_cost_idr", "collection_tours", "vehicle_km", "empty_km", "vehicle_hours"} {
		cells := eval[[]string](b, "compare "+key, `[...document.querySelectorAll('#compare-table [data-kpi="`+key+`"]')].map((e) => e.textContent)`)
		if len(cells) != 2 || !strings.ContainsAny(cells[1], "+−±") {
			t.Errorf("compare: %s cells %q, want two, the second with its change", key, cells)
		}
	}
	b.run("compare lanes", chromedp.Click(chromedp.CSS(`#compare-table [data-show="1"]`)))
	b.waitFor("compare lanes", `document.querySelector('[data-kpi="plan-id"]').textContent === window.lumbung.state.compareRows[1].plan_id`, 30*time.Second)
	b.waitIdle("compare lanes")
	if n := b.rendered("lanes"); n == 0 {
		t.Error("compare: the closure scenario's lanes are not drawn")
	}
	b.run("scroll to compare", chromedp.ScrollIntoView(chromedp.CSS("#compare-panel")))
	b.screenshot("7-compare")
	b.watch.check(t, "compare")

	// 7. A solve can be cancelled.
	b.run("cancel", chromedp.Click(chromedp.CSS("#run-default")))
	b.waitFor("cancel", "!document.querySelector('#busy').hidden", 10*time.Second)
	b.run("cancel", chromedp.Click(chromedp.CSS("#busy-cancel")))
	b.waitFor("cancel", "document.querySelector('#busy').hidden && document.querySelector('#scenario-error').textContent === 'Cancelled.'", 10*time.Second)
	b.watch.check(t, "cancel")
}

// checkKPIs compares the KPI panel with the stored plan from the API.
func (b *browser) checkKPIs() {
	t := b.t
	id := b.text("plan id", `[data-kpi="plan-id"]`)
	var plan struct {
		Summary struct {
			CostPerTonne float64 `json:"cost_per_tonne_idr"`
			Total        float64 `json:"logistics_cost_idr"`
			Savings      float64 `json:"savings_idr"`
			Unmet        float64 `json:"unmet_tonnes"`
			FerryWait    float64 `json:"avg_ferry_wait_min"`
			Trucks       float64 `json:"trucks"`
		} `json:"summary"`
	}
	getJSON(t, b.base+"/v1/plans/"+id, &plan)
	s := plan.Summary
	if s.Total <= 0 || s.Trucks <= 0 {
		t.Fatalf("plan %s: implausible summary %+v", id, s)
	}
	for key, want := range map[string]float64{"cost-per-tonne": s.CostPerTonne, "total-cost": s.Total,
		"savings": s.Savings, "unmet": s.Unmet, "ferry-wait": s.FerryWait, "trucks": s.Trucks} {
		type kpi struct{ Value, Text string }
		shown := eval[kpi](b, "kpi "+key, fmt.Sprintf(`(() => { const e = document.querySelector('[data-kpi=%q]');
			return e ? {Value: e.dataset.value, Text: e.textContent} : {Value: '', Text: ''}; })()`, key))
		var got float64
		if _, err := fmt.Sscan(shown.Value, &got); err != nil || math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) || shown.Text == "" {
			t.Errorf("KPI %s: shows %q (value %q), want the API's %v", key, shown.Text, shown.Value, want)
		}
	}
	ferryBars := eval[int](b, "charts", "document.querySelectorAll('#ferry-chart rect[fill]').length")
	waterfallBars := eval[int](b, "charts", "document.querySelectorAll('#waterfall rect').length")
	if ferryBars == 0 || waterfallBars < 3 {
		t.Errorf("charts: got %d ferry bars and %d waterfall bars", ferryBars, waterfallBars)
	}
}

// clickLane clicks the middle of a rendered lane and expects its popup.
func (b *browser) clickLane() {
	type lonLat struct{ Lon, Lat float64 }
	pt := eval[lonLat](b, "lane point", `(() => {
		const m = window.lumbung.map;
		const fs = m.queryRenderedFeatures({layers: ['lanes']}).sort((a, b) => b.properties.tonnes - a.properties.tonnes);
		for (const f of fs) {
			const cs = f.geometry.type === 'LineString' ? f.geometry.coordinates : f.geometry.coordinates.flat();
			for (const c of cs.slice(Math.floor(cs.length / 4))) {
				const p = m.project(c);
				const near = m.queryRenderedFeatures([[p.x - 8, p.y - 8], [p.x + 8, p.y + 8]], {layers: ['ports', 'buyers', 'farms', 'route-points']});
				const top = m.queryRenderedFeatures(p)[0];
				if (near.length === 0 && top && top.layer.id === 'lanes') return {Lon: c[0], Lat: c[1]};
			}
		}
		return {Lon: 0, Lat: 0};
	})()`)
	if pt.Lon == 0 {
		b.t.Error("plan: no clickable lane")
		return
	}
	b.clickMap("click lane", pt.Lon, pt.Lat)
	b.waitFor("lane popup", "document.querySelector('.maplibregl-popup-content')", 10*time.Second)
	text := b.text("lane popup", ".maplibregl-popup-content")
	for _, want := range []string{"Tonnes", "Vehicles", "Crossing", "Departure", "Ferry"} {
		if !strings.Contains(text, want) {
			b.t.Errorf("lane popup lacks %q: %q", want, text)
		}
	}
}

// TestMapPageWithAuth: on a server that requires API keys the page sends
// the key the user gave (kept in sessionStorage) with its API calls and
// its tile requests, and draws the map without a failed request.
func TestMapPageWithAuth(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	id, token, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	hash, err := auth.Hash(token)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateKey(ctx, &store.Key{ID: id, Org: "dinas-pangan", Role: "viewer", Name: "browser test", Hash: hash}); err != nil {
		t.Fatal(err)
	}
	b := openBrowserWith(t, func(c *api.Config) { c.Auth, c.Store = true, st })
	// The key is set as the page's prompt would set it, on the server's
	// origin, before the page loads.
	b.run("origin", chromedp.Navigate(b.base+"/healthz"))
	eval[any](b, "key", fmt.Sprintf("sessionStorage.setItem('lumbung.token', %q)", token))
	b.run("open", chromedp.Navigate(b.base+"/"))
	b.waitFor("open", "window.lumbung && window.lumbung.ready", 30*time.Second)
	b.waitFor("open", "window.lumbung.state.supplyCells > 0", 30*time.Second)
	b.waitIdle("open")
	for _, layer := range []string{"land", "supply", "roads", "ports"} {
		if n := b.rendered(layer); n == 0 {
			t.Errorf("with a key: layer %s rendered no features", layer)
		}
	}
	b.watch.check(t, "with a key")
}
