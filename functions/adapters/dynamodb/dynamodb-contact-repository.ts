// ContactRepository on DynamoDB: conditional transactions keep mobiles unique and updates unlost.
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Contact } from '#domain/contact';
import { ConflictError, MobileNumberTakenError, VersionConflictError } from '#domain/errors';
import type { ContactRepository, ContactWrite, ContactWriteResult, Page, PhoneHolder } from '#ports/contact-repository';
import { contactsTable } from '#shared/tables';
import { contactEntity, contactKey, externalIdClaimKey, fromContactItem, fromHolderItem, mobileClaimKey, phonePartition, redirectKey } from './contact-items.ts';
import { planContactMerge, planContactWrite, type PlannedItem } from './contact-writes.ts';
import { batchGetAll, decodeCursor, encodeCursor } from './pagination.ts';
import { transact } from './transactions.ts';

const maxTransactItems = 100;
const { partitionKey: pk, sortKey: sk } = contactsTable;

export class DynamoDbContactRepository implements ContactRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Contact | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: contactKey(id), ConsistentRead: true }));
    return Item && fromContactItem(Item);
  }

  async getMany(ids: readonly string[]): Promise<Contact[]> {
    const items = await batchGetAll(this.client, this.tableName, [...new Set(ids)].map(contactKey));
    return items.map(fromContactItem);
  }

  async findHolders(e164: string): Promise<PhoneHolder[]> {
    const holders: PhoneHolder[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :holder)',
          ExpressionAttributeNames: { '#pk': pk, '#sk': sk },
          ExpressionAttributeValues: { ':pk': phonePartition(e164), ':holder': 'HOLDER#' },
          ExclusiveStartKey: start,
        }),
      );
      holders.push(...(page.Items ?? []).map(fromHolderItem));
      start = page.LastEvaluatedKey;
    } while (start);
    return holders;
  }

  async findByExternalIds(externalIds: readonly string[]): Promise<Map<string, string>> {
    const claims = await batchGetAll(this.client, this.tableName, [...new Set(externalIds)].map(externalIdClaimKey));
    return new Map(claims.map((claim) => [String(claim[pk]).slice('EXTERNAL#'.length), claim.contactId as string]));
  }

  async list(limit: number, cursor: string | undefined): Promise<Page<Contact>> {
    const { indexName, partitionKey } = contactsTable.indexes.byEntity;
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexName,
        KeyConditionExpression: '#entity = :entity',
        ExpressionAttributeNames: { '#entity': partitionKey },
        ExpressionAttributeValues: { ':entity': contactEntity },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return { items: (page.Items ?? []).map(fromContactItem), cursor: encodeCursor(page.LastEvaluatedKey) };
  }

  async create(contact: Contact): Promise<void> {
    await this.writeOne(undefined, contact);
  }

  async update(previous: Contact, next: Contact): Promise<void> {
    await this.writeOne(previous, next);
  }

  async delete(contact: Contact): Promise<void> {
    await this.writeOne(contact, undefined);
  }

  async countPhonesWithItemType(itemTypeId: string): Promise<number> {
    const { indexName, partitionKey } = contactsTable.indexes.byItemType;
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: indexName,
          KeyConditionExpression: '#type = :type',
          ExpressionAttributeNames: { '#type': partitionKey },
          ExpressionAttributeValues: { ':type': itemTypeId },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  }

  async merge(survivorBefore: Contact, survivorAfter: Contact, merged: Contact, at: string): Promise<void> {
    const items = planContactMerge(this.tableName, survivorBefore, survivorAfter, merged, at);
    const outcome = await transact(this.client, items.map((planned) => planned.item));
    if (!outcome.committed) throw await this.explain(items[outcome.failedConditions[0]!]!);
  }

  async mergedInto(id: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: redirectKey(id), ConsistentRead: true }));
    return Item?.mergedInto as string | undefined;
  }

  /**
   * Pack the writes into as few transactions as fit (100 items, no item twice). A cancelled transaction
   * names the conditions that failed: their writes fail, the others are tried again in the next round.
   */
  async writeMany(writes: readonly ContactWrite[]): Promise<ContactWriteResult[]> {
    const results: ContactWriteResult[] = new Array(writes.length);
    let pending = writes.map((write, index) => ({ index, items: planContactWrite(this.tableName, ...endsOf(write)) }));
    while (pending.length > 0) {
      const retry: typeof pending = [];
      for (const group of packIntoTransactions(pending)) {
        const outcome = await transact(this.client, group.flatMap((write) => write.items.map((planned) => planned.item)));
        if (outcome.committed) {
          for (const write of group) results[write.index] = { ok: true };
          continue;
        }
        const failed = new Set(outcome.failedConditions);
        let offset = 0;
        for (const write of group) {
          const failedItem = write.items.find((_, i) => failed.has(offset + i));
          offset += write.items.length;
          if (failedItem) results[write.index] = { ok: false, error: await this.explain(failedItem) };
          else retry.push(write);
        }
      }
      pending = retry;
    }
    return results;
  }

  private async writeOne(previous: Contact | undefined, next: Contact | undefined): Promise<void> {
    const items = planContactWrite(this.tableName, previous, next);
    const outcome = await transact(this.client, items.map((planned) => planned.item));
    if (!outcome.committed) throw await this.explain(items[outcome.failedConditions[0]!]!);
  }

  /** The domain error a failed condition stands for. */
  private async explain(failed: PlannedItem): Promise<Error> {
    const { meaning } = failed;
    switch (meaning.type) {
      case 'mobile-taken':
        return new MobileNumberTakenError(meaning.number, (await this.claimHolder(mobileClaimKey(meaning.number))) ?? 'unknown');
      case 'external-id-taken':
        return new ConflictError(`external id ${meaning.externalId} already belongs to contact ${await this.claimHolder(externalIdClaimKey(meaning.externalId))}`, { externalId: meaning.externalId });
      case 'stale-version':
        return new VersionConflictError('contact', meaning.id, meaning.version);
      case 'contact-exists':
        return new ConflictError(`contact ${meaning.id} already exists`, { id: meaning.id });
      case 'none':
        return new Error('a transaction item without a condition failed its condition');
    }
  }

  private async claimHolder(key: Record<string, unknown>): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item?.contactId as string | undefined;
  }
}

function endsOf(write: ContactWrite): [Contact | undefined, Contact | undefined] {
  return write.type === 'create' ? [undefined, write.contact] : [write.previous, write.next];
}

/** Greedy packing in order; a write whose items collide with the current group starts a new one. */
function packIntoTransactions<T extends { items: PlannedItem[] }>(writes: readonly T[]): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let size = 0;
  let keys = new Set<string>();
  for (const write of writes) {
    const collides = write.items.some((planned) => keys.has(planned.itemKey));
    if (group.length > 0 && (collides || size + write.items.length > maxTransactItems)) {
      groups.push(group);
      group = [];
      size = 0;
      keys = new Set();
    }
    group.push(write);
    size += write.items.length;
    for (const planned of write.items) keys.add(planned.itemKey);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}
