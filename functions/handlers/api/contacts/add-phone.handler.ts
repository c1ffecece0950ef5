import { addPhone } from '#domain/use-cases/contacts';
import { apiHandler } from '#shared/http/api-handler';
import { contactDependencies } from '../../composition.ts';
import { presentContact } from '../presenters.ts';
import { contactParams, phoneAddBody } from '../schemas.ts';

export const handler = apiHandler({ params: contactParams, body: phoneAddBody }, async ({ params, body: { version, ...phone } }) => ({
  status: 200,
  body: presentContact(await addPhone(contactDependencies(), params.contactId, phone, version)),
}));
