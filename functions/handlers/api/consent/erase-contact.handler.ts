import { eraseContact } from '#domain/use-cases/consent/erasure';
import { apiHandler, callerOf } from '#shared/http/api-handler';
import { consentDependencies } from '../../composition.ts';
import { inboundDependencies } from '../../inbound-composition.ts';
import { contactParams } from '../consent-schemas.ts';

// 404 for a contact already erased, as for one that never was: nothing of it is left to erase.
export const handler = apiHandler({ params: contactParams }, async ({ params, event }) => ({
  status: 200,
  body: await eraseContact({ ...consentDependencies(), interactions: inboundDependencies().interactions }, params.contactId, callerOf(event)),
}));
