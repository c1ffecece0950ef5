// Verifying a number by a one-time code sent by SMS (DESIGN §4): send a code, check it, and on success append a
// `verified` entry to the number's consent ledger.
import { ServiceUnavailableError, InvalidInputError, ConflictError, TooManyRequestsError, VerificationCodeRejectedError } from '../../errors.ts';
import { normalisePhoneNumber } from '../../phone-number.ts';
import { checkCode, codeValidityMs, issueCode, maxSendsPerWindow, type CodeHasher, type VerificationState } from '../../verification/one-time-code.ts';
import type { Clock } from '#ports/clock';
import type { ConsentStore } from '#ports/consent-store';
import type { IdGenerator } from '#ports/id-generator';
import type { OperationsLog } from '#ports/operations-log';
import { SmsDestinationRejectedError, SmsSendUncertainError, SmsUnavailableError, type SmsSender } from '#ports/sms-sender';
import type { VerificationStore } from '#ports/verification-store';
import { appendToLedger } from '../consent/ledger-append.ts';

export interface VerificationDependencies {
  verifications: VerificationStore;
  /** Only sending needs it: a deployment without SMS can still check codes sent before. */
  sms: SmsSender;
  consent: ConsentStore;
  clock: Clock;
  ids: IdGenerator;
  log: OperationsLog;
  /** Region assumed for numbers written without a country code. */
  defaultRegion: string;
  /** Six random digits, zero-padded, from a cryptographic generator (the composition root's). */
  randomDigits: () => string;
  hashCode: CodeHasher;
}

export interface SentCode {
  number: string;
  /** When the code stops working. */
  expiresAt: string;
  /** Codes this number can still be sent before the rolling 10-minute limit refuses. */
  remainingSends: number;
}

export interface VerifiedNumber {
  number: string;
  result: 'verified';
  verifiedAt: string;
}

/** Writers racing on one number's state (two sends, a send and a check) settle within a few rounds. */
const maxAttempts = 5;

/**
 * Issues a new code (the previous one stops working), stores its hash, then sends it. The send is counted before the
 * SMS goes, so that a failing provider cannot be hammered through us; when the provider surely sent nothing, the
 * previous code is put back so that a code already on its way still works.
 */
export async function sendVerificationCode(deps: VerificationDependencies, rawNumber: string, actor: string): Promise<SentCode> {
  const number = normalisePhoneNumber(rawNumber, deps.defaultRegion).e164;
  // First: a deployment without SMS answers so before a send is counted.
  const sms = deps.sms;
  // A stop asked in words suppresses every SMS to the number until an agent has reviewed it (DESIGN §4).
  const consentState = (await deps.consent.getStates([number])).get(number);
  if (consentState?.reviewFlagRaisedAt !== undefined) throw new ConflictError('this number asked us to stop texting it: no SMS is sent until an agent has reviewed its message', { reason: 'review-pending' });
  const { previous, state, code, expiresAt } = await storeNewCode(deps, number);
  try {
    await sms.send({ to: number, body: `Your contactable verification code is ${code}. It expires in ${codeValidityMs / 60_000} minutes.`, kind: 'verification' });
  } catch (error) {
    // It may have gone: the stored code stays and works if it arrives; the caller can ask for another.
    if (error instanceof SmsSendUncertainError) deps.log.warn('verification code may not have been sent', { actor, providerCode: error.providerCode });
    else {
      await restorePreviousCode(deps, previous, state);
      throw unsentError(error);
    }
  }
  deps.log.info('verification code sent', { actor, sendsInWindow: state.sentAt.length });
  return { number, expiresAt: expiresAt.toISOString(), remainingSends: maxSendsPerWindow - state.sentAt.length };
}

/**
 * Checks a code. A right one is consumed before the ledger entry is appended: should the append fail, the code
 * cannot verify twice, and the caller asks for a new one.
 */
