// The one way this project makes a Lambda function: every default fixed here, table access granted narrowly.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Architecture, type CfnFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type ILogGroup, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { smsEnvVars } from '../../functions/shared/sms.ts';
import { importBucket } from '../../functions/shared/buckets.ts';
import type { TableAccess, TableSchema } from '../../functions/shared/tables.ts';
import { tableEncryptionKeyOf } from './contact-tables.ts';
import { acknowledgeWildcardAction, acknowledgeWildcardResource } from '../security.ts';

/** CloudFormation metadata key naming a function's handler module (`functions/handlers/<value>.handler.ts`). */
export const handlerMetadataKey = 'contactable:handler';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ProjectFunctionProps {
  /** Handler module under functions/handlers, without `.handler.ts`: e.g. `api/contacts/get-contact`. */
  handler: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  /** Only for a function that must know its own name (it invokes itself): naming it breaks the reference cycle. */
  functionName?: string;
  /**
   * A log group several functions share (each writes its own streams, named after it); absent, the function gets its
   * own. The API's sixty route functions share one: a log group each would take sixty of the stack's 500 resources.
   */
  logGroup?: ILogGroup;
}

/** How a deployment sends SMS (End User Messaging); a stack without an origination identity answers 503 on sending routes. */
export interface SmsSendingSettings {
  originationIdentity?: string;
  configurationSetName?: string;
}

/** The item actions the adapters use (no Scan anywhere; transactions are authorized per item action). */
const tableReadActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const tableWriteActions = { read: [], readAppend: ['dynamodb:PutItem'], readWrite: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] } satisfies Record<TableAccess, string[]>;
/** What DynamoDB does with a table's key for a caller: the actions CDK's own TableV2 grants give. */
export const tableKeyActions = { read: ['kms:Decrypt', 'kms:DescribeKey'], write: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'] };

export class ProjectFunction extends Construct {
  readonly function: NodejsFunction;
  /** Its own role: its log group, tracing, and what the bind methods grant; nothing else. */
  readonly role: Role;
  /** Where it logs: its own group, or the one it shares. */
  readonly logGroup: ILogGroup;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    super(scope, id);
    const logGroup = props.logGroup ?? new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.logGroup = logGroup;
    // Not the managed basic-execution policy, which lets a function write to every log group of the account.
    this.role = new Role(this, 'ServiceRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(this.role);
    acknowledgeWildcardResource(this.role, '*', 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permission.');
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(projectRoot, 'functions/handlers', `${props.handler}.handler.ts`),
      ...(props.functionName ? { functionName: props.functionName } : {}),
      handler: 'handler',
      role: this.role,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'contactable', ...props.environment },
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      projectRoot,
      bundling: { format: OutputFormat.ESM, sourceMap: true, minify: true, target: 'node24', mainFields: ['module', 'main'], banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    });
    // The local runtime finds the handler module each function runs from this, in the synthesized template.
    (this.function.node.defaultChild as CfnFunction).addMetadata(handlerMetadataKey, props.handler);
  }

  /** Grant what the function does with uploaded import files, and hand it the bucket's name in one call. */
  bindImportBucket(bucket: IBucket, access: 'presignUpload' | 'read'): this {
    const objects = bucket.arnForObjects(`${importBucket.importsPrefix}*`);
    // The presigned PUT is signed with this role: S3 checks PutObject, and asks the key for a data key on its behalf.
    const [objectAction, keyAction] = access === 'presignUpload' ? ['s3:PutObject', 'kms:GenerateDataKey'] : ['s3:GetObject', 'kms:Decrypt'];
    this.function.addToRolePolicy(new PolicyStatement({ actions: [objectAction], resources: [objects] }));
    acknowledgeWildcardResource(this.role, objects, 'Import files are named per import (imports/<importId>.csv): the grant covers that prefix of the one bucket, no other object.');
    if (bucket.encryptionKey) this.grantKeyVia(bucket.encryptionKey, 's3', [keyAction]);
    this.function.addEnvironment(importBucket.envVar, bucket.bucketName);
    return this;
  }

  /** Grant sending text messages, and hand the function the sender's settings, in one call. */
  bindSmsSending(settings: SmsSendingSettings): this {
    // The identity may be a number, pool or sender id, by id or ARN: only the account and region are known here.
    const resources = [Stack.of(this).formatArn({ service: 'sms-voice', resource: '*' })];
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['sms-voice:SendTextMessage'], resources }));
    acknowledgeWildcardResource(this.role, resources[0]!, 'The origination identity (number, pool or sender id, by id or ARN) is a deployment setting: sending is scoped to this account and region only.');
    if (settings.originationIdentity) this.function.addEnvironment(smsEnvVars.originationIdentity, settings.originationIdentity);
    if (settings.configurationSetName) this.function.addEnvironment(smsEnvVars.configurationSetName, settings.configurationSetName);
    return this;
  }

  /** Grant exactly the table actions the function needs, and hand it the table's name in one call. */
  bindTable(table: ITable, schema: TableSchema, access: TableAccess): this {
    // Named indexes rather than `index/*`; `readAppend` (the append-only ledger) adds puts, never an update or a delete.
    const resources = [table.tableArn, ...Object.values(schema.indexes).map((index) => `${table.tableArn}/index/${index.indexName}`)];
    this.function.addToRolePolicy(new PolicyStatement({ actions: [...tableReadActions, ...tableWriteActions[access]], resources }));
    const key = tableEncryptionKeyOf(table);
    if (key) this.grantKeyVia(key, 'dynamodb', access === 'read' ? tableKeyActions.read : tableKeyActions.write);
    this.function.addEnvironment(schema.envVar, table.tableName);
    return this;
  }

  /** Key use only through the service that stores the data (kms:ViaService): the function can never call KMS itself. */
  private grantKeyVia(key: IKey, service: 'dynamodb' | 's3', actions: string[]): void {
    const via = `${service}.${Stack.of(this).region}.amazonaws.com`;
    this.function.addToRolePolicy(new PolicyStatement({ actions, resources: [key.keyArn], conditions: { StringEquals: { 'kms:ViaService': via } } }));
    for (const action of actions.filter((each) => each.endsWith('*'))) {
      acknowledgeWildcardAction(this.role, action, `The key actions CDK's own table grants give a writer (${service} generates and re-encrypts data keys for it): on the personal-data key only, and only through ${service} (kms:ViaService).`);
    }
  }
}
