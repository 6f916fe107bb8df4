// Counts this page view and shows the totals, and sends the contact form
// with fetch. The page works without it, so every failure stays quiet.
(() => {
  'use strict';

  const TIMEOUT_MS = 5000;
  const FIELDS = ['name', 'email', 'message'];
  const LABELS = { name: 'Name', email: 'Email', message: 'Message' };
  const meta = document.querySelector('meta[name="cloudresume-api"]');
  const api = ((meta && meta.content) || '').replace(/\/+$/, '');

  // exchange posts body as JSON and reads the JSON answer. It rejects on a
  // network failure or after TIMEOUT_MS; data is null when the answer is
  // not JSON.
  async function exchange(path, body) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    try {
      const res = await fetch(api + path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
        keepalive: false,
        signal: abort.signal,
      });
      let data = null;
      try {
        data = await res.json();
      } catch (err) {
        data = null;
      }
      return { status: res.status, ok: res.ok, data: data };
    } finally {
      clearTimeout(timer);
    }
  }

  function isCount(n) {
    return typeof n === 'number' && Number.isFinite(n) && n >= 0;
  }

  function counted(n, word, format) {
    return format.format(n) + ' ' + word + (n === 1 ? '' : 's');
  }

  async function countVisit(el) {
    try {
      const res = await exchange('/api/visits', {
        path: location.pathname,
        referrer: document.referrer.slice(0, 2048),
        automated: navigator.webdriver === true,
        query: location.search.slice(0, 2048),
        screen: window.screen ? window.screen.width : 0,
      });
      const d = res.data;
      if (res.status !== 200 || !d || !isCount(d.visitors) || !isCount(d.views)) {
        console.debug('visits: no count', res.status);
        return;
      }
      const format = new Intl.NumberFormat('en-US');
      el.textContent = counted(d.visitors, 'visitor', format) + ' · ' + counted(d.views, 'view', format);
      el.hidden = false;
    } catch (err) {
      console.debug('visits:', err);
    }
  }

  function field(form, name) {
    const el = form.elements.namedItem(name);
    return el && typeof el.value === 'string' ? el : null;
  }

  // summaryText names the field in front of a reason phrased to follow
  // its name ("is required"): the summary's links are read out of the
  // form's context. The server's page does the same.
  function summaryText(key, why) {
    const label = LABELS[key];
    const first = why.charAt(0);
    return label && first !== first.toUpperCase() ? label + ' ' + why : why;
  }

  function clearProblems(form) {
    form.querySelectorAll('.error-summary, .field-error').forEach((el) => el.remove());
    form.querySelectorAll('[aria-invalid]').forEach((el) => {
      el.removeAttribute('aria-invalid');
      el.removeAttribute('aria-describedby');
    });
  }

  // showProblems marks each field as the server's page does: an error
  // beside the field, aria-invalid and aria-describedby, and a summary
  // with links that takes the focus.
  function showProblems(form, problems) {
    clearProblems(form);
    const keys = Object.keys(problems).sort((a, b) => {
      const ia = FIELDS.indexOf(a);
      const ib = FIELDS.indexOf(b);
      return (ia < 0 ? FIELDS.length : ia) - (ib < 0 ? FIELDS.length : ib);
    });
    const list = document.createElement('ul');
    keys.forEach((key) => {
      const why = String(problems[key]);
      const item = document.createElement('li');
      const input = FIELDS.indexOf(key) >= 0 ? field(form, key) : null;
      if (input) {
        const link = document.createElement('a');
        link.href = '#' + key;
        link.textContent = summaryText(key, why);
        item.appendChild(link);
        const error = document.createElement('p');
        error.id = key + '-error';
        error.className = 'field-error';
        error.textContent = why;
        input.parentNode.insertBefore(error, input);
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', error.id);
      } else {
        item.textContent = why;
      }
      list.appendChild(item);
    });
    const title = document.createElement('p');
    title.textContent = 'There is a problem with your message:';
    const summary = document.createElement('div');
    summary.className = 'error-summary';
    summary.id = 'contact-errors';
    summary.setAttribute('role', 'alert');
    summary.tabIndex = -1;
    summary.appendChild(title);
    summary.appendChild(list);
    form.insertBefore(summary, form.firstChild);
    summary.focus();
  }

  function thank(form) {
    let status = document.getElementById('contact-status');
    if (!status) {
      status = document.createElement('p');
      status.className = 'status';
      status.setAttribute('role', 'status');
    }
    const text = form.getAttribute('data-thanks') || 'Thank you for your message.';
    form.parentNode.replaceChild(status, form);
    status.tabIndex = -1;
    status.textContent = text;
    status.focus();
  }

  // freshToken fetches a new form token into the hidden field. The server
  // takes a form sent sooner than min_age_ms after its token for a
  // script's, so readyAt (performance.now() time) says when it may go;
  // counted from the answer, after the token was issued, never too soon.
  async function freshToken(form, token) {
    const input = field(form, 'token');
    if (!input) {
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    try {
      const res = await fetch(api + '/api/contact/token', {
        headers: { Accept: 'application/json' },
        cache: 'no-store',
        signal: abort.signal,
      });
      const d = res.ok ? await res.json() : null;
      if (!d || typeof d.token !== 'string' || d.token === '') {
        console.debug('contact: no token', res.status);
        return;
      }
      input.value = d.token;
      token.readyAt = performance.now() + (isCount(d.min_age_ms) ? d.min_age_ms : 3000) + 250;
    } catch (err) {
      console.debug('contact: token:', err);
    } finally {
      clearTimeout(timer);
    }
  }

  function enhanceForm(form) {
    let sending = false;
    // A page built ahead of time has no token: fetch one as it loads.
    const token = { readyAt: 0, loading: null };
    const tokenInput = field(form, 'token');
    if (tokenInput && tokenInput.value === '') {
      token.loading = freshToken(form, token);
    }
    form.addEventListener('click', (event) => {
      // A summary link moves the focus into its field, not just the view.
      const link = event.target.closest && event.target.closest('.error-summary a[href^="#"]');
      const input = link && field(form, link.getAttribute('href').slice(1));
      if (input) {
        event.preventDefault();
        input.focus();
      }
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (sending) {
        return;
      }
      sending = true;
      // Busy until the answer is shown: assistive technology waits, and so
      // can anything that watches the form.
      form.setAttribute('aria-busy', 'true');
      const button = form.querySelector('button[type="submit"]');
      if (button) {
        button.disabled = true;
      }
      const value = (name) => {
        const el = field(form, name);
        return el ? el.value : '';
      };
      let res;
      try {
        // A fresh token is sent only once old enough, so a quick visitor
        // is not taken for a script.
        await token.loading;
        const wait = token.readyAt - performance.now();
        if (wait > 0) {
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
        res = await exchange('/api/contact', {
          name: value('name'),
          email: value('email'),
          message: value('message'),
          website: value('website'),
          token: value('token'),
        });
      } catch (err) {
        console.debug('contact:', err);
        form.submit(); // the server answers a plain form post with a page
        return;
      } finally {
        sending = false;
        if (button) {
          button.disabled = false;
        }
      }
      try {
        await showOutcome(res);
      } finally {
        form.removeAttribute('aria-busy');
      }
    });

    // showOutcome shows the answer to the form: the thank-you, or the
    // problems beside their fields.
    async function showOutcome(res) {
      const d = res.data;
      if (res.ok) {
        thank(form);
      } else if (d && d.problems && typeof d.problems === 'object' && Object.keys(d.problems).length > 0) {
        if (res.status === 422 && d.problems.token) {
          // The form expired: get a new token, and the visitor sends again.
          token.loading = freshToken(form, token);
          await token.loading;
        }
        showProblems(form, d.problems);
      } else {
        const why = res.status < 500 && d && typeof d.error === 'string' && d.error
          ? d.error
          : 'The message could not be sent. Please try again later.';
        showProblems(form, { '': why });
      }
    }
  }

  try {
    const visits = document.getElementById('visits');
    if (visits) {
      countVisit(visits);
    }
    const form = document.getElementById('contact-form');
    if (form && window.fetch && window.AbortController) {
      enhanceForm(form);
    }
    // After a plain form post the server's page tells how it went: take
    // the reader there.
    const outcome = document.getElementById('contact-errors') || document.getElementById('contact-status');
    if (outcome && outcome.textContent.trim() !== '') {
      outcome.focus();
    }
  } catch (err) {
    console.debug('cloudresume:', err);
  }
})();
