// Assertions on the synthesized CloudFormation: data is protected, functions are uniform and least-privileged.
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../functions/handlers/api/routes.ts';
import { buildApp } from '../../infra/app.ts';

let data: Template;
let compute: Template;

beforeAll(() => {
  const { stateful, stateless } = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  data = Template.fromStack(stateful);
  compute = Template.fromStack(stateless);
});

const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

function policyStatementsOf(functionLogicalId: string): any[] {
  const roleRef = compute.toJSON().Resources[functionLogicalId].Properties.Role['Fn::GetAtt'][0];
  const policies = Object.values(compute.findResources('AWS::IAM::Policy')).filter((policy: any) => policy.Properties.Roles.some((role: any) => role.Ref === roleRef));
  return policies.flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
}

function policyActionsOf(functionLogicalId: string): string[] {
  return policyStatementsOf(functionLogicalId).flatMap((statement: any) => [statement.Action].flat());
}

/** The DynamoDB actions granted on one table of the data stack (its logical id is `Tables<name>…`). */
function tableActionsOf(functionLogicalId: string, table: 'Contacts' | 'Dialer' | 'ConsentLedger'): string[] {
  return policyStatementsOf(functionLogicalId)
    .filter((statement: any) => JSON.stringify(statement.Resource).includes(`Tables${table}`))
    .flatMap((statement: any) => [statement.Action].flat())
    .filter((action: string) => action.startsWith('dynamodb:'));
}

function functionIdOf(handler: string): string {
  const name = handler.split('/').pop()!.replace(/(^|-)(\w)/g, (_: string, __: string, letter: string) => letter.toUpperCase());
  const id = Object.keys(compute.findResources('AWS::Lambda::Function')).find((logicalId) => logicalId.startsWith(`Api${name}Function`));
  if (!id) throw new Error(`no function for ${handler}`);
  return id;
}

describe('stateful stack', () => {
  it('keeps the contacts table on demand, encrypted, recoverable, protected and retained', () => {
    data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: Match.objectLike({ SSEEnabled: true }),
        Replicas: [Match.objectLike({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    });
  });

  it('lets a dev stack be destroyed with its data', () => {
    const { stateful } = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], dev: 'true' } }));
    Template.fromStack(stateful).hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
  });

  it('blocks public access to uploaded files and sends their events to EventBridge', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    data.hasResourceProperties('Custom::S3BucketNotifications', { NotificationConfiguration: { EventBridgeConfiguration: {} } });
  });
});

describe('stack size', () => {
  it('keeps the compute stack clear of CloudFormation\'s 500 resources per stack, with room for growth', () => {
    // Act
    const resources = Object.keys(compute.toJSON().Resources).length;

    // Assess: 60 routes cost 6 resources each (function, role, policy, permission, integration, route); the route
    // functions share one log group for this. Past 450, split the routes into a stack of their own.
    expect(resources).toBeLessThanOrEqual(450);
  });
});

