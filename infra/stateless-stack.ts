// Compute: the HTTP API (one function per route), the import runner, the dialer and consent's own functions.
// Redeployable at will.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { importBucket as importBucketLayout } from '../functions/shared/buckets.ts';
import { consentLedgerTable, contactsTable } from '../functions/shared/tables.ts';
import { ConsentOperations } from './constructs/consent-operations.ts';
import { encryptDeadLettersWith, eventDeadLetters, ruleTargetWithDeadLetters, sendFailedInvocationsTo } from './constructs/dead-letters.ts';
import { DialerWorkflow } from './constructs/dialer-workflow.ts';
import { InboundInteractions } from './constructs/inbound-interactions.ts';
import { HttpApiRoutes } from './constructs/http-api-routes.ts';
import { IdentificationBackfill } from './constructs/identification-backfill.ts';
import { ProjectFunction, type SmsSendingSettings } from './constructs/project-function.ts';
import type { StatefulStack } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  data: StatefulStack;
  /** Region assumed for numbers written without a country code. */
  defaultRegion: string;
  /** Verification codes' sender; without an origination identity the sending route answers 503. */
  sms?: SmsSendingSettings;
  /** The Connect instance allowed to invoke the inbound-call function (default: any of the account and region). */
  connectInstanceArn?: string;
}

export class StatelessStack extends Stack {
  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { tables, importBucket } = props.data;
    encryptDeadLettersWith(this, tables.encryptionKey);
    const environment = { DEFAULT_REGION: props.defaultRegion };
    const dialer = new DialerWorkflow(this, 'Dialer', { tables, environment });
    const identificationBackfill = new IdentificationBackfill(this, 'IdentificationBackfill', { tables, environment });
    const api = new HttpApiRoutes(this, 'Api', {
      tables,
      importBucket,
      environment,
      campaignControl: { bind: (fn) => dialer.bindCampaignControl(fn) },
      callControl: { bind: (fn, access) => dialer.bindCallControl(fn, access) },
      identificationBackfill: { bind: (fn) => identificationBackfill.bindStart(fn) },
      sms: props.sms ?? {},
      authorizer: props.data.apiUsers.authorizer(),
    });
    new CfnOutput(this, 'ApiUrl', { value: api.url });
    new ConsentOperations(this, 'Consent', { tables, environment, sms: props.sms ?? {} });
    new InboundInteractions(this, 'Inbound', { tables, environment, ...(props.connectInstanceArn ? { connectInstanceArn: props.connectInstanceArn } : {}) });

    const importRunner = new ProjectFunction(this, 'ImportFile', { handler: 'import-file', environment, timeout: Duration.minutes(15), memorySize: 1024 })
      .bindTable(tables.contacts, contactsTable, 'readWrite')
      .bindTable(tables.consentLedger, consentLedgerTable, 'readAppend')
      .bindImportBucket(importBucket, 'read');
    // A second delivery of one upload while its import runs would restart the job beside it (README, idempotency).
    props.data.idempotencyRecords.bind(importRunner);
    const importDeadLetters = eventDeadLetters(this);
    sendFailedInvocationsTo(importRunner, importDeadLetters);
    new Rule(this, 'ImportFileUploaded', {
      eventPattern: { source: ['aws.s3'], detailType: ['Object Created'], detail: { bucket: { name: [importBucket.bucketName] }, object: { key: [{ prefix: importBucketLayout.importsPrefix }] } } },
      targets: [ruleTargetWithDeadLetters(importRunner, importDeadLetters)],
    });
  }
}
