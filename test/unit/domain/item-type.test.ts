// Contact item types: validation of a new or changed type, and the key that makes names unique.
import { describe, it, expect } from 'vitest';
import { InvalidInputError } from '#domain/errors';
import { buildItemType, itemTypeNameKey } from '#domain/item-type';

describe('item type', () => {
  it('builds a type with its name trimmed and version 1 by default', () => {
    // Act
    const type = buildItemType('t1', { name: '  Holiday Home ', orderBy: 2, colour: '#1f77b4', description: 'Second homes' });

    // Assess
    expect(type).toEqual({ id: 't1', name: 'Holiday Home', orderBy: 2, colour: '#1f77b4', description: 'Second homes', version: 1 });
  });

  it('takes the version it is given', () => {
    // Act
    const type = buildItemType('t1', { name: 'Office', orderBy: 1 }, 4);

    // Assess
    expect(type.version).toBe(4);
    expect(type.colour).toBeUndefined();
  });

  it.each(['', '   '])('rejects the empty name %j', (name) => {
    // Act
    const build = () => buildItemType('t1', { name, orderBy: 1 });

    // Assess
    expect(build).toThrow(InvalidInputError);
    expect(build).toThrow('name: is empty');
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects orderBy %s', (orderBy) => {
    // Act
    const build = () => buildItemType('t1', { name: 'Office', orderBy });

    // Assess
    expect(build).toThrow(InvalidInputError);
    expect(build).toThrow(/^orderBy: must be a whole number ≥ 1$/);
  });

  it('accepts orderBy 1, the first place', () => {
    // Act
    const type = buildItemType('t1', { name: 'Office', orderBy: 1 });

    // Assess
    expect(type.orderBy).toBe(1);
  });

  it('gives one name key to names that differ only in case and surrounding space', () => {
    // Act
    const keys = ['Office', ' office ', 'OFFICE'].map(itemTypeNameKey);

    // Assess
    expect(new Set(keys)).toEqual(new Set(['office']));
  });

  it('keeps inner spaces in the name key: "Holiday Home" and "HolidayHome" are two names', () => {
    // Act
    const spaced = itemTypeNameKey('Holiday Home');
    const joined = itemTypeNameKey('HolidayHome');

    // Assess
    expect(spaced).toBe('holiday home');
    expect(spaced).not.toBe(joined);
  });
});
