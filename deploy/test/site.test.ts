import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as vm from 'node:vm';
import { Match } from 'aws-cdk-lib/assertions';
import { INDEX_REWRITE } from '../lib/site';
import { resourcesOf, synthStack } from '../testkit/synth';

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

describe('site', () => {
  const { template } = synthStack();
  const [[, dist]] = resourcesOf(template, 'AWS::CloudFront::Distribution');
  const cfg = dist.DistributionConfig;

  test('the site bucket is private, TLS-only and encrypted', () => {
    const buckets = resourcesOf(template, 'AWS::S3::Bucket');
    assert.equal(buckets.length, 2); // site and uploads
    for (const [, b] of buckets) {
      assert.deepEqual(b.PublicAccessBlockConfiguration, {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      assert.equal(b.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm, 'AES256');
      assert.equal(b.WebsiteConfiguration, undefined, 'no public website endpoint');
    }
    for (const [, p] of resourcesOf(template, 'AWS::S3::BucketPolicy')) {
      const deny = p.PolicyDocument.Statement.find((s: any) => s.Effect === 'Deny');
      assert.deepEqual(deny.Condition, { Bool: { 'aws:SecureTransport': 'false' } });
    }
  });

  test('CloudFront reads the bucket through origin access control, only GetObject from this distribution', () => {
    const [[oacId, oac]] = resourcesOf(template, 'AWS::CloudFront::OriginAccessControl');
    assert.equal(oac.OriginAccessControlConfig.OriginAccessControlOriginType, 's3');
    assert.equal(oac.OriginAccessControlConfig.SigningBehavior, 'always');
    const s3Origin = cfg.Origins.find((o: any) => o.S3OriginConfig);
    assert.deepEqual(s3Origin.OriginAccessControlId, { 'Fn::GetAtt': [oacId, 'Id'] });
    assert.equal(s3Origin.S3OriginConfig.OriginAccessIdentity, '');

    const cfStatements = resourcesOf(template, 'AWS::S3::BucketPolicy')
      .flatMap(([, p]) => p.PolicyDocument.Statement)
      .filter((s: any) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    assert.equal(cfStatements.length, 1);
    // No s3:ListBucket: a missing object is a 403, which the error response maps to the 404 page.
    assert.equal(cfStatements[0].Action, 's3:GetObject');
    assert.ok(cfStatements[0].Condition.StringEquals['AWS:SourceArn'], 'scoped to the distribution');
  });

  test('the distribution is HTTPS-only, HTTP/2 and HTTP/3, compressed, with index.html and a 404 page', () => {
    assert.equal(cfg.HttpVersion, 'http2and3');
    assert.equal(cfg.DefaultRootObject, 'index.html');
    assert.equal(cfg.IPV6Enabled, true);
    const def = cfg.DefaultCacheBehavior;
    assert.equal(def.ViewerProtocolPolicy, 'redirect-to-https');
    assert.equal(def.Compress, true);
    assert.equal(def.CachePolicyId, CACHING_OPTIMIZED);
    assert.deepEqual(def.AllowedMethods, ['GET', 'HEAD']);
    assert.deepEqual(cfg.CustomErrorResponses, [
      { ErrorCode: 403, ResponseCode: 404, ResponsePagePath: '/404.html', ErrorCachingMinTTL: 60 },
    ]);
  });

  test('the API is behind the same distribution, uncached, every method, Host rewritten', () => {
    assert.deepEqual(cfg.CacheBehaviors.map((b: any) => b.PathPattern).sort(), ['/admin', '/admin/*', '/api/*', '/healthz']);
    const behaviors = cfg.CacheBehaviors.filter((b: any) => b.PathPattern === '/healthz' || b.PathPattern.startsWith('/api/'));
    const apiOrigin = cfg.Origins.find((o: any) => o.CustomOriginConfig);
    assert.equal(apiOrigin.CustomOriginConfig.OriginProtocolPolicy, 'https-only');
    assert.match(JSON.stringify(apiOrigin.DomainName), /execute-api/);
    for (const b of behaviors) {
      assert.equal(b.TargetOriginId, apiOrigin.Id);
      assert.equal(b.CachePolicyId, CACHING_DISABLED);
      assert.equal(b.OriginRequestPolicyId, ALL_VIEWER_EXCEPT_HOST_HEADER);
      assert.deepEqual(b.AllowedMethods, ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']);
      assert.equal(b.ViewerProtocolPolicy, 'redirect-to-https');
    }
  });

  test('the API trusts CloudFront-Viewer-Address only from CloudFront, which sends it and the origin secret', () => {
    // The managed AllViewerExceptHostHeader policy adds CloudFront-Viewer-Address
    // (and, caching being disabled, forwards Authorization); the function takes
    // the client address from it.
    const [, api] = resourcesOf(template, 'AWS::Lambda::Function').find(([, f]) => f.FunctionName === 'cloudresume-dev-api')!;
    assert.equal(api.Environment.Variables.CLOUDRESUME_CLIENT_IP_HEADER, 'cloudfront-viewer-address');
    for (const b of cfg.CacheBehaviors.filter((b: any) => !b.PathPattern.startsWith('/admin'))) {
      assert.equal(b.OriginRequestPolicyId, ALL_VIEWER_EXCEPT_HOST_HEADER);
      assert.equal(b.CachePolicyId, CACHING_DISABLED);
    }
    const apiOrigin = cfg.Origins.find((o: any) => o.CustomOriginConfig);
    const headers = apiOrigin.OriginCustomHeaders.map((h: any) => h.HeaderName);
    assert.deepEqual(headers, ['X-Origin-Verify']);
    assert.deepEqual(apiOrigin.OriginCustomHeaders[0].HeaderValue, api.Environment.Variables.CLOUDRESUME_ORIGIN_SECRET);
    // The API's own endpoint stays on: it is CloudFront's origin. Direct
    // requests reach it but are refused by the function (no origin secret).
    const [[, httpApi]] = resourcesOf(template, 'AWS::ApiGatewayV2::Api');
    assert.notEqual(httpApi.DisableExecuteApiEndpoint, true);
  });

  test('the dashboard (/admin) is a page of the bucket, read-only, served as /admin/index.html', () => {
    const admin = cfg.CacheBehaviors.filter((b: any) => b.PathPattern.startsWith('/admin'));
    assert.equal(admin.length, 2);
    for (const b of admin) {
      assert.equal(b.TargetOriginId, cfg.DefaultCacheBehavior.TargetOriginId, `${b.PathPattern} comes from the bucket`);
      assert.equal(b.CachePolicyId, CACHING_OPTIMIZED);
      assert.deepEqual(b.AllowedMethods, ['GET', 'HEAD']);
      assert.equal(b.ViewerProtocolPolicy, 'redirect-to-https');
      assert.deepEqual(b.FunctionAssociations, cfg.DefaultCacheBehavior.FunctionAssociations);
    }
  });

  test('the ApiUrl output is the API through CloudFront', () => {
    const [[distId]] = resourcesOf(template, 'AWS::CloudFront::Distribution');
    const out = template.toJSON().Outputs;
    assert.deepEqual(out.ApiUrl.Value, { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distId, 'DomainName'] }, '/api/']] });
    assert.ok(!JSON.stringify(out).includes('execute-api'), 'no output names the API\'s own endpoint');
  });

  test('the site is uploaded and the whole distribution invalidated', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: Match.stringLikeRegexp('^SiteBucket') },
      DistributionId: { Ref: Match.stringLikeRegexp('^SiteDistribution') },
      DistributionPaths: ['/*'],
      Prune: true,
    });
  });

  test('directory paths are served their index.html', () => {
    const [[, fn]] = resourcesOf(template, 'AWS::CloudFront::Function');
    assert.equal(fn.FunctionCode, INDEX_REWRITE);
    assert.equal(fn.FunctionConfig.Runtime, 'cloudfront-js-2.0');
    const rewrite = (uri: string): string => {
      const ctx = vm.createContext({});
      vm.runInContext(INDEX_REWRITE, ctx);
      return (ctx as any).handler({ request: { uri } }).uri;
    };
    assert.equal(rewrite('/'), '/index.html');
    assert.equal(rewrite('/movies/'), '/movies/index.html');
    assert.equal(rewrite('/movies'), '/movies/index.html');
    assert.equal(rewrite('/assets/site.css'), '/assets/site.css');
    assert.equal(rewrite('/v1.2/page'), '/v1.2/page/index.html');
    assert.equal(rewrite('/404.html'), '/404.html');
  });
});
