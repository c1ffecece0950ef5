import { getImport } from '#domain/use-cases/import-contacts';
import { apiHandler } from '#shared/http/api-handler';
import { importDependencies } from '../../composition.ts';
import { presentImport } from '../presenters.ts';
import { importParams } from '../schemas.ts';

export const handler = apiHandler({ params: importParams }, async ({ params }) => ({
  status: 200,
  body: presentImport(await getImport(importDependencies(), params.importId)),
}));
