// classifyLine: what the number metadata settles for free, and what only a paid lookup can.
import { describe, expect, it } from 'vitest';
import { InvalidPhoneNumberError } from '#domain/errors';
import { classifyLine, lineVerdict } from '#domain/identity/line-classification';

describe('classifyLine', () => {
  it.each([
    ['France', '+33612345678'],
    ['France', '+33781234567'],
    ['United Kingdom', '+447400123456'],
    ['Germany', '+4915123456789'],
    ['Germany', '+4917612345678'],
    ['India', '+919876543210'],
    ['Australia', '+61412345678'],
  ])('says mobile for a %s mobile (%s): no lookup needed', (_country, number) => {
    // Act
    const result = classifyLine(number);

    // Assess
    expect(result).toEqual({ verdict: 'mobile', lineType: 'mobile' });
  });

  it.each([
    ['France', '+33142345678'],
    ['United Kingdom', '+442079460958'],
    ['Germany', '+493012345678'],
    ['India', '+911123456789'],
    ['Australia', '+61298765432'],
  ])('says not mobile for a %s landline (%s)', (_country, number) => {
    // Act
    const result = classifyLine(number);

    // Assess
    expect(result).toEqual({ verdict: 'not-mobile', lineType: 'fixed_line' });
  });

  it.each([
    ['+18005550199', 'United States'],
    ['+18885550123', 'United States'],
    ['+33800123456', 'France'],
    ['+448001234567', 'United Kingdom'],
    ['+4980012345678', 'Germany'],
  ])('says not mobile for a toll-free number (%s, %s)', (number) => {
    // Act
    const result = classifyLine(number);

    // Assess
    expect(result).toEqual({ verdict: 'not-mobile', lineType: 'toll_free' });
  });

  it.each([
    ['+33912345678', 'voip'],
    ['+445612345678', 'voip'],
    ['+448712345678', 'premium_rate'],
    ['+33891234567', 'premium_rate'],
    ['+447012345678', 'personal_number'],
  ])('says not mobile for %s (%s): VoIP too, often shared and not always able to text', (number, lineType) => {
    // Act
    const result = classifyLine(number);

    // Assess
    expect(result).toEqual({ verdict: 'not-mobile', lineType });
  });

  it.each([
    ['+12015550123', 'United States'],
    ['+12125550198', 'United States'],
    ['+14155552671', 'United States'],
    ['+14165550123', 'Canada'],
    ['+16135550123', 'Canada'],
  ])('says ambiguous for a North American number (%s, %s): metadata has one range for mobiles and landlines', (number) => {
    // Act
    const result = classifyLine(number);

    // Assess
    expect(result).toEqual({ verdict: 'ambiguous', lineType: 'fixed_line_or_mobile' });
  });

  it('says ambiguous for a number no range matches: only a lookup can tell a new range from a dead one', () => {
    // Act
    const result = classifyLine('+447700900123');

    // Assess
    expect(result).toEqual({ verdict: 'ambiguous', lineType: 'unknown' });
  });

  it.each(['0612345678', 'not a number', '+'])('refuses %j, which is not an E.164 number', (input) => {
    // Act
    const act = () => classifyLine(input);

    // Assess
    expect(act).toThrow(InvalidPhoneNumberError);
  });
});

describe('lineVerdict', () => {
  it.each([
    ['mobile', 'mobile'],
    ['fixed_line', 'not-mobile'],
    ['voip', 'not-mobile'],
    ['pager', 'not-mobile'],
    ['uan', 'not-mobile'],
    ['voicemail', 'not-mobile'],
    ['shared_cost', 'not-mobile'],
    ['fixed_line_or_mobile', 'ambiguous'],
    ['unknown', 'ambiguous'],
  ] as const)('reads a stored %s as %s', (lineType, verdict) => {
    // Act
    const result = lineVerdict(lineType);

    // Assess
    expect(result).toBe(verdict);
  });
});
