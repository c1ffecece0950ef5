import { removePhone } from '#domain/use-cases/contacts';
import { apiHandler } from '#shared/http/api-handler';
import { contactDependencies } from '../../composition.ts';
import { presentContact } from '../presenters.ts';
import { phoneParams, versionQuery } from '../schemas.ts';

export const handler = apiHandler({ params: phoneParams, query: versionQuery }, async ({ params, query }) => ({
  status: 200,
  body: presentContact(await removePhone(contactDependencies(), params.contactId, params.number, query.version)),
}));
