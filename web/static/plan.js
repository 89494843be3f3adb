// Plans and scenarios: the scenario form (with the closure timeline), runs
// with a spinner and Cancel, API errors next to their fields, the KPIs,
// the savings waterfall and ferry use, and the lanes' popups.

import { api, ApiError, problemText } from './api.js';
import { $, state } from './page.js';
import { waterfall, ferryChart, Timeline } from './charts.js';
import { addToComparison, runComparison } from './compare.js';
import { rupiah, tonnes, int, one, wib, costTable, escapeHTML } from './format.js';

let map;
let timeline;
let running = null; // {controller, timer}

// fillForms adds the fields that depend on the dataset: a demand
// multiplier per commodity, a fleet limit per vehicle, the crossings.
export function fillForms() {
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

// initPlan wires the scenario form, the timeline and the comparison.
export function initPlan(m) {
  map = m;
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
export function scenarioFromForm() {
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

export function clearErrors() {
  for (const e of document.querySelectorAll('#scenario .error')) { e.textContent = ''; delete e.dataset.errorFor; }
  for (const e of document.querySelectorAll('#scenario .invalid')) e.classList.remove('invalid');
}

// showProblem puts each invalid-param's reason next to its field (or the
// closest enclosing one, e.g. ferry_closures[0] for a window outside the
// horizon); what matches no field goes under the form.
export function showProblem(err, prefix = '') {
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


// busy runs fn(signal) with the spinner, elapsed time and Cancel.
export async function busy(label, fn) {
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

export async function runPlan(sc) {
  clearErrors();
  $('#scenario-error').textContent = '';
  try {
    const plan = await busy('Planning', (signal) => api('/v1/plans', { method: 'POST', body: sc, signal }));
    await showPlan(plan);
  } catch (err) {
    showProblem(err);
  }
}

export async function showPlan(plan, lanes) {
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
  // Lane width follows this plan's tonnes (a week's plan moves tens of
  // tonnes a lane, a month's thousands); supply fades so lanes stand out.
  const maxT = Math.max(1, ...fc.features.filter((f) => f.properties.kind === 'lane').map((f) => f.properties.tonnes));
  // Width grows with the square root of tonnes so that small lanes stay visible.
  map.setPaintProperty('lanes', 'line-width', ['interpolate', ['linear'], ['sqrt', ['get', 'tonnes']], 0, 2, Math.sqrt(maxT), 11]);
  map.setPaintProperty('supply', 'fill-opacity', ['interpolate', ['linear'], ['zoom'], 6, 0.4, 9, 0.3, 11, 0.15, 13, 0.08]);
  state.maxLaneTonnes = maxT;
  renderKPIs(plan);
  $('#kpi-panel').scrollIntoView({ block: 'start' });
}

const laneKey = (...parts) => parts.join('|');

export function laneHTML(p) {
  const ships = state.shipmentsByLane.get(laneKey(p.origin_cluster, p.crossing, p.buyer, p.vehicle)) || [];
  const cost = {};
  for (const sh of ships) for (const [k, v] of Object.entries(sh.cost_idr)) cost[k] = (cost[k] || 0) + v;
  const deps = ships.map((s) => s.departure).filter(Boolean).sort();
  const by = typeof p.commodities === 'string' ? JSON.parse(p.commodities) : p.commodities || {};
  const total = Object.values(cost).reduce((a, b) => a + b, 0);
  const buyer = state.network.features.find((f) => f.properties.layer === 'markets' && f.properties.id === p.buyer);
  const ferry = state.ferries.find((f) => f.id === p.crossing);
  return `<h4>To ${escapeHTML(buyer ? buyer.properties.name : p.buyer)}</h4>
    <table>
      <tr><td>Tonnes</td><td class="num">${tonnes(p.tonnes)}</td></tr>
      <tr><td>Vehicles</td><td class="num">${int(p.trucks)} × ${escapeHTML(p.vehicle)}</td></tr>
      <tr><td>Crossing</td><td class="num">${escapeHTML(ferry ? ferry.name : p.crossing)}</td></tr>
      <tr><td>Departure${deps.length > 1 ? 's' : ''}</td><td class="num">${deps.length ? `${wib(deps[0])}${deps.length > 1 ? ` (+${deps.length - 1} more)` : ''}` : '—'}</td></tr>
      <tr><td>Cargo</td><td class="num">${Object.entries(by).map(([c, t]) => `${escapeHTML(c)} ${tonnes(t)}`).join(', ')}</td></tr>
    </table>
    <h4>Cost ${rupiah(total || p.cost_idr)}</h4>
    ${costTable(cost)}`;
}

function renderKPIs(plan) {
  const s = plan.summary;
  const kpi = (key, value, text, label) => `<div class="kpi"><div class="v" data-kpi="${key}" data-value="${value}">${text}</div><div class="k">${label}</div></div>`;
  const unmet = Object.entries(s.unmet_by_commodity || {}).map(([c, t]) => `${c} ${tonnes(t)}`).join(', ');
  $('#kpis').innerHTML = `
    <p class="hint">Plan <code data-kpi="plan-id">${escapeHTML(plan.id)}</code>, ${escapeHTML(plan.scenario)}: <span data-kpi="plan-start">${escapeHTML(plan.start)}</span>, ${plan.horizon_days} days</p>
    <div class="kpis">
      ${kpi('cost-per-tonne', s.cost_per_tonne_idr, rupiah(s.cost_per_tonne_idr), 'cost per tonne')}
      ${kpi('total-cost', s.logistics_cost_idr, rupiah(s.logistics_cost_idr), `logistics cost, ${tonnes(s.tonnes_delivered)} delivered`)}
      ${kpi('savings', s.savings_idr, `${one(s.savings_pct)}%`, `saved vs today's practice (${rupiah(s.savings_idr)})`)}
      ${kpi('unmet', s.unmet_tonnes, tonnes(s.unmet_tonnes), `unmet demand${unmet ? `: ${escapeHTML(unmet)}` : ''}`)}
      ${kpi('ferry-wait', s.avg_ferry_wait_min, `${one(s.avg_ferry_wait_min)} min`, `average ferry wait${s.max_ferry_wait_min ? ` (longest ${one(s.max_ferry_wait_min)} min)` : ''}`)}
      ${kpi('trucks', s.trucks, int(s.trucks), 'trucks')}
    </div>`;
  const labels = {
    vehicle_sizing_and_consolidation: 'Vehicle sizing, consolidation', crossing_choice: 'Crossing choice',
    slotting: 'Ferry slotting', buyer_choice_and_network: 'Buyer choice, network',
  };
  const steps = [{ label: "Today's practice", value: s.baseline_cost_idr, kind: 'total' }];
  for (const [k, v] of Object.entries(s.savings_breakdown_idr || {})) steps.push({ label: labels[k] || k, value: v, kind: 'step' });
  steps.push({ label: 'This plan', value: s.logistics_cost_idr, kind: 'total' });
  waterfall($('#waterfall'), steps);
  ferryChart($('#ferry-chart'), s.ferry_utilization || [], ['#1f6fa3', '#7fb3d5', '#e8a33d', '#8e44ad']);
  $('#kpi-panel').hidden = false;
}
