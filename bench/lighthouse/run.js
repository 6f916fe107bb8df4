// Runs Lighthouse, mobile and desktop presets, several times on the resume
// page in each built-in theme and on a minimal static page served by the
// same kind of server (the baseline), taking turns so that all see the
// same machine load, and prints the median score and metrics of each and
// their differences.
// Usage: node bench/lighthouse/run.js [runs]   (bench/lighthouse/run.sh)
import { spawn, execFileSync } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

import { lighthouse } from '../../e2e/lib/lighthouse.js';
import { repoRoot, tempDir, THEMES } from '../../e2e/lib/site.js';

const runs = Number(process.argv[2] || 5);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`runs: want a whole number above 0, not ${process.argv[2]}`);
  process.exit(2);
}

const dir = tempDir('cloudresume-bench-lighthouse-');
const bin = path.join(dir, 'server');
execFileSync('go', ['build', '-o', bin, './bench/lighthouse/server'], { cwd: repoRoot, stdio: 'inherit' });
// One server per theme, each answering the baseline as well.
const servers = [];
process.on('exit', () => servers.forEach((s) => s.kill('SIGKILL')));
const bases = {};
for (const theme of THEMES) {
  const server = spawn(bin, ['-dir', dir, '-theme', theme], { stdio: ['ignore', 'pipe', 'inherit'] });
  servers.push(server);
  bases[theme] = await new Promise((resolve, reject) => {
    server.on('exit', (code) => reject(new Error(`the server exited (${code}) before it listened`)));
    readline.createInterface({ input: server.stdout }).once('line', resolve);
  });
}

const METRICS = {
  FCP: 'first-contentful-paint',
  LCP: 'largest-contentful-paint',
  TBT: 'total-blocking-time',
  CLS: 'cumulative-layout-shift',
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// once runs Lighthouse on url, trying again when the tool itself fails.
async function once(url, preset) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const r = await lighthouse(url, preset, ['performance']);
      if (!r.runtimeError) {
        return r;
      }
      console.error(`  ${url}: ${JSON.stringify(r.runtimeError)}`);
    } catch (err) {
      console.error(`  ${url}: ${(err.stderr || err.message || String(err)).trim()}`);
    }
  }
  throw new Error(`Lighthouse failed three times on ${url}`);
}

const pages = { baseline: bases[THEMES[0]] + '/baseline.html' };
for (const theme of THEMES) {
  pages[theme] = bases[theme] + '/';
}
console.log(`Lighthouse performance, ${runs} runs per page and preset, medians; the baseline is a minimal page on the same kind of server`);
for (const preset of ['', 'desktop']) {
  const label = preset || 'mobile';
  const samples = Object.fromEntries(Object.keys(pages).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, url] of Object.entries(pages)) {
      const r = await once(url, preset);
      const sample = { score: r.categories.performance.score * 100 };
      for (const [k, id] of Object.entries(METRICS)) {
        sample[k] = r.audits[id].numericValue;
      }
      samples[name].push(sample);
    }
  }
  const med = (name, k) => median(samples[name].map((s) => s[k]));
  console.log(`\n${label}`);
  console.log(`  ${'page'.padEnd(9)} ${'score'.padStart(6)} ${'FCP ms'.padStart(8)} ${'LCP ms'.padStart(8)} ${'TBT ms'.padStart(8)} ${'CLS'.padStart(6)}`);
  for (const name of Object.keys(pages)) {
    console.log(`  ${name.padEnd(9)} ${med(name, 'score').toFixed(0).padStart(6)} ${med(name, 'FCP').toFixed(0).padStart(8)}` +
      ` ${med(name, 'LCP').toFixed(0).padStart(8)} ${med(name, 'TBT').toFixed(0).padStart(8)} ${med(name, 'CLS').toFixed(3).padStart(6)}`);
  }
  for (const theme of THEMES) {
    console.log(`  ${theme} vs baseline: score ratio ${(med(theme, 'score') / med('baseline', 'score')).toFixed(2)},` +
      ` LCP +${(med(theme, 'LCP') - med('baseline', 'LCP')).toFixed(0)} ms, TBT +${(med(theme, 'TBT') - med('baseline', 'TBT')).toFixed(0)} ms;` +
      ` scores ${samples[theme].map((s) => s.score.toFixed(0)).join(' ')}`);
  }
  console.log(`  baseline scores: ${samples.baseline.map((s) => s.score.toFixed(0)).join(' ')}`);
}
servers.forEach((s) => s.kill('SIGTERM'));
