// The call task against in-memory ports: claim once, dial once, give the line back whenever nothing was dialled.
import { describe, it, expect } from 'vitest';
import { afterCall } from '#domain/dialer/dial-plan';
import { attemptIdOf } from '#domain/dialer/workflow-data';
import { lineWaitSeconds } from '#domain/dialer/line-wait';
import { placeCall } from '#domain/use-cases/dialer/place-call';
import { consentEntriesOf } from '#domain/consent/consent-ledger';
import { appendToLedger } from '#domain/use-cases/consent/ledger-append';
import { CallPlacementUncertainError, DestinationRejectedError, TelephonyRequestRejectedError, TelephonyUnavailableError } from '#ports/telephony';
import { callTask, dialerSetup, dialingAttempt, executionOf, numbers, seedPhones, seedStart, seedWorkflow } from './dialer-fixtures.ts';

const oneMinuteLater = '2025-03-03T10:01:00.000Z';

/** Fills the campaign's `lines` lines with calls of other contacts. */
async function takeAllLines(calls: ReturnType<typeof dialerSetup>['calls'], lines: number): Promise<void> {
  for (let i = 0; (await calls.linesInUse('campaign-1')) < lines; i += 1) {
    expect(await calls.claim(dialingAttempt(seedWorkflow({ contactId: `other-${i}` }), seedStart), lines)).toBe('claimed');
  }
}

