// Every built-in theme, served with the example resume and a local photo
// (one server per theme): the photo loads, the navigation is one row on a
// desktop and a menu on a phone, nothing scrolls sideways, light and dark
// follow the system, axe finds nothing on the resume, the movies and the
// not-found pages, and print gives the expected pages. Screenshots at
// 390 and 1280 px, light and dark, go to artifacts/themes/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { PDFDocument } from 'pdf-lib';

import { assertNoViolations, firstPage, gotoCounted, launch } from '../lib/browser.js';
import { artifacts, startSite, THEMES } from '../lib/site.js';

const MOBILE_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36';
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, userAgent: MOBILE_UA };

// The printed example's pages: at most two, and the compact theme's one
// or two.
const PRINTED = { classic: [1, 2], modern: [1, 2], compact: [1, 2] };
const A4 = { width: 595.28, height: 841.89 }; // points

const shots = path.join(artifacts, 'themes');

// luminance answers the WCAG relative luminance of a CSS rgb() color.
function luminance(css) {
  const m = css.match(/rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)/);
  assert.ok(m, `not an rgb color: ${css}`);
  const [r, g, b] = m.slice(1, 4).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// fitsWidth asserts that the page does not scroll sideways.
async function assertFitsWidth(page, what) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  assert.ok(scroll <= inner, `${what}: the page is ${scroll} px wide on a ${inner} px screen`);
}

// sectionIds answers the ids of the page's resume sections, in order.
function sectionIds(page) {
  return page.locator('main section[id], aside section[id]').evaluateAll((els) =>
    els.map((e) => e.id).filter((id) => id !== 'contact' && id !== 'details'));
}

fs.mkdirSync(shots, { recursive: true });

