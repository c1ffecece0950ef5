import { reviewStopRequest } from '#domain/use-cases/consent/inbound-sms';
import { apiHandler, callerOf } from '#shared/http/api-handler';
import { consentDependencies } from '../../composition.ts';
import { numberParams, reviewBody } from '../consent-schemas.ts';

export const handler = apiHandler({ params: numberParams, body: reviewBody }, async ({ params, body, event }) => ({
  status: 200,
  body: await reviewStopRequest(consentDependencies(), params.number, body.decision, callerOf(event)),
}));
