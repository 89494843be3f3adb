// The map's style: a basemap from Lumbung's own vector tiles (land,
// regencies, roads by class, ferries, ports, buyers) and GeoJSON sources
// for the supply hexagons, a plan's lanes and a route. No remote tiles,
// glyphs or sprites: labels are HTML markers (see labels in app.js).

export const corridorBounds = [[103.55, -6.65], [107.2, -3.65]];

const palette = ['#d4a017', '#f28e2b', '#8c6d31', '#e15759', '#59a14f', '#b07aa1', '#4e79a7', '#76b7b2'];
const known = { rice: '#d4a017', corn: '#f28e2b', cassava: '#8c6d31', chicken: '#e15759', banana: '#59a14f', pineapple: '#b07aa1' };

// commodityColours assigns each commodity a colour (fixed for the known
// ones, from the palette for others).
export function commodityColours(ids) {
  const out = {};
  let next = 0;
  for (const id of ids) out[id] = known[id] || palette[(next++) % palette.length];
  return out;
}

// matchColour is a style expression colouring by the "commodity" property.
export function matchColour(colours, fallback = '#777') {
  const m = ['match', ['get', 'commodity']];
  for (const [id, c] of Object.entries(colours)) m.push(id, c);
  m.push(fallback);
  return m;
}

// supplyRamp is the sequential ramp of the supply hexagons (light to dark).
export const supplyRamp = ['#fff5d6', '#fedf8f', '#fdb35b', '#f07c3a', '#d4472a', '#9c1f1e'];

// supplyColour interpolates tonnes/year over stops (one per ramp colour).
export function supplyColour(stops) {
  const e = ['interpolate', ['linear'], ['get', 'tonnes_per_year']];
  stops.forEach((s, i) => e.push(s, supplyRamp[i]));
  return e;
}

export const roadColours = { toll: '#d9622b', trunk: '#e8a33d', primary: '#f2cd5c', secondary: '#ffffff' };

const empty = { type: 'FeatureCollection', features: [] };

// Layer groups the planner toggles, by checkbox data-layer.
export const layerGroups = {
  supply: ['supply'],
  farms: ['farms'],
  network: ['roads-casing', 'roads', 'ferries', 'ports', 'buyers'],
  lanes: ['lanes'],
  route: ['route', 'route-ferry', 'route-points'],
};

export function buildStyle(origin, colours) {
  return {
    version: 8,
    sources: {
      lumbung: {
        type: 'vector', tiles: [`${origin}/v1/tiles/{z}/{x}/{y}.mvt`], minzoom: 4, maxzoom: 14,
        bounds: [103.5, -7, 107.3, -3.5],
        attribution: 'Boundaries © OpenStreetMap contributors (ODbL) · ports: pelabuhan-indonesia-geojson (MIT) · Lumbung',
      },
      supply: { type: 'geojson', data: empty },
      lanes: { type: 'geojson', data: empty },
      route: { type: 'geojson', data: empty },
      'route-points': { type: 'geojson', data: empty },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': '#c9dbe8' } },
      { id: 'land', type: 'fill', source: 'lumbung', 'source-layer': 'land', paint: { 'fill-color': '#f3f0e7', 'fill-outline-color': '#a9a290' } },
      { id: 'regencies', type: 'line', source: 'lumbung', 'source-layer': 'regencies', paint: { 'line-color': '#b3ab97', 'line-width': 0.8, 'line-dasharray': [3, 2] } },
      {
        id: 'supply', type: 'fill', source: 'supply',
        paint: { 'fill-color': supplyColour([0, 1, 2, 3, 4, 5]), 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 6, 0.75, 9, 0.55, 11, 0.25, 13, 0.12], 'fill-outline-color': 'rgba(120,60,20,0.25)' },
      },
      {
        id: 'roads-casing', type: 'line', source: 'lumbung', 'source-layer': 'roads',
        filter: ['in', ['get', 'class'], ['literal', ['toll', 'trunk', 'primary', 'secondary']]],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#8d8574', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 1.4, 10, 4, 14, 8] },
      },
      {
        id: 'roads', type: 'line', source: 'lumbung', 'source-layer': 'roads',
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': ['match', ['get', 'class'], 'toll', roadColours.toll, 'trunk', roadColours.trunk, 'primary', roadColours.primary, 'secondary', roadColours.secondary, '#cfc8b8'],
          'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.8, 10, 2.5, 14, 6],
        },
      },
      {
        id: 'ferries', type: 'line', source: 'lumbung', 'source-layer': 'ferries',
        paint: { 'line-color': '#2b6cb0', 'line-width': 2, 'line-dasharray': [2, 1.5] },
      },
      {
        id: 'farms', type: 'circle', source: 'lumbung', 'source-layer': 'farms', minzoom: 11,
        paint: {
          'circle-color': matchColour(colours), 'circle-opacity': 0.85,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 2, 14, 5.5],
          'circle-stroke-color': '#fff', 'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 11, 0, 13, 0.8],
        },
      },
      {
        id: 'lanes', type: 'line', source: 'lanes', filter: ['==', ['get', 'kind'], 'lane'],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': matchColour(colours), 'line-opacity': 0.8,
          'line-width': ['interpolate', ['linear'], ['get', 'tonnes'], 0, 1.5, 500, 4, 3000, 9, 10000, 14],
        },
      },
      {
        id: 'route', type: 'line', source: 'route', filter: ['==', ['get', 'part'], 'route'],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#6a1b9a', 'line-width': 4.5, 'line-opacity': 0.85 },
      },
      {
        id: 'route-ferry', type: 'line', source: 'route', filter: ['==', ['get', 'part'], 'ferry'],
        paint: { 'line-color': '#0d47a1', 'line-width': 5, 'line-dasharray': [1, 1] },
      },
      {
        id: 'ports', type: 'circle', source: 'lumbung', 'source-layer': 'ports',
        paint: { 'circle-color': '#2b6cb0', 'circle-radius': 5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 },
      },
      {
        id: 'buyers', type: 'circle', source: 'lumbung', 'source-layer': 'markets',
        paint: { 'circle-color': '#b03a2e', 'circle-radius': 5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 },
      },
      {
        id: 'route-points', type: 'circle', source: 'route-points',
        paint: { 'circle-color': '#6a1b9a', 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
      },
    ],
  };
}
