// Alarms and a dashboard for operators: dead letters, failed executions, paid lookups over budget, function and API
// errors, all notified through one SNS topic; the business metrics the handlers publish, graphed beside them.
import { CfnOutput, Duration, type Stack } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, AlarmStatusWidget, ComparisonOperator, Dashboard, GraphWidget, type IMetric, MathExpression, Metric, TextWidget, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { handlerMetadataKey, ProjectFunction } from './project-function.ts';

/** The handlers' Powertools Metrics namespace and `service` dimension (functions/shared/observability.ts). */
export const metricsNamespace = 'contactable';
const service = 'contactable';

/**
 * Paid lookups a day above which the budget alarm fires, unless the context (`-c paidLookupsDailyBudget=…`) or the
 * props say otherwise: 1,000 a day is about $6 at Pinpoint's PhoneNumberValidate price, far above what the identity
 * benchmark's trace predicts for a contact centre taking a few thousand inbound events a day.
 */
export const defaultPaidLookupsDailyBudget = 1_000;

export interface MonitoringProps {
  /** The stack whose queues, functions, state machine and API are watched (the compute stack). */
  watched: Stack;
  /** Overrides the context's `paidLookupsDailyBudget`. */
  paidLookupsDailyBudget?: number;
  /** Overrides the context's `alarmEmail`: an address subscribed to the alarm topic (it confirms by email). */
  alarmEmail?: string;
}

/**
 * Finds what to watch in the watched stack — every SQS queue (all of them are dead-letter queues), the dialer's state
 * machine, every function that runs on an event (an API function's failure is an HTTP 5xx, watched on the API), the
 * HTTP API — so whatever is added there later is watched too.
 */
