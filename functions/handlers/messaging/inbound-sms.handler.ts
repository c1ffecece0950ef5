// Inbound SMS from End User Messaging two-way SMS, through its SNS topic: the message lands on its contact (DESIGN §3)
// and its keywords change consent at once (§4). Both steps are keyed by the message id: a redelivery repeats nothing.
import type { SNSEvent } from 'aws-lambda';
import { z } from 'zod';
import { InvalidPhoneNumberError } from '#domain/errors';
import { handleInboundSms } from '#domain/use-cases/consent/inbound-sms';
import { handleInbound } from '#domain/use-cases/identity/inbound';
import { eventHandler } from '#shared/event-handler';
import { logger } from '#shared/observability';
import { consentDependencies } from '../composition.ts';
import { inboundDependencies } from '../inbound-composition.ts';
import { smsSender } from '../messaging-composition.ts';

/** What End User Messaging publishes for each inbound message (its two-way SMS payload). */
const inboundSmsPayload = z.object({
  originationNumber: z.string().min(2).max(40),
  destinationNumber: z.string().max(40).optional(),
  messageBody: z.string().max(2_000),
  inboundMessageId: z.string().min(1).max(200),
});

export const handler = eventHandler<SNSEvent, void>(async (event) => {
  for (const record of event.Records) {
    const parsed = inboundSmsPayload.safeParse(parseJson(record.Sns.Message));
    if (!parsed.success) {
      // Retrying cannot make it readable: logged for an operator (without the message), then dropped.
      logger.error('inbound SMS payload unreadable', { snsMessageId: record.Sns.MessageId, issues: parsed.error.issues.map((issue) => issue.path.join('.')) });
      continue;
    }
    const { originationNumber, messageBody, inboundMessageId } = parsed.data;
    try {
      const landed = await handleInbound(inboundDependencies(), { channel: 'sms', from: originationNumber, at: record.Sns.Timestamp, provider: 'eum-sms', eventId: inboundMessageId });
      const landing = { contactId: landed.interaction.contactId };
      await handleInboundSms({ ...consentDependencies(), sms: smsSender() }, { messageId: inboundMessageId, from: originationNumber, body: messageBody, receivedAt: record.Sns.Timestamp, landing });
    } catch (error) {
      // A sender that is no phone number (a short code, a sender id) holds no consent of ours: delivering it again
      // cannot help. Anything else goes back to SNS, which delivers again: the message id makes that harmless.
      if (!(error instanceof InvalidPhoneNumberError)) throw error;
      logger.warn('inbound SMS from a sender that is not a phone number ignored', { snsMessageId: record.Sns.MessageId });
    }
  }
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
