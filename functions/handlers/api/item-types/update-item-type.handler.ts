import { updateItemType } from '#domain/use-cases/item-types';
import { apiHandler } from '#shared/http/api-handler';
import { contactDependencies } from '../../composition.ts';
import { presentItemType } from '../presenters.ts';
import { itemTypeParams, itemTypeUpdateBody } from '../schemas.ts';

export const handler = apiHandler({ params: itemTypeParams, body: itemTypeUpdateBody }, async ({ params, body: { version, ...input } }) => ({
  status: 200,
  body: presentItemType(await updateItemType(contactDependencies(), params.itemTypeId, input, version)),
}));
