// Reading a contact by id when it must exist: a merged-away id says where its contact went.
import type { Contact } from '../contact.ts';
import { ContactMergedError, NotFoundError } from '../errors.ts';
import type { ContactRepository } from '#ports/contact-repository';

/** Throws ContactMergedError (answered with a redirect) for a merged id, NotFoundError for an unknown one. */
export async function requireContact(contacts: Pick<ContactRepository, 'get' | 'mergedInto'>, id: string): Promise<Contact> {
  const contact = await contacts.get(id);
  if (contact) return contact;
  // Read only on a miss: an existing contact costs nothing more.
  const survivorId = await contacts.mergedInto(id);
  throw survivorId === undefined ? new NotFoundError('contact', id) : new ContactMergedError(id, survivorId);
}

/** Merges chain (A into B, later B into C); ten links is far more than agents make. */
const maxRedirects = 10;

/** The contact `id` is now: itself, or the survivor its merges lead to. Throws NotFoundError when the chain ends in nothing. */
export async function currentContact(contacts: Pick<ContactRepository, 'get' | 'mergedInto'>, id: string): Promise<Contact> {
  let current = id;
  for (let step = 0; step <= maxRedirects; step += 1) {
    const contact = await contacts.get(current);
    if (contact) return contact;
    const next = await contacts.mergedInto(current);
    if (next === undefined) break;
    current = next;
  }
  throw new NotFoundError('contact', id);
}
