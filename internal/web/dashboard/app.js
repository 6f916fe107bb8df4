'use strict';
// The owner's dashboard. It signs in with the admin token or, on AWS, with
// the Cognito user pool's username and password (and TOTP when the pool
// asks), keeps the token in sessionStorage only, and reads the admin API.
(() => {
  const cfg = document.body.dataset;
  const api = cfg.api || '';
  const KEY = 'cloudresume.admin.token';
  const $ = (id) => document.getElementById(id);
  const DIMS = [
    ['path', 'Top pages'], ['referrer', 'Referrers'], ['utm_source', 'Campaign sources'],
    ['utm_medium', 'Campaign media'], ['utm_campaign', 'Campaigns'], ['browser', 'Browsers'],
    ['os', 'Operating systems'], ['device', 'Devices'], ['screen', 'Screen sizes'], ['country', 'Countries'],
  ];
  let range = { days: 30 };
  let report = null;

  const el = (name, attrs = {}, ...kids) => {
    const n = document.createElement(name);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'text') n.textContent = v; else n.setAttribute(k, v);
    }
    n.append(...kids);
    return n;
  };
  const fmt = (n) => Number(n).toLocaleString('en');
  const day = (d) => d.toISOString().slice(0, 10);

  class Unauthorized extends Error {}

  async function call(method, path) {
    const res = await fetch(api + path, { method, headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) } });
    if (res.status === 401) throw new Unauthorized('unauthorized');
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      const err = new Error(body.error || `HTTP ${res.status}`);
      err.status = res.status;
      err.problems = body.problems;
      throw err;
    }
    return res.status === 204 ? null : res.json();
  }

  // --- sign-in ---
  async function cognito(target, body) {
    const res = await fetch(cfg.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.' + target },
      body: JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.message || 'sign-in refused');
    return data;
  }
  let challenge = null; // the MFA round's session and username

  async function signedIn(result) {
    // The ID token names the app client in aud, which both the API
    // Gateway authorizer and the server's check accept.
    sessionStorage.setItem(KEY, result.IdToken);
    await start();
  }

  function showSignIn(msg) {
    $('app').hidden = true;
    $('signout').hidden = true;
    $('signin').hidden = false;
    $('mfa-form').hidden = true;
    $(cfg.signin === 'cognito' ? 'cognito-form' : 'token-form').hidden = false;
    $('signin-error').textContent = msg || '';
  }

  function signOut(msg) {
    sessionStorage.removeItem(KEY);
    report = null;
    $('dims').replaceChildren();
    $('messages').replaceChildren();
    $('chart').replaceChildren();
    for (const f of ['token', 'password', 'code']) $(f).value = '';
    showSignIn(msg);
  }

  $('token-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(KEY, $('token').value.trim());
    $('token').value = '';
    await start();
  });
  $('cognito-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const username = $('username').value.trim();
    try {
      const r = await cognito('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH', ClientId: cfg.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: $('password').value },
      });
      $('password').value = '';
      if (r.AuthenticationResult) return signedIn(r.AuthenticationResult);
      if (r.ChallengeName !== 'SOFTWARE_TOKEN_MFA') throw new Error(`the pool asks for ${r.ChallengeName}, which this page does not answer; use the CLI`);
      challenge = { session: r.Session, username };
      $('cognito-form').hidden = true;
      $('mfa-form').hidden = false;
      $('signin-error').textContent = '';
      $('code').focus();
    } catch (e) {
      $('signin-error').textContent = 'Sign-in failed: ' + e.message;
    }
  });
  $('mfa-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const r = await cognito('RespondToAuthChallenge', {
        ChallengeName: 'SOFTWARE_TOKEN_MFA', ClientId: cfg.clientId, Session: challenge.session,
        ChallengeResponses: { USERNAME: challenge.username, SOFTWARE_TOKEN_MFA_CODE: $('code').value.trim() },
      });
      $('code').value = '';
      if (!r.AuthenticationResult) throw new Error('no token in the answer');
      challenge = null;
      await signedIn(r.AuthenticationResult);
    } catch (e) {
      $('signin-error').textContent = 'Verification failed: ' + e.message;
    }
  });
  $('signout').addEventListener('click', () => signOut('Signed out.'));

  // --- the report ---
  function query() {
    if (range.from) return { from: range.from, to: range.to };
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - range.days + 1));
    return { from: day(from), to: day(now) };
  }

  async function load() {
    const q = query();
    $('status').textContent = 'Loading…';
    let st;
    try {
      st = await call('GET', `/api/admin/stats?from=${q.from}&to=${q.to}&limit=10`);
    } catch (e) {
      if (e instanceof Unauthorized) throw e;
      const why = e.problems ? Object.entries(e.problems).map(([k, v]) => `${k} ${v}`).join('; ') : e.message;
      $('status').textContent = 'Could not load the range: ' + why;
      return;
    }
    report = st.report;
    $('status').textContent = '';
    $('shown-from').textContent = report.from;
    $('shown-to').textContent = report.to;
    $('from').value = report.from;
    $('to').value = report.to;
    for (const k of ['visitors', 'views', 'bots']) {
      $('range-' + k).textContent = fmt(report.totals[k]);
      $('all-' + k).textContent = fmt(st.visits[k]);
    }
    window.drawChart($('chart'), report.days);
    drawDims(report.dimensions || {});
    drawUndelivered(st.undelivered);
  }

  function drawDims(dims) {
    const boxes = DIMS.map(([key, title]) => {
      const rows = (dims[key] || []).map((v) => el('tr', {}, el('td', { text: v.value }), el('td', { text: fmt(v.views) }), el('td', { text: fmt(v.visitors) })));
      if (!rows.length) rows.push(el('tr', {}, el('td', { colspan: '3', text: 'None in this range' })));
      return el('table', { 'data-dimension': key },
        el('caption', { text: title }),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: key === 'path' ? 'Page' : 'Value' }), el('th', { scope: 'col', text: 'Views' }), el('th', { scope: 'col', text: 'Visitors' }))),
        el('tbody', {}, ...rows));
    });
    $('dims').replaceChildren(...boxes);
  }

  function drawUndelivered(u) {
    if (!u) return;
    const parts = [];
    if (u.failed.length) parts.push(`${u.failed.length} not delivered (refused)`);
    if (u.long_pending.length) parts.push(`${u.long_pending.length} still waiting to be delivered`);
    $('undelivered').textContent = parts.join('; ');
  }

  // --- range picker ---
  for (const b of document.querySelectorAll('[data-days]')) {
    b.addEventListener('click', () => {
      range = { days: Number(b.dataset.days) };
      press(b);
      guard(load());
    });
  }
  function press(which) {
    for (const b of document.querySelectorAll('[data-days]')) b.setAttribute('aria-pressed', String(b === which));
  }
  $('custom').addEventListener('submit', (ev) => {
    ev.preventDefault();
    range = { from: $('from').value, to: $('to').value };
    press(null);
    guard(load());
  });

  // --- CSV export: the shown range, days then each dimension ---
  const cell = (v) => {
    let s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s; // never a formula in a spreadsheet
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  $('export').addEventListener('click', () => {
    if (!report) return;
    const lines = [['dimension', 'value', 'visitors', 'views', 'bots']];
    for (const d of report.days) lines.push(['day', d.day, d.visitors, d.views, d.bots]);
    for (const [key] of DIMS) for (const v of report.dimensions[key] || []) lines.push([key, v.value, v.visitors, v.views, '']);
    const blob = new Blob([lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n'], { type: 'text/csv' });
    const a = el('a', { href: URL.createObjectURL(blob), download: `visits-${report.from}-${report.to}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });

  // --- inbox ---
  async function loadInbox() {
    let list;
    try {
      list = await call('GET', '/api/admin/messages?limit=100');
    } catch (e) {
      if (e instanceof Unauthorized) throw e;
      $('inbox').hidden = e.status === 404; // the contact form is off
      return;
    }
    $('inbox').hidden = false;
    $('inbox-counts').textContent = `${fmt(list.total)} messages, ${fmt(list.unread)} unread, ${fmt(list.spam)} spam turned away.`;
    $('messages').replaceChildren(...list.messages.map(message));
    if (!list.messages.length) $('messages').append(el('li', { text: 'No messages yet.' }));
  }

  function message(m) {
    const id = 'msg-' + m.id;
    const when = new Date(m.created_at).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
    const d = m.delivery || {};
    const state = { sent: 'delivered', pending: 'waiting to be delivered', failed: 'not delivered: ' + (d.last_error || 'refused') }[d.state] || d.state;
    const body = el('div', { id: id + '-body', class: 'body', hidden: '' },
      el('p', { class: 'text', text: m.message }),
      el('p', {}, el('a', { href: `mailto:${encodeURIComponent(m.email).replace(/%40/g, '@')}?subject=${encodeURIComponent('Re: your message')}`, text: `Reply to ${m.email}` })));
    const open = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': id + '-body', text: 'Read' });
    open.addEventListener('click', () => {
      const shown = body.hidden;
      body.hidden = !shown;
      open.setAttribute('aria-expanded', String(shown));
      open.textContent = shown ? 'Hide' : 'Read';
    });
    const actions = el('p', { class: 'actions' }, open);
    const li = el('li', { class: m.read ? 'read' : 'unread', 'data-id': m.id },
      el('h3', { text: `${m.name} <${m.email}>` }),
      el('p', { class: 'meta' }, el('span', { text: when + ' · ' }), el('span', { class: 'flag', text: m.read ? 'read' : 'unread' }),
        el('span', { text: ' · ' }), el('span', { class: 'state state-' + d.state, text: state })),
      actions, body);
    if (!m.read) {
      const mark = el('button', { type: 'button', text: 'Mark read' });
      mark.addEventListener('click', () => guard(call('POST', `/api/admin/messages/${encodeURIComponent(m.id)}/read`).then(loadInbox)));
      actions.append(' ', mark);
    }
    if (d.state === 'failed') {
      const retry = el('button', { type: 'button', text: 'Retry delivery' });
      retry.addEventListener('click', () => guard(call('POST', `/api/admin/messages/${encodeURIComponent(m.id)}/retry`).then(() => Promise.all([loadInbox(), load()]))));
      actions.append(' ', retry);
    }
    return li;
  }

  // guard turns a lapsed session into the sign-in form and other
  // failures into the status line.
  function guard(p) {
    return p.catch((e) => {
      if (e instanceof Unauthorized) signOut('Your session has ended or the token is wrong; sign in again.');
      else $('status').textContent = 'Failed: ' + e.message;
    });
  }

  async function start() {
    if (!sessionStorage.getItem(KEY)) return showSignIn();
    $('signin').hidden = true;
    $('app').hidden = false;
    $('signout').hidden = false;
    $('signin-error').textContent = '';
    await guard(Promise.all([load(), loadInbox()]));
  }
  start();
})();
