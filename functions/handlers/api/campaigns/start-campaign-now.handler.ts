import { startCampaignNow } from '#domain/use-cases/campaigns/run-control';
import { apiHandler } from '#shared/http/api-handler';
import { campaignDependencies } from '../../campaign-composition.ts';
import { campaignParams } from '../campaign-schemas.ts';
import { presentCampaign } from '../presenters.ts';

// 202: the run is handed to the starter, which starts the executions in its own invocations.
export const handler = apiHandler({ params: campaignParams }, async ({ params }) => ({
  status: 202,
  body: presentCampaign(await startCampaignNow(campaignDependencies(), params.campaignId)),
}));
