import { listImportRejections } from '#domain/use-cases/import-contacts';
import { apiHandler } from '#shared/http/api-handler';
import { importDependencies } from '../../composition.ts';
import { importParams, pageQuery } from '../schemas.ts';

export const handler = apiHandler({ params: importParams, query: pageQuery }, async ({ params, query }) => ({
  status: 200,
  body: await listImportRejections(importDependencies(), params.importId, query.limit, query.cursor),
}));
