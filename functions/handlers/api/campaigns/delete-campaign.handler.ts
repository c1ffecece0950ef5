import { deleteCampaign } from '#domain/use-cases/campaigns/campaigns';
import { apiHandler } from '#shared/http/api-handler';
import { campaignDependencies } from '../../campaign-composition.ts';
import { campaignParams } from '../campaign-schemas.ts';

export const handler = apiHandler({ params: campaignParams }, async ({ params }) => {
  const { stoppedExecutions } = await deleteCampaign(campaignDependencies(), params.campaignId);
  return { status: 200, body: { deleted: params.campaignId, stoppedExecutions } };
});
