// One CSV row → the contact it describes, or the reason it cannot be imported.
import { phoneKinds, type ContactInput, type PhoneInput, type PhoneKind } from '../contact.ts';
import { InvalidInputError } from '../errors.ts';
import { normalisePhoneNumber } from '../phone-number.ts';
import type { Column, ColumnMapping } from './column-mapping.ts';
import { neutraliseCell, type RowRejection } from './import-job.ts';

export interface ImportRow {
  line: number;
  /** The row's identity across imports: its external id, or else its primary number. */
  importKey: string;
  input: ContactInput;
  /** Phones whose kind the row leaves blank: an update keeps the kind they already have. */
  unspecifiedKinds: ReadonlySet<string>;
}

export type MappedRow = { row: ImportRow } | { rejection: RowRejection };

const kindsByName = new Map<string, PhoneKind>(phoneKinds.map((kind) => [kind.toLowerCase(), kind]));

/** Map one record. Every failure names its column, and the cell is never echoed unescaped. */
export function mapRow(cells: readonly string[], line: number, mapping: ColumnMapping, defaultRegion: string): MappedRow {
  const cell = (column: Column | undefined): string => (column ? (cells[column.index] ?? '').trim() : '');
  const reject = (column: Column | undefined, reason: string): MappedRow => {
    const value = cell(column);
    return { rejection: { line, column: column?.header, reason, value: value === '' ? undefined : neutraliseCell(value) } };
  };
  if (cells.every((value) => value.trim() === '')) return reject(undefined, 'blank row');
  const displayName = cell(mapping.displayName);
  if (displayName === '') return reject(mapping.displayName, 'the name is empty');

  const unspecifiedKinds = new Set<string>();
  const phone = (number: Column, kindColumn: Column | undefined, description: Column | undefined, itemTypeId?: string) => {
    const e164 = normalisePhoneNumber(cell(number), defaultRegion, number.header).e164;
    const kindText = cell(kindColumn);
    const kind = kindText === '' ? undefined : kindsByName.get(kindText.toLowerCase());
    if (kindText !== '' && kind === undefined) throw new InvalidInputError(kindColumn!.header, `kind must be one of ${phoneKinds.join(', ')}`);
    if (kind === undefined) unspecifiedKinds.add(e164);
    return { number: e164, kind, itemTypeId, description: cell(description) || undefined } satisfies PhoneInput;
  };

  try {
    if (cell(mapping.primaryPhone) === '') return reject(mapping.primaryPhone, 'the primary phone is empty');
    const primaryPhone = phone(mapping.primaryPhone, mapping.primaryKind, mapping.primaryDescription);
    const additionalPhones = mapping.additionalPhones
      .filter((columns) => cell(columns.number) !== '')
      .map((columns) => phone(columns.number, columns.kind, columns.description, columns.itemType?.id));
    const externalId = cell(mapping.externalId) || undefined;
    const emails = cell(mapping.emails);
    const input: ContactInput = {
      displayName,
      externalId,
      primaryPhone,
      additionalPhones,
      emails: emails === '' ? [] : emails.split(/[;,\s]+/).filter((email) => email !== ''),
      customFields: Object.fromEntries(mapping.customFields.map(({ name, column }) => [name, cell(column)]).filter(([, value]) => value !== '')),
    };
    return { row: { line, importKey: externalId === undefined ? `phone:${primaryPhone.number}` : `external:${externalId}`, input, unspecifiedKinds } };
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const column = [mapping.primaryPhone, mapping.primaryKind, ...mapping.additionalPhones.flatMap((p) => [p.number, p.kind])].find(
      (candidate) => candidate?.header === error.field,
    );
    return reject(column, error.reason);
  }
}
