// Erasing a contact and exporting what is kept about it, over in-memory ports.
import { describe, expect, it } from 'vitest';
import type { Contact } from '#domain/contact';
import type { ConsentSource, NumberConsentState } from '#domain/consent/consent-ledger';
import type { HistoryRow } from '#domain/dialer/workflow-data';
import { NotFoundError, VersionConflictError } from '#domain/errors';
import { createCampaign } from '#domain/use-cases/campaigns/campaigns';
import { contactabilityOfContact } from '#domain/use-cases/consent/contactability';
import { recordConsentChange, setPreferences } from '#domain/use-cases/consent/consents';
import { eraseContact } from '#domain/use-cases/consent/erasure';
import { exportContact } from '#domain/use-cases/consent/export';
import { addPhone, createContact } from '#domain/use-cases/contacts';
import type { Suppression } from '#domain/contactability/contactability';
import { campaignSetup } from './campaigns/campaign-fixtures.ts';
import { InMemoryInteractionStore } from '../fakes/in-memory-interaction-store.ts';
import { InMemoryConsentStore } from '../fakes/in-memory-consent-store.ts';
import { InMemoryContactRepository } from '../fakes/in-memory-contact-repository.ts';

/** French mobiles and a Paris landline: their legal window (08:00–21:00, Europe/Paris) is open at `wednesday15`. */
const mobileA = '+33612340001';
const mobileB = '+33612340002';
const mobileC = '+33612340003';
const landline = '+33144556677';
const wednesday15 = new Date('2025-03-05T15:00:00.000Z');
const voiceMarketing = { channel: 'voice', purpose: 'marketing', at: wednesday15 } as const;

/** Fails the first erasure of one number, as a Lambda timing out half-way would. */
class FailingConsentStore extends InMemoryConsentStore {
  constructor(private failOn: string | undefined) {
    super();
  }

  override async eraseNumber(state: NumberConsentState | undefined, number: string, suppress: Suppression | undefined): Promise<void> {
    if (number === this.failOn) {
      this.failOn = undefined;
      throw new Error('connection reset');
    }
    return super.eraseNumber(state, number, suppress);
  }
}

/** Runs `beforeDelete` once, right before the first delete: a concurrent edit, or a failure. */
class InterruptedContactRepository extends InMemoryContactRepository {
  beforeDelete: ((contact: Contact) => Promise<void>) | undefined;

  override async delete(contact: Contact): Promise<void> {
    const interrupt = this.beforeDelete;
    this.beforeDelete = undefined;
    if (interrupt) await interrupt(contact);
    return super.delete(contact);
  }
}

async function erasureSetup(consent = new InMemoryConsentStore()) {
  const campaignParts = await campaignSetup({ now: '2025-03-03T10:00:00.000Z' });
  const contacts = new InterruptedContactRepository();
  const interactions = new InMemoryInteractionStore();
  const deps = { ...campaignParts.deps, contacts, consent, interactions, defaultRegion: 'FR' };
  return { ...campaignParts, deps, contacts, consent, interactions };
}

type Setup = Awaited<ReturnType<typeof erasureSetup>>;

async function contactWith(setup: Setup, primary: string, ...additional: string[]) {
  const { contact } = await createContact(setup.deps, {
    displayName: 'Ada',
    primaryPhone: { number: primary, kind: 'MOBILE' },
    additionalPhones: additional.map((number) => ({ number, kind: number === landline ? 'HOME' : 'MOBILE' })),
  });
  return contact;
}

async function recordConsent(setup: Setup, number: string, action: 'grant' | 'withdraw', source: ConsentSource = 'web-form') {
  await recordConsentChange(setup.deps, { number, action, channels: ['voice'], purposes: ['marketing'], source, actor: 'test' });
  setup.clock.advanceMinutes(1);
}

function historyRow(campaignId: string, contactId: string, phone: string, minute: number): HistoryRow {
  const at = `2025-03-03T11:${String(minute).padStart(2, '0')}:00.000Z`;
  return { campaignId, contactId, attemptId: `exec-${campaignId}-${contactId}/${minute}`, phone, label: 'Primary', itemTypeId: undefined, round: 1, status: 'NO_ANSWER', cause: undefined, startedAt: at, endedAt: at, counters: { byStatus: { NO_ANSWER: 1 }, global: 1 } };
}

