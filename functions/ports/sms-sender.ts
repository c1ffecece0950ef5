// The SMS port: the few messages the product sends itself (verification codes, keyword replies), whatever the provider.
import { DomainError } from '#domain/errors';

export type SmsKind = 'verification' | 'opt-out-confirmation' | 'opt-in-confirmation' | 'help';

export interface SmsMessage {
  /** E.164. Never logged in clear. */
  to: string;
  body: string;
  /** Why we send it: providers log it with the message's events, and an opt-out confirmation is sent once at most. */
  kind: SmsKind;
}

export interface SmsReceipt {
  /** The provider's id of the message: delivery events carry it. */
  messageId: string;
}

export interface SmsSender {
  /**
   * Send one message. Throws SmsUnavailableError (nothing sent: retry later), SmsDestinationRejectedError (the
   * provider refuses this number: opted out, blocked, invalid), SmsRequestRejectedError (our settings are wrong) or
   * SmsSendUncertainError (it may have been sent: do not resend where a duplicate matters).
   */
  send(message: SmsMessage): Promise<SmsReceipt>;
}

// Named errors, as the telephony port's: names are literal, not taken from the constructor, because bundling may
// rename classes. Messages never carry the destination number.

export abstract class SmsError extends DomainError {
  constructor(
    message: string,
    /** The provider's own error code or exception name, for diagnosis. */
    readonly providerCode: string | undefined,
  ) {
    super(message);
  }
}

/** Throttled, over a rate quota, or unreachable before anything was sent: retrying cannot send twice. */
export class SmsUnavailableError extends SmsError {
  override readonly name = 'SmsUnavailableError';

  constructor(
    readonly reason: 'throttled' | 'unavailable',
    providerCode?: string,
  ) {
    super(`SMS sending is ${reason === 'throttled' ? 'throttled' : 'unavailable'}: retry later`, providerCode);
  }
}

/**
 * The provider refuses to send to this number: not sent. `opted-out`: the number is on the provider's opt-out list
 * (it replied STOP to the provider, which may have answered it already); `blocked`: its country or the number is
 * blocked by our settings or not allowed (sandbox); `invalid`: not a number the provider can send to.
 */
export class SmsDestinationRejectedError extends SmsError {
  override readonly name = 'SmsDestinationRejectedError';

  constructor(
    readonly reason: 'opted-out' | 'blocked' | 'invalid',
    providerCode?: string,
  ) {
    super(`the SMS provider refused the destination (${reason}): the message was not sent`, providerCode);
  }
}

/** The provider refuses the request itself (unknown origination identity, no permission, spend limit): not sent. */
export class SmsRequestRejectedError extends SmsError {
  override readonly name = 'SmsRequestRejectedError';

  constructor(detail: string, providerCode?: string) {
    super(`the SMS provider refused the request: ${detail}`, providerCode);
  }
}

/**
 * The request may have reached the provider and been sent, and the provider takes no idempotency key to ask again.
 * Resending could send it twice: harmless for a new verification code, not allowed for an opt-out confirmation.
 */
export class SmsSendUncertainError extends SmsError {
  override readonly name = 'SmsSendUncertainError';

  constructor(providerCode?: string) {
    super('the SMS may or may not have been sent: do not resend where a duplicate matters', providerCode);
  }
}
