// The performance budget: Lighthouse scores 100 in every category, the
// first HTML response fits in 14 KB gzipped (one round trip of a fresh TCP
// connection), and nothing is loaded from another host.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';

import { CHROME_FLAGS, CHROMIUM } from '../lib/browser.js';
import { artifacts, rawGet, removeDir, repoRoot, startSite, tempDir } from '../lib/site.js';

const run = promisify(execFile);

const LIGHTHOUSE = path.join(repoRoot, 'e2e', 'node_modules', 'lighthouse', 'cli', 'index.js');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const BUDGET = 14 * 1024; // bytes

// lighthouse runs the Lighthouse CLI on url and answers its JSON report.
// preset is "" for Lighthouse's default (a mobile phone on a slow 4G link
// with a 4x slower CPU, simulated) or "desktop".
async function lighthouse(url, preset) {
  const dir = tempDir('cloudresume-lighthouse-');
  const profile = path.join(dir, 'profile');
  const out = path.join(dir, 'report.json');
  const args = [
    LIGHTHOUSE, url,
    '--quiet',
    '--output=json',
    `--output-path=${out}`,
    `--only-categories=${CATEGORIES.join(',')}`,
    `--chrome-flags=${[...CHROME_FLAGS, `--user-data-dir=${profile}`].join(' ')}`,
  ];
  if (preset) {
    args.push(`--preset=${preset}`);
  }
  try {
    await run(process.execPath, args, {
      env: { ...process.env, CHROME_PATH: CHROMIUM },
      timeout: 120000,
      maxBuffer: 16 << 20,
    });
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  } finally {
    removeDir(dir);
  }
}

// shortfalls lists the audits that cost a category points.
function shortfalls(report, category) {
  return report.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => report.audits[ref.id])
    .filter((a) => a.score !== null && a.score < 1)
    .map((a) => `${a.id} (${a.score}): ${a.title}${a.displayValue ? ' – ' + a.displayValue : ''}`);
}

describe('performance budget', () => {
  let site;
  const summary = [];
  before(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    site = await startSite();
  });
  after(async () => {
    await site?.stop();
    if (summary.length > 0) {
      console.log(['Lighthouse scores:', ...summary].join('\n  '));
    }
  });

  test('the first HTML response is at most 14 KB gzipped', async () => {
    const res = await rawGet(site, '/', { 'Accept-Encoding': 'gzip' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    const html = gunzipSync(res.body).toString('utf8');
    assert.match(html, /<h1>/, 'not the resume page');
    const total = res.headerBytes + res.body.length;
    summary.push(`first HTML: ${res.body.length} B gzipped + ${res.headerBytes} B of headers = ${total} B of ${BUDGET} B (${Buffer.byteLength(html)} B uncompressed)`);
    assert.ok(total <= BUDGET, `the first response is ${total} bytes with its headers`);
  });

  for (const preset of ['', 'desktop']) {
    const label = preset || 'mobile';
    test(`Lighthouse (${label}) scores 100 in every category`, async () => {
      // Performance is measured, so it varies from run to run on a busy
      // machine (Lighthouse advises several runs): a run short of 100 is
      // tried again, up to three runs, and the best one counts. A run in
      // which Lighthouse itself fails (it sometimes loses its trace, e.g.
      // NO_NAVSTART) is tried again too; three such failures fail the test.
      let report;
      let failure;
      for (let attempt = 1; attempt <= 3; attempt++) {
        let r;
        try {
          r = await lighthouse(site.url + '/', preset);
        } catch (err) {
          failure = (err.stderr || err.message || String(err)).trim();
          console.log(`Lighthouse (${label}) run ${attempt} failed: ${failure}`);
          continue;
        }
        if (r.runtimeError) {
          failure = JSON.stringify(r.runtimeError);
          console.log(`Lighthouse (${label}) run ${attempt} failed: ${failure}`);
          continue;
        }
        if (!report || r.categories.performance.score > report.categories.performance.score) {
          report = r;
        }
        if (report.categories.performance.score === 1) {
          break;
        }
        console.log(`Lighthouse (${label}) run ${attempt}: performance ${Math.round(r.categories.performance.score * 100)}: ` +
          shortfalls(r, 'performance').join('; '));
      }
      assert.ok(report, `Lighthouse never completed a run: ${failure}`);
      fs.writeFileSync(path.join(artifacts, `lighthouse-${label}.json`), JSON.stringify(report));
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(report.categories[c].score * 100)]));
      const metrics = report.audits;
      summary.push(`${label.padEnd(7)} ` + CATEGORIES.map((c) => `${c} ${scores[c]}`).join(', ') +
        ` (FCP ${metrics['first-contentful-paint'].displayValue}, LCP ${metrics['largest-contentful-paint'].displayValue},` +
        ` TBT ${metrics['total-blocking-time'].displayValue}, CLS ${metrics['cumulative-layout-shift'].displayValue})`);
      for (const c of CATEGORIES) {
        assert.equal(scores[c], 100, `${label} ${c} is ${scores[c]}:\n  ${shortfalls(report, c).join('\n  ')}`);
      }

      // Every request went to the site itself, and the document fits the budget.
      const requests = report.audits['network-requests'].details.items;
      assert.ok(requests.length >= 2, 'Lighthouse saw too few requests');
      const origin = new URL(site.url).origin;
      const foreign = requests.map((r) => r.url).filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
      assert.deepEqual(foreign, [], 'requests to other hosts');
      const doc = requests.find((r) => r.resourceType === 'Document');
      assert.ok(doc, 'no document request');
      assert.ok(doc.transferSize > 0 && doc.transferSize <= BUDGET, `the document took ${doc.transferSize} bytes`);
      // The document, the script, the icon and the counter's call: no more.
      assert.ok(requests.length <= 5, `the page made ${requests.length} requests`);
    });
  }
});
