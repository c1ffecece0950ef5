// Run ids: derived from when a run starts, so the same start always names the same run (and the same executions).
import { InvalidInputError } from '../../errors.ts';

/** `r20251103T1000`: a scheduled start, to the minute it was scheduled for (Scheduler's own precision for cron). */
export function scheduledRunId(scheduledTime: string): string {
  const millis = Date.parse(scheduledTime);
  if (!Number.isFinite(millis)) throw new InvalidInputError('scheduledTime', 'must be an ISO 8601 time');
  return `r${compact(new Date(millis)).slice(0, 13)}`;
}

/** `m20251103T100012`: a start by hand, to the second; `m` and `r` ids never meet. */
export function manualRunId(now: Date): string {
  return `m${compact(now)}`;
}

/** 2025-11-03T10:00:12.345Z → 20251103T100012 */
function compact(time: Date): string {
  return time.toISOString().slice(0, 19).replace(/[-:]/g, '');
}
