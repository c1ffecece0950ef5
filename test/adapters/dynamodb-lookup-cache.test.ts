// The lookup cache and lease against DynamoDB Local, in the contacts table the synthesized template defines: answers
// kept with the table's TTL attribute, expiry honoured at read (TTL deletes late), one lease winner under concurrency.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbLookupCache } from '../../functions/adapters/dynamodb/dynamodb-lookup-cache.ts';
import { contactsTable } from '../../functions/shared/tables.ts';
import { contactsTableName, localDocumentClient } from '../support/local-dynamodb.ts';
import { usNumber } from '../support/phone-numbers.ts';

const now = new Date('2026-03-03T10:00:00.000Z');
const nowSeconds = now.getTime() / 1000;
let cache: DynamoDbLookupCache;

beforeAll(() => {
  cache = new DynamoDbLookupCache(localDocumentClient(), contactsTableName());
});

const readItem = async (number: string, sk: string) =>
  (await localDocumentClient().send(new GetCommand({ TableName: contactsTableName(), Key: { pk: `LOOKUP#${number}`, sk }, ConsistentRead: true }))).Item;

describe('DynamoDbLookupCache', () => {
  it('keeps an answer under LOOKUP#<number>/RESULT with the TTL attribute, and reads it back', async () => {
    // Prepare
    const number = usNumber();
    const entry = { result: { lineType: 'mobile' as const, carrier: 'Verizon Wireless' }, checkedAt: now.toISOString(), expiresAt: nowSeconds + 180 * 86_400 };

    // Act
    await cache.put(number, entry);
    const read = await cache.get(number, now);

    // Assess
    expect(read).toEqual(entry);
    expect(await readItem(number, 'RESULT')).toMatchObject({ lineType: 'mobile', carrier: 'Verizon Wireless', checkedAt: entry.checkedAt, [contactsTable.ttlAttribute]: entry.expiresAt });
  });

  it('reads nothing for a number never looked up', async () => {
    // Act
    const read = await cache.get(usNumber(), now);

    // Assess
    expect(read).toBeUndefined();
  });

  it('reads an answer past its expiry as none, though TTL has not deleted it yet', async () => {
    // Prepare
    const number = usNumber();
    await cache.put(number, { result: { lineType: 'landline' }, checkedAt: now.toISOString(), expiresAt: nowSeconds + 60 });

    // Act
    const justBefore = await cache.get(number, new Date(now.getTime() + 59_000));
    const atExpiry = await cache.get(number, new Date(now.getTime() + 60_000));

    // Assess
    expect(justBefore).toEqual({ result: { lineType: 'landline' }, checkedAt: now.toISOString(), expiresAt: nowSeconds + 60 });
    expect(atExpiry).toBeUndefined();
    expect(await readItem(number, 'RESULT')).toBeDefined();
  });

  it('replaces an earlier answer', async () => {
    // Prepare
    const number = usNumber();
    await cache.put(number, { result: { lineType: 'landline' }, checkedAt: now.toISOString(), expiresAt: nowSeconds + 60 });

    // Act
    await cache.put(number, { result: { lineType: 'mobile' }, checkedAt: now.toISOString(), expiresAt: nowSeconds + 120 });

    // Assess
    expect(await cache.get(number, now)).toMatchObject({ result: { lineType: 'mobile' }, expiresAt: nowSeconds + 120 });
  });

  it('gives the lease to exactly one of 10 concurrent claims', async () => {
    // Prepare
    const number = usNumber();
    const owners = Array.from({ length: 10 }, (_, index) => `owner-${index}`);

    // Act
    const taken = await Promise.all(owners.map((owner) => cache.claimLease(number, { owner, until: now.getTime() + 30_000 }, now)));

    // Assess
    expect(taken.filter(Boolean)).toHaveLength(1);
    const winner = owners[taken.indexOf(true)];
    expect(await readItem(number, 'LEASE')).toMatchObject({ owner: winner, leaseUntil: now.getTime() + 30_000, [contactsTable.ttlAttribute]: nowSeconds + 30 });
  });

  it('lets another process take a lease that ran out, and not one still running', async () => {
    // Prepare
    const number = usNumber();
    await cache.claimLease(number, { owner: 'first', until: now.getTime() + 30_000 }, now);

    // Act
    const whileRunning = await cache.claimLease(number, { owner: 'second', until: now.getTime() + 59_999 }, new Date(now.getTime() + 29_999));
    const afterward = await cache.claimLease(number, { owner: 'second', until: now.getTime() + 60_000 }, new Date(now.getTime() + 30_000));

    // Assess
    expect(whileRunning).toBe(false);
    expect(afterward).toBe(true);
    expect(await readItem(number, 'LEASE')).toMatchObject({ owner: 'second' });
  });

  it('releases the lease for its owner only, so that a late holder does not free the one who took over', async () => {
    // Prepare
    const number = usNumber();
    await cache.claimLease(number, { owner: 'holder', until: now.getTime() + 30_000 }, now);

    // Act
    await cache.releaseLease(number, 'someone-else');
    const afterStranger = await readItem(number, 'LEASE');
    await cache.releaseLease(number, 'holder');
    const reclaimed = await cache.claimLease(number, { owner: 'next', until: now.getTime() + 30_000 }, now);

    // Assess
    expect(afterStranger).toMatchObject({ owner: 'holder' });
    expect(reclaimed).toBe(true);
  });

  it('keeps answers and leases out of the entity index that lists contacts', async () => {
    // Prepare
    const number = usNumber();
    await cache.put(number, { result: { lineType: 'voip' }, checkedAt: now.toISOString(), expiresAt: nowSeconds + 60 });
    await cache.claimLease(number, { owner: 'holder', until: now.getTime() + 30_000 }, now);

    // Act
    const items = [await readItem(number, 'RESULT'), await readItem(number, 'LEASE')];

    // Assess
    for (const item of items) expect(item).not.toHaveProperty(contactsTable.indexes.byEntity.partitionKey);
  });
});
