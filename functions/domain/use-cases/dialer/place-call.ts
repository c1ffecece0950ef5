// The call task: claim the attempt and a line, dial through the telephony port (or, for a preview campaign, offer the
// call to agents), and leave the execution waiting.
import type { CallAttempt } from '#ports/call-ledger';
import { skipPhone } from '../../dialer/dial-plan.ts';
import { advanceWorkflow, attemptIdOf, finalRowOf, type SkipRow, type WorkflowData } from '../../dialer/workflow-data.ts';
import { lineWaitSeconds } from '../../dialer/line-wait.ts';
import { dialClaimedCall, sameCallAt } from './dial-claimed-call.ts';
import type { DialerDependencies } from './dialer-dependencies.ts';
import { writeFinalCounted } from './dialer-metrics.ts';
import { dialTimeVerdict, onlyWaitingForWindow } from './dial-time-check.ts';
import { offerPreviewCall } from './preview.ts';

export interface PlaceCallTask {
  taskToken: string;
  executionName: string;
  workflow: WorkflowData;
}

export type PlaceCallResult = 'placed' | 'offered' | 'duplicate' | 'outside-window' | 'no-free-line' | 'skipped' | 'not-placed' | 'telephony-unavailable' | 'uncertain';

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

  // Checked right before dialling, not only when the call was planned: consent may have been withdrawn, the number
  // put on the do-not-call list, or its window (or the campaign's) closed while the execution waited.
  const verdict = await dialTimeVerdict(deps, workflow, phone.number, now);
  if (!verdict.usable) {
    if (onlyWaitingForWindow(verdict)) return notDialled(deps, attempt, sameCallAt(workflow, phoneIndex, new Date(verdict.nextOpenAt)), 'outside-window');
    return skipped(deps, attempt, verdict.reasons, now);
  }

  // Preview: an agent accepts or rejects the call first, while the execution waits on this task (preview.ts).
  if (workflow.settings.strategy === 'preview') return offerPreviewCall(deps, attempt);

  const claim = await deps.calls.claim(attempt, workflow.settings.maxConcurrentCalls);
  if (claim === 'already-claimed') {
    // A retried invocation: the first one dialled (or will time out); dialling again would ring twice. When the
    // first one settled the attempt but failed before resuming, this one resumes with the same answer.
    deps.log.info('call attempt already claimed', fields);
    const settled = await deps.calls.getAttempt(attempt.attemptId);
    if (settled?.result !== undefined) await deps.workflows.resume(task.taskToken, settled.result);
    return 'duplicate';
  }
  if (claim === 'no-free-line') {
    const lineWaits = (workflow.lineWaits ?? 0) + 1;
    const later = new Date(now.getTime() + lineWaitSeconds(lineWaits, attempt.attemptId) * 1000);
    return notDialled(deps, attempt, { ...sameCallAt(workflow, phoneIndex, later), lineWaits }, 'no-free-line');
  }

  return dialClaimedCall(deps, attempt, now);
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

/**
 * Not contactable now: the number is passed over without a call (no History row, nothing counted) and the round goes
 * on; the skip row says why. Passing over the last callable number closes the contact: its Final row is written here.
 */
async function skipped(deps: DialerDependencies, attempt: CallAttempt, reasons: string[], now: Date): Promise<PlaceCallResult> {
  const { workflow } = attempt;
  const phone = workflow.dial.phones[attempt.phoneIndex]!;
  const result = advanceWorkflow(workflow, skipPhone(workflow.dial, workflow.settings, now));
  const skip: SkipRow = {
    campaignId: workflow.campaignId,
    contactId: workflow.contactId,
    runId: workflow.runId,
    attemptId: attempt.attemptId,
    phone: phone.number,
    label: phone.label,
    itemTypeId: phone.itemTypeId,
    round: workflow.dial.round,
    reasons,
    skippedAt: now.toISOString(),
  };
  if (!(await deps.calls.recordNotDialled(attempt, result, skip))) return 'duplicate';
  const final = finalRowOf(result);
  if (final !== undefined) await writeFinalCounted(deps, final);
  deps.log.info('number skipped before dialling', { attemptId: attempt.attemptId, campaignId: workflow.campaignId, contactId: workflow.contactId, phone: phone.label, reasons });
  await deps.workflows.resume(attempt.taskToken, result);
  return 'skipped';
}
