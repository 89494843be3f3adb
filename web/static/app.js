// The planners' map page: basemap and layers, the route tool, plans and
// scenarios with their KPIs, and scenario comparison. Everything comes from
// this server's API; window.lumbung exposes the map and state to the
// browser test.

import * as maplibregl from '/web/vendor/maplibre-gl/maplibre-gl.mjs';
import { api, ApiError } from './api.js';
import { buildStyle, commodityColours, matchColour, corridorBounds, layerGroups, supplyColour, supplyRamp, roadColours } from './style.js';
import { waterfall, ferryChart, Timeline } from './charts.js';
import { rupiah, tonnes, int, one, duration, wib, costLabels, escapeHTML } from './format.js';

performance.mark('lumbung:start');
const $ = (sel) => document.querySelector(sel);
const state = {
  commodities: [], colours: {}, vehicles: [], ferries: [], network: null,
  supplyCells: 0, plan: null, shipmentsByLane: new Map(), compare: [], idle: false, firstIdleMs: null,
  route: null,
};
window.lumbung = { state };

// ---- start-up: reference data, then the map -------------------------------

// The map starts at once; reference data and the default supply hexagons
// load beside it (first render is what a planner waits for).
const refs = Promise.all([
  api('/v1/network?layers=ferries,ports,markets,seats'),
  api('/v1/vehicles'),
  api('/v1/ferries'),
]);
const firstSupply = api('/v1/cells?res=6');
state.colours = commodityColours(['rice', 'corn', 'cassava', 'chicken', 'banana', 'pineapple']);
const map = new maplibregl.Map({
  container: 'map',
  style: buildStyle(location.origin, state.colours),
  bounds: corridorBounds,
  maxBounds: [[100, -9], [110, -1]],
  minZoom: 5,
  maxZoom: 16,
  attributionControl: { compact: false },
  fadeDuration: 0,
});
performance.mark('lumbung:map-created');
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
window.lumbung.map = map;
map.on('idle', () => {
  state.idle = true;
  if (state.firstIdleMs === null && state.supplyCells > 0) {
    state.firstIdleMs = performance.now();
    performance.mark('lumbung:first-idle');
  }
});
map.on('dataloading', () => { state.idle = false; });
map.on('error', (e) => console.error('map error:', e.error && e.error.message));
const loaded = map.once('load');

const [network, vehicles, ferries] = await refs;
state.network = network;
state.vehicles = vehicles.vehicles;
state.ferries = ferries.ferries;
const commodities = new Set();
for (const f of network.features) {
  if (f.properties.layer === 'markets') Object.keys(f.properties.demand_t_per_day || {}).forEach((c) => commodities.add(c));
}
state.commodities = [...commodities].sort();
state.colours = commodityColours(state.commodities);
await loaded;
performance.mark('lumbung:load');
map.setPaintProperty('farms', 'circle-color', matchColour(state.colours));
map.setPaintProperty('lanes', 'line-color', matchColour(state.colours));

// ---- layers, legend and labels ----------------------------------------------

function initLayers() {
  const sel = $('#supply-commodity');
  for (const c of state.commodities) sel.append(new Option(c, c));
  sel.addEventListener('change', loadSupply);
  loadSupply();
  for (const box of document.querySelectorAll('[data-layer]')) {
    box.addEventListener('change', () => {
      for (const id of layerGroups[box.dataset.layer]) map.setLayoutProperty(id, 'visibility', box.checked ? 'visible' : 'none');
      if (box.dataset.layer === 'network') $('#map').classList.toggle('no-network', !box.checked);
    });
  }
  map.on('zoom', zoomClasses);
  zoomClasses();
  map.on('moveend', declutterLabels);
  declutterLabels();
  for (const id of ['ports', 'buyers', 'roads', 'ferries', 'farms', 'supply']) {
    map.on('mouseenter', id, () => { if (!picking) map.getCanvas().style.cursor = 'pointer'; });
    map.on('mouseleave', id, () => { if (!picking) map.getCanvas().style.cursor = ''; });
  }
  map.on('click', (e) => {
    if (picking) return;
    const f = map.queryRenderedFeatures(e.point, { layers: ['lanes', 'ports', 'buyers', 'farms', 'roads', 'supply'] })[0];
    if (!f) return;
    new maplibregl.Popup({ maxWidth: '340px' }).setLngLat(e.lngLat).setHTML(popupHTML(f)).addTo(map);
  });
}

