// Runs the Lighthouse CLI against Debian's Chromium, for the page budget
// test and the Lighthouse benchmark (bench/lighthouse).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { CHROME_FLAGS, CHROMIUM } from './browser.js';
import { removeDir, repoRoot, tempDir } from './site.js';

const run = promisify(execFile);

const LIGHTHOUSE = path.join(repoRoot, 'e2e', 'node_modules', 'lighthouse', 'cli', 'index.js');

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

// lighthouse runs the Lighthouse CLI on url and returns its JSON report.
// preset is "" for Lighthouse's default (a mobile phone on a slow 4G link
// with a 4x slower CPU, simulated) or "desktop".
export async function lighthouse(url, preset, categories = CATEGORIES) {
  const dir = tempDir('cloudresume-lighthouse-');
  const profile = path.join(dir, 'profile');
  const out = path.join(dir, 'report.json');
  const args = [
    LIGHTHOUSE, url,
    '--quiet',
    '--output=json',
    `--output-path=${out}`,
    `--only-categories=${categories.join(',')}`,
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
export function shortfalls(report, category) {
  return report.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => report.audits[ref.id])
    .filter((a) => a.score !== null && a.score < 1)
    .map((a) => `${a.id} (${a.score}): ${a.title}${a.displayValue ? ' – ' + a.displayValue : ''}`);
}
