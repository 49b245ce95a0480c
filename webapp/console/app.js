// The pyql web console: one page, plain ES modules, no framework. Everything it shows comes from the JSON API
// with the logged-in user's token; views refresh every REFRESH_MS, updating the DOM in place.
import * as api from './api.js';
import { $, cells, display, setAttr, setText, show, syncRows } from './dom.js';

const REFRESH_MS = 2000;

const state = {
  user: null,
  clusters: [],
  selected: null,          // {name, owner}
  tables: [],              // table names of the selected cluster
  replicaDocs: new Map(),  // table -> /endpoints document
  nodeRows: null,          // /pyql/state/nodes rows by id (operators only; null when not allowed)
  cpRoles: null,           // /pyql/quorum/cp entries by node id (operators only)
  operator: null,          // unknown until /pyql/state/nodes answered
  timer: null,
  running: false,
  query: null,             // {cluster, table, body, page, size}
};

// ------------------------------------------------------------------ errors

function showError(e) {
  const el = $('error');
  if (!e) {
    show(el, false);
    return;
  }
  setText(el, e instanceof api.ApiError ? `${e.error}${e.detail ? ' — ' + e.detail : ''} (HTTP ${e.status}${e.route ? ', ' + e.route : ''})`
    : String(e.message ?? e));
  show(el, true);
}

function sessionExpired(e) {
  return e instanceof api.ApiError && e.status === 401;
}

// ------------------------------------------------------------------ login

$('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const user = $('username').value.trim();
  const password = $('password').value;
  const button = $('login-button');
  button.disabled = true;
  show($('login-error'), false);
  try {
    await api.login(user, password);
    $('password').value = '';
    state.user = user;
    enterApp();
  } catch (e) {
    setText($('login-error'), e instanceof api.ApiError ? `${e.error}${e.detail ? ' — ' + e.detail : ''}` : String(e));
    show($('login-error'), true);
  } finally {
    button.disabled = false;
  }
});

$('logout').addEventListener('click', () => leaveApp(null));

function enterApp() {
  setText($('whoami'), state.user);
  show($('login-view'), false);
  show($('session'), true);
  show($('app'), true);
  refresh();
  state.timer = setInterval(refresh, REFRESH_MS);
}

function leaveApp(message) {
  api.logout();
  clearInterval(state.timer);
  Object.assign(state, { user: null, clusters: [], selected: null, tables: [], replicaDocs: new Map(), nodeRows: null,
    cpRoles: null, operator: null, timer: null, query: null });
  for (const id of ['nodes-body', 'tables-body', 'replicas-body', 'jobs-body', 'cluster-list', 'query-table']) {
    $(id).replaceChildren();
  }
  show($('query-output'), false);
  show($('app'), false);
  show($('session'), false);
  show($('login-view'), true);
  showError(null);
  if (message) {
    setText($('login-error'), message);
    show($('login-error'), true);
  }
}

// ------------------------------------------------------------------ refresh

async function refresh() {
  if (state.running || !api.loggedIn()) return;
  state.running = true;
  try {
    const errors = [];
    const guard = (p) => p.catch((e) => { errors.push(e); return null; });
    const [ready, clusters] = await Promise.all([guard(api.readiness()), guard(api.clusters()), guard(refreshNodeRows())]);
    if (ready) renderNodes(ready);
    if (clusters) renderClusters(clusters.clusters ?? []);
    if (state.selected) await guard(refreshCluster(state.selected));
    const expired = errors.find(sessionExpired);
    if (expired) {
      leaveApp('Your session ended (' + expired.error + '): log in again.');
      return;
    }
    showError(errors[0] ?? null);
    setText($('refresh-state'), 'updated ' + new Date().toLocaleTimeString());
  } finally {
    state.running = false;
  }
}

/**
 * Node addresses and roles from the replicated state, and each node's CP role (CP member, METADATA leader or
 * follower) from /pyql/quorum/cp: admins only; asked once more after each login.
 */
async function refreshNodeRows() {
  if (state.operator === false) return;
  try {
    const [doc, roles] = await Promise.all([api.stateNodes(), api.cpRoles()]);
    state.operator = true;
    state.nodeRows = new Map((doc.data ?? []).filter((n) => !n.deleted).map((n) => [n.id, n]));
    state.cpRoles = new Map((roles.nodes ?? []).filter((n) => n.node).map((n) => [n.node, n]));
  } catch (e) {
    if (e instanceof api.ApiError && (e.status === 403 || e.status === 404)) {
      state.operator = false;
      state.nodeRows = null;
      state.cpRoles = null;
      return;
    }
    throw e;
  }
}

