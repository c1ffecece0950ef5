import { acceptPossibleMatch } from '#domain/use-cases/identity/merge-contacts';
import { apiHandler, callerOf } from '#shared/http/api-handler';
import { mergeDependencies } from '../../merge-composition.ts';
import { acceptMatchBody, matchParams } from '../identity-schemas.ts';

export const handler = apiHandler({ params: matchParams, body: acceptMatchBody }, async ({ params, body, event }) => ({
  status: 200,
  body: await acceptPossibleMatch(mergeDependencies(), params.matchId, body.survivorContactId, callerOf(event)),
}));
