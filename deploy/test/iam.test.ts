import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Template } from 'aws-cdk-lib/assertions';
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

  test('the API function may use its tables, its log group, X-Ray and SES for its identities, nothing else', () => {
    const statements = statementsOfFunction(template, 'cloudresume-dev-api');
    const actions = actionsOf(statements);
    assert.ok(actions.every((a) => /^(dynamodb|logs|xray|ses):/.test(a)), actions.join(' '));
    assert.deepEqual(
      actions.filter((a) => !a.startsWith('dynamodb:')),
      ['logs:CreateLogStream', 'logs:PutLogEvents', 'ses:SendEmail', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
    );
    const tables = resourcesOf(template, 'AWS::DynamoDB::Table').map(([id]) => id).sort();
    const dynamo = statements.filter((s) => list(s.Action).some((a) => a.startsWith('dynamodb:')));
    const granted = dynamo.flatMap((s) => list(s.Resource as any)).map((r: any) => r['Fn::GetAtt']?.[0] ?? JSON.stringify(r));
    assert.deepEqual([...new Set(granted)].sort(), tables);

    const ses = statements.filter((s) => list(s.Action).some((a) => a.startsWith('ses:')));
    assert.equal(ses.length, 1);
    assert.deepEqual(list(ses[0].Action), ['ses:SendEmail'], 'SendEmail only');
    const arns = list(ses[0].Resource as any).map((r) => JSON.stringify(r));
    assert.equal(arns.length, 2);
    assert.match(arns[0], /:ses:".*AWS::Region.*AWS::AccountId.*:identity\/example\.com"/);
    assert.match(arns[1], /:identity\/owner@example\.com"/);
  });

  test('without an SES identity the API function gets no SES permission', () => {
    const { template: t } = synthStack({ context: { sesIdentity: '' } });
    const actions = actionsOf(statementsOfFunction(t, 'cloudresume-dev-api'));
    assert.ok(!actions.some((a) => a.startsWith('ses:')));
  });

  test('the ingest function reads uploads/, writes reports/ and the movies table, and feeds its dead-letter queue', () => {
    const statements = statementsOfFunction(template, 'cloudresume-dev-ingest');
    const byAction = (a: string) => statements.filter((s) => list(s.Action).includes(a));
    const [uploadsId] = resourcesOf(template, 'AWS::S3::Bucket').find(([id]) => id.startsWith('IngestUploads'))!;
    const objects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [uploadsId, 'Arn'] }, `/${prefix}*`]] });
    assert.deepEqual(byAction('s3:GetObject').flatMap((s) => list(s.Resource)), [objects('uploads/')]);
    assert.deepEqual(byAction('s3:PutObject').flatMap((s) => list(s.Resource)), [objects('reports/')]);
    const s3Actions = actionsOf(statements).filter((a) => a.startsWith('s3:'));
    assert.deepEqual(s3Actions, ['s3:GetObject', 's3:PutObject']);

    const [moviesId] = resourcesOf(template, 'AWS::DynamoDB::Table').find(([, t]) => t.TableName.endsWith('movies'))!;
    const dynamo = statements.filter((s) => list(s.Action).some((a) => a.startsWith('dynamodb:')));
    assert.deepEqual(dynamo.flatMap((s) => list(s.Resource)), [{ 'Fn::GetAtt': [moviesId, 'Arn'] }]);
    assert.ok(list(dynamo[0].Action).includes('dynamodb:BatchWriteItem'));
    assert.ok(!list(dynamo[0].Action).includes('dynamodb:Scan'), 'write only');

    const [[queueId]] = resourcesOf(template, 'AWS::SQS::Queue');
    assert.deepEqual(byAction('sqs:SendMessage').flatMap((s) => list(s.Resource)), [{ 'Fn::GetAtt': [queueId, 'Arn'] }]);
    assert.ok(actionsOf(statements).every((a) => /^(dynamodb|logs|xray|s3|sqs):/.test(a)));
  });
});
