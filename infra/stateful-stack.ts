// Everything that holds data: kept when the compute is redeployed or torn down.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ApiUsers } from './constructs/api-users.ts';
import { ContactTables } from './constructs/contact-tables.ts';
import { IdempotencyRecords } from './constructs/idempotency-records.ts';
import { acknowledgeFinding } from './security.ts';

export interface StatefulStackProps extends StackProps {
  retainData: boolean;
}

export class StatefulStack extends Stack {
  readonly tables: ContactTables;
  readonly importBucket: Bucket;
  /** The API's users and their roles: data too (accounts outlive a redeployed or rebuilt compute stack). */
  readonly apiUsers: ApiUsers;
  /**
   * The customer-managed key of everything that holds phone numbers: the three tables, uploaded import files and the
   * inbound SMS topic. Rotated yearly; retained with the data (a destroyed key would make the retained data unreadable).
   */
  readonly personalDataKey: Key;
  /** Powertools idempotency's records (no personal data; here, not in the compute stack, for its resource budget). */
  readonly idempotencyRecords: IdempotencyRecords;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.personalDataKey = new Key(this, 'PersonalDataKey', {
      description: 'contactable: personal data (contacts, dialer History, consent ledger, import files, inbound SMS)',
      enableKeyRotation: true,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // End User Messaging publishes inbound SMS to the (encrypted) topic as itself, for this account's numbers only.
    this.personalDataKey.grant(new ServicePrincipal('sms-voice.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }), 'kms:GenerateDataKey', 'kms:Decrypt');
    // EventBridge rules and SNS subscriptions put what they could not deliver in the (encrypted) dead-letter queues.
    for (const service of ['events.amazonaws.com', 'sns.amazonaws.com']) {
      this.personalDataKey.grant(new ServicePrincipal(service, { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }), 'kms:GenerateDataKey', 'kms:Decrypt');
    }
    this.tables = new ContactTables(this, 'Tables', { retainData: props.retainData, encryptionKey: this.personalDataKey });
    this.apiUsers = new ApiUsers(this, 'Users', { retainData: props.retainData });
    this.idempotencyRecords = new IdempotencyRecords(this, 'Idempotency');
    // Who read or wrote which import file, when, from where: object keys and addresses, no file content.
    const accessLogs = new Bucket(this, 'ImportFilesAccessLogs', {
      // The only encryption S3 server access logging delivers to.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !props.retainData,
    });
    this.importBucket = new Bucket(this, 'ImportFiles', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.personalDataKey,
      // One data key per bucket rather than per object: far fewer KMS requests for the same key.
      bucketKeyEnabled: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'import-files/',
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      eventBridgeEnabled: true,
      // Uploaded files hold personal data: they are needed only until imported.
      lifecycleRules: [{ expiration: Duration.days(7) }],
      cors: [{ allowedMethods: [HttpMethods.PUT], allowedOrigins: ['*'], allowedHeaders: ['*'] }],
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !props.retainData,
    });
    // CDK's own singleton function that switches the bucket's EventBridge notifications on, once per deployment.
    const notificationsHandler = this.node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
    if (notificationsHandler) {
      acknowledgeFinding(
        notificationsHandler.node.findChild('Role'),
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        "CDK's bucket-notifications custom resource (not project code) creates its role with this policy; it runs only while CloudFormation deploys the stack.",
      );
    }
  }
}
