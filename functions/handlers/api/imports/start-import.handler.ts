import { startImport } from '#domain/use-cases/import-contacts';
import { apiHandler } from '#shared/http/api-handler';
import { importDependencies } from '../../composition.ts';
import { presentImport } from '../presenters.ts';
import { importBody } from '../schemas.ts';

export const handler = apiHandler({ body: importBody }, async ({ body }) => {
  const { job, uploadUrl } = await startImport(importDependencies(), body);
  return { status: 201, body: { ...presentImport(job), uploadUrl }, headers: { location: `/imports/${job.id}` } };
});
