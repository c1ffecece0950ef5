// A merge's writes against DynamoDB Local: the numbers in one transaction with the claims handed over and the redirect,
// the merge record moved on step by step, interactions, possible matches and enrolments moved to the survivor.
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCampaignRepository } from '../../functions/adapters/dynamodb/dynamodb-campaign-repository.ts';
import { DynamoDbContactMergeRecords } from '../../functions/adapters/dynamodb/dynamodb-contact-merge-records.ts';
import { DynamoDbContactRepository } from '../../functions/adapters/dynamodb/dynamodb-contact-repository.ts';
import { DynamoDbInteractionStore } from '../../functions/adapters/dynamodb/dynamodb-interaction-store.ts';
import { buildContact, type Contact } from '../../functions/domain/contact.ts';
import { buildCampaign } from '../../functions/domain/dialer/campaign.ts';
import { MobileNumberTakenError, VersionConflictError } from '../../functions/domain/errors.ts';
import { mergedSurvivor, type ContactMerge } from '../../functions/domain/identity/contact-merge.ts';
import { possibleMatchesAmong, type Interaction } from '../../functions/domain/identity/interaction.ts';
import { contactsTableName, dialerTableName, localDocumentClient } from '../support/local-dynamodb.ts';
import { mobileNumber, usNumber } from '../support/phone-numbers.ts';
import { storedContactId } from '../support/stored-contacts.ts';

const now = '2026-11-22T10:00:00.000Z';
const rules = { defaultRegion: 'US', knownItemTypeIds: new Set<string>(), now };
let contacts: DynamoDbContactRepository;
let interactions: DynamoDbInteractionStore;
let merges: DynamoDbContactMergeRecords;
let campaigns: DynamoDbCampaignRepository;

beforeAll(() => {
  contacts = new DynamoDbContactRepository(localDocumentClient(), contactsTableName());
  interactions = new DynamoDbInteractionStore(localDocumentClient(), contactsTableName());
  merges = new DynamoDbContactMergeRecords(localDocumentClient(), contactsTableName());
  campaigns = new DynamoDbCampaignRepository(localDocumentClient(), dialerTableName(), () => new Date(now));
});

const newId = (prefix: string) => `${prefix}-${crypto.randomUUID()}`;

async function stored(numbers: Array<[string, 'MOBILE' | 'HOME' | 'OTHER']>, externalId?: string): Promise<Contact> {
  const contact = buildContact(newId('c'), { displayName: 'someone', externalId, primaryPhone: { number: numbers[0]![0], kind: numbers[0]![1] }, additionalPhones: numbers.slice(1).map(([number, kind]) => ({ number, kind })) }, rules);
  await contacts.create(contact);
  return contact;
}

describe('DynamoDbContactRepository.merge', () => {
  it('moves every number to the survivor in one transaction, hands over the mobile and external-id claims, and redirects', async () => {
    // Prepare
    const [sharedNumber, mergedMobile, survivorHome] = [mobileNumber(), mobileNumber(), usNumber()];
    const survivor = await stored([[survivorHome, 'HOME'], [sharedNumber, 'OTHER']], newId('crm'));
    const merged = await stored([[mergedMobile, 'MOBILE'], [sharedNumber, 'MOBILE']], newId('crm'));
    const after = mergedSurvivor(survivor, merged, now);

    // Act
    await contacts.merge(survivor, after, merged, now);

    // Assess
    expect(await contacts.get(survivor.id)).toEqual(after);
    expect(await contacts.get(merged.id)).toBeUndefined();
    expect(await contacts.mergedInto(merged.id)).toBe(survivor.id);
    expect(await contacts.findHolders(sharedNumber)).toEqual([{ contactId: survivor.id, number: sharedNumber, kind: 'MOBILE', role: 'additional' }]);
    expect(await contacts.findHolders(mergedMobile)).toEqual([{ contactId: survivor.id, number: mergedMobile, kind: 'MOBILE', role: 'additional' }]);
    // The claims are the survivor's: a third contact cannot take the mobile, and the merged external id finds the survivor.
    await expect(contacts.create(buildContact(newId('c'), { displayName: 'eve', primaryPhone: { number: mergedMobile, kind: 'MOBILE' } }, rules))).rejects.toEqual(new MobileNumberTakenError(mergedMobile, survivor.id));
    expect(await contacts.findByExternalIds([merged.externalId!, survivor.externalId!])).toEqual(new Map([[merged.externalId!, survivor.id], [survivor.externalId!, survivor.id]]));
    // The survivor can still let go of a mobile it was handed.
    const released = { ...after, additionalPhones: after.additionalPhones.filter((phone) => phone.number !== mergedMobile), version: after.version + 1 };
    await contacts.update(after, released);
    expect(await contacts.findHolders(mergedMobile)).toEqual([]);
  });

  it('writes nothing when either contact changed since it was read', async () => {
    // Prepare
    const survivor = await stored([[usNumber(), 'HOME']]);
    const merged = await stored([[mobileNumber(), 'MOBILE']]);
    const edited = { ...merged, displayName: 'edited', version: merged.version + 1 };
    await contacts.update(merged, edited);

    // Act
    const attempt = contacts.merge(survivor, mergedSurvivor(survivor, merged, now), merged, now);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(VersionConflictError);
    expect(await contacts.get(survivor.id)).toEqual(survivor);
    expect(await contacts.get(merged.id)).toEqual(edited);
    expect(await contacts.mergedInto(merged.id)).toBeUndefined();
  });
});

