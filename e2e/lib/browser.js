// Launches Debian's Chromium through playwright-core, as a person's
// browser or as an automated one, and checks pages with axe-core.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

import { removeDir, tempDir } from './site.js';

export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';

export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// A desktop Chrome, as a visitor's browser presents itself.
export const DESKTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
// Another person's browser: a different User-Agent is a different visitor.
export const OTHER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/155.0.0.0 Safari/537.36';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

// launch starts Chromium with a fresh profile and answers its context.
// human hides navigator.webdriver, as in a browser nobody automates; the
// other options are Playwright context options (userAgent, viewport,
// colorScheme, javaScriptEnabled, ...). close() also removes the profile.
export async function launch({ human = true, userAgent = DESKTOP_UA, ...options } = {}) {
  const profile = tempDir('cloudresume-chromium-');
  const args = [...CHROME_FLAGS];
  if (human) {
    args.push('--disable-blink-features=AutomationControlled');
  }
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args,
      userAgent,
      ...options,
    });
  } catch (err) {
    removeDir(profile);
    throw err;
  }
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    removeDir(profile);
  };
  return context;
}

// page answers the context's first tab.
export async function firstPage(context) {
  return context.pages()[0] || context.newPage();
}

// isVisitRecord matches the page's POST /api/visits.
export function isVisitRecord(res) {
  return new URL(res.url()).pathname === '/api/visits' && res.request().method() === 'POST';
}

// gotoCounted loads url and waits until the page's view has been recorded
// and answered.
export async function gotoCounted(page, url) {
  const [res] = await Promise.all([page.waitForResponse(isVisitRecord), page.goto(url)]);
  return res;
}

// reloadCounted reloads and waits for the view to be recorded.
export async function reloadCounted(page) {
  const [res] = await Promise.all([page.waitForResponse(isVisitRecord), page.reload()]);
  return res;
}

// axe runs axe-core with the WCAG 2.1 A/AA and best-practice rules.
export async function axe(page, { rules } = {}) {
  let builder = new AxeBuilder({ page });
  builder = rules ? builder.withRules(rules) : builder.withTags(AXE_TAGS);
  return builder.analyze();
}

// describeViolations formats violations for an assertion message.
export function describeViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n'))
    .join('\n');
}

// assertNoViolations fails with every violation axe found on page.
export async function assertNoViolations(page, what) {
  const res = await axe(page);
  assert.equal(res.violations.length, 0, `${what}: axe violations:\n${describeViolations(res.violations)}`);
  assert.ok(res.passes.length > 0, `${what}: axe checked nothing`);
  return res;
}

// assertNoViolationsWithoutJS checks a page that a browser without
// JavaScript shows. axe itself needs JavaScript (its run never finishes
// where scripts are off), so the document is loaded again, as it is, in
// jsBrowser with every page script blocked, and checked there.
export async function assertNoViolationsWithoutJS(jsBrowser, noJSPage, what) {
  const url = noJSPage.url();
  const html = await noJSPage.content();
  const page = await jsBrowser.newPage();
  try {
    await page.route('**/*', (route) => {
      const req = route.request();
      if (req.isNavigationRequest() && req.url() === url) {
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      }
      if (req.resourceType() === 'script') {
        return route.abort('blockedbyclient');
      }
      return route.continue();
    });
    await page.goto(url);
    assert.equal(await page.evaluate(() => document.documentElement.outerHTML.length > 0), true);
    return await assertNoViolations(page, what);
  } finally {
    await page.close();
  }
}

// visibleText answers the text a reader sees in the page.
export function visibleText(page) {
  return page.evaluate(() => document.body.innerText);
}
