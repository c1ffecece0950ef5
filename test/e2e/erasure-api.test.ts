// Erasing a contact and exporting its data through the local HTTP API: what goes, what stays, and that an erased
// contact cannot be brought back into contactability by re-import without new consent.
import { describe, expect, it } from 'vitest';
import { call, importCsv, uniqueName } from '../support/api.ts';
import { enrolledCampaign, pause, scriptCalls, startCampaign, waitForFinal } from '../support/dialer.ts';
import { mobileNumber } from '../support/phone-numbers.ts';

/** A Wednesday, 15:00 UTC: 17:00 in Paris, inside a French number's legal window (08:00–21:00). */
const wednesday15 = '2026-06-03T15:00:00.000Z';
/** Campaign time moves as fast as the shared runtime's work allows. */
const loadedRuntimeMs = 120_000;

const numberPath = (number: string) => `/numbers/${encodeURIComponent(number)}`;

async function voiceMarketing(number: string, action: 'grant' | 'withdraw', source = 'web-form', contactId?: string) {
  const recorded = await call('POST', `${numberPath(number)}/consents`, { action, channels: ['voice'], purposes: ['marketing'], source, ...(contactId === undefined ? {} : { contactId }) });
  expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
}

async function createContact(primary: string, additional: string): Promise<string> {
  const created = await call('POST', '/contacts', { displayName: uniqueName('Erasable'), primaryPhone: { number: primary, kind: 'MOBILE' }, additionalPhones: [{ number: additional, kind: 'MOBILE' }] });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

/** A contact with two numbers, voice marketing consent given on both, then withdrawn on the first. */
async function contactWithWithdrawnNumber() {
  const [withdrawn, granted] = [mobileNumber(), mobileNumber()];
  const contactId = await createContact(withdrawn, granted);
  await voiceMarketing(withdrawn, 'grant');
  await voiceMarketing(granted, 'grant');
  await voiceMarketing(withdrawn, 'withdraw');
  return { contactId, withdrawn, granted };
}

async function contactability(contactId: string) {
  const reply = await call('GET', `/contacts/${contactId}/contactability?channel=voice&purpose=marketing&at=${wednesday15}`);
  expect(reply.status).toBe(200);
  return reply.body;
}

/** Campaign time stands still while nothing is due: move it on, so that what happens next happens after. */
async function letCampaignTimePass(): Promise<void> {
  const before = Date.parse((await call('GET', '/_local/clock')).body.now);
  await call('POST', '/_local/clock', { advanceMinutes: 1 });
  for (let attempt = 0; attempt < 500 && Date.parse((await call('GET', '/_local/clock')).body.now) <= before; attempt += 1) await pause(10);
}

describe('erasure and export API', () => {
  it("exports a contact's data, each number's consent state, preferences and ledger, and its campaign History", { timeout: loadedRuntimeMs }, async () => {
    // Prepare: a campaign called the contact; its first number had opted out, so the call went to the second
    const { contactId, withdrawn, granted } = await contactWithWithdrawnNumber();
    await scriptCalls(granted, [{ status: 'REACHED', durationSeconds: 30 }]);
    const campaignId = await enrolledCampaign({ purpose: 'marketing' }, [contactId]);
    await startCampaign(campaignId);
    await waitForFinal(campaignId, 1, loadedRuntimeMs - 20_000);

    // Act
    const exported = await call('GET', `/contacts/${contactId}/export`);

    // Assess
    expect(exported.status).toBe(200);
    const { contact, numbers, campaigns, exportedAt } = exported.body;
    expect(contact).toEqual((await call('GET', `/contacts/${contactId}`)).body);
    expect(numbers.map((entry: any) => [entry.number, entry.state.consents['voice:marketing'].status, entry.ledger.map((ledgerEntry: any) => ledgerEntry.change.action)])).toEqual([
      [withdrawn, 'withdrawn', ['grant', 'withdraw']],
      [granted, 'granted', ['grant']],
    ]);
    expect(numbers[1].preferences).toEqual({ businessHoursOnly: false });
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]).toMatchObject({ campaignId, campaignName: expect.any(String) });
    expect(campaigns[0].history.map((row: any) => [row.contactId, row.phone, row.status])).toEqual([[contactId, granted, 'REACHED']]);
    expect(Number.isNaN(Date.parse(exportedAt))).toBe(false);
  });

  it('erases a contact: it is gone with its inbound calls and found by no number, its ledgers stay without a state, and erasing again is 404', async () => {
    // Prepare: it called in once
    const { contactId, withdrawn, granted } = await contactWithWithdrawnNumber();
    expect((await call('POST', '/_local/connect/inbound-call', { from: withdrawn })).body).toMatchObject({ contactId, decision: 'land' });

    // Act
    const erased = await call('POST', `/contacts/${contactId}/erase`);
    const erasedAgain = await call('POST', `/contacts/${contactId}/erase`);

    // Assess
    expect(erased).toEqual({ status: 200, body: { contactId, numbersErased: 2, numbersSuppressed: 1, numbersKeptForOtherHolders: 0, interactionsErased: 1 } });
    expect(erasedAgain.status).toBe(404);
    expect((await call('GET', `/contacts/${contactId}`)).status).toBe(404);
    expect((await call('GET', `/contacts/${contactId}/export`)).status).toBe(404);
    for (const number of [withdrawn, granted]) {
      const holders = await call('GET', `/contacts?phone=${encodeURIComponent(number)}`);
      expect(holders).toMatchObject({ status: 200, body: { items: [] } });
    }
    const withdrawnLedger = await call('GET', `${numberPath(withdrawn)}/consents`);
    expect(withdrawnLedger.body.state).toBeNull();
    expect(withdrawnLedger.body.entries.map((entry: any) => [entry.sequence, entry.change.action])).toEqual([
      [1, 'grant'],
      [2, 'withdraw'],
    ]);
    const grantedLedger = await call('GET', `${numberPath(granted)}/consents`);
    expect(grantedLedger.body.state).toBeNull();
    expect(grantedLedger.body.entries).toHaveLength(1);
  });

  it('keeps a contact re-created by a CSV import with a consent column from the number that had opted out, until the person consents again', async () => {
    // Prepare: erased, then created again from an old list that carried consent for the number that had opted out
    const { contactId, withdrawn, granted } = await contactWithWithdrawnNumber();
    expect((await call('POST', `/contacts/${contactId}/erase`)).status).toBe(200);
    await letCampaignTimePass();
    const { job } = await importCsv(['Name,Primary phone,Primary kind,Additional phone,Additional phone kind,Consent', `Re-imported,${withdrawn},MOBILE,${granted},MOBILE,voice:marketing`, ''].join('\n'));
    expect(job.counts).toMatchObject({ created: 1, rejected: 0 });
    const recreatedId = (await call('GET', `/contacts?phone=${encodeURIComponent(withdrawn)}`)).body.items[0].id as string;

    // Act
    const afterImport = await contactability(recreatedId);
    await voiceMarketing(withdrawn, 'grant', 'web-form', recreatedId);
    const afterNewConsent = await contactability(recreatedId);

    // Assess
    // The number that had opted out stays withdrawn whatever the file says; the other one takes the file's consent.
    expect(afterImport.usable.map((verdict: any) => verdict.number)).toEqual([granted]);
    expect(afterImport.excluded.map((verdict: any) => [verdict.number, verdict.reasons])).toEqual([[withdrawn, ['withdrawn']]]);
    expect(afterNewConsent.usable.map((verdict: any) => verdict.number)).toEqual([withdrawn, granted]);
    // The ledger goes on after the erased contact's entries: nothing was overwritten.
    const ledger = await call('GET', `${numberPath(withdrawn)}/consents`);
    expect(ledger.body.entries.map((entry: any) => [entry.sequence, entry.source])).toEqual([
      [1, 'web-form'],
      [2, 'web-form'],
      [3, 'import'],
      [4, 'web-form'],
    ]);
  });
});
