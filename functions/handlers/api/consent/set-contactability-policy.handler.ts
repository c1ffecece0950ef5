import { setContactabilityPolicy } from '#domain/use-cases/consent/contactability';
import { apiHandler } from '#shared/http/api-handler';
import { consentDependencies } from '../../composition.ts';
import { policyBody } from '../consent-schemas.ts';

export const handler = apiHandler({ body: policyBody }, async ({ body }) => ({ status: 200, body: await setContactabilityPolicy(consentDependencies(), body) }));
