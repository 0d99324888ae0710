// The Studio's pages. Each page's data arrives as JSON inside the HTML (the same document the API
// serves); the instance page then follows the instance through server-sent events.
import { h, append, replace, time, duration, json, statusBadge } from './dom.js';
import { drawGraph, colourGraph } from './graph.js';

const STATUSES = ['running', 'suspended', 'faulted', 'interrupted', 'finished', 'cancelled'];
const TOKEN_KEY = 'messier-studio-token';
const data = JSON.parse(document.getElementById('studio-data').textContent);
const main = document.getElementById('app');

function legend() {
  const states = [['done', 'done'], ['running', 'running'], ['faulted', 'faulted'], ['waiting', 'waiting'], ['none', 'not reached']];
  return h('ul', { class: 'legend' }, states.map(([state, label]) => h('li', { class: `state-${state}` }, h('span', { class: 'swatch' }), label)));
}

// ---- instances list -------------------------------------------------------------------------

function instancesUrl(change) {
  const filter = { statuses: data.filter.statuses, definition: data.filter.definition, id: data.filter.id, skip: data.skip, ...change };
  const query = new URLSearchParams();
  for (const status of filter.statuses ?? []) query.append('status', status);
  if (filter.definition) query.set('definition', filter.definition);
  if (filter.id) query.set('id', filter.id);
  if (filter.skip) query.set('skip', String(filter.skip));
  const text = query.toString();
  return text ? `/instances?${text}` : '/instances';
}

// The list follows the journal by asking the API for the same page again: runs happen in other
// processes, and one small GET every few seconds is all a list needs. The search form is left
// alone, so typing in it is never interrupted.
const LIST_REFRESH_MS = 2000;

function statusChips() {
  const active = data.filter.statuses ?? [];
  return h('nav', { class: 'status-filter', 'aria-label': 'status filter' },
    h('a', { href: instancesUrl({ statuses: [], skip: 0 }), class: active.length === 0 ? 'chip active' : 'chip', dataset: { status: 'all' } },
      'all ', h('span', { class: 'count' }, data.counts.all)),
    STATUSES.map((status) => {
      const on = active.includes(status);
      const statuses = on ? active.filter((s) => s !== status) : [...active, status];
      return h('a', { href: instancesUrl({ statuses, skip: 0 }), class: `chip status-${status}${on ? ' active' : ''}`, dataset: { status } },
        `${status} `, h('span', { class: 'count' }, data.counts[status] ?? 0));
    }));
}

function instanceTable() {
  const rows = data.items.map((item) => h('tr', { dataset: { id: item.id } },
    h('td', {}, h('a', { href: `/instances/${encodeURIComponent(item.id)}`, class: 'mono' }, item.id)),
    h('td', {}, item.definition),
    h('td', {}, statusBadge(item.status)),
    h('td', {}, time(item.createdAt)),
    h('td', {}, time(item.updatedAt))));
  const table = data.items.length === 0
    ? h('p', { class: 'empty' }, 'No instances match.')
    : h('table', { class: 'instances' },
      h('thead', {}, h('tr', {}, ['id', 'definition', 'status', 'created', 'updated'].map((c) => h('th', {}, c)))),
      h('tbody', {}, rows));
  const pager = h('nav', { class: 'pager' },
    data.skip > 0 ? h('a', { href: instancesUrl({ skip: Math.max(0, data.skip - data.take) }), rel: 'prev' }, '← newer') : null,
    h('span', {}, data.items.length ? `${data.skip + 1}–${data.skip + data.items.length}` : ''),
    data.hasMore ? h('a', { href: instancesUrl({ skip: data.skip + data.take }), rel: 'next' }, 'older →') : null);
  return [table, pager];
}

function renderInstances() {
  const active = data.filter.statuses ?? [];
  const chipsHost = h('div', { id: 'status-chips' }, statusChips());
  const search = h('form', { class: 'search', method: 'get', action: '/instances', role: 'search' },
    active.map((status) => h('input', { type: 'hidden', name: 'status', value: status })),
    h('label', {}, 'id ', h('input', { name: 'id', value: data.filter.id ?? '', placeholder: 'id or prefix', autocomplete: 'off' })),
    h('label', {}, 'definition ', h('input', { name: 'definition', value: data.filter.definition ?? '', placeholder: 'definition name', autocomplete: 'off' })),
    h('button', { type: 'submit' }, 'Search'));
  const listHost = h('div', { id: 'instance-list' }, instanceTable());
  replace(main, h('h1', {}, 'Instances'), chipsHost, search, listHost);
  followList(chipsHost, listHost);
}

