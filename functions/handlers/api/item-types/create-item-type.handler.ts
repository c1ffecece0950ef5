import { createItemType } from '#domain/use-cases/item-types';
import { apiHandler } from '#shared/http/api-handler';
import { contactDependencies } from '../../composition.ts';
import { presentItemType } from '../presenters.ts';
import { itemTypeBody } from '../schemas.ts';

export const handler = apiHandler({ body: itemTypeBody }, async ({ body }) => ({
  status: 201,
  body: presentItemType(await createItemType(contactDependencies(), body)),
}));
