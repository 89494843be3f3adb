// Small SVG charts drawn without a chart library: the savings waterfall,
// ferry deck use by crossing and day, and the plan-horizon timeline with
// its closure window.

import { rupiah, escapeHTML } from './format.js';

const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// waterfall draws horizontal bars: the first step is a total (today's
// practice), the middle steps are reductions, the last is the plan's total.
// steps: [{label, value, kind: 'total'|'step'}].
export function waterfall(svg, steps) {
  svg.replaceChildren();
  const W = 360, rowH = 22, labelW = 150, valueW = 66, top = 4;
  const barW = W - labelW - valueW;
  const H = top + steps.length * rowH + 4;
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const maxV = Math.max(...steps.filter((s) => s.kind === 'total').map((s) => s.value), 1);
  const x = (v) => labelW + (v / maxV) * barW;
  let level = 0;
  steps.forEach((s, i) => {
    const y = top + i * rowH;
    const before = level;
    let x0, x1, fill;
    if (s.kind === 'total') {
      x0 = x(0); x1 = x(s.value); level = s.value; fill = i === 0 ? '#8d8574' : '#1f6fa3';
    } else {
      level = before - s.value;
      x0 = x(Math.min(before, level)); x1 = x(Math.max(before, level));
      fill = s.value >= 0 ? '#3f9b5a' : '#c0392b';
    }
    svg.append(el('text', { x: 0, y: y + 14 }, s.label));
    svg.append(el('rect', { x: x0, y: y + 3, width: Math.max(1, x1 - x0), height: rowH - 8, fill, 'data-value': s.value }));
    if (i > 0) { // connector from the previous bar's end
      svg.append(el('line', { x1: x(before), x2: x(before), y1: y - 5, y2: y + 3, stroke: '#999', 'stroke-dasharray': '2 2' }));
    }
    const sign = s.kind === 'step' ? '−' : '';
    svg.append(el('text', { x: W - 2, y: y + 14, 'text-anchor': 'end' }, sign + rupiah(s.value).replace('Rp ', '')));
  });
}

// ferryChart draws deck utilisation bars: one group per day, one bar per
// crossing. rows: summary.ferry_utilization.
export function ferryChart(svg, rows, colours) {
  svg.replaceChildren();
  const crossings = [...new Set(rows.map((r) => r.crossing))];
  const days = [...new Set(rows.map((r) => r.date))].sort();
  const W = 360, H = 178, left = 30, bottom = 52, top = 6;
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const plotH = H - bottom - top;
  // Scale to the busiest crossing-day (rounded up to 10%), not to 100%:
  // a strait at 10% of its deck must still show which day is busiest.
  const peak = Math.max(0, ...rows.map((r) => r.utilization));
  const maxU = Math.max(0.1, Math.ceil(peak * 10) / 10);
  const y = (u) => top + plotH * (1 - u / maxU);
  for (const t of [0, 0.5, 1].map((f) => f * maxU)) {
    svg.append(el('line', { x1: left, x2: W, y1: y(t), y2: y(t), stroke: '#e3ded2' }));
    svg.append(el('text', { x: left - 3, y: y(t) + 3, 'text-anchor': 'end' }, `${Math.round(t * 100)}%`));
  }
  const groupW = (W - left) / Math.max(1, days.length);
  const barW = Math.max(2, (groupW - 6) / crossings.length);
  for (const r of rows) {
    const d = days.indexOf(r.date), c = crossings.indexOf(r.crossing);
    const x = left + d * groupW + 3 + c * barW;
    const rect = el('rect', { x, y: y(r.utilization), width: barW - 1, height: Math.max(0.5, y(0) - y(r.utilization)), fill: colours[c % colours.length] });
    rect.append(el('title', {}, `${r.crossing} ${r.date}: ${r.trucks} of ${r.capacity_trucks} truck slots (${Math.round(r.utilization * 100)}%)`));
    svg.append(rect);
  }
  days.forEach((d, i) => svg.append(el('text', { x: left + i * groupW + groupW / 2, y: H - bottom + 12, 'text-anchor': 'middle' }, d.slice(5))));
  crossings.forEach((c, i) => {
    const lx = left + (i % 2) * 165, ly = H - 22 + Math.floor(i / 2) * 13;
    svg.append(el('rect', { x: lx, y: ly - 7, width: 8, height: 8, fill: colours[i % colours.length] }));
    svg.append(el('text', { x: lx + 11, y: ly }, c));
  });
}

// Timeline shows the plan horizon (one tick per day) and the closure
// window; dragging across it sets the window, snapped to the hour. Times
// are UTC milliseconds; offsetMs shifts the day labels to local time.
export class Timeline {
  constructor(svg, offsetMs, onChange) {
    this.svg = svg;
    this.offsetMs = offsetMs;
    this.onChange = onChange;
    this.start = null; // Date, midnight WIB as UTC ms
    this.days = 7;
    this.window = null; // [fromMs, toMs]
    let dragFrom = null;
    const at = (ev) => {
      const r = svg.getBoundingClientRect();
      const f = Math.min(1, Math.max(0, (((ev.clientX - r.left) / r.width) * this.W - this.left) / this.plotW));
      return this.start + Math.round(f * this.days * 24) * 3600e3;
    };
    svg.addEventListener('pointerdown', (ev) => { dragFrom = at(ev); svg.setPointerCapture(ev.pointerId); });
    svg.addEventListener('pointermove', (ev) => {
      if (dragFrom === null) return;
      const t = at(ev);
      this.window = [Math.min(dragFrom, t), Math.max(dragFrom, t)];
      this.draw();
    });
    svg.addEventListener('pointerup', (ev) => {
      if (dragFrom === null) return;
      const t = at(ev);
      if (t !== dragFrom) this.onChange([Math.min(dragFrom, t), Math.max(dragFrom, t)]);
      dragFrom = null;
    });
    this.W = 340; this.left = 6; this.plotW = 328;
  }

  set(startMs, days, window) {
    this.start = startMs; this.days = days; this.window = window;
    this.draw();
  }

  draw() {
    const { svg, W, left, plotW } = this;
    svg.replaceChildren();
    const x = (ms) => left + ((ms - this.start) / (this.days * 86400e3)) * plotW;
    svg.append(el('rect', { x: left, y: 8, width: plotW, height: 16, fill: '#eef4f8', stroke: '#9dc0d8' }));
    for (let d = 0; d <= this.days; d++) {
      const xd = left + (d / this.days) * plotW;
      svg.append(el('line', { x1: xd, x2: xd, y1: 8, y2: 28, stroke: '#9dc0d8' }));
      if (d < this.days && (this.days <= 10 || d % Math.ceil(this.days / 10) === 0)) {
        const date = new Date(this.start + d * 86400e3 + this.offsetMs).toISOString().slice(5, 10);
        svg.append(el('text', { x: xd + 2, y: 38 }, date));
      }
    }
    if (this.window) {
      const [a, b] = this.window;
      const xa = Math.max(left, x(a)), xb = Math.min(left + plotW, x(b));
      if (xb > xa) {
        const r = el('rect', { x: xa, y: 8, width: xb - xa, height: 16, fill: '#c0392b', opacity: 0.75, id: 'timeline-closure' });
        r.append(el('title', {}, escapeHTML('closure window')));
        svg.append(r);
      }
    }
  }
}
