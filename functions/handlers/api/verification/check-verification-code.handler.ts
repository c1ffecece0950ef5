import { checkVerificationCode } from '#domain/use-cases/verification/verification';
import { apiHandler, callerOf } from '#shared/http/api-handler';
import { verificationDependencies } from '../../verification-composition.ts';
import { checkCodeBody, numberParams } from '../verification-schemas.ts';

export const handler = apiHandler({ params: numberParams, body: checkCodeBody }, async ({ params, body, event }) => ({
  status: 200,
  body: await checkVerificationCode(verificationDependencies(), params.number, body.code, callerOf(event)),
}));
