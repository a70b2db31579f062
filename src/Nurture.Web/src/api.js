// Calls the server's API with the session cookie, sending the antiforgery token with every change.

let csrfToken = null;

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail || body?.title || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }

  /** Field errors of a validation problem, or the `errors` list the API returns (journeys, templates). */
  get errors() {
    return this.body?.errors ?? [];
  }

  /** What went wrong as sentences: a validation problem's messages per field, an error list's texts, else the title. */
  get messages() {
    const errors = this.body?.errors;
    if (Array.isArray(errors) && errors.length) return errors.map((e) => (typeof e === 'string' ? e : e.text ?? e.message));
    if (errors && typeof errors === 'object' && !Array.isArray(errors)) return Object.values(errors).flat();
    return [this.message];
  }
}

export async function refreshCsrf() {
  const response = await fetch('/api/account/antiforgery', { credentials: 'same-origin' });
  csrfToken = (await response.json()).token;
}

export async function api(method, url, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    if (!csrfToken) await refreshCsrf();
    headers['X-XSRF-TOKEN'] = csrfToken;
  }
  const response = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = { detail: text }; }
  }
  if (response.status === 401 && !url.startsWith('/api/account/')) {
    window.location.assign(`/login?returnUrl=${encodeURIComponent(window.location.pathname)}`);
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const get = (url) => api('GET', url);
export const post = (url, body) => api('POST', url, body ?? {});
export const put = (url, body) => api('PUT', url, body);
export const del = (url) => api('DELETE', url);
