// The per-campaign line limit (DESIGN §5 "Concurrency") on the synthesized state machine: many contacts, few lines,
// calls of seeded random lengths and outcomes. The calls in progress never exceed the limit, every line comes back at
// the end, also lines held by executions stopped mid-call or by calls whose outcome never came, and each contact
// closes once with what its script makes of it.
import { describe, expect, it } from 'vitest';
import { campaignExecutionPrefix } from '../../functions/domain/dialer/execution-name.ts';
import type { ScriptStep, SimulatedCall } from '../../local/telephony-simulator.ts';
import { mobileNumber } from '../support/phone-numbers.ts';
import {
  allHistory,
  describeExecution,
  executionNameOf,
  executionsNamed,
  expectedClose,
  pause,
  peakOverlap,
  rowsOfNumber,
  scriptedCampaign,
  seededCalls,
  seededRandom,
  settledLinesInUse,
  simulatedCalls,
  startCampaign,
  stopExecution,
  twoCallSettings,
  waitForCampaignEnd,
} from '../support/dialer.ts';

const lines = 5;
const settings = twoCallSettings(lines);
/** DESIGN's 500-contact check: enough lines that the run takes minutes of campaign time, not hours. */
const manyContacts = 500;
const manyLines = 50;
/** The call task's timeout (infra/constructs/dialer-workflow.ts): a lost outcome is settled as DROP after it. */
const callTimeoutMinutes = 30;
/** Long enough to be seen and stopped well before it ends, while the other contacts still queue for lines. */
const longCallSeconds = 25 * 60;
/** Contacts queueing for a few lines retry every campaign minute: such a campaign takes seconds of wall time. */
const campaignTimeoutMs = 60_000;

describe('line limit (DESIGN §5) on the synthesized state machine', () => {
  it(`never has more than ${manyLines} calls of ${manyContacts} contacts in progress, gives every line back, and closes each contact once`, { timeout: 4 * campaignTimeoutMs }, async () => {
    // Prepare
    const contacts = manyContacts;
    const random = seededRandom(20_250_303);
    const scripts = new Map(Array.from({ length: contacts }, () => [mobileNumber(), seededCalls(random)] as const));
    const campaignId = await scriptedCampaign(twoCallSettings(manyLines), scripts);

    // Act
    await startCampaign(campaignId);
    const final = await waitForCampaignEnd(campaignId, contacts, 3 * campaignTimeoutMs);

    // Assess
    const placed = await simulatedCalls(campaignId);
    const history = await allHistory(campaignId);
    // The limit is reached (the contacts did queue for lines) and never exceeded.
    expect(peakOverlap(placed.map((one) => ({ start: one.startedAt, end: one.endedAt })))).toBe(manyLines);
    expect(await settledLinesInUse(campaignId, 0)).toBe(0);
    expect(final).toHaveLength(contacts);
    expect(new Set(final.map((row) => row.contactId)).size).toBe(contacts);
    // One History row per call dialled; a call that found no free line was not dialled and counts nothing.
    expect(history.map((row) => row.attemptId).sort()).toEqual(placed.map((one) => one.attemptId).sort());
    for (const [number, script] of scripts) {
      const { statuses, global, reason } = expectedClose(script);
      const rows = rowsOfNumber(history, number);
      expect({ number, statuses: rows.map((row) => row.status), global: rows.map((row) => row.counters.global) }).toEqual({ number, statuses, global });
      expect(final.filter((row) => row.phone === number)).toMatchObject([{ reason }]);
    }
  });

  it('gives back the lines of executions stopped mid-call and of calls whose outcome never came', { timeout: campaignTimeoutMs }, async () => {
    // Prepare: most contacts as above; some first calls last 25 minutes and their outcome is lost (the call task
    // times out after 30 minutes and settles them as DROP); two of those executions are stopped during that call.
    const contacts = 25;
    const stops = 2;
    const random = seededRandom(20_250_304);
    const lost: ScriptStep[] = [
      { status: 'NO_ANSWER', durationSeconds: longCallSeconds, deliveries: 0 },
      { status: 'REACHED', durationSeconds: 30 },
    ];
    const scripts = new Map<string, ScriptStep[]>(Array.from({ length: contacts }, (_, index) => [mobileNumber(), index % 6 === 0 ? lost : seededCalls(random)]));
    const lostNumbers = new Set([...scripts].filter(([, script]) => script === lost).map(([number]) => number));
    const isLostCall = (placed: SimulatedCall) => lostNumbers.has(placed.destination) && Date.parse(placed.endedAt) - Date.parse(placed.startedAt) === longCallSeconds * 1000;
    const campaignId = await scriptedCampaign(settings, scripts);

    // Act: the first lost calls the simulator places have their executions stopped at once, while they ring.
    await startCampaign(campaignId);
    const stopped = new Map<string, SimulatedCall>();
    for (const deadline = Date.now() + 20_000; stopped.size < stops && Date.now() < deadline; await pause(10)) {
      for (const ringing of await simulatedCalls(campaignId)) {
        const execution = executionNameOf(ringing.attemptId);
        if (stopped.size === stops || !isLostCall(ringing) || stopped.has(execution)) continue;
        await stopExecution(execution);
        stopped.set(execution, ringing);
      }
    }
    const final = await waitForCampaignEnd(campaignId, contacts - stops, campaignTimeoutMs - 30_000);

    // Assess
    expect(stopped.size).toBe(stops);
    const placed = await simulatedCalls(campaignId);
    const history = await allHistory(campaignId);
    const stopDates = new Map<string, string>();
    for (const [execution, ringing] of stopped) {
      const description = await describeExecution(execution);
      expect(description.status).toBe('ABORTED');
      // Stopped while the call rang: the call has no History row, so only the reclaim can have given its line back.
      expect(history.filter((row) => row.attemptId === ringing.attemptId)).toEqual([]);
      stopDates.set(ringing.attemptId, description.stopDate!.toISOString());
    }
    expect((await executionsNamed(campaignExecutionPrefix(campaignId))).filter((execution) => execution.status === 'RUNNING')).toEqual([]);
    expect(await settledLinesInUse(campaignId, 0)).toBe(0);
    // A line is held from the dial to the outcome, to the timeout's DROP, or to the stop: never more than the limit.
    // (The simulator itself may show more: stopping an execution does not hang up its call.)
    const holds = placed.map((one) => ({ start: one.startedAt, end: history.find((row) => row.attemptId === one.attemptId)?.endedAt ?? stopDates.get(one.attemptId) }));
    expect(holds.filter((hold) => hold.end === undefined)).toEqual([]);
    expect(peakOverlap(holds as Array<{ start: string; end: string }>)).toBe(lines);
    const stoppedNumbers = new Set([...stopped.values()].map((ringing) => ringing.destination));
    const goingOn = [...scripts.keys()].filter((number) => !stoppedNumbers.has(number));
    expect(final.filter((row) => !stoppedNumbers.has(row.phone)).map((row) => row.phone).sort()).toEqual(goingOn.sort());
    for (const number of [...lostNumbers].filter((candidate) => !stoppedNumbers.has(candidate))) {
      const rows = rowsOfNumber(history, number);
      expect(rows.map((row) => `${row.status} ${row.cause ?? ''}`.trim())).toEqual(['DROP no outcome within the call timeout', 'REACHED']);
      expect(Date.parse(rows[0].endedAt) - Date.parse(rows[0].startedAt)).toBe(callTimeoutMinutes * 60_000);
    }
  });
});
