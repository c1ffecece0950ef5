// Merging two contacts (DESIGN §3) over in-memory ports: what the survivor holds, what moves, the redirect, mobile
// uniqueness, and a merge stopped half-way resumed without losing a number.
import { describe, expect, it } from 'vitest';
import { allPhones, buildContact, type Contact, type ContactInput } from '#domain/contact';
import { buildCampaign } from '#domain/dialer/campaign';
import { ConflictError, ContactMergedError, InvalidInputError, MobileNumberTakenError, NotFoundError } from '#domain/errors';
import { mergedSurvivor } from '#domain/identity/contact-merge';
import { possibleMatchesAmong, type Interaction } from '#domain/identity/interaction';
import { currentContact, requireContact } from '#domain/use-cases/contact-lookup';
import { acceptPossibleMatch, getMerge, mergeContacts, type MergeDependencies } from '#domain/use-cases/identity/merge-contacts';
import { FixedClock } from '../fakes/fixed-clock.ts';
import { InMemoryCampaignRepository } from '../fakes/in-memory-campaign-repository.ts';
import { InMemoryContactMergeRecords } from '../fakes/in-memory-contact-merge-records.ts';
import { InMemoryContactRepository } from '../fakes/in-memory-contact-repository.ts';
import { InMemoryInteractionStore } from '../fakes/in-memory-interaction-store.ts';
import { RecordingOperationsLog } from '../fakes/recording-operations-log.ts';

const now = '2026-03-03T14:00:00.000Z';
const shared = '+12025550143';
const adaMobile = '+447400400001';
const adaHome = '+442079460001';
const otherMobile = '+447400400002';

const contactOf = (id: string, input: Omit<ContactInput, 'displayName'> & { displayName?: string }): Contact =>
  buildContact(id, { displayName: id, ...input }, { defaultRegion: 'US', knownItemTypeIds: new Set(['work']), now });

function setUp() {
  const contacts = new InMemoryContactRepository();
  const interactions = new InMemoryInteractionStore();
  const campaigns = new InMemoryCampaignRepository();
  const merges = new InMemoryContactMergeRecords();
  const deps: MergeDependencies = { contacts, interactions, campaigns, merges, clock: new FixedClock(now), log: new RecordingOperationsLog() };
  return { deps, contacts, interactions, campaigns, merges };
}

/** Ada twice: a profile from an import (her home line, the shared number as OTHER) and one an SMS created (her mobile, the shared number MOBILE). */
async function adaTwice(setup: ReturnType<typeof setUp>) {
  const imported = contactOf('ada', { displayName: 'Ada Lovelace', externalId: 'crm-1', emails: ['ada@example.org'], primaryPhone: { number: adaHome, kind: 'HOME' }, additionalPhones: [{ number: shared, kind: 'OTHER', itemTypeId: 'work' }] });
  const texted = contactOf('texted', { displayName: adaMobile, emails: ['ADA@example.org', 'ada@work.example'], primaryPhone: { number: adaMobile, kind: 'MOBILE' }, additionalPhones: [{ number: shared, kind: 'MOBILE', description: 'from SMS' }] });
  await setup.contacts.create(imported);
  await setup.contacts.create(texted);
  return { imported, texted };
}

const interaction = (id: string, contactId: string | undefined, number: string): Interaction => ({ id, channel: 'sms', direction: 'inbound', number, at: now, contactId, possibleContactIds: [], provider: 'local' });

describe('the merged survivor', () => {
  it('holds every number once, the stronger kind where both hold one, in the survivor\'s order then the merged contact\'s', async () => {
    // Arrange
    const setup = setUp();
    const { imported, texted } = await adaTwice(setup);

    // Act
    const survivor = mergedSurvivor(imported, texted, now);

    // Assess
    expect(allPhones(survivor).map((phone) => [phone.number, phone.kind])).toEqual([
      [adaHome, 'HOME'],
      [shared, 'MOBILE'],
      [adaMobile, 'MOBILE'],
    ]);
    expect(survivor.additionalPhones[0]).toMatchObject({ itemTypeId: 'work', description: 'from SMS' });
    expect(survivor).toMatchObject({ id: 'ada', displayName: 'Ada Lovelace', externalId: 'crm-1', version: imported.version + 1, updatedAt: now });
    expect(survivor.emails).toEqual(['ada@example.org', 'ada@work.example']);
  });

  it('takes the merged contact\'s name when the survivor is named by its number (an inbound contact), and its external id when it has none', async () => {
    // Arrange
    const setup = setUp();
    const { imported, texted } = await adaTwice(setup);

    // Act
    const survivor = mergedSurvivor(texted, imported, now);

    // Assess
    expect(survivor).toMatchObject({ id: 'texted', displayName: 'Ada Lovelace', externalId: 'crm-1' });
    expect(survivor.primaryPhone.number).toBe(adaMobile);
  });

  it('refuses a union larger than one contact may hold, and a contact merged into itself', () => {
    // Arrange
    const many = (prefix: string) => Array.from({ length: 20 }, (_, index) => ({ number: `+442079460${prefix}${String(index).padStart(2, '0')}` }));
    const first = contactOf('first', { primaryPhone: { number: '+442079460100' }, additionalPhones: many('2') });
    const second = contactOf('second', { primaryPhone: { number: '+442079460101' }, additionalPhones: many('3') });

    // Act / Assess
    expect(() => mergedSurvivor(first, second, now)).toThrow(ConflictError);
    expect(() => mergedSurvivor(first, first, now)).toThrow(InvalidInputError);
  });
});

