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

// The API key of a server that runs with -auth, kept for this browser tab
// only (sessionStorage): asked for once, on the first 401.
const tokenKey = 'lumbung.token';

export function apiToken() {
  return sessionStorage.getItem(tokenKey);
}

// authHeaders adds the API key, when there is one, to a request's headers.
export function authHeaders(headers = {}) {
  const t = apiToken();
  return t ? { ...headers, Authorization: `Bearer ${t}` } : headers;
}

// api fetches url and returns its JSON body; opts are fetch's options
// (method, body, signal). A JSON body object is serialised. A 401 asks for
// an API key once and retries.
export async function api(url, opts = {}, asked = false) {
  const init = { ...opts };
  if (init.body !== undefined && typeof init.body !== 'string') {
    init.body = JSON.stringify(init.body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  init.headers = authHeaders(init.headers);
  const res = await fetch(url, init);
  if (res.status === 401 && !asked) {
    const t = window.prompt('This Lumbung server requires an API key (lumbung keys create). Key:');
    if (t) {
      sessionStorage.setItem(tokenKey, t.trim());
      return api(url, opts, true);
    }
  }
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