/** "CP member · METADATA leader" from a node's entry of /pyql/quorum/cp. */
function cpRoleText(r) {
  const member = r.cp_member === true ? 'CP member' : r.cp_member === false ? 'not a CP member' : 'CP role not known';
  return r.metadata ? `${member} · METADATA ${r.metadata}` : member;
}

// ------------------------------------------------------------------ nodes

function renderNodes(doc) {
  setText($('node-id'), doc.node ?? '?');
  const live = doc.nodes?.nodes ?? [];
  const missing = doc.missing?.nodes ?? [];
  const q = $('quorum');
  setText(q, doc.in_quorum ? `in quorum · ${live.length} live` : `no quorum · ${live.length} live`);
  setAttr(q, 'data-in-quorum', !!doc.in_quorum);
  setAttr(q, 'data-live', live.length);
  setAttr(q, 'class', 'badge ' + (doc.in_quorum ? 'ok' : 'bad'));
  const cp = doc.cp ?? {};
  const allCp = cp.members_present >= live.length && cp.members >= live.length && live.length > 0;
  setText($('cp-summary'), `health ${doc.health}; CP subsystem ${cp.mode ?? '?'}: ${cp.members_present ?? '?'} of `
    + `${cp.members ?? '?'} CP members present` + (doc.reason ? ` · ${doc.reason}` : ''));
  const rows = live.map((id) => ({ id, live: true })).concat(missing.map((m) => ({ id: m.uuid, live: false, since: m.time })));
  syncRows($('nodes-body'), rows, (n) => n.id, (tr) => cells(tr, 5), (tr, n) => {
    const [id, st, addr, role, cpCell] = tr.cells;
    const info = state.nodeRows?.get(n.id);
    setText(id, n.id + (n.id === doc.node ? ' (this node)' : ''));
    setText(st, n.live ? 'live' : `missing since ${new Date(n.since * 1000).toLocaleTimeString()}`);
    setAttr(tr, 'data-state', n.live ? 'live' : 'missing');
    setText(addr, info?.httpAddress ?? '');
    setText(role, info?.role ?? (n.id === doc.node ? doc.role ?? '' : ''));
    // operators see each node's CP role; otherwise the document tells CP membership for this node, and for the others
    // it follows when every live node is a CP member
    const roleOf = state.cpRoles?.get(n.id);
    setAttr(tr, 'data-cp-member', roleOf ? String(roleOf.cp_member) : '');
    setAttr(tr, 'data-metadata', roleOf?.metadata ?? '');
    let cpRole;
    if (!n.live) cpRole = '—';
    else if (roleOf) cpRole = cpRoleText(roleOf);
    else if (n.id === doc.node) cpRole = cp.local_member ? 'CP member' : cp.mode === 'unsafe' ? 'unsafe mode (single node)' : 'not a CP member';
    else cpRole = allCp ? 'CP member' : 'not known';
    setText(cpCell, cpRole);
  });
}

// ------------------------------------------------------------------ clusters

const clusterKey = (c) => `${c.owner}/${c.name}`;

function renderClusters(list) {
  state.clusters = list;
  show($('clusters-empty'), list.length === 0);
  if (state.selected && !list.some((c) => clusterKey(c) === clusterKey(state.selected))) selectCluster(null);
  if (!state.selected && list.length > 0) selectCluster(list[0]);
  syncRows($('cluster-list'), list, clusterKey, (li, c) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.addEventListener('click', () => {
      selectCluster(c);
      refresh();
    });
    li.append(b);
  }, (li, c) => {
    setText(li.firstChild, `${c.name} (${c.owner}, ${c.access})`);
    setAttr(li, 'data-cluster', c.name);
    setAttr(li.firstChild, 'aria-pressed', state.selected != null && clusterKey(c) === clusterKey(state.selected));
  }, 'li');
}

