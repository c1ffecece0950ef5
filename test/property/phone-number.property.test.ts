// Properties of normalisePhoneNumber over any input: a valid, idempotent E.164 or a named input error, nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidPhoneNumberError } from '#domain/errors';
import { normalisePhoneNumber } from '#domain/phone-number';

const e164 = /^\+[1-9]\d{6,14}$/;
/** Seeded: a failure is reproduced by running the file again; fast-check prints the counterexample and its path. */
const runs = { seed: 20_261_123, numRuns: 1_000 };

/** What normalising `raw` does: the E.164 it returns, or the error it throws. */
function outcomeOf(raw: string, region: string): { e164: string } | { error: unknown } {
  try {
    return { e164: normalisePhoneNumber(raw, region).e164 };
  } catch (error) {
    return { error };
  }
}

/** The property itself: a valid E.164 that normalises to itself (in any region), or InvalidPhoneNumberError. */
function assertNormalisedOrRejected(raw: string, region: string): void {
  const outcome = outcomeOf(raw, region);
  if ('error' in outcome) {
    expect(outcome.error).toBeInstanceOf(InvalidInputError);
    expect(outcome.error).toBeInstanceOf(InvalidPhoneNumberError);
    expect((outcome.error as InvalidPhoneNumberError).reason).not.toBe('');
    return;
  }
  expect(outcome.e164).toMatch(e164);
  // An E.164 carries its country: the default region no longer matters, and a second pass changes nothing.
  expect(normalisePhoneNumber(outcome.e164, region).e164).toBe(outcome.e164);
  expect(normalisePhoneNumber(outcome.e164, 'US').e164).toBe(outcome.e164);
  expect(normalisePhoneNumber(outcome.e164, '').e164).toBe(outcome.e164);
}

/** Default regions as configuration could hold them: real ones in any case, empty, unknown, junk. */
const region = fc.oneof(fc.constantFrom('US', 'GB', 'FR', 'DE', 'IN', 'BR', 'JP', 'AU', 'fr', 'gb', '', 'ZZ', 'XX', 'usa', '001'), fc.string({ maxLength: 4 }));

/** Digits in scripts libphonenumber reads (ASCII, full-width, Arabic-Indic, Eastern Arabic-Indic, Devanagari), and one it does not (Bengali). */
const digitScripts = [0x30, 0xff10, 0x660, 0x6f0, 0x966, 0x9e6];
const digit = fc.tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom(...digitScripts), fc.integer({ min: 0, max: 9 })).map(([value, script, chance]) => String.fromCharCode((chance < 7 ? 0x30 : script) + value));
const separator = fc.constantFrom(' ', '-', '.', '/', '(', ')', '\u00a0', '\u2011', '\u2013', '\u3000', '\t', '', '', '');
const prefix = fc.constantFrom('', '', '+', '+', '00', '011', '+0', '++', '\uff0b', ' +', 'tel:', 'tel:+');
const extension = fc.oneof(fc.constant(''), fc.constant(''), fc.integer({ min: 1, max: 99_999 }).chain((n) => fc.constantFrom(` ext. ${n}`, ` x${n}`, `#${n}`, `;ext=${n}`, ` ext ${n}`)));
const countryCode = fc.constantFrom('1', '44', '33', '49', '91', '55', '81', '61', '7', '86', '290', '683', '800', '979', '882', '0', '999');

/** Free-form numbers: a prefix, a country code or none, groups of digits split by separators, an extension, padding. */
const freeFormNumber = fc
  .tuple(
    prefix,
    fc.option(countryCode, { nil: '' }),
    separator,
    fc.array(fc.tuple(fc.array(digit, { minLength: 1, maxLength: 5 }), separator), { minLength: 1, maxLength: 5 }),
    extension,
    fc.constantFrom('', ' ', '\n', '\u200b', '\ufeff', '  '),
  )
  .map(([lead, country, gap, groups, ext, padding]) => `${padding}${lead}${country}${gap}${groups.map(([digits, sep]) => digits.join('') + sep).join('')}${ext}${padding}`);

