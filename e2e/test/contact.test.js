// The contact form, with and without JavaScript: a message is stored and
// thanked for; every problem is shown beside its field and announced.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { firstPage, launch, visibleText } from '../lib/browser.js';
import { contactAvailable, fillForm, GOOD_MESSAGE, submitPlain, submitWithScript } from '../lib/contact.js';
import { startSite } from '../lib/site.js';

const THANKS = /^Thank you for your message\b/;
const LABELS = { name: 'Name', email: 'Email', message: 'Message' };

// A form with every field wrong, and what the server says of each.
const BAD = { name: '   ', email: 'ada at example', message: '' };
const BAD_WHY = {
  name: /required/,
  email: /email address/,
  message: /required/,
};

let site;
let available = false;
before(async () => {
  site = await startSite();
  available = await contactAvailable(site);
});
after(async () => {
  await site?.stop();
});

// messages answers the stored messages, newest first, and the spam count.
async function messages() {
  const res = await fetch(site.url + '/api/admin/messages', {
    headers: { Authorization: `Bearer ${site.adminToken}` },
  });
  assert.equal(res.status, 200, 'GET /api/admin/messages');
  return res.json();
}

// assertThanked checks the thank-you state: the form is gone and a status
// message says thanks.
async function assertThanked(page) {
  await page.locator('#contact-form').waitFor({ state: 'detached' });
  const status = page.getByRole('status');
  await status.waitFor({ state: 'visible' });
  assert.match((await status.innerText()).trim(), THANKS);
  assert.equal(await status.getAttribute('id'), 'contact-status');
  assert.equal(await page.locator('#contact-errors').count(), 0, 'an error summary is left');
}

// assertStored checks that the newest stored message is what was typed.
async function assertStored(before, typed = GOOD_MESSAGE) {
  const { messages: list } = await messages();
  assert.equal(list.length, before + 1, 'messages stored');
  const m = list[0];
  assert.deepEqual({ name: m.name, email: m.email, message: m.message }, typed);
}

// assertProblems checks that each field in want (field -> RegExp) is marked
// invalid with its reason beside it, that the others are not, and that an
// alert sums them up with a link to each field that names it.
async function assertProblems(page, want, { focused = true } = {}) {
  for (const field of Object.keys(LABELS)) {
    const input = page.locator(`#contact-form [name="${field}"]`);
    if (!want[field]) {
      assert.equal(await input.getAttribute('aria-invalid'), null, `${field} is marked invalid`);
      assert.equal(await page.locator(`#${field}-error`).count(), 0, `${field} has an error`);
      continue;
    }
    assert.equal(await input.getAttribute('aria-invalid'), 'true', `${field}: aria-invalid`);
    const describedBy = await input.getAttribute('aria-describedby');
    assert.ok(describedBy, `${field}: no aria-describedby`);
    const error = page.locator(`#${describedBy}`);
    assert.equal(await error.count(), 1, `${field}: aria-describedby="${describedBy}" names no element`);
    assert.ok(await error.isVisible(), `${field}: its error is hidden`);
    const why = (await error.innerText()).trim();
    assert.match(why, want[field], `${field}: error text`);
    // Beside its field: in the same group, right above the input, below the label.
    const beside = await input.evaluate((el, id) => {
      const err = document.getElementById(id);
      const label = document.querySelector(`label[for="${el.id}"]`);
      return err.parentElement === el.parentElement &&
        err.nextElementSibling === el &&
        label.compareDocumentPosition(err) === Node.DOCUMENT_POSITION_FOLLOWING;
    }, describedBy);
    assert.ok(beside, `${field}: the error is not beside its field`);
    // What a screen reader reads for the field: its label, then the reason.
    assert.equal(await page.getByLabel(LABELS[field], { exact: true }).getAttribute('aria-describedby'), describedBy);
  }

  const alert = page.getByRole('alert');
  assert.equal(await alert.count(), 1, 'one error summary');
  assert.ok(await alert.isVisible(), 'the error summary is hidden');
  assert.equal(await alert.getAttribute('id'), 'contact-errors');
  const links = await alert.locator('a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.innerText.trim() })));
  assert.deepEqual(links.map((l) => l.href), Object.keys(LABELS).filter((f) => want[f]).map((f) => `#${f}`),
    'the summary links each field with a problem, in form order');
  for (const { href, text } of links) {
    const field = href.slice(1);
    // Out of the form's context a link must say which field it is about.
    assert.ok(text.toLowerCase().includes(LABELS[field].toLowerCase()), `summary link "${text}" does not name the ${field} field`);
    assert.match(text, want[field], `summary link for ${field}`);
  }
  // With the script the summary takes the focus, so it is read out at once.
  if (focused) {
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'contact-errors', 'the summary does not have the focus');
  }
}