function followList(chipsHost, listHost) {
  let shown = JSON.stringify({ items: data.items, counts: data.counts, hasMore: data.hasMore });
  const refresh = async () => {
    if (document.visibilityState === 'hidden') return;
    try {
      const response = await fetch(`/api${instancesUrl({})}`, { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const fresh = await response.json();
      const text = JSON.stringify({ items: fresh.items, counts: fresh.counts, hasMore: fresh.hasMore });
      document.body.dataset.live = 'connected';
      if (text === shown) return;
      shown = text;
      Object.assign(data, { items: fresh.items, counts: fresh.counts, hasMore: fresh.hasMore });
      replace(chipsHost, statusChips());
      replace(listHost, instanceTable());
    } catch {
      // The Studio restarting or the network gone: say so, and try again at the next tick.
      document.body.dataset.live = 'reconnecting';
    }
  };
  // The next poll is scheduled only when this one has finished, so a slow answer never has a
  // second request racing it (and an older answer can never overwrite a newer one).
  const tick = async () => {
    await refresh();
    setTimeout(tick, LIST_REFRESH_MS);
  };
  setTimeout(tick, LIST_REFRESH_MS);
}

// ---- one instance ---------------------------------------------------------------------------

let current = data;

function renderInstance() {
  const graphHost = h('div', { id: 'graph', class: 'graph-host' }, 'Laying out the graph…');
  replace(main,
    h('div', { class: 'title' },
      h('h1', {}, current.definition, ' ', h('span', { class: 'mono' }, current.id)),
      h('span', { id: 'instance-status' })),
    h('p', { id: 'instance-meta', class: 'meta' }),
    h('section', { id: 'actions', class: 'actions', 'aria-label': 'actions' }),
    h('section', { id: 'waiting' }),
    h('section', { id: 'incidents' }),
    h('section', { class: 'panel' }, h('h2', {}, 'Graph'), legend(), graphHost),
    h('div', { id: 'panels' }));
  updateInstance(current);

  const graph = current.pinnedDefinition?.graph;
  if (graph) {
    drawGraph(graphHost, graph, current.activityStates)
      .then(() => { graphHost.dataset.ready = 'true'; colourGraph(graphHost, current.activityStates); })
      .catch((error) => replace(graphHost, `The graph could not be laid out: ${error}`));
  } else {
    replace(graphHost, 'The pinned definition no longer loads; its JSON is below.');
  }

  follow();
}

function updateInstance(detail) {
  current = { ...detail, pinnedDefinition: detail.pinnedDefinition ?? current.pinnedDefinition };
  replace(document.getElementById('instance-status'), statusBadge(current.status, { id: 'status-badge' }));
  replace(document.getElementById('instance-meta'),
    `created ${time(current.createdAt)} · updated ${time(current.updatedAt)}`,
    current.owner ? ` · run by ${current.owner}` : '',
    current.parentInstanceId ? [' · called by ', h('a', { href: `/instances/${current.parentInstanceId}` }, current.parentInstanceId)] : '');
  renderActions();
  renderWaiting();
  renderIncidents();
  renderPanels();
  const graphHost = document.getElementById('graph');
  if (graphHost?.dataset.ready) colourGraph(graphHost, current.activityStates);
}

function renderActions() {
  const section = document.getElementById('actions');
  if (current.studio?.readOnly || data.studio?.readOnly) {
    replace(section);
    return;
  }
  const labels = { approve: 'Approve', resume: 'Resume', retry: 'Retry', cancel: 'Cancel' };
  const buttons = (current.actions ?? []).map((action) =>
    h('button', { type: 'button', class: `action action-${action}`, dataset: { action }, onclick: () => act(action) }, labels[action] ?? action));
  const tokenField = data.studio?.tokenRequired
    ? h('label', { class: 'token' }, 'token ', h('input', {
      id: 'token', type: 'password', autocomplete: 'off', value: sessionStorage.getItem(TOKEN_KEY) ?? '',
      oninput: (event) => sessionStorage.setItem(TOKEN_KEY, event.target.value),
    }))
    : null;
  const message = document.getElementById('action-message') ?? h('p', { id: 'action-message', role: 'status' });
  replace(section, buttons, buttons.length ? tokenField : null, message);
}

async function act(action) {
  const message = document.getElementById('action-message');
  message.classList.remove('error'); // an earlier refusal's colour is not this action's
  for (const button of document.querySelectorAll('button.action')) button.disabled = true;
  replace(message, `${action}…`);
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    const response = await fetch(`/api/instances/${encodeURIComponent(current.id)}/${action}`, { method: 'POST', headers });
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      replace(message, response.status === 202 && action !== 'cancel' ? `${action}: started` : `${action}: ${body.message ?? body.status ?? 'done'}`);
    } else {
      message.classList.add('error');
      replace(message, `${action} refused (${response.status}): ${body.detail ?? response.statusText}`, body.owner ? ` (held by ${body.owner})` : '');
    }
  } catch (error) {
    replace(message, `${action} failed: ${error}`);
  } finally {
    for (const button of document.querySelectorAll('button.action')) button.disabled = false;
  }
}

