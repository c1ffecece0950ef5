// IdentificationBackfillStarter in memory: the invocations it was asked for wait in a queue until a test delivers them.
import type { BackfillRequest, IdentificationBackfillStarter } from '#ports/identification-backfill-starter';

export class InMemoryIdentificationBackfillStarter implements IdentificationBackfillStarter {
  readonly requests: BackfillRequest[] = [];

  async start(request: BackfillRequest): Promise<void> {
    this.requests.push(structuredClone(request));
  }

  /** The oldest request not yet delivered. */
  take(): BackfillRequest | undefined {
    return this.requests.shift();
  }
}
