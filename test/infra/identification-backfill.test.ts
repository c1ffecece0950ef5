// The identification backfill's worker in the synthesized CloudFormation: least privilege (the contacts table, the
// lookup, invoking itself), retried asynchronous invocations, and only the routes that start it may invoke it.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../functions/handlers/api/routes.ts';
import { buildApp } from '../../infra/app.ts';

let compute: Template;
let resources: Record<string, any>;
const workerName = 'ContactableCompute-identification-backfill';

beforeAll(() => {
  const { stateless } = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  compute = Template.fromStack(stateless);
  resources = compute.toJSON().Resources;
});

function workerId(): string {
  const ids = Object.keys(compute.findResources('AWS::Lambda::Function', { Metadata: { 'contactable:handler': 'identity/identification-backfill' } }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

function apiFunctionId(handler: string): string {
  const id = Object.keys(compute.findResources('AWS::Lambda::Function', { Metadata: { 'contactable:handler': handler } }))[0];
  if (!id) throw new Error(`no function for ${handler}`);
  return id;
}

function statementsOf(functionId: string): any[] {
  const roleRef = resources[functionId].Properties.Role['Fn::GetAtt'][0];
  return Object.values(compute.findResources('AWS::IAM::Policy'))
    .filter((policy: any) => policy.Properties.Roles.some((role: any) => role.Ref === roleRef))
    .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
}

const actionsOf = (statements: any[]): string[] => statements.flatMap((statement) => [statement.Action].flat());

/** Statements that let a function invoke the worker, by its ARN or by the name the worker is given. */
function invokesWorker(functionId: string, worker: string): boolean {
  return statementsOf(functionId).some((statement) => actionsOf([statement]).includes('lambda:InvokeFunction') && (JSON.stringify(statement.Resource).includes(worker) || JSON.stringify(statement.Resource).includes(workerName)));
}

describe('the identification backfill worker', () => {
  it('is named (it invokes itself), runs up to fifteen minutes, and is told its name, its table and its lookup', () => {
    // Act
    const worker = resources[workerId()];

    // Assess
    expect(worker.Properties).toMatchObject({ FunctionName: workerName, Timeout: 900, Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    expect(worker.Properties.Environment.Variables).toMatchObject({ IDENTIFICATION_BACKFILL_FUNCTION_NAME: workerName, PHONE_LOOKUP: 'pinpoint', CONTACTS_TABLE_NAME: expect.anything(), DEFAULT_REGION: 'US' });
  });

  it('may read and write the contacts table, look numbers up and invoke itself: nothing else', () => {
    // Act
    const statements = statementsOf(workerId());
    const actions = actionsOf(statements);

    // Assess
    const onTables = statements.filter((statement) => actionsOf([statement]).some((action) => action.startsWith('dynamodb:')));
    expect(onTables.every((statement) => JSON.stringify(statement.Resource).includes('TablesContacts'))).toBe(true);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']));
    expect(actions).toContain('mobiletargeting:PhoneNumberValidate');
    const invokes = statements.filter((statement) => actionsOf([statement]).includes('lambda:InvokeFunction'));
    expect(invokes).toHaveLength(1);
    expect(JSON.stringify(invokes[0].Resource)).toContain(`:function:${workerName}`);
    // The table's key (through DynamoDB only) and its dead-letter queue: least-privilege.test.ts asserts them exactly.
    const allowed = /^(dynamodb:|kms:|mobiletargeting:PhoneNumberValidate$|lambda:InvokeFunction$|xray:|logs:|sqs:(SendMessage|GetQueueAttributes|GetQueueUrl)$)/;
    expect(actions.filter((action) => !allowed.test(action))).toEqual([]);
  });

  it('is retried twice when an invocation fails', () => {
    compute.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: workerId() }, MaximumRetryAttempts: 2, Qualifier: '$LATEST' });
  });

  it('may be invoked by the routes that switch identification and resume a backfill, and by no other route', () => {
    // Prepare
    const worker = workerId();

    // Act
    const invokers = apiRoutes.filter((route) => invokesWorker(apiFunctionId(route.handler), worker)).map((route) => `${route.method} ${route.path}`);

    // Assess
    expect(invokers).toEqual(['PUT /settings/identification', 'POST /settings/identification/backfills/{backfillId}/resume']);
    for (const route of apiRoutes.filter((each) => each.access.identificationBackfill)) {
      expect(resources[apiFunctionId(route.handler)].Properties.Environment.Variables, route.path).toMatchObject({ IDENTIFICATION_BACKFILL_FUNCTION_NAME: workerName });
    }
    compute.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /settings/identification/backfills/{backfillId}' });
    const reader = actionsOf(statementsOf(apiFunctionId('api/identity/get-identification-backfill')));
    expect(reader.filter((action) => ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'lambda:InvokeFunction'].includes(action))).toEqual([]);
  });
});
