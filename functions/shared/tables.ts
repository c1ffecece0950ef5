// The DynamoDB tables' key schema: one module read by the CDK constructs and by the adapters.

export interface IndexSchema {
  indexName: string;
  partitionKey: string;
  sortKey: string;
}

/** What a function may do with a table: `readAppend` for the append-only ledger. */
export type TableAccess = 'read' | 'readWrite' | 'readAppend';

export interface TableSchema {
  /** The environment variable that carries the table's name to a function bound to it. */
  envVar: string;
  partitionKey: string;
  sortKey: string;
  indexes: Record<string, IndexSchema>;
  /** Items carrying this attribute (epoch seconds) expire; absent: nothing in the table ever expires. */
  ttlAttribute?: string;
}

/** Contacts, phone holders and claims, item types and import jobs: the contact data's lifecycle. */
export const contactsTable = {
  envVar: 'CONTACTS_TABLE_NAME',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: {
    /** Every entity of one kind in creation order: lists without a Scan. */
    byEntity: { indexName: 'byEntity', partitionKey: 'entity', sortKey: 'entitySort' },
    /** Phones by item type: how many phones a type deletion leaves untyped. */
    byItemType: { indexName: 'byItemType', partitionKey: 'itemTypeId', sortKey: 'pk' },
  },
  ttlAttribute: 'expiresAt',
} as const satisfies TableSchema;

/** Campaigns, enrolments, line counters, call attempts, History and Final: the campaigns' lifecycle. */
export const dialerTable = {
  envVar: 'DIALER_TABLE_NAME',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: {
    /** Campaigns in creation order, a campaign's History in time order, attempts still dialling: no Scan. */
    byEntity: { indexName: 'byEntity', partitionKey: 'entity', sortKey: 'entitySort' },
  },
  ttlAttribute: 'expiresAt',
} as const satisfies TableSchema;

/**
 * The consent ledger: append-only. Functions get PutItem on it and never UpdateItem or DeleteItem; entries are keyed
 * by a digest of the number, so an erased contact's entries stay without the number in clear.
 */
export const consentLedgerTable = {
  envVar: 'CONSENT_LEDGER_TABLE_NAME',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: {},
} as const satisfies TableSchema;

export const tables = { contacts: contactsTable, dialer: dialerTable, consentLedger: consentLedgerTable } as const;
export type TableName = keyof typeof tables;
