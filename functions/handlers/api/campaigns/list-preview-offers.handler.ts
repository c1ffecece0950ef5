import { listPreviewOffers } from '#domain/use-cases/dialer/preview';
import { apiHandler } from '#shared/http/api-handler';
import { previewDependencies } from '../../preview-composition.ts';
import { campaignPageQuery, campaignParams } from '../campaign-schemas.ts';
import { presentPreviewOffer } from '../presenters.ts';

export const handler = apiHandler({ params: campaignParams, query: campaignPageQuery }, async ({ params, query }) => {
  const page = await listPreviewOffers(previewDependencies(), params.campaignId, query);
  return { status: 200, body: { items: page.items.map(presentPreviewOffer), cursor: page.cursor } };
});