function renderWaiting() {
  const section = document.getElementById('waiting');
  const bookmarks = current.bookmarks ?? [];
  replace(section, bookmarks.length === 0 ? null : [
    h('h2', {}, 'Waiting for'),
    h('ul', { class: 'bookmarks' }, bookmarks.map((b) => h('li', { dataset: { bookmark: b.id } },
      h('strong', {}, b.activityId), ` (${b.name}, since ${time(b.createdAt)}): `, b.message ?? ''))),
  ]);
  section.className = bookmarks.length ? 'panel waiting' : '';
}

function renderIncidents() {
  const section = document.getElementById('incidents');
  const open = (current.incidents ?? []).filter((i) => !i.resolvedAt);
  const resolved = (current.incidents ?? []).filter((i) => i.resolvedAt);
  replace(section, (current.incidents ?? []).length === 0 ? null : [
    h('h2', {}, 'Incident'),
    open.map((i) => h('div', { class: 'incident' }, h('strong', {}, i.activityId ?? 'instance', i.activityType ? ` (${i.activityType})` : ''), ` at ${time(i.at)}: `, h('pre', {}, i.message))),
    resolved.length ? h('details', {}, h('summary', {}, `${resolved.length} resolved`),
      resolved.map((i) => h('div', { class: 'incident resolved' }, `${i.activityId ?? 'instance'} at ${time(i.at)}, resolved ${time(i.resolvedAt)}: `, h('pre', {}, i.message)))) : null,
  ]);
  section.className = open.length ? 'panel incident-panel' : (resolved.length ? 'panel' : '');
}

function summarize(entry) {
  const d = entry.data;
  if (!d) return '';
  if (d.error) return String(d.error);
  if (d.message) return String(d.message);
  if (d.outcome && d.outcome !== 'Done') return `outcome ${d.outcome}`;
  if (d.detail) return String(d.detail);
  if (d.by) return `by ${d.by}`;
  return '';
}

function renderPanels() {
  const journal = h('table', { class: 'journal' },
    h('thead', {}, h('tr', {}, ['#', 'at', 'activity', 'event', 'took', ''].map((c) => h('th', {}, c)))),
    h('tbody', {}, (current.journal ?? []).map((e) => h('tr', { class: `event-${e.event}`, dataset: { sequence: e.sequence, activity: e.activityId ?? '' } },
      h('td', {}, e.sequence),
      h('td', { class: 'nowrap' }, time(e.at)),
      h('td', {}, e.activityId ? [h('span', { class: 'mono' }, e.activityId), e.activityType ? h('span', { class: 'type' }, ` ${e.activityType}`) : ''] : ''),
      h('td', {}, h('span', { class: `event event-${e.event}` }, e.event)),
      h('td', { class: 'nowrap duration' }, duration(e.durationMs)),
      h('td', { class: 'summary' }, summarize(e), e.data ? h('details', {}, h('summary', {}, 'data'), h('pre', {}, json(e.data))) : null)))));

  const commands = (current.commands ?? []).length === 0
    ? h('p', { class: 'empty' }, 'No commands ran.')
    : h('ol', { class: 'commands' }, current.commands.map((c) => h('li', { class: c.exitCode === 0 ? 'command ok' : 'command failed' },
      h('div', {}, h('code', { class: 'argv' }, c.argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(' '))),
      h('div', { class: 'meta' }, `${c.activityId ?? ''} · exit code `, h('span', { class: 'exit-code' }, c.exitCode ?? 'none'), ` · ${duration(c.durationMs)} · ${time(c.startedAt)}`),
      c.outputTail ? h('pre', { class: 'output' }, c.outputTail) : null)));

  const values = (title, id, value) => h('section', { class: 'panel values', id },
    h('h2', {}, title), h('pre', {}, value === null || value === undefined ? '(none)' : json(value)));

  replace(document.getElementById('panels'),
    h('div', { class: 'columns' },
      values('Inputs', 'inputs', current.inputs),
      values('Variables', 'variables', current.variables),
      values('Outputs', 'outputs', current.outputs)),
    h('section', { class: 'panel', id: 'journal' }, h('h2', {}, `Journal (${(current.journal ?? []).length})`), journal),
    h('section', { class: 'panel', id: 'commands' }, h('h2', {}, `Commands (${(current.commands ?? []).length})`), commands),
    current.pinnedDefinition ? h('section', { class: 'panel', id: 'definition' },
      h('details', {}, h('summary', {}, `Pinned definition ${current.pinnedDefinition.name} (${current.pinnedDefinition.hash.slice(0, 12)})`),
        h('pre', { class: 'definition-json' }, current.pinnedDefinition.json))) : null);
}

