// One-time verification codes (DESIGN §4): a code sent by SMS proves who holds a number.
import { createHash } from 'node:crypto';

export const codeLength = 6;
/** A code works for 10 minutes after it was issued, and not at 10 minutes exactly. */
export const codeValidityMs = 10 * 60_000;
/** Checks per code, right or wrong: the 6th is refused even with the right code. */
export const maxChecksPerCode = 5;
/** Sends per number in any rolling 10 minutes. */
export const maxSendsPerWindow = 5;
export const sendWindowMs = 10 * 60_000;

/**
 * What is stored per number. The code itself is never stored: only its hash, bound to the number. A 6-digit code's
 * hash is still brute-forceable offline in moments (a million candidates), so the hash only keeps codes out of
 * backups, exports and logs; the real protection is the check limit and the 10-minute expiry, enforced here, and a
 * keyed hash (an HMAC whose key is not in the table) where the composition root can supply one.
 *
 * Every change raises `version`: the repository writes on condition of the version it read, so two concurrent
 * checks cannot both spend the same remaining check. A refusal changes nothing and keeps the version.
 */
export interface VerificationState {
  /** E.164; part of what is hashed. */
  number: string;
  /** The live code's hash; absent when none was issued, or once it verified the number. */
  codeHash?: string;
  /** ISO time the live code was issued. */
  codeIssuedAt?: string;
  /** Checks spent on the live code. */
  checks: number;
  /** ISO times of the sends in the last 10 minutes (older ones are dropped when the next code is issued). */
  sentAt: string[];
  /** ISO time of the last successful check. A new code does not clear it: re-verification keeps the last proof. */
  verifiedAt?: string;
  version: number;
}

/** A digest of text: SHA-256 below, or an HMAC with a secret key, which makes the stored hashes useless offline. */
export type CodeHasher = (text: string) => string;

export const sha256CodeHasher: CodeHasher = (text) => createHash('sha256').update(text).digest('hex');

export type IssueCodeResult =
  /** Send `code` to the number and store `state`; the code dies at `expiresAt`. */
  | { code: string; state: VerificationState; expiresAt: Date }
  /** Five sends in the last 10 minutes: the next is allowed at `retryAt`. Nothing to store. */
  | { refused: 'send-limit'; retryAt: Date };

export type CheckResult =
  | 'verified'
  | 'wrong-code'
  /** Not 6 digits (spaces and dashes aside): cannot be the code, so it does not spend a check. */
  | 'malformed-code'
  | 'expired'
  | 'too-many-checks'
  /** None issued, or already used: a verified code cannot verify twice. */
  | 'no-code';

export interface CodeCheck {
  result: CheckResult;
  /** Store it when its version is higher than the one read (a check was spent, or the number verified). */
  state: VerificationState;
  /** Checks left on the live code, after a wrong or malformed code. */
  remainingChecks?: number;
}

/**
 * A new code for the number, replacing any previous one (which stops working), with its checks reset. Refused when
 * the number had 5 sends in the last 10 minutes: together with the check limit, at most 25 guesses per number per
 * 10 minutes.
 */
export function issueCode(state: VerificationState | undefined, number: string, now: Date, randomDigits: () => string, hash: CodeHasher): IssueCodeResult {
  const current = stateFor(state, number);
  const recentSends = current.sentAt.filter((sent) => now.getTime() - Date.parse(sent) < sendWindowMs).sort((a, b) => Date.parse(a) - Date.parse(b));
  if (recentSends.length >= maxSendsPerWindow) {
    // The oldest send in the window leaves it first; with it, the count drops below the limit.
    return { refused: 'send-limit', retryAt: new Date(Date.parse(recentSends[recentSends.length - maxSendsPerWindow]!) + sendWindowMs) };
  }
  const code = randomDigits();
  // A programming error, not an input: the generator is the composition root's (crypto.randomInt, zero-padded).
  if (!isCodeShaped(code)) throw new Error(`randomDigits must return ${codeLength} digits`);
  return {
    code,
    expiresAt: new Date(now.getTime() + codeValidityMs),
    state: {
      ...current,
      codeHash: hash(boundCode(number, code)),
      codeIssuedAt: now.toISOString(),
      checks: 0,
      sentAt: [...recentSends, now.toISOString()],
      version: current.version + 1,
    },
  };
}

/**
 * Checks `code` against the live code of the number. In order: no live code, expired, out of checks (none of which
 * spends a check), malformed (nor does that: it cannot match, so counting it would punish a typo and stop no
 * attacker), then the comparison, which spends one check. A right code verifies the number and is consumed.
 */
export function checkCode(state: VerificationState | undefined, number: string, code: string, now: Date, hash: CodeHasher): CodeCheck {
  const current = stateFor(state, number);
  if (current.codeHash === undefined || current.codeIssuedAt === undefined) return { result: 'no-code', state: current };
  if (now.getTime() >= Date.parse(current.codeIssuedAt) + codeValidityMs) return { result: 'expired', state: current };
  if (current.checks >= maxChecksPerCode) return { result: 'too-many-checks', state: current };
  // People type "123 456" or "123-456", and some keyboards give full-width digits.
  const candidate = code.normalize('NFKC').replace(/[\s\p{Pd}]/gu, '');
  if (!isCodeShaped(candidate)) return { result: 'malformed-code', state: current, remainingChecks: maxChecksPerCode - current.checks };

  const checks = current.checks + 1;
  if (!equalInConstantTime(hash(boundCode(number, candidate)), current.codeHash)) {
    return { result: 'wrong-code', state: { ...current, checks, version: current.version + 1 }, remainingChecks: maxChecksPerCode - checks };
  }
  const { codeHash: _usedHash, codeIssuedAt: _issuedAt, ...rest } = current;
  return { result: 'verified', state: { ...rest, checks: 0, verifiedAt: now.toISOString(), version: current.version + 1 } };
}

/** When the live code stops working, if there is one. */
export function codeExpiresAt(state: VerificationState | undefined): Date | undefined {
  return state?.codeHash !== undefined && state.codeIssuedAt !== undefined ? new Date(Date.parse(state.codeIssuedAt) + codeValidityMs) : undefined;
}

function stateFor(state: VerificationState | undefined, number: string): VerificationState {
  // The caller read the state by number: another number here is a bug, and its message must not name either number.
  if (state && state.number !== number) throw new Error('the verification state read belongs to another number');
  return state ?? { number, checks: 0, sentAt: [], version: 0 };
}

/** The number is hashed with the code, so the same code sent to two numbers gives two hashes. */
function boundCode(number: string, code: string): string {
  return `${number}:${code}`;
}

function isCodeShaped(code: string): boolean {
  return new RegExp(`^[0-9]{${codeLength}}$`).test(code);
}

/** Compares two digests without stopping at the first difference. */
function equalInConstantTime(left: string, right: string): boolean {
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let index = 0; index < left.length; index += 1) difference |= left.charCodeAt(index) ^ right.charCodeAt(index);
  return difference === 0;
}
