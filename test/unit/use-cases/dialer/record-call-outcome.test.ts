// The end of a call against in-memory ports: History once, counters once, Final once, the execution resumed.
import { describe, it, expect } from 'vitest';
import type { CallStatus } from '#domain/dialer/call-status';
import { attemptIdOf, type WorkflowData } from '#domain/dialer/workflow-data';
import { placeCall } from '#domain/use-cases/dialer/place-call';
import { CallNotYetRecordedError, recordCallOutcome, unknownCallRetryMinutes, type CallOutcome } from '#domain/use-cases/dialer/record-call-outcome';
import { recordLostCall } from '#domain/use-cases/dialer/record-lost-call';
import { callTask, dialerSetup, executionOf, numbers, seedStart, seedWorkflow, type DialerSetup } from './dialer-fixtures.ts';

/** Places the call of `workflow` and returns the outcome event the provider would send for it. */
async function placed(setup: DialerSetup, workflow: WorkflowData, status: CallStatus, endedAt = setup.clock.now().toISOString()): Promise<CallOutcome> {
  const providerCallId = `provider-${executionOf(workflow)}-${workflow.attempt}`;
  const phone = workflow.next.kind === 'call' ? workflow.dial.phones[workflow.next.phoneIndex]!.number : '';
  setup.telephony.script(phone, { providerCallId });
  expect(await placeCall(setup.deps, callTask(workflow))).toBe('placed');
  return { attemptId: attemptIdOf(executionOf(workflow), workflow.attempt), providerCallId, status, endedAt };
}

