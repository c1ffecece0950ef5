// Opt-out by SMS (DESIGN §4): an inbound message's keyword changes the number's SMS consent at once, each change a
// ledger entry with source `keyword`; a stop asked in words is flagged for an agent and stops sending until reviewed.
import { applyLedgerEntry, consentEntriesOf, consentKey, consentPurposes, emptyConsentState, type ConsentPurpose, type LedgerEntry, type NewLedgerEntry, type NumberConsentState } from '../../consent/consent-ledger.ts';
import { classifyInboundSms, type InboundSmsIntent } from '../../consent/sms-keywords.ts';
import { ConflictError } from '../../errors.ts';
import { normalisePhoneNumber } from '../../phone-number.ts';
import type { SmsKind, SmsSender } from '#ports/sms-sender';
import type { ConsentDependencies } from './consent-dependencies.ts';
import { wholeLedger } from './consents.ts';
import { appendToLedger } from './ledger-append.ts';

export interface InboundSms {
  /** The provider's id: a message delivered twice changes nothing twice and is answered once. */
  messageId: string;
  from: string;
  body: string;
  receivedAt: string;
  /** Where the message already landed (identity's inbound step), when known: spares reading the holders again. */
  landing?: { contactId: string | undefined } | undefined;
}

export interface InboundSmsOutcome {
  intent: InboundSmsIntent['kind'];
  entriesAppended: number;
  duplicate: boolean;
  replied: SmsKind | undefined;
}

export type InboundSmsDependencies = ConsentDependencies & { sms: SmsSender };

export const keywordReplies: Record<'opt-out-confirmation' | 'opt-in-confirmation' | 'help', string> = {
  'opt-out-confirmation': 'You are unsubscribed and will get no more messages from us. Reply START to subscribe again.',
  'opt-in-confirmation': 'You are subscribed again. Reply STOP to unsubscribe, HELP for help.',
  help: 'Reply STOP to unsubscribe, START to subscribe again. To reach us, call the number on your last message.',
};

export async function handleInboundSms(deps: InboundSmsDependencies, message: InboundSms): Promise<InboundSmsOutcome> {
  const number = normalisePhoneNumber(message.from, deps.defaultRegion, 'originationNumber').e164;
  const intent = classifyInboundSms(message.body);
  if (intent.kind === 'other') return { intent: intent.kind, entriesAppended: 0, duplicate: false, replied: undefined };
  // Consent is the number's; the ledger names the contact the message landed on (its holder when there is one only).
  const contactId = message.landing !== undefined ? message.landing.contactId : await soleHolderOf(deps, number);
  const now = deps.clock.now();
  // START gives back what STOP took, never more: what was granted before each withdrawal is in the ledger.
  const ledger = intent.kind === 'opt-in' ? await wholeLedger(deps, number) : [];
  const plan = (state: NumberConsentState): NewLedgerEntry[] => entriesFor(intent, state, { number, contactId, body: message.body, at: message.receivedAt, now, newId: () => deps.ids.newId(), ledger });
  const outcome = await appendToLedger(deps.consent, number, now, plan, `sms:${message.messageId}`);
  // A STOP that found nothing left to withdraw (or a redelivery) appended nothing: no opt-out happened.
  if (intent.kind === 'opt-out' && outcome.appended.length > 0) deps.metrics.count('OptOuts', { name: 'source', value: 'keyword' });
  // While a stop asked in words waits for an agent, nothing is sent to the number, not even the help text.
  const reply = outcome.duplicate || outcome.state.reviewFlagRaisedAt !== undefined ? undefined : replyFor(intent, outcome.appended.length);
  if (reply !== undefined) await sendReplyOnce(deps, number, reply);
  deps.log.info('inbound SMS handled', { intent: intent.kind, entries: outcome.appended.length, duplicate: outcome.duplicate, replied: reply, contactId });
  return { intent: intent.kind, entriesAppended: outcome.appended.length, duplicate: outcome.duplicate, replied: reply };
}

interface EntryContext {
  number: string;
  contactId: string | undefined;
  body: string;
  at: string;
  now: Date;
  newId: () => string;
  /** The number's ledger, read for an opt-in only. */
  ledger: readonly LedgerEntry[];
}

/**
 * STOP withdraws SMS consent for every purpose not already withdrawn (nothing left to withdraw: nothing appended, no
 * second confirmation), even one never granted, so that no later import can grant it; START re-grants what a keyword
 * withdrew and had been granted until then (never a purpose the person did not consent to); HELP is kept as
 * evidence; a stop in words raises the review flag once.
 */
