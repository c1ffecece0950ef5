// Named domain errors. They carry no HTTP status: one mapper at the edge turns them into responses.

export abstract class DomainError extends Error {
  override readonly name: string = this.constructor.name;
}

/** An input broke a rule; `field` is a dotted path into the input. */
export class InvalidInputError extends DomainError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

export class InvalidPhoneNumberError extends InvalidInputError {}

export class NotFoundError extends DomainError {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
  }
}

/** The contact was merged into another: it answers with a redirect to the survivor. */
export class ContactMergedError extends DomainError {
  constructor(
    readonly contactId: string,
    readonly survivorId: string,
  ) {
    super(`contact ${contactId} was merged into contact ${survivorId}`);
  }
}

/** A uniqueness rule would break (a mobile number with two holders, an item type name used twice). */
export class ConflictError extends DomainError {
  constructor(
    message: string,
    readonly details: Record<string, string> = {},
  ) {
    super(message);
  }
}

export class MobileNumberTakenError extends ConflictError {
  constructor(
    readonly number: string,
    readonly holderContactId: string,
  ) {
    super(`mobile number ${number} already belongs to contact ${holderContactId}`, { number, holderContactId });
  }
}

/** The caller wrote from a stale version: nothing was written. */
export class VersionConflictError extends ConflictError {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly expectedVersion: number,
  ) {
    super(`${entity} ${id} has changed since version ${expectedVersion}: read it again and retry`, { id });
  }
}

/** A limit on attempts was reached: nothing was done. */
export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    /** Which limit, for machines: `send_limit`, `check_limit`. */
    readonly limit: string,
    readonly retry: {
      /** When the same request can succeed, where waiting is what helps. */
      at?: Date;
      /** The same, in seconds from now on the domain's clock (the server's own clock may run on other time). */
      afterSeconds?: number;
    } = {},
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

/** A service the request needs cannot do it now, or is not set up in this deployment: nothing was done. */
export class ServiceUnavailableError extends DomainError {
  constructor(
    message: string,
    /** Which one, for machines: `sms`. */
    readonly service: string,
  ) {
    super(message);
  }
}

/**
 * A one-time code did not verify its number. `wrong-code` spent a check, `malformed-code` did not (both leave
 * `remainingChecks`); `expired` and `no-code` (none sent, or already used) need a new code.
 */
export class VerificationCodeRejectedError extends DomainError {
  constructor(
    readonly reason: 'wrong-code' | 'malformed-code' | 'expired' | 'no-code',
    message: string,
    readonly remainingChecks?: number,
  ) {
    super(message);
  }
}
