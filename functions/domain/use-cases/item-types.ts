// Contact item type use cases.
import { NotFoundError, VersionConflictError } from '../errors.ts';
import { buildItemType, type ItemType, type ItemTypeInput } from '../item-type.ts';
import type { ContactDependencies } from './dependencies.ts';

type ItemTypeDependencies = Pick<ContactDependencies, 'itemTypes' | 'contacts' | 'ids'>;

export interface ItemTypeDeletion {
  deleted: ItemType;
  /** Phones that pointed at the type: they are untyped now, and dial after every typed phone. */
  phonesLeftUntyped: number;
}

export async function createItemType(deps: ItemTypeDependencies, input: ItemTypeInput): Promise<ItemType> {
  const itemType = buildItemType(deps.ids.newId(), input);
  await deps.itemTypes.create(itemType);
  return itemType;
}

export async function listItemTypes(deps: ItemTypeDependencies): Promise<ItemType[]> {
  const types = await deps.itemTypes.list();
  return types.sort((a, b) => a.orderBy - b.orderBy || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function getItemType(deps: ItemTypeDependencies, id: string): Promise<ItemType> {
  const itemType = await deps.itemTypes.get(id);
  if (!itemType) throw new NotFoundError('contact item type', id);
  return itemType;
}

export async function updateItemType(deps: ItemTypeDependencies, id: string, input: ItemTypeInput, version: number): Promise<ItemType> {
  const previous = await getItemType(deps, id);
  if (previous.version !== version) throw new VersionConflictError('contact item type', id, version);
  const next = buildItemType(id, input, previous.version + 1);
  await deps.itemTypes.update(previous, next);
  return next;
}

export async function deleteItemType(deps: ItemTypeDependencies, id: string): Promise<ItemTypeDeletion> {
  const itemType = await getItemType(deps, id);
  await deps.itemTypes.delete(itemType);
  return { deleted: itemType, phonesLeftUntyped: await deps.contacts.countPhonesWithItemType(id) };
}
