import { createContact } from '#domain/use-cases/contacts';
import { apiHandler } from '#shared/http/api-handler';
import { contactDependencies } from '../../composition.ts';
import { presentContact } from '../presenters.ts';
import { contactBody } from '../schemas.ts';

export const handler = apiHandler({ body: contactBody }, async ({ body }) => {
  const contact = presentContact(await createContact(contactDependencies(), body));
  return { status: 201, body: contact, headers: { location: `/contacts/${contact.id}` } };
});
