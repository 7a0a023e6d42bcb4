// The state page at `/__mock/ui`: one HTML file with its style and script inline (nothing from the internet, nothing to
// ship beside the code), which reads the JSON views under `/__mock/view` (src/emulator/state-view.ts) and moves the
// clock or resets through the control plane's own routes. It asks for the state's revision once a second and reads the
// state again only when that changed; the times shown follow the emulator's clock. Everything it shows is written as
// text, never as markup; a link is clickable only when it is http(s). A Content-Security-Policy allows exactly this
// script and style (by hash) and no frame around it. The page itself holds no state, so it loads without the control
// token; its script sends the token (from the URL's fragment, `#token=…`, or asked for) with every request.
import { createHash } from 'node:crypto';
import type { EmulatorResponse } from '../emulator/index.js';

const style = `
[hidden] { display: none !important; }
:root { color-scheme: light dark; font-family: system-ui, sans-serif; font-size: 15px; }
body { margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 90rem; line-height: 1.4; }
h1 { font-size: 1.5rem; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; border-bottom: 1px solid #8886; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.4rem; }
table { border-collapse: collapse; width: 100%; margin: 0.25rem 0 0.75rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.25rem 0.5rem; border-bottom: 1px solid #8884; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: ui-monospace, monospace; font-size: 0.85em; overflow-wrap: anywhere; }
form, .controls { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0; }
button { font: inherit; padding: 0.2rem 0.7rem; cursor: pointer; }
button.danger { color: #b00020; }
input { font: inherit; padding: 0.15rem 0.3rem; }
.status { min-height: 1.4em; color: #666; }
.status.error { color: #b00020; font-weight: 600; }
.expired { color: #b00020; font-weight: 600; }
.valid { color: #137333; }
.muted { color: #777; }
.nowrap { white-space: nowrap; }
#clock-now { font-size: 1.3rem; font-variant-numeric: tabular-nums; font-weight: 600; }
`;

