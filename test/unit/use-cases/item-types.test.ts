// Item type use cases against in-memory ports: create, list in dial priority, update, delete.
import { describe, it, expect } from 'vitest';
import { dialOrder } from '#domain/dial-order';
import { ConflictError, InvalidInputError, NotFoundError, VersionConflictError } from '#domain/errors';
import { addPhone, createContact, getContact } from '#domain/use-cases/contacts';
import type { ContactDependencies } from '#domain/use-cases/dependencies';
import { createItemType, deleteItemType, getItemType, listItemTypes, updateItemType } from '#domain/use-cases/item-types';
import { CounterIdGenerator } from '../fakes/counter-id-generator.ts';
import { FixedClock } from '../fakes/fixed-clock.ts';
import { InMemoryContactRepository } from '../fakes/in-memory-contact-repository.ts';
import { InMemoryItemTypeRepository } from '../fakes/in-memory-item-type-repository.ts';

function setUp(): ContactDependencies {
  return { contacts: new InMemoryContactRepository(), itemTypes: new InMemoryItemTypeRepository(), ids: new CounterIdGenerator(), clock: new FixedClock(), defaultRegion: 'GB' };
}

describe('item type use cases', () => {
  it('creates a type with a new id at version 1', async () => {
    // Prepare
    const deps = setUp();

    // Act
    const type = await createItemType(deps, { name: ' Office ', orderBy: 1, colour: '#1f77b4' });

    // Assess
    expect(type).toEqual({ id: 'id-1', name: 'Office', orderBy: 1, colour: '#1f77b4', description: undefined, version: 1 });
    expect(await getItemType(deps, 'id-1')).toEqual(type);
  });

  it('refuses a name already used, whatever its case', async () => {
    // Prepare
    const deps = setUp();
    await createItemType(deps, { name: 'Office', orderBy: 1 });

    // Act
    const creating = createItemType(deps, { name: 'OFFICE ', orderBy: 2 });

    // Assess
    await expect(creating).rejects.toThrow(ConflictError);
    expect(await listItemTypes(deps)).toHaveLength(1);
  });

  it('refuses an invalid type before storing anything', async () => {
    // Prepare
    const deps = setUp();

    // Act
    const creating = createItemType(deps, { name: 'Office', orderBy: 0 });

    // Assess
    await expect(creating).rejects.toThrow(InvalidInputError);
    expect(await listItemTypes(deps)).toEqual([]);
  });

  it('lists types in dial priority: orderBy, then name', async () => {
    // Prepare
    const deps = setUp();
    await createItemType(deps, { name: 'Holiday Home', orderBy: 2 });
    await createItemType(deps, { name: 'Zeta', orderBy: 1 });
    await createItemType(deps, { name: 'Alpha', orderBy: 1 });

    // Act
    const types = await listItemTypes(deps);

    // Assess
    expect(types.map((type) => type.name)).toEqual(['Alpha', 'Zeta', 'Holiday Home']);
  });

  it('says which type is missing', async () => {
    // Prepare
    const deps = setUp();

    // Act
    const getting = getItemType(deps, 'type-boat');

    // Assess
    await expect(getting).rejects.toThrow(NotFoundError);
    await expect(getting).rejects.toMatchObject({ entity: 'contact item type', id: 'type-boat' });
  });

  it('updates a type read at its current version', async () => {
    // Prepare
    const deps = setUp();
    const type = await createItemType(deps, { name: 'Office', orderBy: 1 });

    // Act
    const updated = await updateItemType(deps, type.id, { name: 'Work', orderBy: 3 }, 1);

    // Assess
    expect(updated).toMatchObject({ id: type.id, name: 'Work', orderBy: 3, version: 2 });
    expect(await getItemType(deps, type.id)).toEqual(updated);
  });

  it('refuses to update from a stale version', async () => {
    // Prepare
    const deps = setUp();
    const type = await createItemType(deps, { name: 'Office', orderBy: 1 });
    await updateItemType(deps, type.id, { name: 'Office', orderBy: 2 }, 1);

    // Act
    const updating = updateItemType(deps, type.id, { name: 'Office', orderBy: 5 }, 1);

    // Assess
    await expect(updating).rejects.toThrow(VersionConflictError);
    expect((await getItemType(deps, type.id)).orderBy).toBe(2);
  });

  it('refuses to rename a type to the name of another', async () => {
    // Prepare
    const deps = setUp();
    await createItemType(deps, { name: 'Office', orderBy: 1 });
    const holiday = await createItemType(deps, { name: 'Holiday', orderBy: 2 });

    // Act
    const renaming = updateItemType(deps, holiday.id, { name: 'office', orderBy: 2 }, 1);

    // Assess
    await expect(renaming).rejects.toThrow(ConflictError);
    expect((await getItemType(deps, holiday.id)).name).toBe('Holiday');
  });

  it('deletes a type and reports how many phones are left untyped', async () => {
    // Prepare
    const deps = setUp();
    const office = await createItemType(deps, { name: 'Office', orderBy: 1 });
    const holiday = await createItemType(deps, { name: 'Holiday', orderBy: 2 });
    await createContact(deps, { displayName: 'Ada', primaryPhone: { number: '+447400300001' }, additionalPhones: [{ number: '+442079460958', itemTypeId: office.id }, { number: '+442079460959', itemTypeId: holiday.id }] });
    await createContact(deps, { displayName: 'Bob', primaryPhone: { number: '+447400300002' }, additionalPhones: [{ number: '+442079460958', itemTypeId: office.id }] });

    // Act
    const deletion = await deleteItemType(deps, office.id);

    // Assess
    expect(deletion).toEqual({ deleted: office, phonesLeftUntyped: 2 });
    await expect(getItemType(deps, office.id)).rejects.toThrow(NotFoundError);
  });

  it('reports no phones left untyped for a type nobody used', async () => {
    // Prepare
    const deps = setUp();
    const type = await createItemType(deps, { name: 'Boat', orderBy: 9 });

    // Act
    const deletion = await deleteItemType(deps, type.id);

    // Assess
    expect(deletion.phonesLeftUntyped).toBe(0);
  });

  it("dials the phones of a deleted type as untyped, and still lets the contact be edited", async () => {
    // Prepare
    const deps = setUp();
    const office = await createItemType(deps, { name: 'Office', orderBy: 1 });
    const { contact } = await createContact(deps, { displayName: 'Ada', primaryPhone: { number: '+447400300001' }, additionalPhones: [{ number: '+442079460958', itemTypeId: office.id }] });
    await deleteItemType(deps, office.id);

    // Act
    const view = await getContact(deps, contact.id);
    const edited = await addPhone(deps, contact.id, { number: '+447400300003' });

    // Assess
    expect(dialOrder(view.contact, view.itemTypes).map((entry) => entry.label)).toEqual(['Primary', 'Untyped']);
    expect(edited.contact.additionalPhones.map((phone) => phone.itemTypeId)).toEqual([undefined, undefined]);
  });

  it('says which type is missing when deleting one that does not exist', async () => {
    // Prepare
    const deps = setUp();

    // Act
    const deleting = deleteItemType(deps, 'type-boat');

    // Assess
    await expect(deleting).rejects.toThrow(NotFoundError);
  });
});