export class Monitoring extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  readonly paidLookupsDailyBudget: number;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const stack = props.watched;
    this.paidLookupsDailyBudget = props.paidLookupsDailyBudget ?? numberContext(this, 'paidLookupsDailyBudget') ?? defaultPaidLookupsDailyBudget;
    this.alarmTopic = new Topic(this, 'AlarmTopic', { enforceSSL: true, displayName: 'contactable alarms' });
    const email = props.alarmEmail ?? stringContext(this, 'alarmEmail');
    if (email !== undefined) this.alarmTopic.addSubscription(new EmailSubscription(email));
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'Every alarm of the stack notifies this topic: subscribe on-call here' });

    const constructs = stack.node.findAll();
    const deadLetterQueues = constructs.filter((construct): construct is Queue => construct instanceof Queue);
    const functions = constructs.filter((construct): construct is ProjectFunction => construct instanceof ProjectFunction);
    const eventFunctions = functions.filter((fn) => !handlerOf(fn).startsWith('api/'));
    const httpApis = constructs.filter((construct): construct is HttpApi => construct instanceof HttpApi);
    const stateMachine = constructs.find((construct): construct is StateMachine => construct instanceof StateMachine);
    if (stateMachine === undefined) throw new Error(`${stack.stackName} has no state machine to watch`);

    for (const queue of deadLetterQueues) {
      this.alarm(`${queue.node.path}`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), 0, `Dead letters in ${queue.node.path}: events that failed after every retry wait for an operator (14 days).`);
    }
    this.alarm('DialerExecutionsFailed', stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }), 0, 'A per-contact dialer execution failed: its contact closed without a Final row; its lines are reclaimed.');
    const paidLookups = this.businessMetric('PaidLookups', Duration.days(1));
    this.alarm('PaidLookupsOverBudget', paidLookups, this.paidLookupsDailyBudget, `More than ${this.paidLookupsDailyBudget} paid number lookups in a day (context paidLookupsDailyBudget).`);
    for (const fn of eventFunctions) {
      this.alarm(`FunctionErrors ${handlerOf(fn)}`, fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 0, `${handlerOf(fn)} failed: see its log group; an asynchronous event is retried, then dead-lettered.`);
    }
    for (const api of httpApis) {
      this.alarm('ApiServerErrors', api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }), 0, 'The API answered 5xx: an unexpected error, logged with its cause by the function.');
    }

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(1) });
    this.dashboard.addWidgets(
      new TextWidget({ markdown: `# contactable\nBusiness counts (namespace \`${metricsNamespace}\`), dead letters, dialer executions, functions. Alarms notify the topic in the stack output \`AlarmTopicArn\`.`, width: 24, height: 2 }),
    );
    this.dashboard.addWidgets(
      graph('Calls placed, by status', [this.breakdown('CallsPlaced', 'status')]),
      graph('Contacts closed, by reason', [this.breakdown('ContactsClosed', 'reason')]),
      graph('Opt-outs, by source', [this.breakdown('OptOuts', 'source')]),
      new GraphWidget({
        title: 'Paid lookups a day (and failures)',
        left: [paidLookups, this.businessMetric('LookupFailures', Duration.days(1))],
        leftAnnotations: [{ value: this.paidLookupsDailyBudget, label: 'daily budget' }],
        width: 6,
      }),
    );
    this.dashboard.addWidgets(
      graph(
        'Dead letters (messages waiting)',
        deadLetterQueues.map((queue) => queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum', label: queue.node.path.split('/').slice(-2).join(' ') })),
        12,
      ),
      graph(
        'Dialer executions',
        [
          stateMachine.metricStarted({ statistic: 'Sum' }),
          stateMachine.metricSucceeded({ statistic: 'Sum' }),
          stateMachine.metricFailed({ statistic: 'Sum' }),
          stateMachine.metricTimedOut({ statistic: 'Sum' }),
          stateMachine.metricAborted({ statistic: 'Sum' }),
        ],
        12,
      ),
    );
    this.dashboard.addWidgets(
      graph('Lambda errors, by function', [lambdaSearch(stack.stackName, 'Errors')], 8),
      graph('Lambda throttles, by function', [lambdaSearch(stack.stackName, 'Throttles')], 8),
      graph('API answers', httpApis.flatMap((api) => [api.metricServerError({ statistic: 'Sum', label: '5xx' }), api.metricClientError({ statistic: 'Sum', label: '4xx' })]), 8),
    );
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
  }

  /** Fires when `metric` goes above `threshold` in one period; a period without data is fine (nothing happened). */
  private alarm(id: string, metric: IMetric, threshold: number, description: string): void {
    const alarm = new Alarm(this, id.replace(/[^A-Za-z0-9]+/g, ''), {
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
  }

  /** A count as the handlers publish it: the service's total (every count also carries this dimension set). */
  private businessMetric(name: string, period: Duration): Metric {
    return new Metric({ namespace: metricsNamespace, metricName: name, dimensionsMap: { service }, statistic: 'Sum', period });
  }

  /** One line per value of the count's dimension, however many values there are (a search, not a fixed list). */
  private breakdown(name: string, dimension: string): MathExpression {
    return new MathExpression({ expression: `SEARCH('{${metricsNamespace},service,${dimension}} MetricName="${name}"', 'Sum', 3600)`, usingMetrics: {}, label: name, period: Duration.hours(1) });
  }
}

function graph(title: string, metrics: IMetric[], width = 6): GraphWidget {
  return new GraphWidget({ title, left: metrics, width, stacked: false });
}

/** Every function of this stack (their generated names start with the stack's name). */
function lambdaSearch(stackName: string, metricName: 'Errors' | 'Throttles'): MathExpression {
  return new MathExpression({ expression: `SEARCH('{AWS/Lambda,FunctionName} MetricName="${metricName}" "${stackName}-"', 'Sum', 300)`, usingMetrics: {}, label: metricName, period: Duration.minutes(5) });
}

function handlerOf(fn: ProjectFunction): string {
  const handler = (fn.function.node.defaultChild as CfnFunction).getMetadata(handlerMetadataKey) as unknown;
  if (typeof handler !== 'string') throw new Error(`${fn.node.path} has no handler metadata`);
  return handler;
}

function numberContext(scope: Construct, key: string): number | undefined {
  const value = scope.node.tryGetContext(key) as unknown;
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`context ${key}=${String(value)} must be a number of lookups (0 or more)`);
  return parsed;
}

function stringContext(scope: Construct, key: string): string | undefined {
  const value = scope.node.tryGetContext(key) as unknown;
  return value === undefined || value === null || String(value) === '' ? undefined : String(value);
}