describe('the contact form with JavaScript', () => {
  let browser;
  before(async (t) => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test('a message is stored and the form replaced by a thank-you', async (t) => {
    assert.ok(available, 'the home page has no contact form');
    const page = await firstPage(browser);
    const stored = (await messages()).messages.length;
    await page.goto(site.url + '/');
    await fillForm(page);
    const res = await submitWithScript(page, site);
    assert.equal(res.status(), 202);
    assert.equal(res.request().headers()['content-type'], 'application/json', 'the script posts JSON');
    await assertThanked(page);
    assert.equal(new URL(page.url()).pathname, '/', 'the page was left');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'contact-status', 'the thank-you does not have the focus');
    await assertStored(stored);
  });

  test('each problem is shown beside its field and announced', async (t) => {
    assert.ok(available, 'the home page has no contact form');
    const page = await browser.newPage();
    try {
      const stored = (await messages()).messages.length;
      await page.goto(site.url + '/');
      await fillForm(page, BAD);
      const res = await submitWithScript(page, site);
      assert.equal(res.status(), 422);
      await page.locator('#contact-errors').waitFor({ state: 'visible' });
      await assertProblems(page, BAD_WHY);

      // A link of the summary takes the reader into its field.
      await page.locator('#contact-errors a[href="#email"]').click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'email');

      // Only the email wrong now: only it is marked.
      await fillForm(page, { ...GOOD_MESSAGE, email: 'ada@' });
      assert.equal((await submitWithScript(page, site)).status(), 422);
      await assertProblems(page, { email: BAD_WHY.email });

      // Put right, it is sent.
      await fillForm(page, GOOD_MESSAGE);
      assert.equal((await submitWithScript(page, site)).status(), 202);
      await assertThanked(page);
      await assertStored(stored);
    } finally {
      await page.close();
    }
  });
});

describe('the contact form without JavaScript', () => {
  let browser;
  before(async () => {
    browser = await launch({ javaScriptEnabled: false });
  });
  after(async () => {
    await browser?.close();
  });

  test('a plain post is stored and redirected to the thank-you', async (t) => {
    assert.ok(available, 'the home page has no contact form');
    const page = await firstPage(browser);
    const stored = (await messages()).messages.length;
    await page.goto(site.url + '/');
    assert.equal(await page.evaluate(() => document.getElementById('contact-form').method), 'post');
    await fillForm(page);
    const res = await submitPlain(page, site);
    assert.equal(res.status(), 303, 'a form post is answered with a redirect');
    assert.match(res.request().headers()['content-type'], /^application\/x-www-form-urlencoded/);
    assert.equal(new URL(page.url()).pathname, '/contact/thanks');
    await assertThanked(page);
    await assertStored(stored);
    // A page of the site: one heading, and the way back to the resume.
    assert.equal(await page.locator('h1').count(), 1);
    await page.getByRole('link', { name: 'Back to the resume' }).click();
    assert.equal(new URL(page.url()).pathname, '/');
  });

  test('each problem is shown beside its field and announced', async (t) => {
    assert.ok(available, 'the home page has no contact form');
    const page = await browser.newPage();
    try {
      const stored = (await messages()).messages.length;
      await page.goto(site.url + '/');
      await fillForm(page, BAD);
      const res = await submitPlain(page, site);
      assert.equal(res.status(), 422);
      // Without the script nothing moves the focus; the rest is as with it.
      await assertProblems(page, BAD_WHY, { focused: false });
      // What was typed is kept.
      assert.equal(await page.locator('#email').inputValue(), BAD.email);
      assert.equal(await page.locator('#name').inputValue(), BAD.name);

      await fillForm(page, { ...GOOD_MESSAGE, message: '' });
      assert.equal((await submitPlain(page, site)).status(), 422);
      await assertProblems(page, { message: BAD_WHY.message }, { focused: false });
      assert.equal(await page.locator('#email').inputValue(), GOOD_MESSAGE.email);

      await fillForm(page, GOOD_MESSAGE);
      assert.equal((await submitPlain(page, site)).status(), 303);
      await assertThanked(page);
      await assertStored(stored);
    } finally {
      await page.close();
    }
  });
});

