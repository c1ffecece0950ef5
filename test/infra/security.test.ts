// The security gate on the synthesized app: cdk-nag's AwsSolutions pack clean (every acknowledgement on one resource,
// for one finding, with a reason), personal data under the customer-managed key, webhook-style entry points that
// only their caller may invoke.
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { acknowledgeFinding, auditSecurity, SecurityFindingsError, synthesizeChecked, type SecurityAudit } from '../../infra/security.ts';

const context = { 'aws:cdk:bundling-stacks': [] };
let audit: SecurityAudit;
let data: Template;
let compute: Template;

beforeAll(() => {
  const { app, stateful, stateless } = buildApp(new App({ context }));
  audit = auditSecurity(app);
  data = Template.fromStack(stateful);
  compute = Template.fromStack(stateless);
});

describe('cdk-nag AwsSolutions', () => {
  it('leaves no unacknowledged finding, error or warning, in the deployed app', () => {
    expect(audit.findings).toEqual([]);
  });

  it('leaves none in a throw-away (dev) app either', () => {
    expect(auditSecurity(buildApp(new App({ context: { ...context, dev: 'true' } })).app).findings).toEqual([]);
  });

  it('acknowledges each finding on one resource, naming the finding, with a reason, and none that no finding needs', () => {
    expect(audit.acknowledgements.length).toBeGreaterThan(0);
    for (const { path, finding, reason } of audit.acknowledgements) {
      expect(path.split('/').length, `${finding} at ${path}`).toBeGreaterThan(1);
      expect(finding).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      if (/^AwsSolutions-IAM[45]/.test(finding)) expect(finding, path).toMatch(/\[(Resource|Action|Policy)::.+\]$/);
      expect(reason.length, `${finding} at ${path}`).toBeGreaterThanOrEqual(40);
    }
    expect(audit.unusedAcknowledgements).toEqual([]);
  });

  it('fails synthesis on an unacknowledged error or warning', () => {
    // Prepare: an unencrypted queue without SSL (errors) and a user pool without MFA (COG2 is a warning).
    const app = new App({ context });
    const stack = new Stack(app, 'Careless');
    new Queue(stack, 'Plain');
    new UserPool(stack, 'Pool');

    // Act
    const { findings } = auditSecurity(app);

    // Assess
    expect(findings.map((finding) => finding.rule)).toEqual(expect.arrayContaining(['AwsSolutions-SQS4', 'AwsSolutions-COG2']));
    expect(findings.find((finding) => finding.rule === 'AwsSolutions-COG2')?.severity).toBe('warning');
    const again = new App({ context });
    new UserPool(new Stack(again, 'Careless'), 'Pool');
    expect(() => synthesizeChecked(again)).toThrow(SecurityFindingsError);
  });

  it('refuses a stack-wide acknowledgement, an IAM one that names no finding, and one without a reason', () => {
    const app = new App({ context });
    const stack = new Stack(app, 'Any');
    const queue = new Queue(stack, 'Queue');
    expect(() => acknowledgeFinding(stack, 'AwsSolutions-SQS3', 'a long enough reason that still is not scoped to a resource')).toThrow(/not on Any/);
    expect(() => acknowledgeFinding(queue, 'AwsSolutions-IAM5', 'a long enough reason, but for every wildcard of the resource')).toThrow(/name the wildcard/);
    expect(() => acknowledgeFinding(queue, 'AwsSolutions-SQS3', 'because')).toThrow(/reason/);
  });
});

describe('the personal-data key', () => {
  it('is a customer-managed key, rotated, retained with the data', () => {
    data.resourceCountIs('AWS::KMS::Key', 1);
    data.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
  });

  it('encrypts the contacts, dialer and consent ledger tables, the import files and the inbound SMS topic', () => {
    const keyId = Object.keys(data.findResources('AWS::KMS::Key'))[0]!;
    const key = { 'Fn::GetAtt': [keyId, 'Arn'] };
    const tables = Object.entries(data.findResources('AWS::DynamoDB::GlobalTable')).filter(([id]) => id.startsWith('Tables'));
    expect(tables.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['TablesConsentLedger', 'TablesContacts', 'TablesDialer']);
    for (const [id, table] of tables) {
      expect(table.Properties.SSESpecification, id).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      expect(table.Properties.Replicas[0].SSESpecification, id).toEqual({ KMSMasterKeyId: key });
    }
    data.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key }, BucketKeyEnabled: true }] },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'import-files/' }),
    });
    expect(JSON.stringify(compute.findResources('AWS::SNS::Topic'))).toContain('PersonalDataKey');
  });

  it('encrypts every dead-letter queue (they hold the events they could not deliver: numbers of SMS, call outcomes)', () => {
    // Act
    const queues = Object.values(compute.findResources('AWS::SQS::Queue')) as Array<{ Properties: { KmsMasterKeyId?: unknown } }>;

    // Assess
    expect(queues.length).toBeGreaterThan(0);
    for (const queue of queues) expect(JSON.stringify(queue.Properties.KmsMasterKeyId)).toContain('PersonalDataKey');
    for (const service of ['events.amazonaws.com', 'sns.amazonaws.com']) {
      data.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: service }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })]) },
      });
    }
  });

  it('lets End User Messaging use it for this account only (it publishes inbound SMS to the encrypted topic)', () => {
    data.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'sms-voice.amazonaws.com' }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })]) },
    });
  });
});

