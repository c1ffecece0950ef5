// One-time codes: hashed at rest, 10 minutes, 5 checks per code, 5 sends per rolling 10 minutes, one use.
import { describe, expect, it } from 'vitest';
import { checkCode, codeExpiresAt, issueCode, sha256CodeHasher, type IssueCodeResult, type VerificationState } from '#domain/verification/one-time-code';

const number = '+447700900123';
const otherNumber = '+447700900456';
const start = Date.parse('2026-03-02T10:00:00.000Z');
const at = (minutes: number) => new Date(start + minutes * 60_000);
const hash = sha256CodeHasher;

/** Codes in the order given, so tests know what was sent. */
function digits(...codes: string[]): () => string {
  return () => codes.shift() ?? '000000';
}

function issued(result: IssueCodeResult): { code: string; state: VerificationState; expiresAt: Date } {
  if ('refused' in result) throw new Error(`expected a code, the send was refused until ${result.retryAt.toISOString()}`);
  return result;
}

/** A number with one live code, 123456, issued at minute 0. */
function withCode(): VerificationState {
  return issued(issueCode(undefined, number, at(0), digits('123456'), hash)).state;
}

describe('issueCode', () => {
  it('issues a 6-digit code, valid 10 minutes, and stores only its hash', () => {
    // Act
    const { code, state, expiresAt } = issued(issueCode(undefined, number, at(0), digits('048213'), hash));

    // Assess
    expect(code).toBe('048213');
    expect(expiresAt).toEqual(at(10));
    expect(codeExpiresAt(state)).toEqual(at(10));
    expect(state).toMatchObject({ number, codeIssuedAt: at(0).toISOString(), checks: 0, sentAt: [at(0).toISOString()], version: 1 });
    expect(state.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(state)).not.toContain('048213');
  });

  it('binds the hash to the number: the same code for two numbers hashes differently', () => {
    // Act
    const first = issued(issueCode(undefined, number, at(0), digits('123456'), hash));
    const second = issued(issueCode(undefined, otherNumber, at(0), digits('123456'), hash));

    // Assess
    expect(first.state.codeHash).not.toBe(second.state.codeHash);
    expect(checkCode(first.state, number, '123456', at(1), hash).result).toBe('verified');
  });

  it('refuses the 6th send within 10 minutes, and says when the next is allowed', () => {
    // Prepare
    let state: VerificationState | undefined;
    for (const minute of [0, 1, 2, 3, 4]) state = issued(issueCode(state, number, at(minute), digits('111111'), hash)).state;

    // Act
    const refused = issueCode(state, number, at(9.5), digits('222222'), hash);

    // Assess
    expect(refused).toEqual({ refused: 'send-limit', retryAt: at(10) });
  });

  it('allows sends again as the window rolls past the oldest ones', () => {
    // Prepare
    let state: VerificationState | undefined;
    for (const minute of [0, 1, 2, 3, 4]) state = issued(issueCode(state, number, at(minute), digits('111111'), hash)).state;

    // Act
    const atTen = issued(issueCode(state, number, at(10), digits('222222'), hash));
    const justAfter = issueCode(atTen.state, number, at(10.5), digits('333333'), hash);
    const atEleven = issueCode(atTen.state, number, at(11), digits('444444'), hash);

    // Assess
    expect(atTen.state.sentAt).toEqual([1, 2, 3, 4, 10].map((minute) => at(minute).toISOString()));
    expect(justAfter).toEqual({ refused: 'send-limit', retryAt: at(11) });
    expect('code' in atEleven && atEleven.code).toBe('444444');
  });

  it('replaces the previous code: the old one stops working, the new one has all its checks', () => {
    // Prepare
    const first = withCode();
    const spent = checkCode(first, number, '000000', at(1), hash).state;
    const second = issued(issueCode(spent, number, at(2), digits('654321'), hash)).state;

    // Act
    const oldCode = checkCode(second, number, '123456', at(3), hash);
    const newCode = checkCode(oldCode.state, number, '654321', at(3), hash);

    // Assess
    expect(second.checks).toBe(0);
    expect(oldCode).toMatchObject({ result: 'wrong-code', remainingChecks: 4 });
    expect(newCode.result).toBe('verified');
  });

  it('refuses a generator that does not give 6 digits, and a state read for another number', () => {
    // Act
    const badDigits = () => issueCode(undefined, number, at(0), digits('12345'), hash);
    const otherState = () => issueCode(withCode(), otherNumber, at(1), digits('111111'), hash);

    // Assess
    expect(badDigits).toThrow('randomDigits must return 6 digits');
    expect(otherState).toThrow('belongs to another number');
  });
});