function zoomClasses() {
  const z = map.getZoom();
  $('#map').classList.toggle('z-low', z < 8.5);
  $('#map').classList.toggle('z-high', z > 11);
}

// loadSupply fetches the hexagons of the chosen commodity and rescales the
// colour ramp to their quantiles, so each commodity uses the whole ramp.
async function loadSupply(ev) {
  const c = $('#supply-commodity').value;
  const fc = !ev && !c ? await firstSupply : await api(`/v1/cells?res=6${c ? `&commodity=${encodeURIComponent(c)}` : ''}`);
  const t = fc.features.map((f) => f.properties.tonnes_per_year).sort((a, b) => a - b);
  const q = (p) => (t.length ? t[Math.min(t.length - 1, Math.floor(p * t.length))] : 0);
  const stops = [0, q(0.2), q(0.4), q(0.6), q(0.8), q(0.98)].map(Math.round);
  for (let i = 1; i < stops.length; i++) stops[i] = Math.max(stops[i], stops[i - 1] + 1);
  map.setPaintProperty('supply', 'fill-color', supplyColour(stops));
  map.getSource('supply').setData(fc);
  state.supplyCells = fc.features.length;
  renderLegend(stops, c);
}

function renderLegend(stops, commodity) {
  const fmt = (v) => (v >= 1000 ? `${Math.round(v / 1000)}k` : `${v}`);
  const sw = (c, label) => `<span><i class="sw" style="background:${c}"></i>${escapeHTML(label)}</span>`;
  $('#legend').innerHTML = `
    <div>Supply, ${escapeHTML(commodity || 'all commodities')}: tonnes/year per hexagon (H3 res 6, ~36 km²)</div>
    <div class="ramp">${supplyRamp.map((c) => `<span style="background:${c}"></span>`).join('')}</div>
    <div class="ticks">${stops.map((s) => `<span>${fmt(s)}</span>`).join('')}</div>
    <div class="swatches">${Object.entries(state.colours).map(([id, c]) => sw(c, id)).join('')}</div>
    <div class="hint">Farm points and plan lanes by commodity; lane width = tonnes.</div>
    <div class="swatches">${Object.entries(roadColours).map(([k, c]) => sw(c === '#ffffff' ? '#ddd' : c, k)).join('')}
      ${sw('#2b6cb0', 'ferry / port')}${sw('#b03a2e', 'buyer')}</div>`;
}

// declutterLabels hides a label that overlaps one placed before it (ports
// first, then buyers, then regencies: the order addLabels creates them in).
function declutterLabels() {
  const placed = [];
  for (const m of labelMarkers) {
    const e = m.getElement();
    e.style.visibility = '';
    if (getComputedStyle(e).display === 'none') continue;
    const r = e.getBoundingClientRect();
    if (placed.some((p) => r.left < p.right + 2 && r.right > p.left - 2 && r.top < p.bottom && r.bottom > p.top)) e.style.visibility = 'hidden';
    else placed.push(r);
  }
}

const labelMarkers = [];