describe('placeCall', () => {
  it('claims the attempt and a line, dials the planned phone once and leaves the execution waiting', async () => {
    // Prepare
    const { deps, calls, telephony, workflows } = dialerSetup();
    const workflow = seedWorkflow();
    const task = callTask(workflow);
    telephony.script(numbers.primary, { providerCallId: 'connect-contact-1' });

    // Act
    const result = await placeCall(deps, task);

    // Assess
    const attemptId = attemptIdOf(task.executionName, 1);
    expect(result).toBe('placed');
    expect(telephony.requests).toEqual([{ attemptId, destination: numbers.primary, campaignId: 'campaign-1', contactId: 'contact-1', backend: { type: 'simulator' } }]);
    expect(await calls.getAttempt(attemptId)).toMatchObject({ status: 'DIALLING', taskToken: task.taskToken, phoneIndex: 0, startedAt: seedStart });
    expect(await calls.findByProviderCallId('connect-contact-1')).toMatchObject({ attemptId, providerCallId: 'connect-contact-1' });
    expect(await calls.linesInUse('campaign-1')).toBe(1);
    expect(workflows.resumes).toEqual([]);
  });

  it('does not dial again when the same attempt is delivered twice, one after the other or at once', async () => {
    // Prepare
    const { deps, calls, telephony } = dialerSetup();
    const first = callTask(seedWorkflow({ contactId: 'contact-1' }));
    const concurrent = callTask(seedWorkflow({ contactId: 'contact-2' }));

    // Act
    const sequential = [await placeCall(deps, first), await placeCall(deps, first)];
    const together = await Promise.all([placeCall(deps, concurrent), placeCall(deps, concurrent)]);

    // Assess
    expect(sequential).toEqual(['placed', 'duplicate']);
    expect([...together].sort()).toEqual(['duplicate', 'placed']);
    expect(telephony.requests.map((request) => request.contactId)).toEqual(['contact-1', 'contact-2']);
    expect(await calls.linesInUse('campaign-1')).toBe(2);
  });

  it('with no free line, dials nothing, holds no line and resumes the same phone about a minute later as a new attempt', async () => {
    // Prepare
    const { deps, calls, telephony, workflows } = dialerSetup();
    const workflow = seedWorkflow();
    await takeAllLines(calls, workflow.settings.maxConcurrentCalls);
    const task = callTask(workflow);

    // Act
    const result = await placeCall(deps, task);

    // Assess
    expect(result).toBe('no-free-line');
    expect(telephony.requests).toEqual([]);
    expect(await calls.getAttempt(attemptIdOf(task.executionName, 1))).toMatchObject({ status: 'NOT_PLACED', result: workflows.resumes[0]!.output });
    expect(await calls.linesInUse('campaign-1')).toBe(2);
    expect(workflows.resumes).toHaveLength(1);
    const resumed = workflows.resumes[0]!;
    expect(resumed.taskToken).toBe(task.taskToken);
    expect(resumed.output.attempt).toBe(2);
    expect(resumed.output.lineWaits).toBe(1);
    const waitSeconds = lineWaitSeconds(1, attemptIdOf(task.executionName, 1));
    expect(resumed.output.next).toEqual({ kind: 'call', phoneIndex: 0, at: new Date(Date.parse(seedStart) + waitSeconds * 1000).toISOString() });
    expect(waitSeconds).toBeGreaterThanOrEqual(45);
    expect(waitSeconds).toBeLessThanOrEqual(75);
    expect(resumed.output.dial).toEqual(workflow.dial); // nothing counted, the round has not moved
  });

  it('places the resumed attempt once a line is free again', async () => {
    // Prepare
    const { deps, calls, telephony, workflows, clock } = dialerSetup();
    const workflow = seedWorkflow();
    await takeAllLines(calls, workflow.settings.maxConcurrentCalls);
    await placeCall(deps, callTask(workflow));
    const holder = dialingAttempt(seedWorkflow({ contactId: 'other-0' }), seedStart);
    await calls.abandon(holder);
    clock.advanceMinutes(2);

    // Act
    const result = await placeCall(deps, callTask(workflows.resumes[0]!.output));

    // Assess
    expect(result).toBe('placed');
    expect((await calls.getAttempt(attemptIdOf(executionOf(workflow), 2)))?.workflow.lineWaits).toBe(1);
    expect(telephony.requests.map((request) => request.attemptId)).toEqual([attemptIdOf(executionOf(workflow), 2)]);
    expect(await calls.linesInUse('campaign-1')).toBe(2);
  });

  it.each([
    ['the destination', new DestinationRejectedError('simulator', 'DESTINATION_NOT_ALLOWED')],
    ['the request', new TelephonyRequestRejectedError('simulator', 'no such contact flow', 'ResourceNotFoundException')],
  ])('when the provider refuses %s, gives the line back, counts nothing and goes on with the next phone of the round', async (_, refusal) => {
    // Prepare
    const { deps, calls, telephony, workflows } = dialerSetup();
    const workflow = seedWorkflow();
    const task = callTask(workflow);
    telephony.script(numbers.primary, refusal);

    // Act
    const result = await placeCall(deps, task);

    // Assess
    expect(result).toBe('not-placed');
    expect(await calls.linesInUse('campaign-1')).toBe(0);
    const stored = await calls.getAttempt(attemptIdOf(task.executionName, 1));
    expect(stored?.status).toBe('NOT_PLACED');
    expect(workflows.resumes).toHaveLength(1);
    const output = workflows.resumes[0]!.output;
    expect(stored?.result).toEqual(output);
    expect(output.attempt).toBe(2);
    expect(output.next).toEqual({ kind: 'call', phoneIndex: 1, at: seedStart });
    expect(output.dial.callsPlaced).toBe(0);
    expect(output.dial.phones.map((phone) => phone.counters)).toEqual(workflow.dial.phones.map((phone) => phone.counters));
    expect(output.dial.phones.every((phone) => phone.exhausted === undefined)).toBe(true);
    expect(calls.historyRows()).toEqual([]);
  });

  it('when the refused phone was the only one, closes the contact with NO_CALLABLE_PHONES and a Final row', async () => {
    // Prepare
    const { deps, calls, telephony, workflows } = dialerSetup();
    const workflow = seedWorkflow({ phones: [{ number: numbers.primary, label: 'Primary' }] });
    telephony.script(numbers.primary, new DestinationRejectedError('simulator', 'OPTED_OUT'));

    // Act
    await placeCall(deps, callTask(workflow));

    // Assess
    expect(workflows.resumes[0]!.output.next).toEqual({ kind: 'close', reason: 'NO_CALLABLE_PHONES', at: seedStart });
    expect(calls.finalRows()).toEqual([
      { campaignId: 'campaign-1', contactId: 'contact-1', runId: 'run-1', phone: undefined, label: undefined, itemTypeId: undefined, status: undefined, reason: 'NO_CALLABLE_PHONES', counters: undefined, closedAt: seedStart },
    ]);
  });

  it('when a whole round is refused after others were exhausted, closes with a Final row on the last phone dialled', async () => {
    // Prepare: P answered NO_ANSWER once with NO_ANSWER limited to 1, so Office is all that is left; Office refuses
    const { deps, calls, telephony, workflows, clock } = dialerSetup();
    const first = seedWorkflow({ phones: seedPhones.slice(0, 2), settings: { retries: { NO_ANSWER: { maxRetries: 1 } } } });
    const step = afterCall(first.dial, first.settings, 0, 'NO_ANSWER', new Date(seedStart));
    const workflow = { ...first, attempt: 2, dial: step.state, next: step.next };
    telephony.script(numbers.office, new DestinationRejectedError('simulator', 'OPTED_OUT'), new DestinationRejectedError('simulator', 'OPTED_OUT'));
    clock.advanceMinutes(1);

    // Act: refused in round 1 (a skip never exhausts), then again when round 2 has only Office
    await placeCall(deps, callTask(workflow));
    const nextRound = workflows.resumes[0]!.output;
    const finalsAfterFirstSkip = calls.finalRows();
    clock.advanceMinutes(2);
    await placeCall(deps, callTask(nextRound));

    // Assess
    expect(nextRound.next).toEqual({ kind: 'call', phoneIndex: 1, at: '2025-03-03T10:03:00.000Z' });
    expect(finalsAfterFirstSkip).toEqual([]); // the first skip closed nothing
    expect(workflows.resumes[1]!.output.next).toEqual({ kind: 'close', reason: 'NO_CALLABLE_PHONES', at: '2025-03-03T10:03:00.000Z' });
    expect(calls.finalRows()).toEqual([
      { campaignId: 'campaign-1', contactId: 'contact-1', runId: 'run-1', phone: numbers.primary, label: 'Primary', itemTypeId: undefined, status: 'NO_ANSWER', reason: 'NO_CALLABLE_PHONES', counters: { byStatus: { NO_ANSWER: 1 }, global: 1 }, closedAt: '2025-03-03T10:03:00.000Z' },
    ]);
    expect(await calls.linesInUse('campaign-1')).toBe(0);
  });

  it('when telephony is unavailable, gives the line back and tries the same phone again later, counting nothing', async () => {
    // Prepare
    const { deps, calls, telephony, workflows } = dialerSetup();
    const workflow = seedWorkflow();
    const task = callTask(workflow);
    telephony.script(numbers.primary, new TelephonyUnavailableError('simulator', 'throttled', 'ThrottlingException'));

    // Act
    const result = await placeCall(deps, task);
    const retried = await placeCall(deps, task);

    // Assess
    expect(result).toBe('telephony-unavailable');
    expect(retried).toBe('duplicate');
    expect(telephony.requests).toHaveLength(1);
    expect(await calls.linesInUse('campaign-1')).toBe(0);
    expect((await calls.getAttempt(attemptIdOf(task.executionName, 1)))?.status).toBe('NOT_PLACED');
    expect(workflows.resumedOutputs()).toHaveLength(1); // the retried task resumes with the same answer, on a spent token
    expect(workflows.resumes.map((resume) => resume.output)).toEqual([workflows.resumes[0]!.output, workflows.resumes[0]!.output]);
    const output = workflows.resumes[0]!.output;
    expect(output.attempt).toBe(2);
    expect(output.next).toEqual({ kind: 'call', phoneIndex: 0, at: oneMinuteLater });
    expect(output.dial).toEqual(workflow.dial);
  });

  it('when the placement is uncertain, keeps the attempt and its line and resumes nothing: the call timeout settles it', async () => {
    // Prepare
    const { deps, calls, telephony, workflows } = dialerSetup();
    const task = callTask(seedWorkflow());
    telephony.script(numbers.primary, new CallPlacementUncertainError('eum-voice', 'InternalServerException'));

    // Act
    const result = await placeCall(deps, task);
    const retried = await placeCall(deps, task);

    // Assess
    expect(result).toBe('uncertain');
    expect(retried).toBe('duplicate');
    expect(telephony.requests).toHaveLength(1);
    expect((await calls.getAttempt(attemptIdOf(task.executionName, 1)))?.status).toBe('DIALLING');
    expect(await calls.linesInUse('campaign-1')).toBe(1);
    expect(workflows.resumes).toEqual([]);
  });

  it('lets an error it does not know propagate, leaving the attempt claimed for the lost-call handler', async () => {
    // Prepare
    const { deps, calls, telephony, workflows } = dialerSetup();
    const task = callTask(seedWorkflow());
    telephony.script(numbers.primary, new TypeError('socket hang up'));

    // Act
    const placing = placeCall(deps, task);

    // Assess
    await expect(placing).rejects.toThrow('socket hang up');
    expect((await calls.getAttempt(attemptIdOf(task.executionName, 1)))?.status).toBe('DIALLING');
    expect(workflows.resumes).toEqual([]);
  });

  it('refuses to run for an execution whose next step is to close', async () => {
    // Prepare
    const { deps, telephony } = dialerSetup();
    const closed = seedWorkflow({ phones: [] });

    // Act
    const placing = placeCall(deps, callTask(closed));

    // Assess
    await expect(placing).rejects.toThrow('nothing to call');
    expect(telephony.requests).toEqual([]);
  });

  it('never writes a phone number in what it logs, whatever happens to the call', async () => {
    // Prepare
    const { deps, calls, telephony, log } = dialerSetup();
    telephony.script(numbers.primary, { providerCallId: 'p-1' });
    telephony.script(numbers.office, new DestinationRejectedError('simulator', 'DESTINATION_NOT_ALLOWED'));
    telephony.script(numbers.holiday, new TelephonyUnavailableError('simulator', 'unavailable'), new CallPlacementUncertainError('eum-voice'));
    const onPhone = (phoneIndex: number, contactId: string) => {
      const workflow = seedWorkflow({ contactId, settings: { maxConcurrentCalls: 10 } });
      return { ...workflow, next: { kind: 'call' as const, phoneIndex, at: seedStart } };
    };

    // Act
    await placeCall(deps, callTask(onPhone(0, 'c-placed')));
    await placeCall(deps, callTask(onPhone(0, 'c-placed'))); // duplicate
    await placeCall(deps, callTask(onPhone(1, 'c-rejected')));
    await placeCall(deps, callTask(onPhone(2, 'c-unavailable')));
    await placeCall(deps, callTask(onPhone(2, 'c-uncertain')));
    await takeAllLines(calls, 10);
    await placeCall(deps, callTask(onPhone(0, 'c-no-line')));

    // Assess
    expect(log.messages()).toEqual([
      'call placed',
      'call attempt already claimed',
      'call not placed: the provider refused it',
      'call not placed: telephony unavailable',
      'call placement uncertain',
    ]);
    const logged = log.text();
    for (const number of Object.values(numbers)) {
      expect(logged).not.toContain(number);
      expect(logged).not.toContain(number.slice(1)); // nor without its plus sign
    }
    expect(log.lines.every((line) => line.fields?.phone !== undefined)).toBe(true);
  });

  it('does not dial when a task that found no free line is delivered again after a line is freed', async () => {
    // Prepare: both lines taken, the task finds none and resumes the execution a minute later
    const setup = dialerSetup();
    const holders = ['other-1', 'other-2'].map((contactId) => dialingAttempt(seedWorkflow({ contactId }), seedStart));
    for (const holder of holders) await setup.calls.claim(holder, 2);
    const task = callTask(seedWorkflow());
    expect(await placeCall(setup.deps, task)).toBe('no-free-line');
    await setup.calls.abandon(holders[0]!);

    // Act: the same task delivered again
    const again = await placeCall(setup.deps, task);

    // Assess
    expect(again).not.toBe('placed');
    expect(setup.telephony.requests).toEqual([]);
  });

  it('does not dial a call that falls due after the calling window has closed, and waits for it to open', async () => {
    // Prepare: window 09:00–20:00 UTC on weekdays; a retry due at 21:30 on a Monday
    const setup = dialerSetup('2025-03-03T21:30:00.000Z');
    const base = seedWorkflow({ settings: { callingWindow: { start: '09:00', end: '20:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], timeZone: 'UTC' } } });
    const workflow = { ...base, next: { kind: 'call' as const, phoneIndex: 0, at: '2025-03-03T21:30:00.000Z' } };

    // Act
    await placeCall(setup.deps, callTask(workflow));

    // Assess
    expect(setup.telephony.requests).toEqual([]);
    expect(setup.workflows.resumedOutputs()[0]?.next).toEqual({ kind: 'call', phoneIndex: 0, at: '2025-03-04T09:00:00.000Z' });
    expect(setup.workflows.resumedOutputs()[0]?.dial).toEqual(workflow.dial);
  });
});

describe('placeCall: consent and do-not-call, checked right before the dial (DESIGN §4, §8 T7)', () => {
  /** The execution after P's first call went unanswered: Office is next, a minute later. */
  function waitingBeforeOffice() {
    const workflow = seedWorkflow();
    const step = afterCall(workflow.dial, workflow.settings, 0, 'NO_ANSWER', new Date(seedStart));
    return { ...workflow, attempt: 2, dial: step.state, next: step.next };
  }

  it('T7: consent withdrawn while the execution waited: Office is not dialled, nothing counts, the round goes on to Holiday, and the skip says why', async () => {
    // Prepare
    const setup = dialerSetup(oneMinuteLater);
    const workflow = waitingBeforeOffice();
    const said = new Date(oneMinuteLater);
    await appendToLedger(setup.consent, numbers.office, said, () => consentEntriesOf({ number: numbers.office, action: 'withdraw', channels: ['voice'], purposes: ['service'], source: 'verbal', actor: 'agent-1' }, said, () => 'event-1'));

    // Act
    const result = await placeCall(setup.deps, callTask(workflow));

    // Assess
    expect(result).toBe('skipped');
    expect(setup.telephony.requests).toEqual([]);
    expect(await setup.calls.linesInUse('campaign-1')).toBe(0);
    const resumed = setup.workflows.resumedOutputs()[0]!;
    expect(resumed.next).toEqual({ kind: 'call', phoneIndex: 2, at: oneMinuteLater });
    expect(resumed.dial.phones[1]!.counters).toEqual({ byStatus: {}, global: 0 });
    expect((await setup.calls.listHistory('campaign-1', { limit: 10, cursor: undefined })).items).toEqual([]);
    expect((await setup.calls.listSkips('campaign-1', { limit: 10, cursor: undefined })).items).toEqual([
      expect.objectContaining({ contactId: 'contact-1', phone: numbers.office, label: 'Office', round: 1, reasons: ['withdrawn'], skippedAt: oneMinuteLater }),
    ]);
  });

  it('skips a number put on the do-not-call list meanwhile, and closes the contact when it was the last one callable', async () => {
    // Prepare: only Office is left to call
    const setup = dialerSetup(oneMinuteLater);
    const workflow = seedWorkflow({ phones: [seedPhones[1]!] });
    await setup.consent.putDoNotCall({ prefix: numbers.office, reason: undefined, addedBy: 'api', addedAt: seedStart, expiresAt: undefined });

    // Act
    const result = await placeCall(setup.deps, callTask(workflow));

    // Assess
    expect(result).toBe('skipped');
    expect(setup.telephony.requests).toEqual([]);
    expect(setup.workflows.resumedOutputs()[0]!.next).toMatchObject({ kind: 'close', reason: 'NO_CALLABLE_PHONES' });
    expect((await setup.calls.listFinal('campaign-1', { limit: 10, cursor: undefined })).items).toEqual([expect.objectContaining({ contactId: 'contact-1', reason: 'NO_CALLABLE_PHONES' })]);
    expect((await setup.calls.listSkips('campaign-1', { limit: 10, cursor: undefined })).items[0]!.reasons).toEqual(['do-not-call']);
  });

  it('moves a number whose own window is closed to its next opening without skipping it (a French number at 21:30 Paris)', async () => {
    // Prepare: the campaign window (UTC, every day all day) is open; Paris is not
    const setup = dialerSetup('2025-03-03T20:30:00.000Z');
    const workflow = seedWorkflow({ settings: { callingWindow: { start: '00:00', end: '24:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], timeZone: 'UTC' } } });

    // Act
    const result = await placeCall(setup.deps, callTask(workflow));

    // Assess
    expect(result).toBe('outside-window');
    expect(setup.telephony.requests).toEqual([]);
    expect(setup.workflows.resumedOutputs()[0]!.next).toEqual({ kind: 'call', phoneIndex: 0, at: '2025-03-04T07:00:00.000Z' });
    expect((await setup.calls.listSkips('campaign-1', { limit: 10, cursor: undefined })).items).toEqual([]);
  });

  it('reads consent again for every attempt: a number with no consent at all is never dialled', async () => {
    // Prepare
    const setup = dialerSetup();
    const workflow = seedWorkflow({ phones: [{ number: '+33699999999', label: 'Primary' }] });

    // Act
    const result = await placeCall(setup.deps, callTask(workflow));

    // Assess
    expect(result).toBe('skipped');
    expect(setup.telephony.requests).toEqual([]);
    expect(setup.consent.reads).toBe(1);
    expect((await setup.calls.listSkips('campaign-1', { limit: 10, cursor: undefined })).items[0]!.reasons).toEqual(['no-consent']);
  });
});
