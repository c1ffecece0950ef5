// A preview campaign (DESIGN §5 rule 5) through the local HTTP API and the synthesized state machine: the seed
// contact's offers come from the strategy, a reject counts AGENT_REJECT on the offered number, an accept dials it.
//
// The virtual clock jumps to the next timer whenever nothing runs: left alone, an untaken offer would reach the call
// task's 30-minute timeout at once and be offered again, over and over. As a person working the list by hand would,
// the test stops the clock advancing by itself while the agent acts, and moves it on explicitly.
import { describe, expect, it, onTestFinished } from 'vitest';
import { call, uniqueName, type ApiReply } from '../support/api.ts';
import { advanceMinutes, autoAdvance, consentToCalls } from '../support/dialer.ts';
import { landlineNumber, mobileNumber } from '../support/phone-numbers.ts';

const retryableStatuses = ['NO_ANSWER', 'BUSY', 'CONGESTION', 'NO_SUCH_NUMBER', 'DROP', 'ABANDONED', 'MACHINE', 'AGENT_REJECT'];

interface Seed {
  labels: { office: string; holiday: string };
  itemTypeIds: { office: string };
  numbers: { primary: string; office: string; holiday: string };
  contactId: string;
  displayName: string;
}

/** The seed contact: a primary phone, an Office phone (orderBy 1) and a Holiday phone (orderBy 2). */
async function seedContact(): Promise<Seed> {
  const office = await call('POST', '/item-types', { name: uniqueName('Office'), orderBy: 1 });
  const holiday = await call('POST', '/item-types', { name: uniqueName('Holiday'), orderBy: 2 });
  const numbers = { primary: mobileNumber(), office: landlineNumber(), holiday: landlineNumber() };
  const displayName = uniqueName('Seed');
  const contact = await call('POST', '/contacts', {
    displayName,
    primaryPhone: { number: numbers.primary, kind: 'MOBILE' },
    additionalPhones: [
      { number: numbers.holiday, kind: 'HOME', itemTypeId: holiday.body.id },
      { number: numbers.office, kind: 'OFFICE', itemTypeId: office.body.id, description: 'reception desk' },
    ],
  });
  expect(contact.status).toBe(201);
  await consentToCalls(...Object.values(numbers));
  return { labels: { office: office.body.name, holiday: holiday.body.name }, itemTypeIds: { office: office.body.id }, numbers, contactId: contact.body.id, displayName };
}