/** National number plans (country code, trunk prefix, leading digits, length) that hold many valid numbers. */
const plans = [
  { country: '1', trunk: '', lead: '201', length: 10 },
  { country: '44', trunk: '0', lead: '7', length: 10 },
  { country: '44', trunk: '0', lead: '20', length: 10 },
  { country: '33', trunk: '0', lead: '6', length: 9 },
  { country: '33', trunk: '0', lead: '1', length: 9 },
  { country: '49', trunk: '0', lead: '151', length: 11 },
  { country: '91', trunk: '0', lead: '98', length: 10 },
];
/** Numbers of real plans with random digits (one too few or too many now and then), written nationally or internationally. */
const plannedNumber = fc
  .tuple(fc.constantFrom(...plans), fc.constantFrom(0, 0, 0, -1, 1), fc.infiniteStream(digit), fc.constantFrom('+', '00', 'national'), separator, extension)
  .map(([plan, lengthError, digits, form, sep, ext]) => {
    const iterator = digits[Symbol.iterator]();
    const rest = Array.from({ length: plan.length - plan.lead.length + lengthError }, () => iterator.next().value as string).join('');
    const national = `${plan.lead}${sep}${rest.slice(0, 3)}${sep}${rest.slice(3)}`;
    return `${form === 'national' ? plan.trunk : `${form}${plan.country}${sep}`}${national}${ext}`;
  });

const plausibleNumber = fc.oneof(freeFormNumber, plannedNumber, plannedNumber);

describe('normalisePhoneNumber, for any input', () => {
  it('returns a valid, idempotent E.164 or throws InvalidPhoneNumberError for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ minLength: 200, maxLength: 2_000 })), region, (raw, defaultRegion) => {
        assertNormalisedOrRejected(raw, defaultRegion);
      }),
      runs,
    );
  });

  it('returns a valid, idempotent E.164 or throws InvalidPhoneNumberError for plausible numbers in every notation', () => {
    let accepted = 0;
    fc.assert(
      fc.property(plausibleNumber, region, (raw, defaultRegion) => {
        assertNormalisedOrRejected(raw, defaultRegion);
        if (!('error' in outcomeOf(raw, defaultRegion))) accepted += 1;
      }),
      runs,
    );
    // The generator must reach the accepting branch often, or the property says little about valid numbers.
    expect(accepted).toBeGreaterThan(runs.numRuns / 20);
  });

  it('rejects a number its metadata calls valid but that has more than the 15 digits E.164 allows (found by the property above)', () => {
    // Act: a German fixed line of 14 national digits, which libphonenumber's metadata accepts
    const outcome = outcomeOf('683 0000 0000 0 00', 'DE');

    // Assess
    expect('error' in outcome && outcome.error).toBeInstanceOf(InvalidPhoneNumberError);
    expect(normalisePhoneNumber('0683 0000000000', 'DE').e164).toBe('+496830000000000');
  });

  it('reads a valid E.164 back the same whatever its notation: separators, unicode digits, padding', () => {
    const known = fc.constantFrom('+442079460958', '+447400123456', '+12015550123', '+33612345678', '+4930123456', '+919876543210', '+61291234567');
    const fullWidth = (text: string) => text.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const arabicIndic = (text: string) => text.replace(/\d/g, (d) => String.fromCharCode(0x660 + Number(d)));
    fc.assert(
      fc.property(known, fc.array(fc.integer({ min: 2, max: 12 }), { maxLength: 4 }), fc.constantFrom(' ', '-', '.', '\u00a0'), fc.constantFrom((t: string) => t, fullWidth, arabicIndic), region, (number, cuts, sep, script, defaultRegion) => {
        // Prepare: the same number with separators cut in and its digits in another script
        let written = number;
        for (const at of [...new Set(cuts)].sort((a, b) => b - a)) if (at < written.length) written = written.slice(0, at) + sep + written.slice(at);
        // Act / Assess
        expect(normalisePhoneNumber(` ${script(written)} `, defaultRegion).e164).toBe(number);
      }),
      runs,
    );
  });
});
