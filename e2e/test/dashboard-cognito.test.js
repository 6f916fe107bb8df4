// The dashboard's Cognito sign-in: the page talks to a local endpoint in
// this test that checks each request as Cognito's API takes it
// (InitiateAuth with USER_PASSWORD_AUTH, then the SOFTWARE_TOKEN_MFA
// challenge) and answers an ID token signed with a key of its own; the
// server's JWT check verifies it against the key set this test serves.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { assertNoViolations, launch } from '../lib/browser.js';
import { freePort, startSite } from '../lib/site.js';

const CLIENT_ID = '4u7ng3n3r1cl13nt1d';
const USER = 'owner@example.org';
const PASSWORD = 'correct horse battery';
const CODE = '123456';
const KEY = 'cloudresume.admin.token';

const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

// cognitoServer answers the user pool's API at / and its key set at
// /pool/.well-known/jwks.json, and records the requests of the API.
async function cognitoServer() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-key';
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}/pool`;
  const calls = [];
  const sessions = new Set();
  const idToken = () => {
    const now = Math.floor(Date.now() / 1000);
    const head = b64url({ alg: 'RS256', kid, typ: 'JWT' });
    const body = b64url({ iss: issuer, aud: CLIENT_ID, sub: 'u-1', email: USER, token_use: 'id', iat: now, exp: now + 3600 });
    const sig = crypto.sign('RSA-SHA256', Buffer.from(`${head}.${body}`), privateKey).toString('base64url');
    return `${head}.${body}.${sig}`;
  };
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'content-type, x-amz-target', 'Access-Control-Allow-Methods': 'POST' };
  const server = http.createServer((req, res) => {
    const answer = (status, body) => {
      res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1', ...cors });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/pool/.well-known/jwks.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] }));
      return;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      let body = null;
      try {
        body = JSON.parse(raw);
      } catch {
        // recorded as null
      }
      const call = { target: req.headers['x-amz-target'], contentType: req.headers['content-type'], body };
      calls.push(call);
      if (call.contentType !== 'application/x-amz-json-1.1' || !body || body.ClientId !== CLIENT_ID) {
        return answer(400, { __type: 'InvalidParameterException', message: 'bad request' });
      }
      if (call.target === 'AWSCognitoIdentityProviderService.InitiateAuth') {
        const p = body.AuthParameters || {};
        if (body.AuthFlow !== 'USER_PASSWORD_AUTH' || p.USERNAME !== USER || p.PASSWORD !== PASSWORD) {
          return answer(400, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
        }
        const session = crypto.randomBytes(16).toString('hex');
        sessions.add(session);
        return answer(200, { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: session, ChallengeParameters: {} });
      }
      if (call.target === 'AWSCognitoIdentityProviderService.RespondToAuthChallenge') {
        const r = body.ChallengeResponses || {};
        if (body.ChallengeName !== 'SOFTWARE_TOKEN_MFA' || !sessions.has(body.Session) || r.USERNAME !== USER || r.SOFTWARE_TOKEN_MFA_CODE !== CODE) {
          return answer(400, { __type: 'CodeMismatchException', message: 'Invalid code received for user' });
        }
        sessions.delete(body.Session);
        return answer(200, { AuthenticationResult: { IdToken: idToken(), AccessToken: 'unused', ExpiresIn: 3600, TokenType: 'Bearer' }, ChallengeParameters: {} });
      }
      return answer(400, { __type: 'UnknownOperationException' });
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/`, issuer, calls,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

describe('dashboard sign-in with Cognito', () => {
  let cognito;
  let site;
  let browser;
  before(async () => {
    cognito = await cognitoServer();
    site = await startSite({
      tokenAuth: false,
      extraArgs: ['--admin-issuer', cognito.issuer, '--admin-audience', CLIENT_ID,
        '--cognito-client-id', CLIENT_ID, '--cognito-region', 'eu-west-1', '--cognito-endpoint', cognito.url],
    });
    browser = await launch({ viewport: { width: 1280, height: 900 } });
  });
  after(async () => {
    await browser?.close();
    await site?.stop();
    await cognito?.close();
  });

  test('a wrong password is told', async () => {
    const page = await browser.newPage();
    await page.goto(site.url + '/admin');
    await page.locator('#username').fill(USER);
    await page.locator('#password').fill('wrong');
    await page.locator('#cognito-form button').click();
    await page.getByText('Incorrect username or password.', { exact: false }).waitFor();
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), KEY), null);
    assert.equal(await page.locator('#token-form').isVisible(), false, 'no token form with Cognito');
    await page.close();
  });

  test('username, password, then the TOTP code; the server accepts the ID token', async () => {
    cognito.calls.length = 0;
    const page = await browser.newPage();
    await page.goto(site.url + '/admin');
    await page.locator('#username').waitFor({ state: 'visible' });
    await assertNoViolations(page, 'the Cognito sign-in form');
    await page.locator('#username').fill(USER);
    await page.locator('#password').fill(PASSWORD);
    await page.locator('#cognito-form button').click();
    await page.locator('#code').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#password').inputValue(), '', 'the password is not kept in the form');
    await page.locator('#code').fill(CODE);
    const stats = page.waitForResponse((r) => r.url().includes('/api/admin/stats'));
    await page.locator('#mfa-form button').click();
    const res = await stats;
    assert.equal(res.status(), 200, 'the server accepts the token');
    await page.locator('#chart svg').waitFor();

    assert.equal(cognito.calls.length, 2, JSON.stringify(cognito.calls));
    const [init, mfa] = cognito.calls;
    assert.equal(init.target, 'AWSCognitoIdentityProviderService.InitiateAuth');
    assert.equal(init.contentType, 'application/x-amz-json-1.1');
    assert.deepEqual(init.body, { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: USER, PASSWORD } });
    assert.equal(mfa.target, 'AWSCognitoIdentityProviderService.RespondToAuthChallenge');
    assert.equal(mfa.body.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    assert.equal(mfa.body.ClientId, CLIENT_ID);
    assert.deepEqual(mfa.body.ChallengeResponses, { USERNAME: USER, SOFTWARE_TOKEN_MFA_CODE: CODE });
    assert.match(mfa.body.Session, /^[0-9a-f]{32}$/);

    const token = await page.evaluate((k) => sessionStorage.getItem(k), KEY);
    assert.equal(res.request().headers().authorization, `Bearer ${token}`);
    assert.equal(token.split('.').length, 3, 'a JWT');
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const bad = await fetch(site.url + '/api/admin/stats', { headers: { Authorization: `Bearer ${forged}` } });
    assert.equal(bad.status, 401, 'a token of another signature is refused');

    await page.locator('#signout').click();
    await page.locator('#username').waitFor({ state: 'visible' });
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), KEY), null);
    await page.close();
  });
});
