import { addToDoNotCall } from '#domain/use-cases/consent/do-not-call';
import { apiHandler, callerOf } from '#shared/http/api-handler';
import { consentDependencies } from '../../composition.ts';
import { doNotCallBody } from '../consent-schemas.ts';

export const handler = apiHandler({ body: doNotCallBody }, async ({ body, event }) => ({ status: 201, body: await addToDoNotCall(consentDependencies(), body, callerOf(event)) }));
