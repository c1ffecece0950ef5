// Where identification backfills are kept: one job item each, beside the contacts it pages through.
import type { IdentificationBackfill } from '#domain/identity/identification-backfill';

export interface IdentificationBackfillRepository {
  /** False when a backfill with this id exists already (the API and the worker both create it: whichever comes first). */
  create(backfill: IdentificationBackfill): Promise<boolean>;
  get(id: string): Promise<IdentificationBackfill | undefined>;
  /**
   * Writes `next` only if the stored backfill still has `previous`'s pages done and status; false otherwise: another
   * invocation saved that page first, or a switch stopped it.
   */
  advance(previous: IdentificationBackfill, next: IdentificationBackfill): Promise<boolean>;
}
