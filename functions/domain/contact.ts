// Contacts and their phones: the rules that hold for every write, whatever its source (API, import).
import { InvalidInputError } from './errors.ts';
import { normalisePhoneNumber, type LineType } from './phone-number.ts';

export const phoneKinds = ['MOBILE', 'HOME', 'OFFICE', 'OTHER'] as const;
export type PhoneKind = (typeof phoneKinds)[number];

/** More than this and one contact's write would not fit in one DynamoDB transaction. */
export const maxAdditionalPhones = 20;

export interface Phone {
  number: string;
  kind: PhoneKind;
  /** Additional phones only: the contact item type that sets its dial priority. */
  itemTypeId: string | undefined;
  description: string | undefined;
  lineType: LineType;
  lineTypeSource: 'metadata' | 'lookup';
  lineTypeCheckedAt: string;
}

export type CustomFieldValue = string | number | boolean;

export interface Contact {
  id: string;
  externalId: string | undefined;
  displayName: string;
  emails: string[];
  customFields: Record<string, CustomFieldValue>;
  primaryPhone: Phone;
  additionalPhones: Phone[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PhoneInput {
  number: string;
  kind?: PhoneKind | undefined;
  itemTypeId?: string | undefined;
  description?: string | undefined;
}

export interface ContactInput {
  displayName: string;
  externalId?: string | undefined;
  emails?: string[] | undefined;
  customFields?: Record<string, CustomFieldValue> | undefined;
  primaryPhone: PhoneInput;
  additionalPhones?: PhoneInput[] | undefined;
}

export interface ContactRules {
  defaultRegion: string;
  /** Ids of the item types that exist now: a phone may only point at one of them. */
  knownItemTypeIds: ReadonlySet<string>;
  now: string;
}

const kindStrength: Record<PhoneKind, number> = { MOBILE: 3, HOME: 2, OFFICE: 2, OTHER: 1 };

/** When one number is given twice, the stronger kind wins: MOBILE over HOME/OFFICE over OTHER. */
export function strongerKind(a: PhoneKind, b: PhoneKind): PhoneKind {
  return kindStrength[b] > kindStrength[a] ? b : a;
}

export function buildPhone(input: PhoneInput, rules: ContactRules, field: string): Phone {
  const normalised = normalisePhoneNumber(input.number, rules.defaultRegion, `${field}.number`);
  if (input.itemTypeId !== undefined && !rules.knownItemTypeIds.has(input.itemTypeId)) {
    throw new InvalidInputError(`${field}.itemTypeId`, `no contact item type ${input.itemTypeId}`);
  }
  return {
    number: normalised.e164,
    kind: input.kind ?? 'OTHER',
    itemTypeId: input.itemTypeId,
    description: blankToUndefined(input.description),
    lineType: normalised.lineType,
    lineTypeSource: normalised.source,
    lineTypeCheckedAt: rules.now,
  };
}

/**
 * Validate and normalise a contact. A number given twice is stored once, at its first place, with the
 * stronger kind; the primary phone never carries an item type.
 */
export function buildContact(id: string, input: ContactInput, rules: ContactRules, previous?: Contact): Contact {
  const displayName = input.displayName.trim();
  if (displayName === '') throw new InvalidInputError('displayName', 'is empty');
  const additionalInputs = input.additionalPhones ?? [];
  if (additionalInputs.length > maxAdditionalPhones) {
    throw new InvalidInputError('additionalPhones', `at most ${maxAdditionalPhones} additional phones`);
  }
  const previousPhones = new Map(previous ? allPhones(previous).map((phone) => [phone.number, phone]) : []);
  const primaryPhone = buildPhone({ ...input.primaryPhone, itemTypeId: undefined }, rules, 'primaryPhone');
  const keep = (phone: Phone): Phone => keepDetection(phone, previousPhones.get(phone.number));
  const byNumber = new Map<string, Phone>([[primaryPhone.number, keep(primaryPhone)]]);
  additionalInputs.forEach((phoneInput, index) => {
    const phone = keep(buildPhone(phoneInput, rules, `additionalPhones.${index}`));
    const earlier = byNumber.get(phone.number);
    if (earlier === undefined) byNumber.set(phone.number, phone);
    else byNumber.set(phone.number, { ...earlier, kind: strongerKind(earlier.kind, phone.kind), description: earlier.description ?? phone.description });
  });
  const [primary, ...additional] = [...byNumber.values()];
  return {
    id,
    externalId: blankToUndefined(input.externalId),
    displayName,
    emails: [...new Set((input.emails ?? []).map((email) => email.trim().toLowerCase()))],
    customFields: input.customFields ?? {},
    primaryPhone: primary!,
    additionalPhones: additional,
    version: previous ? previous.version + 1 : 1,
    createdAt: previous?.createdAt ?? rules.now,
    updatedAt: rules.now,
  };
}

export function allPhones(contact: Contact): Phone[] {
  return [contact.primaryPhone, ...contact.additionalPhones];
}

/**
 * The input that rebuilds `contact`: the base of every partial edit. A phone whose item type was deleted
 * since comes back untyped (it already dials as untyped).
 */
export function toContactInput(contact: Contact, knownItemTypeIds: ReadonlySet<string>): ContactInput {
  const toInput = (phone: Phone): PhoneInput => ({
    number: phone.number,
    kind: phone.kind,
    itemTypeId: phone.itemTypeId !== undefined && knownItemTypeIds.has(phone.itemTypeId) ? phone.itemTypeId : undefined,
    description: phone.description,
  });
  return {
    displayName: contact.displayName,
    externalId: contact.externalId,
    emails: contact.emails,
    customFields: contact.customFields,
    primaryPhone: toInput(contact.primaryPhone),
    additionalPhones: contact.additionalPhones.map(toInput),
  };
}

/** True when two versions of a contact hold the same data (what an import must not rewrite). */
export function sameContactData(a: Contact, b: Contact): boolean {
  const data = (contact: Contact) => JSON.stringify({ ...contact, version: 0, createdAt: '', updatedAt: '', id: '' }, sortedKeys);
  return data(a) === data(b);
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).sort(([x], [y]) => x.localeCompare(y)));
}

/**
 * A number already on the contact keeps its detected line type: a paid lookup's answer is better than the
 * metadata's, and an unchanged answer keeps the date it was first found.
 */
function keepDetection(phone: Phone, previous: Phone | undefined): Phone {
  if (previous === undefined) return phone;
  if (previous.lineTypeSource !== 'lookup' && previous.lineType !== phone.lineType) return phone;
  return { ...phone, lineType: previous.lineType, lineTypeSource: previous.lineTypeSource, lineTypeCheckedAt: previous.lineTypeCheckedAt };
}

function blankToUndefined(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === '' ? undefined : trimmed;
}
