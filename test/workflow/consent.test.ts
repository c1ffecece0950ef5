// Consent re-checked right before every dial, through the synthesized state machine on the local runtime (DESIGN §4,
// §8 T7): a number whose consent is withdrawn while its execution waits is never called again; the skip shows why.
//
// T7 stops campaign time moving by itself for a moment, so that "while the execution waits" is a moment it chooses;
// the clock is every test's, so it runs again whatever happens.
import { describe, expect, it, onTestFinished } from 'vitest';
import { call } from '../support/api.ts';
import { allHistory, allSkips, autoAdvance, consentToCalls, contactsWith, enrolledCampaign, inBatches, pause, scriptCalls, seedContact, seededRandom, startCampaign, waitForFinal } from '../support/dialer.ts';
import { landlineNumber, mobileNumber } from '../support/phone-numbers.ts';

/** The runtime is every test file's: while the 500-contact line tests run, campaign time and requests crawl. */
const loadedRuntimeMs = 180_000;

const retryableStatuses = ['NO_ANSWER', 'BUSY', 'CONGESTION', 'NO_SUCH_NUMBER', 'DROP', 'ABANDONED', 'MACHINE', 'AGENT_REJECT'];

/** DESIGN §8 setup: every retry delay 2, the next phone 1 minute on, NO_ANSWER at most 3, 4 calls a phone. */
const seedSettings = (lines: number) => ({
  additionalPhoneDelayMinutes: 1,
  globalMaxRetries: 4,
  maxConcurrentCalls: lines,
  retries: Object.fromEntries(retryableStatuses.map((status) => [status, { retryDelayMinutes: 2, maxRetries: 3 }])),
});

