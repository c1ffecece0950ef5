import { deleteItemType } from '#domain/use-cases/item-types';
import { apiHandler } from '#shared/http/api-handler';
import { contactDependencies } from '../../composition.ts';
import { presentItemTypeDeletion } from '../presenters.ts';
import { itemTypeParams } from '../schemas.ts';

export const handler = apiHandler({ params: itemTypeParams }, async ({ params }) => ({
  status: 200,
  body: presentItemTypeDeletion(await deleteItemType(contactDependencies(), params.itemTypeId)),
}));