describe('stateless stack', () => {
  it('runs every function on Node 24, arm64, traced, with JSON logs', () => {
    const functions = Object.entries(compute.findResources('AWS::Lambda::Function')).filter(([id]) => !id.includes('LogRetention'));
    expect(functions.filter(([id]) => id.startsWith('Api')).length).toBe(apiRoutes.length);
    for (const [, resource] of functions) {
      expect(resource.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, LoggingConfig: { LogFormat: 'JSON' } });
    }
  });

  it('serves one route per API function', () => {
    compute.resourceCountIs('AWS::ApiGatewayV2::Route', apiRoutes.length);
    for (const route of apiRoutes) compute.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${route.method} ${route.path}` });
  });

  it('grants read-only routes no write action, and writing routes their table only', () => {
    for (const route of apiRoutes) {
      const functionId = functionIdOf(route.handler);
      const actions = policyActionsOf(functionId);
      for (const [table, access] of [['Contacts', route.access.contacts], ['Dialer', route.access.dialer]] as const) {
        const onTable = tableActionsOf(functionId, table);
        if (access === undefined) expect(onTable, `${route.handler} on ${table}`).toEqual([]);
        else expect(onTable, `${route.handler} on ${table}`).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
        if (access === 'read') for (const action of writeActions) expect(onTable, `${route.handler} on ${table}`).not.toContain(action);
      }
      const onLedger = tableActionsOf(functionId, 'ConsentLedger');
      if (route.access.consentLedger === undefined) expect(onLedger, `${route.handler} on the ledger`).toEqual([]);
      // Append-only, for every function: a ledger entry is never updated or deleted.
      for (const action of ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) expect(onLedger, `${route.handler} on the ledger`).not.toContain(action);
      expect(onLedger.includes('dynamodb:PutItem'), `${route.handler} appends to the ledger`).toBe(route.access.consentLedger === 'readAppend');
      expect(actions.filter((action) => action.startsWith('dynamodb:')).length, route.handler).toBe(tableActionsOf(functionId, 'Contacts').length + tableActionsOf(functionId, 'Dialer').length + onLedger.length);
      if (route.access.importFiles === undefined) expect(actions.filter((action) => action.startsWith('s3:')), route.handler).toEqual([]);
    }
  });

  it('lets only the campaign-control routes touch schedules and executions', () => {
    for (const route of apiRoutes) {
      const control = policyActionsOf(functionIdOf(route.handler)).filter((action) => /^(scheduler|states|iam):/.test(action) && action !== 'states:SendTaskSuccess');
      if (route.access.campaignControl) expect(control, route.handler).toEqual(expect.arrayContaining(['scheduler:CreateSchedule', 'states:StopExecution']));
      else expect(control, route.handler).toEqual([]);
    }
  });

  it('lets only the preview routes answer call tasks (of the dialer only), and only the accept dial', () => {
    const stateMachine = Object.keys(compute.findResources('AWS::StepFunctions::StateMachine'));
    expect(stateMachine).toHaveLength(1);
    for (const route of apiRoutes) {
      const statements = policyStatementsOf(functionIdOf(route.handler));
      const answers = statements.filter((statement: any) => [statement.Action].flat().includes('states:SendTaskSuccess'));
      const dials = statements.flatMap((statement: any) => [statement.Action].flat()).filter((action: string) => /^(connect|sms-voice):/.test(action) && action !== 'sms-voice:SendTextMessage');
      if (route.access.callControl === undefined) expect(answers, route.handler).toEqual([]);
      else expect(answers.map((statement: any) => statement.Resource), route.handler).toEqual([{ Ref: stateMachine[0] }]);
      if (route.access.callControl === 'dial') expect(dials.sort(), route.handler).toEqual(['connect:StartOutboundVoiceContact', 'sms-voice:SendVoiceMessage']);
      else expect(dials, route.handler).toEqual([]);
    }
    expect(apiRoutes.filter((route) => route.access.callControl).map((route) => `${route.method} ${route.path} ${route.access.callControl}`)).toEqual([
      'POST /campaigns/{campaignId}/preview/{contactId}/accept dial',
      'POST /campaigns/{campaignId}/preview/{contactId}/reject resume',
    ]);
    compute.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /campaigns/{campaignId}/preview' });
  });

  it('lets only the routes that send SMS send it, and no function anywhere update or delete a ledger entry', () => {
    for (const route of apiRoutes) {
      const texts = policyActionsOf(functionIdOf(route.handler)).includes('sms-voice:SendTextMessage');
      expect(texts, route.handler).toBe(route.access.sms === 'send');
    }
    expect(apiRoutes.filter((route) => route.access.sms).map((route) => `${route.method} ${route.path}`)).toEqual(['POST /numbers/{number}/verification']);
    for (const functionId of Object.keys(compute.findResources('AWS::Lambda::Function'))) {
      const onLedger = tableActionsOf(functionId, 'ConsentLedger');
      for (const action of ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) expect(onLedger, functionId).not.toContain(action);
    }
  });

  it('delivers inbound SMS from End User Messaging to the keyword function, and marks stale numbers daily', () => {
    compute.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: Match.objectLike({ Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'sms-voice.amazonaws.com' }, Action: 'sns:Publish' })]) }) });
    compute.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
    compute.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 3 * * ? *)' });
  });

  it('runs the import when a file lands under imports/', () => {
    compute.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.s3'], 'detail-type': ['Object Created'] }),
    });
  });
});

describe('API users and the authorizer', () => {
  it('keeps the users in a Cognito user pool nobody signs up to, with a strong password, MFA, and a group per role', () => {
    data.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        UsernameAttributes: ['email'],
        MfaConfiguration: 'ON',
        DeletionProtection: 'ACTIVE',
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }) },
      }),
    });
    const groups = Object.values(data.findResources('AWS::Cognito::UserPoolGroup')).map((group: any) => group.Properties.GroupName);
    expect(groups.sort()).toEqual(['administrator', 'agent', 'supervisor']);
    data.hasOutput('UserPoolId', {});
    data.hasOutput('UserPoolClientId', {});
  });

  it('gives the API a public client with no secret, no OAuth redirect flow and short-lived tokens', () => {
    data.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    data.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: false,
      AccessTokenValidity: 30,
      IdTokenValidity: 30,
      TokenValidityUnits: Match.objectLike({ AccessToken: 'minutes', IdToken: 'minutes' }),
    });
  });

  it('lets a dev stack be destroyed with its users', () => {
    const { stateful } = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], dev: 'true' } }));
    Template.fromStack(stateful).hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }) });
  });

  it("asks every route but GET /openapi.json for a token of the pool's API client", () => {
    const authorizers = compute.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(1);
    const [authorizerId, authorizer] = Object.entries(authorizers)[0]! as [string, any];
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Audience)).toContain('UsersUserPoolApiClient');
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toContain('UsersUserPool');
    const routes = Object.values(compute.findResources('AWS::ApiGatewayV2::Route')).map((route: any) => route.Properties);
    expect(routes).toHaveLength(apiRoutes.length);
    for (const route of routes) {
      if (route.RouteKey === 'GET /openapi.json') expect(route.AuthorizationType, route.RouteKey).toBe('NONE');
      else expect(route, route.RouteKey).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    }
  });
});
