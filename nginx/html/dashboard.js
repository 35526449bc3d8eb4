// The lab's dashboard: three columns, one per stack, each calling its stack on its own port
// (another origin than this page's http://localhost:8080), so every call is a CORS request.
// Plain ES module, no dependencies, no build step.

const HOST = 'localhost';
const POLL_MS = 250;            // per column: about 4 requests a second
const HEALTH_MS = 1000;         // the health panel: each stack once a second
const STRIP_CELLS = 40;
const SILENT_AFTER_MS = 5000;   // an instance not seen for this long is flagged
const REQUEST_TIMEOUT_MS = 8000;
// A login is slow on purpose (PBKDF2, 600,000 iterations), more so on a freshly started JVM;
// nginx gives it 10 s (nginx.conf) before answering 504.
const LOGIN_TIMEOUT_MS = 15000;
const PASSWORDS = { alice: 'alice-pw', bob: 'bob-pw' };

const STACKS = [
  {
    id: 'sticky', short: 'sticky', kind: 'session', port: 8083, cookie: 'STICKY_SID',
    title: 'Sticky in-memory sessions',
    sub: ':8083 · sticky-app-1, sticky-app-2 · each keeps its sessions in its own memory; nginx routes you back by the cookie',
    instances: ['sticky-app-1', 'sticky-app-2'],
  },
  {
    id: 'redis', short: 'Redis sessions', kind: 'session', port: 8081, cookie: 'SID',
    title: 'Sessions in Redis',
    sub: ':8081 · session-app-1, session-app-2 · round robin; any instance finds the session in Redis',
    instances: ['session-app-1', 'session-app-2'],
  },
  {
    id: 'tokens', short: 'tokens', kind: 'token', port: 8082,
    title: 'Tokens (JWT)',
    sub: ':8082 · token-app-1, token-app-2 · round robin; any instance checks the signature with the key alone',
    instances: ['token-app-1', 'token-app-2'],
  },
];

const $ = (sel, root = document) => root.querySelector(sel);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const pollingPaused = () => $('#pause-polling').checked;
const instanceNumber = name => (/-(\d+)$/.exec(name || '') || [])[1] || '?';
const clock = t => new Date(t).toLocaleTimeString('en-GB', { hour12: false });
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
const short = s => (s && s.length > 14 ? `${s.slice(0, 6)}…${s.slice(-6)}` : s || '');

/** nginx's DASHBOARD_XSS and DASHBOARD_CSP, read at start from /lab-switches.json. */
const switches = { dashboardXss: 'off', dashboardCsp: 'on' };

/**
 * A transfer's memo: text written by whoever sent the transfer, so never markup. With
 * DASHBOARD_XSS=on, and only then, it is put in as HTML: the XSS lab's deliberate hole, through
 * which another user's memo runs script in this page (docs/workshop/09-xss.md).
 */
function renderMemo(memo) {
  const span = document.createElement('span');
  span.className = 'memo';
  if (switches.dashboardXss === 'on') span.innerHTML = memo; // deliberately unsafe: the XSS lab
  else span.textContent = memo;
  return span;
}

/** When each instance last answered anyone on this page, and through which upstream address. */
const seen = new Map();
function noteInstance(stack, instance, upstream) {
  if (!instance) return;
  seen.set(instance, { stack: stack.id, at: Date.now(), upstream: upstream || '' });
}

// ---- DPoP (RFC 9449), for the token stack with DPOP=on -----------------------------------------
let dpopKey = null;

/**
 * This page's DPoP key: ECDSA P-256, generated once per page and NOT extractable: script in the
 * page can have the browser sign with it, but nobody can read it out, so a copied token is useless
 * elsewhere. Its public half goes into every proof's header.
 */
async function dpopKeyPair() {
  if (!dpopKey) {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
    dpopKey = { privateKey: pair.privateKey, jwk: { kty, crv, x, y } };
  }
  return dpopKey;
}

const b64url = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const utf8 = text => new TextEncoder().encode(text);

