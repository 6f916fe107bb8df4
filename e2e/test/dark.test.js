// Dark mode: the page follows the reader's preference with a dark
// background and text that keeps enough contrast.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { axe, describeViolations, firstPage, gotoCounted, launch } from '../lib/browser.js';
import { artifacts, startSite } from '../lib/site.js';
import { contactAvailable, fillForm, submitWithScript } from '../lib/contact.js';

// luminance answers the WCAG relative luminance of a CSS rgb()/rgba() color.
function luminance(css) {
  const m = css.match(/rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)/);
  assert.ok(m, `not an rgb color: ${css}`);
  const [r, g, b] = m.slice(1, 4).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// colors answers the computed background and text colors of the page's body
// and of a few kinds of text on it.
function colors(page) {
  return page.evaluate(() => {
    const style = (sel) => {
      const el = document.querySelector(sel);
      return el && { color: getComputedStyle(el).color, background: getComputedStyle(el).backgroundColor };
    };
    return {
      html: style('html'),
      body: style('body'),
      link: style('main a'),
      meta: style('.meta'),
      counter: style('#visits'),
    };
  });
}

let site;
before(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  site = await startSite();
});
after(async () => {
  await site?.stop();
});

for (const scheme of ['dark', 'light']) {
  describe(`${scheme} mode`, () => {
    let browser;
    let page;
    before(async () => {
      browser = await launch({ colorScheme: scheme, viewport: { width: 1280, height: 800 } });
      page = await firstPage(browser);
      await gotoCounted(page, site.url + '/');
      await page.locator('#visits').waitFor({ state: 'visible' });
    });
    after(async () => {
      await browser?.close();
    });

    test('the background follows the preference', async () => {
      assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), scheme === 'dark');
      const c = await colors(page);
      const bg = luminance(c.body.background);
      const fg = luminance(c.body.color);
      if (scheme === 'dark') {
        assert.ok(bg < 0.05, `dark background expected, body background is ${c.body.background} (luminance ${bg.toFixed(3)})`);
        assert.ok(fg > 0.5, `light text expected, body text is ${c.body.color}`);
      } else {
        assert.ok(bg > 0.9, `light background expected, body background is ${c.body.background}`);
        assert.ok(fg < 0.05, `dark text expected, body text is ${c.body.color}`);
      }
      // The canvas around the body matches it (no white edges in dark mode).
      const canvas = await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
      assert.match(canvas, /dark/, 'color-scheme does not allow dark');
      for (const [what, s] of Object.entries(c)) {
        if (s && what !== 'html' && what !== 'body') {
          const ratio = contrast(s.color, c.body.background);
          assert.ok(ratio >= 4.5, `${what} text ${s.color} on ${c.body.background}: contrast ${ratio.toFixed(2)} < 4.5`);
        }
      }
      await page.screenshot({ path: path.join(artifacts, `desktop-${scheme}.png`) });
    });

    test('axe finds every text contrast sufficient', async () => {
      const res = await axe(page, { rules: ['color-contrast'] });
      assert.equal(res.violations.length, 0, describeViolations(res.violations));
      const checked = res.passes.find((p) => p.id === 'color-contrast');
      assert.ok(checked && checked.nodes.length > 20, 'color-contrast checked too few elements');
    });

    test('the contact form and its errors keep their contrast', async (t) => {
      assert.ok(await contactAvailable(site), 'the home page has no contact form');
      await fillForm(page, { name: '', email: 'nope', message: '' });
      await submitWithScript(page, site);
      await page.locator('#contact-errors').waitFor({ state: 'visible' });
      await page.locator('#contact').screenshot({ path: path.join(artifacts, `contact-errors-${scheme}.png`) });
      const res = await axe(page, { rules: ['color-contrast'] });
      assert.equal(res.violations.length, 0, describeViolations(res.violations));
      const checked = res.passes.find((p) => p.id === 'color-contrast');
      const errors = checked.nodes.filter((n) => n.target.join(' ').match(/error/));
      assert.ok(errors.length >= 3, 'the errors were not checked');
    });
  });
}
