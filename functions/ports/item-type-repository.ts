import type { ItemType } from '#domain/item-type';

export interface ItemTypeRepository {
  list(): Promise<ItemType[]>;
  get(id: string): Promise<ItemType | undefined>;
  /** Throws ConflictError when another type has the same name. */
  create(itemType: ItemType): Promise<void>;
  /** Throws VersionConflictError when `previous` is stale, ConflictError when the new name is taken. */
  update(previous: ItemType, next: ItemType): Promise<void>;
  delete(itemType: ItemType): Promise<void>;
}
