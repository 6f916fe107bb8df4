import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as gen from '../lib/gen';
import { rawResourcesOf, resourcesOf, synthStack } from '../testkit/synth';

const stacks = {
  dev: synthStack({ stage: 'dev' }).template,
  staging: synthStack({ stage: 'staging' }).template,
  prod: synthStack({ stage: 'prod' }).template,
};

describe('tables', () => {
  const defs = gen.tables();

  test('the tables of tables.json, each with its keys, attributes, indexes, TTL and billing mode', () => {
    const tables = resourcesOf(stacks.prod, 'AWS::DynamoDB::Table');
    assert.deepEqual(tables.map(([, t]) => t.TableName).sort(), defs.map((d) => `cloudresume-prod-${d.suffix}`).sort());
    assert.ok(defs.some((d) => d.local_indexes.length > 0), 'tables.json has the message indexes');
    const keys = (schema: readonly gen.KeyElement[]) => schema.map((k) => ({ AttributeName: k.attribute, KeyType: k.type }));
    const indexes = (list: readonly gen.IndexDef[]) =>
      list.length === 0
        ? undefined
        : list.map((i) => ({
            IndexName: i.name,
            KeySchema: keys(i.key_schema),
            Projection: { ProjectionType: i.projection.type, ...(i.projection.non_key_attributes ? { NonKeyAttributes: i.projection.non_key_attributes } : {}) },
          }));
    for (const def of defs) {
      const [, t] = tables.find(([, x]) => x.TableName === `cloudresume-prod-${def.suffix}`)!;
      assert.equal(t.BillingMode, def.billing_mode, def.suffix);
      assert.equal(t.ProvisionedThroughput, undefined);
      assert.deepEqual(t.KeySchema, keys(def.key_schema), def.suffix);
      const attrs = (x: { AttributeName: string }[]) => [...x].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName));
      assert.deepEqual(attrs(t.AttributeDefinitions), attrs(def.attributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type }))), def.suffix);
      assert.deepEqual(t.LocalSecondaryIndexes, indexes(def.local_indexes), `${def.suffix} local indexes`);
      assert.deepEqual(t.GlobalSecondaryIndexes, indexes(def.global_indexes), `${def.suffix} global indexes`);
      assert.deepEqual(t.TimeToLiveSpecification, def.ttl_attribute ? { AttributeName: def.ttl_attribute, Enabled: true } : undefined, def.suffix);
      assert.deepEqual(t.PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true });
    }
  });

  test('the table prefix follows the stage and can be overridden', () => {
    const names = (t: (typeof stacks)['dev']) => resourcesOf(t, 'AWS::DynamoDB::Table').map(([, x]) => x.TableName);
    assert.ok(names(stacks.dev).every((n) => n.startsWith('cloudresume-dev-')));
    const custom = synthStack({ context: { tablePrefix: 'me-' } }).template;
    assert.deepEqual(names(custom).sort(), ['me-messages', 'me-movies', 'me-visits']);
    const [, api] = resourcesOf(custom, 'AWS::Lambda::Function').find(([, f]) => f.FunctionName === 'cloudresume-dev-api')!;
    assert.equal(api.Environment.Variables.CLOUDRESUME_TABLE_PREFIX, 'me-');
  });
});

describe('stages differ where data is at stake', () => {
  const stateful = ['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::Cognito::UserPool'];

  test('prod retains data and turns on deletion protection', () => {
    for (const type of stateful) {
      for (const [id, r] of rawResourcesOf(stacks.prod, type)) {
        assert.equal(r.DeletionPolicy, 'Retain', `${id} retained`);
        assert.equal(r.UpdateReplacePolicy, 'Retain', `${id} retained on replacement`);
      }
    }
    for (const [, t] of resourcesOf(stacks.prod, 'AWS::DynamoDB::Table')) {
      assert.equal(t.DeletionProtectionEnabled, true);
    }
    const [[, pool]] = resourcesOf(stacks.prod, 'AWS::Cognito::UserPool');
    assert.equal(pool.DeletionProtection, 'ACTIVE');
    assert.equal(resourcesOf(stacks.prod, 'Custom::S3AutoDeleteObjects').length, 0);
  });

  test('staging retains data without deletion protection', () => {
    for (const type of stateful) {
      for (const [id, r] of rawResourcesOf(stacks.staging, type)) {
        assert.equal(r.DeletionPolicy, 'Retain', `${id} retained`);
      }
    }
    for (const [, t] of resourcesOf(stacks.staging, 'AWS::DynamoDB::Table')) {
      assert.notEqual(t.DeletionProtectionEnabled, true);
    }
    assert.equal(resourcesOf(stacks.staging, 'Custom::S3AutoDeleteObjects').length, 0);
  });

  test('dev is disposable: deleted with the stack, buckets emptied first', () => {
    for (const type of stateful) {
      for (const [id, r] of rawResourcesOf(stacks.dev, type)) {
        assert.equal(r.DeletionPolicy, 'Delete', `${id} deleted`);
      }
    }
    for (const [, t] of resourcesOf(stacks.dev, 'AWS::DynamoDB::Table')) {
      assert.notEqual(t.DeletionProtectionEnabled, true);
    }
    const [[, pool]] = resourcesOf(stacks.dev, 'AWS::Cognito::UserPool');
    assert.notEqual(pool.DeletionProtection, 'ACTIVE');
    assert.equal(resourcesOf(stacks.dev, 'Custom::S3AutoDeleteObjects').length, 2);
  });
});

describe('admin user pool', () => {
  test('only an administrator creates users; the client has no secret', () => {
    const [[, pool]] = resourcesOf(stacks.dev, 'AWS::Cognito::UserPool');
    assert.equal(pool.AdminCreateUserConfig.AllowAdminCreateUserOnly, true);
    assert.equal(pool.UserPoolName, 'cloudresume-dev-admins');
    assert.ok(pool.Policies.PasswordPolicy.MinimumLength >= 12);
    const [[, client]] = resourcesOf(stacks.dev, 'AWS::Cognito::UserPoolClient');
    assert.equal(client.GenerateSecret, false);
    assert.ok(client.ExplicitAuthFlows.includes('ALLOW_USER_PASSWORD_AUTH'));
    assert.equal(client.PreventUserExistenceErrors, 'ENABLED');
  });
});
