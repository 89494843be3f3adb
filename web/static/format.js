// Number and time formats shared by the panels (Indonesian Rupiah, tonnes,
// minutes), one place so the KPI panel, popups and tables agree.

const nf0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const nf1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export const int = (v) => nf0.format(v);
export const one = (v) => nf1.format(v);

// rupiah prints Rp with a B (10^9) or M (10^6) suffix above a million.
export function rupiah(v) {
  const a = Math.abs(v);
  if (a >= 1e9) return `Rp ${nf1.format(v / 1e9)} B`;
  if (a >= 1e6) return `Rp ${nf1.format(v / 1e6)} M`;
  return `Rp ${nf0.format(v)}`;
}

export const tonnes = (v) => `${v >= 100 ? nf0.format(v) : nf1.format(v)} t`;

export function duration(seconds) {
  const m = Math.round(seconds / 60);
  return m >= 60 ? `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min` : `${m} min`;
}

// wib prints an RFC 3339 time as local WIB date and time.
export function wib(s) {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  const t = new Date(d.getTime() + 7 * 3600e3).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)} WIB`;
}

export const costLabels = {
  fuel_wear: 'Fuel and wear', driver: 'Driver', toll: 'Tolls', ferry: 'Ferry', spoilage: 'Spoilage', return_leg: 'Return leg',
};

// costTable is a cost breakdown as table rows in costLabels' order (fuel
// first, ferry and spoilage last), unknown parts after.
export function costTable(breakdown) {
  const order = Object.keys(costLabels);
  const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
  return `<table>${Object.entries(breakdown).sort((a, b) => rank(a[0]) - rank(b[0]))
    .map(([k, v]) => `<tr><td>${escapeHTML(costLabels[k] || k)}</td><td class="num">${rupiah(v)}</td></tr>`).join('')}</table>`;
}

export function escapeHTML(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
