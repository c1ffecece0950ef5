// Starting a campaign from its schedule and stopping it mid-run, on the local runtime: the simulated Scheduler
// fires on the virtual clock and invokes the starter; a stop aborts the run's executions and gives their lines back.
import { describe, it, expect } from 'vitest';
import { call } from '../support/api.ts';
import { landlineNumber } from '../support/phone-numbers.ts';
import { allHistory, contactsWith, enrolledCampaign, executionsNamed, inBatches, pause, scriptCalls, settledLinesInUse, startCampaign, waitForFinal } from '../support/dialer.ts';

async function campaignNow(): Promise<number> {
  return Date.parse((await call('GET', '/_local/clock')).body.now);
}

/**
 * Gives the campaign a one-off start a few minutes ahead of campaign time (`YYYY-MM-DDTHH:MM:00`, UTC). Other
 * tests move the shared clock, sometimes by many minutes at once: a schedule whose minute had passed before it was
 * written would never fire, so it is planned again.
 */
async function scheduleSoon(campaignId: string): Promise<string> {
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const at = `${new Date((await campaignNow()) + 3 * 60_000).toISOString().slice(0, 16)}:00`;
    const { body: campaign } = await call('GET', `/campaigns/${campaignId}`);
    const updated = await call('PUT', `/campaigns/${campaignId}`, { version: campaign.version, schedule: { kind: 'at', at, timeZone: 'UTC' } });
    if (updated.status === 200 && (await campaignNow()) < Date.parse(`${at}Z`) + 60_000) {
      expect(updated.body).toMatchObject({ status: 'SCHEDULED', nextStartAt: `${at}.000Z` });
      return at;
    }
  }
  throw new Error('campaign time kept running past the schedule before it was written');
}

/** Campaign time moves as fast as the shared runtime's work allows: the 500-contact line test slows it down a lot. */
const loadedRuntimeMs = 120_000;

describe('campaign control on the local runtime', () => {
  it('starts a campaign when its one-off schedule fires, and dials at the scheduled campaign time', { timeout: loadedRuntimeMs }, async () => {
    // Prepare: one contact, every call answered, enrolled before the campaign gets its schedule
    const number = landlineNumber();
    await scriptCalls(number, [{ status: 'REACHED', durationSeconds: 30 }]);
    const [contactId] = await contactsWith([number]);
    const campaignId = await enrolledCampaign({}, [contactId!]);
    const at = await scheduleSoon(campaignId);

    // Act: nothing to do but let campaign time pass
    const final = await waitForFinal(campaignId, 1, loadedRuntimeMs - 10_000);

    // Assess
    const history = await allHistory(campaignId);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ contactId, phone: number, status: 'REACHED' });
    // Scheduler's precision is the minute: the call starts within the minute of the schedule's time.
    expect(Date.parse(history[0].startedAt) - Date.parse(`${at}Z`)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(history[0].startedAt) - Date.parse(`${at}Z`)).toBeLessThan(60_000);
    expect(final[0]).toMatchObject({ contactId, reason: 'REACHED', runId: 'r' + at.replace(/[-:]/g, '').slice(0, 13) });
    expect((await call('GET', `/campaigns/${campaignId}`)).body.run).toMatchObject({ id: final[0].runId, trigger: 'schedule', counts: { started: 1 } });
  });

  it('stops a running campaign: its executions are aborted, its lines given back, and nothing more is dialled', { timeout: loadedRuntimeMs }, async () => {
    // Prepare: 60 contacts whose calls go unanswered three times, 150 minutes apart, on two lines
    const numbers = Array.from({ length: 60 }, () => landlineNumber());
    await inBatches(numbers, 8, (number) => scriptCalls(number, [{ status: 'NO_ANSWER', durationSeconds: 40 }]));
    const campaignId = await enrolledCampaign({ maxConcurrentCalls: 2 }, await contactsWith(numbers));
    await startCampaign(campaignId);
    while ((await allHistory(campaignId)).length < 3) await pause(20);

    // Act
    const stopped = await call('POST', `/campaigns/${campaignId}/stop`);

    // Assess: the run was under way and is over
    expect(stopped.status).toBe(200);
    expect(stopped.body.status).toBe('STOPPED');
    expect(stopped.body.stoppedExecutions).toBeGreaterThan(0);
    const executions = await executionsNamed(`${campaignId}_`);
    expect(executions.filter((execution) => execution.status === 'RUNNING')).toEqual([]);
    expect(executions.filter((execution) => execution.status === 'ABORTED').length).toBe(stopped.body.stoppedExecutions);
    expect(await settledLinesInUse(campaignId, 0)).toBe(0);
    // Campaign time goes on (the clock runs ahead whenever the runtime is idle): no call starts after the stop.
    const afterStop = (await allHistory(campaignId)).length;
    await pause(500);
    expect((await allHistory(campaignId)).length).toBe(afterStop);
    expect((await call('GET', `/campaigns/${campaignId}/final`)).body.items.length).toBeLessThan(numbers.length);
  });
});
