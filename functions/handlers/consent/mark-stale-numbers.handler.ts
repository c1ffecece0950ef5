// The daily stale-number job, started by an EventBridge schedule.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { markStaleNumbers, type StaleRunReport } from '#domain/use-cases/consent/stale-numbers';
import { logger } from '#shared/observability';
import { consentDependencies } from '../composition.ts';

export const handler = middy<unknown, StaleRunReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => markStaleNumbers(consentDependencies()));
