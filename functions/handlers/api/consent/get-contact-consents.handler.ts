import { readContactConsents } from '#domain/use-cases/consent/consents';
import { apiHandler } from '#shared/http/api-handler';
import { consentDependencies } from '../../composition.ts';
import { contactParams } from '../consent-schemas.ts';

export const handler = apiHandler({ params: contactParams }, async ({ params }) => {
  const numbers = await readContactConsents(consentDependencies(), params.contactId);
  return { status: 200, body: { contactId: params.contactId, numbers: numbers.map((entry) => ({ ...entry, state: entry.state ?? null })) } };
});
