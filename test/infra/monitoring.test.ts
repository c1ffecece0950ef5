// Operations in the synthesized app: dead-letter queues on everything the compute stack runs asynchronously; in the
// monitoring stack, alarms on each queue, failed executions, paid lookups and errors, one alarm topic, the dashboard;
// the idempotency records' table in the data stack.
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { idempotencyTable } from '../../functions/shared/idempotency.ts';
import { serviceName } from '../../functions/shared/observability.ts';
import { buildApp } from '../../infra/app.ts';
import { deadLetterRetention } from '../../infra/constructs/dead-letters.ts';
import { defaultPaidLookupsDailyBudget, metricsNamespace } from '../../infra/constructs/monitoring.ts';
import { handlerMetadataKey } from '../../infra/constructs/project-function.ts';

let data: Template;
let compute: Template;
let monitoring: Template;
let resources: Record<string, any>;
/** Export name → the compute stack's value it exports: what the monitoring stack's `Fn::ImportValue`s stand for. */
let exported: Map<string, unknown>;

function synthesize(context: Record<string, unknown> = {}) {
  const { stateful, stateless, monitoring: watching } = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }));
  return { data: Template.fromStack(stateful), compute: Template.fromStack(stateless), monitoring: Template.fromStack(watching) };
}

beforeAll(() => {
  ({ data, compute, monitoring } = synthesize());
  resources = compute.toJSON().Resources;
  exported = new Map(Object.values(compute.toJSON().Outputs as Record<string, any>).filter((output) => output.Export).map((output) => [output.Export.Name, output.Value]));
});

/** A value in the monitoring stack, as the compute stack's own reference when it is imported from there. */
const resolved = (value: any): any => (value?.['Fn::ImportValue'] !== undefined ? exported.get(value['Fn::ImportValue']) : value);

/** Functions that run on an event nobody waits on: asynchronous invocations (Lambda retries, then dead-letters). */
const asynchronousHandlers = ['dialer/start-campaign', 'identity/identification-backfill', 'import-file', 'messaging/inbound-sms', 'consent/mark-stale-numbers', 'dialer/call-outcome', 'dialer/reclaim-lines'];

function functionIdOf(handler: string): string {
  const id = Object.keys(resources).find((logicalId) => resources[logicalId].Type === 'AWS::Lambda::Function' && resources[logicalId].Metadata?.[handlerMetadataKey] === handler);
  if (!id) throw new Error(`no function runs ${handler}`);
  return id;
}

const queueIds = () => Object.keys(compute.findResources('AWS::SQS::Queue'));
const alarms = () => Object.values(monitoring.findResources('AWS::CloudWatch::Alarm')) as any[];
const alarmTopicId = () => Object.keys(monitoring.findResources('AWS::SNS::Topic'))[0]!;
const dimensionOf = (alarm: any, name: string): any => resolved(alarm.Properties.Dimensions?.find((dimension: any) => dimension.Name === name)?.Value);
/** The queue a reference (`Fn::GetAtt [id, Arn]` or `Ref`) names. */
const queueOf = (reference: any): string => reference?.['Fn::GetAtt']?.[0] ?? reference?.Ref;

