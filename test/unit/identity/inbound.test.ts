// DESIGN §3's rules for inbound calls and SMS, over in-memory ports: where each lands, what is created or upgraded,
// and that a redelivered event or fifty at once from a new number make nothing twice.
import { describe, expect, it } from 'vitest';
import { buildContact, type PhoneKind } from '#domain/contact';
import { decideInbound } from '#domain/identity/inbound-routing';
import { handleInbound, type InboundDependencies, type InboundEvent } from '#domain/use-cases/identity/inbound';
import { CounterIdGenerator } from '../fakes/counter-id-generator.ts';
import { FixedClock } from '../fakes/fixed-clock.ts';
import { InMemoryContactRepository } from '../fakes/in-memory-contact-repository.ts';
import { InMemoryInteractionStore } from '../fakes/in-memory-interaction-store.ts';
import { InMemoryItemTypeRepository } from '../fakes/in-memory-item-type-repository.ts';
import { RecordingOperationsLog } from '../fakes/recording-operations-log.ts';

const now = '2026-03-03T14:00:00.000Z';
const usNumber = '+12025550143';

function setUp(lookup: { mobile: boolean | undefined } = { mobile: true }) {
  const contacts = new InMemoryContactRepository();
  const interactions = new InMemoryInteractionStore(async (contactId) => (await contacts.get(contactId)) !== undefined);
  const asked: string[] = [];
  const deps: InboundDependencies = {
    contacts,
    interactions,
    itemTypes: new InMemoryItemTypeRepository(),
    ids: new CounterIdGenerator(),
    clock: new FixedClock(now),
    defaultRegion: 'US',
    log: new RecordingOperationsLog(),
    identifyLine: async (e164) => {
      asked.push(e164);
      return lookup.mobile === undefined ? { mobile: undefined, lineType: 'fixed_line_or_mobile', source: 'failed' } : { mobile: lookup.mobile, lineType: lookup.mobile ? 'mobile' : 'fixed_line', source: 'lookup', checkedAt: now };
    },
  };
  return { deps, contacts, interactions, asked };
}

let events = 0;
const event = (channel: InboundEvent['channel'], from = usNumber, eventId = `e-${(events += 1)}`): InboundEvent => ({ channel, from, at: now, provider: 'local', eventId });

async function holding(setup: ReturnType<typeof setUp>, id: string, kind: PhoneKind, number = usNumber) {
  const contact = buildContact(id, { displayName: id, primaryPhone: { number, kind } }, { defaultRegion: 'US', knownItemTypeIds: new Set(), now });
  await setup.contacts.create(contact);
  return contact;
}

describe('inbound routing rules', () => {
  it('lands on the MOBILE holder, on the only holder, on nobody when several hold it, or creates', () => {
    // Act / Assess
    expect(decideInbound('voice', [{ contactId: 'a', kind: 'HOME' }, { contactId: 'b', kind: 'MOBILE' }])).toEqual({ kind: 'land', contactId: 'b', upgradeToMobile: false });
    expect(decideInbound('voice', [{ contactId: 'a', kind: 'OTHER' }])).toEqual({ kind: 'land', contactId: 'a', upgradeToMobile: false });
    expect(decideInbound('sms', [{ contactId: 'a', kind: 'OTHER' }])).toEqual({ kind: 'land', contactId: 'a', upgradeToMobile: true });
    expect(decideInbound('sms', [{ contactId: 'a', kind: 'HOME' }])).toEqual({ kind: 'land', contactId: 'a', upgradeToMobile: false });
    expect(decideInbound('voice', [{ contactId: 'b', kind: 'HOME' }, { contactId: 'a', kind: 'OTHER' }])).toEqual({ kind: 'unassigned', possibleContactIds: ['a', 'b'] });
    expect(decideInbound('sms', [])).toEqual({ kind: 'create', phoneKind: 'MOBILE' });
    expect(decideInbound('voice', [], { enabled: true, mobile: true })).toEqual({ kind: 'create', phoneKind: 'MOBILE' });
    expect(decideInbound('voice', [], { enabled: true, mobile: false })).toEqual({ kind: 'create', phoneKind: 'OTHER' });
    expect(decideInbound('voice', [], { enabled: true, mobile: undefined })).toEqual({ kind: 'create', phoneKind: 'OTHER' });
    expect(decideInbound('voice', [], { enabled: false, mobile: true })).toEqual({ kind: 'create', phoneKind: 'OTHER' });
  });
});