export async function checkVerificationCode(deps: VerificationDependencies, rawNumber: string, code: string, actor: string): Promise<VerifiedNumber> {
  const number = normalisePhoneNumber(rawNumber, deps.defaultRegion).e164;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const stored = await deps.verifications.get(number);
    const now = deps.clock.now();
    const check = checkCode(stored, number, code, now, deps.hashCode);
    // A refusal before the comparison changes nothing and keeps the version: nothing to write.
    if (stored !== undefined && check.state.version > stored.version && !(await deps.verifications.put(check.state, stored.version))) continue;
    if (check.result !== 'verified') {
      deps.log.info('verification code refused', { actor, result: check.result, remainingChecks: check.remainingChecks });
      throw refusalError(check.result, check.remainingChecks);
    }
    const verifiedAt = now.toISOString();
    await appendToLedger(deps.consent, number, now, () => [
      { eventId: deps.ids.newId(), number, contactId: undefined, change: { type: 'verified' }, at: verifiedAt, recordedAt: verifiedAt, source: 'api', evidence: {}, actor },
    ]);
    deps.log.info('number verified', { actor });
    return { number, result: 'verified', verifiedAt };
  }
  throw new Error(`the verification state of a number kept changing: ${maxAttempts} attempts`);
}

interface StoredCode {
  previous: VerificationState | undefined;
  state: VerificationState;
  code: string;
  expiresAt: Date;
}

async function storeNewCode(deps: VerificationDependencies, number: string): Promise<StoredCode> {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const previous = await deps.verifications.get(number);
    const now = deps.clock.now();
    const issued = issueCode(previous, number, now, deps.randomDigits, deps.hashCode);
    if ('refused' in issued) {
      const afterSeconds = Math.max(1, Math.ceil((issued.retryAt.getTime() - now.getTime()) / 1000));
      throw new TooManyRequestsError(`${maxSendsPerWindow} codes were sent to this number in the last 10 minutes: the next can be sent at ${issued.retryAt.toISOString()}`, 'send_limit', { at: issued.retryAt, afterSeconds });
    }
    if (await deps.verifications.put(issued.state, previous?.version)) return { previous, ...issued };
  }
  throw new Error(`the verification state of a number kept changing: ${maxAttempts} attempts`);
}

/** The send still counts; the live code goes back to the one before, if nothing changed the state since. */
async function restorePreviousCode(deps: VerificationDependencies, previous: VerificationState | undefined, state: VerificationState): Promise<void> {
  const { codeHash: _unsent, codeIssuedAt: _unsentAt, ...rest } = state;
  const earlier = previous?.codeHash !== undefined && previous.codeIssuedAt !== undefined ? { codeHash: previous.codeHash, codeIssuedAt: previous.codeIssuedAt } : {};
  const restored: VerificationState = { ...rest, ...earlier, checks: previous?.checks ?? 0, version: state.version + 1 };
  if (!(await deps.verifications.put(restored, state.version))) deps.log.warn('unsent verification code not withdrawn: the state changed meanwhile', {});
}

/** Port errors that say nothing was sent, as the caller should hear them; anything else stays a server error. */
function unsentError(error: unknown): unknown {
  if (error instanceof SmsUnavailableError) return new ServiceUnavailableError('SMS sending is unavailable right now: no code was sent; try again in a minute', 'sms');
  if (error instanceof SmsDestinationRejectedError) {
    if (error.reason === 'invalid') return new InvalidInputError('number', 'the SMS provider cannot send to this number: no code was sent');
    return new ConflictError(`the SMS provider refuses to send to this number (${error.reason}${error.reason === 'opted-out' ? ': it must text START first' : ''}): no code was sent`, { reason: `sms_${error.reason.replace('-', '_')}` });
  }
  return error;
}

function refusalError(result: Exclude<ReturnType<typeof checkCode>['result'], 'verified'>, remainingChecks: number | undefined): Error {
  switch (result) {
    case 'wrong-code':
      return new VerificationCodeRejectedError('wrong-code', `wrong code: ${remainingChecks} checks left on this code`, remainingChecks);
    case 'malformed-code':
      return new VerificationCodeRejectedError('malformed-code', `a code is 6 digits (this one was not counted): ${remainingChecks} checks left`, remainingChecks);
    case 'expired':
      return new VerificationCodeRejectedError('expired', 'the code has expired: ask for a new one');
    case 'no-code':
      return new VerificationCodeRejectedError('no-code', 'no code is waiting for this number (none was sent, or it was used): ask for one');
    case 'too-many-checks':
      return new TooManyRequestsError('this code was checked too many times: ask for a new one', 'check_limit', {}, { remainingChecks: 0 });
  }
}
