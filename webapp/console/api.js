// The pyql HTTP API as the console uses it. The user token lives in this module's memory only: never in
// localStorage, sessionStorage, a cookie or the URL, so a reload or a closed tab ends the session.

let token = null;

/** An API failure in the server's JSON error shape ({"error", "detail"}), with the HTTP status and route. */
export class ApiError extends Error {
  constructor(status, error, detail, route) {
    super(detail ? `${error}: ${detail}` : error);
    this.status = status;
    this.error = error;
    this.detail = detail;
    this.route = route;
  }
}

function basic(user, password) {
  // btoa takes Latin-1 only: encode as UTF-8 first so any password works
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return 'Basic ' + btoa(bin);
}

async function call(method, route, { body, auth } = {}) {
  const headers = { Accept: 'application/json' };
  const authorization = auth ?? (token ? `Bearer ${token}` : null);
  if (authorization) headers.Authorization = authorization;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let resp;
  try {
    resp = await fetch(route, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit', redirect: 'error',
    });
  } catch (e) {
    throw new ApiError(0, 'node unreachable', `${method} ${route}: ${e.message}`, route);
  }
  const text = await resp.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = null;
  }
  if (!resp.ok) {
    if (json && typeof json.error === 'string') {
      throw new ApiError(resp.status, json.error, json.detail ?? '', route);
    }
    throw new ApiError(resp.status, `HTTP ${resp.status}`, `${method} ${route} answered without a JSON error`, route);
  }
  if (json === null) throw new ApiError(resp.status, 'not JSON', `${method} ${route} answered a body that is not JSON`, route);
  return { status: resp.status, json };
}

/** The open readiness document: 200 when ready, 503 (same shape) when not; both are shown, neither is an error. */
export async function readiness() {
  let resp;
  try {
    resp = await fetch('/cluster/pyql/ready', { cache: 'no-store', credentials: 'omit', headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(0, 'node unreachable', `GET /cluster/pyql/ready: ${e.message}`, '/cluster/pyql/ready');
  }
  const json = await resp.json().catch(() => null);
  if (!json || (resp.status !== 200 && resp.status !== 503)) {
    throw new ApiError(resp.status, json?.error ?? `HTTP ${resp.status}`, json?.detail ?? 'no readiness document', '/cluster/pyql/ready');
  }
  return json;
}

export async function login(user, password) {
  const { json } = await call('GET', '/auth/token/user', { auth: basic(user, password) });
  if (typeof json.token !== 'string') throw new ApiError(200, 'no token', 'GET /auth/token/user answered without a token');
  token = json.token;
}

export function logout() {
  token = null;
}

export function loggedIn() {
  return token !== null;
}

const seg = encodeURIComponent;
const ownerQuery = (owner) => (owner ? `?owner=${seg(owner)}` : '');

export const get = async (route) => (await call('GET', route)).json;
export const clusters = () => get('/cluster');
export const stateNodes = () => get('/pyql/state/nodes');
export const cpRoles = () => get('/pyql/quorum/cp');
export const tables = (c) => get(`/cluster/${seg(c.name)}/tables${ownerQuery(c.owner)}`);
export const replicas = (c, t) => get(`/cluster/${seg(c.name)}/table/${seg(t)}/endpoints${ownerQuery(c.owner)}`);
export const jobs = (c) => get(`/cluster/${seg(c.name)}/jobs${ownerQuery(c.owner)}`);
export const select = async (c, t, body) =>
  (await call('POST', `/cluster/${seg(c.name)}/table/${seg(t)}/select${ownerQuery(c.owner)}`, { body })).json;
