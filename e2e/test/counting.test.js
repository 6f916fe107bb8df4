// What the counter counts of a real browser's view: where it came from
// (document.referrer, the page's utm_ parameters), the browser, OS, device
// and screen width; a view without JavaScript through the <noscript>
// image; and an automated browser apart, as a bot. Each is read back from
// the owner's report.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launch } from '../lib/browser.js';
import { startSite, stats } from '../lib/site.js';
import { until } from '../lib/dashboard.js';

const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const FIREFOX_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

// counts answers a dimension's values as {value: views}.
function counts(report, dim) {
  return Object.fromEntries((report.dimensions[dim] || []).map((v) => [v.value, v.views]));
}

describe('counting', () => {
  let site;
  before(async () => {
    site = await startSite();
  });
  after(async () => {
    await site?.stop();
  });

  test('a phone that followed a LinkedIn link of a newsletter is counted by every dimension', async () => {
    const browser = await launch({
      userAgent: IPHONE_UA, viewport: { width: 390, height: 844 }, screen: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
    });
    try {
      const page = await browser.newPage();
      const before = (await stats(site)).report.totals.views;
      const recorded = page.waitForResponse((r) => r.url().endsWith('/api/visits') && r.request().method() === 'POST');
      await page.goto(site.url + '/?utm_source=Newsletter&utm_medium=email&utm_campaign=Launch', { referer: 'https://www.linkedin.com/feed/' });
      assert.equal((await recorded).status(), 200);
      const r = (await stats(site)).report;
      assert.equal(r.totals.views, before + 1);
      assert.deepEqual(counts(r, 'referrer'), { 'linkedin.com': 1 });
      assert.deepEqual(counts(r, 'utm_source'), { newsletter: 1 });
      assert.deepEqual(counts(r, 'utm_medium'), { email: 1 });
      assert.deepEqual(counts(r, 'utm_campaign'), { launch: 1 });
      assert.deepEqual(counts(r, 'browser'), { 'Safari 18': 1 });
      assert.deepEqual(counts(r, 'os'), { iOS: 1 });
      assert.deepEqual(counts(r, 'device'), { mobile: 1 });
      assert.deepEqual(counts(r, 'screen'), { '<=480': 1 });
      assert.deepEqual(counts(r, 'path'), { '/': 1 });

      // A click to another page of the site: a view, its own referrer dropped.
      const again = page.waitForResponse((r) => r.url().endsWith('/api/visits') && r.request().method() === 'POST');
      await page.goto(site.url + '/movies', { referer: site.url + '/' });
      assert.equal((await again).status(), 200);
      const r2 = (await stats(site)).report;
      assert.deepEqual(counts(r2, 'referrer'), { 'linkedin.com': 1 }, 'the own site is not a referrer');
      assert.deepEqual(counts(r2, 'path'), { '/': 1, '/movies': 1 });
      assert.equal(counts(r2, 'device').mobile, 2);
    } finally {
      await browser.close();
    }
  });

  test('a browser without JavaScript is counted by the noscript image', async () => {
    const browser = await launch({ userAgent: FIREFOX_UA, javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    try {
      const page = await browser.newPage();
      const before = (await stats(site)).report;
      const pixel = page.waitForResponse((r) => r.url().includes('/api/visits/pixel.gif'));
      await page.goto(site.url + '/movies');
      const res = await pixel;
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['content-type'], 'image/gif');
      assert.match(res.headers()['cache-control'], /no-store/);
      const r = await until('the view to be counted', async () => {
        const now = (await stats(site)).report;
        return now.totals.views === before.totals.views + 1 ? now : null;
      });
      assert.equal(r.totals.bots, before.totals.bots);
      assert.equal(counts(r, 'path')['/movies'], (counts(before, 'path')['/movies'] || 0) + 1);
      assert.equal(counts(r, 'browser')['Firefox 133'], 1);
      assert.equal(counts(r, 'os').Windows, 1);
      assert.equal(counts(r, 'screen')['>1440'] || 0, counts(before, 'screen')['>1440'] || 0, 'no script, no screen width');
    } finally {
      await browser.close();
    }
  });

  test('a browser driven by automation is a bot, counted apart', async () => {
    const browser = await launch({ human: false, userAgent: FIREFOX_UA });
    try {
      const page = await browser.newPage();
      const before = (await stats(site)).report;
      const recorded = page.waitForResponse((r) => r.url().endsWith('/api/visits') && r.request().method() === 'POST');
      await page.goto(site.url + '/?utm_source=bot', { referer: 'https://example.net/' });
      assert.equal((await recorded).status(), 200);
      const r = (await stats(site)).report;
      assert.equal(r.totals.bots, before.totals.bots + 1);
      assert.equal(r.totals.views, before.totals.views);
      assert.equal(counts(r, 'utm_source').bot, undefined);
      assert.equal(counts(r, 'referrer')['example.net'], undefined);
    } finally {
      await browser.close();
    }
  });
});
