// The dialer's business counts, each made by the write that stored the event, so a duplicate delivery counts nothing:
// one CallsPlaced per History row (by its status), one ContactsClosed per Final row (by its close reason).
import type { FinalRow } from '../../dialer/workflow-data.ts';
import type { CallLedger, OutcomeRecord } from '#ports/call-ledger';
import type { Metrics } from '#ports/metrics';

/** After `recordOutcome` stored the call's end: its History row, and its Final row when it closed the contact. */
export function countRecordedCall(metrics: Metrics, record: OutcomeRecord): void {
  metrics.count('CallsPlaced', { name: 'status', value: record.history.status });
  if (record.final !== undefined) countClosedContact(metrics, record.final);
}

export function countClosedContact(metrics: Metrics, final: FinalRow): void {
  metrics.count('ContactsClosed', { name: 'reason', value: final.reason });
}

/** A Final row written outside an outcome (a contact closed without a call): counted only by the write that stored it. */
export async function writeFinalCounted(deps: { calls: Pick<CallLedger, 'writeFinal'>; metrics: Metrics }, final: FinalRow): Promise<void> {
  if (await deps.calls.writeFinal(final)) countClosedContact(deps.metrics, final);
}
