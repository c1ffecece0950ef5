// Dialling an attempt already claimed with its line: the call task's dial, and a preview offer's once an agent accepts.
import { CallPlacementUncertainError, DestinationRejectedError, TelephonyRequestRejectedError, TelephonyUnavailableError } from '#ports/telephony';
import type { CallAttempt } from '#ports/call-ledger';
import { skipPhone } from '../../dialer/dial-plan.ts';
import { advanceWorkflow, finalRowOf, type WorkflowData } from '../../dialer/workflow-data.ts';
import type { DialerDependencies } from './dialer-dependencies.ts';
import { writeFinalCounted } from './dialer-metrics.ts';

export type DialResult = 'placed' | 'not-placed' | 'telephony-unavailable' | 'uncertain';

/** How long a call waits for the telephony back end to come back before trying again. */
export const retryAfterMinutes = 1;

/**
 * Dials the attempt's phone. Placed: the execution waits for the outcome. Not placed: the line goes back and the
 * execution resumes at once with what comes next (the round's next phone, or the same one a little later).
 */
export async function dialClaimedCall(deps: DialerDependencies, attempt: CallAttempt, now: Date): Promise<DialResult> {
  const { workflow, phoneIndex } = attempt;
  const phone = workflow.dial.phones[phoneIndex]!;
  const fields = { attemptId: attempt.attemptId, campaignId: workflow.campaignId, contactId: workflow.contactId, phone: phone.label };
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
      if (final !== undefined) await writeFinalCounted(deps, final);
      deps.log.warn('call not placed: the provider refused it', { ...fields, reason: error.name });
      await deps.workflows.resume(attempt.taskToken, result);
      return 'not-placed';
    }
    if (error instanceof TelephonyUnavailableError) {
      const result = sameCallAt(workflow, phoneIndex, minutesLater(now, retryAfterMinutes));
      await deps.calls.releaseUnplaced(attempt, result);
      deps.log.warn('call not placed: telephony unavailable', { ...fields, reason: error.reason });
      await deps.workflows.resume(attempt.taskToken, result);
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

/** The same phone again at `at` (or the window's next opening), as a new attempt that counts nothing. */
export function sameCallAt(workflow: WorkflowData, phoneIndex: number, at: Date): WorkflowData {
  return advanceWorkflow(workflow, { state: workflow.dial, next: { kind: 'call', phoneIndex, at: at.toISOString() } });
}

export function minutesLater(from: Date, minutes: number): Date {
  return new Date(from.getTime() + minutes * 60_000);
}