function follow() {
  if (!window.EventSource) return;
  const source = new EventSource(`/api/instances/${encodeURIComponent(current.id)}/events`);
  source.addEventListener('instance', (event) => {
    updateInstance(JSON.parse(event.data));
    document.body.dataset.live = 'connected';
  });
  source.addEventListener('error', () => { document.body.dataset.live = 'reconnecting'; });
}

// ---- definitions ----------------------------------------------------------------------------

async function renderDefinitions() {
  const sections = data.definitions.map((d) => {
    const graphHost = h('div', { class: 'graph-host' });
    const section = h('section', { class: 'panel definition', id: `definition-${d.name}`, dataset: { name: d.name } },
      h('h2', {}, d.name, d.shadowed ? h('span', { class: 'badge' }, 'shadowed') : null, d.valid ? null : h('span', { class: 'badge invalid' }, 'invalid')),
      d.description ? h('p', { class: 'description' }, d.description) : null,
      h('p', { class: 'meta mono' }, d.path),
      d.errors.length ? h('ul', { class: 'errors' }, d.errors.map((e) => h('li', {}, e))) : null,
      d.graph ? graphHost : null,
      h('details', {}, h('summary', {}, 'JSON'), h('pre', { class: 'definition-json' }, d.json ?? '')));
    return { section, graphHost, definition: d };
  });
  replace(main, h('h1', {}, 'Definitions'),
    h('nav', { class: 'toc' }, data.definitions.map((d) => h('a', { href: `#definition-${d.name}` }, d.name))),
    sections.length ? sections.map((s) => s.section) : h('p', { class: 'empty' }, 'No definitions in the definition folders.'));
  for (const { graphHost, definition } of sections) {
    if (!definition.graph) continue;
    try {
      await drawGraph(graphHost, definition.graph, null);
      graphHost.dataset.ready = 'true';
    } catch (error) {
      replace(graphHost, `The graph could not be laid out: ${error}`);
    }
  }
  document.body.dataset.graphs = 'ready';
}

// ---- login (a Studio with a token) ----------------------------------------------------------

function renderLogin() {
  const field = h('input', { id: 'login-token', name: 'token', type: 'password', autocomplete: 'current-password', required: true, autofocus: true });
  // The server sets the read cookie; the tab keeps the token itself for the action buttons, which
  // must send it as a header (the cookie alone never allows an action).
  const form = h('form', { class: 'login', method: 'post', action: '/login', onsubmit: () => sessionStorage.setItem(TOKEN_KEY, field.value) },
    h('input', { type: 'hidden', name: 'next', value: data.next ?? '/instances' }),
    h('label', {}, 'token ', field),
    h('button', { type: 'submit' }, 'Log in'));
  replace(main,
    h('h1', {}, 'Log in'),
    h('p', {}, 'This Studio is protected by a token (the one it was started with: --token-file or MESSIER_STUDIO_TOKEN).'),
    data.error ? h('p', { class: 'error', id: 'login-error', role: 'alert' }, data.error) : null,
    form);
}

function renderError() {
  append(main, h('p', { class: 'error' }, data.error));
}

// Logging out drops the server's cookie; the tab's copy of the token goes with it.
document.querySelector('form.logout')?.addEventListener('submit', () => sessionStorage.removeItem(TOKEN_KEY));

const pages = { instances: renderInstances, instance: renderInstance, definitions: renderDefinitions, login: renderLogin, error: renderError };
(pages[document.body.dataset.page] ?? renderError)();
