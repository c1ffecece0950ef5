import { apiHandler } from '#shared/http/api-handler';
import { consentDependencies } from '../../composition.ts';

export const handler = apiHandler({}, async () => ({ status: 200, body: await consentDependencies().consent.getPolicy() }));
