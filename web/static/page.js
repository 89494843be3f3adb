// What the page's modules share: the DOM helper and one state object (the
// browser test reads it through window.lumbung.state).

export const $ = (sel) => document.querySelector(sel);

export const state = {
  commodities: [], colours: {}, vehicles: [], ferries: [], network: null,
  supplyCells: 0, plan: null, shipmentsByLane: new Map(), compare: [], compareRows: [],
  idle: false, firstIdleMs: null, route: null, picking: false,
};
