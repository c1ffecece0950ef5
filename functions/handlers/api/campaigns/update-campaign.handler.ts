import { updateCampaign } from '#domain/use-cases/campaigns/campaigns';
import { apiHandler } from '#shared/http/api-handler';
import { campaignDependencies } from '../../campaign-composition.ts';
import { campaignParams, campaignUpdateBody } from '../campaign-schemas.ts';
import { presentCampaign } from '../presenters.ts';

export const handler = apiHandler({ params: campaignParams, body: campaignUpdateBody }, async ({ params, body: { version, ...update } }) => ({
  status: 200,
  body: presentCampaign(await updateCampaign(campaignDependencies(), params.campaignId, update, version)),
}));
