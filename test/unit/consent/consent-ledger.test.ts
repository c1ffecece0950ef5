// The consent ledger's rules: entries per channel and purpose, the state derived from them, what an entry can
// never do (an old word over a newer one, an import over a withdrawal).
import { describe, expect, it } from 'vitest';
import { applyLedgerEntry, consentEntriesOf, emptyConsentState, hasWithdrawn, type LedgerEntry, type NewLedgerEntry } from '#domain/consent/consent-ledger';
import { InvalidInputError } from '#domain/errors';

const number = '+33612345678';
const now = new Date('2026-03-03T10:00:00Z');
let ids = 0;
const newId = () => `event-${(ids += 1)}`;

function append(entries: NewLedgerEntry[], state = emptyConsentState(number, now.toISOString())) {
  return entries.reduce((current, entry) => applyLedgerEntry(current, { ...entry, sequence: current.sequence + 1 } as LedgerEntry), state);
}

describe('consent ledger', () => {
  it('makes one entry per channel and purpose, with who, when, how, the evidence and the actor', () => {
    // Act
    const entries = consentEntriesOf(
      { number, contactId: 'contact-1', action: 'grant', channels: ['voice', 'sms'], purposes: ['service', 'marketing'], source: 'web-form', evidence: { formUrl: 'https://example.com/f', disclosureVersion: 'v3' }, actor: 'user:42' },
      now,
      newId,
    );

    // Assess
    expect(entries).toHaveLength(4);
    expect(entries.map((entry) => `${entry.change.type === 'consent' && entry.change.channel}:${entry.change.type === 'consent' && entry.change.purpose}`)).toEqual(['voice:service', 'voice:marketing', 'sms:service', 'sms:marketing']);
    expect(entries[0]).toMatchObject({ number, contactId: 'contact-1', at: now.toISOString(), recordedAt: now.toISOString(), source: 'web-form', evidence: { formUrl: 'https://example.com/f', disclosureVersion: 'v3' }, actor: 'user:42' });
  });

  it('refuses a consent dated in the future, and a request with no channel or purpose', () => {
    // Act / Assess
    expect(() => consentEntriesOf({ number, action: 'grant', channels: ['voice'], purposes: ['service'], source: 'verbal', occurredAt: '2026-03-03T10:00:01Z', actor: 'api' }, now, newId)).toThrow(InvalidInputError);
    expect(() => consentEntriesOf({ number, action: 'grant', channels: [], purposes: ['service'], source: 'verbal', actor: 'api' }, now, newId)).toThrow(/channel/);
    expect(() => consentEntriesOf({ number, action: 'grant', channels: ['voice'], purposes: [], source: 'verbal', actor: 'api' }, now, newId)).toThrow(/purpose/);
  });

  it('derives the state: the latest word for each channel and purpose, and the sequence of the last entry', () => {
    // Act
    const state = append([
      ...consentEntriesOf({ number, action: 'grant', channels: ['voice'], purposes: ['service', 'marketing'], source: 'web-form', actor: 'api' }, now, newId),
      ...consentEntriesOf({ number, action: 'withdraw', channels: ['voice'], purposes: ['marketing'], source: 'agent', actor: 'agent-1' }, new Date(now.getTime() + 60_000), newId),
    ]);

    // Assess
    expect(state.sequence).toBe(3);
    expect(state.consents['voice:service']).toMatchObject({ status: 'granted', source: 'web-form', sequence: 1 });
    expect(state.consents['voice:marketing']).toMatchObject({ status: 'withdrawn', source: 'agent', sequence: 3 });
    expect(hasWithdrawn(state)).toBe(true);
  });

  it('keeps an entry older than the state in the ledger but lets the newer word stand', () => {
    // Prepare: withdrawn today
    const withdrawn = append(consentEntriesOf({ number, action: 'withdraw', channels: ['voice'], purposes: ['service'], source: 'verbal', actor: 'api' }, now, newId));

    // Act: a form signed yesterday arrives now
    const state = append(consentEntriesOf({ number, action: 'grant', channels: ['voice'], purposes: ['service'], source: 'web-form', occurredAt: '2026-03-02T10:00:00Z', actor: 'api' }, now, newId), withdrawn);

    // Assess
    expect(state.sequence).toBe(2);
    expect(state.consents['voice:service']?.status).toBe('withdrawn');
  });

  it('never lets an import lift a withdrawal, but a grant from the person does', () => {
    // Prepare
    const withdrawn = append(consentEntriesOf({ number, action: 'withdraw', channels: ['sms'], purposes: ['marketing'], source: 'keyword', actor: 'keyword' }, now, newId));
    const later = new Date(now.getTime() + 3_600_000);

    // Act
    const imported = append(consentEntriesOf({ number, action: 'grant', channels: ['sms'], purposes: ['marketing'], source: 'import', actor: 'import:1' }, later, newId), withdrawn);
    const regranted = append(consentEntriesOf({ number, action: 'grant', channels: ['sms'], purposes: ['marketing'], source: 'web-form', actor: 'api' }, later, newId), imported);

    // Assess
    expect(imported.consents['sms:marketing']?.status).toBe('withdrawn');
    expect(regranted.consents['sms:marketing']?.status).toBe('granted');
  });

  it('records a verification and a review flag in the state; HELP changes nothing but the sequence', () => {
    // Prepare
    const base = { eventId: 'e', number, contactId: undefined, at: now.toISOString(), recordedAt: now.toISOString(), source: 'keyword' as const, evidence: {}, actor: 'keyword' };

    // Act
    const flagged = append([{ ...base, change: { type: 'review-flag', action: 'raised' } }, { ...base, change: { type: 'help-requested' } }]);
    const verified = append([{ ...base, source: 'api', change: { type: 'verified' } }], { ...flagged, staleSince: '2026-01-01T00:00:00.000Z' });
    const cleared = append([{ ...base, source: 'agent', change: { type: 'review-flag', action: 'cleared' } }], verified);

    // Assess
    expect(flagged).toMatchObject({ reviewFlagRaisedAt: now.toISOString(), sequence: 2, consents: {} });
    expect(verified).toMatchObject({ verifiedAt: now.toISOString(), staleSince: undefined });
    expect(cleared.reviewFlagRaisedAt).toBeUndefined();
  });
});
