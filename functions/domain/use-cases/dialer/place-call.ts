// The call task: claim the attempt and a line, dial through the telephony port, and leave the execution waiting.
import { CallPlacementUncertainError, DestinationRejectedError, TelephonyRequestRejectedError, TelephonyUnavailableError } from '#ports/telephony';
import type { CallAttempt } from '#ports/call-ledger';
import { nextOpenTime } from '../../dialer/calling-window.ts';
import { skipPhone } from '../../dialer/dial-plan.ts';
import { advanceWorkflow, attemptIdOf, finalRowOf, type WorkflowData } from '../../dialer/workflow-data.ts';
import type { DialerDependencies } from './dialer-dependencies.ts';

export interface PlaceCallTask {
  taskToken: string;
  executionName: string;
  workflow: WorkflowData;
}

export type PlaceCallResult = 'placed' | 'duplicate' | 'outside-window' | 'no-free-line' | 'not-placed' | 'telephony-unavailable' | 'uncertain';

/** How long a call waits for a free line, or for the telephony back end to come back, before trying again. */
export const retryAfterMinutes = 1;

export async function placeCall(deps: DialerDependencies, task: PlaceCallTask): Promise<PlaceCallResult> {
  const { workflow } = task;
  if (workflow.next.kind !== 'call') throw new Error('the call task ran for an execution with nothing to call');
  const phoneIndex = workflow.next.phoneIndex;
  const phone = workflow.dial.phones[phoneIndex]!;
  const now = deps.clock.now();
  const attempt: CallAttempt = {
    attemptId: attemptIdOf(task.executionName, workflow.attempt),
    executionName: task.executionName,
    taskToken: task.taskToken,
    workflow,
    phoneIndex,
    startedAt: now.toISOString(),
    status: 'DIALLING',
  };
  const fields = { attemptId: attempt.attemptId, campaignId: workflow.campaignId, contactId: workflow.contactId, phone: phone.label };

  // Checked right before dialling, not only when the call was planned: the campaign's window may have closed.
  const opening = nextOpenTime(workflow.settings.callingWindow, now);
  if (opening > now) return notDialled(deps, attempt, sameCallAt(workflow, phoneIndex, opening), 'outside-window');

  const claim = await deps.calls.claim(attempt, workflow.settings.maxConcurrentCalls);
  if (claim === 'already-claimed') {
    // A retried invocation: the first one dialled (or will time out); dialling again would ring twice. When the
    // first one settled the attempt but failed before resuming, this one resumes with the same answer.
    deps.log.info('call attempt already claimed', fields);
    const settled = await deps.calls.getAttempt(attempt.attemptId);
    if (settled?.result !== undefined) await deps.workflows.resume(task.taskToken, settled.result);
    return 'duplicate';
  }
  if (claim === 'no-free-line') return notDialled(deps, attempt, sameCallAt(workflow, phoneIndex, minutesLater(now, retryAfterMinutes)), 'no-free-line');

  try {
    const placed = await deps.telephony.placeCall({ attemptId: attempt.attemptId, destination: phone.number, campaignId: workflow.campaignId, contactId: workflow.contactId, backend: workflow.settings.telephony });
    await deps.calls.recordProviderCall(attempt, placed.providerCallId);
    deps.log.info('call placed', fields);
    return 'placed';
  } catch (error) {
    if (error instanceof DestinationRejectedError || error instanceof TelephonyRequestRejectedError) {
      // Not dialled: nothing counts (DESIGN §5 rule 1), and the round goes on without this number.
      const result = advanceWorkflow(workflow, skipPhone(workflow.dial, workflow.settings, now));
      await deps.calls.releaseUnplaced(attempt, result);
      // Skipping the last callable phone closes the contact: its Final row is written here, as no outcome will come.
      const final = finalRowOf(result);
      if (final !== undefined) await deps.calls.writeFinal(final);
      deps.log.warn('call not placed: the provider refused it', { ...fields, reason: error.name });
      await deps.workflows.resume(task.taskToken, result);
      return 'not-placed';
    }
    if (error instanceof TelephonyUnavailableError) {
      const result = sameCallAt(workflow, phoneIndex, minutesLater(now, retryAfterMinutes));
      await deps.calls.releaseUnplaced(attempt, result);
      deps.log.warn('call not placed: telephony unavailable', { ...fields, reason: error.reason });
      await deps.workflows.resume(task.taskToken, result);
      return 'telephony-unavailable';
    }
    if (error instanceof CallPlacementUncertainError) {
      // It may ring: the attempt stays claimed, and the call timeout settles it if no outcome comes.
      deps.log.warn('call placement uncertain', fields);
      return 'uncertain';
    }
    throw error;
  }
}

/**
 * Not dialled and no line taken: the attempt is stored as such first, so that this task delivered again finds it
 * claimed instead of dialling; a delivery that claimed it in between dials, and this one stands down.
 */
async function notDialled(deps: DialerDependencies, attempt: CallAttempt, result: WorkflowData, reason: 'outside-window' | 'no-free-line'): Promise<PlaceCallResult> {
  if (!(await deps.calls.recordNotDialled(attempt, result))) return 'duplicate';
  await deps.workflows.resume(attempt.taskToken, result);
  return reason;
}

/** The same phone again at `at` (or the window's next opening), as a new attempt that counts nothing. */
function sameCallAt(workflow: WorkflowData, phoneIndex: number, at: Date): WorkflowData {
  return advanceWorkflow(workflow, { state: workflow.dial, next: { kind: 'call', phoneIndex, at: at.toISOString() } });
}

function minutesLater(from: Date, minutes: number): Date {
  return new Date(from.getTime() + minutes * 60_000);
}
