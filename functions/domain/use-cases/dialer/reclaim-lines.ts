// Lines held by calls whose execution is gone: given back when the execution ends badly, and by a periodic sweep.
import type { DialerDependencies } from './dialer-dependencies.ts';

/** The execution statuses whose change is routed here (the EventBridge rule in AWS, the local runtime locally). */
export const reclaimedExecutionStatuses = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;
const endedBadly = new Set<string>(reclaimedExecutionStatuses);
/** Longer than any call task may wait (its timeout), so the sweep never takes a line a live call holds. */
export const staleAttemptMinutes = 120;
const sweepBatch = 100;

/** An execution ended: if it failed, timed out or was stopped, its dialling attempts give their lines back. */
export async function reclaimLinesOfExecution(deps: DialerDependencies, executionName: string, status: string): Promise<number> {
  if (!endedBadly.has(status)) return 0;
  let reclaimed = 0;
  for (const attempt of await deps.calls.dialingAttemptsOf(executionName)) {
    if (await deps.calls.abandon(attempt)) reclaimed += 1;
  }
  if (reclaimed > 0) deps.log.warn('lines reclaimed from an execution that ended', { executionName, status, reclaimed });
  return reclaimed;
}

/** Attempts dialling for longer than any call may: their executions missed the status event. */
export async function sweepStaleLines(deps: DialerDependencies): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - staleAttemptMinutes * 60_000).toISOString();
  let reclaimed = 0;
  for (;;) {
    const stale = await deps.calls.staleDialingAttempts(before, sweepBatch);
    for (const attempt of stale) if (await deps.calls.abandon(attempt)) reclaimed += 1;
    if (stale.length < sweepBatch) break;
  }
  if (reclaimed > 0) deps.log.warn('stale lines swept', { reclaimed });
  return reclaimed;
}
