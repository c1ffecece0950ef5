import { switchIdentification } from '#domain/use-cases/identity/identification-switch';
import { apiHandler, callerOf } from '#shared/http/api-handler';
import { identificationBackfillDependencies } from '../../identification-backfill-composition.ts';
import { identificationSwitchBody } from '../identity-schemas.ts';
import { presentBackfill } from '../presenters.ts';

// Off → on starts the backfill in its own invocations: the answer names it at once, GET …/backfills/{id} follows it.
export const handler = apiHandler({ body: identificationSwitchBody }, async ({ body, event }) => {
  const { setting, backfill } = await switchIdentification(identificationBackfillDependencies(), body, callerOf(event));
  return { status: 200, body: { ...setting, ...(backfill && { backfill: presentBackfill(backfill) }) } };
});
