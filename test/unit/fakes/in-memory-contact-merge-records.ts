// ContactMergeRecords in memory, with the adapter's conditions: begun once per merged contact, advanced from the stored step.
import type { ContactMerge } from '#domain/identity/contact-merge';
import type { ContactMergeRecords } from '#ports/contact-merge-records';

export class InMemoryContactMergeRecords implements ContactMergeRecords {
  private readonly records = new Map<string, ContactMerge>();

  async begin(merge: ContactMerge): Promise<boolean> {
    if (this.records.has(merge.mergedId)) return false;
    this.records.set(merge.mergedId, structuredClone(merge));
    return true;
  }

  async get(mergedId: string): Promise<ContactMerge | undefined> {
    return structuredClone(this.records.get(mergedId));
  }

  async advance(previous: ContactMerge, next: ContactMerge): Promise<boolean> {
    if (this.records.get(previous.mergedId)?.step !== previous.step) return false;
    this.records.set(next.mergedId, structuredClone(next));
    return true;
  }
}
