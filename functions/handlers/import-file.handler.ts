// Runs an import when its file lands in the imports bucket (S3 "Object Created" through EventBridge).
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { runImport } from '#domain/use-cases/import-contacts';
import { logger } from '#shared/observability';
import { importDependencies } from './composition.ts';

type ObjectCreated = EventBridgeEvent<'Object Created', { bucket: { name: string }; object: { key: string; size: number } }>;

export const handler = middy<ObjectCreated, void>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const job = await runImport(importDependencies(), decodeURIComponent(event.detail.object.key));
    logger.info('import finished', { importId: job.id, status: job.status, counts: job.counts });
  });
