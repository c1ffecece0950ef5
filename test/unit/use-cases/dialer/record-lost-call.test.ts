// A call task that failed or timed out, against in-memory ports: the call is settled once and the contact goes on.
import { describe, it, expect } from 'vitest';
import { attemptIdOf } from '#domain/dialer/workflow-data';
import { placeCall } from '#domain/use-cases/dialer/place-call';
import { recordCallOutcome } from '#domain/use-cases/dialer/record-call-outcome';
import { recordLostCall } from '#domain/use-cases/dialer/record-lost-call';
import { DestinationRejectedError } from '#ports/telephony';
import { callTask, dialerSetup, dialingAttempt, executionOf, numbers, seedStart, seedWorkflow } from './dialer-fixtures.ts';

const thirtyMinutesLater = '2025-03-03T10:30:00.000Z';

describe('recordLostCall', () => {
  it('settles a call with no outcome within the call timeout as DROP and returns what comes next', async () => {
    // Prepare
    const { deps, calls, clock, workflows, log } = dialerSetup();
    const workflow = seedWorkflow();
    await placeCall(deps, callTask(workflow));
    clock.advanceMinutes(30);

    // Act
    const next = await recordLostCall(deps, { executionName: executionOf(workflow), workflow, error: 'States.Timeout' });

    // Assess
    const attemptId = attemptIdOf(executionOf(workflow), 1);
    expect(calls.historyRows()).toEqual([
      {
        campaignId: 'campaign-1',
        contactId: 'contact-1',
        attemptId,
        phone: numbers.primary,
        label: 'Primary',
        itemTypeId: undefined,
        round: 1,
        status: 'DROP',
        cause: 'no outcome within the call timeout',
        startedAt: seedStart,
        endedAt: thirtyMinutesLater,
        counters: { byStatus: { DROP: 1 }, global: 1 },
      },
    ]);
    expect(next.attempt).toBe(2);
    expect(next.next).toEqual({ kind: 'call', phoneIndex: 1, at: '2025-03-03T10:31:00.000Z' });
    expect(next.dial.phones[0]!.counters).toEqual({ byStatus: { DROP: 1 }, global: 1 });
    expect((await calls.getAttempt(attemptId))?.result).toEqual(next);
    expect(await calls.linesInUse('campaign-1')).toBe(0);
    expect(workflows.resumes).toEqual([]); // the state machine's catch takes the returned data: no token to answer
    expect(log.text()).not.toContain(numbers.primary);
  });

  it('names the error the task failed with as the cause', async () => {
    // Prepare
    const { deps, calls } = dialerSetup();
    const workflow = seedWorkflow();
    await placeCall(deps, callTask(workflow));

    // Act
    await recordLostCall(deps, { executionName: executionOf(workflow), workflow, error: 'Lambda.Unknown' });

    // Assess
    expect(calls.historyRows().map((row) => [row.status, row.cause])).toEqual([['DROP', 'the call task failed (Lambda.Unknown)']]);
  });

  it('returns the stored result when the outcome arrived in between, and records nothing more', async () => {
    // Prepare
    const { deps, calls, clock, workflows } = dialerSetup();
    const workflow = seedWorkflow();
    await placeCall(deps, callTask(workflow));
    const attemptId = attemptIdOf(executionOf(workflow), 1);
    await recordCallOutcome(deps, { attemptId, providerCallId: 'provider-call-1', status: 'NO_ANSWER', endedAt: '2025-03-03T10:00:40.000Z' });
    clock.advanceMinutes(30);

    // Act
    const next = await recordLostCall(deps, { executionName: executionOf(workflow), workflow, error: 'States.Timeout' });

    // Assess
    expect(next).toEqual(workflows.resumes[0]!.output);
    expect(next.dial.phones[0]!.counters).toEqual({ byStatus: { NO_ANSWER: 1 }, global: 1 });
    expect(calls.historyRows().map((row) => row.status)).toEqual(['NO_ANSWER']);
    expect(await calls.linesInUse('campaign-1')).toBe(0);
  });

  it('passes over a phone whose task failed before it claimed the attempt: nothing dialled, nothing counted, no line taken', async () => {
    // Prepare: both lines held by other contacts' calls, and no attempt for this one
    const { deps, calls, clock } = dialerSetup();
    const workflow = seedWorkflow();
    for (const contactId of ['other-1', 'other-2']) await calls.claim(dialingAttempt(seedWorkflow({ contactId }), seedStart), 2);
    clock.advanceMinutes(5);
    const task = { executionName: executionOf(workflow), workflow, error: 'Lambda.ServiceException' };

    // Act
    const next = await recordLostCall(deps, task);
    const again = await recordLostCall(deps, task);

    // Assess
    const stored = await calls.getAttempt(attemptIdOf(executionOf(workflow), 1));
    expect(stored?.status).toBe('NOT_PLACED');
    expect(stored?.result).toEqual(next);
    expect(again).toEqual(next);
    expect(next.attempt).toBe(2);
    expect(next.dial.roundPosition).toBe(1); // the round moved past the phone
    expect(next.dial.phones[0]!.counters).toEqual({ byStatus: {}, global: 0 });
    expect(calls.historyRows()).toEqual([]);
    expect(await calls.linesInUse('campaign-1')).toBe(2);
  });

  it('gives the same answer when the lost call is settled twice, with one History row', async () => {
    // Prepare
    const { deps, calls } = dialerSetup();
    const workflow = seedWorkflow();
    await placeCall(deps, callTask(workflow));
    const task = { executionName: executionOf(workflow), workflow, error: 'States.Timeout' };

    // Act
    const first = await recordLostCall(deps, task);
    const second = await recordLostCall(deps, task);

    // Assess
    expect(second).toEqual(first);
    expect(calls.historyRows()).toHaveLength(1);
  });

  it('returns what the call task decided when it refused the number but could not resume the execution', async () => {
    // Prepare: the destination was refused, the line released, and the resume was lost
    const { deps, calls, telephony, workflows } = dialerSetup();
    const workflow = seedWorkflow();
    telephony.script(numbers.primary, new DestinationRejectedError('simulator'));
    workflows.expire(callTask(workflow).taskToken);
    await placeCall(deps, callTask(workflow));

    // Act
    const next = await recordLostCall(deps, { executionName: executionOf(workflow), workflow, error: 'States.Timeout' });

    // Assess
    expect(next.next).toEqual({ kind: 'call', phoneIndex: 1, at: seedStart });
    expect(next.dial.phones[0]!.counters).toEqual({ byStatus: {}, global: 0 });
    expect(calls.historyRows()).toEqual([]);
    expect(await calls.linesInUse('campaign-1')).toBe(0);
  });

  it('closes the contact with a Final row when the lost call was the last one allowed', async () => {
    // Prepare: a single phone that may be dropped once
    const { deps, calls, clock } = dialerSetup();
    const workflow = seedWorkflow({ phones: [{ number: numbers.primary, label: 'Primary' }], settings: { retries: { DROP: { maxRetries: 1 } } } });
    await placeCall(deps, callTask(workflow));
    clock.advanceMinutes(30);

    // Act
    const next = await recordLostCall(deps, { executionName: executionOf(workflow), workflow, error: 'States.Timeout' });

    // Assess
    expect(next.next).toEqual({ kind: 'close', reason: 'MAX_RETRIES_DROP', at: thirtyMinutesLater });
    expect(calls.finalRows()).toEqual([
      { campaignId: 'campaign-1', contactId: 'contact-1', runId: 'run-1', phone: numbers.primary, label: 'Primary', itemTypeId: undefined, status: 'DROP', reason: 'MAX_RETRIES_DROP', counters: { byStatus: { DROP: 1 }, global: 1 }, closedAt: thirtyMinutesLater },
    ]);
  });
});
