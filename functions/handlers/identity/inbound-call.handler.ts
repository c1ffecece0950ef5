// An inbound call, from the Amazon Connect contact flow's "Invoke AWS Lambda function" block: the interaction lands on
// the right contact (DESIGN §3) and the flow gets the contact's id back (flat strings, as Connect requires).
import { z } from 'zod';
import { InvalidPhoneNumberError } from '#domain/errors';
import { handleInbound } from '#domain/use-cases/identity/inbound';
import { eventHandler } from '#shared/event-handler';
import { logger } from '#shared/observability';
import { inboundDependencies } from '../inbound-composition.ts';

/** The part of Connect's contact flow event this function reads. */
const contactFlowEvent = z.object({
  Details: z.object({
    ContactData: z.object({
      ContactId: z.string().min(1).max(256),
      Channel: z.string(),
      InitiationMethod: z.string(),
      CustomerEndpoint: z.object({ Address: z.string().min(1).max(40), Type: z.string() }).nullable().optional(),
    }),
  }),
});

export interface ContactFlowAnswer {
  /** Empty when the call landed on nobody (several contacts hold the number) or could not be read. */
  contactId: string;
  decision: string;
}

export const handler = eventHandler<unknown, ContactFlowAnswer>(async (event) => {
  const parsed = contactFlowEvent.safeParse(event);
  const contact = parsed.success ? parsed.data.Details.ContactData : undefined;
  // Only inbound voice calls from a phone number are ours; the flow goes on either way.
  if (!contact || contact.Channel !== 'VOICE' || contact.InitiationMethod !== 'INBOUND' || contact.CustomerEndpoint?.Type !== 'TELEPHONE_NUMBER') {
    logger.warn('contact flow event ignored', { readable: parsed.success });
    return { contactId: '', decision: 'ignored' };
  }
  try {
    const deps = inboundDependencies();
    const outcome = await handleInbound(deps, { channel: 'voice', from: contact.CustomerEndpoint.Address, at: deps.clock.now().toISOString(), provider: 'connect', eventId: contact.ContactId });
    return { contactId: outcome.interaction.contactId ?? '', decision: outcome.decision };
  } catch (error) {
    // Withheld or malformed caller ids hold nobody's number: the call goes on unidentified.
    if (!(error instanceof InvalidPhoneNumberError)) throw error;
    return { contactId: '', decision: 'unidentified' };
  }
});
