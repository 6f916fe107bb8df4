import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ROUTES, routeKey } from '../lib/routes';
import { API_PATH_PATTERNS } from '../lib/site';
import { cloudresumeJSON } from '../testkit/go';
import { resourcesOf, synthStack } from '../testkit/synth';

interface GoRoute {
  method: string;
  path: string;
  admin: boolean;
}

/** The Go server's route table, as `cloudresume routes --json` prints it (or the file ROUTES_JSON names). */
function goRoutes(): GoRoute[] {
  const routes = cloudresumeJSON('ROUTES_JSON', ['routes', '--json']) as GoRoute[];
  assert.ok(Array.isArray(routes) && routes.length > 0, 'routes JSON is a non-empty array');
  for (const r of routes) {
    assert.equal(typeof r.method, 'string');
    assert.equal(typeof r.path, 'string');
    assert.equal(typeof r.admin, 'boolean', `${r.method} ${r.path}: admin flag`);
  }
  return routes;
}

const describeRoute = (r: { method: string; path: string; admin: boolean }) =>
  `${routeKey(r)}${r.admin ? ' (admin)' : ''}`;

describe('routes', () => {
  const { template } = synthStack();
  const apiRoutes = resourcesOf(template, 'AWS::ApiGatewayV2::Route');

  test('deploy/lib/routes.ts lists exactly the Go server routes, with the same admin flags', () => {
    const want = goRoutes().map(describeRoute).sort();
    const got = ROUTES.map(describeRoute).sort();
    assert.deepEqual(got, want);
  });

  test('the HTTP API has one route per entry, and no other', () => {
    const keys = apiRoutes.map(([, r]) => r.RouteKey).sort();
    assert.deepEqual(keys, ROUTES.map(routeKey).sort());
    assert.ok(!keys.includes('$default'), 'no catch-all route');
  });

  test('every route calls the API function through one payload 2.0 proxy integration', () => {
    const integrations = resourcesOf(template, 'AWS::ApiGatewayV2::Integration');
    assert.equal(integrations.length, 1);
    const [intId, integration] = integrations[0];
    assert.equal(integration.IntegrationType, 'AWS_PROXY');
    assert.equal(integration.PayloadFormatVersion, '2.0');
    const [apiFnId] = resourcesOf(template, 'AWS::Lambda::Function').find(([, f]) => f.FunctionName === 'cloudresume-dev-api')!;
    assert.deepEqual(integration.IntegrationUri, { 'Fn::GetAtt': [apiFnId, 'Arn'] });
    for (const [, r] of apiRoutes) {
      assert.deepEqual(r.Target, { 'Fn::Join': ['', ['integrations/', { Ref: intId }]] });
    }
  });

  test('the Cognito JWT authorizer guards exactly the admin routes', () => {
    const [[authId, auth]] = resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer');
    assert.equal(auth.AuthorizerType, 'JWT');
    assert.deepEqual(auth.IdentitySource, ['$request.header.Authorization']);
    const [[poolId]] = resourcesOf(template, 'AWS::Cognito::UserPool');
    const [[clientId]] = resourcesOf(template, 'AWS::Cognito::UserPoolClient');
    assert.deepEqual(auth.JwtConfiguration.Audience, [{ Ref: clientId }]);
    assert.deepEqual(auth.JwtConfiguration.Issuer, {
      'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: poolId }]],
    });

    const admin = new Set(ROUTES.filter((r) => r.admin).map(routeKey));
    assert.ok(admin.size > 0);
    for (const [, r] of apiRoutes) {
      if (admin.has(r.RouteKey)) {
        assert.equal(r.AuthorizationType, 'JWT', r.RouteKey);
        assert.deepEqual(r.AuthorizerId, { Ref: authId }, r.RouteKey);
      } else {
        assert.equal(r.AuthorizationType, 'NONE', r.RouteKey);
        assert.equal(r.AuthorizerId, undefined, r.RouteKey);
      }
    }
  });

  test('CloudFront sends every route to the API', () => {
    const matches = (pattern: string, p: string) =>
      pattern.endsWith('*') ? p.startsWith(pattern.slice(0, -1)) : p === pattern;
    for (const r of ROUTES) {
      assert.ok(API_PATH_PATTERNS.some((pat) => matches(pat, r.path)), `${r.path} reaches the API`);
    }
  });

  test('requests are throttled at the stage', () => {
    const [[, stage]] = resourcesOf(template, 'AWS::ApiGatewayV2::Stage');
    assert.equal(stage.StageName, '$default');
    assert.equal(stage.AutoDeploy, true);
    assert.deepEqual(stage.DefaultRouteSettings, { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 });
  });
});
