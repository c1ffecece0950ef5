// The product's tables, keys from the same module the adapters read.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2, type CfnGlobalTable, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { consentLedgerTable, contactsTable, dialerTable, type TableSchema } from '../../functions/shared/tables.ts';

export interface ContactTablesProps {
  /** Development stacks may be destroyed with their data; production tables are retained and protected. */
  retainData: boolean;
  /** Every table holds numbers (contacts and claims; History; the ledger's digests beside consent evidence). */
  encryptionKey: IKey;
}

export class ContactTables extends Construct {
  readonly contacts: TableV2;
  readonly dialer: TableV2;
  readonly consentLedger: TableV2;
  /** The personal-data key the tables are encrypted with, for what else carries numbers (the inbound SMS topic). */
  readonly encryptionKey: IKey;

  constructor(scope: Construct, id: string, props: ContactTablesProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    this.contacts = projectTable(this, 'Contacts', contactsTable, props);
    this.dialer = projectTable(this, 'Dialer', dialerTable, props);
    this.consentLedger = projectTable(this, 'ConsentLedger', consentLedgerTable, props);
  }
}

/** The key a table of this construct is encrypted with (TableV2 does not know it: see projectTable). */
export function tableEncryptionKeyOf(table: ITable): IKey | undefined {
  return table.encryptionKey ?? tableKeys.get(table);
}

const tableKeys = new WeakMap<ITable, IKey>();

function projectTable(scope: Construct, id: string, schema: TableSchema, { retainData, encryptionKey }: ContactTablesProps): TableV2 {
  const table = new TableV2(scope, id, {
    partitionKey: { name: schema.partitionKey, type: AttributeType.STRING },
    sortKey: { name: schema.sortKey, type: AttributeType.STRING },
    billing: Billing.onDemand(),
    // Replaced by the customer-managed key below.
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
  // TableV2 renders a customer-managed key only in a stack with a concrete region (it names a key per replica region);
  // these stacks are region-agnostic and the table has one replica, so that replica names the key itself.
  const resource = table.node.defaultChild as CfnGlobalTable;
  resource.addPropertyOverride('SSESpecification', { SSEEnabled: true, SSEType: 'KMS' });
  resource.addPropertyOverride('Replicas.0.SSESpecification', { KMSMasterKeyId: encryptionKey.keyArn });
  tableKeys.set(table, encryptionKey);
  return table;
}
