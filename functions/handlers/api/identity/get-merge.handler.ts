import { getMerge } from '#domain/use-cases/identity/merge-contacts';
import { apiHandler } from '#shared/http/api-handler';
import { mergeDependencies } from '../../merge-composition.ts';
import { mergeParams } from '../identity-schemas.ts';

export const handler = apiHandler({ params: mergeParams }, async ({ params }) => ({ status: 200, body: await getMerge(mergeDependencies(), params.mergedContactId) }));
