// Execution status changes (EventBridge rule) and a periodic sweep (EventBridge schedule): lines never leak.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { reclaimLinesOfExecution, sweepStaleLines } from '#domain/use-cases/dialer/reclaim-lines';
import { logger } from '#shared/observability';
import { dialerDependencies } from '../dialer-composition.ts';

type ReclaimEvent =
  | { 'detail-type': 'Step Functions Execution Status Change'; detail: { name: string; status: string } }
  | { 'detail-type': 'Scheduled Event'; detail: unknown };

export const handler = middy<ReclaimEvent, void>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const deps = dialerDependencies();
    if (event['detail-type'] === 'Step Functions Execution Status Change') await reclaimLinesOfExecution(deps, event.detail.name, event.detail.status);
    else await sweepStaleLines(deps);
  });
