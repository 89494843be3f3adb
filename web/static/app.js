// The planners' map page: basemap and layers, the route tool, plans and
// scenarios with their KPIs, and scenario comparison. Everything comes from
// this server's API; window.lumbung exposes the map and state to the
// browser test.

import * as maplibregl from '/web/vendor/maplibre-gl/maplibre-gl.mjs';
import { api, apiToken, authHeaders } from './api.js';
import { $, state } from './page.js';
import { buildStyle, commodityColours, matchColour, corridorBounds, layerGroups, supplyColour, supplyRamp, roadColours } from './style.js';
import { initRoute, routeBetween } from './route.js';
import { fillForms, initPlan, laneHTML, runPlan, scenarioFromForm } from './plan.js';
import { tonnes, int, escapeHTML } from './format.js';

performance.mark('lumbung:start');
window.lumbung = { state, routeBetween, runPlan, scenarioFromForm };

// ---- start-up: reference data, then the map -------------------------------

// The map starts at once; reference data and the default supply hexagons
// load beside it (first render is what a planner waits for).
// Start MapLibre's worker first: it fetches and compiles its script while
// the main thread sets up WebGL.
maplibregl.prewarm();
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
  // Tiles from a server that runs with -auth need the API key too.
  transformRequest: (url) => (apiToken() && url.startsWith(location.origin) ? { url, headers: authHeaders() } : { url }),
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
    map.on('mouseenter', id, () => { if (!state.picking) map.getCanvas().style.cursor = 'pointer'; });
    map.on('mouseleave', id, () => { if (!state.picking) map.getCanvas().style.cursor = ''; });
  }
  map.on('click', (e) => {
    if (state.picking) return;
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
    // Ports' names above their dot, buyers' below, regencies' on the seat.
    // (MapLibre positions a marker with its own transform: offset, not CSS.)
    const offset = { port: [0, -13], buyer: [0, 13], regency: [0, 0] }[cls];
    labelMarkers.push(new maplibregl.Marker({ element: div, anchor: 'center', offset }).setLngLat(f.geometry.coordinates).addTo(map));
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

// ---- wiring (last: the functions above use module-level bindings) --------

fillForms();
addLabels();
initLayers();
initRoute(map);
initPlan(map);
window.lumbung.ready = true;
