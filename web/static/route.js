// The route tool: pick two points on the map, choose a vehicle and a
// metric; the route draws with its ferry leg, and the panel lists its legs,
// the ferry wait and the cost breakdown (GET /v1/route).

import { api, problemText } from './api.js';
import { $, state } from './page.js';
import { rupiah, one, duration, costTable, escapeHTML } from './format.js';

let map;
let picked = [];

// initRoute wires the route panel to the map.
export function initRoute(m) {
  map = m;
  const vs = $('#route-vehicle');
  for (const v of state.vehicles) vs.append(new Option(`${v.name}`, v.id));
  vs.value = state.vehicles.some((v) => v.id === 'tronton') ? 'tronton' : state.vehicles[0].id;
  $('#route-pick').addEventListener('click', () => setPicking(!state.picking));
  $('#route-clear').addEventListener('click', clearRoute);
  for (const s of [vs, $('#route-metric')]) s.addEventListener('change', () => { if (picked.length === 2) fetchRoute(); });
  map.on('click', (e) => {
    if (!state.picking) return;
    picked.push([e.lngLat.lng, e.lngLat.lat]);
    drawPicked();
    if (picked.length === 2) { setPicking(false); fetchRoute(); }
    else $('#route-status').textContent = 'Now click the destination.';
  });
}

function setPicking(on) {
  state.picking = on;
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
export async function routeBetween(from, to) {
  picked = [from, to];
  drawPicked();
  return fetchRoute();
}

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
  $('#route-result').innerHTML = `
    <div class="kpis">
      <div class="kpi"><div class="v" data-kpi="route-distance">${one(p.distance_m / 1000)} km</div><div class="k">distance</div></div>
      <div class="kpi"><div class="v">${duration(p.duration_s)}</div><div class="k">time, ferry wait ${duration(p.ferry_wait_s || 0)} included</div></div>
      <div class="kpi"><div class="v" data-kpi="route-cost" data-value="${p.cost_idr}">${rupiah(p.cost_idr)}</div><div class="k">cost</div></div>
    </div>
    <h3>Cost breakdown</h3>${costTable(p.cost_breakdown_idr)}
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
