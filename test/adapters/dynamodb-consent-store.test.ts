// The consent store against DynamoDB Local, on the tables the synthesized template defines: appends and their state
// in one conditional transaction, the ledger keyed by a digest (no number in clear), the dial-time read, the
// do-not-call list, erasure's suppression and the re-verification queue.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbConsentStore, numberDigest } from '../../functions/adapters/dynamodb/dynamodb-consent-store.ts';
import { applyLedgerEntry, consentEntriesOf, emptyConsentState, type LedgerEntry, type NumberConsentState } from '../../functions/domain/consent/consent-ledger.ts';
import { buildDoNotCallEntry } from '../../functions/domain/consent/do-not-call.ts';
import { appendToLedger } from '../../functions/domain/use-cases/consent/ledger-append.ts';
import { consentLedgerTableName, contactsTableName, localDocumentClient } from '../support/local-dynamodb.ts';
import { mobileNumber } from '../support/phone-numbers.ts';

const now = new Date('2026-03-03T10:00:00.000Z');
let store: DynamoDbConsentStore;
let ids = 0;
const newId = () => `event-${(ids += 1)}`;

beforeAll(() => {
  store = new DynamoDbConsentStore(localDocumentClient(), contactsTableName(), consentLedgerTableName());
});

const grant = (number: string, at = now) => () => consentEntriesOf({ number, action: 'grant', channels: ['voice'], purposes: ['service', 'marketing'], source: 'web-form', actor: 'api' }, at, newId);

/** The entries and state an append would write, derived from `previous`. */
function derive(previous: NumberConsentState | undefined, number: string): { entries: LedgerEntry[]; next: NumberConsentState } {
  const base = previous ?? emptyConsentState(number, now.toISOString());
  const entries = grant(number)().map((entry, index) => ({ ...entry, sequence: base.sequence + index + 1 }));
  return { entries, next: entries.reduce(applyLedgerEntry, base) };
}

