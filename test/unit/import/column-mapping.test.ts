// Column mapping: which CSV column feeds which contact field, from the header or from an explicit mapping.
import { describe, it, expect } from 'vitest';
import { InvalidInputError } from '#domain/errors';
import { headerKey, resolveColumnMapping } from '#domain/import/column-mapping';
import type { ItemType } from '#domain/item-type';

const itemType = (id: string, name: string, orderBy: number): ItemType => ({ id, name, orderBy, colour: undefined, description: undefined, version: 1 });
const office = itemType('type-office', 'Office', 1);
const holiday = itemType('type-holiday', 'Holiday Home', 2);
const itemTypes = [office, holiday];

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, nothing was thrown');
}

describe('column mapping', () => {
  it('reads the field columns from their usual headers', () => {
    // Act
    const mapping = resolveColumnMapping(['Name', 'Primary phone', 'Primary kind', 'Primary description', 'External id', 'Email'], itemTypes);

    // Assess
    expect(mapping.displayName).toEqual({ header: 'Name', index: 0 });
    expect(mapping.primaryPhone).toEqual({ header: 'Primary phone', index: 1 });
    expect(mapping.primaryKind).toEqual({ header: 'Primary kind', index: 2 });
    expect(mapping.primaryDescription).toEqual({ header: 'Primary description', index: 3 });
    expect(mapping.externalId).toEqual({ header: 'External id', index: 4 });
    expect(mapping.emails).toEqual({ header: 'Email', index: 5 });
    expect(mapping.additionalPhones).toEqual([]);
    expect(mapping.ignored).toEqual([]);
  });

  it.each([
    ['displayName', ['Full name', 'Phone'], 0],
    ['displayName', ['contact_name', 'Phone'], 0],
    ['primaryPhone', ['Name', 'Phone number'], 1],
    ['primaryPhone', ['Name', 'PHONE'], 1],
    ['primaryPhone', ['Name', 'Primary'], 1],
    ['externalId', ['Name', 'Phone', 'Customer ID'], 2],
    ['externalId', ['Name', 'Phone', 'id'], 2],
    ['emails', ['Name', 'Phone', 'E-mail address'], 2],
    ['emails', ['Name', 'Phone', 'Emails'], 2],
    ['primaryKind', ['Name', 'Phone', 'Kind'], 2],
  ] as const)('reads %s from the header alias in %j', (field, header, index) => {
    // Act
    const mapping = resolveColumnMapping(header, itemTypes);

    // Assess
    expect(mapping[field]?.index).toBe(index);
  });

  it('prefers "Primary phone" over "Phone" when both are there', () => {
    // Act
    const mapping = resolveColumnMapping(['Name', 'Phone', 'Primary phone'], itemTypes);

    // Assess
    expect(mapping.primaryPhone.header).toBe('Primary phone');
  });

  it('matches an item type column whatever its case and punctuation', () => {
    // Act
    const mapping = resolveColumnMapping(['Name', 'Primary phone', 'HOLIDAY_HOME', 'office'], itemTypes);

    // Assess
    expect(mapping.additionalPhones).toEqual([
      { number: { header: 'HOLIDAY_HOME', index: 2 }, itemType: holiday, kind: undefined, description: undefined },
      { number: { header: 'office', index: 3 }, itemType: office, kind: undefined, description: undefined },
    ]);
  });

  it('reads "<Type> kind" and "<Type> description" columns as the kind and description of that type\'s phone', () => {
    // Act
    const mapping = resolveColumnMapping(['Name', 'Primary phone', 'Holiday Home', 'Holiday-home description', 'Holiday Home Kind', 'Office'], itemTypes);

    // Assess
    expect(mapping.additionalPhones[0]).toEqual({
      number: { header: 'Holiday Home', index: 2 },
      itemType: holiday,
      kind: { header: 'Holiday Home Kind', index: 4 },
      description: { header: 'Holiday-home description', index: 3 },
    });
    expect(mapping.additionalPhones[1]?.itemType).toBe(office);
  });

  it('reads "Additional phone" and "Additional phone 2" as untyped phones, with their kind columns', () => {
    // Act
    const mapping = resolveColumnMapping(['Name', 'Primary phone', 'Additional phone', 'Additional phone 2', 'Additional phone 2 kind'], itemTypes);

    // Assess
    expect(mapping.additionalPhones).toEqual([
      { number: { header: 'Additional phone', index: 2 }, itemType: undefined, kind: undefined, description: undefined },
      { number: { header: 'Additional phone 2', index: 3 }, itemType: undefined, kind: { header: 'Additional phone 2 kind', index: 4 }, description: undefined },
    ]);
  });

  it('keeps additional phones in the order of their columns', () => {
    // Act
    const mapping = resolveColumnMapping(['Additional phone', 'Name', 'Office', 'Primary phone', 'Holiday Home'], itemTypes);

    // Assess
    expect(mapping.additionalPhones.map((phone) => phone.number.header)).toEqual(['Additional phone', 'Office', 'Holiday Home']);
  });

  it('lists the columns that feed nothing, without blank headers', () => {
    // Act
    const mapping = resolveColumnMapping(['Name', 'Primary phone', ' Notes ', '', 'Boat', 'Name'], itemTypes);

    // Assess
    expect(mapping.ignored).toEqual(['Notes', 'Boat', 'Name']);
  });

  it('rejects a header without a name column, naming mapping.displayName', () => {
    // Act
    const error = thrownBy(() => resolveColumnMapping(['Primary phone', 'Office'], itemTypes));

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'mapping.displayName' });
    expect((error as InvalidInputError).reason).toMatch(/no column for the name/);
  });

  it('rejects a header without a primary phone column, naming mapping.primaryPhone', () => {
    // Act
    const error = thrownBy(() => resolveColumnMapping(['Name', 'Office'], itemTypes));

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'mapping.primaryPhone' });
    expect((error as InvalidInputError).reason).toMatch(/no column for the primary phone/);
  });

  it('follows an explicit mapping instead of the headers', () => {
    // Act
    const mapping = resolveColumnMapping(['Client', 'Tel', 'Type', 'Ref', 'Mail', 'Name', 'Work', 'Work type', 'Work note', 'Other', 'Tier'], itemTypes, {
      displayName: 'Client',
      primaryPhone: 'tel',
      primaryKind: 'Type',
      externalId: 'Ref',
      emails: 'Mail',
      additionalPhones: [{ column: 'Work', itemType: 'office', kindColumn: 'Work type', descriptionColumn: 'Work note' }, { column: 'Other' }],
      customFields: { tier: 'Tier' },
    });

    // Assess
    expect(mapping.displayName.header).toBe('Client');
    expect(mapping.primaryPhone).toEqual({ header: 'Tel', index: 1 });
    expect(mapping.primaryKind?.index).toBe(2);
    expect(mapping.externalId?.index).toBe(3);
    expect(mapping.emails?.index).toBe(4);
    expect(mapping.primaryDescription).toBeUndefined();
    expect(mapping.additionalPhones).toEqual([
      { number: { header: 'Work', index: 6 }, itemType: office, kind: { header: 'Work type', index: 7 }, description: { header: 'Work note', index: 8 } },
      { number: { header: 'Other', index: 9 }, itemType: undefined, kind: undefined, description: undefined },
    ]);
    expect(mapping.customFields).toEqual([{ name: 'tier', column: { header: 'Tier', index: 10 } }]);
    expect(mapping.ignored).toEqual(['Name']);
  });

  it('reads no field from the headers when the mapping is explicit', () => {
    // Act
    const mapping = resolveColumnMapping(['Name', 'Phone', 'Email', 'Office'], itemTypes, { displayName: 'Name', primaryPhone: 'Phone' });

    // Assess
    expect(mapping.emails).toBeUndefined();
    expect(mapping.additionalPhones).toEqual([]);
    expect(mapping.ignored).toEqual(['Email', 'Office']);
  });

  it('rejects an explicit mapping to a column the file does not have, naming the mapped field', () => {
    // Act
    const error = thrownBy(() => resolveColumnMapping(['Name', 'Phone'], itemTypes, { displayName: 'Name', primaryPhone: 'Phone', emails: 'Mail' }));

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'mapping.emails', reason: 'the file has no column "Mail"' });
  });

  it('rejects an explicit additional phone column the file does not have', () => {
    // Act
    const error = thrownBy(() => resolveColumnMapping(['Name', 'Phone'], itemTypes, { displayName: 'Name', primaryPhone: 'Phone', additionalPhones: [{ column: 'Work' }] }));

    // Assess
    expect(error).toMatchObject({ field: 'mapping.additionalPhones.0.column', reason: 'the file has no column "Work"' });
  });

  it('rejects an explicit mapping to an item type that does not exist', () => {
    // Act
    const error = thrownBy(() => resolveColumnMapping(['Name', 'Phone', 'Boat'], itemTypes, { displayName: 'Name', primaryPhone: 'Phone', additionalPhones: [{ column: 'Boat', itemType: 'Boat' }] }));

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'mapping.additionalPhones.0.itemType', reason: 'no contact item type "Boat"' });
  });

  it('rejects an explicit mapping without a primary phone', () => {
    // Act
    const error = thrownBy(() => resolveColumnMapping(['Name', 'Phone'], itemTypes, { displayName: 'Name' }));

    // Assess
    expect(error).toMatchObject({ field: 'mapping.primaryPhone' });
  });

  it('headerKey makes headers that differ only in case, spaces and punctuation equal', () => {
    // Act
    const keys = ['Holiday Home', 'holiday_home', 'HOLIDAY-HOME', ' Holiday.Home '].map(headerKey);

    // Assess
    expect(new Set(keys)).toEqual(new Set(['holidayhome']));
  });

  it('headerKey keeps letters outside ASCII and digits', () => {
    // Act
    const key = headerKey('Téléphone 2');

    // Assess
    expect(key).toBe('téléphone2');
  });
});
