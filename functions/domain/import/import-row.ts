// One CSV row → the contact it describes, or the reason it cannot be imported.
import { phoneKinds, type ContactInput, type PhoneInput, type PhoneKind } from '../contact.ts';
import { InvalidInputError } from '../errors.ts';
import { normalisePhoneNumber } from '../phone-number.ts';
import type { AdditionalPhoneColumns, Column, ColumnMapping } from './column-mapping.ts';
import { parseConsentCell, type ConsentGrant } from './consent-cell.ts';
import { neutraliseCell, type RowRejection } from './import-job.ts';

export interface ImportRow {
  line: number;
  /** The row's identity across imports: its external id, or else its primary number. */
  importKey: string;
  input: ContactInput;
  /** Phones whose kind the row leaves blank: an update keeps the kind they already have. */
  unspecifiedKinds: ReadonlySet<string>;
  /** Consent the row records, by number (absent: none): ledger entries with source `import`. */
  consents?: Map<string, ConsentGrant[]> | undefined;
}

export type MappedRow = { row: ImportRow } | { rejection: RowRejection };

const kindsByName = new Map<string, PhoneKind>(phoneKinds.map((kind) => [kind.toLowerCase(), kind]));

// The import's hot path: plain functions over the cells, no closures made per row.

/** Map one record. Every failure names its column, and the cell is never echoed unescaped. */
export function mapRow(cells: readonly string[], line: number, mapping: ColumnMapping, defaultRegion: string): MappedRow {
  if (isBlank(cells)) return reject(cells, line, undefined, 'blank row');
  const displayName = cellOf(cells, mapping.displayName);
  if (displayName === '') return reject(cells, line, mapping.displayName, 'the name is empty');
  for (const { column, max } of limitedColumnsOf(mapping)) {
    if (cellOf(cells, column).length > max) return reject(cells, line, column, `the cell is longer than ${max} characters`);
  }
  if (cellOf(cells, mapping.primaryPhone) === '') return reject(cells, line, mapping.primaryPhone, 'the primary phone is empty');

  const unspecifiedKinds = new Set<string>();
  try {
    const primaryPhone = readPhone(cells, mapping.primaryPhone, mapping.primaryKind, mapping.primaryDescription, undefined, defaultRegion, unspecifiedKinds);
    const rowConsent = readConsent(cells, mapping.consent);
    let consents = addConsents(undefined, primaryPhone.number, rowConsent, readConsent(cells, mapping.primaryConsent));
    const additionalPhones: PhoneInput[] = [];
    for (const columns of mapping.additionalPhones) {
      if (cellOf(cells, columns.number) === '') continue;
      const phone = readPhone(cells, columns.number, columns.kind, columns.description, columns.itemType?.id, defaultRegion, unspecifiedKinds);
      additionalPhones.push(phone);
      consents = addConsents(consents, phone.number, rowConsent, readConsent(cells, columns.consent));
    }
    const externalId = cellOf(cells, mapping.externalId) || undefined;
    const input: ContactInput = {
      displayName,
      externalId,
      primaryPhone,
      additionalPhones,
      emails: readEmails(cellOf(cells, mapping.emails)),
      customFields: readCustomFields(cells, mapping),
    };
    return { row: { line, importKey: externalId === undefined ? `phone:${primaryPhone.number}` : `external:${externalId}`, input, unspecifiedKinds, consents } };
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return reject(cells, line, phoneColumnNamed(mapping, error.field), error.reason);
  }
}

/**
 * The API's limits on the same fields (handlers/api/schemas.ts): an import must not store what the API refuses, nor a
 * contact too large for one DynamoDB item (400 KB), which would fail its whole batch.
 */
const maxLengths = { displayName: 200, externalId: 200, description: 500, emails: 2_000, customField: 2_000 };
const limitedColumns = new WeakMap<ColumnMapping, Array<{ column: Column; max: number }>>();

