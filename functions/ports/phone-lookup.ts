// The paid number lookup port: what a carrier database says of a line, whatever the provider. Every call costs money.
import { DomainError } from '#domain/errors';

/** The provider's answer. `prepaid` is a prepaid mobile; `other` a valid number of a type the provider does not name. */
export type LookupLineType = 'mobile' | 'landline' | 'voip' | 'prepaid' | 'invalid' | 'other';

export const lookupLineTypes: readonly LookupLineType[] = ['mobile', 'landline', 'voip', 'prepaid', 'invalid', 'other'];

export interface LookupResult {
  lineType: LookupLineType;
  /** The carrier the number belongs to now, when the provider says. */
  carrier?: string;
}

export interface PhoneLookup {
  /**
   * Look one E.164 number up: one paid request. Throws LookupUnavailableError (throttled, down, timed out: retry
   * later) or LookupRejectedError (the provider refuses our request: fix the request or the permissions).
   */
  lookup(e164: string): Promise<LookupResult>;
}

// Names are literal, not taken from the constructor: bundling may rename classes. Messages never carry the number.

export abstract class LookupError extends DomainError {
  constructor(
    message: string,
    /** The provider's own error code or exception name, for diagnosis. */
    readonly providerCode: string | undefined,
  ) {
    super(message);
  }
}

/** No answer now (throttled, provider fault, network, timeout): asking again later may work. */
export class LookupUnavailableError extends LookupError {
  override readonly name = 'LookupUnavailableError';

  constructor(
    readonly reason: 'throttled' | 'unavailable',
    providerCode?: string,
  ) {
    super(`the number lookup is ${reason === 'throttled' ? 'throttled' : 'unavailable'}: retry later`, providerCode);
  }
}

/** The provider refuses the request itself (malformed, not allowed): asking again the same way will not work. */
export class LookupRejectedError extends LookupError {
  override readonly name = 'LookupRejectedError';

  constructor(detail: string, providerCode?: string) {
    super(`the number lookup refused the request: ${detail}`, providerCode);
  }
}
