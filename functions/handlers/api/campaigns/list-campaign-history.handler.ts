import { listCampaignHistory } from '#domain/use-cases/campaigns/campaign-results';
import { apiHandler } from '#shared/http/api-handler';
import { campaignDependencies } from '../../campaign-composition.ts';
import { campaignParams, historyQuery } from '../campaign-schemas.ts';
import { presentHistoryRow } from '../presenters.ts';

export const handler = apiHandler({ params: campaignParams, query: historyQuery }, async ({ params, query }) => {
  const page = await listCampaignHistory(campaignDependencies(), params.campaignId, query);
  return { status: 200, body: { items: page.items.map(presentHistoryRow), cursor: page.cursor } };
});
