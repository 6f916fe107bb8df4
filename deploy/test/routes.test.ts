import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { routeKey } from '../lib/api';
import * as gen from '../lib/gen';
import { API_PATH_PATTERNS } from '../lib/site';
import { resourcesOf, synthStack } from '../testkit/synth';

/**
 * How API Gateway picks a route for a request (the most specific route key
 * wins: an exact path over a {param} path over a {proxy+} path, and a method
 * over ANY), so that the tests below can ask which route a request would
 * reach. Only the features the template uses.
 */
function pickRoute(keys: string[], method: string, path: string): string | undefined {
  const segs = path.split('/').slice(1);
  // A pattern's specificity: per segment 2 for a literal, 1 for {name}, 0
  // for {proxy+}; undefined when it does not match.
  const specificity = (pattern: string): number[] | undefined => {
    const pat = pattern.split('/').slice(1);
    const out: number[] = [];
    for (let i = 0; i < pat.length; i++) {
      if (/^\{\w+\+\}$/.test(pat[i])) return segs.length > i ? [...out, 0] : undefined;
      if (i >= segs.length) return undefined;
      if (/^\{\w+\}$/.test(pat[i])) out.push(1);
      else if (pat[i] === segs[i]) out.push(2);
      else return undefined;
    }
    return pat.length === segs.length ? out : undefined;
  };
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if ((a[i] ?? -1) !== (b[i] ?? -1)) return (a[i] ?? -1) - (b[i] ?? -1);
    }
    return 0;
  };
  let best: { key: string; spec: number[]; exactMethod: boolean } | undefined;
  for (const key of keys) {
    const [m, p] = key.split(' ');
    const spec = m === method || m === 'ANY' ? specificity(p) : undefined;
    if (!spec) continue;
    const c = best ? compare(spec, best.spec) : 1;
    if (c > 0 || (c === 0 && m !== 'ANY' && !best!.exactMethod)) best = { key, spec, exactMethod: m !== 'ANY' };
  }
  return best?.key;
}

describe('routes', () => {
  const { template } = synthStack();
  const apiRoutes = resourcesOf(template, 'AWS::ApiGatewayV2::Route');
  const routes = gen.routes();
  const keys = apiRoutes.map(([, r]) => r.RouteKey);
  const byKey = new Map(apiRoutes.map(([, r]) => [r.RouteKey, r]));
  const [[authId]] = resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer');
  const authorized = (key: string) => {
    const r = byKey.get(key);
    return r?.AuthorizationType === 'JWT' && r.AuthorizerId?.Ref === authId;
  };

  test('every route of routes.json is an API route, admin routes with the authorizer and the others without', () => {
    assert.ok(routes.length > 5 && routes.some((r) => r.admin));
    for (const r of routes) {
      const key = routeKey(r);
      assert.ok(byKey.has(key), `${key} is a route`);
      if (r.admin) {
        assert.ok(authorized(key), `${key} needs the JWT`);
      } else {
        assert.equal(byKey.get(key).AuthorizationType, 'NONE', key);
        assert.equal(byKey.get(key).AuthorizerId, undefined, key);
      }
    }
  });

  test('every other path under /api/ reaches the function, which answers 404 or 405 as serve does', () => {
    const extra = keys.filter((k) => !routes.some((r) => routeKey(r) === k)).sort();
    assert.deepEqual(extra, ['ANY /api/admin/{proxy+}', 'ANY /api/{proxy+}', 'ANY /healthz']);
    assert.ok(!authorized('ANY /api/{proxy+}'));
    assert.ok(!keys.includes('$default'), 'nothing outside the API paths');
    assert.equal(pickRoute(keys, 'GET', '/api/nothing/here'), 'ANY /api/{proxy+}');
    assert.equal(pickRoute(keys, 'DELETE', '/api/visits'), 'ANY /api/{proxy+}', 'a wrong method gets the 405 of the function');
    assert.equal(pickRoute(keys, 'POST', '/healthz'), 'ANY /healthz');
    assert.equal(pickRoute(keys, 'GET', '/api/movies/tt1'), 'GET /api/movies/{id}');
    assert.equal(pickRoute(keys, 'GET', '/api/visits'), 'GET /api/visits');
  });

  test('no admin route is reached without the authorizer', () => {
    // Every admin route key is explicit and authorized, so the catch-all
    // never serves an admin route's own method and path.
    for (const r of routes.filter((x) => x.admin)) {
      const sample = r.path.replace(/\{\w+\}/g, 'x');
      const picked = pickRoute(keys, r.method, sample);
      assert.equal(picked, routeKey(r), `${r.method} ${sample}`);
      assert.ok(authorized(picked!), `${r.method} ${sample} is authorized`);
    }
    // Under /api/admin/ every path, known or not, needs the token first.
    assert.ok(authorized('ANY /api/admin/{proxy+}'));
    for (const [m, p] of [['GET', '/api/admin/other'], ['DELETE', '/api/admin/messages'], ['GET', '/api/admin/messages/x/read']]) {
      assert.ok(authorized(pickRoute(keys, m, p)!), `${m} ${p}`);
    }
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

  test('the authorizer checks Cognito JWTs of the user pool\'s client', () => {
    const [[, auth]] = resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer');
    assert.equal(auth.AuthorizerType, 'JWT');
    assert.deepEqual(auth.IdentitySource, ['$request.header.Authorization']);
    const [[poolId]] = resourcesOf(template, 'AWS::Cognito::UserPool');
    const [[clientId]] = resourcesOf(template, 'AWS::Cognito::UserPoolClient');
    assert.deepEqual(auth.JwtConfiguration.Audience, [{ Ref: clientId }]);
    assert.deepEqual(auth.JwtConfiguration.Issuer, {
      'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: poolId }]],
    });
  });

  test('CloudFront sends every route to the API', () => {
    const matches = (pattern: string, p: string) =>
      pattern.endsWith('*') ? p.startsWith(pattern.slice(0, -1)) : p === pattern;
    for (const k of keys) {
      const p = k.split(' ')[1].replace('{proxy+}', 'x');
      assert.ok(API_PATH_PATTERNS.some((pat) => matches(pat, p)), `${k} reaches the API`);
    }
  });

  test('requests are throttled at the stage, which logs them without client addresses', () => {
    const [[, stage]] = resourcesOf(template, 'AWS::ApiGatewayV2::Stage');
    assert.equal(stage.StageName, '$default');
    assert.equal(stage.AutoDeploy, true);
    assert.deepEqual(stage.DefaultRouteSettings, { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 });
    const groupId = stage.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    const [, group] = resourcesOf(template, 'AWS::Logs::LogGroup').find(([id]) => id === groupId)!;
    assert.equal(group.RetentionInDays, 30);
    const format = JSON.parse(stage.AccessLogSettings.Format);
    assert.equal(format.requestId, '$context.requestId');
    assert.equal(format.status, '$context.status');
    assert.ok(!/sourceIp|clientIp|identity\./.test(stage.AccessLogSettings.Format), 'no client address');
  });
});
