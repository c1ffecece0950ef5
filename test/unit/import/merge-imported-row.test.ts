// mergeImportedRow: an imported row adds and updates what a contact has, and never removes anything.
import { describe, it, expect } from 'vitest';
import { buildContact, type Contact, type ContactInput, type ContactRules } from '#domain/contact';
import type { ImportRow } from '#domain/import/import-row';
import { mergeImportedRow } from '#domain/import/merge-imported-row';

const office = 'type-office';
const holiday = 'type-holiday';
const known = new Set([office, holiday]);
const rules: ContactRules = { defaultRegion: 'GB', knownItemTypeIds: known, now: '2025-03-01T10:00:00.000Z' };

const primary = '+447400123456';
const landline = '+442079460958';
const holidayHome = '+441134960000';
const newMobile = '+447400123457';

function stored(): Contact {
  return buildContact(
    'c1',
    {
      displayName: 'Ada',
      externalId: 'crm-1',
      emails: ['ada@example.com'],
      customFields: { tier: 'gold', region: 'north' },
      primaryPhone: { number: primary, kind: 'MOBILE', description: 'own' },
      additionalPhones: [
        { number: landline, kind: 'OFFICE', itemTypeId: office, description: 'desk' },
        { number: holidayHome, kind: 'HOME', itemTypeId: holiday },
      ],
    },
    rules,
  );
}

function row(input: ContactInput, unspecifiedKinds: string[] = []): ImportRow {
  return { line: 2, importKey: input.externalId ? `external:${input.externalId}` : `phone:${input.primaryPhone.number}`, input, unspecifiedKinds: new Set(unspecifiedKinds) };
}

