import { getBackfill } from '#domain/use-cases/identity/identification-switch';
import { apiHandler } from '#shared/http/api-handler';
import { identificationBackfillDependencies } from '../../identification-backfill-composition.ts';
import { backfillParams } from '../identity-schemas.ts';
import { presentBackfill } from '../presenters.ts';

export const handler = apiHandler({ params: backfillParams }, async ({ params }) => ({ status: 200, body: presentBackfill(await getBackfill(identificationBackfillDependencies(), params.backfillId)) }));
