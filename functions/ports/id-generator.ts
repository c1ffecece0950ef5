export interface IdGenerator {
  /** A new random id. */
  newId(): string;
  /** The same id for the same natural key, always: makes imports idempotent under concurrency. */
  idFor(naturalKey: string): string;
}
