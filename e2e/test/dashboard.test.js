// The /admin dashboard against a real `cloudresume serve`: sign-in with
// the admin token, the chart and numbers against the API's, the range
// picker, the inbox (read, mark read, reply, retry), the CSV export,
// sign-out, axe, dark mode and a phone's width.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { assertNoViolations, launch } from '../lib/browser.js';
import { startSite } from '../lib/site.js';
import { admin, dayBefore, seedVisits, sendMessage, smtpServer, until } from '../lib/dashboard.js';

const KEY = 'cloudresume.admin.token';

describe('dashboard', () => {
  let site;
  let smtp;
  let browser;
  let cspErrors = [];
  before(async () => {
    smtp = await smtpServer();
    site = await startSite({
      extraArgs: ['--notify', 'smtp', '--smtp-host', '127.0.0.1', '--smtp-port', String(smtp.port), '--smtp-starttls', 'never',
        '--mail-from', 'site@example.org', '--mail-to', 'owner@example.org'],
    });
    await seedVisits(site);
    await sendMessage(site, { name: 'Ada Lovelace', email: 'ada@example.org', message: 'Hello,\nabout the engine.' });
    // The server refuses the notification for good: the message is failed.
    await until('the message to fail', async () => (await admin(site, '/api/admin/stats')).undelivered.failed.length === 1);
    browser = await launch({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    browser.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await site?.stop();
    await smtp?.close();
  });

  // signIn opens /admin and signs in with the token by the keyboard.
  async function signIn(page) {
    await page.goto(site.url + '/admin');
    await page.locator('#token').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#cognito-form').isVisible(), false, 'the Cognito form is hidden without a client ID');
    await page.locator('#token').focus();
    await page.keyboard.type(site.adminToken);
    const stats = page.waitForResponse((r) => r.url().includes('/api/admin/stats'));
    await page.keyboard.press('Enter');
    assert.equal((await stats).status(), 200);
    await page.locator('#chart svg').waitFor();
  }

  // shown answers the numbers the page shows.
  const shown = (page) => page.evaluate(() => {
    const n = (id) => Number(document.getElementById(id).textContent.replace(/,/g, ''));
    return {
      from: document.getElementById('shown-from').textContent, to: document.getElementById('shown-to').textContent,
      range: { visitors: n('range-visitors'), views: n('range-views'), bots: n('range-bots') },
      all: { visitors: n('all-visitors'), views: n('all-views'), bots: n('all-bots') },
      dots: document.querySelectorAll('#chart circle.views').length,
      lines: document.querySelectorAll('#chart polyline').length,
    };
  });

  test('signs in with the token; the chart and the numbers are the API\'s', async () => {
    const page = await browser.newPage();
    await page.goto(site.url + '/admin');
    await page.locator('#token').waitFor({ state: 'visible' });
    await assertNoViolations(page, 'the sign-in form');
    await signIn(page);
    const s = await shown(page);
    assert.deepEqual([s.from, s.to], [dayBefore(29), dayBefore(0)], 'the default range is the last 30 days');
    const api = await admin(site, `/api/admin/stats?from=${s.from}&to=${s.to}`);
    assert.deepEqual(s.range, { visitors: api.report.totals.visitors, views: api.report.totals.views, bots: api.report.totals.bots });
    assert.deepEqual(s.all, api.visits);
    assert.deepEqual(s.all, { visitors: 2, views: 3, bots: 1 }, 'two people, three views, one crawler counted apart');
    assert.equal(s.lines, 2, 'a line of visitors and one of views');
    assert.equal(s.dots, 30, 'a point a day');
    const label = await page.locator('#chart svg').getAttribute('aria-label');
    assert.match(label, /30 days .* 2 visitors and 3 views/);
    assert.equal(await page.locator('#dims table').count(), 10, 'a table per dimension');
    assert.ok(await page.evaluate((k) => sessionStorage.getItem(k), KEY), 'the token is in sessionStorage');
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null, 'and not in localStorage');
    await assertNoViolations(page, 'the dashboard');
    await page.close();
  });

  test('the range changes: presets by keyboard, custom days, bad days', async () => {
    const page = await browser.newPage();
    await signIn(page);
    // Tab to the "7 days" button and press it.
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.dataset?.days === '7')) break;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '7 days', 'the preset is reached by Tab');
    let res = page.waitForResponse((r) => r.url().includes('/api/admin/stats'));
    await page.keyboard.press('Enter');
    assert.ok((await res).url().includes(`from=${dayBefore(6)}&to=${dayBefore(0)}`));
    await until('the 7 days shown', async () => (await shown(page)).dots === 7);
    assert.equal(await page.locator('[data-days="7"]').getAttribute('aria-pressed'), 'true');

    res = page.waitForResponse((r) => r.url().includes('/api/admin/stats'));
    await page.locator('[data-days="365"]').click();
    await res;
    await until('12 months shown', async () => (await shown(page)).from === dayBefore(364));

    await page.locator('#from').fill(dayBefore(2));
    await page.locator('#to').fill(dayBefore(1));
    res = page.waitForResponse((r) => r.url().includes('/api/admin/stats'));
    await page.locator('#custom button').click();
    await res;
    await until('the custom range shown', async () => (await shown(page)).dots === 2);
    const s = await shown(page);
    assert.deepEqual([s.from, s.to, s.range.views], [dayBefore(2), dayBefore(1), 0], 'two days before today, without views');

    await page.locator('#from').fill(dayBefore(0));
    await page.locator('#to').fill(dayBefore(3));
    res = page.waitForResponse((r) => r.url().includes('/api/admin/stats'));
    await page.locator('#custom button').click();
    assert.equal((await res).status(), 400);
    await until('the problem told', async () => /must not be before from/.test(await page.locator('#status').textContent()));
    await page.close();
  });

  test('the inbox: read, reply by mail, mark read, retry the failed delivery', async () => {
    const page = await browser.newPage();
    await signIn(page);
    const item = page.locator('#messages li').first();
    await item.waitFor();
    assert.match(await item.textContent(), /Ada Lovelace <ada@example\.org>/);
    assert.match(await item.locator('.state').textContent(), /not delivered: .*550/);
    assert.equal(await item.getAttribute('class'), 'unread');
    assert.match(await page.locator('#undelivered').textContent(), /1 not delivered/);

    const body = item.locator('.body');
    assert.equal(await body.isVisible(), false);
    await item.getByRole('button', { name: 'Read', exact: true }).click();
    assert.equal(await body.isVisible(), true);
    assert.equal(await body.locator('.text').textContent(), 'Hello,\nabout the engine.');
    const mailto = await body.locator('a').getAttribute('href');
    assert.ok(mailto.startsWith('mailto:ada@example.org?subject='), mailto);
    await assertNoViolations(page, 'the inbox with a message open');

    const read = page.waitForResponse((r) => r.url().endsWith('/read') && r.request().method() === 'POST');
    await item.getByRole('button', { name: 'Mark read' }).click();
    assert.equal((await read).status(), 204);
    await until('the message shown read', async () => (await page.locator('#messages li').first().getAttribute('class')) === 'read');
    const list = await admin(site, '/api/admin/messages');
    assert.equal(list.messages[0].read, true);
    assert.equal(list.unread, 0);

    smtp.refuse = false;
    const retry = page.waitForResponse((r) => r.url().endsWith('/retry') && r.request().method() === 'POST');
    await page.locator('#messages li').first().getByRole('button', { name: 'Retry delivery' }).click();
    assert.equal((await retry).status(), 204);
    await until('the retried message sent', async () => (await admin(site, '/api/admin/messages')).messages[0].delivery.state === 'sent');
    assert.equal(smtp.mails.length, 1, 'the owner was told once');
    await page.close();
  });

  test('exports the range as CSV', async () => {
    const page = await browser.newPage();
    await signIn(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export').click()]);
    assert.equal(download.suggestedFilename(), `visits-${dayBefore(29)}-${dayBefore(0)}.csv`);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    const rows = csv.trimEnd().split('\r\n').map((l) => l.split(','));
    assert.deepEqual(rows[0], ['dimension', 'value', 'visitors', 'views', 'bots']);
    const api = await admin(site, `/api/admin/stats?from=${dayBefore(29)}&to=${dayBefore(0)}`);
    const days = rows.filter((r) => r[0] === 'day');
    assert.deepEqual(days, api.report.days.map((d) => ['day', d.day, String(d.visitors), String(d.views), String(d.bots)]));
    const dims = Object.values(api.report.dimensions).reduce((n, v) => n + v.length, 0);
    assert.equal(rows.length, 1 + days.length + dims, 'a row a day and a row a value');
    await page.close();
  });

  test('sign-out drops the token', async () => {
    const page = await browser.newPage();
    await signIn(page);
    await page.locator('#signout').click();
    await page.locator('#token').waitFor({ state: 'visible' });
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), KEY), null);
    assert.equal(await page.locator('#app').isVisible(), false);
    await page.reload();
    await page.locator('#token').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#app').isVisible(), false, 'still signed out after a reload');
    await page.close();
  });

  test('a wrong token is told and not kept', async () => {
    const page = await browser.newPage();
    await page.goto(site.url + '/admin');
    await page.locator('#token').fill('wrong');
    await page.locator('#token-form button').click();
    await until('the refusal told', async () => /sign in again/.test(await page.locator('#signin-error').textContent()));
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), KEY), null);
    await page.close();
  });

  test('dark mode and a 390 px phone', async () => {
    for (const [what, opts] of [['dark', { colorScheme: 'dark', viewport: { width: 1280, height: 900 } }], ['390 px', { viewport: { width: 390, height: 844 } }]]) {
      const ctx = await launch(opts);
      try {
        const page = ctx.pages()[0] || await ctx.newPage();
        await signIn(page);
        await page.locator('#messages li').first().waitFor();
        if (what === 'dark') {
          assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(18, 18, 18)');
        } else {
          const wide = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(wide <= 390, `the page is ${wide} px wide at 390 px`);
        }
        await assertNoViolations(page, `the dashboard, ${what}`);
      } finally {
        await ctx.close();
      }
    }
  });

  test('no Content Security Policy violation', () => {
    assert.deepEqual(cspErrors, []);
  });
});
