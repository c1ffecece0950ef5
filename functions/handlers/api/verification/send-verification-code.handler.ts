import { sendVerificationCode } from '#domain/use-cases/verification/verification';
import { apiHandler, callerOf } from '#shared/http/api-handler';
import { verificationDependencies } from '../../verification-composition.ts';
import { numberParams } from '../verification-schemas.ts';

export const handler = apiHandler({ params: numberParams }, async ({ params, event }) => ({
  status: 202,
  body: await sendVerificationCode(verificationDependencies(), params.number, callerOf(event)),
}));
