// Resilience under faults (issue 6), on a local runtime of its own running the real stack: 1,000 contacts, 50 lines,
// two calls a phone at most, outcomes of every kind; then 5% of handler invocations fail, outcome events are lost,
// delivered twice and delivered late, DynamoDB throttles. Every contact still closes, once; every call has one History
// row; the line limit holds and every line comes back. The scenario is bench/suites/resilience/fault-campaign.ts,
// which the benchmark's `resilience` suite runs too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueFaults, resilienceClockStart, runFaultCampaign, type FaultCampaignResult } from '../../bench/suites/resilience/fault-campaign.ts';
import { startIsolatedRuntime, type IsolatedRuntime } from '../support/isolated-runtime.ts';

const contacts = 1_000;
const lineLimit = 50;
/** A bound on wall time only so that a hung run fails with its figures instead of hanging CI; no assertion is timed. */
const runTimeoutMs = 12 * 60_000;

describe('a 1,000-contact campaign under faults, on the local runtime', () => {
  let isolated: IsolatedRuntime | undefined;
  let run: FaultCampaignResult;

  beforeAll(async () => {
    // Prepare: a runtime of its own, with the fault layer installed (every rate 0 while the contacts are imported).
    isolated = await startIsolatedRuntime({ clockStart: resilienceClockStart(), faults: {} });
    // Act: the scenario switches the issue's faults on, starts the campaign and lets campaign time run out.
    run = await runFaultCampaign(isolated.runtime, { contacts, lineLimit, faults: issueFaults, runTimeoutMs });
    console.log(`resilience: ${JSON.stringify(run.figures)}`);
  }, runTimeoutMs + 5 * 60_000);

  afterAll(async () => {
    await isolated?.stop();
  });

  it('closes every contact, each with exactly one Final row, and every execution succeeds', () => {
    // Assess
    expect(run.contactIds).toHaveLength(contacts);
    expect(run.final.map((row) => row.contactId).sort()).toEqual([...run.contactIds].sort());
    expect(run.figures.resilienceContactsClosedRatio).toBe(1);
    expect({ executions: run.executionsByStatus, failures: run.executionFailures }).toEqual({ executions: { SUCCEEDED: contacts }, failures: [] });
  });

  it('writes one History row per call attempt: none twice, none missing for a call that was dialled', () => {
    // Assess
    const attempts = run.history.map((row) => row.attemptId);
    expect(attempts.length).toBeGreaterThan(contacts);
    expect(new Set(attempts).size).toBe(attempts.length);
    expect(run.figures.duplicatedHistoryRows).toBe(0);
    // Every call the simulator placed — also those whose outcome was lost or whose call task failed — has its row.
    expect(attempts.sort()).toEqual(run.calls.map((placed) => placed.attemptId).sort());
    // A lost outcome or a failed call task is settled as DROP with its cause, never left open.
    const settledWithoutOutcome = run.history.filter((row) => Boolean(row.cause));
    expect(settledWithoutOutcome.length).toBeGreaterThan(0);
    expect(new Set(settledWithoutOutcome.map((row) => row.status))).toEqual(new Set(['DROP']));
  });

  it('never has more calls in progress than lines, reaches the limit, and gives every line back', () => {
    // Assess: the counter as sampled throughout, and the calls' own times in History (each inside its line's hold).
    expect(run.figures.linesSamples).toBeGreaterThan(100);
    expect(run.figures.linesSampledMax).toBeLessThanOrEqual(lineLimit);
    expect(run.figures.historyPeakLines).toBe(lineLimit);
    expect(run.figures.slotsLeftTaken).toBe(0);
    expect(run.figures.attemptsLeftDialling).toBe(0);
  });

  it('really injected every kind of fault', () => {
    // Assess
    const injected = run.figures.faultsInjected;
    expect(injected.handlerServiceErrors).toBeGreaterThan(0);
    expect(injected.handlerFunctionErrors).toBeGreaterThan(0);
    // About 5% of the invocations failed (seeded: the share varies little from run to run).
    const failedShare = (injected.handlerServiceErrors + injected.handlerFunctionErrors) / injected.handlerInvocations;
    expect(failedShare).toBeGreaterThan(0.03);
    expect(failedShare).toBeLessThan(0.07);
    expect(injected.asyncRetries).toBeGreaterThan(0);
    expect(injected.outcomesDropped).toBeGreaterThan(0);
    expect(injected.outcomesDuplicated).toBeGreaterThan(0);
    expect(injected.outcomesDelayed).toBeGreaterThan(0);
    expect(injected.outcomesOvertaken).toBeGreaterThan(0);
    expect(injected.dynamodbProvisionedThroughputExceeded).toBeGreaterThan(0);
    expect(injected.dynamodbThrottlingExceptions).toBeGreaterThan(0);
    expect(injected.dynamodbTransactionsThrottled).toBeGreaterThan(0);
  });
});
