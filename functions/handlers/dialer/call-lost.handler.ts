// The state machine's catch of a failed or timed-out call task: settle the call and return what comes next.
import { z } from 'zod';
import type { WorkflowData } from '#domain/dialer/workflow-data';
import { recordLostCall } from '#domain/use-cases/dialer/record-lost-call';
import { eventHandler } from '#shared/event-handler';
import { dialerDependencies } from '../dialer-composition.ts';

const lostCallPayload = z.object({
  executionName: z.string().min(1),
  workflow: z.custom<WorkflowData>((value) => typeof value === 'object' && value !== null && 'next' in value && 'dial' in value),
  failure: z.object({ Error: z.string().optional() }).optional(),
});

export const handler = eventHandler<unknown, WorkflowData>(async (event) => {
  const { executionName, workflow, failure } = lostCallPayload.parse(event);
  return recordLostCall(dialerDependencies(), { executionName, workflow, error: failure?.Error });
});
