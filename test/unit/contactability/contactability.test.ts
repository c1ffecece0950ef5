// Contactability: the numbers usable now for a channel and purpose, and every reason for the others.
import { describe, expect, it } from 'vitest';
import { consentKey, emptyConsentState, type ConsentRecord, type NumberConsentState } from '#domain/consent/consent-ledger';
import { buildDoNotCallEntry } from '#domain/consent/do-not-call';
import { contactabilityOf, defaultContactabilityPolicy, numberVerdict, type NumberFacts } from '#domain/contactability/contactability';

// A Tuesday, 15:00 in Paris.
const at = new Date('2026-03-03T14:00:00Z');
const query = { channel: 'voice', purpose: 'marketing', at } as const;
const granted: ConsentRecord = { status: 'granted', at: '2026-01-01T00:00:00.000Z', source: 'web-form', sequence: 1 };

function stateWith(number: string, changes: Partial<NumberConsentState> = {}, record: ConsentRecord = granted): NumberConsentState {
  return { ...emptyConsentState(number, granted.at), consents: { [consentKey('voice', 'marketing')]: record }, ...changes };
}

/** `state`: null for a number with nothing stored. */
function facts(number: string, changes: Partial<NumberFacts> = {}, state: NumberConsentState | null = stateWith(number)): NumberFacts {
  return { phone: { number, kind: 'OTHER', lineType: 'fixed_line' }, state: state ?? undefined, doNotCall: [], suppression: undefined, ...changes };
}

describe('contactability', () => {
  it('splits numbers into usable and excluded, in the order given, with every reason', () => {
    // Prepare
    const numbers = [
      facts('+33140000001'),
      facts('+33140000002', {}, null),
      facts('+33140000003', {}, stateWith('+33140000003', {}, { ...granted, status: 'withdrawn' })),
      facts('+33140000004', { doNotCall: [buildDoNotCallEntry({ prefix: '+33140000004' }, 'api', at)] }),
    ];

    // Act
    const report = contactabilityOf(numbers, query, defaultContactabilityPolicy);

    // Assess
    expect(report.usable.map((verdict) => verdict.number)).toEqual(['+33140000001']);
    expect(report.excluded).toEqual([
      { number: '+33140000002', usable: false, reasons: ['no-consent'] },
      { number: '+33140000003', usable: false, reasons: ['withdrawn'] },
      { number: '+33140000004', usable: false, reasons: ['do-not-call'] },
    ]);
  });

  it('excludes a number outside its own window, saying when it opens; an expired do-not-call entry bars nothing', () => {
    // Prepare: 21:30 in Paris
    const late = new Date('2026-03-03T20:30:00Z');
    const expired = buildDoNotCallEntry({ prefix: '+33', expiresAt: '2026-03-03T20:00:00Z' }, 'api', at);

    // Act
    const verdict = numberVerdict(facts('+33140000001', { doNotCall: [expired] }), { ...query, at: late }, defaultContactabilityPolicy);

    // Assess
    expect(verdict).toEqual({ number: '+33140000001', usable: false, reasons: ['outside-window'], nextOpenAt: '2026-03-04T07:00:00.000Z' });
  });

  it('honours preferences: a purpose not welcome, and business hours only', () => {
    // Prepare: 18:30 Paris, after business hours but inside the legal window
    const evening = new Date('2026-03-03T17:30:00Z');
    const onlyService = stateWith('+33140000001', { preferences: { welcomePurposes: ['service'], businessHoursOnly: false } });
    const businessHours = stateWith('+33140000001', { preferences: { welcomePurposes: undefined, businessHoursOnly: true } });

    // Act
    const notWelcome = numberVerdict(facts('+33140000001', {}, onlyService), query, defaultContactabilityPolicy);
    const afterHours = numberVerdict(facts('+33140000001', {}, businessHours), { ...query, at: evening }, defaultContactabilityPolicy);

    // Assess
    expect(notWelcome.reasons).toEqual(['preference']);
    expect(afterHours).toMatchObject({ reasons: ['outside-window'], nextOpenAt: '2026-03-04T08:00:00.000Z' });
  });

  it('requires a verified, fresh number for the purposes the policy names', () => {
    // Prepare
    const policy = { verificationRequiredFor: ['marketing' as const], staleAfterDays: 30 };
    const fresh = stateWith('+33140000001', { verifiedAt: '2026-02-20T00:00:00.000Z' });
    const old = stateWith('+33140000001', { verifiedAt: '2025-12-01T00:00:00.000Z' });
    const reachedSince = stateWith('+33140000001', { verifiedAt: '2025-12-01T00:00:00.000Z', lastReachedAt: '2026-02-25T00:00:00.000Z' });

    // Act / Assess
    expect(numberVerdict(facts('+33140000001'), query, policy).reasons).toEqual(['unverified']);
    expect(numberVerdict(facts('+33140000001', {}, fresh), query, policy).usable).toBe(true);
    expect(numberVerdict(facts('+33140000001', {}, old), query, policy).reasons).toEqual(['stale']);
    expect(numberVerdict(facts('+33140000001', {}, reachedSince), query, policy).usable).toBe(true);
    expect(numberVerdict(facts('+33140000001', {}, old), { ...query, purpose: 'service' }, policy).reasons).toEqual(['no-consent']);
  });

  it('keeps SMS to numbers that take it, and stops SMS while a stop request waits for review', () => {
    // Prepare
    const sms = { ...query, channel: 'sms' } as const;
    const smsGranted = (changes: Partial<NumberConsentState> = {}) => ({ ...stateWith('+33612345678', changes), consents: { [consentKey('sms', 'marketing')]: granted } });

    // Act / Assess
    expect(numberVerdict({ ...facts('+33612345678', {}, smsGranted()), phone: { number: '+33612345678', kind: 'MOBILE', lineType: 'mobile' } }, sms, defaultContactabilityPolicy).usable).toBe(true);
    expect(numberVerdict({ ...facts('+33140000001', {}, smsGranted()) }, sms, defaultContactabilityPolicy).reasons).toEqual(['invalid']);
    expect(numberVerdict({ ...facts('+33612345678', {}, smsGranted({ reviewFlagRaisedAt: at.toISOString() })), phone: { number: '+33612345678', kind: 'MOBILE' } }, sms, defaultContactabilityPolicy).reasons).toEqual(['review-pending']);
  });

  it('treats a suppressed number (opted out, then erased) as withdrawn until the person grants again after the erasure', () => {
    // Prepare
    const suppression = { suppressedAt: '2026-02-01T00:00:00.000Z' };
    const imported = stateWith('+33140000001', {}, { ...granted, source: 'import', at: '2026-02-10T00:00:00.000Z' });
    const regranted = stateWith('+33140000001', {}, { ...granted, source: 'web-form', at: '2026-02-10T00:00:00.000Z' });

    // Act / Assess
    expect(numberVerdict(facts('+33140000001', { suppression }, null), query, defaultContactabilityPolicy).reasons).toEqual(['withdrawn']);
    expect(numberVerdict(facts('+33140000001', { suppression }, imported), query, defaultContactabilityPolicy).reasons).toEqual(['withdrawn']);
    expect(numberVerdict(facts('+33140000001', { suppression }), query, defaultContactabilityPolicy).reasons).toEqual(['withdrawn']);
    expect(numberVerdict(facts('+33140000001', { suppression }, regranted), query, defaultContactabilityPolicy).usable).toBe(true);
  });
});