async function withdrawVoice(number: string): Promise<string> {
  const reply = await call('POST', `/numbers/${encodeURIComponent(number)}/consents`, { action: 'withdraw', channels: ['voice'], purposes: ['marketing', 'service', 'support', 'emergency'], source: 'verbal', evidence: { agentId: 'agent-7' } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.entries[0].recordedAt as string;
}

async function historyRowsOf(campaignId: string, contactId: string): Promise<any[]> {
  const reply = await call('GET', `/campaigns/${campaignId}/history?limit=100&contactId=${encodeURIComponent(contactId)}`);
  expect(reply.status).toBe(200);
  return reply.body.items;
}

/** With the clock stopped: fires what is due now until `done` holds. */
async function fireUntil(done: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (await done()) return;
    await call('POST', '/_local/clock', { advanceMinutes: 0 });
    await pause(20);
  }
  throw new Error('what was due never happened');
}

describe('consent checked right before each dial, on the synthesized state machine', () => {
  it('T7: Office withdrawn while the execution waits after calling the primary is not called; the round goes on to Holiday; no History row for Office; the skip says withdrawn', { timeout: loadedRuntimeMs }, async () => {
    // Prepare
    const seed = await seedContact();
    const { numbers } = seed;
    for (const number of Object.values(numbers)) await scriptCalls(number, [{ status: 'NO_ANSWER' }]);
    const campaignId = await enrolledCampaign(seedSettings(2), [seed.contactId]);
    onTestFinished(() => autoAdvance(true));
    await autoAdvance(false);

    // Act: the primary is called and unanswered; Office falls due a minute later: withdraw before then
    await startCampaign(campaignId);
    await fireUntil(async () => (await historyRowsOf(campaignId, seed.contactId)).length === 1);
    const withdrawnAt = await withdrawVoice(numbers.office);
    await autoAdvance(true);
    const final = await waitForFinal(campaignId, 1, loadedRuntimeMs / 2);
    const history = await allHistory(campaignId);
    const skips = await allSkips(campaignId);
    const officeCalls = (await call('GET', `/_local/telephony/calls?destination=${encodeURIComponent(numbers.office)}`)).body.calls;

    // Assess
    expect(history.map((row) => row.label)).toEqual(['Primary', seed.labels.holiday, 'Primary', seed.labels.holiday, 'Primary', seed.labels.holiday]);
    expect(history.filter((row) => row.phone === numbers.office)).toEqual([]);
    expect(officeCalls).toEqual([]);
    expect(Date.parse(history[1].startedAt) - Date.parse(history[0].startedAt)).toBe(60_000);
    expect(skips[0]).toMatchObject({ contactId: seed.contactId, phone: numbers.office, label: seed.labels.office, round: 1, reasons: ['withdrawn'] });
    expect(Date.parse(skips[0].skippedAt)).toBeGreaterThanOrEqual(Date.parse(withdrawnAt));
    expect(skips.every((skip) => skip.phone === numbers.office)).toBe(true);
    // Rounds of P and H until both are spent; the last round finds only Office left, and it cannot be called.
    expect(final[0]).toMatchObject({ contactId: seed.contactId, reason: 'NO_CALLABLE_PHONES', label: seed.labels.holiday, counters: { byStatus: { NO_ANSWER: 3 }, global: 3 } });
  });

  it('200 trials: consent withdrawn at a random moment of a running campaign, and not one call placed after the withdrawal', { timeout: 2 * loadedRuntimeMs }, async () => {
    // Prepare: 200 contacts (the trials), a mobile and a landline each, every call unanswered. Each trial withdraws
    // the primary, the other number or both once its contact has had a random number (0–5) of calls. Campaign time
    // keeps moving by itself (stopping it would stall the other files' tests): the moments fall where they fall.
    const seed = Date.now() % 1_000_000;
    const random = seededRandom(seed);
    const trials = Array.from({ length: 200 }, () => ({ primary: mobileNumber(), other: landlineNumber(), afterCalls: Math.floor(random() * 6), target: (['primary', 'other', 'both'] as const)[Math.floor(random() * 3)]! }));
    const contactIds = await contactsWith(trials.map((trial) => trial.primary));
    const planned = trials.map((trial, index) => ({ ...trial, contactId: contactIds[index]!, withdrawn: false }));
    await inBatches(planned, 8, async (trial) => {
      const added = await call('POST', `/contacts/${trial.contactId}/phones`, { number: trial.other, kind: 'OFFICE' });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      await consentToCalls(trial.other);
      await scriptCalls(trial.primary, [{ status: 'NO_ANSWER', durationSeconds: 20 }]);
      await scriptCalls(trial.other, [{ status: 'NO_ANSWER', durationSeconds: 20 }]);
    });
    const campaignId = await enrolledCampaign({ ...seedSettings(200), retries: Object.fromEntries(retryableStatuses.map((status) => [status, { retryDelayMinutes: 3, maxRetries: 3 }])) }, contactIds);

    // Act
    await startCampaign(campaignId);
    const withdrawals = new Map<string, string>();
    // Every request holds campaign time still while it is served: reading History too often slows every test down.
    for (const deadline = Date.now() + loadedRuntimeMs; planned.some((trial) => !trial.withdrawn) && Date.now() < deadline; await pause(300)) {
      const callsSoFar = new Map<string, number>();
      for (const row of await allHistory(campaignId)) callsSoFar.set(row.contactId, (callsSoFar.get(row.contactId) ?? 0) + 1);
      for (const trial of planned.filter((each) => !each.withdrawn && (callsSoFar.get(each.contactId) ?? 0) >= each.afterCalls)) {
        const numbers = trial.target === 'both' ? [trial.primary, trial.other] : [trial[trial.target]];
        for (const number of numbers) withdrawals.set(number, await withdrawVoice(number));
        trial.withdrawn = true;
      }
    }
    const final = await waitForFinal(campaignId, trials.length, loadedRuntimeMs);
    const history = await allHistory(campaignId);
    const skips = await allSkips(campaignId);

    // Assess: no History row (every placed call leaves one) for a withdrawn number started after its withdrawal
    expect(planned.every((trial) => trial.withdrawn), `seed ${seed}`).toBe(true);
    const late = history.filter((row) => withdrawals.has(row.phone) && Date.parse(row.startedAt) > Date.parse(withdrawals.get(row.phone)!));
    expect(late, `seed ${seed}`).toEqual([]);
    expect(final).toHaveLength(200);
    // The check was put to work: withdrawn numbers fell due again and were passed over for that reason.
    const skippedWithdrawn = new Set(skips.filter((skip) => skip.reasons.includes('withdrawn')).map((skip) => skip.phone));
    expect(skippedWithdrawn.size, `seed ${seed}`).toBeGreaterThan(50);
    expect([...skippedWithdrawn].every((number) => withdrawals.has(number))).toBe(true);
  });
});
