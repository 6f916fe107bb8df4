import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import * as gen from '../lib/gen';
import { headersPolicy } from '../lib/headers';
import { ADMIN_PATH_PATTERNS, API_PATH_PATTERNS } from '../lib/site';
import { resourcesOf, synthStack } from '../testkit/synth';

/** The headers a synthesized response headers policy sends, and whether it overrides the origin's. */
function policyHeaders(config: any): { headers: Record<string, string>; overrides: boolean[] } {
  const headers: Record<string, string> = {};
  const overrides: boolean[] = [];
  const sec = config.SecurityHeadersConfig ?? {};
  if (sec.ContentSecurityPolicy) {
    headers['Content-Security-Policy'] = sec.ContentSecurityPolicy.ContentSecurityPolicy;
    overrides.push(sec.ContentSecurityPolicy.Override);
  }
  if (sec.StrictTransportSecurity) {
    const sts = sec.StrictTransportSecurity;
    headers['Strict-Transport-Security'] =
      `max-age=${sts.AccessControlMaxAgeSec}` + (sts.IncludeSubdomains ? '; includeSubDomains' : '') + (sts.Preload ? '; preload' : '');
    overrides.push(sts.Override);
  }
  if (sec.ContentTypeOptions) {
    headers['X-Content-Type-Options'] = 'nosniff';
    overrides.push(sec.ContentTypeOptions.Override);
  }
  if (sec.FrameOptions) {
    headers['X-Frame-Options'] = sec.FrameOptions.FrameOption;
    overrides.push(sec.FrameOptions.Override);
  }
  if (sec.ReferrerPolicy) {
    headers['Referrer-Policy'] = sec.ReferrerPolicy.ReferrerPolicy;
    overrides.push(sec.ReferrerPolicy.Override);
  }
  for (const h of config.CustomHeadersConfig?.Items ?? []) {
    headers[h.Header] = h.Value;
    overrides.push(h.Override);
  }
  return { headers, overrides };
}

describe('security headers', () => {
  const { template } = synthStack();
  const [[, dist]] = resourcesOf(template, 'AWS::CloudFront::Distribution');
  const cfg = dist.DistributionConfig;
  const policies = new Map(resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy'));

  const go = gen.headers();

  test('headers.json holds both sets, the page CSP with the hash of the page\'s inline style', () => {
    assert.ok(Object.keys(go.page).length > 0 && Object.keys(go.api).length > 0);
    assert.match(go.page['Content-Security-Policy'], /style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
  });

  test('pages from the bucket carry the page headers of headers.json, replacing any', () => {
    const id = cfg.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref;
    const { headers, overrides } = policyHeaders(policies.get(id).ResponseHeadersPolicyConfig);
    assert.deepEqual(headers, go.page);
    assert.ok(overrides.length > 0 && overrides.every((o) => o === true));
    assert.ok(!headers['Content-Security-Policy'].includes('unsafe'), 'no unsafe sources');
  });

  test('API answers keep the function\'s own headers; the API set fills in answers without them', () => {
    const api = cfg.CacheBehaviors.filter((b: any) => API_PATH_PATTERNS.includes(b.PathPattern));
    assert.equal(api.length, API_PATH_PATTERNS.length);
    for (const b of api) {
      const { headers, overrides } = policyHeaders(policies.get(b.ResponseHeadersPolicyId.Ref).ResponseHeadersPolicyConfig);
      assert.deepEqual(headers, go.api, b.PathPattern);
      assert.ok(overrides.length > 0 && overrides.every((o) => o === false), b.PathPattern);
    }
  });

  test('the dashboard from the bucket carries the admin headers of headers.json, replacing any', () => {
    const admin = cfg.CacheBehaviors.filter((b: any) => ADMIN_PATH_PATTERNS.includes(b.PathPattern));
    assert.equal(admin.length, ADMIN_PATH_PATTERNS.length);
    for (const b of admin) {
      const { headers, overrides } = policyHeaders(policies.get(b.ResponseHeadersPolicyId.Ref).ResponseHeadersPolicyConfig);
      assert.deepEqual(headers, go.admin, b.PathPattern);
      assert.ok(overrides.length > 0 && overrides.every((o) => o === true), b.PathPattern);
      assert.ok(b.FunctionAssociations?.length === 1, `${b.PathPattern}: /admin is served as /admin/index.html`);
      assert.match(headers['Content-Security-Policy'], /script-src 'self';.*style-src 'self';/);
      assert.ok(!headers['Content-Security-Policy'].includes('unsafe'), 'no unsafe sources');
    }
  });

  test('a header CloudFront cannot send fails the synth', () => {
    const stack = new Stack(new App(), 'Headers');
    assert.throws(() => headersPolicy(stack, 'Frame', 'frame', { 'X-Frame-Options': 'ALLOW-FROM https://a.example' }, true), /X-Frame-Options/);
    assert.throws(() => headersPolicy(stack, 'Sts', 'sts', { 'Strict-Transport-Security': 'max-age=soon' }, true), /Strict-Transport-Security/);
    assert.throws(() => headersPolicy(stack, 'Ref', 'ref', { 'Referrer-Policy': 'sometimes' }, true), /Referrer-Policy/);
  });
});
