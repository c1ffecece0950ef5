// Identification backfills against DynamoDB Local: created once, saved only from the pages done and the status read
// (two invocations never save one page twice), and the possible matches the backfill suggests without an interaction.
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbIdentificationBackfillRepository } from '../../functions/adapters/dynamodb/dynamodb-identification-backfill-repository.ts';
import { DynamoDbInteractionStore } from '../../functions/adapters/dynamodb/dynamodb-interaction-store.ts';
import { newBackfill, type IdentificationBackfill } from '../../functions/domain/identity/identification-backfill.ts';
import { possibleMatchesAmong, type PossibleMatch } from '../../functions/domain/identity/interaction.ts';
import { contactsTableName, localDocumentClient } from '../support/local-dynamodb.ts';
import { usNumber } from '../support/phone-numbers.ts';

let backfills: DynamoDbIdentificationBackfillRepository;
let interactions: DynamoDbInteractionStore;

beforeAll(() => {
  backfills = new DynamoDbIdentificationBackfillRepository(localDocumentClient(), contactsTableName());
  interactions = new DynamoDbInteractionStore(localDocumentClient(), contactsTableName());
});

const at = '2026-03-03T14:00:00.000Z';

/** The next page saved, as the worker saves it. */
const nextPage = (backfill: IdentificationBackfill, contacts: number): IdentificationBackfill => ({
  ...backfill,
  pages: backfill.pages + 1,
  cursor: `cursor-${backfill.pages + 1}`,
  counts: { ...backfill.counts, contactsScanned: backfill.counts.contactsScanned + contacts },
  updatedAt: '2026-03-03T14:01:00.000Z',
});

async function allMatches(): Promise<PossibleMatch[]> {
  const matches: PossibleMatch[] = [];
  let cursor: string | undefined;
  do {
    const page = await interactions.listPossibleMatches(100, cursor);
    matches.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return matches;
}

describe('DynamoDbIdentificationBackfillRepository', () => {
  it('creates a backfill once and reads it back whole', async () => {
    // Prepare
    const backfill = newBackfill(`backfill-${crypto.randomUUID()}`, 'user:admin', at);

    // Act
    const created = await backfills.create(backfill);
    const again = await backfills.create({ ...backfill, startedBy: 'user:someone-else' });

    // Assess
    expect([created, again]).toEqual([true, false]);
    expect(await backfills.get(backfill.id)).toEqual(backfill);
    expect(await backfills.get(`backfill-${crypto.randomUUID()}`)).toBeUndefined();
  });

  it('saves a page only over the pages done and the status read: of two invocations saving the same page, one wins', async () => {
    // Prepare
    const started = newBackfill(`backfill-${crypto.randomUUID()}`, 'user:admin', at);
    await backfills.create(started);

    // Act
    const saves = await Promise.all([backfills.advance(started, nextPage(started, 50)), backfills.advance(started, nextPage(started, 50))]);
    const stored = (await backfills.get(started.id))!;
    const stale = await backfills.advance(started, nextPage(started, 50));
    const stopped = await backfills.advance(stored, { ...stored, status: 'STOPPED', finishedAt: at });
    const afterStop = await backfills.advance(stored, nextPage(stored, 50));

    // Assess
    expect(saves.sort()).toEqual([false, true]);
    expect(stored).toMatchObject({ pages: 1, cursor: 'cursor-1', counts: { contactsScanned: 50 } });
    expect([stale, stopped, afterStop]).toEqual([false, true, false]);
    expect(await backfills.get(started.id)).toMatchObject({ status: 'STOPPED', pages: 1, counts: { contactsScanned: 50 } });
  });
});

describe('DynamoDbInteractionStore: possible matches without an interaction', () => {
  it('suggests a pair once, and never one that was dismissed', async () => {
    // Prepare
    const [a, b, c] = [`contact-${crypto.randomUUID()}`, `contact-${crypto.randomUUID()}`, `contact-${crypto.randomUUID()}`];
    const number = usNumber();
    const [dismissed] = possibleMatchesAmong([a, c], number, 'second-mobile-holder', at);
    await interactions.suggestMatches([dismissed!]);
    await interactions.dismiss(dismissed!.id, 'user:agent', at);

    // Act
    await interactions.suggestMatches(possibleMatchesAmong([a, b], number, 'second-mobile-holder', at));
    await interactions.suggestMatches([...possibleMatchesAmong([b, a], number, 'second-mobile-holder', '2026-03-04T09:00:00.000Z'), dismissed!]);

    // Assess
    const ours = (await allMatches()).filter((match) => match.contactIds.includes(a));
    expect(ours).toEqual([{ id: [a, b].sort().join('|'), contactIds: [a, b].sort(), reason: 'second-mobile-holder', number, suggestedAt: at }]);
  });
});
