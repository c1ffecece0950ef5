// Everything that holds data: kept when the compute is redeployed or torn down.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ApiUsers } from './constructs/api-users.ts';
import { ContactTables } from './constructs/contact-tables.ts';

export interface StatefulStackProps extends StackProps {
  retainData: boolean;
}

export class StatefulStack extends Stack {
  readonly tables: ContactTables;
  readonly importBucket: Bucket;
  /** The API's users and their roles: data too (accounts outlive a redeployed or rebuilt compute stack). */
  readonly apiUsers: ApiUsers;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.tables = new ContactTables(this, 'Tables', { retainData: props.retainData });
    this.apiUsers = new ApiUsers(this, 'Users', { retainData: props.retainData });
    this.importBucket = new Bucket(this, 'ImportFiles', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      eventBridgeEnabled: true,
      // Uploaded files hold personal data: they are needed only until imported.
      lifecycleRules: [{ expiration: Duration.days(7) }],
      cors: [{ allowedMethods: [HttpMethods.PUT], allowedOrigins: ['*'], allowedHeaders: ['*'] }],
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !props.retainData,
    });
  }
}
