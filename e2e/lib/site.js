// Builds the cloudresume binary and runs `cloudresume serve` on a free
// loopback port over a fresh SQLite database, for one test file.
import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifacts = path.join(repoRoot, 'e2e', 'artifacts');

// Example movies seeded before the server starts, so the catalog page has rows.
const MOVIES_CSV = [
  'movie_id,name,country_of_origin,release_date',
  'tt0111161,The Shawshank Redemption,US,1994-09-23',
  'tt0068646,The Godfather,US,1972-03-24',
  'tt0245429,Spirited Away,JP,2001-07-20',
  '',
].join('\n');

// CONTACT_MIN_AGE is the contact form's spam-check minimum in the tests.
export const CONTACT_MIN_AGE = '200ms';

// Every server still running is killed, and every temporary directory
// removed, when this process exits, even after a failed or interrupted test.
const children = new Set();
const dirs = new Set();
function cleanUp() {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
  for (const dir of dirs) {
    removeDir(dir);
  }
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    cleanUp();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

// tempDir makes a temporary directory, removed at the latest on exit.
export function tempDir(prefix = 'cloudresume-e2e-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

export function removeDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  dirs.delete(dir);
}

// freePort asks the kernel for a free loopback port.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// build compiles the command into dir and answers the binary's path; with
// CLOUDRESUME_BIN set, that binary is tested instead.
export async function build(dir) {
  if (process.env.CLOUDRESUME_BIN) {
    return path.resolve(process.env.CLOUDRESUME_BIN);
  }
  const bin = path.join(dir, 'cloudresume');
  await run('go', ['build', '-o', bin, './cmd/cloudresume'], { cwd: repoRoot, maxBuffer: 16 << 20 });
  return bin;
}

// THEMES are the built-in themes, as `cloudresume serve --theme` takes them.
export const THEMES = ['classic', 'modern', 'compact'];

// photoResume writes into dir the example resume with a local photo next
// to it (fixtures/photo.jpg) and answers the resume's path.
export function photoResume(dir) {
  const example = fs.readFileSync(path.join(repoRoot, 'internal', 'resume', 'example.yaml'), 'utf8');
  const withPhoto = example.replace(/^  image: ""$/m, '  image: photo.jpg');
  if (withPhoto === example) {
    throw new Error('the example resume has no empty basics.image to set');
  }
  fs.copyFileSync(path.join(repoRoot, 'e2e', 'fixtures', 'photo.jpg'), path.join(dir, 'photo.jpg'));
  const file = path.join(dir, 'resume.yaml');
  fs.writeFileSync(file, withPhoto);
  return file;
}

// startSite builds and starts the site. With theme, the site is shown in
// that theme; with photo, the resume is the example with a local photo.
// With tokenAuth false, no admin token is set (the admin API is then
// what extraArgs make it, such as --admin-issuer).
// It returns {url, adminToken, stop, args, log()}; stop() is safe to call
// more than once.
export async function startSite({ extraArgs = [], theme = '', photo = false, tokenAuth = true } = {}) {
  const dir = tempDir();
  const bin = await build(dir);
  if (theme) {
    extraArgs = ['--theme', theme, ...extraArgs];
  }
  if (photo) {
    extraArgs = ['--resume', photoResume(dir), ...extraArgs];
  }
  const db = path.join(dir, 'site.db');
  const port = await freePort();
  const adminToken = randomBytes(24).toString('hex');

  const seed = spawn(bin, ['movies', 'import', '--create', '--db', db, '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
  seed.stdin.end(MOVIES_CSV);
  const seedCode = await new Promise((resolve) => seed.on('exit', resolve));
  if (seedCode !== 0) {
    throw new Error(`movies import exited ${seedCode}`);
  }

  const args = ['serve', '--addr', `127.0.0.1:${port}`, '--db', db, '--rate-limit', '0'];
  if (tokenAuth) {
    args.push('--admin-token', adminToken);
  }
  // The contact form refuses, as spam, a post sooner than a minimum time
  // after the page was served (3 s by default); tests type faster than
  // people do. Every test posts from 127.0.0.1, so the per-client limit of
  // messages is off too.
  if (!extraArgs.includes('--contact-min-age')) {
    args.push('--contact-min-age', CONTACT_MIN_AGE);
  }
  if (!extraArgs.includes('--contact-rate')) {
    args.push('--contact-rate', '0');
  }
  args.push(...extraArgs);

  let log = '';
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.stdout.on('data', (b) => { log += b; });
  child.stderr.on('data', (b) => { log += b; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    children.delete(child);
    resolve(code ?? signal);
  }));

  const url = `http://127.0.0.1:${port}`;
  const site = {
    url,
    adminToken,
    args,
    log: () => log,
    async stop() {
      if (children.has(child)) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      removeDir(dir);
    },
  };
  try {
    await waitHealthy(url, exited);
  } catch (err) {
    await site.stop();
    throw new Error(`${err.message}\n${log}`);
  }
  return site;
}

async function waitHealthy(url, exited) {
  let gone = null;
  exited.then((code) => { gone = code; });
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (gone !== null) {
      throw new Error(`cloudresume serve exited (${gone}) before it was healthy`);
    }
    try {
      const res = await fetch(url + '/healthz');
      if (res.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('cloudresume serve was not healthy within 15 s');
}

// visits answers the public counts, read without recording anything.
export async function visits(site) {
  const res = await fetch(site.url + '/api/visits');
  if (!res.ok) {
    throw new Error(`GET /api/visits: ${res.status}`);
  }
  return res.json();
}

// stats answers the owner's totals, bots included.
export async function stats(site) {
  const res = await fetch(site.url + '/api/admin/stats', {
    headers: { Authorization: `Bearer ${site.adminToken}` },
  });
  if (!res.ok) {
    throw new Error(`GET /api/admin/stats: ${res.status}`);
  }
  return res.json();
}

// resumeJSON answers the resume the site serves.
export async function resumeJSON(site) {
  const res = await fetch(site.url + '/api/resume');
  return res.json();
}

// rawGet fetches path without decoding the body, so the bytes on the wire
// can be counted: {status, headers, headerBytes, body (Buffer)}.
export function rawGet(site, pathname, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(site.url + pathname, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const lines = [`HTTP/1.1 ${res.statusCode} ${res.statusMessage}`];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        }
        resolve({
          status: res.statusCode,
          headers: res.headers,
          headerBytes: Buffer.byteLength(lines.join('\r\n') + '\r\n\r\n'),
          body: Buffer.concat(chunks),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