describe('dead-letter queues', () => {
  it('sends every asynchronous function’s failed invocations (after Lambda’s retries) to a dead-letter queue it may write to', () => {
    for (const handler of asynchronousHandlers) {
      const id = functionIdOf(handler);
      const queue = queueOf(resources[id].Properties.DeadLetterConfig?.TargetArn);
      expect(queueIds(), handler).toContain(queue);
      const roleRef = resources[id].Properties.Role['Fn::GetAtt'][0];
      const statements = (Object.values(compute.findResources('AWS::IAM::Policy')) as any[]).filter((policy) => policy.Properties.Roles.some((role: any) => role.Ref === roleRef)).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
      expect(statements.some((statement: any) => [statement.Action].flat().includes('sqs:SendMessage') && queueOf(statement.Resource) === queue), handler).toBe(true);
    }
    // Lambda's retries are its defaults (two) except where a function says otherwise, never zero.
    for (const config of Object.values(compute.findResources('AWS::Lambda::EventInvokeConfig')) as any[]) expect(config.Properties.MaximumRetryAttempts).toBeGreaterThan(0);
  });

  it('sends nothing invoked synchronously to a dead-letter queue (its caller sees the error: the state machine, Connect, the API)', () => {
    for (const handler of ['dialer/place-call', 'dialer/call-lost', 'identity/inbound-call', 'api/contacts/get-contact']) expect(resources[functionIdOf(handler)].Properties.DeadLetterConfig, handler).toBeUndefined();
  });

  it('keeps dead letters 14 days, SSL only', () => {
    expect(queueIds().length).toBeGreaterThan(0);
    for (const id of queueIds()) {
      expect(resources[id].Properties.MessageRetentionPeriod, id).toBe(deadLetterRetention.toSeconds());
      compute.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
  });

  it('gives every EventBridge rule that targets a function a dead-letter queue for what it cannot deliver', () => {
    const rules = Object.entries(compute.findResources('AWS::Events::Rule')).filter(([, rule]: [string, any]) => rule.Properties.Targets.some((target: any) => JSON.stringify(target.Arn).includes('Function')));
    expect(rules.length).toBeGreaterThanOrEqual(6); // import, stale numbers, two outcome rules, execution status, sweep
    for (const [id, rule] of rules as Array<[string, any]>) {
      for (const target of rule.Properties.Targets) expect(queueIds(), id).toContain(queueOf(target.DeadLetterConfig?.Arn));
    }
  });

  it('gives the inbound SMS subscription a redrive queue for messages SNS cannot deliver', () => {
    const [subscription] = Object.values(compute.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'lambda' } })) as any[];
    expect(queueIds()).toContain(queueOf(subscription.Properties.RedrivePolicy.deadLetterTargetArn));
  });

  it('hands the campaign routes the queue Scheduler dead-letters its starts to, and lets Scheduler send there', () => {
    const createCampaign = Object.keys(resources).find((id) => resources[id].Metadata?.[handlerMetadataKey] === 'api/campaigns/create-campaign')!;
    const queue = queueOf(resources[createCampaign].Properties.Environment.Variables.CAMPAIGN_START_DLQ_ARN);
    expect(queueIds()).toContain(queue);
    const schedulerRole = Object.keys(compute.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] } } }))[0]!;
    compute.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: schedulerRole }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']), Resource: { 'Fn::GetAtt': [queue, 'Arn'] } })]) },
    });
    // The starter's own failed invocations land in the same queue: one place for "a run did not start".
    expect(queueOf(resources[functionIdOf('dialer/start-campaign')].Properties.DeadLetterConfig.TargetArn)).toBe(queue);
  });
});

