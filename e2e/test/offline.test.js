// With the API down the resume stays readable and the visitor sees no
// error: the counter simply does not appear.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { firstPage, launch, visibleText } from '../lib/browser.js';
import { resumeJSON, startSite } from '../lib/site.js';

const isAPI = (url) => new URL(url).pathname.startsWith('/api/');

describe('with the API down', () => {
  let site;
  let browser;
  let resume;
  let healthyText;
  before(async () => {
    site = await startSite();
    browser = await launch();
    resume = await resumeJSON(site);
    // The page as read with everything working, counter aside.
    const page = await firstPage(browser);
    await page.goto(site.url + '/');
    await page.locator('#visits').waitFor({ state: 'visible' });
    healthyText = (await visibleText(page)).replace(/^.*visitors? · .*views?$/m, '');
  });
  after(async () => {
    await browser?.close();
    await site?.stop();
  });

  // assertReadable checks the page as a reader sees it once the counter's
  // request has failed.
  async function assertReadable(page, what) {
    assert.equal((await page.locator('h1').innerText()).trim(), resume.basics.name, `${what}: h1`);
    assert.ok(await page.locator('main').isVisible(), `${what}: main is hidden`);
    assert.ok(await page.locator('#work').isVisible(), `${what}: the experience is hidden`);
    assert.ok(await page.locator('#visits').isHidden(), `${what}: the counter is shown`);
    assert.equal(await page.locator('#visits').innerText(), '', `${what}: the counter has text`);
    assert.equal(await page.locator('[role=alert]:visible').count(), 0, `${what}: an alert is shown`);
    // Word for word what a reader sees with the API up, counter aside: no
    // error message, nothing missing.
    const text = await visibleText(page);
    assert.equal(text.replace(/\n{2,}/g, '\n').trim(), healthyText.replace(/\n{2,}/g, '\n').trim(),
      `${what}: the page reads differently`);
  }

  // check opens the home page with handle answering the API calls and
  // waits until the counter's request is over.
  async function check(what, handle, { settle = 300 } = {}) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err));
    try {
      await page.route((url) => isAPI(url.href), handle);
      const done = page.waitForEvent('requestfinished', (r) => isAPI(r.url()))
        .catch(() => null);
      const failed = page.waitForEvent('requestfailed', (r) => isAPI(r.url()))
        .catch(() => null);
      await page.goto(site.url + '/');
      await Promise.race([done, failed]);
      await page.waitForTimeout(settle); // let the script react to it
      await assertReadable(page, what);
      assert.deepEqual(errors.map(String), [], `${what}: uncaught errors`);
    } finally {
      await page.close();
    }
  }

  test('a refused connection', async () => {
    await check('aborted', (route) => route.abort('connectionrefused'));
  });

  test('a server error', async () => {
    await check('500', (route) => route.fulfill({
      status: 500, contentType: 'application/json', body: '{"error":"internal error"}',
    }));
  });

  test('a gateway answering HTML', async () => {
    await check('502 HTML', (route) => route.fulfill({
      status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>',
    }));
  });

  test('an answer that is not counts', async () => {
    await check('bad counts', (route) => route.fulfill({
      status: 200, contentType: 'application/json', body: '{"visitors":"many","views":null}',
    }));
  });

  test('an API that never answers', async () => {
    // The script gives up after its timeout (5 s) and shows nothing.
    const page = await browser.newPage();
    try {
      await page.route((url) => isAPI(url.href), () => {}); // never answered
      await page.goto(site.url + '/');
      await page.waitForTimeout(6000);
      await assertReadable(page, 'hanging');
    } finally {
      await page.close();
    }
  });

  test('the server stopped after serving the page', async () => {
    // The page and its script as the server served them; then the server
    // goes away and the counter's request meets a closed port.
    const files = {};
    for (const p of ['/', '/counter.js', '/favicon.svg']) {
      const res = await fetch(site.url + p);
      files[p] = { status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) };
      delete files[p].headers['content-encoding'];
      delete files[p].headers['content-length'];
    }
    const page = await browser.newPage();
    try {
      await site.stop();
      await page.route((url) => !isAPI(url.href), (route) => {
        const f = files[new URL(route.request().url()).pathname];
        return f ? route.fulfill(f) : route.abort();
      });
      const failed = page.waitForEvent('requestfailed', (r) => isAPI(r.url()));
      await page.goto(site.url + '/');
      const req = await failed;
      assert.match(req.failure().errorText, /REFUSED|FAILED/i);
      await page.waitForTimeout(300);
      await assertReadable(page, 'server stopped');
    } finally {
      await page.close();
    }
  });
});
