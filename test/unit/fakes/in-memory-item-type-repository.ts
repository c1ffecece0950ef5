// ItemTypeRepository in memory: names unique whatever their case and surrounding space, updates need the stored version.
import { ConflictError, VersionConflictError } from '#domain/errors';
import { itemTypeNameKey, type ItemType } from '#domain/item-type';
import type { ItemTypeRepository } from '#ports/item-type-repository';

export class InMemoryItemTypeRepository implements ItemTypeRepository {
  private readonly types = new Map<string, ItemType>();

  async list(): Promise<ItemType[]> {
    return [...this.types.values()].map((type) => structuredClone(type));
  }

  async get(id: string): Promise<ItemType | undefined> {
    const type = this.types.get(id);
    return type && structuredClone(type);
  }

  async create(itemType: ItemType): Promise<void> {
    if (this.types.has(itemType.id)) throw new ConflictError(`contact item type ${itemType.id} already exists`, { id: itemType.id });
    this.checkNameFree(itemType);
    this.types.set(itemType.id, structuredClone(itemType));
  }

  async update(previous: ItemType, next: ItemType): Promise<void> {
    if (this.types.get(previous.id)?.version !== previous.version) throw new VersionConflictError('contact item type', previous.id, previous.version);
    this.checkNameFree(next);
    this.types.set(next.id, structuredClone(next));
  }

  async delete(itemType: ItemType): Promise<void> {
    this.types.delete(itemType.id);
  }

  private checkNameFree(itemType: ItemType): void {
    const key = itemTypeNameKey(itemType.name);
    const holder = [...this.types.values()].find((type) => type.id !== itemType.id && itemTypeNameKey(type.name) === key);
    if (holder) throw new ConflictError(`a contact item type is already named ${itemType.name}`, { name: itemType.name });
  }
}
