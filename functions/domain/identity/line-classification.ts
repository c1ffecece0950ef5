// Whether a number is a mobile, from the number metadata alone: what settles it costs nothing, the rest needs a paid lookup.
import { parsePhoneNumberWithError, ParseError } from 'libphonenumber-js/max';
import { InvalidPhoneNumberError } from '../errors.ts';
import { toLineType, type LineType } from '../phone-number.ts';

/** `ambiguous`: the metadata cannot tell; only a paid lookup can. */
export type LineVerdict = 'mobile' | 'not-mobile' | 'ambiguous';

export interface LineClassification {
  verdict: LineVerdict;
  lineType: LineType;
}

/**
 * What each metadata type says of "is it a mobile" (MOBILE here means SMS-capable and held by one person):
 * - `voip` is not a mobile: VoIP ranges (France 09, UK 056, …) are sold to homes and switchboards, are often shared,
 *   and many cannot receive SMS. Calling one MOBILE would make a shared number unique. A VoIP number that does
 *   text us becomes MOBILE through the SMS rule, which needs no lookup.
 * - `fixed_line_or_mobile` (all of North America, some of Latin America and Asia, where mobiles and landlines share
 *   ranges) and `unknown` (no range matches: a range newer than the metadata, or not a number in service) are the
 *   only cases a paid lookup can settle.
 */
const verdicts: Record<LineType, LineVerdict> = {
  mobile: 'mobile',
  fixed_line: 'not-mobile',
  toll_free: 'not-mobile',
  premium_rate: 'not-mobile',
  shared_cost: 'not-mobile',
  uan: 'not-mobile',
  voicemail: 'not-mobile',
  pager: 'not-mobile',
  personal_number: 'not-mobile',
  voip: 'not-mobile',
  fixed_line_or_mobile: 'ambiguous',
  unknown: 'ambiguous',
};

/** The verdict for a line type already known (e.g. the one stored on a phone). */
export function lineVerdict(lineType: LineType): LineVerdict {
  return verdicts[lineType];
}

/**
 * Classify an E.164 number with libphonenumber-js `max` metadata. Throws InvalidPhoneNumberError when `e164` is not
 * a number at all (no `+` and country code, letters): nothing worth paying a lookup for.
 */
export function classifyLine(e164: string): LineClassification {
  let type;
  try {
    type = parsePhoneNumberWithError(e164).getType();
  } catch (error) {
    throw new InvalidPhoneNumberError('number', error instanceof ParseError ? error.message : 'not a phone number');
  }
  const lineType = toLineType(type);
  return { verdict: lineVerdict(lineType), lineType };
}
