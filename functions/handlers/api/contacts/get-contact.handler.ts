import { getContact } from '#domain/use-cases/contacts';
import { apiHandler } from '#shared/http/api-handler';
import { contactDependencies } from '../../composition.ts';
import { presentContact } from '../presenters.ts';
import { contactParams } from '../schemas.ts';

export const handler = apiHandler({ params: contactParams }, async ({ params }) => ({
  status: 200,
  body: presentContact(await getContact(contactDependencies(), params.contactId)),
}));
