import { listCampaigns } from '#domain/use-cases/campaigns/campaigns';
import { apiHandler } from '#shared/http/api-handler';
import { campaignDependencies } from '../../campaign-composition.ts';
import { campaignPageQuery } from '../campaign-schemas.ts';
import { presentCampaign } from '../presenters.ts';

export const handler = apiHandler({ query: campaignPageQuery }, async ({ query }) => {
  const page = await listCampaigns(campaignDependencies(), query.limit, query.cursor);
  return { status: 200, body: { items: page.items.map(presentCampaign), cursor: page.cursor } };
});