describe('DynamoDbContactMergeRecords', () => {
  it('begins a merge once per merged contact and moves it on only from the step stored', async () => {
    // Prepare
    const merge: ContactMerge = { mergedId: newId('m'), survivorId: newId('s'), matchId: undefined, step: 'numbers', mergedNumbers: [], moved: { interactions: 0, enrolments: 0, possibleMatches: 0 }, actor: 'user:a', startedAt: now, updatedAt: now };

    // Act
    const began = await merges.begin(merge);
    const beganTwice = await merges.begin({ ...merge, survivorId: 'someone-else' });
    const advanced = await merges.advance(merge, { ...merge, step: 'interactions' });
    const advancedFromStale = await merges.advance(merge, { ...merge, step: 'interactions' });

    // Assess
    expect([began, beganTwice, advanced, advancedFromStale]).toEqual([true, false, true, false]);
    expect(await merges.get(merge.mergedId)).toEqual({ ...merge, step: 'interactions' });
  });
});

describe('moving what hangs off the merged contact', () => {
  const interaction = (contactId: string, at: string): Interaction => ({ id: `local:${crypto.randomUUID()}`, channel: 'sms', direction: 'inbound', number: mobileNumber(), at, contactId, possibleContactIds: [], provider: 'local' });

  it('moves interactions to the survivor in time order, and moving again moves nothing', async () => {
    // Prepare
    const [from, to] = [await storedContactId('from'), await storedContactId('to')];
    const own = interaction(to, '2026-03-03T10:00:00.000Z');
    const movingLater = interaction(from, '2026-03-03T11:00:00.000Z');
    const movingEarlier = interaction(from, '2026-03-03T09:00:00.000Z');
    for (const each of [own, movingLater, movingEarlier]) await interactions.record(each, []);

    // Act
    const moved = await interactions.moveToContact(from, to);
    const movedAgain = await interactions.moveToContact(from, to);

    // Assess
    expect([moved, movedAgain]).toEqual([2, 0]);
    expect((await interactions.listForContact(to, 10, undefined)).items.map((each) => [each.id, each.contactId])).toEqual([
      [movingEarlier.id, to],
      [own.id, to],
      [movingLater.id, to],
    ]);
    expect((await interactions.listForContact(from, 10, undefined)).items).toEqual([]);
  });

  it('re-points open matches naming the merged contact, settles the pair itself, and keeps a dismissed pair dismissed', async () => {
    // Prepare
    const [merged, survivor, third, dismissedOther] = [await storedContactId('m'), await storedContactId('s'), await storedContactId('t'), await storedContactId('d')];
    const number = mobileNumber();
    const record = (ids: string[]) => interactions.record(interaction(ids[0]!, now), possibleMatchesAmong(ids, number, 'shared-number', now));
    await record([merged, survivor]);
    await record([merged, third]);
    await record([merged, dismissedOther]);
    await record([survivor, dismissedOther]);
    const [pairWithDismissed] = possibleMatchesAmong([survivor, dismissedOther], number, 'shared-number', now);
    await interactions.dismiss(pairWithDismissed!.id, 'user:a', now);

    // Act
    const touched = await interactions.repointPossibleMatches(merged, survivor, now);

    // Assess
    expect(touched).toBe(3);
    const [mergedPair, mergedThird, survivorThird] = [[merged, survivor], [merged, third], [survivor, third]].map((ids) => possibleMatchesAmong(ids, number, 'shared-number', now)[0]!.id);
    expect(await interactions.getPossibleMatch(mergedPair!)).toBeUndefined();
    expect(await interactions.getPossibleMatch(mergedThird!)).toBeUndefined();
    expect(await interactions.getPossibleMatch(survivorThird!)).toMatchObject({ contactIds: [survivor, third].sort(), number });
    expect(await interactions.getPossibleMatch(pairWithDismissed!.id)).toBeUndefined();
  });

  it('moves an enrolment in one transaction; a contact not enrolled moves nothing', async () => {
    // Prepare
    const campaign = buildCampaign(newId('campaign'), { name: 'merge test' }, now);
    await campaigns.create(campaign);
    const [from, to, absent] = [newId('from'), newId('to'), newId('absent')];
    await campaigns.enrol(campaign.id, [from]);

    // Act
    const moves = [await campaigns.moveEnrolment(campaign.id, from, to), await campaigns.moveEnrolment(campaign.id, from, to), await campaigns.moveEnrolment(campaign.id, absent, to)];

    // Assess
    expect(moves).toEqual([true, false, false]);
    expect((await campaigns.listEnrolments(campaign.id, 10, undefined)).items).toEqual([to]);
  });
});
