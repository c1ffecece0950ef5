import { acceptPreviewOffer } from '#domain/use-cases/dialer/preview';
import { apiHandler } from '#shared/http/api-handler';
import { previewDependencies } from '../../preview-composition.ts';
import { previewOfferParams } from '../campaign-schemas.ts';
import { presentAcceptedOffer } from '../presenters.ts';

// 202: the call is dialled; its outcome arrives later, as any call's, and shows in History.
export const handler = apiHandler({ params: previewOfferParams }, async ({ params }) => ({
  status: 202,
  body: presentAcceptedOffer(await acceptPreviewOffer(previewDependencies(), params.campaignId, params.contactId)),
}));