// addLabels places regency, port and buyer names as HTML markers: the page
// needs no glyph server.
function addLabels() {
  const short = (s) => s.split(/[,(]/)[0].replace(/^Pelabuhan /, '').trim();
  const rank = { ports: 0, markets: 1, seats: 2 };
  const fs = state.network.features.filter((f) => f.properties.layer in rank).sort((a, b) => rank[a.properties.layer] - rank[b.properties.layer]);
  for (const f of fs) {
    const p = f.properties;
    let cls, text;
    if (p.layer === 'seats') { cls = 'regency'; text = p.regency; }
    else if (p.layer === 'ports') { cls = 'port'; text = short(p.name); }
    else if (p.layer === 'markets') { cls = 'buyer'; text = short(p.name); }
    else continue;
    const div = document.createElement('div');
    div.className = `label ${cls}`;
    div.textContent = text;
    labelMarkers.push(new maplibregl.Marker({ element: div, anchor: 'center' }).setLngLat(f.geometry.coordinates).addTo(map));
  }
}

function popupHTML(f) {
  const p = f.properties;
  switch (f.layer.id) {
    case 'lanes': return laneHTML(p);
    case 'ports': return `<h4>${escapeHTML(p.name)}</h4>port`;
    case 'buyers': return `<h4>${escapeHTML(p.name)}</h4>buyer (${escapeHTML(p.kind || '')})`;
    case 'farms': return `<h4>Farm</h4>${escapeHTML(p.commodity)}, ${tonnes(p.tonnes)}/year`;
    case 'roads': return `<h4>${escapeHTML(p.name || p.id)}</h4>${escapeHTML(p.class || '')}${p.ref ? ` · ${escapeHTML(p.ref)}` : ''}`;
    case 'supply': {
      const by = typeof p.by_commodity === 'string' ? JSON.parse(p.by_commodity) : p.by_commodity;
      const rows = Object.entries(by || {}).sort((a, b) => b[1] - a[1]).map(([c, t]) => `<tr><td>${escapeHTML(c)}</td><td class="num">${tonnes(t)}</td></tr>`).join('');
      return `<h4>Hexagon ${escapeHTML(p.cell)}</h4>${tonnes(p.tonnes_per_year)}/year from ${int(p.farms)} farms<table>${rows}</table>`;
    }
    default: return escapeHTML(f.layer.id);
  }
}

// ---- route tool ----------------------------------------------------------------

let picking = false;
let picked = [];

function initRoute() {
  const vs = $('#route-vehicle');
  for (const v of state.vehicles) vs.append(new Option(`${v.name}`, v.id));
  vs.value = state.vehicles.some((v) => v.id === 'tronton') ? 'tronton' : state.vehicles[0].id;
  $('#route-pick').addEventListener('click', () => setPicking(!picking));
  $('#route-clear').addEventListener('click', clearRoute);
  for (const s of [vs, $('#route-metric')]) s.addEventListener('change', () => { if (picked.length === 2) fetchRoute(); });
  map.on('click', (e) => {
    if (!picking) return;
    picked.push([e.lngLat.lng, e.lngLat.lat]);
    drawPicked();
    if (picked.length === 2) { setPicking(false); fetchRoute(); }
    else $('#route-status').textContent = 'Now click the destination.';
  });
}

function setPicking(on) {
  picking = on;
  if (on) { picked = []; drawPicked(); $('#route-status').textContent = 'Click the origin on the map.'; }
  $('#route-pick').classList.toggle('active', on);
  $('#route-pick').textContent = on ? 'Picking… (click to stop)' : 'Pick two points on the map';
  $('#map').classList.toggle('picking', on);
  map.getCanvas().style.cursor = on ? 'crosshair' : '';
}

function drawPicked() {
  map.getSource('route-points').setData({
    type: 'FeatureCollection',
    features: picked.map((c, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: c }, properties: { which: i ? 'to' : 'from' } })),
  });
}

function clearRoute() {
  setPicking(false);
  picked = [];
  drawPicked();
  map.getSource('route').setData({ type: 'FeatureCollection', features: [] });
  $('#route-result').innerHTML = '';
  $('#route-status').textContent = '';
  state.route = null;
}

// routeBetween is also the test's entry point: it routes as two clicks do.
async function routeBetween(from, to) {
  picked = [from, to];
  drawPicked();
  return fetchRoute();
}
window.lumbung.routeBetween = routeBetween;