const script = `
'use strict';
const tokenStore = 'passwordless-mock-control-token';
const fragment = new URLSearchParams(location.hash.slice(1)).get('token');
if (fragment) {
  sessionStorage.setItem(tokenStore, fragment);
  history.replaceState(null, '', location.pathname + location.search);
}
let token = sessionStorage.getItem(tokenStore);
const view = { revision: -1, appId: null, usersFrom: '', usersBack: [], appsFrom: 0,
  nowMs: Date.now(), nowAt: performance.now(), stale: true };
const byId = (id) => document.getElementById(id);

function element(tag, text, attributes) {
  const made = document.createElement(tag);
  if (text !== undefined && text !== null) made.textContent = String(text);
  for (const [name, value] of Object.entries(attributes || {})) made.setAttribute(name, value);
  return made;
}

class ControlPlaneError extends Error {
  constructor(message, status) { super(message); this.status = status; }
}

async function call(method, path, body) {
  const headers = {};
  if (token) headers.authorization = 'Bearer ' + token;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) byId('token-form').hidden = false;
  if (!response.ok) {
    let detail = response.status + ' ' + response.statusText;
    try { const problem = await response.json(); detail = problem.detail || problem.title || detail; } catch {}
    throw new ControlPlaneError(detail, response.status);
  }
  return response.status === 204 ? undefined : response.json();
}

function say(text, isError) {
  const status = byId('status');
  status.textContent = text;
  status.classList.toggle('error', Boolean(isError));
}

const emulatorNow = () => view.nowMs + (performance.now() - view.nowAt);
const shownTime = (iso) => (iso ? iso.slice(0, 19).replace('T', ' ') + ' UTC' : '—');
const timeCell = (iso) => element('td', shownTime(iso), { class: 'nowrap' });

function span(ms) {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 120) return seconds + ' s';
  if (seconds < 7200) return Math.round(seconds / 60) + ' min';
  if (seconds < 172800) return Math.round(seconds / 3600) + ' h';
  return Math.round(seconds / 86400) + ' days';
}

function showTimes() {
  byId('clock-now').textContent = shownTime(new Date(emulatorNow()).toISOString());
  const now = emulatorNow();
  for (const cell of document.querySelectorAll('[data-expires]')) {
    const expires = Date.parse(cell.dataset.expires);
    const expired = expires < now;
    cell.textContent = expired ? 'expired ' + span(now - expires) + ' ago' : 'valid for ' + span(expires - now);
    cell.className = expired ? 'expired' : 'valid';
  }
}

function expiryCell(iso) {
  if (!iso) return element('td', 'unknown', { class: 'muted' });
  return element('td', '', { 'data-expires': iso });
}

function fillTable(id, rows, empty) {
  const body = byId(id).tBodies[0];
  const columns = byId(id).tHead.rows[0].cells.length;
  body.replaceChildren();
  for (const cells of rows) {
    const row = document.createElement('tr');
    for (const cell of cells)
      row.append(cell instanceof Node ? cell
        : typeof cell === 'number' ? element('td', cell.toLocaleString('en'), { class: 'number' }) : element('td', cell));
    body.append(row);
  }
  if (rows.length === 0) {
    const row = element('tr');
    row.append(element('td', empty, { colspan: String(columns), class: 'muted' }));
    body.append(row);
  }
}

function button(text, onClick, className) {
  const made = element('button', text, { type: 'button' });
  if (className) made.className = className;
  made.addEventListener('click', onClick);
  return made;
}

const cellWith = (...children) => { const cell = element('td'); cell.append(...children); return cell; };

function counted(shown, total) {
  return total > shown ? 'the newest ' + shown + ' of ' + total : String(total);
}

function renderOverview(overview) {
  byId('clock-issued').textContent = overview.latestTokenIssuedAt
    ? 'The latest token was issued at ' + shownTime(overview.latestTokenIssuedAt)
      + ': the clock does not go back past it.' : '';
  fillTable('limits', overview.limits.map((limit) => [
    element('td', limit.name, { class: 'mono' }), limit.description, limit.used, limit.limit, limit.fullestApp || '',
  ]), '');
  const apps = overview.apps;
  byId('apps-caption').textContent = 'Apps (' + (apps.total === 0 ? 'none' : (apps.from + 1) + '–'
    + (apps.from + apps.shown.length) + ' of ' + apps.total) + ')';
  fillTable('apps', apps.shown.map((app) => [
    element('td', app.appId, { class: 'mono' }), app.users, app.passkeys, app.aliases, app.issuedTokens,
    app.authConfigs, app.events, app.magicLinks,
    cellWith(button('Show ' + app.appId, () => selectApp(app.appId)), ' ',
      button('Reset ' + app.appId, () => resetApp(app.appId), 'danger')),
  ]), 'No apps.');
  byId('apps-previous').disabled = apps.from === 0;
  byId('apps-next').disabled = apps.from + apps.shown.length >= apps.total;
}

function renderApp(state) {
  const section = byId('app');
  section.hidden = !state;
  if (!state) return;
  const { app, users } = state;
  byId('app-heading').textContent = 'App ' + app.appId;
  const keys = app.keys.map((key) => key.kind + ' key …' + key.id + (key.isLocked ? ' (locked)' : '')).join(', ');
  byId('app-summary').textContent = 'Created ' + shownTime(app.createdAt) + '. Keys: ' + (keys || 'none')
    + '. Event logging ' + (app.features.eventLoggingIsEnabled ? 'on' : 'off') + ', magic links '
    + (app.features.isMagicLinksEnabled ? 'on' : 'off') + '.' + (app.deletion ? ' Deletion scheduled.' : '');
  byId('users-caption').textContent = 'Users of ' + app.appId + ' (' + users.total + ' in all'
    + (users.from ? ', from ' + JSON.stringify(users.from) : '') + (users.next ? ', more after these' : '') + ')';
  fillTable('users', users.shown.map((user) => [
    element('td', user.userId, { class: 'mono' }),
    cellWith(...user.aliases.flatMap((alias, index) => [
      index > 0 ? element('br') : '',
      alias.plaintext === null ? element('span', 'hashed ' + alias.hash, { class: 'mono' })
        : element('span', alias.plaintext),
    ]), user.aliasCount > user.aliases.length ? ' … ' + user.aliasCount + ' in all' : ''),
    user.passkeyCount,
  ]), 'No users' + (users.from ? ' from there on.' : '.'));
  byId('users-previous').disabled = view.usersBack.length === 0;
  byId('users-next').disabled = !users.next;
  byId('users').dataset.next = users.next || '';
  const passkeys = users.shown.flatMap((user) => user.passkeys.map((passkey) => [
    element('td', user.userId, { class: 'mono' }), passkey.device || '—', passkey.nickname || '—',
    timeCell(passkey.createdAt), timeCell(passkey.lastUsedAt), passkey.signatureCounter,
    element('td', passkey.credentialId, { class: 'mono' }),
  ]));
  byId('passkeys-caption').textContent = 'Passkeys of the users above (' + passkeys.length + ')';
  fillTable('passkeys', passkeys, 'No passkeys.');
  byId('tokens-caption').textContent = 'Issued tokens ('
    + counted(state.issuedTokens.shown.length, state.issuedTokens.total) + ', kept in memory only)';
  fillTable('tokens', state.issuedTokens.shown.map((issued) => [
    element('td', issued.kind + '_', { class: 'mono' }), element('td', issued.userId, { class: 'mono' }),
    issued.type || '—', timeCell(issued.issuedAt), timeCell(issued.expiresAt), expiryCell(issued.expiresAt),
  ]), 'No tokens issued since the start or the last reset.');
  byId('configs-caption').textContent = 'Authentication configurations (' + state.authConfigs.total + ')';
  fillTable('configs', state.authConfigs.shown.map((config) => [
    element('td', config.purpose, { class: 'mono' }), config.userVerificationRequirement,
    config.timeToLiveSeconds, config.hints.join(', ') || '—',
    config.stored ? config.createdBy + (config.createdOn ? ', ' + shownTime(config.createdOn) : '') : 'preset',
    timeCell(config.lastUsedOn),
  ]), 'No configurations.');
  byId('events-caption').textContent = 'Event log (' + counted(state.events.shown.length, state.events.total)
    + (state.events.loggingOn ? ')' : '; event logging is off for this app)');
  fillTable('events', state.events.shown.map((event) => [
    timeCell(event.performedAt), element('td', event.eventType, { class: 'mono' }), event.severity, event.message,
    event.performedBy, event.apiKeyId ? element('td', '…' + event.apiKeyId, { class: 'nowrap' }) : '—',
  ]), 'No events.');
  byId('outbox-caption').textContent = 'Magic-link outbox ('
    + counted(state.magicLinks.shown.length, state.magicLinks.total) + ')';
  fillTable('outbox', state.magicLinks.shown.map((sent) => {
    const link = /^https?:/i.test(sent.link)
      ? element('a', sent.link, { href: sent.link, target: '_blank', rel: 'noopener noreferrer' })
      : element('span', sent.link);
    link.classList.add('mono');
    return [sent.emailAddress, element('td', sent.userId, { class: 'mono' }), timeCell(sent.sentAt),
      timeCell(sent.expiresAt), expiryCell(sent.expiresAt), cellWith(link)];
  }), 'No magic links sent.');
}

async function load(revision) {
  const overview = await call('GET', '/__mock/view?apps=' + view.appsFrom);
  if (view.appId === null && overview.apps.shown.length > 0) view.appId = overview.apps.shown[0].appId;
  let app = null;
  if (view.appId !== null) {
    try {
      app = await call('GET', '/__mock/view/apps/' + encodeURIComponent(view.appId) + '?usersFrom='
        + encodeURIComponent(view.usersFrom));
    } catch (error) {
      if (error.status !== 404) throw error;
      Object.assign(view, { appId: null, usersFrom: '', usersBack: [] });
    }
  }
  view.revision = revision;
  view.stale = false;
  renderOverview(overview);
  renderApp(app);
}

let timer;
let running = false;
let again = false;

async function tick() {
  clearTimeout(timer);
  if (running) { again = true; return; }
  running = true;
  try {
    const { revision, now, clockMoved } = await call('GET', '/__mock/view/revision');
    view.nowMs = Date.parse(now);
    view.nowAt = performance.now();
    byId('clock-state').textContent = clockMoved ? 'moved away from the real time' : 'on the real time';
    if (revision !== view.revision || view.stale) await load(revision);
    showTimes();
    say('Up to date (revision ' + revision + ').');
  } catch (error) {
    say(error instanceof ControlPlaneError ? error.message
      : 'The emulator does not answer (' + error.message + '); asking again every second.', true);
  } finally {
    running = false;
    if (again) { again = false; tick(); } else timer = setTimeout(tick, document.hidden ? 5000 : 1000);
  }
}

function refresh() { view.stale = true; tick(); }

async function act(what, action) {
  try { await action(); say(what); } catch (error) { say(error.message, true); }
  refresh();
}

function selectApp(appId) {
  Object.assign(view, { appId, usersFrom: '', usersBack: [] });
  refresh();
}

function resetApp(appId) {
  if (!confirm('Empty the app ' + appId + '? Its users, passkeys, aliases, configurations, events and links go.'))
    return;
  act('The app ' + appId + ' was emptied.', () => call('DELETE', '/__mock/state/apps/' + encodeURIComponent(appId)));
}

byId('reset-all').addEventListener('click', () => {
  if (!confirm('Reset the whole emulator to its starting state?')) return;
  act('The emulator was reset.', () => call('DELETE', '/__mock/state'));
});
byId('clock-move').addEventListener('submit', (event) => {
  event.preventDefault();
  const seconds = Number(byId('advance-seconds').value);
  act('The clock moved by ' + seconds + ' s.', () => call('POST', '/__mock/clock', { advanceSeconds: seconds }));
});
byId('clock-set').addEventListener('submit', (event) => {
  event.preventDefault();
  const now = byId('clock-to').value.trim();
  act('The clock was set to ' + now + '.', () => call('POST', '/__mock/clock', { now }));
});
byId('clock-real').addEventListener('click', () =>
  act('The clock is back on the real time.', () => call('DELETE', '/__mock/clock')));
byId('apps-previous').addEventListener('click', () => {
  view.appsFrom = Math.max(0, view.appsFrom - 100);
  refresh();
});
byId('apps-next').addEventListener('click', () => {
  view.appsFrom += 100;
  refresh();
});
byId('users-next').addEventListener('click', () => {
  const last = byId('users').dataset.next;
  if (!last) return;
  view.usersBack.push(view.usersFrom);
  view.usersFrom = last;
  refresh();
});
byId('users-previous').addEventListener('click', () => {
  view.usersFrom = view.usersBack.pop() || '';
  refresh();
});
byId('users-find').addEventListener('submit', (event) => {
  event.preventDefault();
  view.usersBack.push(view.usersFrom);
  view.usersFrom = byId('users-from').value;
  refresh();
});
byId('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  token = byId('token').value.trim();
  sessionStorage.setItem(tokenStore, token);
  byId('token-form').hidden = true;
  refresh();
});
document.addEventListener('visibilitychange', () => { if (!document.hidden) tick(); });
tick();
`;

