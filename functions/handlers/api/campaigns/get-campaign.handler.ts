import { getCampaign } from '#domain/use-cases/campaigns/campaigns';
import { apiHandler } from '#shared/http/api-handler';
import { campaignDependencies } from '../../campaign-composition.ts';
import { campaignParams } from '../campaign-schemas.ts';
import { presentCampaign } from '../presenters.ts';

export const handler = apiHandler({ params: campaignParams }, async ({ params }) => ({
  status: 200,
  body: presentCampaign(await getCampaign(campaignDependencies(), params.campaignId)),
}));
