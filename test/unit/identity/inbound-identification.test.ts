// What mobile identification does for inbound calls (DESIGN §3), with the real identification over in-memory ports:
// the answer is kept on the phone it settles, a failed lookup is tried again at the number's next call, and nothing is
// asked while identification is off.
import { describe, expect, it } from 'vitest';
import { buildContact, type PhoneKind } from '#domain/contact';
import { handleInbound, type InboundDependencies, type InboundEvent } from '#domain/use-cases/identity/inbound';
import { identifyLine, InFlightLookups } from '#domain/use-cases/identity/identify-line';
import { CounterIdGenerator } from '../fakes/counter-id-generator.ts';
import { CountingMetrics } from '../fakes/counting-metrics.ts';
import { CountingPhoneLookup } from '../fakes/counting-phone-lookup.ts';
import { FixedClock } from '../fakes/fixed-clock.ts';
import { InMemoryContactRepository } from '../fakes/in-memory-contact-repository.ts';
import { InMemoryInteractionStore } from '../fakes/in-memory-interaction-store.ts';
import { InMemoryItemTypeRepository } from '../fakes/in-memory-item-type-repository.ts';
import { InMemoryLookupCache } from '../fakes/in-memory-lookup-cache.ts';
import { RecordingOperationsLog } from '../fakes/recording-operations-log.ts';

const now = '2026-03-03T14:00:00.000Z';
const usNumber = '+12025550143';
const frenchLandline = '+33142345678';

function setUp() {
  const contacts = new InMemoryContactRepository();
  const interactions = new InMemoryInteractionStore();
  const lookup = new CountingPhoneLookup({ lineType: 'landline' }, 0);
  const clock = new FixedClock(now);
  const log = new RecordingOperationsLog();
  const ids = new CounterIdGenerator();
  const lookupDeps = { lookup, lookupCache: new InMemoryLookupCache(), metrics: new CountingMetrics(), clock, ids, sleep: async () => undefined, inFlight: new InFlightLookups(), log };
  const deps: InboundDependencies = { contacts, interactions, itemTypes: new InMemoryItemTypeRepository(), ids, clock, defaultRegion: 'US', log, identifyLine: (e164) => identifyLine(lookupDeps, e164) };
  return { deps, contacts, interactions, lookup, clock };
}

let events = 0;
const call = (from: string): InboundEvent => ({ channel: 'voice', from, at: now, provider: 'local', eventId: `call-${(events += 1)}` });

async function switchOff(interactions: InMemoryInteractionStore) {
  const setting = await interactions.getIdentificationSetting();
  await interactions.putIdentificationSetting(setting, { enabled: false, version: setting.version + 1, updatedAt: now });
}

async function holding(setup: ReturnType<typeof setUp>, id: string, number: string, kind: PhoneKind) {
  await setup.contacts.create(buildContact(id, { displayName: id, primaryPhone: { number, kind } }, { defaultRegion: 'US', knownItemTypeIds: new Set(), now: '2026-01-01T00:00:00.000Z' }));
}

describe('mobile identification on inbound calls', () => {
  it("keeps the lookup's answer on the new contact's phone: mobile → MOBILE, landline → OTHER, both marked as looked up", async () => {
    // Prepare
    const setup = setUp();
    const landline = '+12025550144';
    setup.lookup.answer(usNumber, { lineType: 'mobile' });

    // Act
    const mobile = await handleInbound(setup.deps, call(usNumber));
    const fixed = await handleInbound(setup.deps, call(landline));

    // Assess
    expect((await setup.contacts.get(mobile.interaction.contactId!))!.primaryPhone).toMatchObject({ kind: 'MOBILE', lineType: 'mobile', lineTypeSource: 'lookup', lineTypeCheckedAt: now });
    expect((await setup.contacts.get(fixed.interaction.contactId!))!.primaryPhone).toMatchObject({ kind: 'OTHER', lineType: 'fixed_line', lineTypeSource: 'lookup', lineTypeCheckedAt: now });
  });

  it('tries a failed lookup again at the next call from the number, on the same contact, and upgrades it when it answers mobile', async () => {
    // Prepare
    const setup = setUp();
    setup.lookup.answer(usNumber, 'fail');
    const first = await handleInbound(setup.deps, call(usNumber));
    const afterFailure = (await setup.contacts.get(first.interaction.contactId!))!.primaryPhone;
    setup.lookup.answer(usNumber, { lineType: 'mobile' });
    setup.clock.advanceMinutes(5);

    // Act
    const second = await handleInbound(setup.deps, call(usNumber));
    const third = await handleInbound(setup.deps, call(usNumber));

    // Assess
    expect(afterFailure).toMatchObject({ kind: 'OTHER', lineType: 'fixed_line_or_mobile', lineTypeSource: 'metadata' });
    expect(second).toMatchObject({ decision: 'land', createdContact: false, upgradedToMobile: true, interaction: { contactId: first.interaction.contactId } });
    expect(third).toMatchObject({ decision: 'land', upgradedToMobile: false, interaction: { contactId: first.interaction.contactId } });
    expect(await setup.contacts.findHolders(usNumber)).toEqual([expect.objectContaining({ contactId: first.interaction.contactId, kind: 'MOBILE' })]);
    expect((await setup.contacts.get(first.interaction.contactId!))!.primaryPhone).toMatchObject({ lineTypeSource: 'lookup', lineTypeCheckedAt: '2026-03-03T14:05:00.000Z' });
    expect(setup.lookup.count(usNumber)).toBe(2);
  });

  it('asks nothing for a known number a lookup settled, nor for one the metadata says is no mobile', async () => {
    // Prepare
    const setup = setUp();
    await handleInbound(setup.deps, call(usNumber));
    await holding(setup, 'paris', frenchLandline, 'OTHER');
    const lookupsBefore = setup.lookup.count();

    // Act
    const again = await handleInbound(setup.deps, call(usNumber));
    const paris = await handleInbound(setup.deps, call(frenchLandline));

    // Assess
    expect([again.decision, paris.decision]).toEqual(['land', 'land']);
    expect(lookupsBefore).toBe(1);
    expect(setup.lookup.count()).toBe(1);
    expect((await setup.contacts.get('paris'))!.version).toBe(1);
  });

  it('while identification is off: an unknown number calling makes an OTHER contact, and a known OTHER number is not identified, without a lookup', async () => {
    // Prepare
    const setup = setUp();
    setup.lookup.answer(usNumber, { lineType: 'mobile' });
    await holding(setup, 'known', '+12025550145', 'OTHER');
    await switchOff(setup.interactions);

    // Act
    const unknown = await handleInbound(setup.deps, call(usNumber));
    const known = await handleInbound(setup.deps, call('+12025550145'));

    // Assess
    expect((await setup.contacts.get(unknown.interaction.contactId!))!.primaryPhone).toMatchObject({ kind: 'OTHER', lineTypeSource: 'metadata' });
    expect(known).toMatchObject({ decision: 'land', upgradedToMobile: false, interaction: { contactId: 'known' } });
    expect((await setup.contacts.get('known'))!.primaryPhone.kind).toBe('OTHER');
    expect(setup.lookup.count()).toBe(0);
  });
});
