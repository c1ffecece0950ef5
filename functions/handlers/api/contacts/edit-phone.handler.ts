import { editPhone } from '#domain/use-cases/contacts';
import { apiHandler } from '#shared/http/api-handler';
import { contactDependencies } from '../../composition.ts';
import { presentContact } from '../presenters.ts';
import { phoneEditBody, phoneParams } from '../schemas.ts';

export const handler = apiHandler({ params: phoneParams, body: phoneEditBody }, async ({ params, body: { version, ...changes } }) => ({
  status: 200,
  body: presentContact(await editPhone(contactDependencies(), params.contactId, params.number, changes, version)),
}));
