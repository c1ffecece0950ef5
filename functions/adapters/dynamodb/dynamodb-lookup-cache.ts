// LookupCache on DynamoDB, in the contacts table: LOOKUP#<number> holds the paid answer (RESULT) and the lease (LEASE)
// of the one process paying for it. Both expire through the table's TTL; a read checks the expiry itself, since TTL
// deletes up to days late.
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CachedLookup, LookupCache, LookupLease } from '#ports/lookup-cache';
import { lookupLineTypes, type LookupLineType, type LookupResult } from '#ports/phone-lookup';
import { contactsTable } from '#shared/tables';
import { writeIfCondition } from './conditional-write.ts';

const { partitionKey: pk, sortKey: sk, ttlAttribute } = contactsTable;

const lookupPartition = (e164: string) => `LOOKUP#${e164}`;
const resultKey = (e164: string) => ({ [pk]: lookupPartition(e164), [sk]: 'RESULT' });
const leaseKey = (e164: string) => ({ [pk]: lookupPartition(e164), [sk]: 'LEASE' });

export class DynamoDbLookupCache implements LookupCache {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(e164: string, now: Date): Promise<CachedLookup | undefined> {
    // Consistent: a process that lost the lease polls for the winner's answer written a moment ago.
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: resultKey(e164), ConsistentRead: true }));
    if (Item === undefined) return undefined;
    const entry = toEntry(Item);
    return entry && entry.expiresAt * 1000 > now.getTime() ? entry : undefined;
  }

  async put(e164: string, entry: CachedLookup): Promise<void> {
    const item = { ...resultKey(e164), lineType: entry.result.lineType, carrier: entry.result.carrier, checkedAt: entry.checkedAt, [ttlAttribute]: entry.expiresAt };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async claimLease(e164: string, lease: LookupLease, now: Date): Promise<boolean> {
    return writeIfCondition(
      this.client,
      new PutCommand({
        TableName: this.tableName,
        // `leaseUntil` decides in milliseconds; the TTL attribute only clears leases left by processes that died.
        Item: { ...leaseKey(e164), owner: lease.owner, leaseUntil: lease.until, [ttlAttribute]: Math.ceil(lease.until / 1000) },
        ConditionExpression: 'attribute_not_exists(#pk) OR #leaseUntil <= :now',
        ExpressionAttributeNames: { '#pk': pk, '#leaseUntil': 'leaseUntil' },
        ExpressionAttributeValues: { ':now': now.getTime() },
      }),
    );
  }

  async releaseLease(e164: string, owner: string): Promise<void> {
    // Only our own lease: a holder that ran past its lease must not delete the one who took over.
    await writeIfCondition(
      this.client,
      new DeleteCommand({ TableName: this.tableName, Key: leaseKey(e164), ConditionExpression: '#owner = :owner', ExpressionAttributeNames: { '#owner': 'owner' }, ExpressionAttributeValues: { ':owner': owner } }),
    );
  }
}

/** An item this adapter did not write (or an older shape) reads as no answer: it is looked up again. */
function toEntry(item: Record<string, unknown>): CachedLookup | undefined {
  const { lineType, carrier, checkedAt, [ttlAttribute]: expiresAt } = item;
  if (!lookupLineTypes.includes(lineType as LookupLineType) || typeof checkedAt !== 'string' || typeof expiresAt !== 'number') return undefined;
  const result: LookupResult = { lineType: lineType as LookupLineType, ...(typeof carrier === 'string' ? { carrier } : {}) };
  return { result, checkedAt, expiresAt };
}
