// Runs an import when its file lands in the imports bucket (S3 "Object Created" through EventBridge).
import type { EventBridgeEvent } from 'aws-lambda';
import { runImport } from '#domain/use-cases/import-contacts';
import { idempotentEventHandler } from '#shared/event-handler';
import { logger } from '#shared/observability';
import { importDependencies } from './composition.ts';

type ObjectCreated = EventBridgeEvent<'Object Created', { bucket: { name: string }; object: { key: string; size: number } }>;

/**
 * Idempotent by the uploaded object (one import job per key): EventBridge delivers at least once, and a second delivery
 * while the first still runs would start the same job over beside it (counts reset, rows read twice, reported as
 * unchanged). A finished job is left alone by the use case already; this covers the delivery that overlaps.
 */
export const handler = idempotentEventHandler<ObjectCreated>({ keyPrefix: 'import-file', eventKey: 'detail.[bucket.name, object.key]' }, async (event) => {
  const job = await runImport(importDependencies(), decodeURIComponent(event.detail.object.key));
  logger.info('import finished', { importId: job.id, status: job.status, counts: job.counts });
});