/** A proof for one request: this method, this URL (no query), now, once; with a token, for that token (ath). */
async function dpopProof(method, url, accessToken) {
  const { privateKey, jwk } = await dpopKeyPair();
  const payload = { jti: crypto.randomUUID(), htm: method, htu: url.split('?')[0], iat: Math.floor(Date.now() / 1000) };
  if (accessToken) payload.ath = b64url(await crypto.subtle.digest('SHA-256', utf8(accessToken)));
  const input = `${b64url(utf8(JSON.stringify({ typ: 'dpop+jwt', alg: 'ES256', jwk })))}.${b64url(utf8(JSON.stringify(payload)))}`;
  // WebCrypto's ECDSA signature is r||s, exactly what a JWS with ES256 carries.
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, utf8(input));
  return `${input}.${b64url(signature)}`;
}

/**
 * One HTTP call, measured; never throws: network failures come back as status 0 with an error.
 * {@code dpop}: sign a DPoP proof for it ({ token } for a request that presents that access token).
 */
async function call(stack, method, path, { headers = {}, body, credentials, timeout = REQUEST_TIMEOUT_MS, dpop } = {}) {
  const init = { method, headers: { ...headers }, cache: 'no-store', credentials, signal: AbortSignal.timeout(timeout) };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const url = `http://${HOST}:${stack.port}${path}`;
  if (dpop) init.headers.DPoP = await dpopProof(method, url, dpop.token);
  const t0 = performance.now();
  const result = { at: Date.now(), method, path, status: 0, instance: '', upstream: '', data: null, error: '' };
  try {
    const res = await fetch(url, init);
    result.status = res.status;
    result.instance = res.headers.get('X-Instance') || '';
    result.upstream = res.headers.get('X-Upstream') || '';
    const text = await res.text();
    if (text) {
      try { result.data = JSON.parse(text); } catch { result.data = { text }; }
    }
  } catch (e) {
    result.error = `${e.name}: ${e.message}`;
  }
  result.ms = Math.round(performance.now() - t0);
  noteInstance(stack, result.instance, result.upstream);
  return result;
}

