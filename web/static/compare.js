// Scenario comparison: 2–4 scenarios from the form planned together
// (POST /v1/plans/compare), their KPIs side by side, and each one's lanes a
// click away.

import { api, ApiError } from './api.js';
import { $, state } from './page.js';
import { busy, clearErrors, scenarioFromForm, showPlan, showProblem } from './plan.js';
import { rupiah, tonnes, int, one, escapeHTML } from './format.js';

export function addToComparison() {
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

export async function runComparison() {
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

// signed prints a difference with its sign (+ for more, − for less).
const signed = (v, f) => (v > 0 ? `+${f(v)}` : v < 0 ? `−${f(-v)}` : '±0');

// peakRow lists each class's vehicles on the busiest day, with the change
// against the first scenario.
function peakRow(r) {
  const classes = [...new Set([...Object.keys(r.peak_vehicles || {}), ...Object.keys(r.delta?.peak_vehicles || {})])].sort();
  return classes.map((c) => {
    const d = r.delta?.peak_vehicles?.[c];
    return `${escapeHTML(c)} ${int(r.peak_vehicles?.[c] || 0)}${d === undefined ? '' : ` <span class="hint">(${signed(d, int)})</span>`}`;
  }).join('<br>');
}

function renderComparison(rows) {
  state.compareRows = rows;
  // line is one KPI per scenario; with key, the scenarios after the first
  // show their change against the first under the figure.
  const line = (label, f, key) => `<tr><th>${label}</th>${rows.map((r) => {
    const d = key && r.delta ? r.delta[key] : undefined;
    return `<td class="num"${key ? ` data-kpi="${key}"` : ''}>${f(r)}${d === undefined ? '' : `<br><span class="hint">${signed(d, (v) => f({ [key]: v }))}</span>`}</td>`;
  }).join('')}</tr>`;
  $('#compare-table').innerHTML = `<table>
    <tr><th></th>${rows.map((r, i) => `<th class="num">${escapeHTML(r.scenario)}<br><button type="button" class="secondary" data-show="${i}">lanes</button></th>`).join('')}</tr>
    ${line('cost / t', (r) => rupiah(r.cost_per_tonne_idr), 'cost_per_tonne_idr')}
    ${line('logistics cost', (r) => rupiah(r.logistics_cost_idr), 'logistics_cost_idr')}
    ${line('first mile', (r) => rupiah(r.first_mile_cost_idr), 'first_mile_cost_idr')}
    ${line('delivered', (r) => tonnes(r.tonnes_delivered), 'tonnes_delivered')}
    ${line('unmet', (r) => tonnes(r.unmet_tonnes), 'unmet_tonnes')}
    ${line('savings', (r) => `${one(r.savings_pct)}%`, 'savings_pct')}
    ${line('trucks', (r) => int(r.trucks), 'trucks')}
    ${line('collection tours', (r) => int(r.collection_tours), 'collection_tours')}
    ${line('peak vehicles', peakRow)}
    ${line('vehicle-km', (r) => int(r.vehicle_km), 'vehicle_km')}
    ${line('empty km', (r) => int(r.empty_km), 'empty_km')}
    ${line('vehicle-hours', (r) => int(r.vehicle_hours), 'vehicle_hours')}
    ${line('ferry wait', (r) => `${one(r.avg_ferry_wait_min)} min`, 'avg_ferry_wait_min')}
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
