// The product's tables, keys from the same module the adapters read.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { consentLedgerTable, contactsTable, dialerTable, type TableSchema } from '../../functions/shared/tables.ts';

export interface ContactTablesProps {
  /** Development stacks may be destroyed with their data; production tables are retained and protected. */
  retainData: boolean;
}

export class ContactTables extends Construct {
  readonly contacts: TableV2;
  readonly dialer: TableV2;
  readonly consentLedger: TableV2;

  constructor(scope: Construct, id: string, props: ContactTablesProps) {
    super(scope, id);
    this.contacts = projectTable(this, 'Contacts', contactsTable, props.retainData);
    this.dialer = projectTable(this, 'Dialer', dialerTable, props.retainData);
    this.consentLedger = projectTable(this, 'ConsentLedger', consentLedgerTable, props.retainData);
  }
}

function projectTable(scope: Construct, id: string, schema: TableSchema, retainData: boolean): TableV2 {
  return new TableV2(scope, id, {
    partitionKey: { name: schema.partitionKey, type: AttributeType.STRING },
    sortKey: { name: schema.sortKey, type: AttributeType.STRING },
    billing: Billing.onDemand(),
    encryption: TableEncryptionV2.awsManagedKey(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: retainData,
    removalPolicy: retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    timeToLiveAttribute: schema.ttlAttribute,
    globalSecondaryIndexes: Object.values(schema.indexes).map((index) => ({
      indexName: index.indexName,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
    })),
  });
}