function selectCluster(c) {
  state.selected = c ? { name: c.name, owner: c.owner, access: c.access } : null;
  state.tables = [];
  state.replicaDocs = new Map();
  for (const id of ['tables-body', 'replicas-body', 'jobs-body']) $(id).replaceChildren();
  for (const li of $('cluster-list').children) {
    setAttr(li.firstChild, 'aria-pressed', c != null && li.dataset.key === clusterKey(c));
  }
  setText($('tables-cluster'), c ? `of ${c.name}` : '');
}

async function refreshCluster(c) {
  const errors = [];
  const current = () => state.selected != null && clusterKey(state.selected) === clusterKey(c);
  const tablesDoc = await api.tables(c);
  if (!current()) return;
  const names = Object.keys(tablesDoc).sort();
  state.tables = names;
  const [jobs] = await Promise.all([
    api.jobs(c).catch((e) => e),
    ...names.map((t) => api.replicas(c, t).then((d) => state.replicaDocs.set(t, d), (e) => {
      state.replicaDocs.set(t, e);
    })),
  ]);
  if (!current()) return;
  renderTables(tablesDoc, names);
  errors.push(...renderReplicas(names));
  errors.push(...renderJobs(jobs));
  renderQueryTables(names);
  if (errors.length) throw errors[0];
}

function renderTables(doc, names) {
  show($('tables-empty'), names.length === 0);
  syncRows($('tables-body'), names, (t) => t, (tr) => cells(tr, 5), (tr, t) => {
    const [name, cols, pk, acked, leader] = tr.cells;
    const config = doc[t] ?? {};
    const rep = state.replicaDocs.get(t);
    setAttr(tr, 'data-table', t);
    setText(name, t);
    setText(cols, (config.columns ?? []).map((col) => `${col.name} ${col.type}`).join(', '));
    setText(pk, config.primary_key ?? '');
    setText(acked, rep && !(rep instanceof Error) ? rep.acked_seq : '');
    setText(leader, rep && !(rep instanceof Error) && rep.leader ? `${rep.leader.url} (term ${rep.leader.term})` : '');
  });
}

/** One row per (table, replica); a route that refuses the caller becomes a note, other failures are errors. */
function renderReplicas(names) {
  const rows = [];
  const errors = [];
  let refused = null;
  for (const t of names) {
    const doc = state.replicaDocs.get(t);
    if (doc instanceof api.ApiError && doc.status === 403) {
      refused = doc;
    } else if (doc instanceof Error) {
      errors.push(doc);
    } else if (doc) {
      for (const e of doc.endpoints ?? []) rows.push({ table: t, ...e });
    }
  }
  const note = $('replicas-note');
  setText(note, refused ? `Replica state is shown to the cluster's owner and to admins (${refused.error}).` : '');
  show(note, !!refused);
  syncRows($('replicas-body'), rows, (r) => `${r.table}/${r.endpoint}`, (tr) => cells(tr, 8), (tr, r) => {
    const [t, ep, path, db, sync, st, applied, lag] = tr.cells;
    setAttr(tr, 'data-table', r.table);
    setAttr(tr, 'data-endpoint', r.endpoint);
    setAttr(tr, 'data-in-sync', !!r.in_sync);
    setAttr(tr, 'class', r.in_sync ? 'ok' : 'bad');
    setText(t, r.table);
    setText(ep, r.name ? `${r.name} (${r.endpoint})` : r.endpoint);
    setText(path, r.path);
    setText(db, r.database);
    setText(sync, r.in_sync ? 'in sync' : 'OUT OF SYNC');
    setText(st, r.reachable === false ? `${r.state}, unreachable` : r.state);
    setText(applied, r.applied_seq ?? '—');
    setText(lag, r.lag ?? '—');
  });
  return errors;
}