function limitedColumnsOf(mapping: ColumnMapping): Array<{ column: Column; max: number }> {
  let limited = limitedColumns.get(mapping);
  if (limited === undefined) {
    const descriptions = [mapping.primaryDescription, ...mapping.additionalPhones.map((phone) => phone.description)];
    limited = [
      { column: mapping.displayName, max: maxLengths.displayName },
      ...[mapping.externalId].flatMap((column) => (column ? [{ column, max: maxLengths.externalId }] : [])),
      ...descriptions.flatMap((column) => (column ? [{ column, max: maxLengths.description }] : [])),
      ...[mapping.emails].flatMap((column) => (column ? [{ column, max: maxLengths.emails }] : [])),
      ...mapping.customFields.map(({ column }) => ({ column, max: maxLengths.customField })),
    ];
    limitedColumns.set(mapping, limited);
  }
  return limited;
}

function cellOf(cells: readonly string[], column: Column | undefined): string {
  return column === undefined ? '' : (cells[column.index] ?? '').trim();
}

function isBlank(cells: readonly string[]): boolean {
  for (const value of cells) if (value.trim() !== '') return false;
  return true;
}

function reject(cells: readonly string[], line: number, column: Column | undefined, reason: string): MappedRow {
  const value = cellOf(cells, column);
  return { rejection: { line, column: column?.header, reason, value: value === '' ? undefined : neutraliseCell(value) } };
}

function readPhone(
  cells: readonly string[],
  number: Column,
  kindColumn: Column | undefined,
  description: Column | undefined,
  itemTypeId: string | undefined,
  defaultRegion: string,
  unspecifiedKinds: Set<string>,
): PhoneInput {
  const e164 = normalisePhoneNumber(cellOf(cells, number), defaultRegion, number.header).e164;
  const kindText = cellOf(cells, kindColumn);
  const kind = kindText === '' ? undefined : kindsByName.get(kindText.toLowerCase());
  if (kindText !== '' && kind === undefined) throw new InvalidInputError(kindColumn!.header, `kind must be one of ${phoneKinds.join(', ')}`);
  if (kind === undefined) unspecifiedKinds.add(e164);
  return { number: e164, kind, itemTypeId, description: cellOf(cells, description) || undefined };
}

const noGrants: ConsentGrant[] = [];

function readConsent(cells: readonly string[], column: Column | undefined): ConsentGrant[] {
  return column === undefined ? noGrants : parseConsentCell(cellOf(cells, column), column.header);
}

/** The row's consents with this number's added; no map at all for the rows (most) that carry none. */
function addConsents(into: Map<string, ConsentGrant[]> | undefined, number: string, ...grants: ConsentGrant[][]): Map<string, ConsentGrant[]> | undefined {
  const all = [...(into?.get(number) ?? []), ...grants.flat()];
  if (all.length === 0) return into;
  return (into ?? new Map<string, ConsentGrant[]>()).set(number, all);
}

function readEmails(text: string): string[] {
  return text === '' ? [] : text.split(/[;,\s]+/).filter((email) => email !== '');
}

function readCustomFields(cells: readonly string[], mapping: ColumnMapping): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const { name, column } of mapping.customFields) {
    const value = cellOf(cells, column);
    if (value !== '') fields[name] = value;
  }
  return fields;
}

/** The column an InvalidInputError names, so that the rejection can echo its cell. */
function phoneColumnNamed(mapping: ColumnMapping, header: string): Column | undefined {
  if (mapping.primaryPhone.header === header) return mapping.primaryPhone;
  if (mapping.primaryKind?.header === header) return mapping.primaryKind;
  for (const column of [mapping.consent, mapping.primaryConsent, ...mapping.additionalPhones.map((phone) => phone.consent)]) if (column?.header === header) return column;
  const columns: AdditionalPhoneColumns | undefined = mapping.additionalPhones.find((phone) => phone.number.header === header || phone.kind?.header === header);
  return columns === undefined ? undefined : columns.number.header === header ? columns.number : columns.kind;
}
