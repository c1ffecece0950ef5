import { recordConsentChange } from '#domain/use-cases/consent/consents';
import { apiHandler, callerOf } from '#shared/http/api-handler';
import { consentDependencies } from '../../composition.ts';
import { consentChangeBody, numberParams } from '../consent-schemas.ts';

export const handler = apiHandler({ params: numberParams, body: consentChangeBody }, async ({ params, body, event }) => ({
  status: 201,
  body: await recordConsentChange(consentDependencies(), { ...body, number: params.number, actor: callerOf(event) }),
}));
