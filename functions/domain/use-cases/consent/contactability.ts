// Contactability of a contact through the API: the same function the dialer uses, over the stored facts.
import { contactabilityOf, type ContactabilityPolicy, type ContactabilityQuery, type ContactabilityReport } from '../../contactability/contactability.ts';
import { dialOrder } from '../../dial-order.ts';
import type { ItemTypeRepository } from '#ports/item-type-repository';
import type { ConsentDependencies } from './consent-dependencies.ts';
import { requireContact } from '../contact-lookup.ts';

export async function contactabilityOfContact(deps: ConsentDependencies & { itemTypes: ItemTypeRepository }, contactId: string, query: ContactabilityQuery): Promise<ContactabilityReport> {
  const contact = await requireContact(deps.contacts, contactId);
  const phones = dialOrder(contact, await deps.itemTypes.list()).map((entry) => entry.phone);
  const { facts, policy } = await deps.consent.contactabilityInputs(phones.map((phone) => phone.number));
  return contactabilityOf(phones.map((phone) => ({ phone, ...facts.get(phone.number)! })), query, policy);
}

export async function setContactabilityPolicy(deps: ConsentDependencies, policy: ContactabilityPolicy): Promise<ContactabilityPolicy> {
  await deps.consent.putPolicy(policy);
  return policy;
}