async function fetchRoute() {
  const [a, b] = picked;
  const q = new URLSearchParams({ from: a.map((v) => v.toFixed(5)).join(','), to: b.map((v) => v.toFixed(5)).join(','), vehicle: $('#route-vehicle').value, metric: $('#route-metric').value });
  $('#route-status').textContent = 'Routing…';
  $('#route-result').innerHTML = '';
  try {
    const r = await api(`/v1/route?${q}`);
    state.route = r;
    drawRoute(r);
    $('#route-status').textContent = '';
  } catch (err) {
    map.getSource('route').setData({ type: 'FeatureCollection', features: [] });
    $('#route-status').innerHTML = `<span class="error">${escapeHTML(problemText(err))}</span>`;
  }
}

function drawRoute(r) {
  const features = [{ type: 'Feature', geometry: r.geometry, properties: { part: 'route' } }];
  const ferryLines = new Map(state.network.features.filter((f) => f.properties.layer === 'ferries').map((f) => [f.properties.id, f.geometry]));
  for (const leg of r.properties.legs) {
    if (leg.kind === 'ferry' && ferryLines.has(leg.service)) features.push({ type: 'Feature', geometry: ferryLines.get(leg.service), properties: { part: 'ferry', service: leg.service } });
  }
  map.getSource('route').setData({ type: 'FeatureCollection', features });
  const p = r.properties;
  const legs = mergeLegs(p.legs).map((l) => `<tr><td>${escapeHTML(l.name)}${l.kind === 'ferry' ? ` <span class="hint">(wait ${duration(l.wait_s)}, crossing ${duration(l.crossing_s)})</span>` : ''}</td>
    <td class="num">${one(l.distance_m / 1000)} km</td><td class="num">${duration(l.duration_s)}</td></tr>`).join('');
  const costs = Object.entries(p.cost_breakdown_idr).map(([k, v]) => `<tr><td>${costLabels[k] || k}</td><td class="num">${rupiah(v)}</td></tr>`).join('');
  $('#route-result').innerHTML = `
    <div class="kpis">
      <div class="kpi"><div class="v" data-kpi="route-distance">${one(p.distance_m / 1000)} km</div><div class="k">distance</div></div>
      <div class="kpi"><div class="v">${duration(p.duration_s)}</div><div class="k">time, ferry wait ${duration(p.ferry_wait_s || 0)} included</div></div>
      <div class="kpi"><div class="v" data-kpi="route-cost" data-value="${p.cost_idr}">${rupiah(p.cost_idr)}</div><div class="k">cost</div></div>
    </div>
    <h3>Cost breakdown</h3><table>${costs}</table>
    <h3>Legs</h3><table><tr><th>road / ferry</th><th class="num">km</th><th class="num">time</th></tr>${legs}</table>`;
}

// mergeLegs joins consecutive road legs of the same name.
function mergeLegs(legs) {
  const out = [];
  for (const l of legs) {
    const last = out[out.length - 1];
    if (last && l.kind !== 'ferry' && last.kind !== 'ferry' && last.name === l.name) {
      last.distance_m += l.distance_m; last.duration_s += l.duration_s;
    } else out.push({ ...l });
  }
  return out;
}

// ---- plans and scenarios -----------------------------------------------------

let timeline;
let running = null; // {controller, timer}

function fillForms() {
  const demand = $('#demand-fields');
  for (const c of state.commodities) {
    demand.insertAdjacentHTML('beforeend', `<label>${escapeHTML(c)}<input type="number" step="0.05" name="demand.${escapeHTML(c)}" data-param="demand_multipliers.${escapeHTML(c)}" placeholder="1"><span class="error"></span></label>`);
  }
  const fleet = $('#fleet-fields');
  for (const v of state.vehicles) {
    fleet.insertAdjacentHTML('beforeend', `<label title="${escapeHTML(v.name)}">${escapeHTML(v.id)}<input type="number" step="1" min="0" name="fleet.${escapeHTML(v.id)}" data-param="fleet_limits.${escapeHTML(v.id)}" placeholder="∞"><span class="error"></span></label>`);
  }
  const cs = document.querySelector('[name=closure_crossing]');
  for (const f of state.ferries) cs.append(new Option(f.name, f.id));
  // Every other field gets an error slot after it.
  for (const input of document.querySelectorAll('#scenario [data-param]')) {
    if (input.tagName === 'FIELDSET' || (input.nextElementSibling && input.nextElementSibling.classList.contains('error'))) continue;
    const span = document.createElement('span');
    span.className = 'error';
    input.after(span);
  }
  const fs = document.querySelector('fieldset[data-param]');
  const fsErr = document.createElement('p');
  fsErr.className = 'error';
  fs.append(fsErr);
}