describe('merging two contacts', () => {
  it('moves numbers, interactions, enrolments and possible matches, and the merged contact redirects to the survivor', async () => {
    // Arrange
    const setup = setUp();
    await adaTwice(setup);
    await setup.contacts.create(contactOf('bob', { primaryPhone: { number: '+12025550199' }, additionalPhones: [{ number: adaHome }] }));
    await setup.interactions.record(interaction('i-1', 'texted', adaMobile), []);
    await setup.interactions.record(interaction('i-2', 'texted', shared), []);
    await setup.interactions.record(interaction('i-3', undefined, adaHome), possibleMatchesAmong(['texted', 'bob'], adaHome, 'shared-number', now));
    await setup.campaigns.create(buildCampaign('spring', { name: 'Spring' }, now));
    await setup.campaigns.create(buildCampaign('summer', { name: 'Summer' }, now));
    await setup.campaigns.enrol('spring', ['texted', 'ada']);
    await setup.campaigns.enrol('summer', ['texted']);

    // Act
    const merge = await mergeContacts(setup.deps, { survivorId: 'ada', mergedId: 'texted', actor: 'user:agent-1' });

    // Assess
    expect(merge).toMatchObject({ step: 'completed', survivorId: 'ada', mergedId: 'texted', mergedNumbers: [adaMobile, shared], moved: { interactions: 2, enrolments: 2, possibleMatches: 1 }, actor: 'user:agent-1' });
    const survivor = await setup.contacts.get('ada');
    expect(allPhones(survivor!).map((phone) => phone.number).sort()).toEqual([adaHome, adaMobile, shared].sort());
    expect(await setup.contacts.get('texted')).toBeUndefined();
    await expect(requireContact(setup.contacts, 'texted')).rejects.toEqual(new ContactMergedError('texted', 'ada'));
    expect((await setup.interactions.listForContact('ada', 10, undefined)).items.map((each) => each.id)).toEqual(['i-1', 'i-2']);
    expect((await setup.campaigns.listEnrolments('spring', 10, undefined)).items).toEqual(['ada']);
    expect((await setup.campaigns.listEnrolments('summer', 10, undefined)).items).toEqual(['ada']);
    expect((await setup.interactions.listPossibleMatches(10, undefined)).items.map((match) => match.id)).toEqual(['ada|bob']);
    expect(await getMerge(setup.deps, 'texted')).toEqual(merge);
  });

  it('hands the merged contact\'s mobiles to the survivor: nobody else can take them, and the survivor now holds them', async () => {
    // Arrange
    const setup = setUp();
    await adaTwice(setup);
    await mergeContacts(setup.deps, { survivorId: 'ada', mergedId: 'texted', actor: 'user:agent-1' });

    // Act
    const taking = setup.contacts.create(contactOf('eve', { primaryPhone: { number: adaMobile, kind: 'MOBILE' } }));

    // Assess
    await expect(taking).rejects.toEqual(new MobileNumberTakenError(adaMobile, 'ada'));
    expect((await setup.contacts.findHolders(shared)).map((holder) => [holder.contactId, holder.kind])).toEqual([['ada', 'MOBILE']]);
  });

  it('asked again after completing, changes nothing and answers the same merge; asked for another survivor, refuses', async () => {
    // Arrange
    const setup = setUp();
    await adaTwice(setup);
    await setup.contacts.create(contactOf('carol', { primaryPhone: { number: otherMobile } }));
    const first = await mergeContacts(setup.deps, { survivorId: 'ada', mergedId: 'texted', actor: 'user:agent-1' });
    const survivorAfter = await setup.contacts.get('ada');

    // Act
    const again = await mergeContacts(setup.deps, { survivorId: 'ada', mergedId: 'texted', actor: 'user:agent-2' });
    const elsewhere = mergeContacts(setup.deps, { survivorId: 'carol', mergedId: 'texted', actor: 'user:agent-2' });

    // Assess
    expect(again).toEqual(first);
    expect(await setup.contacts.get('ada')).toEqual(survivorAfter);
    await expect(elsewhere).rejects.toThrow(ConflictError);
  });

  it('stopped after the numbers moved, loses no number, and asked again finishes what is left', async () => {
    // Arrange
    const setup = setUp();
    await adaTwice(setup);
    await setup.interactions.record(interaction('i-1', 'texted', adaMobile), []);
    const moveToContact = setup.interactions.moveToContact.bind(setup.interactions);
    setup.interactions.moveToContact = () => Promise.reject(new Error('the function ran out of time'));

    // Act
    const stopped = mergeContacts(setup.deps, { survivorId: 'ada', mergedId: 'texted', actor: 'user:agent-1' });
    await expect(stopped).rejects.toThrow('ran out of time');
    const halfway = await getMerge(setup.deps, 'texted');
    const numbersHalfway = allPhones((await setup.contacts.get('ada'))!).map((phone) => phone.number);
    setup.interactions.moveToContact = moveToContact;
    const resumed = await mergeContacts(setup.deps, { survivorId: 'ada', mergedId: 'texted', actor: 'user:agent-1' });

    // Assess
    expect(halfway.step).toBe('interactions');
    expect(numbersHalfway).toEqual(expect.arrayContaining(halfway.mergedNumbers));
    expect(resumed).toMatchObject({ step: 'completed', moved: { interactions: 1 } });
    expect((await setup.interactions.listForContact('ada', 10, undefined)).items.map((each) => each.id)).toEqual(['i-1']);
  });

  it('stopped after the numbers moved but before that was recorded, resumes from the redirect instead of moving them again', async () => {
    // Arrange
    const setup = setUp();
    await adaTwice(setup);
    const advance = setup.merges.advance.bind(setup.merges);
    setup.merges.advance = () => Promise.reject(new Error('the record was not written'));
    await expect(mergeContacts(setup.deps, { survivorId: 'ada', mergedId: 'texted', actor: 'user:agent-1' })).rejects.toThrow('not written');
    setup.merges.advance = advance;

    // Act
    const resumed = await mergeContacts(setup.deps, { survivorId: 'ada', mergedId: 'texted', actor: 'user:agent-1' });

    // Assess
    expect(resumed.step).toBe('completed');
    expect(allPhones((await setup.contacts.get('ada'))!).map((phone) => phone.number).sort()).toEqual([adaHome, adaMobile, shared].sort());
  });

  it('reads a contact edited between its read and the merge again, and keeps the edit', async () => {
    // Arrange
    const setup = setUp();
    await adaTwice(setup);
    const merge = setup.contacts.merge.bind(setup.contacts);
    let edited = false;
    setup.contacts.merge = async (survivorBefore, survivorAfter, merged, at) => {
      if (!edited) {
        edited = true;
        await setup.contacts.update(survivorBefore, { ...survivorBefore, displayName: 'Ada King', version: survivorBefore.version + 1 });
      }
      return merge(survivorBefore, survivorAfter, merged, at);
    };

    // Act
    await mergeContacts(setup.deps, { survivorId: 'ada', mergedId: 'texted', actor: 'user:agent-1' });

    // Assess
    const survivor = await setup.contacts.get('ada');
    expect(survivor).toMatchObject({ displayName: 'Ada King' });
    expect(allPhones(survivor!)).toHaveLength(3);
  });

  it('follows merges in a chain: a contact merged into one merged since leads to the last survivor', async () => {
    // Arrange
    const setup = setUp();
    await adaTwice(setup);
    await setup.contacts.create(contactOf('carol', { primaryPhone: { number: otherMobile } }));

    // Act
    await mergeContacts(setup.deps, { survivorId: 'ada', mergedId: 'texted', actor: 'user:agent-1' });
    await mergeContacts(setup.deps, { survivorId: 'carol', mergedId: 'ada', actor: 'user:agent-1' });

    // Assess
    expect((await currentContact(setup.contacts, 'texted')).id).toBe('carol');
    expect(allPhones((await setup.contacts.get('carol'))!)).toHaveLength(4);
  });
});

