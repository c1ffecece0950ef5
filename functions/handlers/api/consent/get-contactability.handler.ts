import { contactabilityOfContact } from '#domain/use-cases/consent/contactability';
import { apiHandler } from '#shared/http/api-handler';
import { consentDependencies } from '../../composition.ts';
import { contactabilityQuery, contactParams } from '../consent-schemas.ts';

export const handler = apiHandler({ params: contactParams, query: contactabilityQuery }, async ({ params, query }) => {
  const deps = consentDependencies();
  const at = query.at === undefined ? deps.clock.now() : new Date(query.at);
  const report = await contactabilityOfContact(deps, params.contactId, { channel: query.channel, purpose: query.purpose, at });
  return { status: 200, body: { contactId: params.contactId, channel: query.channel, purpose: query.purpose, at: at.toISOString(), ...report } };
});
