import { dismissPossibleMatch } from '#domain/use-cases/identity/interactions';
import { apiHandler, callerOf } from '#shared/http/api-handler';
import { inboundDependencies } from '../../inbound-composition.ts';
import { matchParams } from '../identity-schemas.ts';

export const handler = apiHandler({ params: matchParams }, async ({ params, event }) => {
  await dismissPossibleMatch(inboundDependencies(), params.matchId, callerOf(event));
  return { status: 204 };
});
