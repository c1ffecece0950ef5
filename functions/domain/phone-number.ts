// Phone numbers: parse any user input to E.164 and read what the number metadata says of the line.
import { isSupportedCountry, parsePhoneNumberWithError, ParseError, type CountryCode, type NumberType } from 'libphonenumber-js/max';
import { InvalidPhoneNumberError } from './errors.ts';

export type LineType =
  | 'mobile'
  | 'fixed_line'
  | 'fixed_line_or_mobile'
  | 'voip'
  | 'toll_free'
  | 'premium_rate'
  | 'shared_cost'
  | 'personal_number'
  | 'pager'
  | 'uan'
  | 'voicemail'
  | 'unknown';

export interface DetectedLineType {
  lineType: LineType;
  /** Where the line type came from: number metadata here; a paid lookup later. */
  source: 'metadata';
}

export interface NormalisedNumber extends DetectedLineType {
  e164: string;
  country: string | undefined;
}

const parseErrorReasons: Record<string, string> = {
  INVALID_COUNTRY: 'no country: write it in international form (+…) or set the default region',
  NOT_A_NUMBER: 'not a phone number',
  TOO_SHORT: 'too short to be a phone number',
  TOO_LONG: 'too long to be a phone number',
  INVALID_LENGTH: 'wrong number of digits',
};

/** Normalise `raw` to E.164, or throw InvalidPhoneNumberError naming `field` and the reason. */
export function normalisePhoneNumber(raw: string, defaultRegion: string, field = 'number'): NormalisedNumber {
  const text = raw.trim();
  if (text === '') throw new InvalidPhoneNumberError(field, 'is empty');
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(text, { defaultCountry: regionOrNone(defaultRegion) });
  } catch (error) {
    const reason = error instanceof ParseError ? (parseErrorReasons[error.message] ?? error.message) : 'not a phone number';
    throw new InvalidPhoneNumberError(field, reason);
  }
  // A number of a known type is valid: the full validity check only runs for the rest (the import's hot path).
  const type = parsed.getType();
  if (type === undefined && !parsed.isValid()) {
    throw new InvalidPhoneNumberError(field, `${parsed.number} is not a valid number${parsed.country ? ` in ${parsed.country}` : ''}`);
  }
  // The metadata allows some national numbers (German fixed lines) more digits than E.164's 15: no network dials those.
  if (parsed.number.length > maxE164Length) throw new InvalidPhoneNumberError(field, `${parseErrorReasons.TOO_LONG}: E.164 allows 15 digits`);
  return { e164: parsed.number, country: parsed.country, lineType: toLineType(type), source: 'metadata' };
}

/** `+` and at most 15 digits (ITU-T E.164). */
const maxE164Length = 16;

/** Whether libphonenumber knows `region` (ISO 3166 alpha-2, any case): configuration is checked with it at start. */
export function isKnownRegion(region: string): boolean {
  return isSupportedCountry(region.toUpperCase());
}

/** An unknown default region must not make international numbers fail: it is then no default at all. */
function regionOrNone(region: string): CountryCode | undefined {
  const upper = region.toUpperCase();
  return isSupportedCountry(upper) ? upper : undefined;
}

/** libphonenumber's type of a number in our vocabulary: `undefined` (no range matches) is `unknown`. */
export function toLineType(type: NumberType): LineType {
  return type === undefined ? 'unknown' : (type.toLowerCase() as LineType);
}