/** One claim per line, values compact; times also as a clock time. */
function compactJson(object, times = false) {
  const lines = Object.entries(object).map(([k, v]) => {
    const when = times && ['iat', 'nbf', 'exp'].includes(k) && typeof v === 'number' ? `   (${clock(v * 1000)})` : '';
    return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}${when}`;
  });
  return `{\n${lines.join(',\n')}\n}`;
}

function b64urlJson(part) {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

class Column {
  constructor(stack) {
    this.stack = stack;
    this.transport = stack.kind === 'token' ? 'header' : 'cookie'; // the token stack's is read from its /health at login
    this.state = 'logged-out';
    this.epoch = 0;                 // bumped at every login and logout: late answers are ignored
    this.queue = Promise.resolve(); // one request at a time per column (a refresh never races a poll)
    this.counts = { ok: 0, unauthorized: 0, errors: 0, relogins: 0 };
    this.history = [];
    this.el = $('#stack-template').content.firstElementChild.cloneNode(true);
    this.el.id = `col-${stack.id}`;
    this.el.dataset.stack = stack.id;
    this.el.setAttribute('aria-labelledby', `title-${stack.id}`);
    $('.stack-title', this.el).id = `title-${stack.id}`;
    $('.stack-title', this.el).textContent = stack.title;
    $('.stack-sub', this.el).textContent = stack.sub;
    $('.legend', this.el).innerHTML =
      `<span><span class="key i1">1</span>${stack.instances[0]}</span>` +
      `<span><span class="key i2">2</span>${stack.instances[1]}</span>` +
      '<span><span class="key unauth">n!</span>401</span>' +
      '<span><span class="key error">×</span>error / 5xx</span>' +
      '<span><u>underlined</u>: nginx retried on the other instance</span>';
    this.form = $('.login', this.el);
    this.form.username.id = `user-${stack.id}`;
    this.form.password.id = `password-${stack.id}`;
    this.form.username.addEventListener('change', () => { this.form.password.value = PASSWORDS[this.form.username.value] || ''; });
    this.form.addEventListener('submit', e => { e.preventDefault(); this.login(); });
    $('.btn-refresh', this.el).addEventListener('click', () => this.refresh());
    $('.btn-transfer', this.el).addEventListener('click', () => this.transfer());
    $('.btn-logout', this.el).addEventListener('click', () => this.logout());
    $('.btn-transfers', this.el).addEventListener('click', () => this.loadTransfers());
    $('.shared', this.el).hidden = stack.id === 'sticky';
    this.setStatus('Logged out. Log in as a demo user.');
    this.renderCredential();
  }

  get user() { return this.form.username.value; }

  /**
   * Whether the browser carries this stack's credential in a cookie: the session stacks, and the
   * token stack with TOKEN_TRANSPORT=cookie (its /health says "transport": "cookie").
   */
  get cookies() { return this.stack.kind === 'session' || this.transport === 'cookie'; }

  /** The token stack's transport, asked before each login: the stack may have been recreated with another. */
  async readTransport() {
    if (this.stack.kind !== 'token') return;
    const r = await call(this.stack, 'GET', '/health', { credentials: 'omit', timeout: 5000 });
    if (r.data?.transport) this.transport = r.data.transport;
  }
  get otherUser() { return this.user === 'alice' ? 'bob' : 'alice'; }

  /** Runs fn after whatever request this column has in flight. */
  serial(fn) {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => {});
    return next;
  }

  /** A call of this column's own: credentials the way its stack wants them, recorded in the strip. */
  async request(method, path, body, timeout = REQUEST_TIMEOUT_MS) {
    const headers = {};
    let credentials = 'omit';
    let dpop;
    if (this.cookies) {
      credentials = 'include';
      if (method !== 'GET' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    } else if (this.transport === 'dpop') {
      if (this.access) headers.Authorization = `DPoP ${this.access}`;
      // A proof for every request that presents the token, and for login; /health needs none.
      if (this.access || path.startsWith('/auth/')) dpop = { token: this.access };
    } else if (this.access) {
      headers.Authorization = `Bearer ${this.access}`;
    }
    const epoch = this.epoch;
    const r = await call(this.stack, method, path, { headers, body, credentials, timeout, dpop });
    r.epoch = epoch;
    this.record(r);
    return r;
  }

  record(r) {
    if (r.status >= 200 && r.status < 300) this.counts.ok++;
    else if (r.status === 401) this.counts.unauthorized++;
    else this.counts.errors++;
    this.history.push(r);
    if (this.history.length > 200) this.history.splice(0, this.history.length - 200);

    const cell = document.createElement('span');
    const n = instanceNumber(r.instance);
    if (r.status === 0 || r.status >= 500 || (!r.instance && r.status !== 401)) {
      cell.className = 'error';
      cell.textContent = '×';
    } else if (r.status === 401) {
      cell.className = 'unauth';
      cell.textContent = `${n}!`;
    } else {
      cell.className = n === '2' ? 'i2' : 'i1';
      cell.textContent = n;
    }
    if (r.upstream.includes(',')) cell.classList.add('retried');
    cell.dataset.instance = r.instance;
    cell.dataset.path = r.path;
    cell.dataset.status = String(r.status);
    cell.title = `${clock(r.at)} ${r.method} ${r.path} → ${r.status || r.error} ${r.instance ? `by ${r.instance}` : ''} ` +
      `(${r.ms} ms${r.upstream ? `, upstream ${r.upstream}` : ''})`;
    const strip = $('.strip', this.el);
    strip.prepend(cell);
    while (strip.childElementCount > STRIP_CELLS) strip.lastElementChild.remove();
    this.dirty = true;
  }

  /** Counters, rate and the strip's text alternative; called a few times a second, not per request. */
  renderCounts() {
    if (!this.dirty) return;
    this.dirty = false;
    for (const [key, value] of Object.entries(this.counts)) {
      const dd = $(`[data-count="${key}"]`, this.el);
      if (dd.textContent !== String(value)) dd.textContent = String(value);
    }
    const now = Date.now();
    const recent = this.history.filter(r => now - r.at < 5000).length;
    $('.rate', this.el).textContent = `(${(recent / 5).toFixed(1)} req/s)`;
    const last = this.history.slice(-STRIP_CELLS);
    const by = {};
    for (const r of last) {
      const key = r.status === 401 ? '401' : (r.status === 0 || r.status >= 500) ? 'errors' : r.instance;
      by[key] = (by[key] || 0) + 1;
    }
    const summary = Object.entries(by).map(([k, v]) => `${v} ${k === '401' || k === 'errors' ? k : `by ${k}`}`).join(', ');
    $('.strip', this.el).setAttribute('aria-label', `Last ${last.length} requests, newest first: ${summary || 'none'}`);
  }

  setLast(text) {
    $('.last', this.el).textContent = text;
  }

  setStatus(text) {
    const status = $('.status', this.el);
    if (status.textContent !== text) status.textContent = text;
  }

  setState(state) {
    this.state = state;
    this.el.dataset.state = state;
    const loggedIn = state === 'logged-in';
    for (const b of this.el.querySelectorAll('.btn-refresh, .btn-transfer, .btn-logout')) b.disabled = !loggedIn;
    $('.btn-login', this.el).textContent = state === 'lost' ? 'Log in again' : 'Log in';
    $('.btn-transfer', this.el).textContent = `Transfer 10.00 to ${this.otherUser}`;
    renderCommands();
  }

  login() {
    return this.serial(async () => {
      const username = this.user;
      this.setLast(`Logging in as ${username}…`);
      await this.readTransport();
      this.epoch++;
      const r = await this.request('POST', '/auth/login', { username, password: this.form.password.value }, LOGIN_TIMEOUT_MS);
      if (r.status !== 200) {
        this.setLast(`Login failed: ${r.status || r.error} ${r.data?.detail || ''}`.trim());
        return false;
      }
      this.epoch++;
      this.loginInstance = r.instance;
      this.el.dataset.loginInstance = r.instance;
      if (this.cookies) {
        this.csrf = r.data.csrfToken;
        this.idle = r.data.idleTimeoutSeconds;
        this.absolute = r.data.absoluteTimeoutSeconds;
        this.expiresIn = r.data.expires_in;
      } else {
        this.takeTokens(r.data);
      }
      this.setState('logged-in');
      this.setStatus(this.stack.id === 'sticky'
        ? `Logged in as ${username}, pinned to ${r.instance} (its memory holds the session).`
        : `Logged in as ${username} (login served by ${r.instance}).`);
      this.setLast(`Login: ${r.ms} ms.`);
      this.renderCredential();
      await this.loadTransfersNow();
      return true;
    });
  }

  takeTokens(data) {
    this.access = data.access_token;
    this.refreshToken = data.refresh_token || null;
    const [h, p] = this.access.split('.');
    this.jwtHeader = b64urlJson(h);
    this.jwtPayload = b64urlJson(p);
  }

  refresh() {
    return this.serial(async () => {
      const r = await this.refreshNow();
      this.setLast(r.status === 200
        ? `Refreshed by ${r.instance}: ${this.stack.kind === 'session' ? 'new session id in a new cookie (still unreadable here), same login' : `new access token and a new refresh token (the old one is spent)${this.cookies ? ', in new cookies this page cannot read' : ''}`}.`
        : `Refresh failed: ${r.status || r.error} ${r.data?.detail || ''}`.trim());
    });
  }

  async refreshNow() {
    let r;
    if (this.cookies) {
      r = await this.request('POST', '/auth/refresh');
      if (r.status === 200 && r.data.csrfToken) this.csrf = r.data.csrfToken;
    } else {
      if (!this.refreshToken) return { status: 0, error: 'no refresh token (token-app runs without Redis?)' };
      r = await call(this.stack, 'POST', '/auth/refresh', { body: { refresh_token: this.refreshToken }, credentials: 'omit',
        dpop: this.transport === 'dpop' ? {} : undefined });
      this.record(r);
      if (r.status === 200) this.takeTokens(r.data);
    }
    this.renderCredential();
    return r;
  }

  transfer() {
    return this.serial(async () => {
      const r = await this.request('POST', '/api/transfers', { to: this.otherUser, amount: 10 });
      if (r.status === 401) return this.lost(r);
      this.setLast(r.status === 201
        ? `Transfer 10.00 to ${this.otherUser}: created by ${r.instance}.`
        : `Transfer refused: ${r.status || r.error} ${r.data?.title || ''}`.trim());
      await this.loadTransfersNow();
    });
  }

  logout() {
    return this.serial(async () => {
      const r = await this.request('POST', '/auth/logout');
      this.epoch++;
      this.csrf = null;
      this.access = null;
      this.refreshToken = null;
      this.setState('logged-out');
      this.setStatus('Logged out.');
      this.setLast(r.status === 204
        ? `Logged out by ${r.instance}: ${this.stack.kind === 'session' ? 'the session is deleted on the server, the cookie cleared' : 'the token is on the revocation list until it expires'}.`
        : `Logout answered ${r.status || r.error}; forgotten here anyway.`);
      this.renderCredential();
      $('.transfers', this.el).innerHTML = '<li class="muted">log in to see them</li>';
    });
  }

  loadTransfers() {
    return this.serial(() => this.loadTransfersNow());
  }

  async loadTransfersNow() {
    const list = $('.transfers', this.el);
    if (this.state !== 'logged-in') return;
    const r = await this.request('GET', '/api/transfers');
    // Counts every answer, so that a test can wait for the list to be replaced (data-loads).
    list.dataset.loads = String(Number(list.dataset.loads || 0) + 1);
    if (r.status !== 200) {
      if (r.status === 401) return this.lost(r);
      list.innerHTML = `<li class="muted">could not load: ${r.status || r.error}</li>`;
      return;
    }
    const items = r.data.transfers.slice(0, 8);
    list.replaceChildren(...(items.length ? items.map(t => {
      const li = document.createElement('li');
      li.dataset.id = t.id;
      li.dataset.to = t.to;
      li.dataset.amount = t.amount;
      li.dataset.instance = t.instance;
      li.dataset.from = t.from;
      if (t.to === 'mallory') li.className = 'forged';
      li.textContent = `${t.to === 'mallory' ? '⚠ ' : ''}${Number(t.amount).toFixed(2)} from ${t.from} to ${t.to} · by ${t.instance} · ${clock(t.createdAt)}`;
      if (t.memo) li.append(' · ', renderMemo(t.memo));
      return li;
    }) : [Object.assign(document.createElement('li'), { className: 'muted', textContent: 'none yet' })]));
  }

  /** A 401 while logged in: the server no longer knows this login. */
  async lost(r) {
    if (this.state !== 'logged-in' || r.epoch !== this.epoch) return;
    if (this.stack.kind === 'token' && (this.refreshToken || this.cookies)) {
      const refreshed = await this.refreshNow();
      if (refreshed.status === 200) {
        this.setLast(`Access token refused (401 by ${r.instance}); refreshed by ${refreshed.instance}, no re-login needed.`);
        return;
      }
    }
    this.lostInstance = this.loginInstance;
    this.counts.relogins++;
    this.dirty = true;
    this.renderCounts(); // at once, with the red state, not at the next tick
    this.epoch++;
    this.csrf = null;
    this.access = null;
    this.setState('lost');
    const why = this.stack.id === 'sticky'
      ? 'the session lived in the memory of the instance you were pinned to'
      : this.stack.kind === 'session' ? 'the session is gone from Redis' : 'the token was refused and could not be refreshed';
    this.setStatus(`Forced re-login: ${r.instance || 'nginx'} answered 401 (${r.data?.detail || 'unauthenticated'}); ${why}.`);
    this.setLast(`Lost at ${clock(r.at)}.`);
    this.renderCredential();
    if ($('.auto-relogin', this.el).checked) {
      setTimeout(() => { if (this.state === 'lost') this.login(); }, 1500);
    }
  }

  async tick() {
    if (this.state === 'logged-in') {
      const r = await this.request('GET', '/api/me');
      if (r.status === 401) await this.lost(r);
    } else {
      await this.request('GET', '/health');
    }
  }

  async run() {
    for (;;) {
      const t0 = performance.now();
      if (!pollingPaused()) await this.serial(() => this.tick());
      await sleep(Math.max(20, POLL_MS - (performance.now() - t0)));
    }
  }

  renderCredential() {
    const box = $('.credential', this.el);
    if (this.stack.kind === 'token' && this.cookies) {
      box.innerHTML = `
        <p><strong>TOKEN_TRANSPORT=cookie</strong>: the access token rides in the cookie <code>ACCESS_TOKEN</code> and the
           refresh token in <code>REFRESH_TOKEN</code> (sent to <code>/auth/refresh</code> only), both <strong>HttpOnly</strong>:
           this page's JavaScript cannot read either, and the browser attaches them by itself, so CSRF defences apply
           as for the session stacks.</p>
        <p><code>document.cookie</code> here: <code class="doc-cookie"></code></p>` +
        (this.state === 'logged-in' ? `
        <p>Logged in by <strong>${esc(this.loginInstance)}</strong>; each access token lives ${esc(this.expiresIn)} s.</p>
        <p>CSRF token, from the login's JSON body (readable; sent as <code>X-CSRF-Token</code>):
           <code title="${esc(this.csrf)}">${esc(short(this.csrf))}</code></p>` : '');
      $('.doc-cookie', box).textContent = JSON.stringify(document.cookie);
      return;
    }
    if (this.stack.kind === 'session') {
      const readable = document.cookie;
      box.innerHTML = `
        <p>Cookie <code>${this.stack.cookie}</code>, <strong>HttpOnly</strong>: this page's JavaScript cannot read it.
           The browser attaches it by itself to every request to <code>${HOST}</code>, whatever the port.</p>
        <p><code>document.cookie</code> here: <code class="doc-cookie"></code></p>` +
        (this.state === 'logged-in' ? `
        <p>${this.stack.id === 'sticky' ? 'Pinned to' : 'Logged in by'} <strong>${esc(this.loginInstance)}</strong>
           (from <code>X-Instance</code>${this.stack.id === 'sticky' ? '; the cookie value ends in <code>.' + esc(this.loginInstance) + '</code>, which nginx reads' : ''}).</p>
        <p>CSRF token, from the login's JSON body (readable; sent as <code>X-CSRF-Token</code>):
           <code title="${esc(this.csrf)}">${esc(short(this.csrf))}</code></p>
        <p class="muted">Idle timeout ${esc(this.idle)} s, absolute ${esc(this.absolute)} s, kept on the server.</p>` : '');
      $('.doc-cookie', box).textContent = JSON.stringify(readable);
      return;
    }
    if (this.state !== 'logged-in' || !this.access) {
      box.innerHTML = '<p class="muted">No token. After login the access token (a JWT) is kept in this page\'s memory, not in localStorage.</p>';
      return;
    }
    const [h, p, s] = this.access.split('.');
    box.innerHTML = `
      <p class="jwt" aria-label="The access token: header, payload, signature"><span class="h"></span>.<span class="p"></span>.<span class="s"></span></p>
      <p>Expires in <span class="expiry"></span> (<code>exp</code> ${clock(this.jwtPayload.exp * 1000)}).</p>
      <p class="note">Anyone holding this token can read all of it: it is <strong>signed (${esc(this.jwtHeader.alg)}), not encrypted</strong>.
         The signature only proves that nobody changed it.</p>
      ${this.transport === 'dpop' ? `<p class="note"><strong>DPOP=on</strong>: the token is bound to this page's key (<code>cnf.jkt</code>),
         an ECDSA P-256 key that WebCrypto keeps non-extractable; every request carries a fresh proof signed with it (header <code>DPoP</code>).
         A copy of the token is useless without the key.</p>` : ''}
      <p>Header</p><pre class="jwt-header"></pre>
      <p>Payload</p><pre class="jwt-payload"></pre>
      <p class="muted">Refresh token: ${this.refreshToken ? `opaque <code>${esc(short(this.refreshToken))}</code>, stored in Redis only as its SHA-256, single use` : 'none (token-app without Redis)'}.</p>`;
    $('.jwt .h', box).textContent = h;
    $('.jwt .p', box).textContent = p;
    $('.jwt .s', box).textContent = s;
    $('.jwt-header', box).textContent = compactJson(this.jwtHeader);
    $('.jwt-payload', box).textContent = compactJson(this.jwtPayload, true);
    this.renderExpiry();
  }

  renderExpiry() {
    const el = $('.expiry', this.el);
    if (!el || !this.jwtPayload) return;
    const left = Math.round(this.jwtPayload.exp - Date.now() / 1000);
    const mmss = s => `${Math.floor(Math.abs(s) / 60)}:${String(Math.abs(s) % 60).padStart(2, '0')}`;
    el.textContent = left >= 0 ? mmss(left) : `expired ${mmss(left)} ago`;
  }
}

const columns = STACKS.map(stack => new Column(stack));

function renderCommands() {
  const sticky = columns.find(c => c.stack.id === 'sticky');
  const lost = sticky && sticky.state === 'lost' ? sticky.lostInstance : null;
  const pinned = lost || (sticky && sticky.state === 'logged-in' ? sticky.loginInstance : 'sticky-app-1');
  const who = sticky && sticky.state === 'logged-in' ? `${sticky.user}'s` : 'the';
  const stickyCommands = lost
    ? [[`./lab start ${lost}`, 'back, with an empty memory: the sessions it held are gone for good'],
       [`./lab kill ${lost}`, 'what was just done (if the instance is gone)']]
    : [[`./lab kill ${pinned}`, `${who} sticky session dies with the instance: a forced re-login in the first column only`],
       [`./lab start ${pinned}`, 'back (with an empty memory)']];
  const commands = [
    ...stickyCommands,
    ['./lab kill session-app-1', 'the Redis sessions survive: the other instance serves them'],
    ['./lab start session-app-1', ''],
    ['./lab pause token-app-2', 'frozen: nginx notices only after its 3 s read timeout'],
    ['./lab unpause token-app-2', ''],
    ['./lab stop redis', 'Redis sessions are gone; tokens still verify (revocation checks are skipped: fail open)'],
    ['./lab start redis', 'an empty Redis: every Redis session and refresh token is lost'],
  ];
  $('#commands').replaceChildren(...commands.map(([cmd, what]) => {
    const li = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = cmd;
    li.append(code);
    if (what) li.append(` — ${what}`);
    return li;
  }));
}

// ---- health panel -----------------------------------------------------------------------------
const stackHealth = new Map();
// Per instance, its near caches' hits and misses since it started (from its own /health answers).
const cacheCounts = new Map();

/** "sessions 97 % of 1,234" per cache: the share of requests answered from memory, without Redis. */
function hitRatios(instance) {
  const caches = cacheCounts.get(instance);
  if (!caches || caches.length === 0) return '';
  return caches.map(c => {
    const total = c.hits + c.misses;
    const share = total === 0 ? '–' : `${Math.floor((100 * c.hits) / total)} %`;
    return `${c.cache} ${share} of ${total.toLocaleString('en')}`;
  }).join(', ');
}

async function pollHealth() {
  for (;;) {
    for (const stack of STACKS) {
      if (!pollingPaused()) {
        // No cookie (credentials: 'omit'): the sticky stack balances round robin, like the others.
        const r = await call(stack, 'GET', '/health', { credentials: 'omit', timeout: 5000 });
        stackHealth.set(stack.id, r);
        if (r.instance && Array.isArray(r.data?.caches)) cacheCounts.set(r.instance, r.data.caches);
      }
      await sleep(HEALTH_MS / STACKS.length);
    }
  }
}

function renderHealth() {
  const now = Date.now();
  const rows = [];
  for (const stack of STACKS) {
    for (const name of stack.instances) {
      const s = seen.get(name);
      const age = s ? now - s.at : Infinity;
      const silent = age > SILENT_AFTER_MS;
      const cls = !s ? 'muted' : silent ? 'silent' : 'alive';
      const text = !s ? 'not seen yet' : silent ? `silent for ${Math.round(age / 1000)} s` : `answering (${(age / 1000).toFixed(1)} s ago)`;
      rows.push(`<tr data-instance="${name}" data-alive="${!silent}"><th scope="row">${name}</th><td>:${stack.port}</td>` +
        `<td class="${cls}">${text}</td><td>${s && s.upstream ? `<code>${esc(s.upstream)}</code>` : ''}</td>` +
        `<td class="cache">${esc(hitRatios(name))}</td></tr>`);
    }
  }
  $('#instances').innerHTML = rows.join('');
  $('#stack-health').innerHTML = STACKS.map(stack => {
    const r = stackHealth.get(stack.id);
    // With ./lab up --redis sentinel, also where the Sentinels say the primary is: a failover moves it.
    const primary = r?.data?.redisPrimary ? ` (primary ${r.data.redisPrimary})` : '';
    const state = esc(!r ? 'waiting' : r.status ? `${r.status} ${r.data?.status || ''}${r.data?.redis ? `, redis ${r.data.redis}${primary}` : ''}` : 'no answer');
    return `<tr data-stack="${stack.id}"><th scope="row">${stack.short} :${stack.port}</th><td>${state}</td>` +
      `<td>${esc(r?.instance)}</td><td>${r?.upstream ? `<code>${esc(r.upstream)}</code>` : ''}</td></tr>`;
  }).join('');
}

// ---- CORS checks ------------------------------------------------------------------------------
async function corsChecks() {
  const tokens = columns.find(c => c.stack.id === 'tokens');
  const stack = tokens.stack;
  const bearer = $('#cors-bearer');
  const creds = $('#cors-credentials');
  bearer.textContent = creds.textContent = 'running…';
  bearer.dataset.result = creds.dataset.result = '';
  if (tokens.state !== 'logged-in') await tokens.login();
  if (tokens.transport !== 'header') {
    bearer.dataset.result = creds.dataset.result = 'not-applicable';
    bearer.textContent = creds.textContent = `The token stack runs with ${tokens.cookies ? 'TOKEN_TRANSPORT=cookie' : 'DPOP=on'}: ` +
      'these two checks are about plain bearer tokens in the header.';
    return;
  }
  // A fresh URL each time: the browser caches a preflight's answer per URL (Access-Control-Max-Age).
  const r1 = await call(stack, 'GET', `/api/me?cors-check=${Date.now()}`,
    { headers: { Authorization: `Bearer ${tokens.access}` }, credentials: 'omit' });
  if (r1.status === 200) {
    bearer.dataset.result = 'ok';
    bearer.textContent = `Allowed: ${r1.status} from ${r1.instance}. Authorization is not a CORS-safelisted header, so the browser first sent ` +
      'OPTIONS with Access-Control-Request-Headers: authorization; token-app answered 204 with Access-Control-Allow-Headers: ' +
      'Authorization, Content-Type, DPoP, and only then did the browser send the GET.';
  } else {
    bearer.dataset.result = 'failed';
    bearer.textContent = `Unexpected: ${r1.status || r1.error}`;
  }
  const r2 = await call(stack, 'GET', `/health?cors-credentials=${Date.now()}`, { credentials: 'include' });
  if (r2.status === 0) {
    creds.dataset.result = 'refused';
    creds.dataset.error = r2.error;
    creds.textContent = `Refused by the browser (${r2.error}). The request reached token-app (a simple GET needs no preflight), ` +
      'but its answer says Access-Control-Allow-Origin: *, and a browser never hands a credentialed answer with a wildcard to the page.';
  } else {
    creds.dataset.result = 'allowed';
    creds.textContent = `Unexpected: the browser accepted it (${r2.status}).`;
  }
}

// ---- start ------------------------------------------------------------------------------------
async function readSwitches() {
  try {
    const res = await fetch('/lab-switches.json', { cache: 'no-store' });
    if (res.ok) Object.assign(switches, await res.json());
  } catch { /* served by another server than the lab's nginx: the safe defaults stay */ }
  const on = [];
  if (switches.dashboardXss === 'on') on.push('DASHBOARD_XSS=on: transfer memos are shown as HTML, so a memo can run script in this page');
  if (switches.dashboardCsp === 'off') on.push('DASHBOARD_CSP=off: this page has no Content-Security-Policy to stop such a script');
  if (on.length) {
    const warning = $('#xss-warning');
    warning.hidden = false;
    warning.textContent = `XSS lab on. ${on.join('; ')}. Never like this in production.`;
  }
}

async function start() {
  await readSwitches();
  if (location.origin !== `http://${HOST}:8080`) {
    const warning = $('#origin-warning');
    warning.hidden = false;
    warning.textContent = `Open this page as http://${HOST}:8080/ (not ${location.origin}): the session stacks only allow that ` +
      'origin (CORS_ALLOWED_ORIGINS), and the CSRF lab needs the attacker site 127.0.0.1 to be another site.';
  }
  const container = $('#stacks');
  for (const column of columns) {
    container.append(column.el);
    column.setState('logged-out');
  }
  $('#login-all').addEventListener('click', () => Promise.all(columns.map(c => c.login())));
  $('#cors-run').addEventListener('click', corsChecks);
  renderCommands();
  renderHealth();
  for (const column of columns) column.run();
  pollHealth();
  setInterval(() => { for (const c of columns) c.renderCounts(); }, 250);
  setInterval(() => {
    renderHealth();
    for (const c of columns) if (c.stack.kind === 'token') c.renderExpiry();
  }, 1000);
  document.body.dataset.ready = 'true';
}

start();
