// The per-contact dialling rules of DESIGN §5 (rules 1–3) as pure functions over a state the workflow carries.
import { isRetryableStatus, type CallStatus, type RetryableStatus } from './call-status.ts';

export interface RetryRule {
  maxRetries: number;
  retryDelayMinutes: number;
}

/** The campaign settings the rules read. */
export interface DialRules {
  additionalPhoneDelayMinutes: number;
  retries: Record<RetryableStatus, RetryRule>;
  globalMaxRetries: number;
}

export type ExhaustReason = `MAX_RETRIES_${RetryableStatus}` | 'MAX_RETRIES_GLOBAL';
export type CloseReason = 'REACHED' | ExhaustReason | 'NO_CALLABLE_PHONES';

export interface PhoneCounters {
  byStatus: Partial<Record<RetryableStatus, number>>;
  global: number;
}

/** One number of the contact, in dial order, with what its calls have counted so far. */
export interface PlannedPhone {
  number: string;
  /** `Primary`, the item type's name, or the kind for an untyped additional phone. */
  label: string;
  itemTypeId?: string | undefined;
  description?: string | undefined;
  counters: PhoneCounters;
  exhausted?: ExhaustReason | undefined;
}

/** Everything the rules need between two calls; the workflow carries it from step to step. */
export interface DialState {
  phones: PlannedPhone[];
  round: number;
  /** Indexes into `phones` of this round's phones, in dial order, and how far the round has gone. */
  roundPhones: number[];
  roundPosition: number;
  /** Whether this round dialled anything: a round of skips only ends the contact, it never loops. */
  dialledThisRound: boolean;
  callsPlaced: number;
  lastDialled?: number | undefined;
  lastStatus?: CallStatus | undefined;
}

export type NextStep = { kind: 'call'; phoneIndex: number; at: string } | { kind: 'close'; reason: CloseReason; at: string };

export interface DialStep {
  state: DialState;
  next: NextStep;
}

export interface PhoneToPlan {
  number: string;
  label: string;
  itemTypeId?: string | undefined;
  description?: string | undefined;
}

/** The first step: the first round over every phone, its first call at `startAt`. */
export function startDialling(phones: readonly PhoneToPlan[], startAt: Date): DialStep {
  const planned: PlannedPhone[] = phones.map((phone) => ({ ...phone, counters: { byStatus: {}, global: 0 } }));
  const state: DialState = { phones: planned, round: 1, roundPhones: planned.map((_, index) => index), roundPosition: 0, dialledThisRound: false, callsPlaced: 0 };
  if (planned.length === 0) return { state, next: { kind: 'close', reason: 'NO_CALLABLE_PHONES', at: startAt.toISOString() } };
  return { state, next: { kind: 'call', phoneIndex: 0, at: startAt.toISOString() } };
}

/** Rule 1: a call's status counts on its phone; the phone is exhausted at a limit (the per-status reason wins). */
export function countCall(phone: PlannedPhone, status: RetryableStatus, rules: DialRules): PlannedPhone {
  const byStatus = { ...phone.counters.byStatus, [status]: (phone.counters.byStatus[status] ?? 0) + 1 };
  const counters = { byStatus, global: phone.counters.global + 1 };
  const exhausted: ExhaustReason | undefined =
    byStatus[status]! >= rules.retries[status].maxRetries ? `MAX_RETRIES_${status}` : counters.global >= rules.globalMaxRetries ? 'MAX_RETRIES_GLOBAL' : phone.exhausted;
  return { ...phone, counters, exhausted };
}

/** Rules 1–3 after a dialled call on `phoneIndex` ended with `status` at `endedAt`. */
export function afterCall(state: DialState, rules: DialRules, phoneIndex: number, status: CallStatus, endedAt: Date): DialStep {
  const phones = [...state.phones];
  if (isRetryableStatus(status)) phones[phoneIndex] = countCall(phones[phoneIndex]!, status, rules);
  const counted: DialState = { ...state, phones, callsPlaced: state.callsPlaced + 1, lastDialled: phoneIndex, lastStatus: status, roundPosition: state.roundPosition + 1, dialledThisRound: true };
  if (!isRetryableStatus(status)) return { state: counted, next: { kind: 'close', reason: 'REACHED', at: endedAt.toISOString() } };
  return continueAfter(counted, rules, endedAt, rules.additionalPhoneDelayMinutes, rules.retries[status].retryDelayMinutes);
}

/**
 * A phone of the round passed over without a call (not contactable now): nothing is counted, and the round goes
 * on with its next phone at `at`, or the next round starts as if after the round's last call.
 */
export function skipPhone(state: DialState, rules: DialRules, at: Date): DialStep {
  const skipped: DialState = { ...state, roundPosition: state.roundPosition + 1 };
  const lastRetry = state.lastStatus !== undefined && isRetryableStatus(state.lastStatus) ? rules.retries[state.lastStatus].retryDelayMinutes : 0;
  return continueAfter(skipped, rules, at, 0, lastRetry);
}

/** Rule 2: the next phone of the round after the additional-phone delay, else the next round after the retry delay. */
function continueAfter(state: DialState, rules: DialRules, from: Date, withinRoundDelayMinutes: number, nextRoundDelayMinutes: number): DialStep {
  const rest = state.roundPhones.slice(state.roundPosition).filter((index) => state.phones[index]!.exhausted === undefined);
  if (rest.length > 0) {
    const roundPhones = [...state.roundPhones.slice(0, state.roundPosition), ...rest];
    return { state: { ...state, roundPhones }, next: { kind: 'call', phoneIndex: rest[0]!, at: plusMinutes(from, withinRoundDelayMinutes) } };
  }
  const callable = state.phones.flatMap((phone, index) => (phone.exhausted === undefined ? [index] : []));
  if (callable.length === 0 || !state.dialledThisRound) return { state, next: { kind: 'close', reason: closeReason(state), at: from.toISOString() } };
  return {
    state: { ...state, round: state.round + 1, roundPhones: callable, roundPosition: 0, dialledThisRound: false },
    next: { kind: 'call', phoneIndex: callable[0]!, at: plusMinutes(from, nextRoundDelayMinutes) },
  };
}

/**
 * Rule 3: the exhaust reason of the last phone dialled, or NO_CALLABLE_PHONES when nothing was dialled at all
 * (or a whole round found no phone it could call).
 */
function closeReason(state: DialState): CloseReason {
  if (state.lastDialled === undefined || !state.dialledThisRound) return 'NO_CALLABLE_PHONES';
  return state.phones[state.lastDialled]!.exhausted ?? 'NO_CALLABLE_PHONES';
}

function plusMinutes(from: Date, minutes: number): string {
  return new Date(from.getTime() + minutes * 60_000).toISOString();
}
