// Interactions, possible matches and the identification setting against DynamoDB Local: an interaction recorded once
// per event, a contact's in time order, a pair suggested once and never after a dismissal, the setting versioned.
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbInteractionStore } from '../../functions/adapters/dynamodb/dynamodb-interaction-store.ts';
import { ConflictError } from '../../functions/domain/errors.ts';
import { possibleMatchesAmong, type Interaction } from '../../functions/domain/identity/interaction.ts';
import { contactsTableName, localDocumentClient } from '../support/local-dynamodb.ts';
import { mobileNumber } from '../support/phone-numbers.ts';
import { storedContactId } from '../support/stored-contacts.ts';

let store: DynamoDbInteractionStore;

beforeAll(() => {
  store = new DynamoDbInteractionStore(localDocumentClient(), contactsTableName());
});

const interaction = (changes: Partial<Interaction>): Interaction => ({
  id: `local:${crypto.randomUUID()}`,
  channel: 'voice',
  direction: 'inbound',
  number: mobileNumber(),
  at: '2026-03-03T14:00:00.000Z',
  contactId: `contact-${crypto.randomUUID()}`,
  possibleContactIds: [],
  provider: 'local',
  ...changes,
});

describe('DynamoDbInteractionStore', () => {
  it("records an event once, lists a contact's interactions in time order, and erases them", async () => {
    // Prepare
    const contactId = await storedContactId();
    const later = interaction({ contactId, at: '2026-03-03T15:00:00.000Z', channel: 'sms' });
    const earlier = interaction({ contactId, at: '2026-03-03T14:00:00.000Z' });

    // Act
    const results = [await store.record(later, []), await store.record(earlier, []), await store.record(later, [])];
    const listed = await store.listForContact(contactId, 10, undefined);

    // Assess
    expect(results).toEqual(['recorded', 'recorded', 'duplicate']);
    expect(listed.items.map((each) => each.id)).toEqual([earlier.id, later.id]);
    expect(await store.eraseForContact(contactId)).toBe(2);
    expect((await store.listForContact(contactId, 10, undefined)).items).toEqual([]);
  });

  it('records nothing on a contact that is gone (merged or erased since its holders were read): a conflict, to read them again', async () => {
    // Prepare
    const gone = interaction({ contactId: `gone-${crypto.randomUUID()}` });

    // Act
    const attempt = store.record(gone, []);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    expect((await store.listForContact(gone.contactId!, 10, undefined)).items).toEqual([]);
    // Nothing was claimed: the same event, landing where it should, is recorded.
    expect(await store.record({ ...gone, contactId: await storedContactId() }, [])).toBe('recorded');
  });

  it('lists unassigned interactions and suggests each pair once; a dismissed pair is never suggested again', async () => {
    // Prepare
    const [a, b] = [`a-${crypto.randomUUID()}`, `b-${crypto.randomUUID()}`];
    const shared = interaction({ contactId: undefined, possibleContactIds: [a, b] });
    const matches = possibleMatchesAmong([b, a], shared.number, 'shared-number', shared.at);

    // Act
    await store.record(shared, matches);
    await store.record(interaction({ contactId: undefined, number: shared.number, possibleContactIds: [a, b] }), matches);
    const suggested = await allMatches();
    const dismissed = await store.dismiss(matches[0]!.id, 'agent-1', shared.at);
    await store.record(interaction({ contactId: undefined, number: shared.number, possibleContactIds: [a, b] }), matches);

    // Assess
    expect(suggested.filter((match) => match.id === `${a}|${b}`)).toHaveLength(1);
    expect(dismissed).toBe(true);
    expect((await allMatches()).some((match) => match.id === `${a}|${b}`)).toBe(false);
    expect(await store.dismiss(matches[0]!.id, 'agent-1', shared.at)).toBe(false);
    const unassigned = await store.listUnassigned(100, undefined);
    expect(unassigned.items.length).toBeGreaterThan(0);
  });

  it('keeps the identification setting on by default and writes it on the version read', async () => {
    // Act
    const initial = await store.getIdentificationSetting();

    // Assess
    expect(initial.enabled).toBe(true);
    expect(await store.putIdentificationSetting({ ...initial, version: initial.version + 5 }, { enabled: false, version: initial.version + 6, updatedAt: '2026-03-03T14:00:00.000Z' })).toBe(false);
  });
});

async function allMatches() {
  const matches = [];
  let cursor: string | undefined;
  do {
    const page = await store.listPossibleMatches(100, cursor);
    matches.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return matches;
}