describe('the spam checks', () => {
  let spamSite;
  let browser;
  before(async () => {
    // A minimum time no test run comes near, however slow the machine: a
    // post from this site's page is always too soon. That a person who
    // waits gets through is what the other tests show, with a short one.
    spamSite = await startSite({ extraArgs: ['--contact-min-age', '1h'] });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await spamSite?.stop();
  });

  async function inbox() {
    const res = await fetch(spamSite.url + '/api/admin/messages', {
      headers: { Authorization: `Bearer ${spamSite.adminToken}` },
    });
    return res.json();
  }

  test('a form sent too soon is thanked for and dropped', async () => {
    const page = await firstPage(browser);
    await page.goto(spamSite.url + '/');
    assert.ok(await contactAvailable(spamSite), 'the home page has no contact form');
    // Sent at once, as a script would: the visitor sees the thank-you,
    // nothing is stored.
    await fillForm(page);
    const [res] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/contact'),
      page.locator('#contact-form button[type=submit]').click(),
    ]);
    assert.equal(res.status(), 202);
    await assertThanked(page);
    let box = await inbox();
    assert.deepEqual([box.messages.length, box.spam], [0, 1], 'a fast post was stored');

  });
});

describe('the hidden field', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test('a form with the hidden field filled, sent after the minimum time, is thanked for and dropped', async () => {
    assert.ok(available, 'the home page has no contact form');
    const page = await firstPage(browser);
    const before = await messages();
    await page.goto(site.url + '/');
    await fillForm(page);
    // People do not see the field; scripts fill it in.
    await page.locator('#website').evaluate((el) => { el.value = 'http://spam.example'; });
    assert.equal((await submitWithScript(page, site)).status(), 202);
    await assertThanked(page);
    const after = await messages();
    assert.deepEqual([after.messages.length, after.spam], [before.messages.length, before.spam + 1], 'a honeypot post was stored');
  });
});

describe('the rate limit of messages', () => {
  let limited;
  let browser;
  let noJS;
  before(async () => {
    // One message a minute per client: the second is over the rate.
    limited = await startSite({ extraArgs: ['--contact-rate', '1'] });
    browser = await launch();
    noJS = await launch({ javaScriptEnabled: false });
  });
  after(async () => {
    await browser?.close();
    await noJS?.close();
    await limited?.stop();
  });

  test('with JavaScript, the message over the rate says to wait and is kept in the form', async () => {
    const page = await firstPage(browser);
    await page.goto(limited.url + '/');
    await fillForm(page);
    assert.equal((await submitWithScript(page, limited)).status(), 202);
    await page.goto(limited.url + '/');
    await fillForm(page);
    const res = await submitWithScript(page, limited);
    assert.equal(res.status(), 429);
    assert.ok(res.headers()['retry-after'], 'no Retry-After');
    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'visible' });
    assert.match(await alert.innerText(), /too many messages/i);
    assert.equal(await page.locator('#message').inputValue(), GOOD_MESSAGE.message, 'the message was lost');
  });

  test('without JavaScript, a page in the site\'s style says how long to wait and keeps the message', async () => {
    const page = await firstPage(noJS);
    await page.goto(limited.url + '/');
    await fillForm(page);
    // The client's one message of the minute went in the test before.
    const res = await submitPlain(page, limited);
    assert.equal(res.status(), 429);
    assert.match(await page.locator('h1').innerText(), /Too many messages/);
    assert.match(await visibleText(page), /try again in \d+ seconds|try again in a second|try again in \d+ minutes/);
    assert.equal(await page.locator('#message').inputValue(), GOOD_MESSAGE.message, 'the message was lost');
    assert.equal(await page.locator('link[rel=stylesheet], style').count() > 0, true, 'the page has no style');
  });
});
