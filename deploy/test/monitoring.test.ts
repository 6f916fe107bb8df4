import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { metrics } from '../lib/gen';
import { resourcesOf, synthStack } from '../testkit/synth';

describe('monitoring', () => {
  const { template } = synthStack();
  const alarms: Record<string, any> = Object.fromEntries(resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) => [a.AlarmName, a]));
  const [[topicId]] = resourcesOf(template, 'AWS::SNS::Topic');
  const ref = (type: string, prefix: string) => {
    const found = resourcesOf(template, type).find(([id]) => id.startsWith(prefix));
    assert.ok(found, `${type} ${prefix}`);
    return { Ref: found[0] };
  };

  test('alarms: error rates, throttles, API 5xx, dead letters', () => {
    assert.deepEqual(Object.keys(alarms).sort(), [
      'cloudresume-dev-api-5xx',
      'cloudresume-dev-api-error-rate',
      'cloudresume-dev-api-throttles',
      'cloudresume-dev-failed-messages',
      'cloudresume-dev-ingest-dead-letters',
      'cloudresume-dev-ingest-error-rate',
      'cloudresume-dev-ingest-throttles',
      'cloudresume-dev-long-pending-messages',
    ]);
    for (const a of Object.values(alarms)) {
      assert.deepEqual(a.AlarmActions, [{ Ref: topicId }], `${a.AlarmName} notifies`);
      assert.deepEqual(a.OKActions, [{ Ref: topicId }]);
      assert.equal(a.EvaluationPeriods, 1);
      assert.equal(a.TreatMissingData, 'notBreaching');
    }
  });

  test('the error rate is a real percentage of invocations, guarded against zero', () => {
    for (const [name, fn] of [
      ['api', 'ApiHandler'],
      ['ingest', 'IngestHandler'],
    ]) {
      const a = alarms[`cloudresume-dev-${name}-error-rate`];
      assert.equal(a.Threshold, 5);
      assert.equal(a.ComparisonOperator, 'GreaterThanOrEqualToThreshold');
      const expr = a.Metrics.filter((m: any) => m.Expression);
      assert.equal(expr.length, 1);
      assert.equal(expr[0].Expression, 'IF(invocations > 0, 100 * errors / invocations, 0)');
      assert.equal(expr[0].ReturnData, true);
      const byId = Object.fromEntries(a.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [m.Id, m]));
      assert.deepEqual(Object.keys(byId).sort(), ['errors', 'invocations']);
      for (const [id, metricName] of [
        ['errors', 'Errors'],
        ['invocations', 'Invocations'],
      ]) {
        const m = byId[id];
        assert.equal(m.ReturnData, false);
        assert.equal(m.MetricStat.Period, 300);
        assert.equal(m.MetricStat.Stat, 'Sum');
        assert.equal(m.MetricStat.Metric.Namespace, 'AWS/Lambda');
        assert.equal(m.MetricStat.Metric.MetricName, metricName);
        assert.deepEqual(m.MetricStat.Metric.Dimensions, [{ Name: 'FunctionName', Value: ref('AWS::Lambda::Function', fn) }]);
      }
    }
  });

  test('throttles, 5xx and dead letters alarm on any occurrence in 5 minutes', () => {
    const expect = (name: string, namespace: string, metric: string, dims: any[]) => {
      const a = alarms[name];
      assert.equal(a.Namespace, namespace, name);
      assert.equal(a.MetricName, metric, name);
      assert.equal(a.Threshold, 0, name);
      assert.equal(a.ComparisonOperator, 'GreaterThanThreshold', name);
      assert.equal(a.Period, 300, name);
      assert.deepEqual(a.Dimensions, dims, name);
    };
    expect('cloudresume-dev-api-throttles', 'AWS/Lambda', 'Throttles', [
      { Name: 'FunctionName', Value: ref('AWS::Lambda::Function', 'ApiHandler') },
    ]);
    expect('cloudresume-dev-ingest-throttles', 'AWS/Lambda', 'Throttles', [
      { Name: 'FunctionName', Value: ref('AWS::Lambda::Function', 'IngestHandler') },
    ]);
    expect('cloudresume-dev-api-5xx', 'AWS/ApiGateway', '5xx', [
      { Name: 'ApiId', Value: ref('AWS::ApiGatewayV2::Api', 'ApiHttpApi') },
    ]);
    const [[queueId]] = resourcesOf(template, 'AWS::SQS::Queue');
    expect('cloudresume-dev-ingest-dead-letters', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', [
      { Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } },
    ]);
  });

  test('alerts go to the owner by email', () => {
    const subs = resourcesOf(template, 'AWS::SNS::Subscription');
    assert.equal(subs.length, 1);
    assert.equal(subs[0][1].Protocol, 'email');
    assert.equal(subs[0][1].Endpoint, 'owner@example.com');
    assert.deepEqual(subs[0][1].TopicArn, { Ref: topicId });
    const none = synthStack({ context: { alertEmail: '', sesIdentity: '' } }).template;
    assert.equal(resourcesOf(none, 'AWS::SNS::Subscription').length, 0);
  });

  test('every metric of `cloudresume metrics --json` has its alarm, on any value above 0 in 5 minutes', () => {
    const own = metrics();
    assert.ok(own.metrics.length >= 2);
    for (const m of own.metrics) {
      const a = Object.values(alarms).find((x: any) => x.MetricName === m.name);
      assert.ok(a, `no alarm on ${m.name}`);
      assert.equal(a.Namespace, own.namespace);
      assert.deepEqual(a.Dimensions, [{ Name: own.dimension, Value: 'dev' }]);
      assert.equal(a.Threshold, 0);
      assert.equal(a.ComparisonOperator, 'GreaterThanThreshold');
      assert.equal(a.Period, 300);
      assert.equal(a.Statistic, 'Maximum');
    }
  });

  test('the dashboard shows the alarmed metrics', () => {
    const [[, dash]] = resourcesOf(template, 'AWS::CloudWatch::Dashboard');
    assert.equal(dash.DashboardName, 'cloudresume-dev-dashboard');
    const body = JSON.stringify(dash.DashboardBody);
    for (const needle of ['AWS/Lambda', 'Errors', 'Invocations', 'Throttles', 'AWS/ApiGateway', '5xx', 'Duration']) {
      assert.ok(body.includes(needle), `dashboard has ${needle}`);
    }
    // Alarm widgets reference every alarm by ARN.
    const alarmRefs = body.match(/MonitoringApiErrorRate|MonitoringIngestErrorRate|MonitoringApi5xx|MonitoringIngestDeadLetters/g) ?? [];
    assert.deepEqual([...new Set(alarmRefs)].sort(), [
      'MonitoringApi5xx',
      'MonitoringApiErrorRate',
      'MonitoringIngestDeadLetters',
      'MonitoringIngestErrorRate',
    ]);
  });
});
