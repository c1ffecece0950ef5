// Inbound SMS from End User Messaging two-way SMS, through its SNS topic: keywords change consent at once.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { z } from 'zod';
import { handleInboundSms } from '#domain/use-cases/consent/inbound-sms';
import { logger } from '#shared/observability';
import { consentDependencies } from '../composition.ts';
import { smsSender } from '../messaging-composition.ts';

/** What End User Messaging publishes for each inbound message (its two-way SMS payload). */
const inboundSmsPayload = z.object({
  originationNumber: z.string().min(2).max(40),
  destinationNumber: z.string().max(40).optional(),
  messageBody: z.string().max(2_000),
  inboundMessageId: z.string().min(1).max(200),
});

export const handler = middy<SNSEvent, void>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    for (const record of event.Records) {
      const parsed = inboundSmsPayload.safeParse(parseJson(record.Sns.Message));
      if (!parsed.success) {
        // Retrying cannot make it readable: logged for an operator (without the message), then dropped.
        logger.error('inbound SMS payload unreadable', { snsMessageId: record.Sns.MessageId, issues: parsed.error.issues.map((issue) => issue.path.join('.')) });
        continue;
      }
      const { originationNumber, messageBody, inboundMessageId } = parsed.data;
      // Anything else thrown goes back to SNS, which delivers again: the message id makes that harmless.
      await handleInboundSms({ ...consentDependencies(), sms: smsSender() }, { messageId: inboundMessageId, from: originationNumber, body: messageBody, receivedAt: record.Sns.Timestamp });
    }
  });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
