import { createCampaign } from '#domain/use-cases/campaigns/campaigns';
import { apiHandler } from '#shared/http/api-handler';
import { campaignDependencies } from '../../campaign-composition.ts';
import { campaignBody } from '../campaign-schemas.ts';
import { presentCampaign } from '../presenters.ts';

export const handler = apiHandler({ body: campaignBody }, async ({ body }) => {
  const campaign = presentCampaign(await createCampaign(campaignDependencies(), body));
  return { status: 201, body: campaign, headers: { location: `/campaigns/${campaign.id}` } };
});
