import { mergeContacts } from '#domain/use-cases/identity/merge-contacts';
import { apiHandler, callerOf } from '#shared/http/api-handler';
import { mergeDependencies } from '../../merge-composition.ts';
import { contactParams, mergeBody } from '../identity-schemas.ts';

export const handler = apiHandler({ params: contactParams, body: mergeBody }, async ({ params, body, event }) => ({
  status: 200,
  body: await mergeContacts(mergeDependencies(), { survivorId: params.contactId, mergedId: body.mergedContactId, actor: callerOf(event) }),
}));
