import { replaceContact } from '#domain/use-cases/contacts';
import { apiHandler } from '#shared/http/api-handler';
import { contactDependencies } from '../../composition.ts';
import { presentContact } from '../presenters.ts';
import { contactParams, contactReplaceBody } from '../schemas.ts';

export const handler = apiHandler({ params: contactParams, body: contactReplaceBody }, async ({ params, body: { version, ...input } }) => ({
  status: 200,
  body: presentContact(await replaceContact(contactDependencies(), params.contactId, input, version)),
}));