describe('recordCallOutcome', () => {
  it("records T1's first call once with its counters and resumes with the next step: Office a minute later", async () => {
    // Prepare
    const setup = dialerSetup();
    const workflow = seedWorkflow();
    const outcome = await placed(setup, workflow, 'NO_ANSWER');

    // Act
    const result = await recordCallOutcome(setup.deps, outcome);

    // Assess
    expect(result).toBe('recorded');
    expect(setup.calls.historyRows()).toEqual([
      {
        campaignId: 'campaign-1',
        contactId: 'contact-1',
        attemptId: outcome.attemptId,
        phone: numbers.primary,
        label: 'Primary',
        itemTypeId: undefined,
        round: 1,
        status: 'NO_ANSWER',
        cause: undefined,
        startedAt: seedStart,
        endedAt: seedStart,
        counters: { byStatus: { NO_ANSWER: 1 }, global: 1 },
      },
    ]);
    expect(setup.workflows.resumes).toHaveLength(1);
    const { taskToken, output, answer } = setup.workflows.resumes[0]!;
    expect([taskToken, answer]).toEqual([callTask(workflow).taskToken, 'resumed']);
    expect(output.next).toEqual({ kind: 'call', phoneIndex: 1, at: '2025-03-03T10:01:00.000Z' });
    expect(output.attempt).toBe(2);
    expect(output.dial.phones[0]!.counters).toEqual({ byStatus: { NO_ANSWER: 1 }, global: 1 });
    expect(output.dial.callsPlaced).toBe(1);
    expect((await setup.calls.getAttempt(outcome.attemptId!))?.status).toBe('ENDED');
    expect(await setup.calls.linesInUse('campaign-1')).toBe(0);
    expect(setup.calls.finalRows()).toEqual([]);
  });

  it("finds the call by the provider's id when the event does not carry our attempt id", async () => {
    // Prepare
    const setup = dialerSetup();
    const outcome = await placed(setup, seedWorkflow(), 'BUSY');

    // Act
    const result = await recordCallOutcome(setup.deps, { ...outcome, attemptId: undefined });

    // Assess
    expect(result).toBe('recorded');
    expect(setup.calls.historyRows().map((row) => [row.attemptId, row.status])).toEqual([[outcome.attemptId, 'BUSY']]);
    expect(setup.workflows.resumedOutputs()).toHaveLength(1);
  });

  it('records the same outcome delivered twice once, and answers the second with the stored result', async () => {
    // Prepare
    const setup = dialerSetup();
    const outcome = await placed(setup, seedWorkflow(), 'NO_ANSWER');

    // Act
    const first = await recordCallOutcome(setup.deps, outcome);
    const second = await recordCallOutcome(setup.deps, { ...outcome, attemptId: undefined });

    // Assess
    expect([first, second]).toEqual(['recorded', 'duplicate']);
    expect(setup.calls.historyRows()).toHaveLength(1);
    expect(setup.workflows.resumes).toHaveLength(2);
    expect(setup.workflows.resumes[1]!.output).toEqual(setup.workflows.resumes[0]!.output);
    expect(setup.workflows.resumes[1]!.output.dial.phones[0]!.counters).toEqual({ byStatus: { NO_ANSWER: 1 }, global: 1 });
    expect(await setup.calls.linesInUse('campaign-1')).toBe(0);
  });

  it('records an outcome delivered twice at once exactly once', async () => {
    // Prepare
    const setup = dialerSetup();
    const outcome = await placed(setup, seedWorkflow(), 'NO_ANSWER');

    // Act
    const results = await Promise.all([recordCallOutcome(setup.deps, outcome), recordCallOutcome(setup.deps, outcome)]);

    // Assess
    expect([...results].sort()).toEqual(['duplicate', 'recorded']);
    expect(setup.calls.historyRows()).toHaveLength(1);
    expect(setup.workflows.resumedOutputs()).toHaveLength(1);
    expect(await setup.calls.linesInUse('campaign-1')).toBe(0);
  });

  it('resumes with the stored answer when the first delivery recorded but failed before resuming', async () => {
    // Prepare: the first delivery's resume throws (a network error), after the outcome was recorded
    const setup = dialerSetup();
    const outcome = await placed(setup, seedWorkflow(), 'NO_ANSWER');
    const resume = setup.workflows.resume.bind(setup.workflows);
    let failures = 1;
    setup.workflows.resume = async (token, output) => {
      if (failures-- > 0) throw new Error('connection reset');
      return resume(token, output);
    };
    await expect(recordCallOutcome(setup.deps, outcome)).rejects.toThrow('connection reset');

    // Act
    const redelivered = await recordCallOutcome(setup.deps, outcome);

    // Assess
    expect(redelivered).toBe('duplicate');
    expect(setup.calls.historyRows()).toHaveLength(1);
    expect(setup.workflows.resumes.map((entry) => entry.answer)).toEqual(['resumed']);
    expect(setup.workflows.resumes[0]!.output).toEqual((await setup.calls.getAttempt(outcome.attemptId!))?.result);
  });

  it("answers 'unknown-call' for a call the dialer did not place, and writes nothing", async () => {
    // Prepare
    const setup = dialerSetup();
    const known = await placed(setup, seedWorkflow(), 'NO_ANSWER');
    setup.clock.advanceMinutes(unknownCallRetryMinutes);

    // Act
    const byProviderId = await recordCallOutcome(setup.deps, { providerCallId: 'someone-elses-call', status: 'REACHED', endedAt: seedStart });
    const byAttemptId = await recordCallOutcome(setup.deps, { ...known, attemptId: `${executionOf(seedWorkflow())}/7` });

    // Assess
    expect([byProviderId, byAttemptId]).toEqual(['unknown-call', 'unknown-call']);
    expect(setup.calls.historyRows()).toEqual([]);
    expect(setup.calls.finalRows()).toEqual([]);
    expect(setup.workflows.resumes).toEqual([]);
    expect((await setup.calls.getAttempt(known.attemptId!))?.status).toBe('DIALLING');
    expect(await setup.calls.linesInUse('campaign-1')).toBe(1);
    expect(setup.log.messages()).toContain('outcome of a call the dialer did not place');
  });

  it('throws for a recent outcome of a call not found yet, so that the event is delivered again, and writes nothing', async () => {
    // Prepare: the outcome overtook the call task's record of the provider's call id
    const setup = dialerSetup();
    setup.clock.advanceMinutes(unknownCallRetryMinutes - 1);

    // Act
    const recording = recordCallOutcome(setup.deps, { providerCallId: 'not-recorded-yet', status: 'NO_SUCH_NUMBER', endedAt: seedStart });

    // Assess
    await expect(recording).rejects.toBeInstanceOf(CallNotYetRecordedError);
    expect(setup.calls.historyRows()).toEqual([]);
  });

  it('records the call and logs, without throwing, when the execution no longer waits for it', async () => {
    // Prepare
    const setup = dialerSetup();
    const workflow = seedWorkflow();
    const outcome = await placed(setup, workflow, 'NO_ANSWER');
    setup.workflows.expire(callTask(workflow).taskToken);

    // Act
    const result = await recordCallOutcome(setup.deps, outcome);

    // Assess
    expect(result).toBe('recorded');
    expect(setup.workflows.resumes.map((entry) => entry.answer)).toEqual(['gone']);
    expect(setup.calls.historyRows()).toHaveLength(1);
    expect(setup.log.lines).toContainEqual({ level: 'info', message: 'execution no longer waits for this call', fields: { attemptId: outcome.attemptId } });
  });

  it('closes the contact on REACHED with a Final row, counting nothing', async () => {
    // Prepare
    const setup = dialerSetup();
    const outcome = await placed(setup, seedWorkflow(), 'REACHED', '2025-03-03T10:03:30.000Z');

    // Act
    const result = await recordCallOutcome(setup.deps, outcome);

    // Assess
    expect(result).toBe('recorded');
    expect(setup.workflows.resumes[0]!.output.next).toEqual({ kind: 'close', reason: 'REACHED', at: '2025-03-03T10:03:30.000Z' });
    expect(setup.calls.finalRows()).toEqual([
      { campaignId: 'campaign-1', contactId: 'contact-1', runId: 'run-1', phone: numbers.primary, label: 'Primary', itemTypeId: undefined, status: 'REACHED', reason: 'REACHED', counters: { byStatus: {}, global: 0 }, closedAt: '2025-03-03T10:03:30.000Z' },
    ]);
    expect(setup.calls.historyRows().map((row) => [row.status, row.counters, row.endedAt])).toEqual([['REACHED', { byStatus: {}, global: 0 }, '2025-03-03T10:03:30.000Z']]);
  });

  it('ignores an outcome that comes after the call timeout settled the call', async () => {
    // Prepare
    const setup = dialerSetup();
    const workflow = seedWorkflow();
    const outcome = await placed(setup, workflow, 'REACHED');
    setup.clock.advanceMinutes(30);
    const settled = await recordLostCall(setup.deps, { executionName: executionOf(workflow), workflow, error: 'States.Timeout' });
    setup.workflows.expire(callTask(workflow).taskToken);

    // Act
    const result = await recordCallOutcome(setup.deps, outcome);

    // Assess
    expect(result).toBe('duplicate');
    expect(setup.calls.historyRows().map((row) => row.status)).toEqual(['DROP']);
    expect(setup.calls.finalRows()).toEqual([]);
    expect(setup.workflows.resumes.map((entry) => [entry.answer, entry.output])).toEqual([['gone', settled]]);
  });

  it('T1 and T6 over the use cases: every call NO_ANSWER, every outcome delivered twice → 9 History rows, one Final', async () => {
    // Prepare
    const setup = dialerSetup();
    let workflow = seedWorkflow();
    const calls: string[] = [];

    // Act: the execution's loop — wait until next.at, place the call, deliver its outcome twice
    while (workflow.next.kind === 'call') {
      setup.clock.advanceMinutes((Date.parse(workflow.next.at) - setup.clock.now().getTime()) / 60_000);
      calls.push(`${workflow.next.at.slice(11, 16)} ${workflow.dial.phones[workflow.next.phoneIndex]!.label}`);
      const outcome = await placed(setup, workflow, 'NO_ANSWER');
      await recordCallOutcome(setup.deps, outcome);
      await recordCallOutcome(setup.deps, outcome);
      const next = setup.workflows.resumedOutputs().at(-1)!;
      expect(next.attempt).toBe(workflow.attempt + 1);
      workflow = next;
      if (calls.length > 20) throw new Error('never closes');
    }

    // Assess
    expect(calls).toEqual(['10:00 Primary', '10:01 Office', '10:02 Holiday', '10:04 Primary', '10:05 Office', '10:06 Holiday', '10:08 Primary', '10:09 Office', '10:10 Holiday']);
    const history = setup.calls.historyRows();
    expect(history).toHaveLength(9);
    expect(history.map((row) => row.round)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(history.map((row) => row.counters.global)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(setup.calls.finalRows()).toEqual([
      { campaignId: 'campaign-1', contactId: 'contact-1', runId: 'run-1', phone: numbers.holiday, label: 'Holiday', itemTypeId: 'type-holiday', status: 'NO_ANSWER', reason: 'MAX_RETRIES_NO_ANSWER', counters: { byStatus: { NO_ANSWER: 3 }, global: 3 }, closedAt: '2025-03-03T10:10:00.000Z' },
    ]);
    expect(await setup.calls.linesInUse('campaign-1')).toBe(0);
    expect(setup.telephony.requests).toHaveLength(9);
  });

  it('records the closing call of a contact in the second run of a campaign', async () => {
    // Prepare: run 1 closed the contact on REACHED
    const setup = dialerSetup();
    const run1 = seedWorkflow({ runId: 'run-1' });
    await placeCall(setup.deps, callTask(run1));
    await recordCallOutcome(setup.deps, { attemptId: attemptIdOf(executionOf(run1), 1), providerCallId: 'p-1', status: 'REACHED', endedAt: seedStart });
    setup.clock.advanceMinutes(24 * 60);
    const run2 = seedWorkflow({ runId: 'run-2' });
    await placeCall(setup.deps, callTask(run2));

    // Act
    const result = await recordCallOutcome(setup.deps, { attemptId: attemptIdOf(executionOf(run2), 1), providerCallId: 'p-2', status: 'REACHED', endedAt: setup.clock.now().toISOString() });

    // Assess
    expect(result).toBe('recorded');
    expect(setup.calls.historyRows()).toHaveLength(2);
    expect(setup.workflows.resumedOutputs().at(-1)?.next.kind).toBe('close');
    expect(await setup.calls.linesInUse('campaign-1')).toBe(0);
  });

  it("plans a call whose delay ends after the calling window's closing time at the window's next opening", async () => {
    // Prepare: a weekday window 09:00–20:00 UTC; Primary dialled at 19:59 on a Friday
    const setup = dialerSetup('2025-03-07T19:59:00.000Z');
    const workflow = seedWorkflow({ settings: { callingWindow: { start: '09:00', end: '20:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], timeZone: 'UTC' } } });
    const outcome = await placed(setup, { ...workflow, next: { kind: 'call', phoneIndex: 0, at: '2025-03-07T19:59:00.000Z' } }, 'NO_ANSWER', '2025-03-07T19:59:30.000Z');

    // Act
    await recordCallOutcome(setup.deps, outcome);

    // Assess: Office would be due at 20:00:30, when the window is closed until Monday
    expect(setup.workflows.resumedOutputs()[0]?.next).toEqual({ kind: 'call', phoneIndex: 1, at: '2025-03-10T09:00:00.000Z' });
  });
});
