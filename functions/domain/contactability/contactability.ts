// Contactability (DESIGN §4): one function says which of a contact's numbers may be used now for a channel and a
// purpose, and why each other number may not. The dial plan and the check right before each dial both use it.
import type { Phone } from '../contact.ts';
import { consentKey, type ConsentChannel, type ConsentPurpose, type NumberConsentState } from '../consent/consent-ledger.ts';
import { barringEntry, type DoNotCallEntry } from '../consent/do-not-call.ts';
import type { CallingWindow } from '../dialer/calling-window.ts';
import { nextNumberOpenTime } from './number-calling-window.ts';

export const exclusionReasons = ['invalid', 'do-not-call', 'withdrawn', 'no-consent', 'review-pending', 'unverified', 'stale', 'preference', 'outside-window'] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

/** Left behind when a contact is erased: the number (hashed) had opted out and must never be used again without new consent. */
export interface Suppression {
  suppressedAt: string;
}

/** Everything stored about one number that contactability reads. */
export interface NumberFacts {
  /** Kind and line type matter for SMS only: the dialer's check passes the number alone. */
  phone: Pick<Phone, 'number'> & Partial<Pick<Phone, 'kind' | 'lineType'>>;
  state: NumberConsentState | undefined;
  /** The do-not-call entries whose prefix the number starts with (in force or not). */
  doNotCall: readonly DoNotCallEntry[];
  suppression: Suppression | undefined;
}

/** Account-wide rules, set by administrators. */
export interface ContactabilityPolicy {
  /** Purposes for which a number must have proved its owner (a one-time code) recently enough. */
  verificationRequiredFor: ConsentPurpose[];
  /** A number neither verified nor reached for this long is stale. */
  staleAfterDays: number;
}

export const defaultContactabilityPolicy: ContactabilityPolicy = { verificationRequiredFor: [], staleAfterDays: 365 };

export interface ContactabilityQuery {
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  at: Date;
  /** A campaign's own window, intersected with the number's. */
  campaignWindow?: CallingWindow | undefined;
}

export interface NumberVerdict {
  number: string;
  usable: boolean;
  /** Every reason that applies, the weightiest first; empty when usable. */
  reasons: ExclusionReason[];
  /** Outside its window only: when it opens next (absent: not within a week). */
  nextOpenAt?: string | undefined;
}

export interface ContactabilityReport {
  usable: NumberVerdict[];
  excluded: NumberVerdict[];
}

/** The numbers in the order given (dial order), split into usable now and excluded with reasons. */
export function contactabilityOf(numbers: readonly NumberFacts[], query: ContactabilityQuery, policy: ContactabilityPolicy): ContactabilityReport {
  const verdicts = numbers.map((facts) => numberVerdict(facts, query, policy));
  return { usable: verdicts.filter((verdict) => verdict.usable), excluded: verdicts.filter((verdict) => !verdict.usable) };
}

export function numberVerdict(facts: NumberFacts, query: ContactabilityQuery, policy: ContactabilityPolicy): NumberVerdict {
  const { phone, state } = facts;
  const reasons: ExclusionReason[] = [];
  if (query.channel === 'sms' && phone.kind !== 'MOBILE' && phone.lineType !== 'mobile') reasons.push('invalid');
  if (barringEntry(phone.number, facts.doNotCall, query.at) !== undefined) reasons.push('do-not-call');
  const consent = consentReason(facts, query);
  if (consent !== undefined) reasons.push(consent);
  if (query.channel === 'sms' && state?.reviewFlagRaisedAt !== undefined) reasons.push('review-pending');
  if (policy.verificationRequiredFor.includes(query.purpose)) {
    if (state?.verifiedAt === undefined) reasons.push('unverified');
    else if (isStale(state, policy, query.at)) reasons.push('stale');
  }
  const welcome = state?.preferences.welcomePurposes;
  if (welcome !== undefined && !welcome.includes(query.purpose)) reasons.push('preference');
  const opening = nextNumberOpenTime(phone.number, query.campaignWindow, query.at, { businessHoursOnly: state?.preferences.businessHoursOnly ?? false });
  const outside = opening === undefined || opening.getTime() > query.at.getTime();
  if (outside) reasons.push('outside-window');
  return { number: phone.number, usable: reasons.length === 0, reasons, ...(outside ? { nextOpenAt: opening?.toISOString() } : {}) };
}

/**
 * Granted and not withdrawn since; an erased contact's number that had opted out stays withdrawn until a grant
 * given after the erasure by the person themselves (an import cannot bring it back).
 */
function consentReason(facts: NumberFacts, query: ContactabilityQuery): ExclusionReason | undefined {
  const record = facts.state?.consents[consentKey(query.channel, query.purpose)];
  if (facts.suppression !== undefined && !(record?.status === 'granted' && record.source !== 'import' && record.at > facts.suppression.suppressedAt)) return 'withdrawn';
  if (record === undefined) return 'no-consent';
  return record.status === 'withdrawn' ? 'withdrawn' : undefined;
}

/** Neither verified nor reached within the policy's time. */
export function isStale(state: NumberConsentState, policy: ContactabilityPolicy, at: Date): boolean {
  if (state.staleSince !== undefined) return true;
  const limit = at.getTime() - policy.staleAfterDays * 86_400_000;
  const lastProof = [state.verifiedAt, state.lastReachedAt].filter((time): time is string => time !== undefined).map(Date.parse);
  return lastProof.length === 0 || Math.max(...lastProof) < limit;
}
