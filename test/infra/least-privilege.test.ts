// Every function's role holds exactly what its declaration says it does, and nothing more: the expected grants are
// derived from each route's `access` (functions/handlers/api/routes.ts) and from each worker's construct, resolved
// from the same constructs the app is built from, and compared with the synthesized policies statement by statement.
import { App, ArnFormat, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type RouteDefinition } from '../../functions/handlers/api/routes.ts';
import { consentLedgerTable, contactsTable, dialerTable, type TableAccess, type TableSchema } from '../../functions/shared/tables.ts';
import { buildApp } from '../../infra/app.ts';
import type { DialerWorkflow } from '../../infra/constructs/dialer-workflow.ts';
import type { IdentificationBackfill } from '../../infra/constructs/identification-backfill.ts';
import { handlerMetadataKey, ProjectFunction } from '../../infra/constructs/project-function.ts';
import type { StatefulStack } from '../../infra/stateful-stack.ts';
import type { StatelessStack } from '../../infra/stateless-stack.ts';

let stateful: StatefulStack;
let stateless: StatelessStack;
let compute: Template;
let functions: Map<string, ProjectFunction>;

beforeAll(() => {
  const built = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  ({ stateful, stateless } = built);
  // Synthesized first: references to the data stack then resolve to the imports the templates hold.
  built.app.synth();
  compute = Template.fromStack(stateless);
  functions = new Map(
    stateless.node
      .findAll()
      .filter((construct): construct is ProjectFunction => construct instanceof ProjectFunction)
      .map((fn) => [(fn.function.node.defaultChild as CfnFunction).getMetadata(handlerMetadataKey) as string, fn]),
  );
});

/** One permission: an action on a resource, under its condition; the unit both sides are compared in. */
const permission = (action: string, resource: unknown, condition?: unknown): string =>
  `${action} on ${flattenCfnReference(stateless.resolve(resource))}${condition ? ` if ${JSON.stringify(stateless.resolve(condition))}` : ''}`;

function grantedTo(fn: ProjectFunction): string[] {
  const roleId = stateless.getLogicalId(fn.role.node.defaultChild as never);
  const policies = Object.values(compute.findResources('AWS::IAM::Policy')).filter((policy: any) => policy.Properties.Roles.some((role: any) => role.Ref === roleId));
  return policies
    .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement)
    .flatMap((statement: any) => {
      expect(statement.Effect).toBe('Allow');
      return [statement.Action].flat().flatMap((action: string) => [statement.Resource].flat().map((resource: unknown) => `${action} on ${flattenCfnReference(resource)}${statement.Condition ? ` if ${JSON.stringify(statement.Condition)}` : ''}`));
    })
    .filter((granted, index, all) => all.indexOf(granted) === index)
    .sort();
}

