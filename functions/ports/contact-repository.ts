import type { Contact, PhoneKind } from '#domain/contact';

/** One contact that holds a number, as the phone index records it. */
export interface PhoneHolder {
  contactId: string;
  number: string;
  kind: PhoneKind;
  role: 'primary' | 'additional';
}

export interface Page<T> {
  items: T[];
  /** Opaque: pass it back to read the next page; absent on the last page. */
  cursor: string | undefined;
}

export type ContactWrite = { type: 'create'; contact: Contact } | { type: 'update'; previous: Contact; next: Contact };

/** What became of one write of a batch: done, or the domain error that stopped it. */
export type ContactWriteResult = { ok: true } | { ok: false; error: Error };

export interface ContactRepository {
  get(id: string): Promise<Contact | undefined>;
  getMany(ids: readonly string[]): Promise<Contact[]>;
  /** Every contact holding the number, whatever its kind. */
  findHolders(e164: string): Promise<PhoneHolder[]>;
  /** External id → contact id, for the external ids that are taken. */
  findByExternalIds(externalIds: readonly string[]): Promise<Map<string, string>>;
  list(limit: number, cursor: string | undefined): Promise<Page<Contact>>;
  /** Throws MobileNumberTakenError, or ConflictError for a taken external id or contact id. */
  create(contact: Contact): Promise<void>;
  /** Throws VersionConflictError when `previous` is not the stored version, and as create. */
  update(previous: Contact, next: Contact): Promise<void>;
  delete(contact: Contact): Promise<void>;
  /** Many writes in few requests; each write succeeds or fails alone. */
  writeMany(writes: readonly ContactWrite[]): Promise<ContactWriteResult[]>;
  countPhonesWithItemType(itemTypeId: string): Promise<number>;
  /**
   * A merge's numbers in one transaction: the survivor becomes `survivorAfter`, the merged contact and its holder items
   * go, its mobile and external-id claims pass to the survivor, and the merged id redirects to the survivor. Throws
   * VersionConflictError when either contact changed since it was read.
   */
  merge(survivorBefore: Contact, survivorAfter: Contact, merged: Contact, at: string): Promise<void>;
  /** The contact a merged-away id redirects to (one step: the survivor may have been merged since). */
  mergedInto(id: string): Promise<string | undefined>;
}
