// The end of a call: History once, counters once, Final once, then the execution resumes with what comes next.
import { noteNumberReached } from '../consent/stale-numbers.ts';
import type { CallAttempt, OutcomeRecord } from '#ports/call-ledger';
import { isRetryableStatus, type CallStatus } from '../../dialer/call-status.ts';
import { afterCall } from '../../dialer/dial-plan.ts';
import { advanceWorkflow, finalRowOf, type WorkflowData } from '../../dialer/workflow-data.ts';
import type { DialerDependencies } from './dialer-dependencies.ts';
import { countRecordedCall } from './dialer-metrics.ts';

export interface CallOutcome {
  /** Present when the provider's event carries our attempt id (simulator, End User Messaging context). */
  attemptId?: string | undefined;
  providerCallId: string;
  status: CallStatus;
  endedAt: string;
}

export type OutcomeResult = 'recorded' | 'duplicate' | 'unknown-call';

/** How long an outcome of an unknown call may be one that overtook the call task's own record of the call. */
export const unknownCallRetryMinutes = 5;

/**
 * Thrown for a recent outcome of a call not found: a call that fails at once can be reported before the call task
 * has stored its provider id. Throwing makes Lambda deliver the event again (its asynchronous retries).
 */
export class CallNotYetRecordedError extends Error {
  override readonly name = 'CallNotYetRecordedError';
}

export async function recordCallOutcome(deps: DialerDependencies, outcome: CallOutcome): Promise<OutcomeResult> {
  const attempt = outcome.attemptId !== undefined ? await deps.calls.getAttempt(outcome.attemptId) : await deps.calls.findByProviderCallId(outcome.providerCallId);
  if (attempt === undefined) {
    if (deps.clock.now().getTime() - new Date(outcome.endedAt).getTime() < unknownCallRetryMinutes * 60_000) {
      throw new CallNotYetRecordedError(`no call ${outcome.attemptId ?? outcome.providerCallId} yet: the event will be delivered again`);
    }
    deps.log.warn('outcome of a call the dialer did not place', { providerCallId: outcome.providerCallId });
    return 'unknown-call';
  }
  if (attempt.status === 'DIALLING') {
    const record = outcomeRecord(attempt, outcome.status, outcome.endedAt, undefined);
    if (await deps.calls.recordOutcome(record)) {
      countRecordedCall(deps.metrics, record);
      await resume(deps, attempt, record.result);
      if (!isRetryableStatus(outcome.status)) await noteReached(deps, record.history.phone, outcome.endedAt);
      return 'recorded';
    }
  }
  // Delivered twice, or after the timeout settled the call: nothing is recorded again. Resuming with the stored
  // answer covers a first delivery that recorded and then failed before resuming; otherwise the token is gone.
  // An attempt read as DIALLING (or found by the provider's id, a copy made while dialling) was ended by someone else
  // in between: only a fresh read has their answer.
  const stored = attempt.status === 'DIALLING' ? await deps.calls.getAttempt(attempt.attemptId) : attempt;
  if (stored?.result !== undefined) await resume(deps, stored, stored.result);
  deps.log.info('duplicate or late call outcome ignored', { attemptId: attempt.attemptId });
  return 'duplicate';
}

/** Keeps the number fresh for the stale-number job; a failure here must not fail the outcome already recorded. */
async function noteReached(deps: DialerDependencies, number: string, endedAt: string): Promise<void> {
  try {
    await noteNumberReached(deps.consent, number, new Date(endedAt));
  } catch (error) {
    deps.log.warn('reach not noted on the number', { reason: error instanceof Error ? error.name : 'unknown' });
  }
}

/** What a call's end writes, computed from the execution's data when it was placed. */
export function outcomeRecord(attempt: CallAttempt, status: CallStatus, endedAt: string, cause: string | undefined): OutcomeRecord {
  const workflow = attempt.workflow;
  const step = afterCall(workflow.dial, workflow.settings, attempt.phoneIndex, status, new Date(endedAt));
  const result = advanceWorkflow(workflow, step);
  const phone = step.state.phones[attempt.phoneIndex]!;
  return {
    attempt,
    result,
    final: finalRowOf(result),
    history: {
      campaignId: workflow.campaignId,
      contactId: workflow.contactId,
      attemptId: attempt.attemptId,
      phone: phone.number,
      label: phone.label,
      itemTypeId: phone.itemTypeId,
      round: workflow.dial.round,
      status,
      cause,
      startedAt: attempt.startedAt,
      endedAt,
      counters: phone.counters,
    },
  };
}

async function resume(deps: DialerDependencies, attempt: CallAttempt, result: WorkflowData): Promise<void> {
  if ((await deps.workflows.resume(attempt.taskToken, result)) === 'gone') {
    deps.log.info('execution no longer waits for this call', { attemptId: attempt.attemptId });
  }
}