describe('accepting a possible match', () => {
  it('merges the other contact of the pair into the one the agent keeps; the match is settled', async () => {
    // Arrange
    const setup = setUp();
    await adaTwice(setup);
    await setup.interactions.record(interaction('i-1', undefined, shared), possibleMatchesAmong(['ada', 'texted'], shared, 'shared-number', now));

    // Act
    const merge = await acceptPossibleMatch(setup.deps, 'ada|texted', 'texted', 'user:agent-1');

    // Assess
    expect(merge).toMatchObject({ survivorId: 'texted', mergedId: 'ada', matchId: 'ada|texted', step: 'completed' });
    expect(await setup.interactions.getPossibleMatch('ada|texted')).toBeUndefined();
    expect(await setup.contacts.get('texted')).toMatchObject({ displayName: 'Ada Lovelace', externalId: 'crm-1' });
  });

  it('refuses a survivor outside the pair, and a match that is not open', async () => {
    // Arrange
    const setup = setUp();
    await adaTwice(setup);
    await setup.interactions.record(interaction('i-1', undefined, shared), possibleMatchesAmong(['ada', 'texted'], shared, 'shared-number', now));
    await setup.interactions.dismiss('ada|texted');

    // Act / Assess
    await expect(acceptPossibleMatch(setup.deps, 'ada|texted', 'bob', 'user:agent-1')).rejects.toThrow(InvalidInputError);
    await expect(acceptPossibleMatch(setup.deps, 'ada|texted', 'ada', 'user:agent-1')).rejects.toThrow(NotFoundError);
  });
});
