// Consent columns of an import.
import { describe, expect, it } from 'vitest';
import { parseConsentCell } from '#domain/import/consent-cell';
import { InvalidInputError } from '#domain/errors';

describe('consent cell', () => {
  it('reads channels (every purpose) and channel:purpose pairs, in any case and with any separator', () => {
    // Act
    const grants = parseConsentCell('Voice:Service; sms , voice:service', 'Consent');

    // Assess
    expect(grants).toEqual([
      { channel: 'voice', purpose: 'service' },
      { channel: 'sms', purpose: 'marketing' },
      { channel: 'sms', purpose: 'service' },
      { channel: 'sms', purpose: 'support' },
      { channel: 'sms', purpose: 'emergency' },
    ]);
  });

  it('grants nothing for an empty cell, and rejects what it cannot read, naming the column', () => {
    // Act / Assess
    expect(parseConsentCell('  ', 'Consent')).toEqual([]);
    for (const text of ['yes', 'voice:everything', 'email', 'voice:service:extra']) {
      expect(() => parseConsentCell(text, 'Office consent')).toThrow(InvalidInputError);
    }
    expect(() => parseConsentCell('Y', 'Office consent')).toThrow(/Office consent/);
  });
});
