import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resourcesOf, synthStack } from '../testkit/synth';

function fnByName(template: ReturnType<typeof synthStack>['template'], name: string): [string, any] {
  const found = resourcesOf(template, 'AWS::Lambda::Function').find(([, f]) => f.FunctionName === name);
  assert.ok(found, `function ${name}`);
  return found;
}

describe('functions', () => {
  const { template } = synthStack({ context: { reservedConcurrency: '5', resume: 'resumes/me.yaml' } });
  const [apiId, api] = fnByName(template, 'cloudresume-dev-api');
  const [ingestId, ingest] = fnByName(template, 'cloudresume-dev-ingest');

  test('both run the Go bootstrap on arm64 provided.al2023 with active tracing', () => {
    for (const f of [api, ingest]) {
      assert.equal(f.Runtime, 'provided.al2023');
      assert.deepEqual(f.Architectures, ['arm64']);
      assert.equal(f.Handler, 'bootstrap');
      assert.deepEqual(f.TracingConfig, { Mode: 'Active' });
      assert.equal(f.Environment.Variables.CLOUDRESUME_STORE, 'dynamodb');
      assert.equal(f.Environment.Variables.CLOUDRESUME_TABLE_PREFIX, 'cloudresume-dev-');
      assert.equal(f.Environment.Variables.CLOUDRESUME_LOG_FORMAT, 'json');
    }
    // Same code asset: one binary handles HTTP and S3 events.
    assert.deepEqual(api.Code.S3Key, ingest.Code.S3Key);
  });

  test('API function: small and quick, with reserved concurrency from context', () => {
    assert.equal(api.MemorySize, 256);
    assert.equal(api.Timeout, 10);
    assert.equal(api.ReservedConcurrentExecutions, 5);
    const env = api.Environment.Variables;
    assert.equal(env.CLOUDRESUME_NOTIFY, 'ses');
    assert.equal(env.CLOUDRESUME_CLIENT_IP_HEADER, 'cloudfront-viewer-address');
    assert.equal(env.CLOUDRESUME_RESUME, 'me.yaml', 'the file name inside the package');
    assert.equal(env.CLOUDRESUME_MAIL_FROM, 'noreply@example.com');
    assert.equal(env.CLOUDRESUME_MAIL_TO, 'owner@example.com');
    assert.match(JSON.stringify(env.CLOUDRESUME_ADMIN_ISSUER), /https:\/\/cognito-idp\.".*AWS::Region.*\.amazonaws\.com\//);
    assert.deepEqual(env.CLOUDRESUME_ADMIN_AUDIENCE, { Ref: resourcesOf(template, 'AWS::Cognito::UserPoolClient')[0][0] });
  });

  test('no reserved concurrency unless asked (new accounts cannot reserve any)', () => {
    const { template: t } = synthStack({ context: { sesIdentity: '' } });
    const [, f] = fnByName(t, 'cloudresume-dev-api');
    assert.equal(f.ReservedConcurrentExecutions, undefined);
    assert.equal(f.Environment.Variables.CLOUDRESUME_NOTIFY, 'none');
    assert.equal(f.Environment.Variables.CLOUDRESUME_MAIL_FROM, undefined);
    assert.equal(f.Environment.Variables.CLOUDRESUME_RESUME, undefined);
  });

  test('ingest function: bigger and longer, retried twice, failures to the dead-letter queue', () => {
    assert.equal(ingest.MemorySize, 512);
    assert.equal(ingest.Timeout, 300);
    assert.equal(ingest.Environment.Variables.CLOUDRESUME_REPORTS_PREFIX, 'reports/');
    const [, cfg] = resourcesOf(template, 'AWS::Lambda::EventInvokeConfig').find(([, c]) => c.FunctionName.Ref === ingestId)!;
    assert.equal(cfg.MaximumRetryAttempts, 2);
    const [[queueId, queue]] = resourcesOf(template, 'AWS::SQS::Queue');
    assert.deepEqual(cfg.DestinationConfig.OnFailure.Destination, { 'Fn::GetAtt': [queueId, 'Arn'] });
    assert.equal(queue.MessageRetentionPeriod, 14 * 24 * 3600);
    assert.equal(queue.SqsManagedSseEnabled, true);
  });

  test('a .csv or .CSV created under uploads/ triggers the ingest function', () => {
    const [[, n]] = resourcesOf(template, 'Custom::S3BucketNotifications');
    const [uploadsId] = resourcesOf(template, 'AWS::S3::Bucket').find(([id]) => id.startsWith('IngestUploads'))!;
    assert.deepEqual(n.BucketName, { Ref: uploadsId });
    const cfgs = n.NotificationConfiguration.LambdaFunctionConfigurations;
    assert.equal(cfgs.length, 2);
    for (const c of cfgs) {
      assert.deepEqual(c.Events, ['s3:ObjectCreated:*']);
      assert.deepEqual(c.LambdaFunctionArn, { 'Fn::GetAtt': [ingestId, 'Arn'] });
    }
    // S3 compares suffixes case-sensitively.
    const rules = cfgs.map((c: any) => Object.fromEntries(c.Filter.Key.FilterRules.map((r: any) => [r.Name, r.Value])));
    assert.deepEqual(rules, [
      { prefix: 'uploads/', suffix: '.csv' },
      { prefix: 'uploads/', suffix: '.CSV' },
    ]);
    const perms = resourcesOf(template, 'AWS::Lambda::Permission').filter(
      ([, p]) => p.Principal === 's3.amazonaws.com',
    );
    assert.equal(perms.length, 1);
    assert.deepEqual(perms[0][1].FunctionName, { 'Fn::GetAtt': [ingestId, 'Arn'] });
  });

  test('each function logs to its own log group, kept one month', () => {
    const groups = resourcesOf(template, 'AWS::Logs::LogGroup');
    assert.equal(groups.length, 3); // the two functions' and the API's access log
    for (const [, g] of groups) {
      assert.equal(g.RetentionInDays, 30);
    }
    for (const f of [api, ingest]) {
      const ref = f.LoggingConfig.LogGroup.Ref;
      assert.ok(groups.some(([id]) => id === ref), 'function uses a stack log group');
    }
  });

  test('the API function is invoked by API Gateway for every route, and by its schedule only', () => {
    const perms = resourcesOf(template, 'AWS::Lambda::Permission').filter(
      ([, p]) => p.FunctionName['Fn::GetAtt']?.[0] === apiId,
    );
    const [[ruleId]] = resourcesOf(template, 'AWS::Events::Rule');
    const byEvents = perms.filter(([, p]) => p.Principal === 'events.amazonaws.com');
    assert.equal(byEvents.length, 1);
    assert.deepEqual(byEvents[0][1].SourceArn, { 'Fn::GetAtt': [ruleId, 'Arn'] }, 'scoped to the rule');
    const byApi = perms.filter(([, p]) => p.Principal !== 'events.amazonaws.com');
    assert.ok(byApi.length > 0);
    for (const [, p] of perms) {
      assert.equal(p.Action, 'lambda:InvokeFunction');
    }
    for (const [, p] of byApi) {
      assert.equal(p.Principal, 'apigateway.amazonaws.com');
      assert.ok(p.SourceArn, 'scoped to the API');
    }
  });

  test('each function gets exactly the variables it needs', () => {
    const names = (f: any) => Object.keys(f.Environment.Variables).sort();
    assert.deepEqual(names(api), [
      'CLOUDRESUME_ADMIN_AUDIENCE',
      'CLOUDRESUME_ADMIN_ISSUER',
      'CLOUDRESUME_CLIENT_IP_HEADER',
      'CLOUDRESUME_CONTACT_SECRET',
      'CLOUDRESUME_LOG_FORMAT',
      'CLOUDRESUME_MAIL_FROM',
      'CLOUDRESUME_MAIL_TO',
      'CLOUDRESUME_NOTIFY',
      'CLOUDRESUME_ORIGIN_SECRET',
      'CLOUDRESUME_RESUME',
      'CLOUDRESUME_STAGE',
      'CLOUDRESUME_STORE',
      'CLOUDRESUME_TABLE_PREFIX',
    ]);
    assert.deepEqual(names(ingest), [
      'CLOUDRESUME_CONTACT',
      'CLOUDRESUME_LOG_FORMAT',
      'CLOUDRESUME_REPORTS_PREFIX',
      'CLOUDRESUME_STAGE',
      'CLOUDRESUME_STORE',
      'CLOUDRESUME_TABLE_PREFIX',
    ]);
    // The ingest function serves no requests: no admin, contact or origin settings.
    assert.equal(ingest.Environment.Variables.CLOUDRESUME_ADMIN_TOKEN, undefined);
  });

  test('the public badge is served only when the badge context asks for it', () => {
    assert.equal(api.Environment.Variables.CLOUDRESUME_BADGE, undefined);
    const { template: t } = synthStack({ context: { badge: 'true' } });
    const [, f] = fnByName(t, 'cloudresume-dev-api');
    assert.equal(f.Environment.Variables.CLOUDRESUME_BADGE, 'true');
  });

  test('a mail identity without a recipient is refused at synthesis, not at the function\'s start', () => {
    assert.throws(() => synthStack({ context: { alertEmail: '', mailTo: '' } }), /mailTo/);
  });
});
