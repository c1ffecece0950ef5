import { listPossibleMatches } from '#domain/use-cases/identity/interactions';
import { apiHandler } from '#shared/http/api-handler';
import { inboundDependencies } from '../../inbound-composition.ts';
import { pageQuery } from '../identity-schemas.ts';

export const handler = apiHandler({ query: pageQuery }, async ({ query }) => ({ status: 200, body: await listPossibleMatches(inboundDependencies(), query.limit, query.cursor) }));
