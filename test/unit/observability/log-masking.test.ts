// The one masking helper every log line goes through: phone numbers masked in any form, nothing else mangled.
import { randomUUID } from 'node:crypto';
import { getCountries, getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/examples.mobile.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { randomIds } from '#adapters/id-generators';
import { maskPhoneNumbers, maskPhoneNumbersIn } from '#shared/log-masking';

const e164Anywhere = /\+[1-9]\d{6,14}/;

describe('maskPhoneNumbers', () => {
  it.each([
    ['+33612345678', '+33…78'],
    ['+33 6 12 34 56 78', '+33…78'],
    ['+33-6-12-34-56-78', '+33…78'],
    ['+33.6.12.34.56.78', '+33…78'],
    ['+1 (415) 555-0100', '+1…00'],
    ['+1-415-555-0199', '+1…99'],
    ['+44 20 7946 0958', '+44…58'],
    ['+44 (0)20 7946 0958', '+44…58'],
    ['+352 621 123 456', '+352…56'],
    ['0033612345678', '+33…78'],
    ['(+33) 6 12 34 56 78', '+33…78'],
  ])('masks the international number %s to %s', (number, masked) => {
    // Act
    const result = maskPhoneNumbers(number);

    // Assess
    expect(result).toBe(masked);
  });

  it.each([
    ['06 12 34 56 78', '…78'],
    ['06.12.34.56.78', '…78'],
    ['06-12-34-56-78', '…78'],
    ['0612345678', '…78'],
    ['(415) 555-0100', '…00'],
    ['(415)555-0100', '…00'],
    ['415-555-0100', '…00'],
    ['415.555.0100', '…00'],
    ['4155550100', '…00'],
    ['1 415 555 0100', '…00'],
    ['020 7946 0958', '…58'],
    ['07700 900 123', '…23'],
    ['07400 123456', '…56'],
    ['(06 12 34 56 78)', '(…78)'],
  ])('masks the national number %s to %s', (number, masked) => {
    // Act
    const result = maskPhoneNumbers(number);

    // Assess
    expect(result).toBe(masked);
  });

  it('masks every number in a sentence and leaves the words around them', () => {
    // Act
    const result = maskPhoneNumbers('dialled +33612345678 (then 06 12 34 56 79), callback to+14155550100; sip:+447700900123@example');

    // Assess
    expect(result).toBe('dialled +33…78 (then …79), callback to+1…00; sip:+44…23@example');
  });

  it('masks a number written in a URL, encoded or not', () => {
    // Act
    const result = maskPhoneNumbers('GET /numbers/%2B33612345678/consent and /numbers/+33612345679');

    // Assess
    expect(result).toBe('GET /numbers/+33…78/consent and /numbers/+33…79');
  });

  it('masks the example mobile number of every country in E.164 and international form', () => {
    // Prepare
    const numbers = getCountries().flatMap((country) => {
      const example = getExampleNumber(country, mobileExamples);
      return example ? [example] : [];
    });

    // Act
    const leaks = numbers
      .flatMap((number) => [number.number, number.formatInternational()].map((text) => ({ text, masked: maskPhoneNumbers(text), expected: `+${number.countryCallingCode}…${number.number.slice(-2)}` })))
      .filter(({ masked, expected }) => masked !== expected);

    // Assess
    expect(numbers.length).toBeGreaterThan(200);
    expect(leaks).toEqual([]);
  });

  it.each<CountryCode>(['FR', 'US', 'GB', 'DE', 'ES', 'IT', 'BE', 'NL', 'CH', 'CA'])('masks the example mobile number of %s in its national form', (country) => {
    // Prepare
    const national = getExampleNumber(country, mobileExamples)!.formatNational();

    // Act
    const masked = maskPhoneNumbers(national);

    // Assess
    expect(masked).toBe(`…${national.replace(/\D/g, '').slice(-2)}`);
  });

  it.each([
    '2026-11-23T07:30:00.000Z',
    '2026-11-23T07:30:00+01:00',
    '2026-11-23 07:30:00',
    '2026-11-23',
    'campaign time at the end of the suite: 2026-11-23T12:41:07.512Z',
    '12345678-1234-5678-9012-123456789012',
    'arn:aws:lambda:us-east-1:123456789012:function:contactable-place-call',
    'arn:aws:states:us-east-1:000000000000:execution:dialer:contact-0612345678ab',
    '192.168.100.200',
    'http://127.0.0.1:45678/_local/sfn',
    '1-5759e988-bd862e3fe1be46a994272793',
    '42',
    '1234567',
    '12 345 678',
    '3.14159265',
    '0.123456789',
    '000000000000',
    '1732377993',
    '1732377993123',
    'v3.1162.0',
    'imported 12000 rows in 1.25 s, 3 rejected',
    'rows 1-10 of 2000000',
    'window 08:00–21:00',
  ])('leaves %s as it is', (text) => {
    // Act
    const result = maskPhoneNumbers(text);

    // Assess
    expect(result).toBe(text);
  });

  it('leaves ids as the id generators make them', () => {
    // Prepare
    const ids = [...Array.from({ length: 500 }, () => randomUUID()), ...Array.from({ length: 500 }, (_, index) => randomIds.idFor(`contact-${index}`))];

    // Act
    const changed = ids.filter((id) => maskPhoneNumbers(id) !== id);

    // Assess
    expect(changed).toEqual([]);
  });

  it('leaves a masked text as it is, and nothing in it reads as an E.164 number', () => {
    // Prepare
    const masked = maskPhoneNumbers('+33612345678, +1 (415) 555-0100, 06 12 34 56 78, 0033612345678');

    // Act
    const twice = maskPhoneNumbers(masked);

    // Assess
    expect(twice).toBe(masked);
    expect(masked).not.toMatch(e164Anywhere);
    expect(masked.replace(/\D/g, '')).toBe('3378100783378');
  });
});

describe('maskPhoneNumbersIn', () => {
  it('masks strings however deep, in arrays, and in keys', () => {
    // Prepare
    const entry = { message: 'call placed to +33612345678', attempt: { to: '+33612345679', previous: ['06 12 34 56 70', { from: '+14155550100' }] }, byNumber: { '+33612345671': 2 }, count: 3, at: new Date('2026-11-23T07:30:00.000Z'), ok: true, none: null };

    // Act
    const masked = maskPhoneNumbersIn(entry);

    // Assess
    expect(masked).toEqual({ message: 'call placed to +33…78', attempt: { to: '+33…79', previous: ['…70', { from: '+1…00' }] }, byNumber: { '+33…71': 2 }, count: 3, at: '2026-11-23T07:30:00.000Z', ok: true, none: null });
  });

  it('masks an error: its message, its stack, its own fields and its cause', () => {
    // Prepare
    const cause = new Error('provider refused +33612345678');
    const error = Object.assign(new Error('cannot dial +33612345679', { cause }), { destination: '0612345670' });

    // Act
    const masked = maskPhoneNumbersIn({ error }) as { error: Record<string, any> };

    // Assess
    expect(masked.error).toMatchObject({ name: 'Error', message: 'cannot dial +33…79', destination: '…70', cause: { message: 'provider refused +33…78' } });
    expect(masked.error.stack).toContain('Error: cannot dial +33…79');
    expect(JSON.stringify(masked)).not.toMatch(e164Anywhere);
  });

  it('writes a circular reference as such instead of looping', () => {
    // Prepare
    const entry: Record<string, unknown> = { to: '+33612345678' };
    entry.self = entry;

    // Act
    const masked = maskPhoneNumbersIn(entry);

    // Assess
    expect(masked).toEqual({ to: '+33…78', self: '[Circular]' });
  });

  it('leaves the original entry untouched', () => {
    // Prepare
    const entry = { to: '+33612345678' };

    // Act
    maskPhoneNumbersIn(entry);

    // Assess
    expect(entry.to).toBe('+33612345678');
  });
});
