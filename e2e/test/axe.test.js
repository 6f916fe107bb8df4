// axe-core with the WCAG 2.1 A/AA and best-practice rules finds nothing on
// any page of the site, in any state a visitor can bring it to.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertNoViolations, assertNoViolationsWithoutJS, firstPage, gotoCounted, launch } from '../lib/browser.js';
import { startSite } from '../lib/site.js';
import { contactAvailable, fillForm, submitPlain, submitWithScript } from '../lib/contact.js';

describe('accessibility (axe-core)', () => {
  let site;
  let browser;
  before(async () => {
    site = await startSite();
    browser = await launch({ viewport: { width: 1280, height: 800 } });
  });
  after(async () => {
    await browser?.close();
    await site?.stop();
  });

  test('home page', async () => {
    const page = await firstPage(browser);
    await gotoCounted(page, site.url + '/');
    await page.locator('#visits').waitFor({ state: 'visible' });
    await assertNoViolations(page, 'home');
  });

  test('home page without JavaScript', async () => {
    const noJS = await launch({ javaScriptEnabled: false });
    try {
      const page = await firstPage(noJS);
      await page.goto(site.url + '/');
      await assertNoViolationsWithoutJS(browser, page, 'home without JavaScript');
    } finally {
      await noJS.close();
    }
  });

  test('movies page', async () => {
    const page = await browser.newPage();
    try {
      const res = await page.goto(site.url + '/movies');
      assert.equal(res.status(), 200, '/movies is served');
      assert.ok(await page.locator('h1').count() === 1, '/movies has a heading');
      assert.ok((await page.locator('main').innerText()).includes('Spirited Away'), 'the seeded movies are listed');
      await assertNoViolations(page, '/movies');
    } finally {
      await page.close();
    }
  });

  describe('contact form', () => {
    let available;
    before(async () => {
      available = await contactAvailable(site);
    });

    test('with its errors shown by the script', async (t) => {
      assert.ok(available, 'the home page has no contact form');
      const page = await browser.newPage();
      try {
        await page.goto(site.url + '/');
        await fillForm(page, { name: '', email: 'not an address', message: '' });
        await submitWithScript(page, site);
        await page.locator('#contact-errors').waitFor({ state: 'visible' });
        await assertNoViolations(page, 'form errors (script)');
      } finally {
        await page.close();
      }
    });

    test('with its errors shown by the server', async (t) => {
      assert.ok(available, 'the home page has no contact form');
      const noJS = await launch({ javaScriptEnabled: false });
      try {
        const page = await firstPage(noJS);
        await page.goto(site.url + '/');
        await fillForm(page, { name: '', email: 'not an address', message: '' });
        await submitPlain(page, site);
        await page.locator('#contact-errors').waitFor({ state: 'visible' });
        await assertNoViolationsWithoutJS(browser, page, 'form errors (server)');
      } finally {
        await noJS.close();
      }
    });

    test('thank-you state after the script sent it', async (t) => {
      assert.ok(available, 'the home page has no contact form');
      const page = await browser.newPage();
      try {
        await page.goto(site.url + '/');
        await fillForm(page);
        await submitWithScript(page, site);
        await page.locator('#contact-status').waitFor({ state: 'visible' });
        await assertNoViolations(page, 'thank-you (script)');
      } finally {
        await page.close();
      }
    });

    test('thank-you page after a plain form post', async (t) => {
      assert.ok(available, 'the home page has no contact form');
      const noJS = await launch({ javaScriptEnabled: false });
      try {
        const page = await firstPage(noJS);
        await page.goto(site.url + '/');
        await fillForm(page);
        await submitPlain(page, site);
        await page.locator('#contact-status').waitFor({ state: 'visible' });
        await assertNoViolationsWithoutJS(browser, page, 'thank-you (server)');
      } finally {
        await noJS.close();
      }
    });
  });
});