describe('DynamoDbConsentStore', () => {
  it('appends entries and writes the state they lead to together; the ledger item holds no number in clear', async () => {
    // Prepare
    const number = mobileNumber();

    // Act
    const outcome = await appendToLedger(store, number, now, grant(number));

    // Assess
    expect(outcome.appended.map((entry) => entry.sequence)).toEqual([1, 2]);
    const state = (await store.getStates([number])).get(number)!;
    expect(state).toMatchObject({ sequence: 2, consents: { 'voice:service': { status: 'granted' }, 'voice:marketing': { status: 'granted' } } });
    const ledger = await store.listLedger(number, 10, undefined);
    expect(ledger.items.map((entry) => [entry.sequence, entry.number, entry.change])).toEqual([
      [1, number, { type: 'consent', action: 'grant', channel: 'voice', purpose: 'service' }],
      [2, number, { type: 'consent', action: 'grant', channel: 'voice', purpose: 'marketing' }],
    ]);
    const stored = await localDocumentClient().send(new QueryCommand({ TableName: consentLedgerTableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `NUMBER#${numberDigest(number)}` } }));
    expect(stored.Items).toHaveLength(2);
    expect(JSON.stringify(stored.Items)).not.toContain(number.slice(1));
  });

  it('writes nothing when the stored state moved since it was read: a concurrent append wins, the other reads again', async () => {
    // Prepare
    const number = mobileNumber();
    const first = derive(undefined, number);
    const second = derive(undefined, number);

    // Act
    const results = await Promise.all([store.append(undefined, first.entries, first.next), store.append(undefined, second.entries, second.next)]);
    const both = await Promise.all([appendToLedger(store, number, now, grant(number)), appendToLedger(store, number, now, grant(number))]);

    // Assess
    expect([...results].sort()).toEqual(['appended', 'moved']);
    expect(both.flatMap((outcome) => outcome.appended.map((entry) => entry.sequence)).sort((a, b) => a - b)).toEqual([3, 4, 5, 6]);
    expect((await store.listLedger(number, 100, undefined)).items.map((entry) => entry.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('appends a message once: the same idempotency key a second time is a duplicate', async () => {
    // Prepare
    const number = mobileNumber();
    const key = `sms:${crypto.randomUUID()}`;

    // Act
    const first = await appendToLedger(store, number, now, grant(number), key);
    const again = await appendToLedger(store, number, now, grant(number), key);

    // Assess
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, appended: [] });
    expect((await store.listLedger(number, 100, undefined)).items).toHaveLength(2);
  });

  it('reads state, do-not-call entries by every prefix, suppression and policy in one consistent batch, or filters a given list', async () => {
    // Prepare
    const number = mobileNumber();
    await appendToLedger(store, number, now, grant(number));
    // The whole number: a shorter prefix would bar other tests' numbers for a moment.
    const entry = buildDoNotCallEntry({ prefix: number, reason: 'complaint' }, 'api', now);
    await store.putDoNotCall(entry);

    // Act
    const read = await store.contactabilityInputs([number]);
    const filtered = await store.contactabilityInputs([number], [entry, buildDoNotCallEntry({ prefix: '+1' }, 'api', now)]);

    // Assess
    expect(read.facts.get(number)!.state?.sequence).toBe(2);
    expect(read.facts.get(number)!.doNotCall).toEqual([entry]);
    expect(read.facts.get(number)!.suppression).toBeUndefined();
    // The policy is account-wide and test/e2e/consent-api.test.ts changes it for a moment: compare with the stored one.
    expect(read.policy).toEqual(await store.getPolicy());
    expect(filtered.facts.get(number)!.doNotCall).toEqual([entry]);
    expect(await store.getDoNotCall(entry.prefix)).toEqual(entry);
    expect(await store.deleteDoNotCall(entry.prefix)).toBe(true);
    expect(await store.deleteDoNotCall(entry.prefix)).toBe(false);
  });

  it('erases a number: its state goes, a suppression keyed by digest stays, and the ledger is untouched', async () => {
    // Prepare
    const number = mobileNumber();
    await appendToLedger(store, number, now, grant(number));
    const state = (await store.getStates([number])).get(number)!;

    // Act
    await store.eraseNumber(state, number, { suppressedAt: now.toISOString() });

    // Assess
    expect((await store.getStates([number])).get(number)).toBeUndefined();
    expect((await store.contactabilityInputs([number])).facts.get(number)!.suppression).toEqual({ suppressedAt: now.toISOString() });
    const suppression = await localDocumentClient().send(new GetCommand({ TableName: contactsTableName(), Key: { pk: `SUPPRESSED#${numberDigest(number)}`, sk: 'SUPPRESSION' } }));
    expect(JSON.stringify(suppression.Item)).not.toContain(number.slice(1));
    expect((await store.listLedger(number, 10, undefined)).items).toHaveLength(2);
  });

  it('queues a stale number for re-verification, and a verification takes it off the queue', async () => {
    // Prepare
    const number = mobileNumber();
    const { state } = await appendToLedger(store, number, now, grant(number));
    const stale = { ...state, staleSince: now.toISOString(), revision: state.revision + 1 };

    // Act
    expect(await store.markStale(state, stale)).toBe(true);
    const queued = await queuedNumbers();
    await appendToLedger(store, number, now, () => [{ eventId: newId(), number, contactId: undefined, change: { type: 'verified' }, at: now.toISOString(), recordedAt: now.toISOString(), source: 'api', evidence: {}, actor: 'api' }]);

    // Assess
    expect(queued).toContain(number);
    expect(await queuedNumbers()).not.toContain(number);
    const verified = (await store.getStates([number])).get(number)!;
    expect(verified.staleSince).toBeUndefined();
    expect(verified.verifiedAt).toBe(now.toISOString());
  });
});

async function queuedNumbers(): Promise<string[]> {
  const numbers: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listReverificationQueue(100, cursor);
    numbers.push(...page.items.map((item) => item.number));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return numbers;
}
