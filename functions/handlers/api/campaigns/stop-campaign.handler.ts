import { stopCampaign } from '#domain/use-cases/campaigns/run-control';
import { apiHandler } from '#shared/http/api-handler';
import { campaignDependencies } from '../../campaign-composition.ts';
import { campaignParams } from '../campaign-schemas.ts';
import { presentCampaign } from '../presenters.ts';

export const handler = apiHandler({ params: campaignParams }, async ({ params }) => {
  const { stoppedExecutions, ...view } = await stopCampaign(campaignDependencies(), params.campaignId);
  return { status: 200, body: { ...presentCampaign(view), stoppedExecutions } };
});
