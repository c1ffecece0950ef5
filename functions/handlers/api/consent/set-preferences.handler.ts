import { setPreferences } from '#domain/use-cases/consent/consents';
import { apiHandler } from '#shared/http/api-handler';
import { consentDependencies } from '../../composition.ts';
import { numberParams, preferencesBody } from '../consent-schemas.ts';

export const handler = apiHandler({ params: numberParams, body: preferencesBody }, async ({ params, body }) => {
  const { welcomePurposes, businessHoursOnly } = body;
  const changes = { ...(welcomePurposes !== undefined && { welcomePurposes: welcomePurposes ?? undefined }), ...(businessHoursOnly !== undefined && { businessHoursOnly }) };
  return { status: 200, body: await setPreferences(consentDependencies(), params.number, changes) };
});