describe('webhook-style entry points verify their callers', () => {
  const functionOf = (handler: string) => Object.keys(compute.findResources('AWS::Lambda::Function', { Metadata: { 'contactable:handler': handler } }))[0]!;

  it('lets every service invoke a function only from a named source: no permission without SourceArn', () => {
    const permissions = Object.values(compute.findResources('AWS::Lambda::Permission')).map((permission: any) => permission.Properties);
    for (const permission of permissions.filter((each) => each.Principal !== 'apigateway.amazonaws.com')) {
      expect(permission.SourceArn, JSON.stringify(permission)).toBeDefined();
    }
    expect(new Set(permissions.map((each) => each.Principal))).toEqual(new Set(['apigateway.amazonaws.com', 'events.amazonaws.com', 'sns.amazonaws.com', 'connect.amazonaws.com']));
  });

  it('lets only Connect instances of this account and region invoke the inbound-call function', () => {
    compute.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [functionOf('identity/inbound-call'), 'Arn'] },
      Principal: 'connect.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':connect:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':instance/*']] },
    });
    const { stateless } = buildApp(new App({ context: { ...context, connectInstanceArn: 'arn:aws:connect:eu-west-2:111122223333:instance/abc' } }));
    Template.fromStack(stateless).hasResourceProperties('AWS::Lambda::Permission', { Principal: 'connect.amazonaws.com', SourceArn: 'arn:aws:connect:eu-west-2:111122223333:instance/abc' });
  });

  it('lets only the inbound SMS topic invoke the keyword function, and only End User Messaging of this account publish to it', () => {
    const topicId = Object.keys(compute.findResources('AWS::SNS::Topic', { Properties: { DisplayName: Match.absent() } })).find((id) => id.startsWith('ConsentInboundSms'))!;
    compute.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { 'Fn::GetAtt': [functionOf('messaging/inbound-sms'), 'Arn'] }, Principal: 'sns.amazonaws.com', SourceArn: { Ref: topicId } });
    compute.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', Principal: { Service: 'sms-voice.amazonaws.com' }, Action: 'sns:Publish', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })]),
      }),
    });
    const allows = (Object.values(compute.findResources('AWS::SNS::TopicPolicy')) as any[]).filter((policy) => JSON.stringify(policy.Properties.Topics).includes(topicId)).flatMap((policy) => policy.Properties.PolicyDocument.Statement).filter((statement: any) => statement.Effect === 'Allow');
    expect(allows).toHaveLength(1);
  });

  it('lets each EventBridge rule (S3 uploads, call outcomes, execution changes, schedules) invoke only its own target', () => {
    const rules = compute.findResources('AWS::Events::Rule');
    const permissions = Object.values(compute.findResources('AWS::Lambda::Permission')).map((permission: any) => permission.Properties).filter((permission) => permission.Principal === 'events.amazonaws.com');
    expect(permissions.length).toBeGreaterThanOrEqual(Object.keys(rules).length);
    for (const permission of permissions) {
      const ruleId = permission.SourceArn['Fn::GetAtt'][0] as string;
      const targets = rules[ruleId]!.Properties.Targets.map((target: any) => target.Arn['Fn::GetAtt'][0]);
      expect(targets, ruleId).toContain(permission.FunctionName['Fn::GetAtt'][0]);
    }
    compute.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.s3'], detail: Match.objectLike({ bucket: { name: [Match.anyValue()] } }) }) });
  });

  it("lets Scheduler assume the starter's role only for this account's campaign schedule group", () => {
    const groupId = Object.keys(compute.findResources('AWS::Scheduler::ScheduleGroup'))[0]!;
    compute.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': { 'Fn::GetAtt': [groupId, 'Arn'] } } } }],
        Version: '2012-10-17',
      },
    });
  });
});
