// Contact use cases: create, read, edit (whole or one phone), delete, find by number, list.
import { buildContact, toContactInput, type Contact, type ContactInput, type ContactRules, type PhoneInput } from '../contact.ts';
import { InvalidInputError, NotFoundError, VersionConflictError } from '../errors.ts';
import type { ItemType } from '../item-type.ts';
import { normalisePhoneNumber } from '../phone-number.ts';
import type { Page } from '#ports/contact-repository';
import { requireContact } from './contact-lookup.ts';
import type { ContactDependencies } from './dependencies.ts';

/** A contact with the item types its phones refer to: all a caller needs to show it in dial order. */
export interface ContactView {
  contact: Contact;
  itemTypes: ItemType[];
}

export async function createContact(deps: ContactDependencies, input: ContactInput): Promise<ContactView> {
  const itemTypes = await deps.itemTypes.list();
  const contact = buildContact(deps.ids.newId(), input, rulesOf(deps, itemTypes));
  await deps.contacts.create(contact);
  return { contact, itemTypes };
}

export async function getContact(deps: ContactDependencies, id: string): Promise<ContactView> {
  const [contact, itemTypes] = await Promise.all([requireContact(deps.contacts, id), deps.itemTypes.list()]);
  return { contact, itemTypes };
}

/** Replace a contact's data; `version` must be the version the caller read, or nothing is written. */
export async function replaceContact(deps: ContactDependencies, id: string, input: ContactInput, version: number): Promise<ContactView> {
  return modifyContact(deps, id, () => input, version);
}

export async function addPhone(deps: ContactDependencies, id: string, phone: PhoneInput, version?: number): Promise<ContactView> {
  return modifyContact(deps, id, (input) => ({ ...input, additionalPhones: [...(input.additionalPhones ?? []), phone] }), version);
}

export async function editPhone(deps: ContactDependencies, id: string, rawNumber: string, changes: Omit<PhoneInput, 'number'>, version?: number): Promise<ContactView> {
  const number = normalisePhoneNumber(rawNumber, deps.defaultRegion).e164;
  return modifyContact(
    deps,
    id,
    (input) => {
      if (input.primaryPhone.number === number) return { ...input, primaryPhone: { ...input.primaryPhone, ...changes, itemTypeId: undefined } };
      const index = findAdditional(input, number, id);
      const additionalPhones = [...(input.additionalPhones ?? [])];
      additionalPhones[index] = { ...additionalPhones[index]!, ...changes };
      return { ...input, additionalPhones };
    },
    version,
  );
}

export async function removePhone(deps: ContactDependencies, id: string, rawNumber: string, version?: number): Promise<ContactView> {
  const number = normalisePhoneNumber(rawNumber, deps.defaultRegion).e164;
  return modifyContact(
    deps,
    id,
    (input) => {
      if (input.primaryPhone.number === number) throw new InvalidInputError('number', 'the primary phone cannot be removed: replace the contact with another primary phone');
      const index = findAdditional(input, number, id);
      return { ...input, additionalPhones: (input.additionalPhones ?? []).filter((_, i) => i !== index) };
    },
    version,
  );
}

export async function deleteContact(deps: ContactDependencies, id: string): Promise<void> {
  await deps.contacts.delete(await requireContact(deps.contacts, id));
}

/** Every contact holding the number, whatever its kind (a shared landline has several). */
export async function findContactsByPhone(deps: ContactDependencies, rawNumber: string): Promise<ContactView[]> {
  const number = normalisePhoneNumber(rawNumber, deps.defaultRegion, 'phone').e164;
  const holders = await deps.contacts.findHolders(number);
  const [contacts, itemTypes] = await Promise.all([deps.contacts.getMany(holders.map((holder) => holder.contactId)), deps.itemTypes.list()]);
  return contacts.map((contact) => ({ contact, itemTypes }));
}

export async function listContacts(deps: ContactDependencies, limit: number, cursor: string | undefined): Promise<Page<ContactView>> {
  const [page, itemTypes] = await Promise.all([deps.contacts.list(limit, cursor), deps.itemTypes.list()]);
  return { items: page.items.map((contact) => ({ contact, itemTypes })), cursor: page.cursor };
}

export function rulesOf(deps: ContactDependencies, itemTypes: readonly ItemType[]): ContactRules {
  return { defaultRegion: deps.defaultRegion, knownItemTypeIds: new Set(itemTypes.map((type) => type.id)), now: deps.clock.now().toISOString() };
}

const maxAttempts = 3;

/**
 * Read, change, write with a condition on the version read. With an explicit `version` a stale caller
 * gets VersionConflictError; without one the change is a delta, re-applied to the fresh version.
 */
async function modifyContact(deps: ContactDependencies, id: string, change: (input: ContactInput) => ContactInput, version?: number): Promise<ContactView> {
  for (let attempt = 1; ; attempt += 1) {
    const [previous, itemTypes] = await Promise.all([requireContact(deps.contacts, id), deps.itemTypes.list()]);
    if (version !== undefined && previous.version !== version) throw new VersionConflictError('contact', id, version);
    const rules = rulesOf(deps, itemTypes);
    const next = buildContact(id, change(toContactInput(previous, rules.knownItemTypeIds)), rules, previous);
    try {
      await deps.contacts.update(previous, next);
      return { contact: next, itemTypes };
    } catch (error) {
      if (!(error instanceof VersionConflictError) || version !== undefined || attempt === maxAttempts) throw error;
    }
  }
}

function findAdditional(input: ContactInput, number: string, contactId: string): number {
  const index = (input.additionalPhones ?? []).findIndex((phone) => phone.number === number);
  if (index < 0) throw new NotFoundError(`phone of contact ${contactId}`, number);
  return index;
}
