// mapRow: one CSV record to the contact it describes, or a rejection naming the column, never echoing a formula.
import { describe, it, expect } from 'vitest';
import { resolveColumnMapping } from '#domain/import/column-mapping';
import { mapRow, type ImportRow, type MappedRow } from '#domain/import/import-row';
import type { RowRejection } from '#domain/import/import-job';
import type { ItemType } from '#domain/item-type';

const office: ItemType = { id: 'type-office', name: 'Office', orderBy: 1, colour: undefined, description: undefined, version: 1 };
const header = ['Name', 'Primary phone', 'Primary kind', 'External id', 'Email', 'Office', 'Office kind', 'Office description', 'Additional phone'];
const mapping = resolveColumnMapping(header, [office]);

/** A record of the header above: Name, Primary phone, Primary kind, External id, Email, Office, Office kind, Office description, Additional phone. */
function record(cells: Partial<Record<(typeof header)[number], string>>): string[] {
  return header.map((column) => cells[column] ?? '');
}

function rowOf(mapped: MappedRow): ImportRow {
  if (!('row' in mapped)) throw new Error(`expected a row, got the rejection ${JSON.stringify(mapped.rejection)}`);
  return mapped.row;
}

function rejectionOf(mapped: MappedRow): RowRejection {
  if (!('rejection' in mapped)) throw new Error(`expected a rejection, got the row ${JSON.stringify(mapped.row.input)}`);
  return mapped.rejection;
}