/** DESIGN §8 setup (retry delays 2, additional phone delay 1), preview strategy, always open. */
async function startPreviewCampaign(seed: Seed): Promise<string> {
  const settings = {
    strategy: 'preview',
    additionalPhoneDelayMinutes: 1,
    globalMaxRetries: 4,
    retries: Object.fromEntries(retryableStatuses.map((status) => [status, { retryDelayMinutes: 2, maxRetries: 3 }])),
    callingWindow: { start: '00:00', end: '24:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], timeZone: 'UTC' },
  };
  const campaign = await call('POST', '/campaigns', { name: uniqueName('Preview campaign'), settings });
  expect(campaign.status).toBe(201);
  expect((await call('POST', `/campaigns/${campaign.body.id}/contacts`, { contactIds: [seed.contactId] })).status).toBe(200);
  expect((await call('POST', `/campaigns/${campaign.body.id}/start`)).status).toBe(202);
  return campaign.body.id;
}

/**
 * The contact's offer once the list shows one that `wanted` accepts. With the clock stopped, what falls due now is
 * fired at each turn (an execution between two states waits on the clock even for no time at all).
 */
async function waitForOffer(campaignId: string, contactId: string, wanted: (offer: any) => boolean, clockStopped = false): Promise<{ offer: any; listed: any[] }> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (clockStopped) await call('POST', '/_local/clock', { advanceMinutes: 0 });
    const listed = await call('GET', `/campaigns/${campaignId}/preview?limit=100`);
    expect(listed.status).toBe(200);
    const offer = (listed.body.items as any[]).find((item) => item.contactId === contactId && wanted(item));
    if (offer) return { offer, listed: listed.body.items };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no offer for contact ${contactId} in campaign ${campaignId}`);
}

/**
 * An agent's request, with the clock stopped. An offer caught turning over when the clock stopped (withdrawn at its
 * timeout, not yet made again) answers 404 or 409 a moment: what is due now is fired, and the request made again.
 */
async function asAgent(method: string, path: string, body?: unknown): Promise<ApiReply> {
  for (let attempt = 0; ; attempt += 1) {
    const reply = await call(method, path, body);
    const turnover = reply.status === 404 || (reply.status === 409 && /offered again|ran out of time/.test(reply.body?.message ?? ''));
    if (!turnover || attempt === 50) return reply;
    await call('POST', '/_local/clock', { advanceMinutes: 0 });
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}


async function waitForFinal(campaignId: string): Promise<any[]> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const final = await call('GET', `/campaigns/${campaignId}/final?limit=100`);
    if (final.body?.items?.length >= 1) return final.body.items;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`campaign ${campaignId} did not close its contact`);
}

describe('preview campaign on the synthesized state machine', () => {
  it('offers Primary first with the notice; a reject counts AGENT_REJECT on it and Office is offered a minute later; an accept dials Office and records its outcome', async () => {
    // Prepare
    const seed = await seedContact();
    for (const number of Object.values(seed.numbers)) {
      expect((await call('PUT', `/_local/telephony/scripts/${encodeURIComponent(number)}`, [{ status: 'REACHED' }])).status).toBe(200);
    }
    const campaignId = await startPreviewCampaign(seed);
    onTestFinished(async () => {
      // Whatever happens: the shared clock runs again, and the campaign's offers stop coming back.
      await autoAdvance(true);
      await call('POST', `/campaigns/${campaignId}/stop`);
    });
    const base = `/campaigns/${campaignId}/preview/${encodeURIComponent(seed.contactId)}`;
    const callsTo = async (number: string) => (await call('GET', `/_local/telephony/calls?destination=${encodeURIComponent(number)}`)).body.calls as any[];
    await waitForOffer(campaignId, seed.contactId, () => true);
    await autoAdvance(false);

    // Act
    const first = await waitForOffer(campaignId, seed.contactId, () => true, true);
    const rejected = await asAgent('POST', `${base}/reject`, { reason: 'asked to be called at the office' });
    await advanceMinutes(1);
    const second = await waitForOffer(campaignId, seed.contactId, (offer) => offer.label === seed.labels.office, true);
    const accepted = await asAgent('POST', `${base}/accept`);
    await autoAdvance(true);
    const final = await waitForFinal(campaignId);
    const history = (await call('GET', `/campaigns/${campaignId}/history?limit=100`)).body.items as any[];
    const dialled = { primary: await callsTo(seed.numbers.primary), office: await callsTo(seed.numbers.office), holiday: await callsTo(seed.numbers.holiday) };

    // Assess: the first offer is the primary, with the notice, and is the only one listed for the contact
    expect(first.listed.filter((item) => item.contactId === seed.contactId)).toHaveLength(1);
    expect(first.offer).toMatchObject({ contactId: seed.contactId, displayName: seed.displayName, phone: seed.numbers.primary, label: 'Primary', round: 1, counters: { byStatus: {}, global: 0 } });
    expect(first.offer.itemTypeId).toBeUndefined();
    expect(first.offer.notice).toMatch(/strategy chose this number, not the agent/);
    expect(Date.parse(first.offer.acceptBy) - Date.parse(first.offer.offeredAt)).toBe(10 * 60_000);

    // the reject: AGENT_REJECT on Primary, counted there; next, Office one minute (additionalPhoneDelayMinutes) later
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ contactId: seed.contactId, phone: seed.numbers.primary, label: 'Primary', status: 'AGENT_REJECT', counters: { byStatus: { AGENT_REJECT: 1 }, global: 1 } });
    expect(rejected.body.next).toMatchObject({ kind: 'call', label: seed.labels.office });
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ label: 'Primary', phone: seed.numbers.primary, status: 'AGENT_REJECT', cause: 'rejected by the agent (preview): asked to be called at the office', round: 1 });
    expect(Date.parse(rejected.body.next.at) - Date.parse(history[0].endedAt)).toBe(60_000);
    expect(second.offer).toMatchObject({ phone: seed.numbers.office, label: seed.labels.office, itemTypeId: seed.itemTypeIds.office, description: 'reception desk', round: 1 });
    expect(second.offer.offeredAt).toBe(rejected.body.next.at);

    // the accept: Office dialled once, its scripted outcome recorded; Primary and Holiday never dialled
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ contactId: seed.contactId, phone: seed.numbers.office, label: seed.labels.office, call: 'placed' });
    expect(dialled.primary).toEqual([]);
    expect(dialled.holiday).toEqual([]);
    expect(dialled.office).toHaveLength(1);
    expect(history[1]).toMatchObject({ attemptId: accepted.body.attemptId, label: seed.labels.office, status: 'REACHED' });
    expect(final).toHaveLength(1);
    expect(final[0]).toMatchObject({ label: seed.labels.office, status: 'REACHED', reason: 'REACHED' });
  });

  it('answers 404 for an unknown campaign or a contact with no offer, and 400 for a malformed reject', async () => {
    // Prepare
    const campaign = await call('POST', '/campaigns', { name: uniqueName('Preview campaign'), settings: { strategy: 'preview' } });

    // Act
    const replies = await Promise.all([
      call('GET', '/campaigns/nope/preview'),
      call('POST', '/campaigns/nope/preview/someone/accept'),
      call('POST', `/campaigns/${campaign.body.id}/preview/someone/reject`),
      call('POST', `/campaigns/${campaign.body.id}/preview/someone/reject`, { reason: 'x', extra: true }),
      call('GET', `/campaigns/${campaign.body.id}/preview`),
    ]);

    // Assess
    expect(replies.map((reply) => reply.status)).toEqual([404, 404, 404, 400, 200]);
    expect(replies[2]!.body).toMatchObject({ error: 'not_found' });
    expect(replies[4]!.body).toEqual({ items: [] });
  });
});
