// ConsentStore on DynamoDB. The ledger has its own append-only table, keyed by a digest of the number; each number's
// state sits in the contacts table beside its holders (PHONE#<number>), with the do-not-call list, suppressions and
// the policy. A ledger append and the state it derives are one transaction, conditioned on the state's sequence.
import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LedgerEntry, NumberConsentState } from '#domain/consent/consent-ledger';
import { prefixesOf, type DoNotCallEntry } from '#domain/consent/do-not-call';
import { defaultContactabilityPolicy, type ContactabilityPolicy, type Suppression } from '#domain/contactability/contactability';
import type { AppendOptions, AppendResult, ConsentStore, ContactabilityInputs, StoredNumberFacts } from '#ports/consent-store';
import type { Page } from '#ports/contact-repository';
import { consentLedgerTable, contactsTable } from '#shared/tables';
import { phonePartition } from './contact-items.ts';
import { writeIfCondition } from './conditional-write.ts';
import { batchGetAll, decodeCursor, encodeCursor, queryEntityPage } from './pagination.ts';
import { transact, type TransactItem } from './transactions.ts';

const { partitionKey: pk, sortKey: sk, ttlAttribute } = contactsTable;
const { byEntity } = contactsTable.indexes;
const stateEntity = 'NUMBER_STATE';
const doNotCallEntity = 'DNC';
const reverifyEntity = 'REVERIFY';

/**
 * Numbers are few enough (10^15 at most, far fewer in use) that a digest can be reversed by trying them all; it keeps
 * the number out of the erased ledger's plain view and is stable, so a suppression still finds the number.
 */
export const numberDigest = (e164: string): string => createHash('sha256').update(`contactable:number:${e164}`).digest('hex');

const stateKey = (e164: string) => ({ [pk]: phonePartition(e164), [sk]: 'CONSENT' });
const doNotCallKey = (prefix: string) => ({ [pk]: `DNC#${prefix}`, [sk]: 'DNC' });
const suppressionKey = (e164: string) => ({ [pk]: `SUPPRESSED#${numberDigest(e164)}`, [sk]: 'SUPPRESSION' });
const reverifyKey = (e164: string) => ({ [pk]: `REVERIFY#${e164}`, [sk]: 'QUEUE' });
const policyKey = { [pk]: 'SETTINGS', [sk]: 'CONTACTABILITY' };
const idempotencyKey = (key: string) => ({ [pk]: `SEEN#${key}`, [sk]: 'SEEN' });
/** Providers redeliver within minutes to hours: a week covers every redelivery we have heard of. */
const idempotencyLifetimeSeconds = 7 * 86_400;
const ledgerPartition = (e164: string) => `NUMBER#${numberDigest(e164)}`;
const ledgerKey = (e164: string, sequence: number) => ({ [consentLedgerTable.partitionKey]: ledgerPartition(e164), [consentLedgerTable.sortKey]: `ENTRY#${String(sequence).padStart(10, '0')}` });