describe('mergeImportedRow', () => {
  it('takes the row as it is when there is no contact yet', () => {
    // Prepare
    const imported = row({ displayName: 'Ada', primaryPhone: { number: primary } });

    // Act
    const input = mergeImportedRow(undefined, imported, known);

    // Assess
    expect(input).toBe(imported.input);
  });

  it("keeps every stored number the row does not mention, and adds the row's new ones after them", () => {
    // Prepare
    const imported = row({ displayName: 'Ada', primaryPhone: { number: primary, kind: 'MOBILE' }, additionalPhones: [{ number: newMobile, kind: 'MOBILE' }] });

    // Act
    const input = mergeImportedRow(stored(), imported, known);

    // Assess
    expect(input.primaryPhone.number).toBe(primary);
    expect(input.additionalPhones?.map((phone) => phone.number)).toEqual([landline, holidayHome, newMobile]);
  });

  it("updates a stored number with the row's kind, item type and description", () => {
    // Prepare
    const imported = row({ displayName: 'Ada', primaryPhone: { number: primary, kind: 'MOBILE' }, additionalPhones: [{ number: holidayHome, kind: 'OTHER', itemTypeId: office, description: 'cottage' }] });

    // Act
    const input = mergeImportedRow(stored(), imported, known);

    // Assess
    expect(input.additionalPhones?.find((phone) => phone.number === holidayHome)).toEqual({ number: holidayHome, kind: 'OTHER', itemTypeId: office, description: 'cottage' });
  });

  it('keeps the stored kind of a number whose kind the row leaves blank', () => {
    // Prepare
    const imported = row({ displayName: 'Ada', primaryPhone: { number: primary }, additionalPhones: [{ number: landline }] }, [primary, landline]);

    // Act
    const input = mergeImportedRow(stored(), imported, known);

    // Assess
    expect(input.primaryPhone.kind).toBe('MOBILE');
    expect(input.additionalPhones?.find((phone) => phone.number === landline)?.kind).toBe('OFFICE');
  });

  it('keeps the stored description and item type when the row has none', () => {
    // Prepare
    const imported = row({ displayName: 'Ada', primaryPhone: { number: primary }, additionalPhones: [{ number: landline }] }, [primary, landline]);

    // Act
    const input = mergeImportedRow(stored(), imported, known);

    // Assess
    expect(input.primaryPhone.description).toBe('own');
    expect(input.additionalPhones?.find((phone) => phone.number === landline)).toMatchObject({ itemTypeId: office, description: 'desk' });
  });

  it('keeps a replaced primary on as an additional phone, with its kind and description', () => {
    // Prepare
    const imported = row({ displayName: 'Ada', primaryPhone: { number: newMobile, kind: 'MOBILE' } });

    // Act
    const input = mergeImportedRow(stored(), imported, known);

    // Assess
    expect(input.primaryPhone).toMatchObject({ number: newMobile, kind: 'MOBILE' });
    expect(input.additionalPhones).toContainEqual({ number: primary, kind: 'MOBILE', itemTypeId: undefined, description: 'own' });
    expect(input.additionalPhones?.map((phone) => phone.number)).toEqual([primary, landline, holidayHome]);
  });

  it('promotes a stored additional number to primary without keeping it twice', () => {
    // Prepare
    const imported = row({ displayName: 'Ada', primaryPhone: { number: landline } }, [landline]);

    // Act
    const input = mergeImportedRow(stored(), imported, known);

    // Assess
    expect(input.primaryPhone).toMatchObject({ number: landline, kind: 'OFFICE' });
    expect(input.additionalPhones?.map((phone) => phone.number)).toEqual([primary, holidayHome]);
  });

  it("takes the row's name, merges emails and custom fields, and keeps the stored external id when the row has none", () => {
    // Prepare
    const imported = row({ displayName: 'Ada Lovelace', emails: ['countess@example.com'], customFields: { tier: 'platinum' }, primaryPhone: { number: primary } }, [primary]);

    // Act
    const input = mergeImportedRow(stored(), imported, known);

    // Assess
    expect(input.displayName).toBe('Ada Lovelace');
    expect(input.externalId).toBe('crm-1');
    expect(input.emails).toEqual(['ada@example.com', 'countess@example.com']);
    expect(input.customFields).toEqual({ tier: 'platinum', region: 'north' });
  });

  it('builds into a valid contact that has lost no number', () => {
    // Prepare
    const previous = stored();
    const imported = row({ displayName: 'Ada', primaryPhone: { number: newMobile }, additionalPhones: [{ number: primary, kind: 'MOBILE' }] }, [newMobile]);

    // Act
    const next = buildContact('c1', mergeImportedRow(previous, imported, known), rules, previous);

    // Assess
    expect(next.primaryPhone.number).toBe(newMobile);
    expect(next.additionalPhones.map((phone) => phone.number)).toEqual([primary, landline, holidayHome]);
    expect(next.version).toBe(2);
  });

  it('drops the item type of a stored phone whose type was deleted', () => {
    // Prepare
    const imported = row({ displayName: 'Ada', primaryPhone: { number: primary } }, [primary]);

    // Act
    const input = mergeImportedRow(stored(), imported, new Set([holiday]));

    // Assess
    expect(input.additionalPhones?.map((phone) => phone.itemTypeId)).toEqual([undefined, holiday]);
  });

  it('a number promoted to primary keeps its stored description', () => {
      const rules: ContactRules = { defaultRegion: 'GB', knownItemTypeIds: known, now: '2025-03-01T10:00:00.000Z' };
    const previous = buildContact('c1', { displayName: 'Ada', primaryPhone: { number: '+447400123456' }, additionalPhones: [{ number: '+442079460958', kind: 'OFFICE', itemTypeId: office, description: 'reception desk' }] }, rules);
    const row: ImportRow = { line: 2, importKey: 'phone:+442079460958', input: { displayName: 'Ada', primaryPhone: { number: '+442079460958' } }, unspecifiedKinds: new Set(['+442079460958']) };

      const input = mergeImportedRow(previous, row, rules.knownItemTypeIds);

      expect(input.primaryPhone).toMatchObject({ number: '+442079460958', kind: 'OFFICE', description: 'reception desk' });
  });
});
