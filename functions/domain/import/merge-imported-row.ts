// What an imported row does to a contact that already exists: it adds and updates, it never removes.
import { allPhones, toContactInput, type Contact, type ContactInput, type PhoneInput } from '../contact.ts';
import type { ImportRow } from './import-row.ts';

/**
 * The row's name, external id and custom fields win; emails are merged; the row's numbers are added or
 * updated (a kind the row leaves blank keeps the stored one); numbers only the contact has are kept, and
 * a replaced primary stays on as an additional phone. Removing a number is an explicit API action.
 */
export function mergeImportedRow(previous: Contact | undefined, row: ImportRow, knownItemTypeIds: ReadonlySet<string>): ContactInput {
  if (previous === undefined) return row.input;
  const stored = toContactInput(previous, knownItemTypeIds);
  const storedKinds = new Map(allPhones(previous).map((phone) => [phone.number, phone.kind]));
  const storedPhones = new Map([stored.primaryPhone, ...(stored.additionalPhones ?? [])].map((phone) => [phone.number, phone]));
  const fromRow = (phone: PhoneInput): PhoneInput => ({
    ...phone,
    kind: row.unspecifiedKinds.has(phone.number) ? (storedKinds.get(phone.number) ?? phone.kind) : phone.kind,
  });
  const rowPhones = new Map([row.input.primaryPhone, ...(row.input.additionalPhones ?? [])].map((phone) => [phone.number, fromRow(phone)]));
  const additionalPhones: PhoneInput[] = [];
  for (const phone of [stored.primaryPhone, ...(stored.additionalPhones ?? [])]) {
    if (phone.number === row.input.primaryPhone.number) continue;
    const update = rowPhones.get(phone.number);
    additionalPhones.push(update ? { ...phone, ...definedOnly(update) } : phone);
    rowPhones.delete(phone.number);
  }
  rowPhones.delete(row.input.primaryPhone.number);
  additionalPhones.push(...rowPhones.values());
  return {
    displayName: row.input.displayName,
    externalId: row.input.externalId ?? stored.externalId,
    emails: [...(stored.emails ?? []), ...(row.input.emails ?? [])],
    customFields: { ...stored.customFields, ...row.input.customFields },
    primaryPhone: { ...withoutItemType(storedPhones.get(row.input.primaryPhone.number)), ...definedOnly(fromRow(row.input.primaryPhone)), number: row.input.primaryPhone.number },
    additionalPhones,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A stored additional number that becomes the primary keeps its kind and description; the primary has no item type. */
function withoutItemType(phone: PhoneInput | undefined): Partial<PhoneInput> {
  if (phone === undefined) return {};
  const { itemTypeId: _itemTypeId, ...rest } = phone;
  return rest;
}
