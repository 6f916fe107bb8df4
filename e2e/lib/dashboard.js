// Helpers of the dashboard's browser tests: traffic and messages seeded
// through the public API, a small SMTP server that refuses or takes mail,
// and the admin API read as the page reads it.
import net from 'node:net';

import { DESKTOP_UA, OTHER_UA } from './browser.js';

// seedVisits records two people's views and a crawler's hit.
export async function seedVisits(site) {
  const hits = [[DESKTOP_UA, '/'], [DESKTOP_UA, '/movies'], [OTHER_UA, '/'], ['curl/8.5.0', '/']];
  for (const [ua, path] of hits) {
    const res = await fetch(site.url + '/api/visits', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': ua },
      body: JSON.stringify({ path, referrer: '' }),
    });
    if (!res.ok) throw new Error(`POST /api/visits: ${res.status}`);
  }
}

// sendMessage posts a message through the contact API, after the token's
// minimum age.
export async function sendMessage(site, { name, email, message }) {
  const tok = await (await fetch(site.url + '/api/contact/token')).json();
  await new Promise((r) => setTimeout(r, tok.min_age_ms + 50));
  const res = await fetch(site.url + '/api/contact', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': DESKTOP_UA },
    body: JSON.stringify({ name, email, message, token: tok.token }),
  });
  if (res.status !== 202 && res.status !== 201 && res.status !== 200) throw new Error(`POST /api/contact: ${res.status} ${await res.text()}`);
}

// admin calls the admin API with the site's token.
export async function admin(site, path, method = 'GET') {
  const res = await fetch(site.url + path, { method, headers: { Authorization: `Bearer ${site.adminToken}` } });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  return res.status === 204 ? null : res.json();
}

// until polls fn until it answers a truthy value, for up to ms.
export async function until(what, fn, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// smtpServer listens on 127.0.0.1 and refuses every recipient (550) while
// refuse is true, else takes the mail. It answers {port, refuse, mails,
// close()}.
export async function smtpServer() {
  const srv = { refuse: true, mails: [] };
  const sockets = new Set();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    let data = null;
    let buf = '';
    sock.write('220 test ESMTP\r\n');
    sock.on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (data !== null) {
          if (line === '.') {
            srv.mails.push(data);
            data = null;
            sock.write('250 queued\r\n');
          } else {
            data += line + '\n';
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') sock.write('250 test\r\n');
        else if (verb === 'MAIL') sock.write('250 ok\r\n');
        else if (verb === 'RCPT') sock.write(srv.refuse ? '550 mailbox unavailable\r\n' : '250 ok\r\n');
        else if (verb === 'DATA') { data = ''; sock.write('354 go on\r\n'); }
        else if (verb === 'QUIT') { sock.end('221 bye\r\n'); }
        else if (verb === 'RSET' || verb === 'NOOP') sock.write('250 ok\r\n');
        else sock.write('502 not here\r\n');
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  srv.port = server.address().port;
  srv.close = () => new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(resolve);
  });
  return srv;
}

// today answers the UTC day n days before today.
export function dayBefore(n) {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - n)).toISOString().slice(0, 10);
}
