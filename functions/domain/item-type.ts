// Contact item types: operator-defined categories of additional phones, with their dial priority.
import { InvalidInputError } from './errors.ts';

export interface ItemType {
  id: string;
  name: string;
  /** 1 dials first; ties are broken by name. */
  orderBy: number;
  colour: string | undefined;
  description: string | undefined;
  version: number;
}

export interface ItemTypeInput {
  name: string;
  orderBy: number;
  colour?: string | undefined;
  description?: string | undefined;
}

/** Names are unique regardless of case and surrounding space: "Office" and " office" are one type. */
export function itemTypeNameKey(name: string): string {
  return name.trim().toLocaleLowerCase('en');
}

export function buildItemType(id: string, input: ItemTypeInput, version = 1): ItemType {
  const name = input.name.trim();
  if (name === '') throw new InvalidInputError('name', 'is empty');
  if (!Number.isInteger(input.orderBy) || input.orderBy < 1) throw new InvalidInputError('orderBy', 'must be a whole number ≥ 1');
  return { id, name, orderBy: input.orderBy, colour: input.colour, description: input.description, version };
}