/** Writes History rows the way the outcome handler does: through the ledger, one dialled attempt each. */
async function writeHistory(setup: Setup, rows: HistoryRow[]) {
  for (const row of rows) {
    const workflow = { campaignId: row.campaignId } as never;
    const attempt = { attemptId: row.attemptId, executionName: 'exec', taskToken: 't', workflow, phoneIndex: 0, startedAt: row.startedAt, status: 'DIALLING' as const };
    await setup.calls.claim(attempt, 100);
    await setup.calls.recordOutcome({ attempt, history: row, final: undefined, result: workflow });
  }
}

describe('erasing a contact', () => {
  it('deletes the contact, its claims and its numbers’ consent states; an opted-out number keeps a suppression; the ledger stays', async () => {
    // Prepare: A granted then withdrawn, B granted
    const setup = await erasureSetup();
    const contact = await contactWith(setup, mobileA, mobileB);
    await recordConsent(setup, mobileA, 'grant');
    await recordConsent(setup, mobileB, 'grant');
    await recordConsent(setup, mobileA, 'withdraw');
    const ledgerBefore = structuredClone([...setup.consent.ledger.entries()]);
    const call = { id: 'connect:c-1', channel: 'voice' as const, direction: 'inbound' as const, number: mobileA, at: setup.clock.now().toISOString(), contactId: contact.id, possibleContactIds: [], provider: 'connect' as const };
    await setup.interactions.record(call, []);
    await setup.interactions.record({ ...call, id: 'connect:c-2', contactId: 'someone-else' }, []);

    // Act
    const report = await eraseContact(setup.deps, contact.id, 'user:dpo');

    // Assess
    expect(report).toEqual({ contactId: contact.id, numbersErased: 2, numbersSuppressed: 1, numbersKeptForOtherHolders: 0, interactionsErased: 1 });
    expect(setup.interactions.interactions.map((each) => each.id)).toEqual(['connect:c-2']);
    expect(await setup.contacts.get(contact.id)).toBeUndefined();
    expect(await setup.contacts.findHolders(mobileA)).toEqual([]);
    expect((await setup.consent.getStates([mobileA, mobileB])).size).toBe(0);
    expect(setup.consent.suppressionOf(mobileA)).toEqual({ suppressedAt: setup.clock.now().toISOString() });
    expect(setup.consent.suppressionOf(mobileB)).toBeUndefined();
    expect([...setup.consent.ledger.entries()]).toEqual(ledgerBefore);
    // The mobile claim went with the contact: another contact may take the number.
    await expect(contactWith(setup, mobileA)).resolves.toMatchObject({ primaryPhone: { number: mobileA } });
    expect(setup.log.lines.filter((line) => line.message === 'contact erased')).toEqual([{ level: 'info', message: 'contact erased', fields: { ...report, actor: 'user:dpo' } }]);
    expect(setup.log.text()).not.toContain(mobileA.slice(1));
    expect(setup.log.text()).not.toContain(mobileB.slice(1));
  });

  it('leaves the consent state of a number another contact still holds (a family landline)', async () => {
    // Prepare: the landline opted out; a second contact holds it too
    const setup = await erasureSetup();
    const erased = await contactWith(setup, mobileA, landline);
    const sibling = await contactWith(setup, mobileB, landline);
    await recordConsent(setup, landline, 'withdraw');

    // Act
    const report = await eraseContact(setup.deps, erased.id, 'api');

    // Assess
    expect(report).toMatchObject({ numbersErased: 1, numbersSuppressed: 0, numbersKeptForOtherHolders: 1 });
    expect((await setup.consent.getStates([landline])).get(landline)?.consents['voice:marketing']?.status).toBe('withdrawn');
    expect(setup.consent.suppressionOf(landline)).toBeUndefined();
    expect((await setup.contacts.findHolders(landline)).map((holder) => holder.contactId)).toEqual([sibling.id]);
  });

  it('never lets a re-created contact be called on an opted-out number by re-import: only new consent from the person does', async () => {
    // Prepare: A withdrawn, B granted, the contact erased, then created again from an old list that carried consent for A
    const setup = await erasureSetup();
    const original = await contactWith(setup, mobileA, mobileB);
    await recordConsent(setup, mobileA, 'grant');
    await recordConsent(setup, mobileB, 'grant');
    await recordConsent(setup, mobileA, 'withdraw');
    await eraseContact(setup.deps, original.id, 'api');
    setup.clock.advanceMinutes(60);
    const recreated = await contactWith(setup, mobileA, mobileB);
    await recordConsent(setup, mobileA, 'grant', 'import');

    // Act
    const afterImport = await contactabilityOfContact(setup.deps, recreated.id, voiceMarketing);
    await recordConsent(setup, mobileA, 'grant', 'web-form');
    const afterNewConsent = await contactabilityOfContact(setup.deps, recreated.id, voiceMarketing);

    // Assess
    expect(afterImport.usable).toEqual([]);
    expect(afterImport.excluded.map((verdict) => [verdict.number, verdict.reasons])).toEqual([
      [mobileA, ['withdrawn']],
      [mobileB, ['no-consent']],
    ]);
    expect(afterNewConsent.usable.map((verdict) => verdict.number)).toEqual([mobileA]);
    // The number's ledger goes on where the erased contact's entries stopped: no entry is written twice.
    expect(setup.consent.ledger.get(mobileA)!.map((entry) => entry.sequence)).toEqual([1, 2, 3, 4]);
  });

  it('continues the ledger of an erased number whose new state was born of preferences', async () => {
    // Prepare: after the erasure, preferences make a state that no ledger entry was applied to
    const setup = await erasureSetup();
    const contact = await contactWith(setup, mobileA);
    await recordConsent(setup, mobileA, 'grant');
    await recordConsent(setup, mobileA, 'withdraw');
    await eraseContact(setup.deps, contact.id, 'api');
    await setPreferences(setup.deps, mobileA, { businessHoursOnly: true });

    // Act
    await recordConsent(setup, mobileA, 'grant');

    // Assess
    expect(setup.consent.ledger.get(mobileA)!.map((entry) => entry.sequence)).toEqual([1, 2, 3]);
    expect((await setup.consent.getStates([mobileA])).get(mobileA)).toMatchObject({ sequence: 3, preferences: { businessHoursOnly: true } });
  });

  it('finishes an erasure that failed half-way: the opted-out number keeps its suppression, and a third call is NotFoundError', async () => {
    // Prepare: the second number's erasure fails once
    const setup = await erasureSetup(new FailingConsentStore(mobileB));
    const contact = await contactWith(setup, mobileA, mobileB);
    await recordConsent(setup, mobileA, 'withdraw');
    await recordConsent(setup, mobileB, 'grant');

    // Act
    const failed = eraseContact(setup.deps, contact.id, 'api');
    await expect(failed).rejects.toThrow('connection reset');
    const suppressionWhileHalfDone = setup.consent.suppressionOf(mobileA);
    const contactWhileHalfDone = await setup.contacts.get(contact.id);
    const resumed = await eraseContact(setup.deps, contact.id, 'api');
    const again = eraseContact(setup.deps, contact.id, 'api');

    // Assess
    expect(suppressionWhileHalfDone).toBeDefined();
    expect(contactWhileHalfDone?.id).toBe(contact.id);
    expect(resumed).toEqual({ contactId: contact.id, numbersErased: 2, numbersSuppressed: 1, numbersKeptForOtherHolders: 0, interactionsErased: 0 });
    expect((await setup.consent.getStates([mobileA, mobileB])).size).toBe(0);
    expect(setup.consent.suppressionOf(mobileA)).toEqual(suppressionWhileHalfDone);
    expect(await setup.contacts.get(contact.id)).toBeUndefined();
    await expect(again).rejects.toBeInstanceOf(NotFoundError);
  });

  it('writes the suppressions before deleting the contact: a failed delete leaves them, and calling again finishes', async () => {
    // Prepare
    const setup = await erasureSetup();
    const contact = await contactWith(setup, mobileA);
    await recordConsent(setup, mobileA, 'withdraw');
    setup.contacts.beforeDelete = async () => {
      throw new Error('throttled');
    };

    // Act
    await expect(eraseContact(setup.deps, contact.id, 'api')).rejects.toThrow('throttled');
    const suppressionBeforeDelete = setup.consent.suppressionOf(mobileA);
    const resumed = await eraseContact(setup.deps, contact.id, 'api');

    // Assess
    expect(suppressionBeforeDelete).toBeDefined();
    expect(resumed).toMatchObject({ numbersErased: 1, numbersSuppressed: 1 });
    expect(await setup.contacts.get(contact.id)).toBeUndefined();
  });

  it('erases a number added while it ran: the contact is read again when it changed', async () => {
    // Prepare: a phone is added between the numbers' erasure and the contact's deletion
    const setup = await erasureSetup();
    const contact = await contactWith(setup, mobileA);
    await recordConsent(setup, mobileC, 'withdraw');
    setup.contacts.beforeDelete = async () => void (await addPhone(setup.deps, contact.id, { number: mobileC, kind: 'MOBILE' }));

    // Act
    const report = await eraseContact(setup.deps, contact.id, 'api');

    // Assess
    expect(report).toMatchObject({ numbersErased: 2, numbersSuppressed: 1 });
    expect(setup.consent.suppressionOf(mobileC)).toBeDefined();
    expect(await setup.contacts.findHolders(mobileC)).toEqual([]);
  });

  it('gives up with VersionConflictError when the contact keeps changing', async () => {
    // Prepare: every delete finds the contact edited since it was read
    const setup = await erasureSetup();
    const contact = await contactWith(setup, mobileA);
    let edits = 0;
    const editFirst = async (): Promise<void> => {
      edits += 1;
      await addPhone(setup.deps, contact.id, { number: `+3361234010${edits}`, kind: 'MOBILE' });
      setup.contacts.beforeDelete = editFirst;
    };
    setup.contacts.beforeDelete = editFirst;

    // Act
    const erasure = eraseContact(setup.deps, contact.id, 'api');

    // Assess
    await expect(erasure).rejects.toBeInstanceOf(VersionConflictError);
    expect(edits).toBe(3);
    expect(await setup.contacts.get(contact.id)).toBeDefined();
  });
});

