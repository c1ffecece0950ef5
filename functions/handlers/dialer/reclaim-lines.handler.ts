// Execution status changes (EventBridge rule) and a periodic sweep (EventBridge schedule): lines never leak.
import { reclaimLinesOfExecution, sweepStaleLines } from '#domain/use-cases/dialer/reclaim-lines';
import { eventHandler } from '#shared/event-handler';
import { dialerDependencies } from '../dialer-composition.ts';

type ReclaimEvent =
  | { 'detail-type': 'Step Functions Execution Status Change'; detail: { name: string; status: string } }
  | { 'detail-type': 'Scheduled Event'; detail: unknown };

export const handler = eventHandler<ReclaimEvent, void>(async (event) => {
  const deps = dialerDependencies();
  if (event['detail-type'] === 'Step Functions Execution Status Change') await reclaimLinesOfExecution(deps, event.detail.name, event.detail.status);
  else await sweepStaleLines(deps);
});