describe('handleInbound', () => {
  it('an unknown number calling with identification on and identified mobile makes a MOBILE contact; off, an OTHER one without asking', async () => {
    // Prepare
    const on = setUp({ mobile: true });
    const off = setUp({ mobile: true });
    await off.interactions.putIdentificationSetting(await off.interactions.getIdentificationSetting(), { enabled: false, version: 1, updatedAt: now });

    // Act
    const created = await handleInbound(on.deps, event('voice'));
    const plain = await handleInbound(off.deps, event('voice'));

    // Assess
    expect(created).toMatchObject({ decision: 'create', createdContact: true, duplicate: false, interaction: { channel: 'voice', direction: 'inbound', number: usNumber, at: now } });
    expect((await on.contacts.get(created.interaction.contactId!))!.primaryPhone.kind).toBe('MOBILE');
    expect(on.asked).toEqual([usNumber]);
    expect((await off.contacts.get(plain.interaction.contactId!))!.primaryPhone.kind).toBe('OTHER');
    expect(off.asked).toEqual([]);
  });

  it('a lookup that cannot tell leaves the new number OTHER; a landline too', async () => {
    // Prepare
    const failed = setUp({ mobile: undefined });
    const landline = setUp({ mobile: false });

    // Act
    const a = await handleInbound(failed.deps, event('voice'));
    const b = await handleInbound(landline.deps, event('voice'));

    // Assess
    expect((await failed.contacts.get(a.interaction.contactId!))!.primaryPhone.kind).toBe('OTHER');
    expect((await landline.contacts.get(b.interaction.contactId!))!.primaryPhone.kind).toBe('OTHER');
  });

  it('a call then an SMS from the same number: one contact, its OTHER number upgraded to MOBILE, two interactions', async () => {
    // Prepare
    const setup = setUp({ mobile: undefined });

    // Act
    const call = await handleInbound(setup.deps, event('voice'));
    const sms = await handleInbound(setup.deps, event('sms'));

    // Assess
    expect(sms).toMatchObject({ decision: 'land', upgradedToMobile: true, interaction: { contactId: call.interaction.contactId } });
    expect((await setup.contacts.get(call.interaction.contactId!))!.primaryPhone.kind).toBe('MOBILE');
    expect(await setup.contacts.findHolders(usNumber)).toHaveLength(1);
    expect((await setup.interactions.listForContact(call.interaction.contactId!, 10, undefined)).items.map((each) => each.channel)).toEqual(['voice', 'sms']);
  });

  it('a number held by two contacts lands on nobody, with both as possible matches suggested once', async () => {
    // Prepare
    const setup = setUp();
    await holding(setup, 'home-a', 'HOME');
    await holding(setup, 'home-b', 'OTHER');

    // Act
    const first = await handleInbound(setup.deps, event('voice'));
    await handleInbound(setup.deps, event('sms'));

    // Assess
    expect(first).toMatchObject({ decision: 'unassigned', interaction: { contactId: undefined, possibleContactIds: ['home-a', 'home-b'] } });
    expect((await setup.interactions.listUnassigned(10, undefined)).items).toHaveLength(2);
    expect((await setup.interactions.listPossibleMatches(10, undefined)).items).toEqual([expect.objectContaining({ id: 'home-a|home-b', reason: 'shared-number' })]);
    expect((await setup.contacts.get('home-b'))!.primaryPhone.kind).toBe('OTHER');
  });

  it('a contact merged away between the holders read and the record: the interaction lands on the survivor, not on the gone id', async () => {
    // Prepare
    const setup = setUp();
    await holding(setup, 'survivor', 'MOBILE');
    const findHolders = setup.contacts.findHolders.bind(setup.contacts);
    let reads = 0;
    // The first read is from before a merge moved the number: it names a contact that no longer exists.
    setup.contacts.findHolders = async (number) => ((reads += 1) === 1 ? [{ contactId: 'merged-away', number, kind: 'MOBILE', role: 'primary' }] : findHolders(number));

    // Act
    const landed = await handleInbound(setup.deps, event('sms'));

    // Assess
    expect(landed).toMatchObject({ decision: 'land', interaction: { contactId: 'survivor' } });
    expect(reads).toBe(2);
    expect(setup.interactions.interactions.map((each) => each.contactId)).toEqual(['survivor']);
  });

  it('the same event delivered twice records one interaction and creates one contact', async () => {
    // Prepare
    const setup = setUp();
    const once = event('sms');

    // Act
    const first = await handleInbound(setup.deps, once);
    const again = await handleInbound(setup.deps, once);

    // Assess
    expect(again).toMatchObject({ duplicate: true, createdContact: false, interaction: { contactId: first.interaction.contactId } });
    expect(setup.interactions.interactions).toHaveLength(1);
  });

  it('fifty SMS at once from one new number make exactly one MOBILE contact, with fifty interactions on it', async () => {
    // Prepare
    const setup = setUp();

    // Act
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => handleInbound(setup.deps, event('sms'))));

    // Assess
    const holders = await setup.contacts.findHolders(usNumber);
    expect(holders).toEqual([expect.objectContaining({ kind: 'MOBILE' })]);
    expect(new Set(outcomes.map((outcome) => outcome.interaction.contactId))).toEqual(new Set([holders[0]!.contactId]));
    expect(outcomes.filter((outcome) => outcome.createdContact)).toHaveLength(1);
    expect(setup.interactions.interactions).toHaveLength(50);
  });
});
