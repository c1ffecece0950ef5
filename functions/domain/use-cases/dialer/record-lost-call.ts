// The call task failed or timed out: the call is settled without an outcome and the contact goes on.
import type { CallAttempt } from '#ports/call-ledger';
import { attemptIdOf, type WorkflowData } from '../../dialer/workflow-data.ts';
import type { DialerDependencies } from './dialer-dependencies.ts';
import { outcomeRecord } from './record-call-outcome.ts';

export interface LostCallTask {
  executionName: string;
  workflow: WorkflowData;
  /** The error the call task ended with (States.Timeout, a Lambda error…). */
  error: string | undefined;
}

/**
 * A call whose outcome never came counts as DROP: we dialled (or may have) and do not know what happened, and
 * counting it keeps the retry limits in force. An outcome that did come in the meantime wins.
 */
export async function recordLostCall(deps: DialerDependencies, task: LostCallTask): Promise<WorkflowData> {
  const { workflow } = task;
  const attemptId = attemptIdOf(task.executionName, workflow.attempt);
  let attempt = await deps.calls.getAttempt(attemptId);
  if (attempt === undefined) {
    if (workflow.next.kind !== 'call') throw new Error('a lost call for an execution with nothing to call');
    // The task failed before it claimed the attempt: claim it now so that it is settled like any other.
    attempt = { attemptId, executionName: task.executionName, taskToken: '', workflow, phoneIndex: workflow.next.phoneIndex, startedAt: deps.clock.now().toISOString(), status: 'DIALLING' } satisfies CallAttempt;
    await deps.calls.claim(attempt, Number.MAX_SAFE_INTEGER);
  }
  if (attempt.status === 'DIALLING') {
    const cause = task.error === 'States.Timeout' ? 'no outcome within the call timeout' : `the call task failed (${task.error ?? 'unknown error'})`;
    const record = outcomeRecord(attempt, 'DROP', deps.clock.now().toISOString(), cause);
    if (await deps.calls.recordOutcome(record)) {
      deps.log.warn('call settled without an outcome', { attemptId, error: task.error });
      return record.result;
    }
  }
  const settled = await deps.calls.getAttempt(attemptId);
  if (settled?.result === undefined) throw new Error(`attempt ${attemptId} ended without a result`);
  return settled.result;
}
