// The one way this project makes a Lambda function: every default fixed here, table access granted narrowly.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Architecture, type CfnFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { smsEnvVars } from '../../functions/shared/sms.ts';
import { importBucket } from '../../functions/shared/buckets.ts';
import type { TableAccess, TableSchema } from '../../functions/shared/tables.ts';

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
}

/** How a deployment sends SMS (End User Messaging); a stack without an origination identity answers 503 on sending routes. */
export interface SmsSendingSettings {
  originationIdentity?: string;
  configurationSetName?: string;
}

export class ProjectFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(projectRoot, 'functions/handlers', `${props.handler}.handler.ts`),
      ...(props.functionName ? { functionName: props.functionName } : {}),
      handler: 'handler',
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
    const objects = `${importBucket.importsPrefix}*`;
    if (access === 'presignUpload') bucket.grantPut(this.function, objects);
    else bucket.grantRead(this.function, objects);
    this.function.addEnvironment(importBucket.envVar, bucket.bucketName);
    return this;
  }

  /** Grant sending text messages, and hand the function the sender's settings, in one call. */
  bindSmsSending(settings: SmsSendingSettings): this {
    // The identity may be a number, pool or sender id, by id or ARN: only the account and region are known here.
    const resources = [Stack.of(this).formatArn({ service: 'sms-voice', resource: '*' })];
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['sms-voice:SendTextMessage'], resources }));
    if (settings.originationIdentity) this.function.addEnvironment(smsEnvVars.originationIdentity, settings.originationIdentity);
    if (settings.configurationSetName) this.function.addEnvironment(smsEnvVars.configurationSetName, settings.configurationSetName);
    return this;
  }

  /** Grant exactly the table actions the function needs, and hand it the table's name in one call. */
  bindTable(table: ITable, schema: TableSchema, access: TableAccess): this {
    if (access === 'read') table.grantReadData(this.function);
    else if (access === 'readAppend') {
      // An append-only table: new items (conditional puts, also inside transactions), never an update or a delete.
      table.grantReadData(this.function);
      table.grant(this.function, 'dynamodb:PutItem');
    } else table.grantReadWriteData(this.function);
    this.function.addEnvironment(schema.envVar, table.tableName);
    return this;
  }
}