export class DynamoDbConsentStore implements ConsentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly contactsTableName: string,
    /** Absent for functions that only read states (the dialer's call task). */
    private readonly ledgerTableName?: string,
  ) {}

  async append(previous: NumberConsentState | undefined, entries: readonly LedgerEntry[], next: NumberConsentState, options: AppendOptions = {}): Promise<AppendResult> {
    const ledgerTable = this.ledgerTable();
    const items: TransactItem[] = entries.map((entry) => {
      // The number itself is the partition's digest: the entry never carries it in clear.
      const { number, ...stored } = entry;
      return { Put: { TableName: ledgerTable, Item: { ...ledgerKey(number, entry.sequence), ...stored }, ConditionExpression: `attribute_not_exists(${consentLedgerTable.partitionKey})` } };
    });
    items.push(...this.stateWrites(previous, next));
    if (options.idempotencyKey !== undefined) {
      const seen = { ...idempotencyKey(options.idempotencyKey), [ttlAttribute]: Math.ceil(Date.parse(next.updatedAt) / 1000) + idempotencyLifetimeSeconds };
      items.push({ Put: { TableName: this.contactsTableName, Item: seen, ConditionExpression: `attribute_not_exists(${pk})` } });
    }
    const outcome = await transact(this.client, items);
    if (outcome.committed) return 'appended';
    return options.idempotencyKey !== undefined && outcome.failedConditions.includes(items.length - 1) ? 'duplicate' : 'moved';
  }

  async replaceState(previous: NumberConsentState | undefined, next: NumberConsentState): Promise<boolean> {
    return (await transact(this.client, this.stateWrites(previous, next))).committed;
  }

  async getStates(numbers: readonly string[]): Promise<Map<string, NumberConsentState>> {
    const items = await batchGetAll(this.client, this.contactsTableName, [...new Set(numbers)].map(stateKey), { consistent: true });
    return new Map(items.map((item) => [(item.state as NumberConsentState).number, item.state as NumberConsentState]));
  }

  async contactabilityInputs(numbers: readonly string[], doNotCallList?: readonly DoNotCallEntry[]): Promise<ContactabilityInputs> {
    const unique = [...new Set(numbers)];
    const doNotCallKeys = doNotCallList === undefined ? unique.flatMap((number) => prefixesOf(number).map(doNotCallKey)) : [];
    const keys = [policyKey, ...unique.flatMap((number) => [stateKey(number), suppressionKey(number)]), ...doNotCallKeys];
    // Consistent: a withdrawal a moment ago must stop the next dial.
    const items = await batchGetAll(this.client, this.contactsTableName, [...new Map(keys.map((key) => [`${key[pk]}|${key[sk]}`, key])).values()], { consistent: true });
    const byKey = new Map(items.map((item) => [`${item[pk]}|${item[sk]}`, item]));
    const read = (key: Record<string, string>) => byKey.get(`${key[pk]}|${key[sk]}`);
    const facts = new Map<string, StoredNumberFacts>(
      unique.map((number) => {
        const suppression = read(suppressionKey(number));
        const doNotCall =
          doNotCallList?.filter((entry) => number.startsWith(entry.prefix)) ??
          prefixesOf(number).flatMap((prefix) => {
            const item = read(doNotCallKey(prefix));
            return item ? [item.entry as DoNotCallEntry] : [];
          });
        return [number, { state: read(stateKey(number))?.state as NumberConsentState | undefined, doNotCall, suppression: suppression ? { suppressedAt: suppression.suppressedAt as string } : undefined }];
      }),
    );
    return { facts, policy: (read(policyKey)?.policy as ContactabilityPolicy | undefined) ?? defaultContactabilityPolicy };
  }

  async allDoNotCall(): Promise<DoNotCallEntry[]> {
    const entries: DoNotCallEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.listDoNotCall(1_000, cursor);
      entries.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== undefined);
    return entries;
  }

  async lastLedgerSequence(number: string): Promise<number> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.ledgerTable(),
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': consentLedgerTable.partitionKey },
        ExpressionAttributeValues: { ':pk': ledgerPartition(number) },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return (Items?.[0]?.sequence as number | undefined) ?? 0;
  }

  async listLedger(number: string, limit: number, cursor: string | undefined): Promise<Page<LedgerEntry>> {
    const { Items, LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.ledgerTable(),
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': consentLedgerTable.partitionKey },
        ExpressionAttributeValues: { ':pk': ledgerPartition(number) },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
        ConsistentRead: true,
      }),
    );
    const items = (Items ?? []).map((item) => {
      const { [consentLedgerTable.partitionKey]: _pk, [consentLedgerTable.sortKey]: _sk, ...entry } = item;
      return { ...entry, number } as LedgerEntry;
    });
    return { items, cursor: encodeCursor(LastEvaluatedKey) };
  }

  async putDoNotCall(entry: DoNotCallEntry): Promise<void> {
    const expiry = entry.expiresAt === undefined ? {} : { [ttlAttribute]: Math.ceil(Date.parse(entry.expiresAt) / 1000) };
    await this.client.send(new PutCommand({ TableName: this.contactsTableName, Item: { ...doNotCallKey(entry.prefix), [byEntity.partitionKey]: doNotCallEntity, [byEntity.sortKey]: entry.prefix, entry, ...expiry } }));
  }

  async deleteDoNotCall(prefix: string): Promise<boolean> {
    return writeIfCondition(this.client, new DeleteCommand({ TableName: this.contactsTableName, Key: doNotCallKey(prefix), ConditionExpression: `attribute_exists(${pk})` }));
  }

  async getDoNotCall(prefix: string): Promise<DoNotCallEntry | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.contactsTableName, Key: doNotCallKey(prefix), ConsistentRead: true }));
    return Item?.entry as DoNotCallEntry | undefined;
  }

  async listDoNotCall(limit: number, cursor: string | undefined): Promise<Page<DoNotCallEntry>> {
    return this.pageOfEntity(doNotCallEntity, limit, cursor, (item) => item.entry as DoNotCallEntry);
  }

  async eraseNumber(state: NumberConsentState | undefined, number: string, suppress: Suppression | undefined): Promise<void> {
    const items: TransactItem[] = [
      { Delete: { TableName: this.contactsTableName, Key: stateKey(number), ...(state ? revisionCondition(state) : {}) } },
      { Delete: { TableName: this.contactsTableName, Key: reverifyKey(number) } },
    ];
    if (suppress) items.push({ Put: { TableName: this.contactsTableName, Item: { ...suppressionKey(number), suppressedAt: suppress.suppressedAt } } });
    const outcome = await transact(this.client, items);
    if (!outcome.committed) throw new Error(`the consent state of a number changed while it was erased: erase again`);
  }

  async listStates(limit: number, cursor: string | undefined): Promise<Page<NumberConsentState>> {
    return this.pageOfEntity(stateEntity, limit, cursor, (item) => item.state as NumberConsentState);
  }

  async markStale(previous: NumberConsentState, next: NumberConsentState): Promise<boolean> {
    const queued = { ...reverifyKey(next.number), [byEntity.partitionKey]: reverifyEntity, [byEntity.sortKey]: `${next.staleSince}#${next.number}`, number: next.number, staleSince: next.staleSince };
    return (await transact(this.client, [...this.stateWrites(previous, next), { Put: { TableName: this.contactsTableName, Item: queued } }])).committed;
  }

  async listReverificationQueue(limit: number, cursor: string | undefined): Promise<Page<{ number: string; staleSince: string }>> {
    return this.pageOfEntity(reverifyEntity, limit, cursor, (item) => ({ number: item.number as string, staleSince: item.staleSince as string }));
  }

  async getPolicy(): Promise<ContactabilityPolicy> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.contactsTableName, Key: policyKey, ConsistentRead: true }));
    return (Item?.policy as ContactabilityPolicy | undefined) ?? defaultContactabilityPolicy;
  }

  async putPolicy(policy: ContactabilityPolicy): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.contactsTableName, Item: { ...policyKey, policy } }));
  }

  /** The state's put, conditioned on the stored one being `previous` (or on none stored). */
  private stateWrites(previous: NumberConsentState | undefined, next: NumberConsentState): TransactItem[] {
    const item = { ...stateKey(next.number), [byEntity.partitionKey]: stateEntity, [byEntity.sortKey]: next.number, state: next, revision: next.revision };
    const put: TransactItem = { Put: { TableName: this.contactsTableName, Item: item, ...(previous ? revisionCondition(previous) : { ConditionExpression: `attribute_not_exists(${pk})` }) } };
    // A number verified or reached again leaves the re-verification queue with the state that says so.
    const requeued = previous?.staleSince !== undefined && next.staleSince === undefined;
    return requeued ? [put, { Delete: { TableName: this.contactsTableName, Key: reverifyKey(next.number) } }] : [put];
  }

  private pageOfEntity<T>(entity: string, limit: number, cursor: string | undefined, map: (item: Record<string, unknown>) => T): Promise<Page<T>> {
    return queryEntityPage(this.client, { tableName: this.contactsTableName, index: byEntity, entity, limit, cursor }, map);
  }

  private ledgerTable(): string {
    if (this.ledgerTableName === undefined) throw new Error('this function is not bound to the consent ledger');
    return this.ledgerTableName;
  }
}

/** The stored state is still `previous`. */
function revisionCondition(previous: NumberConsentState) {
  return { ConditionExpression: '#revision = :revision', ExpressionAttributeNames: { '#revision': 'revision' }, ExpressionAttributeValues: { ':revision': previous.revision } };
}
