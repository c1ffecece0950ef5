import { listContactInteractions } from '#domain/use-cases/identity/interactions';
import { apiHandler } from '#shared/http/api-handler';
import { inboundDependencies } from '../../inbound-composition.ts';
import { contactParams, pageQuery } from '../identity-schemas.ts';

export const handler = apiHandler({ params: contactParams, query: pageQuery }, async ({ params, query }) => ({
  status: 200,
  body: await listContactInteractions(inboundDependencies(), params.contactId, query.limit, query.cursor),
}));
