// At-least-once delivery on the synthesized state machine (DESIGN §5): EventBridge Scheduler may deliver a campaign's
// start more than once, and EventBridge a call's outcome. A start delivered three times starts one execution per
// contact; an outcome delivered twice under line contention gives its line back once. (T6 in dialer-vectors.test.ts
// covers one contact's History rows, counters and Final with every outcome delivered twice.)
import { describe, expect, it } from 'vitest';
import { campaignExecutionPrefix, runExecutionPrefix } from '../../functions/domain/dialer/execution-name.ts';
import { scheduledRunId } from '../../functions/domain/use-cases/campaigns/run-ids.ts';
import { call } from '../support/api.ts';
import { mobileNumber } from '../support/phone-numbers.ts';
import {
  allHistory,
  executionsNamed,
  expectedClose,
  invokeStarter,
  pause,
  peakOverlap,
  rowsOfNumber,
  scriptedCampaign,
  seededCalls,
  seededRandom,
  settledLinesInUse,
  simulatedCalls,
  startCampaign,
  twoCallSettings,
  waitForCampaignEnd,
} from '../support/dialer.ts';

/** Campaign time moves as fast as the shared runtime's work allows: the 500-contact line test slows it down a lot. */
const timeoutMs = 120_000;

/** Gives the draft campaign a one-off start a few minutes ahead of campaign time; returns Scheduler's scheduledTime. */
async function scheduleSoon(campaignId: string): Promise<string> {
  // Other tests move the shared clock too: a start that became past before it was saved is planned again.
  for (let attempt = 1; ; attempt += 1) {
    const now = Date.parse((await call('GET', '/_local/clock')).body.now);
    const at = new Date(Math.floor(now / 1000) * 1000 + 2 * 60_000).toISOString().slice(0, 19);
    const { body: campaign } = await call('GET', `/campaigns/${campaignId}`);
    const updated = await call('PUT', `/campaigns/${campaignId}`, { version: campaign.version, schedule: { kind: 'at', at, timeZone: 'UTC' } });
    if (updated.status === 200) {
      expect(updated.body.status).toBe('SCHEDULED');
      return `${at}Z`;
    }
    if (attempt === 3 || updated.body?.field !== 'schedule.at') throw new Error(`the schedule was refused: ${JSON.stringify(updated.body)}`);
  }
}

/**
 * Until Scheduler's own firing at `at` has been delivered and handled: campaign time stands still while the starter
 * it invoked runs, so time past `at`, or at `at` with nothing running, means it is over.
 */
async function waitForSchedulerFiring(at: string): Promise<void> {
  let clock: any;
  for (const deadline = Date.now() + timeoutMs / 2; Date.now() < deadline; await pause(25)) {
    clock = (await call('GET', '/_local/clock')).body;
    const now = Date.parse(clock.now);
    if (now > Date.parse(at) || (now === Date.parse(at) && clock.activity === 0)) return;
  }
  throw new Error(`campaign time did not reach ${at}: ${JSON.stringify(clock)}`);
}

describe('at-least-once delivery (DESIGN §5) on the synthesized state machine', () => {
  it('a scheduled start delivered three times, two of them at once, starts one execution per contact and dials each once', { timeout: timeoutMs }, async () => {
    // Prepare
    const contacts = 30;
    const scripts = new Map(Array.from({ length: contacts }, () => [mobileNumber(), [{ status: 'REACHED' as const, durationSeconds: 60 }]] as const));
    const campaignId = await scriptedCampaign({ maxConcurrentCalls: contacts }, scripts);
    const scheduledTime = await scheduleSoon(campaignId);
    const runId = scheduledRunId(scheduledTime);

    // Act: Scheduler delivers the start when campaign time reaches it; the same payload comes twice more, together.
    const reports = await Promise.all([invokeStarter({ campaignId, scheduledTime }), invokeStarter({ campaignId, scheduledTime })]);
    await waitForSchedulerFiring(scheduledTime);
    const final = await waitForCampaignEnd(campaignId, contacts, timeoutMs / 3);

    // Assess
    expect(reports.map((report) => report.runId)).toEqual([runId, runId]);
    const executions = await executionsNamed(campaignExecutionPrefix(campaignId));
    expect(executions).toHaveLength(contacts);
    expect(new Set(executions.map((execution) => execution.name)).size).toBe(contacts);
    expect(executions.filter((execution) => !execution.name!.startsWith(runExecutionPrefix(campaignId, runId)))).toEqual([]);
    const placed = await simulatedCalls(campaignId);
    expect(placed.map((one) => one.destination).sort()).toEqual([...scripts.keys()].sort());
    const history = await allHistory(campaignId);
    expect(history.map((row) => row.phone).sort()).toEqual([...scripts.keys()].sort());
    expect(final).toHaveLength(contacts);
    expect(new Set(final.map((row) => row.contactId)).size).toBe(contacts);
    const { run } = (await call('GET', `/campaigns/${campaignId}`)).body;
    expect(run).toMatchObject({ id: runId, trigger: 'schedule', status: 'STARTED' });
    // Each page of the run is counted by the one delivery that got to it first: every contact once.
    expect(run.counts.started + run.counts.alreadyStarted).toBe(contacts);
  });

  it('an outcome delivered twice while contacts queue for lines gives its line back once and counts once', { timeout: timeoutMs }, async () => {
    // Prepare
    const lines = 2;
    const contacts = 10;
    const random = seededRandom(20_250_305);
    const scripts = new Map(Array.from({ length: contacts }, () => [mobileNumber(), seededCalls(random, { deliveries: 2 })] as const));
    const campaignId = await scriptedCampaign(twoCallSettings(lines), scripts);

    // Act
    await startCampaign(campaignId);
    const final = await waitForCampaignEnd(campaignId, contacts, timeoutMs - 15_000);

    // Assess
    const placed = await simulatedCalls(campaignId);
    const history = await allHistory(campaignId);
    // A second release would free a line another call holds: one more call would then ring at once.
    expect(peakOverlap(placed.map((one) => ({ start: one.startedAt, end: one.endedAt })))).toBe(lines);
    expect(await settledLinesInUse(campaignId, 0)).toBe(0);
    expect(history.map((row) => row.attemptId).sort()).toEqual(placed.map((one) => one.attemptId).sort());
    for (const [number, script] of scripts) {
      const { statuses, global, reason } = expectedClose(script);
      const rows = rowsOfNumber(history, number);
      expect({ number, statuses: rows.map((row) => row.status), global: rows.map((row) => row.counters.global) }).toEqual({ number, statuses, global });
      expect(final.filter((row) => row.phone === number)).toMatchObject([{ reason }]);
    }
  });
});