function renderJobs(result) {
  const note = $('jobs-note');
  if (result instanceof api.ApiError && (result.status === 404 || result.status === 403)) {
    setText(note, "Healing jobs are shown to the cluster's owner and to admins.");
    show(note, true);
    $('jobs-body').replaceChildren();
    return [];
  }
  if (result instanceof Error) return [result];
  setText(note, 'No healing job: every replica has stayed in sync.');
  show(note, (result.jobs ?? []).length === 0);
  const jobs = [...(result.jobs ?? [])].sort((a, b) => String(b.started ?? '').localeCompare(String(a.started ?? '')));
  syncRows($('jobs-body'), jobs, (j) => j.id, (tr) => {
    const [, , , , progress] = cells(tr, 7);
    const bar = document.createElement('progress');
    bar.max = 100;
    const label = document.createElement('span');
    label.className = 'percent';
    progress.append(bar, label);
  }, (tr, j) => {
    const [t, replica, method, st, progress, started, result] = tr.cells;
    const p = j.progress ?? {};
    const percent = Number.isFinite(p.percent) ? p.percent : 0;
    setAttr(tr, 'data-job', j.id);
    setAttr(tr, 'data-state', j.state);
    setAttr(tr, 'data-percent', percent);
    setText(t, j.table);
    setText(replica, j.replica);
    setText(method, j.method);
    setText(st, j.state + (j.phase ? ` (${j.phase})` : '') + (j.attempts > 1 ? `, attempt ${j.attempts}` : ''));
    const bar = progress.querySelector('progress');
    if (bar.value !== percent) bar.value = percent;
    setText(progress.querySelector('.percent'), `${percent.toFixed(1)} % (${p.done ?? 0}/${p.total ?? 0})`
      + (j.rate ? ` · ${Math.round(j.rate)}/s` : ''));
    setText(started, j.started ?? '');
    setText(result, j.last_error ? `${j.result ?? ''} last error: ${j.last_error}` : j.result ?? '');
  });
  return [];
}

// ------------------------------------------------------------------ query

function renderQueryTables(names) {
  const sel = $('query-table');
  const current = sel.value;
  const options = [...sel.options].map((o) => o.value);
  if (options.join('\n') !== names.join('\n')) {
    sel.replaceChildren(...names.map((n) => new Option(n, n)));
    if (names.includes(current)) sel.value = current;
  }
}

$('query-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  show($('query-error'), false);
  let body;
  try {
    body = JSON.parse($('query-body').value);
  } catch (e) {
    queryError(`the body is not JSON: ${e.message}`);
    return;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    queryError('the body must be a JSON object, e.g. {"select": ["*"], "where": {"done": false}}');
    return;
  }
  if (!state.selected || !$('query-table').value) {
    queryError('pick a cluster and a table first');
    return;
  }
  state.query = { cluster: state.selected, table: $('query-table').value, body, page: 0, size: Number($('query-size').value) };
  runQuery();
});

$('query-prev').addEventListener('click', () => {
  if (state.query && state.query.page > 0) {
    state.query.page--;
    runQuery();
  }
});

$('query-next').addEventListener('click', () => {
  if (state.query && state.query.hasNext) {
    state.query.page++;
    runQuery();
  }
});

function queryError(message) {
  setText($('query-error'), message);
  show($('query-error'), true);
}

async function runQuery() {
  const q = state.query;
  const body = { ...q.body, limit: q.size + 1, offset: q.page * q.size };   // one row more tells a next page exists
  $('query-run').disabled = true;
  try {
    const doc = await api.select(q.cluster, q.table, body);
    if (state.query !== q) return;
    const rows = doc.data ?? [];
    q.hasNext = rows.length > q.size;
    renderRows(rows.slice(0, q.size), q);
    show($('query-error'), false);
  } catch (e) {
    if (sessionExpired(e)) {
      leaveApp('Your session ended: log in again.');
      return;
    }
    queryError(e instanceof api.ApiError ? `${e.error}${e.detail ? ' — ' + e.detail : ''} (HTTP ${e.status})` : String(e));
  } finally {
    $('query-run').disabled = false;
  }
}

function renderRows(rows, q) {
  const columns = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const table = $('query-result');
  const head = document.createElement('tr');
  for (const c of columns) head.append(Object.assign(document.createElement('th'), { textContent: c }));
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr');
    for (const c of columns) {
      const td = tr.insertCell();
      td.textContent = display(r[c]);
      if (r[c] === null) td.className = 'null';
    }
    return tr;
  }));
  const first = q.page * q.size;
  setText($('query-page'), rows.length ? `page ${q.page + 1}: rows ${first + 1}–${first + rows.length} of ${q.table}`
    : `page ${q.page + 1}: no rows`);
  setAttr($('query-page'), 'data-page', q.page + 1);
  $('query-prev').disabled = q.page === 0;
  $('query-next').disabled = !q.hasNext;
  show($('query-output'), true);
}
