// Helpers for the contact form on the home page.
import assert from 'node:assert/strict';

// A message a person would send.
export const GOOD_MESSAGE = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  message: 'Hello Alex, I would like to talk about a cloud platform role.',
};

// contactAvailable reports whether the home page has the contact form.
export async function contactAvailable(site) {
  const html = await (await fetch(site.url + '/')).text();
  return html.includes('id="contact-form"');
}

// minAgeMs is how long after the page was served the form may be sent
// without being taken for a script: the serve flag the site was started
// with, else the default of 3 s.
export function minAgeMs(site) {
  const i = site.args.indexOf('--contact-min-age');
  if (i < 0) {
    return 3000;
  }
  const m = site.args[i + 1].match(/^(\d+(?:\.\d+)?)(ms|s)$/);
  assert.ok(m, `--contact-min-age ${site.args[i + 1]}: not in ms or s`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

// fillForm types the fields (GOOD_MESSAGE by default) like a person.
export async function fillForm(page, fields = GOOD_MESSAGE) {
  for (const [name, value] of Object.entries(fields)) {
    await page.locator(`#contact-form [name="${name}"]`).fill(value);
  }
}

// waitMinAge waits until the page is older than the spam check's minimum.
export async function waitMinAge(page, site) {
  const age = await page.evaluate(() => performance.now());
  const wait = minAgeMs(site) + 250 - age;
  if (wait > 0) {
    await page.waitForTimeout(wait);
  }
}

const isContactPost = (res) => new URL(res.url()).pathname === '/api/contact' && res.request().method() === 'POST';

// submitWithScript sends the form once it is old enough, through the
// page's script, and returns the API's response to it once the page shows
// the outcome (the form is no longer busy, or gone for the thank-you).
export async function submitWithScript(page, site) {
  await waitMinAge(page, site);
  const [res] = await Promise.all([
    page.waitForResponse(isContactPost),
    page.locator('#contact-form button[type=submit]').click(),
  ]);
  await page.waitForFunction(() => {
    const form = document.getElementById('contact-form');
    return !form || !form.hasAttribute('aria-busy');
  });
  return res;
}

// submitPlain sends the form once it is old enough, as a browser without
// JavaScript does, and answers the response to the POST (before any
// redirect) once the resulting page has loaded.
export async function submitPlain(page, site) {
  await waitMinAge(page, site);
  const [req] = await Promise.all([
    page.waitForRequest((r) => new URL(r.url()).pathname === '/api/contact' && r.method() === 'POST'),
    page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('#contact-form button[type=submit]').click(),
  ]);
  return req.response();
}
