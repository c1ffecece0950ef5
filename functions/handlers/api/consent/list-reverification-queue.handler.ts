import { apiHandler } from '#shared/http/api-handler';
import { consentDependencies } from '../../composition.ts';
import { ledgerQuery } from '../consent-schemas.ts';

export const handler = apiHandler({ query: ledgerQuery }, async ({ query }) => ({ status: 200, body: await consentDependencies().consent.listReverificationQueue(query.limit, query.cursor) }));
