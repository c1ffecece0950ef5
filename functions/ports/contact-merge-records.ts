// Where a merge records how far it got, so that one interrupted half-way is resumed, not started again.
import type { ContactMerge } from '#domain/identity/contact-merge';

export interface ContactMergeRecords {
  /** False when the merged contact has a merge record already (being merged, or merged). */
  begin(merge: ContactMerge): Promise<boolean>;
  get(mergedId: string): Promise<ContactMerge | undefined>;
  /** Stores `next` when the stored record is still at `previous.step`; false otherwise (another run moved it on). */
  advance(previous: ContactMerge, next: ContactMerge): Promise<boolean>;
}
