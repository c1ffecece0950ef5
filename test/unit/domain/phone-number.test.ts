// normalisePhoneNumber: any common notation to E.164, with the line type the number metadata gives.
import { describe, it, expect } from 'vitest';
import { InvalidInputError, InvalidPhoneNumberError } from '#domain/errors';
import { normalisePhoneNumber } from '#domain/phone-number';

/** The error `act` throws, so that a test can assess its class, field and reason. */
function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, nothing was thrown');
}

describe('normalisePhoneNumber', () => {
  it('reads a national number in the default region', () => {
    // Act
    const result = normalisePhoneNumber('07400 123456', 'GB');

    // Assess
    expect(result).toEqual({ e164: '+447400123456', country: 'GB', lineType: 'mobile', source: 'metadata' });
  });

  it('reads an international number whatever the default region', () => {
    // Act
    const result = normalisePhoneNumber('+44 20 7946 0958', 'US');

    // Assess
    expect(result.e164).toBe('+442079460958');
    expect(result.country).toBe('GB');
  });

  it('reads an international number without any default region', () => {
    // Act
    const result = normalisePhoneNumber('+44 7400 123456', '');

    // Assess
    expect(result.e164).toBe('+447400123456');
  });

  it.each([
    ['(201) 555-0123', 'US', '+12015550123'],
    ['201-555-0123', 'US', '+12015550123'],
    ['+1 (201) 555-0123', 'GB', '+12015550123'],
    ['020-7946-0958', 'GB', '+442079460958'],
    ['+44 (0) 20 7946 0958', 'GB', '+442079460958'],
    ['+44.20.7946.0958', 'GB', '+442079460958'],
    ['  07400123456  ', 'GB', '+447400123456'],
  ])('ignores spaces, dashes, dots and parentheses in %j', (raw, region, e164) => {
    // Act
    const result = normalisePhoneNumber(raw, region);

    // Assess
    expect(result.e164).toBe(e164);
  });

  it.each([
    ['+44 7400 123456', 'mobile'],
    ['+44 20 7946 0958', 'fixed_line'],
    ['+1 201 555 0123', 'fixed_line_or_mobile'],
    ['+1 800 555 0199', 'toll_free'],
    ['+44 800 123 4567', 'toll_free'],
    ['+44 56 1234 5678', 'voip'],
  ])('detects the line type of %s as %s from the metadata', (raw, lineType) => {
    // Act
    const result = normalisePhoneNumber(raw, 'GB');

    // Assess
    expect(result.lineType).toBe(lineType);
    expect(result.source).toBe('metadata');
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['1', 'too short to be a phone number'],
    ['+44 1', 'too short to be a phone number'],
    ['abc', 'not a phone number'],
    ['=1+2', 'not a phone number'],
    ['0770090012345678901', 'too long to be a phone number'],
  ])('rejects %j with the reason %j', (raw, reason) => {
    // Act
    const error = thrownBy(() => normalisePhoneNumber(raw, 'GB', 'primaryPhone.number'));

    // Assess
    expect(error).toBeInstanceOf(InvalidPhoneNumberError);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'primaryPhone.number', reason });
  });

  it('rejects a number of the right shape that no operator uses, naming the number and its region', () => {
    // Act
    const error = thrownBy(() => normalisePhoneNumber('12', 'GB', 'Office'));

    // Assess
    expect(error).toBeInstanceOf(InvalidPhoneNumberError);
    expect(error).toMatchObject({ field: 'Office', reason: '+4412 is not a valid number in GB' });
  });

  it('rejects digits mixed with letters', () => {
    // Act
    const error = thrownBy(() => normalisePhoneNumber('07400 12345x', 'GB', 'number'));

    // Assess
    expect(error).toBeInstanceOf(InvalidPhoneNumberError);
    expect((error as InvalidPhoneNumberError).reason).toMatch(/is not a valid number/);
  });

  it('rejects a national number when there is no default region, saying how to fix it', () => {
    // Act
    const error = thrownBy(() => normalisePhoneNumber('07400 123456', '', 'phone'));

    // Assess
    expect(error).toBeInstanceOf(InvalidPhoneNumberError);
    expect(error).toMatchObject({ field: 'phone', reason: 'no country: write it in international form (+…) or set the default region' });
  });

  it('names the field "number" when the caller names none', () => {
    // Act
    const error = thrownBy(() => normalisePhoneNumber('abc', 'GB'));

    // Assess
    expect(error).toMatchObject({ field: 'number', message: 'number: not a phone number' });
  });

  it('an international number is read whatever the default region', () => {
      const lowerCase = () => normalisePhoneNumber('+44 20 7946 0958', 'gb');
    const unknown = () => normalisePhoneNumber('+44 20 7946 0958', 'XX');

      expect(lowerCase().e164).toBe('+442079460958');
    expect(unknown().e164).toBe('+442079460958');
  });
});
