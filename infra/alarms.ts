/**
 * Alarms on what needs a person: function errors and throttles, anything in
 * a dead-letter queue, a failed settlement run, and the API's 5xx rate. All
 * publish to one SNS topic; a stage may subscribe an email address to it.
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PlatformFunction } from './functions.ts';

export interface PlatformAlarmsProps {
  functions: Record<string, PlatformFunction>;
  queues: Record<string, Queue>;
  api: HttpApi;
  stage: HttpStage;
  alarmEmail?: string;
}

export class PlatformAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'One-stop platform alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);

    const alarm = (name: string, metric: IMetric, threshold: number, description: string) => {
      const a = new Alarm(this, name.replace(/[^A-Za-z0-9]/g, ''), {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };

    const period = Duration.minutes(5);
    for (const [name, f] of Object.entries(props.functions)) {
      const what = name === 'settle' ? 'Settlement run failed' : `${name} function errors`;
      alarm(`${name} errors`, f.fn.metricErrors({ period, statistic: 'Sum' }), 1, `${what}: see the function's log group`);
      alarm(`${name} throttles`, f.fn.metricThrottles({ period, statistic: 'Sum' }), 1, `${name} function throttled: concurrency limit reached`);
    }
    for (const [name, q] of Object.entries(props.queues)) {
      alarm(
        `${name} depth`,
        q.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        1,
        `Messages in the ${name}: deliveries or schedules gave up`,
      );
    }
    const rate = new MathExpression({
      expression: '100 * errors / MAX([requests, 1])',
      usingMetrics: {
        errors: props.api.metricServerError({ period, statistic: 'Sum' }),
        requests: props.api.metricCount({ period, statistic: 'Sum' }),
      },
      label: 'API 5xx %',
      period,
    });
    alarm('api 5xx rate', rate, 5, 'More than 5% of API requests answered 5xx over 5 minutes');
  }
}
