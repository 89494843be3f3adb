// Calls to Lumbung's HTTP API. Failures become ApiError, carrying the
// RFC 9457 problem's title, detail and invalid-params so the page can put
// each message next to the field at fault.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || `HTTP ${status}`;
    this.params = problem['invalid-params'] || [];
  }
}

// api fetches url and returns its JSON body; opts are fetch's options
// (method, body, signal). A JSON body object is serialised.
export async function api(url, opts = {}) {
  const init = { ...opts };
  if (init.body !== undefined && typeof init.body !== 'string') {
    init.body = JSON.stringify(init.body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(res.status, { title: `HTTP ${res.status}`, detail: text.slice(0, 200) });
  }
  if (!res.ok) throw new ApiError(res.status, body || {});
  return body;
}

// problemText is one line for a failure: the invalid params, or the
// problem's title and detail, or "Cancelled." for an aborted request.
export function problemText(err) {
  if (err.name === 'AbortError') return 'Cancelled.';
  if (err instanceof ApiError) return err.params.length ? err.params.map((p) => `${p.name}: ${p.reason}`).join('; ') : `${err.title}: ${err.message}`;
  return String(err.message || err);
}
