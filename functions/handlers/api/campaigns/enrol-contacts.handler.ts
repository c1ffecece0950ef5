import { enrolContacts, enrolImportedContacts } from '#domain/use-cases/campaigns/enrol-contacts';
import { apiHandler } from '#shared/http/api-handler';
import { campaignDependencies } from '../../campaign-composition.ts';
import { campaignParams, enrolmentBody } from '../campaign-schemas.ts';

export const handler = apiHandler({ params: campaignParams, body: enrolmentBody }, async ({ params, body }) => {
  const deps = campaignDependencies();
  // The schema lets exactly one of the two through.
  const report = body.importId !== undefined ? await enrolImportedContacts(deps, params.campaignId, body.importId) : await enrolContacts(deps, params.campaignId, body.contactIds ?? []);
  return { status: 200, body: report };
});
