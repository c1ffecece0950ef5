// The order in which a campaign dials a contact's phones (DESIGN §2), deterministic for every contact.
import type { Contact, Phone } from './contact.ts';
import type { ItemType } from './item-type.ts';

export interface DialEntry {
  phone: Phone;
  /** 'Primary', the item type's name, or 'Untyped'. */
  label: string;
  itemType: ItemType | undefined;
}

/**
 * The primary first; then typed additional phones by orderBy ascending, then type name ascending, then
 * insertion order; then untyped additional phones (including phones whose type was deleted) in insertion order.
 */
export function dialOrder(contact: Contact, itemTypes: readonly ItemType[]): DialEntry[] {
  const typesById = new Map(itemTypes.map((type) => [type.id, type]));
  const additional = contact.additionalPhones.map((phone, insertion) => ({
    phone,
    insertion,
    itemType: phone.itemTypeId === undefined ? undefined : typesById.get(phone.itemTypeId),
  }));
  additional.sort((a, b) => {
    if (a.itemType === undefined || b.itemType === undefined) {
      if (a.itemType !== b.itemType) return a.itemType === undefined ? 1 : -1;
      return a.insertion - b.insertion;
    }
    return a.itemType.orderBy - b.itemType.orderBy || compareNames(a.itemType.name, b.itemType.name) || a.insertion - b.insertion;
  });
  return [
    { phone: contact.primaryPhone, label: 'Primary', itemType: undefined },
    ...additional.map(({ phone, itemType }) => ({ phone, label: itemType?.name ?? 'Untyped', itemType })),
  ];
}

/** Code-point order, so the result never depends on the machine's locale. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
