// The resume on paper: no counter, form or navigation, and the example
// fits on two A4 pages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { PDFDocument } from 'pdf-lib';

import { firstPage, gotoCounted, launch } from '../lib/browser.js';
import { artifacts, startSite } from '../lib/site.js';

// Screen-only parts of the page: each must be visible on screen (when the
// page has it) and hidden on paper.
const SCREEN_ONLY = ['nav', '#visits', '#contact', '#contact-form', 'form', '.skip', 'footer'];

const A4 = { width: 595.28, height: 841.89 }; // points

describe('printing', () => {
  let site;
  let browser;
  let page;
  before(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    site = await startSite();
    browser = await launch({ viewport: { width: 1280, height: 800 } });
    page = await firstPage(browser);
    await gotoCounted(page, site.url + '/');
    await page.locator('#visits').waitFor({ state: 'visible' });
  });
  after(async () => {
    await browser?.close();
    await site?.stop();
  });

  test('counter, form and navigation are not printed', async () => {
    await page.emulateMedia({ media: 'screen' });
    const onScreen = [];
    for (const sel of SCREEN_ONLY) {
      const el = page.locator(sel).first();
      if (await el.count() === 0) {
        continue;
      }
      if (sel === '.skip') {
        // On screen the skip link is out of view until focused.
        assert.ok(await el.evaluate((e) => e.getBoundingClientRect().bottom <= 0), 'skip link shown on screen');
      } else {
        assert.ok(await el.isVisible(), `${sel} is not visible on screen`);
      }
      onScreen.push(sel);
    }
    for (const sel of ['nav', '#visits']) {
      assert.ok(onScreen.includes(sel), `${sel} is missing from the page`);
    }

    await page.emulateMedia({ media: 'print' });
    for (const sel of onScreen) {
      const shown = await page.locator(sel).evaluateAll((els) => els.filter((e) => {
        const r = e.getBoundingClientRect();
        return e.checkVisibility() && r.width > 0 && r.height > 0;
      }).length);
      assert.equal(shown, 0, `${sel} is printed`);
    }
    // What is printed is the resume itself.
    assert.ok(await page.locator('h1').isVisible(), 'the name is not printed');
    assert.ok(await page.locator('#work').isVisible(), 'the experience is not printed');
    await page.screenshot({ path: path.join(artifacts, 'print.png'), fullPage: true });
  });

  test('the example resume fits on two A4 pages', async () => {
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', path: path.join(artifacts, 'resume.pdf') });
    const doc = await PDFDocument.load(pdf);
    const pages = doc.getPages();
    assert.ok(pages.length >= 1 && pages.length <= 2, `printed on ${pages.length} pages`);
    for (const p of pages) {
      const { width, height } = p.getSize();
      assert.ok(Math.abs(width - A4.width) < 2 && Math.abs(height - A4.height) < 2, `page is ${width}x${height} pt, not A4`);
    }
    // Counted again from the raw page objects, independently of pdf-lib.
    const text = pdf.toString('latin1');
    assert.match(text, /\/Type\s*\/Page[^s]/, 'no page objects in the PDF');
    const count = [...text.matchAll(/\/Type\s*\/Page(?!s)/g)].length;
    assert.equal(count, pages.length, 'page objects and the page tree disagree');
  });
});
