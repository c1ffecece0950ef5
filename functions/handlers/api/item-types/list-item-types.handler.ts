import { listItemTypes } from '#domain/use-cases/item-types';
import { apiHandler } from '#shared/http/api-handler';
import { contactDependencies } from '../../composition.ts';
import { presentItemType } from '../presenters.ts';

export const handler = apiHandler({}, async () => ({
  status: 200,
  body: (await listItemTypes(contactDependencies())).map(presentItemType),
}));
