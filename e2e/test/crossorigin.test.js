// A site built with --api-url on another origin, served by a static host,
// calling an API started with --cors-origin: the counter counts and the
// contact form sends, with and without JavaScript, and the page's policy
// allows the API and nothing more.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

import { firstPage, gotoCounted, launch } from '../lib/browser.js';
import { fillForm, GOOD_MESSAGE, submitPlain, submitWithScript } from '../lib/contact.js';
import { build, freePort, startSite, tempDir } from '../lib/site.js';

const run = promisify(execFile);

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json', '.txt': 'text/plain', '.pdf': 'application/pdf' };

// staticHost serves dir as a static host with the headers `cloudresume
// headers` names for it: "/x/" and "/x" serve /x/index.html, as the CDN
// does.
function staticHost(dir, port, headers) {
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    else if (!path.extname(p)) p += '/index.html';
    const file = path.join(dir, path.normalize(p));
    if (!file.startsWith(dir) || !fs.existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

let api;
let host;
let siteURL;
before(async () => {
  const port = await freePort();
  siteURL = `http://127.0.0.1:${port}`;
  api = await startSite({ extraArgs: ['--cors-origin', siteURL, '--site-url', siteURL] });
  const dir = tempDir();
  const bin = await build(dir);
  const out = path.join(dir, 'site');
  await run(bin, ['build', '--api-url', api.url, '--site-url', siteURL, '-o', out]);
  const { stdout } = await run(bin, ['headers', '--json', '--api-url', api.url]);
  const page = JSON.parse(stdout).page;
  delete page['Strict-Transport-Security']; // plain HTTP here
  host = await staticHost(out, port, page);
});
after(async () => {
  host?.close();
  await api?.stop();
});

async function inbox() {
  const res = await fetch(api.url + '/api/admin/messages', { headers: { Authorization: `Bearer ${api.adminToken}` } });
  return (await res.json()).messages;
}

describe('a site and its API on two origins', () => {
  test('the page counts the view and shows the counts', async () => {
    const browser = await launch();
    try {
      const page = await firstPage(browser);
      const errors = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      const res = await gotoCounted(page, siteURL + '/');
      assert.equal(new URL(res.url()).origin, api.url, 'the count went to the API');
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['access-control-allow-origin'], siteURL);
      await page.locator('#visits').waitFor({ state: 'visible' });
      assert.match(await page.locator('#visits').innerText(), /\d+ visitors? · \d+ views?/);
      assert.deepEqual(errors, [], 'errors in the console (a refused request?)');
    } finally {
      await browser.close();
    }
  });

  test('the form sends through the script', async () => {
    const browser = await launch();
    try {
      const page = await firstPage(browser);
      const before = (await inbox()).length;
      await page.goto(siteURL + '/');
      await fillForm(page);
      const res = await submitWithScript(page, api);
      assert.equal(res.status(), 202);
      await page.getByRole('status').waitFor({ state: 'visible' });
      assert.match(await page.getByRole('status').innerText(), /^Thank you/);
      assert.equal((await inbox()).length, before + 1);
    } finally {
      await browser.close();
    }
  });

  test('the form sends without JavaScript, back to the site\'s thank-you page', async () => {
    const browser = await launch({ javaScriptEnabled: false });
    try {
      const page = await firstPage(browser);
      const before = (await inbox()).length;
      await page.goto(siteURL + '/');
      // Without the script the built page has no token: the API asks to send
      // again with one, on its own page, the text kept.
      await fillForm(page);
      let res = await submitPlain(page, api);
      assert.equal(res.status(), 422);
      assert.equal(new URL(page.url()).origin, api.url);
      assert.equal(await page.locator('#message').inputValue(), GOOD_MESSAGE.message);
      res = await submitPlain(page, api);
      assert.equal(res.status(), 303);
      assert.equal(page.url(), siteURL + '/contact/thanks');
      assert.match(await page.getByRole('status').innerText(), /^Thank you/);
      assert.equal((await inbox()).length, before + 1);
    } finally {
      await browser.close();
    }
  });

  test('another origin gets no permission, and admin routes answer no other origin', async () => {
    const pre = await fetch(api.url + '/api/visits', {
      method: 'OPTIONS',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    const ok = await fetch(api.url + '/api/visits', {
      method: 'OPTIONS',
      headers: { Origin: siteURL, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), siteURL);
    assert.match(ok.headers.get('access-control-allow-methods'), /POST/);
    const admin = await fetch(api.url + '/api/admin/messages', { headers: { Origin: siteURL, Authorization: `Bearer ${api.adminToken}` } });
    assert.equal(admin.status, 200);
    assert.equal(admin.headers.get('access-control-allow-origin'), null);
  });
});
