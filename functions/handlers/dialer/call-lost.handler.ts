// The state machine's catch of a failed or timed-out call task: settle the call and return what comes next.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import type { WorkflowData } from '#domain/dialer/workflow-data';
import { recordLostCall } from '#domain/use-cases/dialer/record-lost-call';
import { logger } from '#shared/observability';
import { dialerDependencies } from '../dialer-composition.ts';

const lostCallPayload = z.object({
  executionName: z.string().min(1),
  workflow: z.custom<WorkflowData>((value) => typeof value === 'object' && value !== null && 'next' in value && 'dial' in value),
  failure: z.object({ Error: z.string().optional() }).optional(),
});

export const handler = middy<unknown, WorkflowData>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const { executionName, workflow, failure } = lostCallPayload.parse(event);
    return recordLostCall(dialerDependencies(), { executionName, workflow, error: failure?.Error });
  });
