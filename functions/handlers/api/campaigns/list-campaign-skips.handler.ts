import { listCampaignSkips } from '#domain/use-cases/campaigns/campaign-results';
import { apiHandler } from '#shared/http/api-handler';
import { campaignDependencies } from '../../campaign-composition.ts';
import { campaignPageQuery, campaignParams } from '../campaign-schemas.ts';

export const handler = apiHandler({ params: campaignParams, query: campaignPageQuery }, async ({ params, query }) => ({
  status: 200,
  body: await listCampaignSkips(campaignDependencies(), params.campaignId, query),
}));
