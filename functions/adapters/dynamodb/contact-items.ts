// How a contact is laid out in the contacts table: the profile, one holder item per number, and claims.
import type { Contact, Phone } from '#domain/contact';
import type { PhoneHolder } from '#ports/contact-repository';
import { contactsTable } from '#shared/tables';

const { partitionKey: pk, sortKey: sk } = contactsTable;
const { byEntity, byItemType } = contactsTable.indexes;

export const contactEntity = 'CONTACT';

export const contactKey = (id: string) => ({ [pk]: `CONTACT#${id}`, [sk]: 'PROFILE' });
export const phonePartition = (e164: string) => `PHONE#${e164}`;
export const holderKey = (e164: string, contactId: string) => ({ [pk]: phonePartition(e164), [sk]: `HOLDER#${contactId}` });
/** One per mobile number: its existence is the rule that a mobile has one holder. */
export const mobileClaimKey = (e164: string) => ({ [pk]: phonePartition(e164), [sk]: 'MOBILE' });
/** Beside a merged-away contact's (gone) profile: where it went. */
export const redirectKey = (id: string) => ({ [pk]: `CONTACT#${id}`, [sk]: 'MERGED' });
export const externalIdClaimKey = (externalId: string) => ({ [pk]: `EXTERNAL#${externalId}`, [sk]: 'CLAIM' });

export function toContactItem(contact: Contact): Record<string, unknown> {
  return { ...contactKey(contact.id), [byEntity.partitionKey]: contactEntity, [byEntity.sortKey]: `${contact.createdAt}#${contact.id}`, contact };
}

export function fromContactItem(item: Record<string, unknown>): Contact {
  return item.contact as Contact;
}

export function toHolderItem(contactId: string, phone: Phone, role: PhoneHolder['role']): Record<string, unknown> {
  const holder: PhoneHolder = { contactId, number: phone.number, kind: phone.kind, role };
  return { ...holderKey(phone.number, contactId), ...holder, ...(phone.itemTypeId === undefined ? {} : { [byItemType.partitionKey]: phone.itemTypeId }) };
}

export function fromHolderItem(item: Record<string, unknown>): PhoneHolder {
  return { contactId: item.contactId as string, number: item.number as string, kind: item.kind as PhoneHolder['kind'], role: item.role as PhoneHolder['role'] };
}

/** The holder items a contact needs, keyed by number, with their role. */
export function holderItemsOf(contact: Contact): Map<string, Record<string, unknown>> {
  return new Map([
    [contact.primaryPhone.number, toHolderItem(contact.id, contact.primaryPhone, 'primary')],
    ...contact.additionalPhones.map((phone) => [phone.number, toHolderItem(contact.id, phone, 'additional')] as const),
  ]);
}

export function mobileNumbersOf(contact: Contact | undefined): Set<string> {
  if (!contact) return new Set();
  return new Set([contact.primaryPhone, ...contact.additionalPhones].filter((phone) => phone.kind === 'MOBILE').map((phone) => phone.number));
}
