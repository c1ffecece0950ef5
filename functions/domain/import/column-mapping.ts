// Which CSV column feeds which contact field: read from the header, or given explicitly.
import { InvalidInputError } from '../errors.ts';
import type { ItemType } from '../item-type.ts';

/** An explicit mapping: every value is a column header of the file. */
export interface ColumnMappingInput {
  displayName?: string | undefined;
  externalId?: string | undefined;
  primaryPhone?: string | undefined;
  primaryKind?: string | undefined;
  primaryDescription?: string | undefined;
  emails?: string | undefined;
  /** Consent for every number of the row (consent-cell.ts). */
  consent?: string | undefined;
  primaryConsent?: string | undefined;
  additionalPhones?: AdditionalPhoneColumnsInput[] | undefined;
  /** Custom field name → column header. */
  customFields?: Record<string, string> | undefined;
}

export interface AdditionalPhoneColumnsInput {
  column: string;
  /** The item type's name; absent for an untyped phone. */
  itemType?: string | undefined;
  kindColumn?: string | undefined;
  descriptionColumn?: string | undefined;
  consentColumn?: string | undefined;
}

/** A column by its header and position. */
export interface Column {
  header: string;
  index: number;
}

export interface AdditionalPhoneColumns {
  number: Column;
  itemType: ItemType | undefined;
  kind: Column | undefined;
  description: Column | undefined;
  consent: Column | undefined;
}

export interface ColumnMapping {
  displayName: Column;
  primaryPhone: Column;
  externalId: Column | undefined;
  primaryKind: Column | undefined;
  primaryDescription: Column | undefined;
  emails: Column | undefined;
  consent: Column | undefined;
  primaryConsent: Column | undefined;
  additionalPhones: AdditionalPhoneColumns[];
  customFields: Array<{ name: string; column: Column }>;
  /** Headers that feed nothing. */
  ignored: string[];
}

const fieldAliases = {
  displayName: ['name', 'displayname', 'fullname', 'contactname'],
  externalId: ['externalid', 'id', 'customerid', 'contactid'],
  primaryPhone: ['primaryphone', 'phone', 'phonenumber', 'primary'],
  primaryKind: ['primarykind', 'primaryphonekind', 'kind'],
  primaryDescription: ['primarydescription', 'primaryphonedescription'],
  emails: ['email', 'emails', 'emailaddress'],
  consent: ['consent', 'consents'],
  primaryConsent: ['primaryconsent', 'primaryphoneconsent'],
} as const;

type AliasedField = keyof typeof fieldAliases;

/** "Holiday Home", "holiday_home" and "HOLIDAY-HOME" are one header. */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Resolve the columns. Without an explicit mapping, headers name fields (`Name`, `Primary phone`,
 * `Primary kind`, `External id`, `Email`), a header equal to an item type's name holds that type's number
 * (`Office`, `Holiday Home`), `<type> description` and `<type> kind` describe it, and `Additional phone`,
 * `Additional phone 2`, … hold untyped numbers. `Consent` holds consent for every number of the row, `Primary
 * consent` and `<type> consent` for one number (consent-cell.ts).
 */
export function resolveColumnMapping(header: readonly string[], itemTypes: readonly ItemType[], explicit?: ColumnMappingInput): ColumnMapping {
  const columns = new Map<string, Column>();
  header.forEach((text, index) => {
    const key = headerKey(text);
    if (key !== '' && !columns.has(key)) columns.set(key, { header: text.trim(), index });
  });
  const used = new Set<number>();
  const take = (column: Column | undefined): Column | undefined => {
    if (column) used.add(column.index);
    return column;
  };
  const named = (field: string, name: string | undefined): Column | undefined => {
    if (name === undefined) return undefined;
    const column = columns.get(headerKey(name));
    if (!column) throw new InvalidInputError(`mapping.${field}`, `the file has no column "${name}"`);
    return take(column);
  };
  const field = (name: AliasedField): Column | undefined => {
    if (explicit) return named(name, explicit[name]);
    return take(fieldAliases[name].map((alias) => columns.get(alias)).find((column) => column !== undefined));
  };

  const displayName = field('displayName');
  const primaryPhone = field('primaryPhone');
  if (!displayName) throw new InvalidInputError('mapping.displayName', 'no column for the name: add a "Name" column or map one');
  if (!primaryPhone) throw new InvalidInputError('mapping.primaryPhone', 'no column for the primary phone: add a "Primary phone" column or map one');
  const typesByKey = new Map(itemTypes.map((type) => [headerKey(type.name), type]));
  const additionalPhones = explicit
    ? (explicit.additionalPhones ?? []).map((phone, index) => {
        const itemType = phone.itemType === undefined ? undefined : typesByKey.get(headerKey(phone.itemType));
        if (phone.itemType !== undefined && !itemType) {
          throw new InvalidInputError(`mapping.additionalPhones.${index}.itemType`, `no contact item type "${phone.itemType}"`);
        }
        return {
          number: named(`additionalPhones.${index}.column`, phone.column)!,
          itemType,
          kind: named(`additionalPhones.${index}.kindColumn`, phone.kindColumn),
          description: named(`additionalPhones.${index}.descriptionColumn`, phone.descriptionColumn),
          consent: named(`additionalPhones.${index}.consentColumn`, phone.consentColumn),
        };
      })
    : inferAdditionalPhones(columns, typesByKey, take);
  const customFields = Object.entries(explicit?.customFields ?? {}).map(([name, header]) => ({ name, column: named(`customFields.${name}`, header)! }));
  return {
    displayName,
    primaryPhone,
    externalId: field('externalId'),
    primaryKind: field('primaryKind'),
    primaryDescription: field('primaryDescription'),
    emails: field('emails'),
    consent: field('consent'),
    primaryConsent: field('primaryConsent'),
    additionalPhones,
    customFields,
    ignored: header.filter((text, index) => !used.has(index) && text.trim() !== '').map((text) => text.trim()),
  };
}

function inferAdditionalPhones(
  columns: Map<string, Column>,
  typesByKey: Map<string, ItemType>,
  take: (column: Column | undefined) => Column | undefined,
): AdditionalPhoneColumns[] {
  const phones: AdditionalPhoneColumns[] = [];
  for (const [key, column] of columns) {
    const itemType = typesByKey.get(key);
    const untyped = /^additionalphone\d*$/.test(key);
    if (!itemType && !untyped) continue;
    phones.push({
      number: take(column)!,
      itemType,
      kind: take(columns.get(`${key}kind`)),
      description: take(columns.get(`${key}description`)),
      consent: take(columns.get(`${key}consent`)),
    });
  }
  return phones.sort((a, b) => a.number.index - b.number.index);
}
