import { deleteContact } from '#domain/use-cases/contacts';
import { apiHandler } from '#shared/http/api-handler';
import { contactDependencies } from '../../composition.ts';
import { contactParams } from '../schemas.ts';

export const handler = apiHandler({ params: contactParams }, async ({ params }) => {
  await deleteContact(contactDependencies(), params.contactId);
  return { status: 204 };
});
