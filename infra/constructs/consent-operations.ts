// What keeps consent current without a person at the API: inbound SMS keywords (End User Messaging two-way SMS
// publishes to this topic) and the daily stale-number job.
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { consentLedgerTable, contactsTable } from '../../functions/shared/tables.ts';
import type { ContactTables } from './contact-tables.ts';
import { eventDeadLetters, ruleTargetWithDeadLetters, sendFailedInvocationsTo } from './dead-letters.ts';
import { ProjectFunction, type SmsSendingSettings } from './project-function.ts';

export interface ConsentOperationsProps {
  tables: ContactTables;
  environment: Record<string, string>;
  /** Keyword replies (STOP confirmation, HELP) are sent from here. */
  sms: SmsSendingSettings;
}

export class ConsentOperations extends Construct {
  readonly inboundSmsTopic: Topic;

  constructor(scope: Construct, id: string, props: ConsentOperationsProps) {
    super(scope, id);
    const { tables, environment } = props;

    // Inbound messages carry the sender's number: encrypted with the personal-data key (the data stack lets End User
    // Messaging use it for this account).
    this.inboundSmsTopic = new Topic(this, 'InboundSms', { enforceSSL: true, masterKey: tables.encryptionKey });
    // Set this topic as the two-way SMS destination of the phone numbers. End User Messaging publishes as itself:
    // only it, and only for this account's numbers, may publish.
    this.inboundSmsTopic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.inboundSmsTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    const inboundSms = new ProjectFunction(this, 'InboundSmsKeywords', { handler: 'messaging/inbound-sms', environment })
      .bindTable(tables.contacts, contactsTable, 'readWrite')
      .bindTable(tables.consentLedger, consentLedgerTable, 'readAppend')
      .bindSmsSending(props.sms);
    // A message SNS could not deliver, or one the function failed on three times, waits there for an operator.
    this.inboundSmsTopic.addSubscription(new LambdaSubscription(inboundSms.function, { deadLetterQueue: eventDeadLetters(this) }));
    sendFailedInvocationsTo(inboundSms, eventDeadLetters(this));
    new CfnOutput(this, 'InboundSmsTopicArn', { value: this.inboundSmsTopic.topicArn, description: 'Two-way SMS destination for the phone numbers that send and receive SMS' });

    const staleNumbers = new ProjectFunction(this, 'MarkStaleNumbers', { handler: 'consent/mark-stale-numbers', environment, timeout: Duration.minutes(15) }).bindTable(tables.contacts, contactsTable, 'readWrite');
    new Rule(this, 'DailyStaleNumbers', { schedule: Schedule.cron({ hour: '3', minute: '0' }), targets: [ruleTargetWithDeadLetters(staleNumbers, eventDeadLetters(this))] });
    sendFailedInvocationsTo(staleNumbers, eventDeadLetters(this));
  }
}
