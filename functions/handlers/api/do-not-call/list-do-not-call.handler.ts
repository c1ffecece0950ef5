import { listDoNotCall } from '#domain/use-cases/consent/do-not-call';
import { apiHandler } from '#shared/http/api-handler';
import { consentDependencies } from '../../composition.ts';
import { ledgerQuery } from '../consent-schemas.ts';

export const handler = apiHandler({ query: ledgerQuery }, async ({ query }) => ({ status: 200, body: await listDoNotCall(consentDependencies(), query.limit, query.cursor) }));
