// Lines held by calls whose execution is gone, against in-memory ports: given back once, and only those.
import { describe, it, expect } from 'vitest';
import { attemptIdOf, type WorkflowData } from '#domain/dialer/workflow-data';
import { placeCall } from '#domain/use-cases/dialer/place-call';
import { reclaimLinesOfExecution, staleAttemptMinutes, sweepStaleLines } from '#domain/use-cases/dialer/reclaim-lines';
import { recordCallOutcome } from '#domain/use-cases/dialer/record-call-outcome';
import { callTask, dialerSetup, dialingAttempt, executionOf, seedStart, seedWorkflow } from './dialer-fixtures.ts';

const manyLines = { maxConcurrentCalls: 1_000 };

describe('reclaimLinesOfExecution', () => {
  it.each(['FAILED', 'ABORTED', 'TIMED_OUT'])('gives back, once, the lines of the dialling attempts of an execution that ended %s', async (status) => {
    // Prepare: the execution's first call ended properly, its second is still dialling; another contact's call dials too
    const { deps, calls, workflows } = dialerSetup();
    const workflow = seedWorkflow({ settings: manyLines });
    await placeCall(deps, callTask(workflow));
    await recordCallOutcome(deps, { attemptId: attemptIdOf(executionOf(workflow), 1), providerCallId: 'provider-call-1', status: 'NO_ANSWER', endedAt: seedStart });
    await placeCall(deps, callTask(workflows.resumedOutputs()[0]!));
    const neighbour = seedWorkflow({ contactId: 'contact-2', settings: manyLines });
    await placeCall(deps, callTask(neighbour));
    const linesBefore = await calls.linesInUse('campaign-1');

    // Act
    const reclaimed = await reclaimLinesOfExecution(deps, executionOf(workflow), status);
    const again = await reclaimLinesOfExecution(deps, executionOf(workflow), status);

    // Assess
    expect(linesBefore).toBe(2);
    expect([reclaimed, again]).toEqual([1, 0]);
    expect(await calls.linesInUse('campaign-1')).toBe(1);
    expect((await calls.getAttempt(attemptIdOf(executionOf(workflow), 2)))?.status).toBe('ENDED');
    expect((await calls.getAttempt(attemptIdOf(executionOf(neighbour), 1)))?.status).toBe('DIALLING');
    expect(calls.historyRows()).toHaveLength(1); // abandoning writes no History
  });

  it.each(['SUCCEEDED', 'RUNNING'])('gives back nothing for an execution that is %s', async (status) => {
    // Prepare
    const { deps, calls } = dialerSetup();
    const workflow = seedWorkflow();
    await placeCall(deps, callTask(workflow));

    // Act
    const reclaimed = await reclaimLinesOfExecution(deps, executionOf(workflow), status);

    // Assess
    expect(reclaimed).toBe(0);
    expect(await calls.linesInUse('campaign-1')).toBe(1);
    expect((await calls.getAttempt(attemptIdOf(executionOf(workflow), 1)))?.status).toBe('DIALLING');
  });
});

describe('sweepStaleLines', () => {
  /** Claims a call of contact `contactId` that started `minutesAgo` before `now`. */
  const dialling = (contactId: string, now: Date, minutesAgo: number): { workflow: WorkflowData; startedAt: string } => ({
    workflow: seedWorkflow({ contactId, settings: manyLines }),
    startedAt: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
  });

  it(`gives back only the lines of attempts dialling for longer than ${staleAttemptMinutes} minutes`, async () => {
    // Prepare
    const { deps, calls, clock } = dialerSetup('2025-03-03T14:00:00.000Z');
    const attempts = [dialling('stale', clock.now(), staleAttemptMinutes + 1), dialling('long-call', clock.now(), staleAttemptMinutes - 1), dialling('fresh', clock.now(), 0)];
    for (const { workflow, startedAt } of attempts) await calls.claim(dialingAttempt(workflow, startedAt), 1_000);

    // Act
    const swept = await sweepStaleLines(deps);
    const sweptAgain = await sweepStaleLines(deps);

    // Assess
    expect([swept, sweptAgain]).toEqual([1, 0]);
    const statuses = await Promise.all(attempts.map(({ workflow }) => calls.getAttempt(attemptIdOf(executionOf(workflow), 1))));
    expect(statuses.map((attempt) => attempt?.status)).toEqual(['ENDED', 'DIALLING', 'DIALLING']);
    expect(await calls.linesInUse('campaign-1')).toBe(2);
  });

  it('sweeps more stale attempts than one batch holds', async () => {
    // Prepare
    const { deps, calls, clock } = dialerSetup('2025-03-03T14:00:00.000Z');
    for (let i = 0; i < 250; i += 1) {
      const { workflow, startedAt } = dialling(`stale-${i}`, clock.now(), staleAttemptMinutes + 1 + (i % 7));
      await calls.claim(dialingAttempt(workflow, startedAt), 1_000);
    }

    // Act
    const swept = await sweepStaleLines(deps);

    // Assess
    expect(swept).toBe(250);
    expect(await calls.linesInUse('campaign-1')).toBe(0);
    expect(await calls.staleDialingAttempts(clock.now().toISOString(), 1_000)).toEqual([]);
  });
});
