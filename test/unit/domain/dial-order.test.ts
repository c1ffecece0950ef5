// Dial order (DESIGN §2, §8 T5): primary, typed phones by orderBy then name then insertion, then untyped.
import { describe, it, expect } from 'vitest';
import { buildContact, type PhoneInput } from '#domain/contact';
import { dialOrder } from '#domain/dial-order';
import type { ItemType } from '#domain/item-type';

const itemType = (id: string, name: string, orderBy: number): ItemType => ({ id, name, orderBy, colour: undefined, description: undefined, version: 1 });

const P = '+447400100000';
const numbers = ['+447400100001', '+447400100002', '+447400100003', '+447400100004', '+447400100005'] as const;

function contactWith(itemTypes: readonly ItemType[], additionalPhones: PhoneInput[]) {
  return buildContact('c1', { displayName: 'Ada', primaryPhone: { number: P }, additionalPhones }, { defaultRegion: 'GB', knownItemTypeIds: new Set(itemTypes.map((type) => type.id)), now: '2025-03-01T10:00:00.000Z' });
}

describe('dialOrder', () => {
  it('dials P, B, A, U for A (orderBy 1, "Zeta"), B (orderBy 1, "Alpha") and an untyped U (DESIGN T5)', () => {
    // Prepare
    const A = itemType('A', 'Zeta', 1);
    const B = itemType('B', 'Alpha', 1);
    const [a, b, u] = numbers;
    const contact = contactWith([A, B], [{ number: u }, { number: a, itemTypeId: 'A' }, { number: b, itemTypeId: 'B' }]);

    // Act
    const order = dialOrder(contact, [A, B]);

    // Assess
    expect(order.map((entry) => entry.phone.number)).toEqual([P, b, a, u]);
    expect(order.map((entry) => entry.label)).toEqual(['Primary', 'Alpha', 'Zeta', 'Untyped']);
    expect(order.map((entry) => entry.itemType?.id)).toEqual([undefined, 'B', 'A', undefined]);
  });

  it('dials a lower orderBy first whatever the names', () => {
    // Prepare
    const office = itemType('office', 'Zebra office', 1);
    const holiday = itemType('holiday', 'Aardvark holiday', 2);
    const [h, o] = numbers;
    const contact = contactWith([office, holiday], [{ number: h, itemTypeId: 'holiday' }, { number: o, itemTypeId: 'office' }]);

    // Act
    const order = dialOrder(contact, [holiday, office]);

    // Assess
    expect(order.map((entry) => entry.phone.number)).toEqual([P, o, h]);
  });

  it('compares orderBy as numbers, not as text', () => {
    // Prepare
    const ten = itemType('ten', 'Ten', 10);
    const two = itemType('two', 'Two', 2);
    const [t10, t2] = numbers;
    const contact = contactWith([ten, two], [{ number: t10, itemTypeId: 'ten' }, { number: t2, itemTypeId: 'two' }]);

    // Act
    const order = dialOrder(contact, [ten, two]);

    // Assess
    expect(order.map((entry) => entry.label)).toEqual(['Primary', 'Two', 'Ten']);
  });

  it('breaks a full tie (same type) by insertion order', () => {
    // Prepare
    const office = itemType('office', 'Office', 1);
    const [first, second, third] = numbers;
    const contact = contactWith([office], [{ number: first, itemTypeId: 'office' }, { number: second, itemTypeId: 'office' }, { number: third, itemTypeId: 'office' }]);

    // Act
    const order = dialOrder(contact, [office]);

    // Assess
    expect(order.map((entry) => entry.phone.number)).toEqual([P, first, second, third]);
  });

  it('dials every typed phone before any untyped one, and untyped ones in insertion order', () => {
    // Prepare
    const holiday = itemType('holiday', 'Holiday', 99);
    const [u1, u2, h, u3] = numbers;
    const contact = contactWith([holiday], [{ number: u1 }, { number: u2 }, { number: h, itemTypeId: 'holiday' }, { number: u3 }]);

    // Act
    const order = dialOrder(contact, [holiday]);

    // Assess
    expect(order.map((entry) => entry.phone.number)).toEqual([P, h, u1, u2, u3]);
  });

  it('dials a phone whose item type was deleted with the untyped ones, in insertion order', () => {
    // Prepare
    const office = itemType('office', 'Office', 1);
    const deleted = itemType('deleted', 'Boat', 1);
    const [u1, gone, o, u2] = numbers;
    const contact = contactWith([office, deleted], [{ number: u1 }, { number: gone, itemTypeId: 'deleted' }, { number: o, itemTypeId: 'office' }, { number: u2 }]);

    // Act
    const order = dialOrder(contact, [office]);

    // Assess
    expect(order.map((entry) => entry.phone.number)).toEqual([P, o, u1, gone, u2]);
    expect(order.map((entry) => entry.label)).toEqual(['Primary', 'Office', 'Untyped', 'Untyped', 'Untyped']);
    expect(order[3]!.itemType).toBeUndefined();
  });

  it('orders names by code point, so that the result does not depend on the locale', () => {
    // Prepare
    const upper = itemType('upper', 'Zulu', 1);
    const lower = itemType('lower', 'alpha', 1);
    const accented = itemType('accented', 'Émile', 1);
    const [l, a, u] = numbers;
    const contact = contactWith([upper, lower, accented], [{ number: l, itemTypeId: 'lower' }, { number: a, itemTypeId: 'accented' }, { number: u, itemTypeId: 'upper' }]);

    // Act
    const order = dialOrder(contact, [upper, lower, accented]);

    // Assess
    expect(order.map((entry) => entry.label)).toEqual(['Primary', 'Zulu', 'alpha', 'Émile']);
  });

  it('gives a contact without additional phones its primary only', () => {
    // Prepare
    const contact = contactWith([], []);

    // Act
    const order = dialOrder(contact, []);

    // Assess
    expect(order).toEqual([{ phone: contact.primaryPhone, label: 'Primary', itemType: undefined }]);
  });

  it('does not reorder the contact it is given', () => {
    // Prepare
    const A = itemType('A', 'Zeta', 1);
    const B = itemType('B', 'Alpha', 1);
    const [a, b] = numbers;
    const contact = contactWith([A, B], [{ number: a, itemTypeId: 'A' }, { number: b, itemTypeId: 'B' }]);

    // Act
    dialOrder(contact, [A, B]);

    // Assess
    expect(contact.additionalPhones.map((phone) => phone.number)).toEqual([a, b]);
  });
});
