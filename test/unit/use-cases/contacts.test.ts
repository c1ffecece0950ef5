// Contact use cases against in-memory ports: create, read, replace, phone edits, delete, find by number, list.
import { describe, it, expect } from 'vitest';
import { maxAdditionalPhones, type Contact, type ContactInput } from '#domain/contact';
import { dialOrder } from '#domain/dial-order';
import { InvalidInputError, InvalidPhoneNumberError, MobileNumberTakenError, NotFoundError, VersionConflictError } from '#domain/errors';
import { addPhone, createContact, deleteContact, editPhone, findContactsByPhone, getContact, listContacts, removePhone, replaceContact } from '#domain/use-cases/contacts';
import type { ContactDependencies } from '#domain/use-cases/dependencies';
import { CounterIdGenerator } from '../fakes/counter-id-generator.ts';
import { FixedClock } from '../fakes/fixed-clock.ts';
import { InMemoryContactRepository } from '../fakes/in-memory-contact-repository.ts';
import { InMemoryItemTypeRepository } from '../fakes/in-memory-item-type-repository.ts';

const mobile = '+447400200001';
const otherMobile = '+447400200002';
const landline = '+442079460958';

/** Every update finds that someone else wrote first. */
class AlwaysStaleRepository extends InMemoryContactRepository {
  updates = 0;

  override async update(previous: Contact): Promise<void> {
    this.updates += 1;
    throw new VersionConflictError('contact', previous.id, previous.version);
  }
}

async function setUp(contacts = new InMemoryContactRepository()) {
  const itemTypes = new InMemoryItemTypeRepository();
  const clock = new FixedClock('2025-03-01T10:00:00.000Z');
  await itemTypes.create({ id: 'type-office', name: 'Office', orderBy: 1, colour: undefined, description: undefined, version: 1 });
  await itemTypes.create({ id: 'type-holiday', name: 'Holiday Home', orderBy: 2, colour: undefined, description: undefined, version: 1 });
  const deps: ContactDependencies = { contacts, itemTypes, ids: new CounterIdGenerator(), clock, defaultRegion: 'GB' };
  return { deps, contacts, itemTypes, clock };
}

const ada: ContactInput = { displayName: 'Ada', primaryPhone: { number: '07400 200001', kind: 'MOBILE' }, additionalPhones: [{ number: '020 7946 0958', kind: 'OFFICE', itemTypeId: 'type-office' }] };

