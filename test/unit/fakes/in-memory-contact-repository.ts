// ContactRepository in memory, with the conditions the DynamoDB adapter enforces: a contact id is created
// once, an update or delete needs the stored version, a mobile number and an external id have one holder.
import { allPhones, type Contact } from '#domain/contact';
import { ConflictError, DomainError, MobileNumberTakenError, VersionConflictError } from '#domain/errors';
import type { ContactRepository, ContactWrite, ContactWriteResult, Page, PhoneHolder } from '#ports/contact-repository';

export class InMemoryContactRepository implements ContactRepository {
  private readonly contacts = new Map<string, Contact>();
  private readonly mobileClaims = new Map<string, string>();
  private readonly externalIdClaims = new Map<string, string>();
  private readonly redirects = new Map<string, string>();
  /** Every write that was committed, in order: lets a test see that nothing was written. */
  readonly committed: ContactWrite[] = [];

  async get(id: string): Promise<Contact | undefined> {
    const contact = this.contacts.get(id);
    return contact && structuredClone(contact);
  }

  async getMany(ids: readonly string[]): Promise<Contact[]> {
    return [...new Set(ids)].flatMap((id) => {
      const contact = this.contacts.get(id);
      return contact ? [structuredClone(contact)] : [];
    });
  }

  async findHolders(e164: string): Promise<PhoneHolder[]> {
    const holders: PhoneHolder[] = [];
    for (const contact of this.contacts.values()) {
      const phone = allPhones(contact).find((candidate) => candidate.number === e164);
      if (phone) holders.push({ contactId: contact.id, number: e164, kind: phone.kind, role: phone === contact.primaryPhone ? 'primary' : 'additional' });
    }
    return holders;
  }

  async findByExternalIds(externalIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const externalId of externalIds) {
      const holder = this.externalIdClaims.get(externalId);
      if (holder !== undefined) found.set(externalId, holder);
    }
    return found;
  }

  /** In id order; the cursor is the last id of the page. */
  async list(limit: number, cursor: string | undefined): Promise<Page<Contact>> {
    const ids = [...this.contacts.keys()].sort().filter((id) => cursor === undefined || id > cursor);
    const pageIds = ids.slice(0, limit);
    return { items: await this.getMany(pageIds), cursor: ids.length > limit ? pageIds.at(-1) : undefined };
  }

  async create(contact: Contact): Promise<void> {
    this.apply({ type: 'create', contact });
  }

  async update(previous: Contact, next: Contact): Promise<void> {
    this.apply({ type: 'update', previous, next });
  }

  async delete(contact: Contact): Promise<void> {
    this.check(contact, undefined);
    this.commit(contact, undefined);
  }

  async writeMany(writes: readonly ContactWrite[]): Promise<ContactWriteResult[]> {
    return writes.map((write) => {
      try {
        this.apply(write);
        return { ok: true };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return { ok: false, error };
      }
    });
  }

  async countPhonesWithItemType(itemTypeId: string): Promise<number> {
    let count = 0;
    for (const contact of this.contacts.values()) count += contact.additionalPhones.filter((phone) => phone.itemTypeId === itemTypeId).length;
    return count;
  }

  /** As the adapter: all conditions, then the survivor's write, the merged contact gone, its claims handed over, the redirect. */
  async merge(survivorBefore: Contact, survivorAfter: Contact, merged: Contact, _at: string): Promise<void> {
    const handedMobiles = mobileNumbersOf(merged);
    const stale = () => new VersionConflictError('contact', merged.id, merged.version);
    if (this.contacts.get(merged.id)?.version !== merged.version) throw stale();
    if (handedMobiles.some((number) => this.mobileClaims.get(number) !== merged.id)) throw stale();
    const survivorSees = (holder: string) => (holder === merged.id ? survivorAfter.id : holder);
    for (const number of mobileNumbersOf(survivorAfter)) {
      const holder = this.mobileClaims.get(number);
      if (holder !== undefined && survivorSees(holder) !== survivorAfter.id) throw new MobileNumberTakenError(number, holder);
    }
    if (this.contacts.get(survivorBefore.id)?.version !== survivorBefore.version) throw new VersionConflictError('contact', survivorBefore.id, survivorBefore.version);
    this.contacts.delete(merged.id);
    for (const number of handedMobiles) this.mobileClaims.set(number, survivorAfter.id);
    if (merged.externalId !== undefined) this.externalIdClaims.set(merged.externalId, survivorAfter.id);
    this.commit(survivorBefore, survivorAfter);
    this.redirects.set(merged.id, survivorAfter.id);
  }

  async mergedInto(id: string): Promise<string | undefined> {
    return this.redirects.get(id);
  }

  /** All conditions first, then all changes: like one transaction, a write happens whole or not at all. */
  private apply(write: ContactWrite): void {
    const [previous, next] = write.type === 'create' ? [undefined, write.contact] : [write.previous, write.next];
    this.check(previous, next);
    this.commit(previous, next);
    this.committed.push(structuredClone(write));
  }

  private check(previous: Contact | undefined, next: Contact | undefined): void {
    const id = (next ?? previous)!.id;
    const stored = this.contacts.get(id);
    if (previous === undefined && stored !== undefined) throw new ConflictError(`contact ${id} already exists`, { id });
    if (previous !== undefined && stored?.version !== previous.version) throw new VersionConflictError('contact', id, previous.version);
    for (const number of mobileNumbersOf(next)) {
      const holder = this.mobileClaims.get(number);
      if (holder !== undefined && holder !== id) throw new MobileNumberTakenError(number, holder);
    }
    const externalId = next?.externalId;
    const externalHolder = externalId === undefined ? undefined : this.externalIdClaims.get(externalId);
    if (externalId !== undefined && externalHolder !== undefined && externalHolder !== id) {
      throw new ConflictError(`external id ${externalId} already belongs to contact ${externalHolder}`, { externalId });
    }
  }

  private commit(previous: Contact | undefined, next: Contact | undefined): void {
    const id = (next ?? previous)!.id;
    for (const number of mobileNumbersOf(previous)) if (this.mobileClaims.get(number) === id) this.mobileClaims.delete(number);
    for (const number of mobileNumbersOf(next)) this.mobileClaims.set(number, id);
    if (previous?.externalId !== undefined && this.externalIdClaims.get(previous.externalId) === id) this.externalIdClaims.delete(previous.externalId);
    if (next?.externalId !== undefined) this.externalIdClaims.set(next.externalId, id);
    if (next) this.contacts.set(id, structuredClone(next));
    else this.contacts.delete(id);
  }
}

function mobileNumbersOf(contact: Contact | undefined): string[] {
  return contact ? allPhones(contact).filter((phone) => phone.kind === 'MOBILE').map((phone) => phone.number) : [];
}
