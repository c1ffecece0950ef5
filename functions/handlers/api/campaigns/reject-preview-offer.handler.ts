import { rejectPreviewOffer } from '#domain/use-cases/dialer/preview';
import { apiHandler } from '#shared/http/api-handler';
import { previewDependencies } from '../../preview-composition.ts';
import { previewOfferParams, previewRejectBody } from '../campaign-schemas.ts';
import { presentRejectedOffer } from '../presenters.ts';

export const handler = apiHandler({ params: previewOfferParams, body: previewRejectBody }, async ({ params, body }) => ({
  status: 200,
  body: presentRejectedOffer(await rejectPreviewOffer(previewDependencies(), params.campaignId, params.contactId, body?.reason)),
}));
