// DESIGN §8 T1–T4 and T6 through the synthesized state machine on the local runtime: the campaign API starts the
// run, the simulator answers as scripted, and History and Final are read back through the API.
import { describe, it, expect } from 'vitest';
import { call, uniqueName } from '../support/api.ts';
import { seedContact, type SeedContact as Seed } from '../support/dialer.ts';

const retryableStatuses = ['NO_ANSWER', 'BUSY', 'CONGESTION', 'NO_SUCH_NUMBER', 'DROP', 'ABANDONED', 'MACHINE', 'AGENT_REJECT'];

type Step = { status: string; durationSeconds?: number; deliveries?: number };

async function script(number: string, steps: Step[]): Promise<void> {
  const reply = await call('PUT', `/_local/telephony/scripts/${encodeURIComponent(number)}`, steps);
  expect(reply.status).toBe(200);
}

/** DESIGN §8 setup: every retry delay 2, additional phone delay 1, NO_ANSWER at most 3, global 4; always open. */
async function runSeedCampaign(seed: Seed, retries: Record<string, { maxRetries: number }> = {}): Promise<{ campaignId: string; history: any[]; final: any[] }> {
  const settings = {
    additionalPhoneDelayMinutes: 1,
    globalMaxRetries: 4,
    retries: Object.fromEntries(retryableStatuses.map((status) => [status, { retryDelayMinutes: 2, maxRetries: status === 'NO_ANSWER' ? 3 : 3, ...retries[status] }])),
    callingWindow: { start: '00:00', end: '24:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], timeZone: 'UTC' },
  };
  const campaign = await call('POST', '/campaigns', { name: uniqueName('Seed campaign'), settings });
  expect(campaign.status).toBe(201);
  const campaignId: string = campaign.body.id;
  expect((await call('POST', `/campaigns/${campaignId}/contacts`, { contactIds: [seed.contactId] })).status).toBeLessThan(300);
  expect((await call('POST', `/campaigns/${campaignId}/start`)).status).toBeLessThan(300);
  const final = await waitForFinal(campaignId, 1);
  const history = (await call('GET', `/campaigns/${campaignId}/history?limit=100`)).body.items as any[];
  return { campaignId, history, final };
}

/** The runtime is every test file's: while the 500-contact line tests run, campaign time and requests crawl. */
const loadedRuntimeMs = 120_000;

export async function waitForFinal(campaignId: string, contacts: number): Promise<any[]> {
  for (const deadline = Date.now() + loadedRuntimeMs - 10_000; Date.now() < deadline; ) {
    const final = await call('GET', `/campaigns/${campaignId}/final?limit=100`);
    if (final.body?.items?.length >= contacts) return final.body.items;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`campaign ${campaignId} did not close ${contacts} contacts`);
}

/** `+m label status`: minutes after the first call, the phone's label, the status. */
function rowsOf(history: any[]): string[] {
  const first = Date.parse(history[0].startedAt);
  return history.map((row) => `+${(Date.parse(row.startedAt) - first) / 60_000} ${row.label} ${row.status}`);
}

describe('dialer vectors (DESIGN §8) on the synthesized state machine', { timeout: loadedRuntimeMs }, () => {
  it('T1: every call NO_ANSWER → P O H three rounds, 9 History rows, Final on Holiday with MAX_RETRIES_NO_ANSWER', async () => {
    // Prepare
    const seed = await seedContact();
    for (const number of Object.values(seed.numbers)) await script(number, [{ status: 'NO_ANSWER' }]);
    const { primary: P, office: O, holiday: H } = seed.labels;

    // Act
    const { history, final } = await runSeedCampaign(seed);

    // Assess
    expect(rowsOf(history)).toEqual([
      `+0 ${P} NO_ANSWER`, `+1 ${O} NO_ANSWER`, `+2 ${H} NO_ANSWER`,
      `+4 ${P} NO_ANSWER`, `+5 ${O} NO_ANSWER`, `+6 ${H} NO_ANSWER`,
      `+8 ${P} NO_ANSWER`, `+9 ${O} NO_ANSWER`, `+10 ${H} NO_ANSWER`,
    ]);
    expect(history.map((row) => row.round)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(history.map((row) => row.counters.byStatus.NO_ANSWER)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(final).toHaveLength(1);
    expect(final[0]).toMatchObject({ label: H, phone: seed.numbers.holiday, status: 'NO_ANSWER', reason: 'MAX_RETRIES_NO_ANSWER', counters: { byStatus: { NO_ANSWER: 3 }, global: 3 } });
    expect(Date.parse(final[0].closedAt) - Date.parse(history[0].startedAt)).toBe(10 * 60_000);
  });

  it('T2: the fourth call answered closes the contact at +4 as REACHED on the primary, after 4 History rows', async () => {
    // Prepare
    const seed = await seedContact();
    await script(seed.numbers.primary, [{ status: 'NO_ANSWER' }, { status: 'REACHED' }]);
    await script(seed.numbers.office, [{ status: 'NO_ANSWER' }]);
    await script(seed.numbers.holiday, [{ status: 'NO_ANSWER' }]);

    // Act
    const { history, final } = await runSeedCampaign(seed);

    // Assess
    expect(rowsOf(history)).toEqual([`+0 Primary NO_ANSWER`, `+1 ${seed.labels.office} NO_ANSWER`, `+2 ${seed.labels.holiday} NO_ANSWER`, `+4 Primary REACHED`]);
    expect(final[0]).toMatchObject({ label: 'Primary', status: 'REACHED', reason: 'REACHED' });
    expect(Date.parse(final[0].closedAt) - Date.parse(history[0].startedAt)).toBe(4 * 60_000);
  });

  it('T3: an Office number that does not exist is dialled once; later rounds are P then H; 7 History rows', async () => {
    // Prepare
    const seed = await seedContact();
    await script(seed.numbers.primary, [{ status: 'NO_ANSWER' }]);
    await script(seed.numbers.office, [{ status: 'NO_SUCH_NUMBER' }]);
    await script(seed.numbers.holiday, [{ status: 'NO_ANSWER' }]);
    const { office: O, holiday: H } = seed.labels;

    // Act
    const { history, final } = await runSeedCampaign(seed, { NO_SUCH_NUMBER: { maxRetries: 1 } });

    // Assess
    expect(rowsOf(history)).toEqual([`+0 Primary NO_ANSWER`, `+1 ${O} NO_SUCH_NUMBER`, `+2 ${H} NO_ANSWER`, `+4 Primary NO_ANSWER`, `+5 ${H} NO_ANSWER`, `+7 Primary NO_ANSWER`, `+8 ${H} NO_ANSWER`]);
    expect(final[0]).toMatchObject({ label: H, reason: 'MAX_RETRIES_NO_ANSWER' });
  });

  it('T4: with NO_ANSWER allowed 5 times, 12 calls and a Final on Holiday with MAX_RETRIES_GLOBAL, count 4', async () => {
    // Prepare
    const seed = await seedContact();
    for (const number of Object.values(seed.numbers)) await script(number, [{ status: 'NO_ANSWER' }]);

    // Act
    const { history, final } = await runSeedCampaign(seed, { NO_ANSWER: { maxRetries: 5 } });

    // Assess
    expect(history).toHaveLength(12);
    expect(final[0]).toMatchObject({ label: seed.labels.holiday, reason: 'MAX_RETRIES_GLOBAL', counters: { byStatus: { NO_ANSWER: 4 }, global: 4 } });
  });

  it('T6: an outcome event delivered twice makes one History row and moves the counters once; Final once', async () => {
    // Prepare
    const seed = await seedContact();
    for (const number of Object.values(seed.numbers)) await script(number, [{ status: 'NO_ANSWER', deliveries: 2 }]);

    // Act
    const { history, final } = await runSeedCampaign(seed);

    // Assess
    expect(history).toHaveLength(9);
    expect(history.map((row) => row.counters.global)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(final).toHaveLength(1);
    expect(final[0]).toMatchObject({ reason: 'MAX_RETRIES_NO_ANSWER' });
  });

  it('an outcome later than the call timeout is ignored: the call counts as DROP and the contact goes on', async () => {
    // Prepare
    const seed = await seedContact();
    await script(seed.numbers.primary, [{ status: 'REACHED', durationSeconds: 3 * 3600 }, { status: 'NO_ANSWER' }]);
    await script(seed.numbers.office, [{ status: 'REACHED' }]);
    await script(seed.numbers.holiday, [{ status: 'NO_ANSWER' }]);

    // Act
    const { history, final } = await runSeedCampaign(seed);

    // Assess
    expect(history.map((row) => `${row.label} ${row.status}`)).toEqual(['Primary DROP', `${seed.labels.office} REACHED`]);
    expect(history[0].cause).toBe('no outcome within the call timeout');
    expect(Date.parse(history[1].startedAt) - Date.parse(history[0].startedAt)).toBe(31 * 60_000);
    expect(final[0]).toMatchObject({ reason: 'REACHED', label: seed.labels.office });
  });
});
