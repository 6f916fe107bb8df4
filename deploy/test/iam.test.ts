import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Template } from 'aws-cdk-lib/assertions';
import * as gen from '../lib/gen';
import { resourcesOf, synthStack } from '../testkit/synth';

/**
 * Actions that may be granted on Resource "*", each with why:
 * - xray:PutTraceSegments / xray:PutTelemetryRecords: X-Ray has no resource-level
 *   permissions; AWS requires "*" for tracing.
 * - cloudfront:CreateInvalidation / cloudfront:GetInvalidation: granted by the CDK's
 *   own BucketDeployment handler (site upload + invalidation), which does not scope them.
 */
const STAR_RESOURCE_ALLOWED = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'cloudfront:CreateInvalidation',
  'cloudfront:GetInvalidation',
]);

/**
 * Roles that may carry AWSLambdaBasicExecutionRole (logs on "*"): only the CDK's
 * custom-resource handlers (BucketDeployment, autoDeleteObjects, bucket
 * notifications), whose roles the CDK creates. The application functions write
 * to their own log group only.
 */
const MANAGED_POLICY_ROLE_PREFIXES = [
  'CustomCDKBucketDeployment',
  'CustomS3AutoDeleteObjectsCustomResourceProvider',
  'BucketNotificationsHandler',
];

