// The do-not-call list: whole numbers and prefixes, with expiry.
import { describe, expect, it } from 'vitest';
import { barringEntry, buildDoNotCallEntry, prefixesOf } from '#domain/consent/do-not-call';
import { InvalidInputError } from '#domain/errors';

const now = new Date('2026-03-03T10:00:00Z');

describe('do-not-call list', () => {
  it('takes a whole number or a prefix, spaces and dashes removed, and refuses anything else', () => {
    // Act
    const entry = buildDoNotCallEntry({ prefix: '+1 800-555', reason: 'toll-free range' }, 'api', now);

    // Assess
    expect(entry).toEqual({ prefix: '+1800555', reason: 'toll-free range', addedBy: 'api', addedAt: now.toISOString(), expiresAt: undefined });
    expect(() => buildDoNotCallEntry({ prefix: '1800' }, 'api', now)).toThrow(InvalidInputError);
    expect(() => buildDoNotCallEntry({ prefix: '+0123' }, 'api', now)).toThrow(InvalidInputError);
    expect(() => buildDoNotCallEntry({ prefix: '+1234567890123456' }, 'api', now)).toThrow(InvalidInputError);
    expect(() => buildDoNotCallEntry({ prefix: '+44', expiresAt: '2026-03-03T09:00:00Z' }, 'api', now)).toThrow(/future/);
  });

  it('lists every prefix of a number, itself included', () => {
    // Act / Assess
    expect(prefixesOf('+3361')).toEqual(['+3', '+33', '+336', '+3361']);
  });

  it('bars a number by its longest prefix in force, and stops barring when an entry expires', () => {
    // Prepare
    const country = buildDoNotCallEntry({ prefix: '+44' }, 'api', now);
    const range = buildDoNotCallEntry({ prefix: '+447700', expiresAt: '2026-03-04T10:00:00Z' }, 'api', now);

    // Act / Assess
    expect(barringEntry('+447700900123', [country, range], now)?.prefix).toBe('+447700');
    expect(barringEntry('+447700900123', [range], new Date('2026-03-04T10:00:00Z'))).toBeUndefined();
    expect(barringEntry('+33612345678', [country, range], now)).toBeUndefined();
  });
});
