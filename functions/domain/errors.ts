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