const table = (id: string, caption: string, headings: readonly string[], numeric: readonly number[] = []) =>
  `<table id="${id}"><caption id="${id}-caption">${caption}</caption><thead><tr>${headings
    .map((heading, index) => `<th scope="col"${numeric.includes(index) ? ' class="number"' : ''}>${heading}</th>`)
    .join('')}</tr></thead><tbody></tbody></table>`;

const body = `
<header>
<h1>Passwordless.dev emulator: state</h1>
<p class="status" id="status" role="status" aria-live="polite">Loading…</p>
<form id="token-form" hidden>
<label for="token">Control token</label>
<input id="token" type="password" autocomplete="off" required>
<button type="submit">Use token</button>
</form>
</header>
<main>
<section aria-labelledby="clock-heading">
<h2 id="clock-heading">Clock</h2>
<p><output id="clock-now" aria-label="The emulator's time"></output> <span id="clock-state"></span></p>
<p class="muted" id="clock-issued"></p>
<form id="clock-move">
<label for="advance-seconds">Move the clock by (seconds)</label>
<input id="advance-seconds" type="number" step="1" value="60" required>
<button type="submit">Move clock</button>
</form>
<form id="clock-set">
<label for="clock-to">Set the clock to (ISO 8601)</label>
<input id="clock-to" type="text" placeholder="2026-03-01T12:00:00Z" required>
<button type="submit">Set clock</button>
<button type="button" id="clock-real">Back to real time</button>
</form>
</section>
<section aria-labelledby="apps-heading">
<h2 id="apps-heading">Apps</h2>
<div class="controls">
<button type="button" id="reset-all" class="danger">Reset all apps</button>
<button type="button" id="apps-previous">Previous apps</button>
<button type="button" id="apps-next">Next apps</button>
</div>
${table(
  'apps',
  'Apps',
  ['App', 'Users', 'Passkeys', 'Aliases', 'Issued tokens', 'Auth configs', 'Events', 'Magic links', 'Actions'],
  [1, 2, 3, 4, 5, 6, 7],
)}
</section>
<section id="app" aria-labelledby="app-heading" hidden>
<h2 id="app-heading">App</h2>
<p id="app-summary"></p>
<div id="app-users">
<h3>Users</h3>
<div class="controls">
<button type="button" id="users-previous">Previous users</button>
<button type="button" id="users-next">Next users</button>
</div>
<form id="users-find">
<label for="users-from">Show users from the user ID</label>
<input id="users-from" type="text">
<button type="submit">Show users</button>
</form>
${table('users', 'Users', ['User ID', 'Aliases (as the server keeps them)', 'Passkeys'], [2])}
${table(
  'passkeys',
  'Passkeys',
  ['User ID', 'Device', 'Nickname', 'Created', 'Last used', 'Sign count', 'Credential ID'],
  [5],
)}
</div>
<div id="app-activity">
<h3>Tokens, configurations, events and links</h3>
${table('tokens', 'Issued tokens', ['Kind', 'User ID', 'Type', 'Issued', 'Expires', 'Status'])}
${table(
  'configs',
  'Authentication configurations',
  ['Purpose', 'User verification', 'Lifetime (s)', 'Hints', 'Created', 'Last used'],
  [2],
)}
${table('events', 'Event log', ['When', 'Type', 'Severity', 'Message', 'By', 'Key'])}
${table('outbox', 'Magic-link outbox', ['To', 'User ID', 'Sent', 'Expires', 'Status', 'Link'])}
</div>
</section>
<section id="limits-section" aria-labelledby="limits-heading">
<h2 id="limits-heading">Limits</h2>
${table('limits', 'Limits and their use', ['Limit', 'Bounds', 'Used', 'Limit', 'Most used by'], [2, 3])}
</section>
</main>
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Emulator state · Passwordless.dev emulator</title>
<style>${style}</style>
</head>
<body>${body}<script>${script}</script>
</body>
</html>
`;

const headers: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  // This script and style only, requests to this origin only, and never inside another page's frame.
  'content-security-policy':
    `default-src 'none'; script-src ${hash(script)}; style-src ${hash(style)}; connect-src 'self'; ` +
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Whether the path is the page's (`/__mock/ui`, a trailing slash allowed). */
export const isStatePagePath = (pathname: string): boolean => /^\/__mock\/ui\/?$/i.test(pathname);

/** The answer to a request for the page: the page to GET and HEAD, 405 to anything else. */
export function statePage(method: string): EmulatorResponse {
  if (method !== 'GET' && method !== 'HEAD') {
    return {
      status: 405,
      headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
      body: 'The state page takes GET.\n',
      reason: 'The state page (/__mock/ui) takes GET.',
    };
  }
  return { status: 200, headers: { ...headers }, body: html, reason: 'The state page.' };
}
