// IdentificationBackfillRepository in memory, with the adapter's rules: created once, advanced only from the pages
// done and the status read.
import type { IdentificationBackfill } from '#domain/identity/identification-backfill';
import type { IdentificationBackfillRepository } from '#ports/identification-backfill-repository';

export class InMemoryIdentificationBackfillRepository implements IdentificationBackfillRepository {
  private readonly backfills = new Map<string, IdentificationBackfill>();
  /** Saves refused because another invocation (or a switch) moved the backfill first. */
  refused = 0;

  async create(backfill: IdentificationBackfill): Promise<boolean> {
    if (this.backfills.has(backfill.id)) return false;
    this.backfills.set(backfill.id, structuredClone(backfill));
    return true;
  }

  async get(id: string): Promise<IdentificationBackfill | undefined> {
    return structuredClone(this.backfills.get(id));
  }

  async advance(previous: IdentificationBackfill, next: IdentificationBackfill): Promise<boolean> {
    const stored = this.backfills.get(previous.id);
    if (stored === undefined || stored.pages !== previous.pages || stored.status !== previous.status) {
      this.refused += 1;
      return false;
    }
    this.backfills.set(next.id, structuredClone(next));
    return true;
  }
}