function initPlan() {
  const form = $('#scenario');
  timeline = new Timeline($('#timeline'), WIB, ([a, b]) => {
    form.closure_from.value = toLocalInput(a);
    form.closure_to.value = toLocalInput(b);
    if (!form.closure_crossing.value) form.closure_crossing.value = state.ferries[0].id;
    drawTimeline();
  });
  for (const n of ['start', 'horizon_days', 'closure_from', 'closure_to']) form[n].addEventListener('input', drawTimeline);
  // A field's error goes once the planner edits it.
  form.addEventListener('input', (ev) => {
    const f = ev.target.closest('[data-param]');
    if (!f || !f.classList.contains('invalid')) return;
    f.classList.remove('invalid');
    const slot = f.tagName === 'FIELDSET' ? f.querySelector(':scope > p.error') : f.nextElementSibling;
    if (slot) { slot.textContent = ''; delete slot.dataset.errorFor; }
  });
  drawTimeline();
  form.addEventListener('submit', (e) => { e.preventDefault(); runPlan(scenarioFromForm()); });
  $('#run-default').addEventListener('click', () => runPlan({}));
  $('#busy-cancel').addEventListener('click', () => running && running.controller.abort());
  $('#compare-add').addEventListener('click', addToComparison);
  $('#compare-run').addEventListener('click', runComparison);
  map.on('mouseenter', 'lanes', () => { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', 'lanes', () => { map.getCanvas().style.cursor = ''; });
}

// WIB is UTC+7 all year: form times are WIB wall-clock times.
const WIB = 7 * 3600e3;
const toLocalInput = (ms) => new Date(ms + WIB).toISOString().slice(0, 16);
const fromLocalInput = (s) => Date.parse(`${s}:00Z`) - WIB;
const rfc3339 = (s) => `${s}:00+07:00`;

function horizonStart() {
  const v = $('#scenario').start.value;
  if (v) return Date.parse(`${v}T00:00:00Z`) - WIB;
  const today = new Date(Date.now() + WIB).toISOString().slice(0, 10);
  return Date.parse(`${today}T00:00:00Z`) - WIB;
}

function drawTimeline() {
  const form = $('#scenario');
  const days = Math.min(31, Math.max(1, Number(form.horizon_days.value) || 7));
  const a = form.closure_from.value, b = form.closure_to.value;
  timeline.set(horizonStart(), days, a && b ? [fromLocalInput(a), fromLocalInput(b)] : null);
}

// scenarioFromForm sends only what the planner set: empty fields keep the
// dataset's defaults.
function scenarioFromForm() {
  const form = $('#scenario');
  const sc = {};
  const num = (name) => (form[name].value === '' ? undefined : Number(form[name].value));
  if (form.name.value) sc.name = form.name.value;
  if (form.start.value) sc.start = form.start.value;
  for (const k of ['horizon_days', 'deck_share', 'diesel_idr_per_litre']) if (num(k) !== undefined) sc[k] = num(k);
  if (form.closure_crossing.value || form.closure_from.value || form.closure_to.value) {
    sc.ferry_closures = [{
      crossing: form.closure_crossing.value,
      from: form.closure_from.value ? rfc3339(form.closure_from.value) : '',
      to: form.closure_to.value ? rfc3339(form.closure_to.value) : '',
    }];
  }
  const dm = {}, fl = {};
  for (const c of state.commodities) { const v = form[`demand.${c}`].value; if (v !== '') dm[c] = Number(v); }
  for (const v of state.vehicles) { const x = form[`fleet.${v.id}`].value; if (x !== '') fl[v.id] = Number(x); }
  if (Object.keys(dm).length) sc.demand_multipliers = dm;
  if (Object.keys(fl).length) sc.fleet_limits = fl;
  return sc;
}

function clearErrors() {
  for (const e of document.querySelectorAll('#scenario .error')) { e.textContent = ''; delete e.dataset.errorFor; }
  for (const e of document.querySelectorAll('#scenario .invalid')) e.classList.remove('invalid');
}

// showProblem puts each invalid-param's reason next to its field (or the
// closest enclosing one, e.g. ferry_closures[0] for a window outside the
// horizon); what matches no field goes under the form.
function showProblem(err, prefix = '') {
  clearErrors();
  const general = [];
  const params = err instanceof ApiError ? err.params : [];
  for (const p of params) {
    const name = prefix && p.name.startsWith(prefix) ? p.name.slice(prefix.length) : p.name;
    const field = document.querySelector(`#scenario [data-param="${CSS.escape(name)}"]`)
      || document.querySelector(`#scenario [data-param="${CSS.escape(name.replace(/\.[^.]*$/, ''))}"]`);
    if (!field) { general.push(`${p.name}: ${p.reason}`); continue; }
    field.classList.add('invalid');
    const slot = field.tagName === 'FIELDSET' ? field.querySelector(':scope > p.error') : field.nextElementSibling;
    slot.textContent = p.reason;
    slot.dataset.errorFor = p.name;
  }
  if (!params.length) general.push(problemText(err));
  $('#scenario-error').textContent = general.join('; ');
}

function problemText(err) {
  if (err.name === 'AbortError') return 'Cancelled.';
  if (err instanceof ApiError) return err.params.length ? err.params.map((p) => `${p.name}: ${p.reason}`).join('; ') : `${err.title}: ${err.message}`;
  return String(err.message || err);
}

// busy runs fn(signal) with the spinner, elapsed time and Cancel.
async function busy(label, fn) {
  if (running) running.controller.abort();
  const controller = new AbortController();
  const t0 = performance.now();
  const tick = () => { $('#busy-text').textContent = `${label}… ${((performance.now() - t0) / 1000).toFixed(1)} s`; };
  tick();
  running = { controller, timer: setInterval(tick, 100) };
  $('#busy').hidden = false;
  for (const b of document.querySelectorAll('#scenario button')) b.disabled = true;
  try {
    return await fn(controller.signal);
  } finally {
    if (running && running.controller === controller) {
      clearInterval(running.timer);
      running = null;
      $('#busy').hidden = true;
      for (const b of document.querySelectorAll('#scenario button')) b.disabled = false;
      $('#compare-run').disabled = state.compare.length < 2;
    }
  }
}

async function runPlan(sc) {
  clearErrors();
  $('#scenario-error').textContent = '';
  try {
    const plan = await busy('Planning', (signal) => api('/v1/plans', { method: 'POST', body: sc, signal }));
    await showPlan(plan);
  } catch (err) {
    showProblem(err);
  }
}
window.lumbung.runPlan = runPlan;
window.lumbung.scenarioFromForm = scenarioFromForm;

async function showPlan(plan, lanes) {
  state.plan = plan;
  state.shipmentsByLane = new Map();
  for (const sh of plan.shipments || []) {
    const k = laneKey(sh.origin_cluster, sh.crossing, sh.buyer, sh.vehicle);
    if (!state.shipmentsByLane.has(k)) state.shipmentsByLane.set(k, []);
    state.shipmentsByLane.get(k).push(sh);
  }
  const fc = lanes || await api(`/v1/plans/${encodeURIComponent(plan.id)}/geojson`);
  for (const f of fc.features) {
    if (f.properties.kind !== 'lane') continue;
    const by = f.properties.commodities || {};
    f.properties.commodity = Object.keys(by).sort((a, b) => by[b] - by[a])[0] || '';
  }
  map.getSource('lanes').setData(fc);
  renderKPIs(plan);
  $('#kpi-panel').scrollIntoView({ block: 'start' });
}

const laneKey = (...parts) => parts.join('|');

function laneHTML(p) {
  const ships = state.shipmentsByLane.get(laneKey(p.origin_cluster, p.crossing, p.buyer, p.vehicle)) || [];
  const cost = {};
  for (const sh of ships) for (const [k, v] of Object.entries(sh.cost_idr)) cost[k] = (cost[k] || 0) + v;
  const deps = ships.map((s) => s.departure).filter(Boolean).sort();
  const by = typeof p.commodities === 'string' ? JSON.parse(p.commodities) : p.commodities || {};
  const total = Object.values(cost).reduce((a, b) => a + b, 0);
  return `<h4>${escapeHTML(p.buyer)} via ${escapeHTML(p.crossing)}</h4>
    <table>
      <tr><td>Tonnes</td><td class="num">${tonnes(p.tonnes)}</td></tr>
      <tr><td>Vehicles</td><td class="num">${int(p.trucks)} × ${escapeHTML(p.vehicle)}</td></tr>
      <tr><td>Crossing</td><td class="num">${escapeHTML(p.crossing)}</td></tr>
      <tr><td>Departure${deps.length > 1 ? 's' : ''}</td><td class="num">${deps.length ? `${wib(deps[0])}${deps.length > 1 ? ` (+${deps.length - 1} more)` : ''}` : '—'}</td></tr>
      <tr><td>Cargo</td><td class="num">${Object.entries(by).map(([c, t]) => `${escapeHTML(c)} ${tonnes(t)}`).join(', ')}</td></tr>
    </table>
    <h4>Cost ${rupiah(total || p.cost_idr)}</h4>
    <table>${Object.entries(cost).map(([k, v]) => `<tr><td>${costLabels[k] || k}</td><td class="num">${rupiah(v)}</td></tr>`).join('')}</table>`;
}

function renderKPIs(plan) {
  const s = plan.summary;
  const kpi = (key, value, text, label) => `<div class="kpi"><div class="v" data-kpi="${key}" data-value="${value}">${text}</div><div class="k">${label}</div></div>`;
  const unmet = Object.entries(s.unmet_by_commodity || {}).map(([c, t]) => `${c} ${tonnes(t)}`).join(', ');
  $('#kpis').innerHTML = `
    <p class="hint">Plan <code data-kpi="plan-id">${escapeHTML(plan.id)}</code>, ${escapeHTML(plan.scenario)}: <span data-kpi="plan-start">${escapeHTML(plan.start)}</span>, ${plan.horizon_days} days</p>
    <div class="kpis">
      ${kpi('cost-per-tonne', s.cost_per_tonne_idr, rupiah(s.cost_per_tonne_idr), 'cost per tonne')}
      ${kpi('total-cost', s.total_cost_idr, rupiah(s.total_cost_idr), `total, ${tonnes(s.tonnes_delivered)} delivered`)}
      ${kpi('savings', s.savings_idr, `${one(s.savings_pct)}%`, `saved vs today's practice (${rupiah(s.savings_idr)})`)}
      ${kpi('unmet', s.unmet_tonnes, tonnes(s.unmet_tonnes), `unmet demand${unmet ? `: ${escapeHTML(unmet)}` : ''}`)}
      ${kpi('ferry-wait', s.avg_ferry_wait_min, `${one(s.avg_ferry_wait_min)} min`, 'average ferry wait')}
      ${kpi('trucks', s.trucks, int(s.trucks), 'trucks')}
    </div>`;
  const labels = {
    vehicle_sizing_and_consolidation: 'Vehicle sizing, consolidation', crossing_choice: 'Crossing choice',
    slotting: 'Ferry slotting', buyer_choice_and_network: 'Buyer choice, network',
  };
  const steps = [{ label: "Today's practice", value: s.baseline_cost_idr, kind: 'total' }];
  for (const [k, v] of Object.entries(s.savings_breakdown_idr || {})) steps.push({ label: labels[k] || k, value: v, kind: 'step' });
  steps.push({ label: 'This plan', value: s.total_cost_idr, kind: 'total' });
  waterfall($('#waterfall'), steps);
  ferryChart($('#ferry-chart'), s.ferry_utilization || [], ['#1f6fa3', '#7fb3d5', '#e8a33d', '#8e44ad']);
  $('#kpi-panel').hidden = false;
}

// ---- comparison --------------------------------------------------------------------

function addToComparison() {
  const sc = scenarioFromForm();
  if (!sc.name) sc.name = `scenario ${state.compare.length + 1}`;
  if (state.compare.length >= 4) state.compare.shift();
  state.compare.push(sc);
  renderCompareList();
}

function renderCompareList() {
  const ul = $('#compare-list');
  ul.innerHTML = state.compare.map((sc, i) => `<li>${escapeHTML(sc.name)} <span class="hint">${escapeHTML(JSON.stringify({ ...sc, name: undefined }))}</span><button type="button" class="secondary" data-remove="${i}" aria-label="remove">×</button></li>`).join('');
  for (const b of ul.querySelectorAll('[data-remove]')) b.addEventListener('click', () => { state.compare.splice(Number(b.dataset.remove), 1); renderCompareList(); });
  $('#compare-run').disabled = state.compare.length < 2;
}

async function runComparison() {
  clearErrors();
  $('#scenario-error').textContent = '';
  try {
    const res = await busy(`Planning ${state.compare.length} scenarios`, (signal) => api('/v1/plans/compare', { method: 'POST', body: { scenarios: state.compare }, signal }));
    renderComparison(res.scenarios);
  } catch (err) {
    const m = err instanceof ApiError && err.params[0] && /^scenarios\[(\d+)\]\./.exec(err.params[0].name);
    if (m) {
      showProblem(err, m[0]);
      $('#scenario-error').textContent = `In "${state.compare[Number(m[1])].name}": ${err.params[0].reason}`;
    } else showProblem(err);
  }
}

function renderComparison(rows) {
  state.compareRows = rows;
  const line = (label, f) => `<tr><th>${label}</th>${rows.map((r) => `<td class="num">${f(r)}</td>`).join('')}</tr>`;
  $('#compare-table').innerHTML = `<table>
    <tr><th></th>${rows.map((r, i) => `<th class="num">${escapeHTML(r.scenario)}<br><button type="button" class="secondary" data-show="${i}">lanes</button></th>`).join('')}</tr>
    ${line('cost / t', (r) => rupiah(r.cost_per_tonne_idr))}
    ${line('total cost', (r) => rupiah(r.total_cost_idr))}
    ${line('delivered', (r) => tonnes(r.tonnes_delivered))}
    ${line('unmet', (r) => tonnes(r.unmet_tonnes))}
    ${line('savings', (r) => `${one(r.savings_pct)}%`)}
    ${line('trucks', (r) => int(r.trucks))}
    ${line('ferry wait', (r) => `${one(r.avg_ferry_wait_min)} min`)}
    ${line('by crossing', (r) => Object.entries(r.trucks_by_crossing).map(([c, n]) => `${escapeHTML(c)} ${int(n)}`).join('<br>'))}
  </table>`;
  for (const b of document.querySelectorAll('[data-show]')) {
    b.addEventListener('click', async () => {
      const r = rows[Number(b.dataset.show)];
      try {
        await showPlan(await api(`/v1/plans/${encodeURIComponent(r.plan_id)}`));
      } catch (err) { showProblem(err); }
    });
  }
  $('#compare-panel').hidden = false;
}
// ---- wiring (last: the functions above use module-level bindings) --------

fillForms();
addLabels();
initLayers();
initRoute();
initPlan();
window.lumbung.ready = true;
