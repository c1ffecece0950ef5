import { listCampaignFinal } from '#domain/use-cases/campaigns/campaign-results';
import { apiHandler } from '#shared/http/api-handler';
import { campaignDependencies } from '../../campaign-composition.ts';
import { campaignPageQuery, campaignParams } from '../campaign-schemas.ts';
import { presentFinalRow } from '../presenters.ts';

export const handler = apiHandler({ params: campaignParams, query: campaignPageQuery }, async ({ params, query }) => {
  const page = await listCampaignFinal(campaignDependencies(), params.campaignId, query);
  return { status: 200, body: { items: page.items.map(presentFinalRow), cursor: page.cursor } };
});