describe('checkCode', () => {
  it('verifies the number with the right code and consumes the code', () => {
    // Prepare
    const state = withCode();

    // Act
    const check = checkCode(state, number, '123456', at(3), hash);

    // Assess
    expect(check.result).toBe('verified');
    expect(check.state).toEqual({ number, checks: 0, sentAt: [at(0).toISOString()], verifiedAt: at(3).toISOString(), version: 2 });
  });

  it('refuses to reuse a code that has verified the number', () => {
    // Prepare
    const verified = checkCode(withCode(), number, '123456', at(3), hash).state;

    // Act
    const again = checkCode(verified, number, '123456', at(4), hash);

    // Assess
    expect(again.result).toBe('no-code');
    expect(again.state).toBe(verified);
  });

  it('accepts the code until just before 10 minutes, and not at 10 minutes exactly', () => {
    // Prepare
    const state = withCode();

    // Act
    const justBefore = checkCode(state, number, '123456', new Date(at(10).getTime() - 1), hash);
    const atTen = checkCode(state, number, '123456', at(10), hash);

    // Assess
    expect(justBefore.result).toBe('verified');
    expect(atTen).toEqual({ result: 'expired', state });
  });

  it('counts wrong codes, and refuses the 6th check even with the right code', () => {
    // Prepare
    let state = withCode();
    const remaining: Array<number | undefined> = [];
    for (const wrong of ['000001', '000002', '000003', '000004', '000005']) {
      const check = checkCode(state, number, wrong, at(1), hash);
      expect(check.result).toBe('wrong-code');
      remaining.push(check.remainingChecks);
      state = check.state;
    }

    // Act
    const sixth = checkCode(state, number, '123456', at(2), hash);

    // Assess
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    expect(sixth).toEqual({ result: 'too-many-checks', state });
    expect(state).toMatchObject({ checks: 5, version: 6 });
  });

  it('verifies with the right code on the 5th check', () => {
    // Prepare
    let state = withCode();
    for (const wrong of ['000001', '000002', '000003', '000004']) state = checkCode(state, number, wrong, at(1), hash).state;

    // Act
    const fifth = checkCode(state, number, '123456', at(2), hash);

    // Assess
    expect(fifth.result).toBe('verified');
  });

  it.each(['12345', '1234567', 'abcdef', '', '12345x'])('does not spend a check on the malformed code %j', (malformed) => {
    // Prepare
    const state = withCode();

    // Act
    const check = checkCode(state, number, malformed, at(1), hash);

    // Assess
    expect(check).toEqual({ result: 'malformed-code', state, remainingChecks: 5 });
  });

  it.each(['123 456', ' 123-456 ', '１２３４５６'])('reads the code as people type it: %j', (typed) => {
    // Act
    const check = checkCode(withCode(), number, typed, at(1), hash);

    // Assess
    expect(check.result).toBe('verified');
  });

  it('has no code to check before one was issued', () => {
    // Act
    const check = checkCode(undefined, number, '123456', at(0), hash);

    // Assess
    expect(check).toEqual({ result: 'no-code', state: { number, checks: 0, sentAt: [], version: 0 } });
    expect(codeExpiresAt(check.state)).toBeUndefined();
  });

  it('does not accept the code of one number for another', () => {
    // Prepare
    const state = withCode();

    // Act
    const other = () => checkCode(state, otherNumber, '123456', at(1), hash);
    const forged = checkCode({ ...state, number: otherNumber }, otherNumber, '123456', at(1), hash);

    // Assess
    expect(other).toThrow('belongs to another number');
    expect(forged.result).toBe('wrong-code');
  });

  it('keeps the last verification when a new code is issued for re-verification', () => {
    // Prepare
    const verified = checkCode(withCode(), number, '123456', at(3), hash).state;

    // Act
    const reissued = issued(issueCode(verified, number, at(20), digits('777777'), hash)).state;

    // Assess
    expect(reissued).toMatchObject({ verifiedAt: at(3).toISOString(), codeIssuedAt: at(20).toISOString(), checks: 0, sentAt: [at(20).toISOString()] });
  });
});
