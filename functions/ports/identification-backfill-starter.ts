// A backfill runs in its own invocations: the API answers at once, and a backfill too long for one continues itself.
export interface BackfillRequest {
  backfillId: string;
}

export interface IdentificationBackfillStarter {
  /** Queue an invocation of the worker; it goes on from the backfill's stored cursor. */
  start(request: BackfillRequest): Promise<void>;
}