// What each declaration grants, as the specification states it (README, "Security").
const readActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const writeActions: Record<TableAccess, string[]> = { read: [], readAppend: ['dynamodb:PutItem'], readWrite: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] };
const keyActions = { read: ['kms:Decrypt', 'kms:DescribeKey'], write: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'] };

function viaService(service: string) {
  return { StringEquals: { 'kms:ViaService': `${service}.${Stack.of(stateless).region}.amazonaws.com` } };
}

function table(tableConstruct: ITable, schema: TableSchema, access: TableAccess): string[] {
  const resources = [tableConstruct.tableArn, ...Object.values(schema.indexes).map((index) => `${tableConstruct.tableArn}/index/${index.indexName}`)];
  const key = stateful.personalDataKey.keyArn;
  return [
    ...[...readActions, ...writeActions[access]].flatMap((action) => resources.map((resource) => permission(action, resource))),
    ...(access === 'read' ? keyActions.read : keyActions.write).map((action) => permission(action, key, viaService('dynamodb'))),
  ];
}

const contacts = (access: TableAccess) => table(stateful.tables.contacts, contactsTable, access);
const dialer = (access: TableAccess) => table(stateful.tables.dialer, dialerTable, access);
const ledger = (access: TableAccess) => table(stateful.tables.consentLedger, consentLedgerTable, access);

function dialerParts() {
  const workflow = stateless.node.findChild('Dialer') as DialerWorkflow;
  return {
    workflow,
    scheduleGroup: workflow.node.findChild('CampaignSchedules') as CfnScheduleGroup,
    schedulerRole: workflow.node.findChild('SchedulerRole') as Role,
  };
}

function dial(): string[] {
  const stack = Stack.of(stateless);
  return [
    permission('connect:StartOutboundVoiceContact', stack.formatArn({ service: 'connect', resource: 'instance', resourceName: '*/contact/*' })),
    permission('sms-voice:SendVoiceMessage', '*'),
  ];
}

const anyStateMachine = () => permission('states:SendTaskSuccess', Stack.of(stateless).formatArn({ service: 'states', resource: 'stateMachine', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }));
const smsSending = () => permission('sms-voice:SendTextMessage', Stack.of(stateless).formatArn({ service: 'sms-voice', resource: '*' }));
const lookup = () => permission('mobiletargeting:PhoneNumberValidate', '*');
const invokes = (arn: string) => permission('lambda:InvokeFunction', arn);

function campaignControl(): string[] {
  const { workflow, scheduleGroup, schedulerRole } = dialerParts();
  const stack = Stack.of(stateless);
  return [
    ...['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'].map((action) => permission(action, stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${scheduleGroup.ref}/*` }))),
    permission('iam:PassRole', schedulerRole.roleArn, { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } }),
    invokes(workflow.starter.function.functionArn),
    permission('states:ListExecutions', workflow.stateMachine.stateMachineArn),
    permission('states:StopExecution', stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${workflow.stateMachine.stateMachineName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })),
  ];
}

/** What a route's `access` grants. */
function routeGrants(access: RouteDefinition['access']): string[] {
  const { workflow } = dialerParts();
  const backfill = stateless.node.findChild('IdentificationBackfill') as IdentificationBackfill;
  return [
    ...(access.contacts ? contacts(access.contacts) : []),
    ...(access.dialer ? dialer(access.dialer) : []),
    ...(access.consentLedger ? ledger(access.consentLedger) : []),
    ...(access.importFiles ? [permission('s3:PutObject', stateful.importBucket.arnForObjects('imports/*')), permission('kms:GenerateDataKey', stateful.personalDataKey.keyArn, viaService('s3'))] : []),
    ...(access.campaignControl ? campaignControl() : []),
    ...(access.callControl ? [permission('states:SendTaskSuccess', workflow.stateMachine.stateMachineArn), ...(access.callControl === 'dial' ? dial() : [])] : []),
    ...(access.sms ? [smsSending()] : []),
    ...(access.identificationBackfill ? [invokes(backfill.worker.function.functionArn)] : []),
  ];
}

/** The functions that are not routes, as their constructs declare them. */
function workerGrants(): Record<string, () => string[]> {
  const { workflow } = dialerParts();
  const stack = Stack.of(stateless);
  const named = (name: string) => stack.formatArn({ service: 'lambda', resource: 'function', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  return {
    'dialer/place-call': () => [...dialer('readWrite'), ...contacts('read'), ...dial(), anyStateMachine()],
    'dialer/call-outcome': () => [...dialer('readWrite'), ...contacts('readWrite'), anyStateMachine()],
    'dialer/call-lost': () => dialer('readWrite'),
    'dialer/reclaim-lines': () => dialer('readWrite'),
    'dialer/start-campaign': () => [...dialer('readWrite'), ...contacts('read'), permission('states:StartExecution', workflow.stateMachine.stateMachineArn), invokes(named(`${stack.stackName}-campaign-starter`))],
    'identity/identification-backfill': () => [...contacts('readWrite'), lookup(), invokes(named(`${stack.stackName}-identification-backfill`))],
    'identity/inbound-call': () => [...contacts('readWrite'), lookup()],
    'messaging/inbound-sms': () => [...contacts('readWrite'), ...ledger('readAppend'), smsSending()],
    'consent/mark-stale-numbers': () => contacts('readWrite'),
    'import-file': () => [...contacts('readWrite'), ...ledger('readAppend'), permission('s3:GetObject', stateful.importBucket.arnForObjects('imports/*')), permission('kms:Decrypt', stateful.personalDataKey.keyArn, viaService('s3'))],
  };
}

/** What every function holds: writing to its own log group, and sending traces. */
function baseGrants(fn: ProjectFunction): string[] {
  const logs = fn.logGroup;
  return [permission('logs:CreateLogStream', logs.logGroupArn), permission('logs:PutLogEvents', logs.logGroupArn), permission('xray:PutTraceSegments', '*'), permission('xray:PutTelemetryRecords', '*')];
}

/**
 * What the resilience constructs add, read from the function's own declarations in the template: its asynchronous
 * on-failure queue (dead-letters.ts) and Powertools idempotency's records (idempotency-records.ts).
 */
function resilienceGrants(fn: ProjectFunction): string[] {
  const functionId = stateless.getLogicalId(fn.function.node.defaultChild as never);
  const properties = compute.toJSON().Resources[functionId].Properties;
  const onFailure = Object.values(compute.findResources('AWS::Lambda::EventInvokeConfig'))
    .filter((config: any) => config.Properties.FunctionName.Ref === functionId)
    .map((config: any) => config.Properties.DestinationConfig?.OnFailure?.Destination);
  // The function's dead-letter queue, or its asynchronous on-failure destination: CDK grants sending either way.
  const queues = [properties.DeadLetterConfig?.TargetArn, ...onFailure].filter((queue) => queue !== undefined);
  const idempotency = stateful.idempotencyRecords.table;
  const variables = (properties.Environment?.Variables ?? {}) as Record<string, unknown>;
  const usesIdempotency = 'IDEMPOTENCY_TABLE_NAME' in variables;
  const idempotencyActions = ['dynamodb:BatchGetItem', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:DescribeTable'];
  return [
    ...queues.flatMap((queueArn) => ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'].map((action) => `${action} on ${flattenCfnReference(queueArn)}`)),
    // The queues are under the personal-data key: sending to one needs the key (CDK's grant to a queue's sender).
    ...(queues.length > 0 ? ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'].map((action) => permission(action, stateful.personalDataKey.keyArn)) : []),
    ...(usesIdempotency ? idempotencyActions.map((action) => permission(action, idempotency.tableArn)) : []),
  ];
}

function expectedGrants(handler: string, fn: ProjectFunction): string[] {
  const route = apiRoutes.find((each) => each.handler === handler);
  const declared = route ? routeGrants(route.access) : workerGrants()[handler]?.();
  if (!declared) throw new Error(`${handler}: neither a route nor a declared worker; add its grants to this test`);
  // As CDK merges the same statement made twice (the key, for two tables), each permission is counted once.
  return [...new Set([...baseGrants(fn), ...declared, ...resilienceGrants(fn)])].sort();
}

describe('least privilege, function by function', () => {
  it('covers every Lambda function of the compute stack: each is a project function with its own role', () => {
    const deployed = Object.keys(compute.findResources('AWS::Lambda::Function'));
    expect(functions.size).toBe(deployed.length);
    expect(functions.size).toBe(apiRoutes.length + Object.keys(workerGrants()).length);
    expect(new Set([...functions.values()].map((fn) => fn.role.node.path)).size).toBe(functions.size);
  });

  it.each(apiRoutes.map((route) => [route.handler, `${route.method} ${route.path}`]))('%s (%s) holds exactly what its route access declares', (handler) => {
    const fn = functions.get(handler)!;
    expect(grantedTo(fn)).toEqual(expectedGrants(handler, fn));
  });

  it.each(['dialer/place-call', 'dialer/call-outcome', 'dialer/call-lost', 'dialer/reclaim-lines', 'dialer/start-campaign', 'identity/identification-backfill', 'identity/inbound-call', 'messaging/inbound-sms', 'consent/mark-stale-numbers', 'import-file'])(
    '%s holds exactly what its construct declares',
    (handler) => {
      const fn = functions.get(handler)!;
      expect(grantedTo(fn)).toEqual(expectedGrants(handler, fn));
    },
  );

  it('lets no role update, delete or batch-write consent ledger entries', () => {
    const ledgerArn = flattenCfnReference(stateless.resolve(stateful.tables.consentLedger.tableArn));
    for (const fn of functions.values()) {
      const onLedger = grantedTo(fn).filter((granted) => granted.endsWith(` on ${ledgerArn}`));
      expect(onLedger.filter((granted) => /dynamodb:(UpdateItem|DeleteItem|BatchWriteItem) /.test(granted)), fn.node.path).toEqual([]);
    }
  });
});

// The helper below is asserted too, so that a mistake in it cannot make every comparison above pass vacuously.
describe('the comparison itself', () => {
  it('sees a grant the declaration does not make', () => {
    const fn = functions.get('api/contacts/get-contact')!;
    expect(grantedTo(fn)).not.toEqual([...expectedGrants('api/contacts/get-contact', fn), permission('dynamodb:PutItem', stateful.tables.contacts.tableArn)].sort());
    expect(grantedTo(fn).some((granted) => granted.startsWith('dynamodb:PutItem '))).toBe(false);
  });
});