for (const theme of THEMES) {
  describe(`theme ${theme}`, () => {
    let site;
    let desktop;
    let phone;
    let page; // the desktop's resume page
    before(async () => {
      site = await startSite({ theme, photo: true });
      desktop = await launch(DESKTOP);
      phone = await launch(PHONE);
      page = await firstPage(desktop);
      await gotoCounted(page, site.url + '/');
      await page.locator('#visits').waitFor({ state: 'visible' });
    });
    after(async () => {
      await desktop?.close();
      await phone?.close();
      await site?.stop();
    });

    test('the page is in the theme, with the photo loaded', async () => {
      assert.equal(await page.locator('body').getAttribute('class'), theme);
      const photo = page.locator('img.photo');
      assert.equal(await photo.count(), 1, 'no photo on the page');
      assert.match(await photo.getAttribute('src'), /^\/photo\/[0-9a-f]{16}\.jpg$/);
      const { complete, width } = await photo.evaluate((img) => ({ complete: img.complete, width: img.naturalWidth }));
      assert.ok(complete && width > 0, `the photo did not load (naturalWidth ${width})`);
      assert.ok(await photo.isVisible(), 'the photo is hidden');
    });

    test('desktop: the navigation is one row, and "More" opens the other sections', async () => {
      await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
      const row = page.locator('.nav-row');
      assert.ok(await row.isVisible(), 'the row is not shown at 1280 px');
      assert.ok(!(await page.locator('.nav-menu').isVisible()), 'the small screens\' menu is shown at 1280 px');
      const tops = await row.locator(':scope > li').evaluateAll((lis) => lis.map((li) => li.getBoundingClientRect().top));
      assert.ok(tops.length >= 6, `the row has ${tops.length} items`);
      assert.equal(new Set(tops.map((y) => Math.round(y))).size, 1, `the row wraps: tops ${tops}`);
      const box = await row.boundingBox();
      assert.ok(box.height < 60, `the row is ${box.height} px high`);
      // Every section is reached from the row or from "More", which needs no script.
      await row.locator('.more summary').click();
      await row.locator('.more ul a').first().waitFor({ state: 'visible' });
      const hrefs = await row.locator('a:visible').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const id of await sectionIds(page)) {
        assert.ok(hrefs.includes('#' + id), `#${id} is not in the navigation (${hrefs})`);
      }
      await row.locator('.more summary').click();
      assert.ok(!(await row.locator('.more ul').isVisible()), '"More" does not close');
    });

    test('phone: a menu instead of the row, and nothing scrolls sideways', async () => {
      const p = await firstPage(phone);
      await gotoCounted(p, site.url + '/');
      assert.equal(await p.evaluate(() => window.innerWidth), 390);
      assert.ok(!(await p.locator('.nav-row').isVisible()), 'the row is shown at 390 px');
      const menu = p.locator('.nav-menu');
      assert.ok(await menu.isVisible(), 'no menu at 390 px');
      const closed = await menu.boundingBox();
      assert.ok(closed.height < 60, `the closed menu is ${closed.height} px high`);
      await menu.locator('summary').click();
      const links = menu.locator('a');
      await links.first().waitFor({ state: 'visible' });
      assert.ok(await links.count() >= 12, 'the menu lacks sections');
      await assertFitsWidth(p, 'phone');
      const size = await p.locator('#about p').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      assert.ok(size >= 16, `body text is ${size}px`);
      const h1 = await p.locator('h1').boundingBox();
      assert.ok(h1.y + h1.height <= PHONE.viewport.height, 'the name is below the first screen');
      await menu.locator('summary').click();
    });

    test('screenshots at 390 and 1280 px, light and dark; the colours follow the system', async () => {
      const p = await firstPage(phone);
      for (const [device, tab] of [['desktop', page], ['phone', p]]) {
        for (const scheme of ['light', 'dark']) {
          await tab.emulateMedia({ media: 'screen', colorScheme: scheme });
          const bg = await tab.evaluate(() => getComputedStyle(document.body).backgroundColor);
          const l = luminance(bg);
          assert.ok(scheme === 'dark' ? l < 0.05 : l > 0.8, `${device} ${scheme}: background ${bg}`);
          const width = device === 'desktop' ? 1280 : 390;
          await tab.screenshot({ path: path.join(shots, `${theme}-${width}-${scheme}.png`) });
          await tab.screenshot({ path: path.join(shots, `${theme}-${width}-${scheme}-full.png`), fullPage: true });
        }
        await tab.emulateMedia({ media: 'screen', colorScheme: 'light' });
      }
      assert.ok(fs.statSync(path.join(shots, `${theme}-390-dark.png`)).size > 1000);
      // Small ones for the README's gallery (docs/themes/): a desktop at
      // half scale, and a phone in dark mode.
      for (const [name, options, scheme] of [
        ['desktop', { ...DESKTOP, deviceScaleFactor: 0.5 }, 'light'],
        ['phone-dark', { ...PHONE, deviceScaleFactor: 1 }, 'dark'],
      ]) {
        const small = await launch({ ...options, colorScheme: scheme });
        try {
          const tab = await firstPage(small);
          await tab.goto(site.url + '/');
          await tab.locator('img.photo').evaluate((img) => img.decode());
          const file = path.join(shots, `gallery-${theme}-${name}.png`);
          await tab.screenshot({ path: file });
          assert.ok(fs.statSync(file).size > 1000, `${file} is empty`);
        } finally {
          await small.close();
        }
      }
    });

    test('axe: no violation on the resume, light and dark, desktop and phone', async () => {
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ media: 'screen', colorScheme: scheme });
        await assertNoViolations(page, `${theme} ${scheme}`);
      }
      await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
      const p = await firstPage(phone);
      await p.locator('.nav-menu summary').click();
      await assertNoViolations(p, `${theme} phone, menu open`);
      await p.locator('.nav-menu summary').click();
    });

    test('the movies page: in the theme, cards that fit a phone, no violation', async () => {
      const p = await phone.newPage();
      try {
        const res = await p.goto(site.url + '/movies');
        assert.equal(res.status(), 200);
        assert.ok((await p.locator('main').innerText()).includes('Spirited Away'), 'the movies are not listed');
        assert.equal(await p.locator('li.movie').count(), 3);
        await assertFitsWidth(p, '/movies at 390 px');
        // Its colours are the theme's.
        const accent = (tab) => tab.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim());
        assert.equal(await accent(p), await accent(page), 'the movies page has another accent than the resume');
        await p.screenshot({ path: path.join(shots, `${theme}-movies-390.png`), fullPage: true });
        await assertNoViolations(p, `${theme} /movies`);
        // The resume links it.
        assert.equal(await page.locator('.nav-row a[href="/movies"]').count(), 1, 'the resume does not link /movies');
      } finally {
        await p.close();
      }
    });

    test('a page that does not exist: the theme\'s 404 page for a browser, JSON under /api/', async () => {
      const p = await desktop.newPage();
      try {
        const res = await p.goto(site.url + '/no/such/page');
        assert.equal(res.status(), 404);
        assert.match(res.headers()['content-type'], /^text\/html/);
        assert.equal(await p.locator('h1').innerText(), 'Page not found');
        const bg = await p.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
        assert.ok(bg.length > 0, 'the 404 page does not have the theme\'s style');
        await assertNoViolations(p, `${theme} 404`);
        const api = await fetch(site.url + '/api/nothing', { headers: { Accept: 'text/html' } });
        assert.equal(api.status, 404);
        assert.deepEqual(await api.json(), { error: 'not found' });
      } finally {
        await p.close();
      }
    });

    test('"Download PDF" gives the resume as a PDF', async () => {
      const link = page.locator('a.pdf');
      assert.ok(await link.isVisible(), 'no visible PDF link');
      assert.equal(await link.innerText(), 'Download PDF');
      const res = await fetch(new URL(await link.getAttribute('href'), site.url));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      const doc = await PDFDocument.load(Buffer.from(await res.arrayBuffer()));
      assert.ok(doc.getPageCount() >= 1 && doc.getPageCount() <= 2, `the PDF has ${doc.getPageCount()} pages`);
    });

    test('print: the resume alone, on the expected A4 pages', async () => {
      await page.emulateMedia({ media: 'print', colorScheme: 'light' });
      for (const sel of ['.nav', 'a.pdf', '#contact', '#visits', 'footer']) {
        const shown = await page.locator(sel).evaluateAll((els) => els.filter((e) => e.checkVisibility()).length);
        assert.equal(shown, 0, `${sel} is printed`);
      }
      assert.ok(await page.locator('#work').isVisible(), 'the experience is not printed');
      const pdf = await page.pdf({ format: 'A4', path: path.join(shots, `${theme}-print.pdf`) });
      await page.emulateMedia({ media: 'screen' });
      const doc = await PDFDocument.load(pdf);
      const [min, max] = PRINTED[theme];
      const n = doc.getPageCount();
      console.log(`${theme}: printed on ${n} A4 page${n === 1 ? '' : 's'}`);
      assert.ok(n >= min && n <= max, `${theme} printed on ${n} pages, want ${min}–${max}`);
      for (const p of doc.getPages()) {
        const { width, height } = p.getSize();
        assert.ok(Math.abs(width - A4.width) < 2 && Math.abs(height - A4.height) < 2, `page is ${width}x${height} pt`);
      }
    });
  });
}
