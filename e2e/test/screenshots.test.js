// Screenshots of the page on a desktop and a phone, into e2e/artifacts/
// (the print PDF and screenshot come from print.test.js); on both the page
// fits the screen's width.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { firstPage, gotoCounted, launch } from '../lib/browser.js';
import { artifacts, startSite } from '../lib/site.js';

const MOBILE_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36';

const DEVICES = {
  desktop: { viewport: { width: 1280, height: 800 } },
  mobile: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3, userAgent: MOBILE_UA },
};

// pngSize answers the width and height of a PNG from its IHDR chunk.
function pngSize(buf) {
  assert.equal(buf.subarray(1, 4).toString('latin1'), 'PNG', 'not a PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

let site;
before(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  site = await startSite();
});
after(async () => {
  await site?.stop();
});

for (const [device, options] of Object.entries(DEVICES)) {
  describe(device, () => {
    let browser;
    let page;
    before(async () => {
      browser = await launch(options);
      page = await firstPage(browser);
      await gotoCounted(page, site.url + '/');
      await page.locator('#visits').waitFor({ state: 'visible' });
    });
    after(async () => {
      await browser?.close();
    });

    test('the page fits the screen width', async () => {
      const { scroll, inner } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
      }));
      assert.equal(inner, options.viewport.width);
      assert.ok(scroll <= inner, `the page is ${scroll} px wide on a ${inner} px screen`);
      const h1 = await page.locator('h1').boundingBox();
      assert.ok(h1 && h1.y + h1.height <= options.viewport.height, 'the name is below the first screen');
      // Body text stays legible on a phone.
      const size = await page.locator('#about p').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      assert.ok(size >= 16, `body text is ${size}px`);
    });

    test('screenshots', async () => {
      const scale = options.deviceScaleFactor ?? 1;
      const viewport = await page.screenshot({ path: path.join(artifacts, `${device}.png`) });
      assert.deepEqual(pngSize(viewport), { width: options.viewport.width * scale, height: options.viewport.height * scale });
      const full = await page.screenshot({ path: path.join(artifacts, `${device}-full.png`), fullPage: true });
      assert.ok(pngSize(full).height > options.viewport.height * scale, 'the full page is no longer than a screen');
    });
  });
}