describe('mapRow', () => {
  it('maps a full row to a contact input', () => {
    // Prepare
    const cells = record({ Name: ' Ada Lovelace ', 'Primary phone': '07400 123456', 'Primary kind': 'mobile', 'External id': 'crm-1', Email: 'ada@example.com; ada@work.example, a@b.example', Office: '020 7946 0958', 'Office kind': 'OFFICE', 'Office description': 'desk', 'Additional phone': '+1 201 555 0123' });

    // Act
    const row = rowOf(mapRow(cells, 7, mapping, 'GB'));

    // Assess
    expect(row.line).toBe(7);
    expect(row.importKey).toBe('external:crm-1');
    expect(row.input).toEqual({
      displayName: 'Ada Lovelace',
      externalId: 'crm-1',
      emails: ['ada@example.com', 'ada@work.example', 'a@b.example'],
      customFields: {},
      primaryPhone: { number: '+447400123456', kind: 'MOBILE', itemTypeId: undefined, description: undefined },
      additionalPhones: [
        { number: '+442079460958', kind: 'OFFICE', itemTypeId: 'type-office', description: 'desk' },
        { number: '+12015550123', kind: undefined, itemTypeId: undefined, description: undefined },
      ],
    });
  });

  it('lists the numbers whose kind the row leaves blank', () => {
    // Prepare
    const cells = record({ Name: 'Ada', 'Primary phone': '07400 123456', Office: '020 7946 0958', 'Office kind': 'home', 'Additional phone': '07400 123457' });

    // Act
    const row = rowOf(mapRow(cells, 2, mapping, 'GB'));

    // Assess
    expect([...row.unspecifiedKinds].sort()).toEqual(['+447400123456', '+447400123457']);
  });

  it('identifies a row without an external id by its primary number', () => {
    // Prepare
    const cells = record({ Name: 'Ada', 'Primary phone': '(201) 555-0123' });

    // Act
    const row = rowOf(mapRow(cells, 2, mapping, 'US'));

    // Assess
    expect(row.importKey).toBe('phone:+12015550123');
    expect(row.input.externalId).toBeUndefined();
  });

  it('leaves out additional phone columns that are empty', () => {
    // Prepare
    const cells = record({ Name: 'Ada', 'Primary phone': '07400 123456', Office: '  ' });

    // Act
    const row = rowOf(mapRow(cells, 2, mapping, 'GB'));

    // Assess
    expect(row.input.additionalPhones).toEqual([]);
    expect(row.input.emails).toEqual([]);
  });

  it('reads the cells a short record lacks as empty', () => {
    // Act
    const row = rowOf(mapRow(['Ada', '07400 123456'], 2, mapping, 'GB'));

    // Assess
    expect(row.input.displayName).toBe('Ada');
    expect(row.input.additionalPhones).toEqual([]);
  });

  it('fills custom fields from their mapped columns, leaving out empty cells', () => {
    // Prepare
    const custom = resolveColumnMapping(['Name', 'Phone', 'Tier', 'Region'], [], { displayName: 'Name', primaryPhone: 'Phone', customFields: { tier: 'Tier', region: 'Region' } });

    // Act
    const row = rowOf(mapRow(['Ada', '07400 123456', 'gold', ' '], 2, custom, 'GB'));

    // Assess
    expect(row.input.customFields).toEqual({ tier: 'gold' });
  });

  it('rejects a blank row', () => {
    // Act
    const rejection = rejectionOf(mapRow(['', '  ', ''], 4, mapping, 'GB'));

    // Assess
    expect(rejection).toEqual({ line: 4, column: undefined, reason: 'blank row', value: undefined });
  });

  it('rejects a row with an empty name, naming the name column', () => {
    // Act
    const rejection = rejectionOf(mapRow(record({ Name: ' ', 'Primary phone': '07400 123456' }), 5, mapping, 'GB'));

    // Assess
    expect(rejection).toEqual({ line: 5, column: 'Name', reason: 'the name is empty', value: undefined });
  });

  it('rejects a row with an empty primary phone', () => {
    // Act
    const rejection = rejectionOf(mapRow(record({ Name: 'Ada', Office: '020 7946 0958' }), 5, mapping, 'GB'));

    // Assess
    expect(rejection).toEqual({ line: 5, column: 'Primary phone', reason: 'the primary phone is empty', value: undefined });
  });

  it('rejects a bad primary phone, naming the column and echoing the cell', () => {
    // Act
    const rejection = rejectionOf(mapRow(record({ Name: 'Ada', 'Primary phone': 'call me' }), 6, mapping, 'GB'));

    // Assess
    expect(rejection).toEqual({ line: 6, column: 'Primary phone', reason: 'not a phone number', value: 'call me' });
  });

  it('rejects a bad additional phone, naming its column header', () => {
    // Act
    const rejection = rejectionOf(mapRow(record({ Name: 'Ada', 'Primary phone': '07400 123456', Office: '12' }), 8, mapping, 'GB'));

    // Assess
    expect(rejection).toEqual({ line: 8, column: 'Office', reason: '+4412 is not a valid number in GB', value: '12' });
  });

  it('rejects a bad untyped additional phone, naming its column header', () => {
    // Act
    const rejection = rejectionOf(mapRow(record({ Name: 'Ada', 'Primary phone': '07400 123456', 'Additional phone': 'n/a' }), 8, mapping, 'GB'));

    // Assess
    expect(rejection).toMatchObject({ line: 8, column: 'Additional phone', value: 'n/a' });
  });

  it('rejects a kind that is not a phone kind, naming its column', () => {
    // Act
    const rejection = rejectionOf(mapRow(record({ Name: 'Ada', 'Primary phone': '07400 123456', 'Primary kind': 'cell' }), 9, mapping, 'GB'));

    // Assess
    expect(rejection).toEqual({ line: 9, column: 'Primary kind', reason: 'kind must be one of MOBILE, HOME, OFFICE, OTHER', value: 'cell' });
  });

  it("rejects a bad kind of an item type's phone, naming that kind column", () => {
    // Act
    const rejection = rejectionOf(mapRow(record({ Name: 'Ada', 'Primary phone': '07400 123456', Office: '020 7946 0958', 'Office kind': 'fax' }), 9, mapping, 'GB'));

    // Assess
    expect(rejection).toMatchObject({ column: 'Office kind', value: 'fax' });
  });

  it('accepts kinds in any case', () => {
    // Act
    const row = rowOf(mapRow(record({ Name: 'Ada', 'Primary phone': '07400 123456', 'Primary kind': 'Mobile', Office: '020 7946 0958', 'Office kind': 'oThEr' }), 2, mapping, 'GB'));

    // Assess
    expect(row.input.primaryPhone.kind).toBe('MOBILE');
    expect(row.input.additionalPhones?.[0]?.kind).toBe('OTHER');
  });

  it.each([
    ['Primary phone', '=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'],
    ['Primary phone', '+1 555', "'+1 555"],
    ['Office', '@x', "'@x"],
    ['Primary kind', '-2', "'-2"],
    ['Office kind', '=1+1', "'=1+1"],
  ])('echoes the formula-looking %s cell %j neutralised', (column, cell, echoed) => {
    // Prepare
    const cells = record({ Name: 'Ada', 'Primary phone': '07400 123456', Office: '020 7946 0958', [column]: cell });

    // Act
    const rejection = rejectionOf(mapRow(cells, 3, mapping, 'GB'));

    // Assess
    expect(rejection.column).toBe(column);
    expect(rejection.value).toBe(echoed);
  });
});