describe('exporting a contact', () => {
  it('returns the contact, each number’s state, preferences and whole ledger, and its History in every campaign that called it', async () => {
    // Prepare: 21 campaigns (more than one page of them); the first and the last called the contact, the second another one
    const setup = await erasureSetup();
    const contact = await contactWith(setup, mobileA, mobileB);
    await recordConsent(setup, mobileA, 'grant');
    await recordConsent(setup, mobileA, 'withdraw');
    await setPreferences(setup.deps, mobileB, { businessHoursOnly: true });
    const campaignIds: string[] = [];
    for (let index = 1; index <= 21; index += 1) {
      campaignIds.push((await createCampaign(setup.deps, { name: `Campaign ${index}` })).campaign.id);
      setup.clock.advanceMinutes(1);
    }
    const [first, second, last] = [campaignIds[0]!, campaignIds[1]!, campaignIds[20]!];
    await writeHistory(setup, [historyRow(first, contact.id, mobileA, 1), historyRow(first, contact.id, mobileB, 2), historyRow(second, 'someone-else', mobileC, 3), historyRow(last, contact.id, mobileB, 4)]);

    // Act
    const exported = await exportContact(setup.deps, contact.id);

    // Assess
    expect(exported.contact.contact).toEqual(contact);
    expect(exported.exportedAt).toBe(setup.clock.now().toISOString());
    const [a, b] = exported.numbers;
    expect(a).toMatchObject({ number: mobileA, state: { consents: { 'voice:marketing': { status: 'withdrawn' } } }, preferences: { businessHoursOnly: false } });
    expect(a!.ledger.map((entry) => [entry.sequence, entry.change])).toEqual([
      [1, { type: 'consent', action: 'grant', channel: 'voice', purpose: 'marketing' }],
      [2, { type: 'consent', action: 'withdraw', channel: 'voice', purpose: 'marketing' }],
    ]);
    expect(b).toMatchObject({ number: mobileB, preferences: { businessHoursOnly: true }, ledger: [] });
    expect(exported.campaigns.map((campaign) => [campaign.campaignName, campaign.history.map((row) => row.phone)])).toEqual([
      ['Campaign 1', [mobileA, mobileB]],
      ['Campaign 21', [mobileB]],
    ]);
  });

  it('answers NotFoundError for an unknown contact', async () => {
    // Prepare
    const setup = await erasureSetup();

    // Act
    const exported = exportContact(setup.deps, 'nobody');

    // Assess
    await expect(exported).rejects.toBeInstanceOf(NotFoundError);
  });
});
