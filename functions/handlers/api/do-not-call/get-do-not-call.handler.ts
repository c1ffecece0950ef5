import { getDoNotCall } from '#domain/use-cases/consent/do-not-call';
import { apiHandler } from '#shared/http/api-handler';
import { consentDependencies } from '../../composition.ts';
import { doNotCallParams } from '../consent-schemas.ts';

export const handler = apiHandler({ params: doNotCallParams }, async ({ params }) => ({ status: 200, body: await getDoNotCall(consentDependencies(), params.prefix) }));
