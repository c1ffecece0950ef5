// The state machine's call task (lambda:invoke.waitForTaskToken): claim, dial, and leave the execution waiting.
import { z } from 'zod';
import { placeCall } from '#domain/use-cases/dialer/place-call';
import type { WorkflowData } from '#domain/dialer/workflow-data';
import { eventHandler } from '#shared/event-handler';
import { logger } from '#shared/observability';
import { dialerDependencies } from '../dialer-composition.ts';

/** The task's Payload as the definition builds it; the workflow data is the execution's own output, not re-checked. */
const placeCallPayload = z.object({
  taskToken: z.string().min(1),
  executionName: z.string().min(1),
  workflow: z.custom<WorkflowData>((value) => typeof value === 'object' && value !== null && 'next' in value && 'dial' in value),
});

export const handler = eventHandler<unknown, void>(async (event) => {
  const result = await placeCall(dialerDependencies(), placeCallPayload.parse(event));
  logger.info('call task done', { result });
});