describe('alarms', () => {
  it('raises an alarm as soon as any dead-letter queue holds a message', () => {
    for (const id of queueIds()) {
      const alarm = alarms().find((candidate) => dimensionOf(candidate, 'QueueName')?.['Fn::GetAtt']?.[0] === id);
      expect(alarm, id).toBeDefined();
      expect(alarm.Properties).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 });
    }
  });

  it('raises an alarm when a dialer execution fails', () => {
    const stateMachine = Object.keys(compute.findResources('AWS::StepFunctions::StateMachine'))[0]!;
    const alarm = alarms().find((candidate) => candidate.Properties.MetricName === 'ExecutionsFailed');
    expect(alarm.Properties).toMatchObject({ Namespace: 'AWS/States', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(dimensionOf(alarm, 'StateMachineArn')).toEqual({ Ref: stateMachine });
  });

  it('raises an alarm when paid lookups pass the daily budget, the handlers’ namespace and service', () => {
    const alarm = alarms().find((candidate) => candidate.Properties.MetricName === 'PaidLookups');
    expect(metricsNamespace).toBe(serviceName);
    expect(alarm.Properties).toMatchObject({ Namespace: serviceName, Dimensions: [{ Name: 'service', Value: serviceName }], Statistic: 'Sum', Period: 86_400, Threshold: defaultPaidLookupsDailyBudget, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('takes the paid-lookup budget from the context', () => {
    const alarm = (Object.values(synthesize({ paidLookupsDailyBudget: '250' }).monitoring.findResources('AWS::CloudWatch::Alarm')) as any[]).find((candidate) => candidate.Properties.MetricName === 'PaidLookups');
    expect(alarm.Properties.Threshold).toBe(250);
  });

  it('raises an alarm on errors of every function that runs on an event, and on the API’s 5xx answers', () => {
    const eventHandlers = Object.values(resources)
      .filter((resource: any) => resource.Type === 'AWS::Lambda::Function' && typeof resource.Metadata?.[handlerMetadataKey] === 'string' && !resource.Metadata[handlerMetadataKey].startsWith('api/'))
      .map((resource: any) => resource.Metadata[handlerMetadataKey] as string);
    expect(eventHandlers).toEqual(expect.arrayContaining([...asynchronousHandlers, 'dialer/place-call', 'dialer/call-lost', 'identity/inbound-call']));
    for (const handler of eventHandlers) {
      const alarm = alarms().find((candidate) => candidate.Properties.MetricName === 'Errors' && dimensionOf(candidate, 'FunctionName')?.Ref === functionIdOf(handler));
      expect(alarm, handler).toBeDefined();
      expect(alarm.Properties).toMatchObject({ Namespace: 'AWS/Lambda', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    }
    expect(alarms().find((candidate) => candidate.Properties.MetricName === '5xx' && candidate.Properties.Namespace === 'AWS/ApiGateway')).toBeDefined();
  });

  it('notifies one SNS topic (SSL only, given as an output) from every alarm', () => {
    const topic = alarmTopicId();
    for (const alarm of alarms()) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
    monitoring.hasOutput('*', { Value: { Ref: topic } });
    monitoring.hasResourceProperties('AWS::SNS::TopicPolicy', { Topics: [{ Ref: topic }], PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
  });

  it('subscribes the context’s alarmEmail to the topic', () => {
    synthesize({ alarmEmail: 'oncall@example.com' }).monitoring.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });
});

describe('dashboard', () => {
  it('graphs the business metrics, dead letters, executions, Lambda errors and throttles', () => {
    const [dashboard] = Object.values(monitoring.findResources('AWS::CloudWatch::Dashboard')) as any[];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const shown of ['CallsPlaced', 'ContactsClosed', 'OptOuts', 'PaidLookups', 'ApproximateNumberOfMessagesVisible', 'ExecutionsFailed', 'ExecutionsStarted', 'MetricName=\\\\\\"Errors', 'MetricName=\\\\\\"Throttles', 'daily budget']) {
      expect(body, shown).toContain(shown);
    }
  });
});

describe('idempotency records', () => {
  it('are a table keyed by id whose records expire, bound to the import function only', () => {
    const [tableId, table] = Object.entries(data.findResources('AWS::DynamoDB::GlobalTable')).find(([id]) => id.startsWith('Idempotency')) as [string, any];
    expect(table.Properties).toMatchObject({ KeySchema: [{ AttributeName: idempotencyTable.partitionKey, KeyType: 'HASH' }], TimeToLiveSpecification: { AttributeName: idempotencyTable.ttlAttribute, Enabled: true } });
    const bound = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::Lambda::Function' && resources[id].Properties.Environment?.Variables?.[idempotencyTable.envVar] !== undefined);
    expect(bound).toEqual([functionIdOf('import-file')]);
    expect(JSON.stringify(resources[bound[0]!].Properties.Environment.Variables[idempotencyTable.envVar])).toContain(tableId);
  });
});