interface Statement {
  readonly policy: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

function identityStatements(t: Template): Statement[] {
  const out: Statement[] = [];
  for (const [id, p] of resourcesOf(t, 'AWS::IAM::Policy')) {
    for (const s of p.PolicyDocument.Statement) out.push({ policy: id, ...s });
  }
  for (const [id, p] of resourcesOf(t, 'AWS::IAM::ManagedPolicy')) {
    for (const s of p.PolicyDocument.Statement) out.push({ policy: id, ...s });
  }
  for (const [id, r] of resourcesOf(t, 'AWS::IAM::Role')) {
    for (const p of r.Policies ?? []) {
      for (const s of p.PolicyDocument.Statement) out.push({ policy: `${id}/${p.PolicyName}`, ...s });
    }
  }
  return out;
}

const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** The policy statements attached to the role of the function with this name. */
function statementsOfFunction(t: Template, functionName: string): Statement[] {
  const [, fn] = resourcesOf(t, 'AWS::Lambda::Function').find(([, f]) => f.FunctionName === functionName)!;
  const roleId = fn.Role['Fn::GetAtt'][0];
  const [, role] = resourcesOf(t, 'AWS::IAM::Role').find(([id]) => id === roleId)!;
  assert.equal(role.ManagedPolicyArns, undefined, `${functionName}: no managed policies`);
  return resourcesOf(t, 'AWS::IAM::Policy')
    .filter(([, p]) => p.Roles.some((r: any) => r.Ref === roleId))
    .flatMap(([id, p]) => p.PolicyDocument.Statement.map((s: any) => ({ policy: id, ...s })));
}

function actionsOf(statements: Statement[]): string[] {
  return [...new Set(statements.flatMap((s) => list(s.Action)))].sort();
}

describe('least privilege', () => {
  for (const stage of ['dev', 'prod'] as const) {
    const { template } = synthStack({ stage });

    test(`${stage}: no statement allows every action, and "*" resources only where AWS needs it`, () => {
      const statements = identityStatements(template);
      assert.ok(statements.length > 0);
      for (const s of statements) {
        if (s.Effect !== 'Allow') continue;
        for (const a of list(s.Action)) {
          assert.ok(a !== '*' && !/^[a-z0-9-]+:\*$/.test(a), `${s.policy}: action ${a}`);
        }
        if (list(s.Resource).includes('*')) {
          for (const a of list(s.Action)) {
            assert.ok(STAR_RESOURCE_ALLOWED.has(a), `${s.policy}: ${a} on "*"`);
          }
        }
      }
    });

    test(`${stage}: only the CDK's own handlers use the basic execution managed policy`, () => {
      for (const [id, r] of resourcesOf(template, 'AWS::IAM::Role')) {
        if (r.ManagedPolicyArns === undefined) continue;
        assert.ok(MANAGED_POLICY_ROLE_PREFIXES.some((p) => id.startsWith(p)), `${id} has managed policies`);
        assert.equal(r.ManagedPolicyArns.length, 1, id);
        assert.match(JSON.stringify(r.ManagedPolicyArns[0]), /:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole"/);
      }
    });

    test(`${stage}: no bucket or queue policy allows anyone`, () => {
      for (const type of ['AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy']) {
        for (const [id, p] of resourcesOf(template, type)) {
          for (const s of p.PolicyDocument.Statement) {
            if (s.Effect !== 'Allow') continue;
            const principal = JSON.stringify(s.Principal);
            assert.ok(principal !== '"*"' && principal !== '{"AWS":"*"}', `${id} allows ${principal}`);
          }
        }
      }
    });
  }

  const { template } = synthStack();
  const permissions = gen.permissions();
  const tableId = (suffix: string) => resourcesOf(template, 'AWS::DynamoDB::Table').find(([, t]) => t.TableName === `cloudresume-dev-${suffix}`)![0];
  const [uploadsId] = resourcesOf(template, 'AWS::S3::Bucket').find(([id]) => id.startsWith('IngestUploads'))!;
  const objects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [uploadsId, 'Arn'] }, `/${prefix}*`]] });
  const identity = (name: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:identity/${name}`]],
  });
  /** Where each grant of permissions.json must be, in the template's terms. */
  const resourcesFor = (g: gen.Grant): unknown[] => {
    if (g.table) {
      const arn = { 'Fn::GetAtt': [tableId(g.table), 'Arn'] };
      return [g.index ? { 'Fn::Join': ['', [arn, `/index/${g.index}`]] } : arn];
    }
    return { uploads: [objects('uploads/')], reports: [objects('reports/')], mail: [identity('example.com'), identity('owner@example.com')] }[g.resource!]!;
  };
  /** (action, resource) pairs of the role's statements, for the services the code calls. */
  const pairs = (statements: Statement[]) =>
    statements
      .filter((st) => st.Effect === 'Allow')
      .flatMap((st) => list(st.Action).flatMap((a) => list(st.Resource as any).map((r) => `${a} ${JSON.stringify(r)}`)))
      .filter((p) => /^(dynamodb|s3|ses):/.test(p))
      .sort();

  for (const [fn, name] of [['api', 'cloudresume-dev-api'], ['ingest', 'cloudresume-dev-ingest']] as const) {
    test(`${fn}: the role grants each action of permissions.json on its resource, and no other`, () => {
      const grants = permissions[fn];
      assert.ok(grants.length > 0 && grants.some((g) => g.table));
      const want = [...new Set(grants.flatMap((g) => resourcesFor(g).map((r) => `${g.action} ${JSON.stringify(r)}`)))].sort();
      assert.deepEqual(pairs(statementsOfFunction(template, name)), want);
    });
  }

  test('queries on an index are granted on the index, not on every index of the table', () => {
    const indexGrants = permissions.api.filter((g) => g.index);
    assert.deepEqual(indexGrants.map((g) => g.index).sort(), ['by_created', 'by_due']);
    const granted = pairs(statementsOfFunction(template, 'cloudresume-dev-api'));
    assert.ok(!granted.some((p) => p.includes('/index/*')));
    assert.ok(granted.some((p) => p.startsWith('dynamodb:Query') && p.includes('/index/by_due')));
  });

  test('besides, the functions only write their own logs, send traces, and the ingest function feeds its dead-letter queue', () => {
    const others = (name: string) => actionsOf(statementsOfFunction(template, name)).filter((a) => !/^(dynamodb|s3|ses):/.test(a));
    assert.deepEqual(others('cloudresume-dev-api'), ['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    // The dead-letter destination is the CDK's grant: send, and find the queue.
    assert.deepEqual(others('cloudresume-dev-ingest'), [
      'logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage',
      'xray:PutTelemetryRecords', 'xray:PutTraceSegments',
    ]);
    const statements = statementsOfFunction(template, 'cloudresume-dev-ingest');
    const [[queueId]] = resourcesOf(template, 'AWS::SQS::Queue');
    const sqs = statements.filter((st) => list(st.Action).some((a) => a.startsWith('sqs:')));
    assert.deepEqual(sqs.flatMap((st) => list(st.Resource)), [{ 'Fn::GetAtt': [queueId, 'Arn'] }]);
  });

  test('without an SES identity the API function gets no SES permission', () => {
    const { template: t } = synthStack({ context: { sesIdentity: '' } });
    const actions = actionsOf(statementsOfFunction(t, 'cloudresume-dev-api'));
    assert.ok(!actions.some((a) => a.startsWith('ses:')));
  });
});
