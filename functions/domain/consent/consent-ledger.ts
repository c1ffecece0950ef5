// The consent ledger (DESIGN §4): every grant, withdrawal, verification and review flag of a number is an entry
// appended for ever; the number's current state is derived from the entries and stored beside the phone.
import { InvalidInputError } from '../errors.ts';

export const consentChannels = ['voice', 'sms'] as const;
export type ConsentChannel = (typeof consentChannels)[number];
export const consentPurposes = ['marketing', 'service', 'support', 'emergency'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];
/** How the consent was given or withdrawn. */
export const consentSources = ['web-form', 'checkout', 'verbal', 'import', 'keyword', 'api', 'agent'] as const;
export type ConsentSource = (typeof consentSources)[number];

export interface ConsentEvidence {
  /** The disclosure the person saw or heard, and its version. */
  disclosureText?: string | undefined;
  disclosureVersion?: string | undefined;
  /** The address of the form the consent was given on. */
  formUrl?: string | undefined;
  agentId?: string | undefined;
  /** An inbound SMS: the message as received (keywords), or the import's file and line. */
  message?: string | undefined;
}

export type LedgerChange =
  | { type: 'consent'; action: 'grant' | 'withdraw'; channel: ConsentChannel; purpose: ConsentPurpose }
  /** Ownership proved by a one-time code. */
  | { type: 'verified' }
  /** A message asking to stop in words: sending is suppressed until an agent clears the flag. */
  | { type: 'review-flag'; action: 'raised' | 'cleared' }
  /** HELP: answered, changes nothing, kept as evidence of the reply. */
  | { type: 'help-requested' };

export interface LedgerEntry {
  /** 1, 2, 3… per number: the order entries were appended in. */
  sequence: number;
  eventId: string;
  number: string;
  /** Who the entry concerns: the contact holding the number then, when known. */
  contactId: string | undefined;
  change: LedgerChange;
  /** When it happened (UTC); may be earlier than `recordedAt` (a consent form submitted yesterday). */
  at: string;
  recordedAt: string;
  source: ConsentSource;
  evidence: ConsentEvidence;
  /** Who recorded it: the API caller, the agent, or the system (`keyword`, `import:<id>`). */
  actor: string;
}

export type ConsentKey = `${ConsentChannel}:${ConsentPurpose}`;

export interface ConsentRecord {
  status: 'granted' | 'withdrawn';
  at: string;
  source: ConsentSource;
  sequence: number;
}

export interface NumberPreferences {
  /** Purposes welcome on this number; absent: every purpose it consented to. */
  welcomePurposes: ConsentPurpose[] | undefined;
  /** Call only in business hours (number-calling-window.ts). */
  businessHoursOnly: boolean;
}

/** The current state of one number, derived from its ledger (and preferences, which are not consent). */
export interface NumberConsentState {
  number: string;
  /** The last ledger entry applied: the next one appends `sequence + 1`. */
  sequence: number;
  /** Every change of the state, ledger or not, moves it: writes are conditioned on it. */
  revision: number;
  consents: Partial<Record<ConsentKey, ConsentRecord>>;
  verifiedAt: string | undefined;
  /** Set while a stop request in words waits for an agent. */
  reviewFlagRaisedAt: string | undefined;
  /** The last call on it that reached someone: with `verifiedAt`, what keeps it from going stale. */
  lastReachedAt: string | undefined;
  staleSince: string | undefined;
  preferences: NumberPreferences;
  updatedAt: string;
}

export const consentKey = (channel: ConsentChannel, purpose: ConsentPurpose): ConsentKey => `${channel}:${purpose}`;

export function emptyConsentState(number: string, now: string): NumberConsentState {
  return {
    number,
    sequence: 0,
    revision: 0,
    consents: {},
    verifiedAt: undefined,
    reviewFlagRaisedAt: undefined,
    lastReachedAt: undefined,
    staleSince: undefined,
    preferences: { welcomePurposes: undefined, businessHoursOnly: false },
    updatedAt: now,
  };
}

/**
 * The state after one more entry. A consent change older than the state's record for the same channel and purpose
 * stays in the ledger but changes nothing (the newer word wins), and a grant from an import never lifts a
 * withdrawal: an old list re-imported must not undo a STOP.
 */
export function applyLedgerEntry(state: NumberConsentState, entry: LedgerEntry): NumberConsentState {
  const next: NumberConsentState = { ...state, sequence: entry.sequence, revision: state.revision + 1, updatedAt: entry.recordedAt };
  const { change } = entry;
  switch (change.type) {
    case 'consent': {
      const key = consentKey(change.channel, change.purpose);
      const current = state.consents[key];
      if (current !== undefined && current.at > entry.at) return next;
      if (change.action === 'grant' && entry.source === 'import' && current?.status === 'withdrawn') return next;
      const record: ConsentRecord = { status: change.action === 'grant' ? 'granted' : 'withdrawn', at: entry.at, source: entry.source, sequence: entry.sequence };
      return { ...next, consents: { ...state.consents, [key]: record } };
    }
    case 'verified':
      return { ...next, verifiedAt: entry.at, staleSince: undefined };
    case 'review-flag':
      return { ...next, reviewFlagRaisedAt: change.action === 'raised' ? entry.at : undefined };
    case 'help-requested':
      return next;
  }
}

/** What a caller asks to record: the ledger entries are built from it (one per channel and purpose). */
export interface ConsentChangeRequest {
  number: string;
  contactId?: string | undefined;
  action: 'grant' | 'withdraw';
  channels: readonly ConsentChannel[];
  purposes: readonly ConsentPurpose[];
  source: ConsentSource;
  evidence?: ConsentEvidence | undefined;
  /** When the person gave or withdrew it; defaults to now, never in the future. */
  occurredAt?: string | undefined;
  actor: string;
}

export type NewLedgerEntry = Omit<LedgerEntry, 'sequence'>;

export function consentEntriesOf(request: ConsentChangeRequest, now: Date, newId: () => string): NewLedgerEntry[] {
  if (request.channels.length === 0) throw new InvalidInputError('channels', 'name at least one channel');
  if (request.purposes.length === 0) throw new InvalidInputError('purposes', 'name at least one purpose');
  const at = request.occurredAt ?? now.toISOString();
  if (Number.isNaN(Date.parse(at))) throw new InvalidInputError('occurredAt', 'must be an ISO 8601 time');
  if (Date.parse(at) > now.getTime()) throw new InvalidInputError('occurredAt', 'cannot be in the future');
  const channels = [...new Set(request.channels)];
  const purposes = [...new Set(request.purposes)];
  return channels.flatMap((channel) =>
    purposes.map((purpose) => ({
      eventId: newId(),
      number: request.number,
      contactId: request.contactId,
      change: { type: 'consent' as const, action: request.action, channel, purpose },
      at: new Date(at).toISOString(),
      recordedAt: now.toISOString(),
      source: request.source,
      evidence: request.evidence ?? {},
      actor: request.actor,
    })),
  );
}

/** Numbers the ledger says opted out of something: what an erasure keeps as a hashed suppression. */
export function hasWithdrawn(state: NumberConsentState | undefined): boolean {
  return state !== undefined && Object.values(state.consents).some((record) => record?.status === 'withdrawn');
}
