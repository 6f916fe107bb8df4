import {
  Duration,
  aws_apigatewayv2 as apigwv2,
  aws_cloudwatch as cw,
  aws_cloudwatch_actions as cwActions,
  aws_lambda as lambda,
  aws_sns as sns,
  aws_sns_subscriptions as subs,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Stage } from './config';
import { metrics } from './gen';

/** Error-rate threshold, in percent of invocations over one period. */
export const ERROR_RATE_THRESHOLD = 5;
export const ALARM_PERIOD = Duration.minutes(5);

/**
 * The error rate as a real percentage. Guarded so a period without
 * invocations is 0, not a division by zero (which CloudWatch treats as missing
 * data and would hide a function that fails every call it gets).
 */
export const ERROR_RATE_EXPRESSION = 'IF(invocations > 0, 100 * errors / invocations, 0)';

export interface MonitoringProps {
  readonly stage: Stage;
  readonly alertEmail?: string;
  readonly functions: Record<string, lambda.IFunction>;
  readonly httpApi: apigwv2.IHttpApi;
  readonly deadLetters: sqs.IQueue;
}

/** Alarms that page the owner by email, and a dashboard with the same metrics. */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cw.Alarm[] = [];
  readonly dashboard: cw.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const name = (what: string) => `cloudresume-${props.stage}-${what}`;

    this.topic = new sns.Topic(this, 'Alerts', { topicName: name('alerts'), enforceSSL: true });
    if (props.alertEmail) {
      this.topic.addSubscription(new subs.EmailSubscription(props.alertEmail));
    }
    const action = new cwActions.SnsAction(this.topic);
    const alarm = (alarmId: string, alarmProps: cw.AlarmProps) => {
      const a = new cw.Alarm(this, alarmId, alarmProps);
      a.addAlarmAction(action);
      a.addOkAction(action);
      this.alarms.push(a);
      return a;
    };

    const widgets: cw.IWidget[] = [];
    for (const [label, fn] of Object.entries(props.functions)) {
      const errorRate = new cw.MathExpression({
        label: `${label} error rate (%)`,
        expression: ERROR_RATE_EXPRESSION,
        usingMetrics: {
          errors: fn.metricErrors({ period: ALARM_PERIOD, statistic: cw.Stats.SUM }),
          invocations: fn.metricInvocations({ period: ALARM_PERIOD, statistic: cw.Stats.SUM }),
        },
        period: ALARM_PERIOD,
      });
      const throttles = fn.metricThrottles({ period: ALARM_PERIOD, statistic: cw.Stats.SUM });
      const rateAlarm = alarm(`${label}ErrorRate`, {
        alarmName: name(`${label.toLowerCase()}-error-rate`),
        alarmDescription: `${label} function: ${ERROR_RATE_THRESHOLD}% or more of invocations failed in 5 minutes`,
        metric: errorRate,
        threshold: ERROR_RATE_THRESHOLD,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      });
      const throttleAlarm = alarm(`${label}Throttles`, {
        alarmName: name(`${label.toLowerCase()}-throttles`),
        alarmDescription: `${label} function: invocations were throttled`,
        metric: throttles,
        threshold: 0,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      });
      widgets.push(
        new cw.GraphWidget({
          title: `${label} invocations, errors, throttles`,
          left: [
            fn.metricInvocations({ period: ALARM_PERIOD, statistic: cw.Stats.SUM }),
            fn.metricErrors({ period: ALARM_PERIOD, statistic: cw.Stats.SUM }),
            throttles,
          ],
          width: 12,
        }),
        new cw.AlarmWidget({ title: `${label} error rate (%)`, alarm: rateAlarm, width: 6 }),
        new cw.AlarmStatusWidget({ title: `${label} alarms`, alarms: [rateAlarm, throttleAlarm], width: 6 }),
        new cw.GraphWidget({
          title: `${label} duration`,
          left: [
            fn.metricDuration({ period: ALARM_PERIOD, statistic: cw.Stats.p(50) }),
            fn.metricDuration({ period: ALARM_PERIOD, statistic: cw.Stats.p(99) }),
          ],
          width: 24,
        }),
      );
    }

    const serverErrors = props.httpApi.metricServerError({ period: ALARM_PERIOD, statistic: cw.Stats.SUM });
    const api5xx = alarm('Api5xx', {
      alarmName: name('api-5xx'),
      alarmDescription: 'HTTP API answered 5xx',
      metric: serverErrors,
      threshold: 0,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
    });
    const dlqVisible = props.deadLetters.metricApproximateNumberOfMessagesVisible({
      period: ALARM_PERIOD,
      statistic: cw.Stats.MAXIMUM,
    });
    const dlq = alarm('IngestDeadLetters', {
      alarmName: name('ingest-dead-letters'),
      alarmDescription: 'S3 events that ingestion gave up on are waiting in the dead-letter queue',
      metric: dlqVisible,
      threshold: 0,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
    });
    // The program's own metrics (reported by the API function's scheduled
    // run): any value above 0 is something the owner must hear of.
    const own = metrics();
    const ownAlarms = own.metrics.map((m) =>
      alarm(`Metric${m.name}`, {
        alarmName: name(m.name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()),
        alarmDescription: m.description,
        metric: new cw.Metric({
          namespace: own.namespace,
          metricName: m.name,
          dimensionsMap: { [own.dimension]: props.stage },
          period: ALARM_PERIOD,
          statistic: cw.Stats.MAXIMUM,
        }),
        threshold: 0,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }),
    );
    widgets.push(new cw.AlarmStatusWidget({ title: 'Contact messages not delivered', alarms: ownAlarms, width: 24 }));
    widgets.push(
      new cw.GraphWidget({
        title: 'HTTP API requests and errors',
        left: [
          props.httpApi.metricCount({ period: ALARM_PERIOD, statistic: cw.Stats.SUM }),
          props.httpApi.metricClientError({ period: ALARM_PERIOD, statistic: cw.Stats.SUM }),
          serverErrors,
        ],
        width: 12,
      }),
      new cw.AlarmWidget({ title: 'HTTP API 5xx', alarm: api5xx, width: 6 }),
      new cw.AlarmWidget({ title: 'Ingest dead letters', alarm: dlq, width: 6 }),
    );

    this.dashboard = new cw.Dashboard(this, 'Dashboard', {
      dashboardName: name('dashboard'),
      defaultInterval: Duration.days(1),
    });
    this.dashboard.addWidgets(...widgets);
  }
}
