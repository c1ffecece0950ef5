// The verification store against DynamoDB Local, on the contacts table the synthesized template defines: the item's
// key and expiry, the hash-only content, and writes conditioned on the version read, also under concurrency.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbVerificationStore } from '../../functions/adapters/dynamodb/dynamodb-verification-store.ts';
import { issueCode, sha256CodeHasher, type VerificationState } from '../../functions/domain/verification/one-time-code.ts';
import { contactsTableName, localDocumentClient } from '../support/local-dynamodb.ts';
import { mobileNumber } from '../support/phone-numbers.ts';

let store: DynamoDbVerificationStore;

beforeAll(() => {
  store = new DynamoDbVerificationStore(localDocumentClient(), contactsTableName());
});

/** A state with a live code, as issueCode makes it for a first send at `at`. */
function firstSend(number: string, at: string, code = '123456'): VerificationState {
  const issued = issueCode(undefined, number, new Date(at), () => code, sha256CodeHasher);
  if ('refused' in issued) throw new Error('a first send is never refused');
  return issued.state;
}

describe('DynamoDbVerificationStore', () => {
  it('reads nothing for a number never sent a code', async () => {
    // Act
    const state = await store.get(mobileNumber());

    // Assess
    expect(state).toBeUndefined();
  });

  it('stores the state beside the number with the hash only, expiring a day after the last send', async () => {
    // Prepare
    const number = mobileNumber();
    const state = firstSend(number, '2026-03-02T10:00:00.000Z', '048213');

    // Act
    const written = await store.put(state, undefined);
    const read = await store.get(number);

    // Assess
    expect(written).toBe(true);
    expect(read).toEqual(state);
    const { Item } = await localDocumentClient().send(new GetCommand({ TableName: contactsTableName(), Key: { pk: `PHONE#${number}`, sk: 'VERIFICATION' } }));
    expect(Item).toMatchObject({ version: 1, expiresAt: Date.parse('2026-03-03T10:00:00.000Z') / 1000 });
    expect(JSON.stringify(Item)).not.toContain('048213');
  });

  it('moves the expiry with each send', async () => {
    // Prepare
    const number = mobileNumber();
    const first = firstSend(number, '2026-03-02T10:00:00.000Z');
    await store.put(first, undefined);
    const second = issueCode(first, number, new Date('2026-03-02T10:04:30.000Z'), () => '654321', sha256CodeHasher);
    if ('refused' in second) throw new Error('the second send is allowed');

    // Act
    await store.put(second.state, first.version);

    // Assess
    const { Item } = await localDocumentClient().send(new GetCommand({ TableName: contactsTableName(), Key: { pk: `PHONE#${number}`, sk: 'VERIFICATION' } }));
    expect(Item?.expiresAt).toBe(Date.parse('2026-03-03T10:04:30.000Z') / 1000);
  });

  it('refuses a first write when a state exists, and a write from a version no longer stored', async () => {
    // Prepare
    const number = mobileNumber();
    const stored = firstSend(number, '2026-03-02T10:00:00.000Z');
    await store.put(stored, undefined);
    const checked = { ...stored, checks: 1, version: 2 };

    // Act
    const secondFirst = await store.put(firstSend(number, '2026-03-02T10:01:00.000Z', '999999'), undefined);
    const fromStale = await store.put({ ...checked, version: 3 }, 0);
    const fromCurrent = await store.put(checked, 1);

    // Assess
    expect(secondFirst).toBe(false);
    expect(fromStale).toBe(false);
    expect(fromCurrent).toBe(true);
    expect(await store.get(number)).toEqual(checked);
  });

  it('lets exactly one of many writers from the same read win', async () => {
    // Prepare
    const number = mobileNumber();
    const stored = firstSend(number, '2026-03-02T10:00:00.000Z');
    await store.put(stored, undefined);

    // Act: ten writers that each read version 1 and write something different
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, index) => store.put({ ...stored, checks: index + 1, version: 2 }, 1)));

    // Assess: one wins, and what is stored is the winner's
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await store.get(number)).toMatchObject({ checks: outcomes.indexOf(true) + 1, version: 2 });
  });
});