describe('contact use cases', () => {
  it('creates a contact with a new id, stores it and returns it with the item types', async () => {
    // Prepare
    const { deps, contacts } = await setUp();

    // Act
    const view = await createContact(deps, ada);

    // Assess
    expect(view.contact).toMatchObject({ id: 'id-1', displayName: 'Ada', version: 1, createdAt: '2025-03-01T10:00:00.000Z', primaryPhone: { number: mobile, kind: 'MOBILE' } });
    expect(view.itemTypes.map((type) => type.name)).toEqual(['Office', 'Holiday Home']);
    expect(await contacts.get('id-1')).toEqual(view.contact);
  });

  it('rejects a phone pointing at an item type that does not exist, and stores nothing', async () => {
    // Prepare
    const { deps, contacts } = await setUp();

    // Act
    const creating = createContact(deps, { ...ada, additionalPhones: [{ number: landline, itemTypeId: 'type-boat' }] });

    // Assess
    await expect(creating).rejects.toThrow(InvalidInputError);
    await expect(creating).rejects.toMatchObject({ field: 'additionalPhones.0.itemTypeId' });
    expect((await contacts.list(10, undefined)).items).toEqual([]);
  });

  it('refuses a mobile number that already belongs to another contact', async () => {
    // Prepare
    const { deps } = await setUp();
    await createContact(deps, ada);

    // Act
    const creating = createContact(deps, { displayName: 'Eve', primaryPhone: { number: '+44 7400 200001', kind: 'MOBILE' } });

    // Assess
    await expect(creating).rejects.toThrow(MobileNumberTakenError);
    await expect(creating).rejects.toMatchObject({ number: mobile, holderContactId: 'id-1' });
  });

  it('lets several contacts share a landline', async () => {
    // Prepare
    const { deps } = await setUp();
    await createContact(deps, { displayName: 'Ada', primaryPhone: { number: landline, kind: 'HOME' } });

    // Act
    const view = await createContact(deps, { displayName: 'Bob', primaryPhone: { number: landline, kind: 'HOME' } });

    // Assess
    expect(view.contact.primaryPhone.number).toBe(landline);
  });

  it('gets a contact, and says which one is missing', async () => {
    // Prepare
    const { deps } = await setUp();
    const { contact } = await createContact(deps, ada);

    // Act
    const view = await getContact(deps, contact.id);
    const missing = getContact(deps, 'nobody');

    // Assess
    expect(view.contact).toEqual(contact);
    await expect(missing).rejects.toThrow(NotFoundError);
    await expect(missing).rejects.toMatchObject({ entity: 'contact', id: 'nobody' });
  });

  it('replaces a contact read at its current version, keeping its creation time', async () => {
    // Prepare
    const { deps, clock } = await setUp();
    const { contact } = await createContact(deps, ada);
    clock.advanceMinutes(5);

    // Act
    const view = await replaceContact(deps, contact.id, { ...ada, displayName: 'Ada Lovelace' }, 1);

    // Assess
    expect(view.contact).toMatchObject({ displayName: 'Ada Lovelace', version: 2, createdAt: '2025-03-01T10:00:00.000Z', updatedAt: '2025-03-01T10:05:00.000Z' });
    expect((await getContact(deps, contact.id)).contact.displayName).toBe('Ada Lovelace');
  });

  it('refuses to replace from a stale version and writes nothing', async () => {
    // Prepare
    const { deps } = await setUp();
    const { contact } = await createContact(deps, ada);
    await replaceContact(deps, contact.id, { ...ada, displayName: 'Ada L.' }, 1);

    // Act
    const replacing = replaceContact(deps, contact.id, { ...ada, displayName: 'Stale' }, 1);

    // Assess
    await expect(replacing).rejects.toThrow(VersionConflictError);
    await expect(replacing).rejects.toMatchObject({ entity: 'contact', id: contact.id, expectedVersion: 1 });
    expect((await getContact(deps, contact.id)).contact).toMatchObject({ displayName: 'Ada L.', version: 2 });
  });

  it('adds a phone after the others and moves the version on', async () => {
    // Prepare
    const { deps } = await setUp();
    const { contact } = await createContact(deps, ada);

    // Act
    const view = await addPhone(deps, contact.id, { number: '07400 200002', kind: 'MOBILE', itemTypeId: 'type-holiday', description: 'cottage' }, 1);

    // Assess
    expect(view.contact.version).toBe(2);
    expect(view.contact.additionalPhones.map(({ number, itemTypeId, description }) => ({ number, itemTypeId, description }))).toEqual([
      { number: landline, itemTypeId: 'type-office', description: undefined },
      { number: otherMobile, itemTypeId: 'type-holiday', description: 'cottage' },
    ]);
  });

  it('adds a number the contact already has only once, with the stronger kind', async () => {
    // Prepare
    const { deps } = await setUp();
    const { contact } = await createContact(deps, ada);

    // Act
    const view = await addPhone(deps, contact.id, { number: '+44 20 7946 0958', kind: 'OTHER' });

    // Assess
    expect(view.contact.additionalPhones).toHaveLength(1);
    expect(view.contact.additionalPhones[0]).toMatchObject({ number: landline, kind: 'OFFICE' });
  });

  it('refuses to add a mobile that another contact holds', async () => {
    // Prepare
    const { deps } = await setUp();
    await createContact(deps, { displayName: 'Bob', primaryPhone: { number: otherMobile, kind: 'MOBILE' } });
    const { contact } = await createContact(deps, ada);

    // Act
    const adding = addPhone(deps, contact.id, { number: otherMobile, kind: 'MOBILE' });

    // Assess
    await expect(adding).rejects.toThrow(MobileNumberTakenError);
    expect((await getContact(deps, contact.id)).contact.version).toBe(1);
  });

  it('refuses to add a phone from a stale version', async () => {
    // Prepare
    const { deps } = await setUp();
    const { contact } = await createContact(deps, ada);
    await addPhone(deps, contact.id, { number: otherMobile });

    // Act
    const adding = addPhone(deps, contact.id, { number: '+447400200003' }, 1);

    // Assess
    await expect(adding).rejects.toThrow(VersionConflictError);
    expect((await getContact(deps, contact.id)).contact.additionalPhones).toHaveLength(2);
  });

  it(`refuses a phone beyond the ${maxAdditionalPhones} additional ones`, async () => {
    // Prepare
    const { deps } = await setUp();
    const additionalPhones = Array.from({ length: maxAdditionalPhones }, (_, index) => ({ number: `+4420794609${String(index).padStart(2, '0')}` }));
    const { contact } = await createContact(deps, { displayName: 'Ada', primaryPhone: { number: mobile }, additionalPhones });

    // Act
    const adding = addPhone(deps, contact.id, { number: otherMobile });

    // Assess
    await expect(adding).rejects.toMatchObject({ field: 'additionalPhones' });
  });

  it('re-applies a change without version to the fresh contact when another writer got in first', async () => {
    // Prepare
    /** Another writer renames the contact between this use case's read and its write, once. */
    class RacedRepository extends InMemoryContactRepository {
      private raced = false;

      override async update(previous: Contact, next: Contact): Promise<void> {
        if (!this.raced) {
          this.raced = true;
          const current = (await this.get(previous.id))!;
          await super.update(current, { ...current, displayName: 'Renamed meanwhile', version: current.version + 1 });
        }
        return super.update(previous, next);
      }
    }
    const { deps } = await setUp(new RacedRepository());
    const { contact } = await createContact(deps, ada);

    // Act
    const view = await addPhone(deps, contact.id, { number: otherMobile });

    // Assess
    expect(view.contact).toMatchObject({ displayName: 'Renamed meanwhile', version: 3 });
    expect(view.contact.additionalPhones.map((phone) => phone.number)).toEqual([landline, otherMobile]);
    expect((await getContact(deps, contact.id)).contact).toEqual(view.contact);
  });

  it('gives up on a stale explicit version instead of retrying', async () => {
    // Prepare
    const repository = new AlwaysStaleRepository();
    const { deps } = await setUp(repository);
    const { contact } = await createContact(deps, ada);

    // Act
    const adding = addPhone(deps, contact.id, { number: otherMobile }, 1);

    // Assess
    await expect(adding).rejects.toThrow(VersionConflictError);
    expect(repository.updates).toBe(1);
  });

  it('stops retrying a change without version after three conflicts', async () => {
    // Prepare
    const repository = new AlwaysStaleRepository();
    const { deps } = await setUp(repository);
    const { contact } = await createContact(deps, ada);

    // Act
    const adding = addPhone(deps, contact.id, { number: otherMobile });

    // Assess
    await expect(adding).rejects.toThrow(VersionConflictError);
    expect(repository.updates).toBe(3);
  });

  it('edits the kind, description and item type of an additional phone found by any notation', async () => {
    // Prepare
    const { deps } = await setUp();
    const { contact } = await createContact(deps, ada);

    // Act
    const view = await editPhone(deps, contact.id, '020 7946 0958', { kind: 'HOME', description: 'hall', itemTypeId: 'type-holiday' }, 1);

    // Assess
    expect(view.contact.additionalPhones[0]).toMatchObject({ number: landline, kind: 'HOME', description: 'hall', itemTypeId: 'type-holiday' });
    expect(view.contact.version).toBe(2);
  });

  it('edits the primary phone but never gives it an item type', async () => {
    // Prepare
    const { deps } = await setUp();
    const { contact } = await createContact(deps, ada);

    // Act
    const view = await editPhone(deps, contact.id, mobile, { description: 'own', itemTypeId: 'type-office' });

    // Assess
    expect(view.contact.primaryPhone).toMatchObject({ number: mobile, kind: 'MOBILE', description: 'own', itemTypeId: undefined });
  });

  it('says which number is missing when editing a number the contact does not have', async () => {
    // Prepare
    const { deps } = await setUp();
    const { contact } = await createContact(deps, ada);

    // Act
    const editing = editPhone(deps, contact.id, otherMobile, { kind: 'HOME' });

    // Assess
    await expect(editing).rejects.toThrow(NotFoundError);
    await expect(editing).rejects.toMatchObject({ id: otherMobile });
  });

  it('removes an additional phone and frees its mobile number for another contact', async () => {
    // Prepare
    const { deps } = await setUp();
    const { contact } = await createContact(deps, { ...ada, additionalPhones: [{ number: otherMobile, kind: 'MOBILE' }] });

    // Act
    const view = await removePhone(deps, contact.id, '07400 200002', 1);
    const other = await createContact(deps, { displayName: 'Bob', primaryPhone: { number: otherMobile, kind: 'MOBILE' } });

    // Assess
    expect(view.contact.additionalPhones).toEqual([]);
    expect(other.contact.primaryPhone.number).toBe(otherMobile);
  });

  it('refuses to remove the primary phone', async () => {
    // Prepare
    const { deps } = await setUp();
    const { contact } = await createContact(deps, ada);

    // Act
    const removing = removePhone(deps, contact.id, mobile);

    // Assess
    await expect(removing).rejects.toThrow(InvalidInputError);
    await expect(removing).rejects.toMatchObject({ field: 'number' });
    expect((await getContact(deps, contact.id)).contact.version).toBe(1);
  });

  it('refuses to remove a number the contact does not have', async () => {
    // Prepare
    const { deps } = await setUp();
    const { contact } = await createContact(deps, ada);

    // Act
    const removing = removePhone(deps, contact.id, otherMobile);

    // Assess
    await expect(removing).rejects.toThrow(NotFoundError);
  });

  it('deletes a contact and frees its mobile number', async () => {
    // Prepare
    const { deps } = await setUp();
    const { contact } = await createContact(deps, ada);

    // Act
    await deleteContact(deps, contact.id);
    const reused = await createContact(deps, { displayName: 'Bob', primaryPhone: { number: mobile, kind: 'MOBILE' } });

    // Assess
    await expect(getContact(deps, contact.id)).rejects.toThrow(NotFoundError);
    expect(reused.contact.primaryPhone.number).toBe(mobile);
    await expect(deleteContact(deps, contact.id)).rejects.toThrow(NotFoundError);
  });

  it('finds every contact holding a number, as primary or additional', async () => {
    // Prepare
    const { deps } = await setUp();
    const first = await createContact(deps, { displayName: 'Ada', primaryPhone: { number: landline, kind: 'HOME' } });
    const second = await createContact(deps, { displayName: 'Bob', primaryPhone: { number: mobile, kind: 'MOBILE' }, additionalPhones: [{ number: landline, kind: 'HOME' }] });
    await createContact(deps, { displayName: 'Cy', primaryPhone: { number: otherMobile, kind: 'MOBILE' } });

    // Act
    const found = await findContactsByPhone(deps, '020 7946 0958');

    // Assess
    expect(found.map((view) => view.contact.id).sort()).toEqual([first.contact.id, second.contact.id].sort());
    expect(found[0]?.itemTypes).toHaveLength(2);
  });

  it('finds nobody for a number nobody holds, and names the field of a bad number', async () => {
    // Prepare
    const { deps } = await setUp();
    await createContact(deps, ada);

    // Act
    const found = await findContactsByPhone(deps, otherMobile);
    const bad = findContactsByPhone(deps, 'abc');

    // Assess
    expect(found).toEqual([]);
    await expect(bad).rejects.toThrow(InvalidPhoneNumberError);
    await expect(bad).rejects.toMatchObject({ field: 'phone' });
  });

  it('lists contacts page by page', async () => {
    // Prepare
    const { deps } = await setUp();
    for (const [index, name] of ['Ada', 'Bob', 'Cy'].entries()) await createContact(deps, { displayName: name, primaryPhone: { number: `+44740020001${index}` } });

    // Act
    const first = await listContacts(deps, 2, undefined);
    const second = await listContacts(deps, 2, first.cursor);

    // Assess
    expect(first.items.map((view) => view.contact.displayName)).toEqual(['Ada', 'Bob']);
    expect(second.items.map((view) => view.contact.displayName)).toEqual(['Cy']);
    expect(second.cursor).toBeUndefined();
  });

  it('returns a contact whose item types give the dial order', async () => {
    // Prepare
    const { deps } = await setUp();
    const { contact } = await createContact(deps, { displayName: 'Ada', primaryPhone: { number: mobile }, additionalPhones: [{ number: otherMobile, itemTypeId: 'type-holiday' }, { number: landline, itemTypeId: 'type-office' }] });

    // Act
    const view = await getContact(deps, contact.id);

    // Assess
    expect(dialOrder(view.contact, view.itemTypes).map((entry) => entry.label)).toEqual(['Primary', 'Office', 'Holiday Home']);
  });
});
