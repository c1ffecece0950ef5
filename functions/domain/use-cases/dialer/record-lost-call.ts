// The call task failed or timed out: the call is settled without an outcome and the contact goes on.
import type { CallAttempt } from '#ports/call-ledger';
import { skipPhone } from '../../dialer/dial-plan.ts';
import { advanceWorkflow, attemptIdOf, finalRowOf, type WorkflowData } from '../../dialer/workflow-data.ts';
import type { DialerDependencies } from './dialer-dependencies.ts';
import { countRecordedCall, writeFinalCounted } from './dialer-metrics.ts';
import { reofferUntakenCall } from './preview.ts';
import { outcomeRecord } from './record-call-outcome.ts';

export interface LostCallTask {
  executionName: string;
  workflow: WorkflowData;
  /** The error the call task ended with (States.Timeout, a Lambda error…). */
  error: string | undefined;
}

/**
 * A call whose outcome never came counts as DROP: we dialled (or may have) and do not know what happened, and
 * counting it keeps the retry limits in force. An outcome that did come in the meantime wins. A task that failed
 * before it claimed the attempt dialled nothing (the call task dials only after its claim): the phone is passed
 * over and nothing counts (DESIGN §5 rule 1), as for any call not placed; a round of such skips closes the contact,
 * so a task that always fails cannot keep an execution going.
 */
export async function recordLostCall(deps: DialerDependencies, task: LostCallTask): Promise<WorkflowData> {
  const { workflow } = task;
  if (workflow.next.kind !== 'call') throw new Error('a lost call for an execution with nothing to call');
  const attemptId = attemptIdOf(task.executionName, workflow.attempt);
  const now = deps.clock.now();
  // Preview: no agent took the offer in time. It is withdrawn and the same number offered again, counting nothing.
  const reoffered = await reofferUntakenCall(deps, task.executionName, workflow);
  if (reoffered !== undefined) return reoffered;
  let attempt = await deps.calls.getAttempt(attemptId);
  if (attempt === undefined) {
    const unclaimed: CallAttempt = { attemptId, executionName: task.executionName, taskToken: '', workflow, phoneIndex: workflow.next.phoneIndex, startedAt: now.toISOString(), status: 'NOT_PLACED' };
    if (await deps.calls.recordNotDialled(unclaimed, advanceWorkflow(workflow, skipPhone(workflow.dial, workflow.settings, now)))) {
      deps.log.warn('call task failed before dialling: phone passed over', { attemptId, error: task.error });
    }
    // Either stored now, or claimed in between by a late delivery of the task (which then settles as below).
    attempt = await deps.calls.getAttempt(attemptId);
  }
  if (attempt?.status === 'DIALLING') {
    const cause = task.error === 'States.Timeout' ? 'no outcome within the call timeout' : `the call task failed (${task.error ?? 'unknown error'})`;
    const record = outcomeRecord(attempt, 'DROP', now.toISOString(), cause);
    if (await deps.calls.recordOutcome(record)) {
      countRecordedCall(deps.metrics, record);
      deps.log.warn('call settled without an outcome', { attemptId, error: task.error });
      return record.result;
    }
  }
  const settled = await deps.calls.getAttempt(attemptId);
  if (settled?.result === undefined) throw new Error(`attempt ${attemptId} ended without a result`);
  // A call not placed that closes the contact has no outcome to write its Final row: it is written here (once).
  const final = settled.status === 'NOT_PLACED' ? finalRowOf(settled.result) : undefined;
  if (final !== undefined) await writeFinalCounted(deps, final);
  return settled.result;
}
