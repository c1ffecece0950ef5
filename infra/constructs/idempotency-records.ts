// Powertools idempotency's records (DynamoDB persistence): a small table of hashed event keys that expire. Losing it
// costs nothing but the protection of deliveries in flight, so it is destroyed with its stack whatever the data's
// policy. The local runtime creates it in DynamoDB Local from the synthesized template, like every other table.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { idempotencyTable } from '../../functions/shared/idempotency.ts';
import type { ProjectFunction } from './project-function.ts';

export class IdempotencyRecords extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: idempotencyTable.partitionKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      // It holds hashes of event keys and the handlers' results (none return personal data): AWS's key is enough.
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: idempotencyTable.ttlAttribute,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** Powertools reads, writes, updates and deletes a function's records: read-write on this table, and its name. */
  bind(fn: ProjectFunction): void {
    this.table.grantReadWriteData(fn.function);
    fn.function.addEnvironment(idempotencyTable.envVar, this.table.tableName);
  }
}
