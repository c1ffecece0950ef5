import { resumeBackfill } from '#domain/use-cases/identity/identification-switch';
import { apiHandler } from '#shared/http/api-handler';
import { identificationBackfillDependencies } from '../../identification-backfill-composition.ts';
import { backfillParams } from '../identity-schemas.ts';
import { presentBackfill } from '../presenters.ts';

// 202: the worker goes on from the last saved page in its own invocation.
export const handler = apiHandler({ params: backfillParams }, async ({ params }) => ({ status: 202, body: presentBackfill(await resumeBackfill(identificationBackfillDependencies(), params.backfillId)) }));