function entriesFor(intent: InboundSmsIntent, state: NumberConsentState, context: EntryContext): NewLedgerEntry[] {
  const { number, contactId, body, now, newId } = context;
  // Never later than now: a provider's clock ahead of ours must not date an entry in the future.
  const at = new Date(Math.min(Date.parse(context.at) || now.getTime(), now.getTime())).toISOString();
  const base = { number, contactId, source: 'keyword' as const, evidence: { message: body.slice(0, 500) }, actor: 'keyword', occurredAt: at };
  const sms = (purpose: (typeof consentPurposes)[number]) => state.consents[consentKey('sms', purpose)];
  switch (intent.kind) {
    case 'opt-out': {
      const purposes = consentPurposes.filter((purpose) => sms(purpose)?.status !== 'withdrawn');
      return purposes.length === 0 ? [] : consentEntriesOf({ ...base, action: 'withdraw', channels: ['sms'], purposes }, now, newId);
    }
    case 'opt-in': {
      const purposes = consentPurposes.filter((purpose) => sms(purpose)?.status === 'withdrawn' && sms(purpose)?.source === 'keyword' && grantedBefore(context.ledger, number, purpose, sms(purpose)!.sequence));
      return purposes.length === 0 ? [] : consentEntriesOf({ ...base, action: 'grant', channels: ['sms'], purposes }, now, newId);
    }
    case 'help':
      return [{ eventId: newId(), number, contactId, change: { type: 'help-requested' }, at, recordedAt: now.toISOString(), source: 'keyword', evidence: base.evidence, actor: 'keyword' }];
    case 'stop-request':
      if (state.reviewFlagRaisedAt !== undefined) return [];
      return [{ eventId: newId(), number, contactId, change: { type: 'review-flag', action: 'raised' }, at, recordedAt: now.toISOString(), source: 'keyword', evidence: base.evidence, actor: 'keyword' }];
    case 'other':
      return [];
  }
}

/** Whether SMS consent for `purpose` was granted in the state the ledger had reached before entry `sequence`. */
function grantedBefore(ledger: readonly LedgerEntry[], number: string, purpose: ConsentPurpose, sequence: number): boolean {
  const before = ledger.filter((entry) => entry.sequence < sequence).reduce(applyLedgerEntry, emptyConsentState(number, ''));
  return before.consents[consentKey('sms', purpose)]?.status === 'granted';
}

async function soleHolderOf(deps: InboundSmsDependencies, number: string): Promise<string | undefined> {
  const holders = await deps.contacts.findHolders(number);
  return holders.length === 1 ? holders[0]!.contactId : undefined;
}

type KeywordReply = keyof typeof keywordReplies;

function replyFor(intent: InboundSmsIntent, appended: number): KeywordReply | undefined {
  if (intent.kind === 'help') return 'help';
  if (appended === 0) return undefined;
  if (intent.kind === 'opt-out') return 'opt-out-confirmation';
  if (intent.kind === 'opt-in') return 'opt-in-confirmation';
  return undefined;
}

/** A reply is sent once or not at all: a failure is logged, never retried (a second STOP confirmation is worse). */
async function sendReplyOnce(deps: InboundSmsDependencies, to: string, kind: KeywordReply): Promise<void> {
  try {
    await deps.sms.send({ to, body: keywordReplies[kind], kind });
  } catch (error) {
    deps.log.warn('keyword reply not sent', { kind, reason: error instanceof Error ? error.name : 'unknown' });
  }
}

/** An agent's review of a stop asked in words: withdraw SMS consent (it was a stop), or keep it; the flag clears. */
export async function reviewStopRequest(deps: ConsentDependencies, rawNumber: string, decision: 'withdraw' | 'keep', actor: string): Promise<NumberConsentState> {
  const number = normalisePhoneNumber(rawNumber, deps.defaultRegion).e164;
  const now = deps.clock.now();
  const { state, appended } = await appendToLedger(deps.consent, number, now, (current) => {
    if (current.reviewFlagRaisedAt === undefined) throw new ConflictError('no stop request waits for review on this number');
    const cleared: NewLedgerEntry = { eventId: deps.ids.newId(), number, contactId: undefined, change: { type: 'review-flag', action: 'cleared' }, at: now.toISOString(), recordedAt: now.toISOString(), source: 'agent', evidence: { agentId: actor }, actor };
    if (decision === 'keep') return [cleared];
    return [...consentEntriesOf({ number, action: 'withdraw', channels: ['sms'], purposes: consentPurposes, source: 'agent', evidence: { agentId: actor }, actor }, now, () => deps.ids.newId()), cleared];
  });
  if (decision === 'withdraw' && appended.length > 0) deps.metrics.count('OptOuts', { name: 'source', value: 'agent' });
  return state;
}
