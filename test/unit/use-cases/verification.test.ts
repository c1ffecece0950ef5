// Verification use cases against in-memory ports: sending (limit, races, provider refusals) and checking (wrong,
// malformed, expired, too many checks, used), and the `verified` ledger entry a right code appends.
import { describe, expect, it } from 'vitest';
import { emptyConsentState } from '#domain/consent/consent-ledger';
import { ConflictError, InvalidInputError, ServiceUnavailableError, TooManyRequestsError, VerificationCodeRejectedError } from '#domain/errors';
import { checkVerificationCode, sendVerificationCode, type VerificationDependencies } from '#domain/use-cases/verification/verification';
import { sha256CodeHasher } from '#domain/verification/one-time-code';
import { SmsSendUncertainError, type SmsMessage, type SmsReceipt, type SmsSender } from '#ports/sms-sender';
import { SimulatorSmsSender } from '#adapters/messaging/simulator-sms-sender';
import { CounterIdGenerator } from '../fakes/counter-id-generator.ts';
import { FixedClock } from '../fakes/fixed-clock.ts';
import { InMemoryConsentStore } from '../fakes/in-memory-consent-store.ts';
import { InMemoryVerificationStore } from '../fakes/in-memory-verification-store.ts';
import { RecordingOperationsLog } from '../fakes/recording-operations-log.ts';

const number = '+447400200001';
/** The same number as a person in the UK types it. */
const typed = '07400 200001';
const start = '2026-03-02T10:00:00.000Z';
const actor = 'user:agent-7';

function setUp(options: { codes?: string[]; sms?: SmsSender } = {}) {
  const clock = new FixedClock(start);
  const codes = [...(options.codes ?? ['123456', '234567', '345678', '456789', '567890', '678901'])];
  const verifications = new InMemoryVerificationStore();
  const consent = new InMemoryConsentStore();
  const outbox = new SimulatorSmsSender({ clock });
  const log = new RecordingOperationsLog();
  const deps: VerificationDependencies = {
    verifications,
    sms: options.sms ?? outbox,
    consent,
    clock,
    ids: new CounterIdGenerator(),
    log,
    defaultRegion: 'GB',
    randomDigits: () => codes.shift() ?? '000000',
    hashCode: sha256CodeHasher,
  };
  return { deps, clock, verifications, consent, outbox, log };
}

/** The error a promise rejects with, to assert on its fields. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('sendVerificationCode', () => {
  it('texts a fresh code to the normalised number and stores only its hash', async () => {
    // Prepare
    const { deps, outbox, verifications } = setUp({ codes: ['048213'] });

    // Act
    const sent = await sendVerificationCode(deps, typed, actor);

    // Assess
    expect(sent).toEqual({ number, expiresAt: '2026-03-02T10:10:00.000Z', remainingSends: 4 });
    expect(outbox.sent()).toEqual([expect.objectContaining({ to: number, kind: 'verification', body: 'Your contactable verification code is 048213. It expires in 10 minutes.' })]);
    const stored = verifications.stored(number);
    expect(stored).toMatchObject({ number, codeIssuedAt: start, checks: 0, sentAt: [start], version: 1 });
    expect(JSON.stringify(stored)).not.toContain('048213');
  });

  it('texts nothing to a number whose stop request in words waits for an agent', async () => {
    // Prepare
    const { deps, outbox, consent } = setUp({ codes: ['048213'] });
    await consent.replaceState(undefined, { ...emptyConsentState(number, start), reviewFlagRaisedAt: start, revision: 1 });

    // Act
    const refused = sendVerificationCode(deps, typed, actor);

    // Assess
    await expect(refused).rejects.toThrow(ConflictError);
    expect(outbox.sent()).toEqual([]);
  });

  it('refuses the 6th send within 10 minutes with the time the next is allowed, and texts nothing', async () => {
    // Prepare
    const { deps, clock, outbox } = setUp();
    for (let send = 0; send < 5; send += 1) {
      await sendVerificationCode(deps, number, actor);
      clock.advanceMinutes(1);
    }

    // Act
    const refusal = await rejectionOf(sendVerificationCode(deps, number, actor));

    // Assess: the first send leaves the window at 10:10, five minutes after 10:05
    expect(refusal).toBeInstanceOf(TooManyRequestsError);
    expect(refusal).toMatchObject({ limit: 'send_limit', retry: { at: new Date('2026-03-02T10:10:00.000Z'), afterSeconds: 300 } });
    expect(outbox.sent(number)).toHaveLength(5);
  });

  it('reads again and issues anew when another send wrote first, and texts the code that was stored', async () => {
    // Prepare: a rival send lands between this send's read and its write
    const { deps, verifications, outbox } = setUp({ codes: ['111111', '222222'] });
    verifications.rivalBeforeNextPuts((store) => store.overwrite({ number, checks: 0, sentAt: [start], codeHash: 'rival', codeIssuedAt: start, version: 1 }));

    // Act
    const sent = await sendVerificationCode(deps, number, actor);

    // Assess: one message, with the second code, which is the one that verifies
    expect(sent.remainingSends).toBe(3);
    expect(outbox.sent().map((message) => message.body)).toEqual([expect.stringContaining('222222')]);
    await expect(checkVerificationCode(deps, number, '222222', actor)).resolves.toMatchObject({ result: 'verified' });
  });

  it('answers a conflict when the provider refuses an opted-out number, counts the send, and keeps the earlier code working', async () => {
    // Prepare
    const { deps, outbox, verifications } = setUp({ codes: ['111111', '222222'] });
    await sendVerificationCode(deps, number, actor);
    outbox.refuse(number, 'opted-out');

    // Act
    const refusal = await rejectionOf(sendVerificationCode(deps, number, actor));

    // Assess
    expect(refusal).toBeInstanceOf(ConflictError);
    expect(refusal).toMatchObject({ details: { reason: 'sms_opted_out' } });
    expect(verifications.stored(number)?.sentAt).toHaveLength(2);
    await expect(checkVerificationCode(deps, number, '222222', actor)).rejects.toMatchObject({ reason: 'wrong-code' });
    await expect(checkVerificationCode(deps, number, '111111', actor)).resolves.toMatchObject({ result: 'verified' });
  });

  it('answers 400-style invalid input for a number the provider cannot text, and 503-style unavailable when it is throttled', async () => {
    // Prepare
    const { deps, outbox } = setUp();
    const other = '+447400200002';
    outbox.refuse(number, 'invalid');
    outbox.refuse(other, 'throttled');

    // Act
    const invalid = await rejectionOf(sendVerificationCode(deps, number, actor));
    const throttled = await rejectionOf(sendVerificationCode(deps, other, actor));

    // Assess
    expect(invalid).toBeInstanceOf(InvalidInputError);
    expect(invalid).toMatchObject({ field: 'number' });
    expect(throttled).toBeInstanceOf(ServiceUnavailableError);
    expect(throttled).toMatchObject({ service: 'sms' });
    expect(outbox.sent()).toEqual([]);
  });

  it('keeps the code when the provider cannot say whether it sent it: it works if it arrives', async () => {
    // Prepare: a provider that may have sent it
    const uncertain: SmsSender = {
      send: async (_message: SmsMessage): Promise<SmsReceipt> => {
        throw new SmsSendUncertainError('InternalServerException');
      },
    };
    const { deps, log } = setUp({ codes: ['424242'], sms: uncertain });

    // Act
    const sent = await sendVerificationCode(deps, number, actor);

    // Assess
    expect(sent.expiresAt).toBe('2026-03-02T10:10:00.000Z');
    expect(log.messages()).toContain('verification code may not have been sent');
    await expect(checkVerificationCode(deps, number, '424242', actor)).resolves.toMatchObject({ result: 'verified' });
  });

  it('counts nothing when the deployment has no SMS sender', async () => {
    // Prepare: the composition root's getter throws, as smsSender() does without an origination identity
    const { deps, verifications } = setUp();
    const unconfigured: VerificationDependencies = {
      ...deps,
      get sms(): SmsSender {
        throw new ServiceUnavailableError('SMS is not configured in this deployment', 'sms');
      },
    };

    // Act
    const refusal = await rejectionOf(sendVerificationCode(unconfigured, number, actor));

    // Assess
    expect(refusal).toBeInstanceOf(ServiceUnavailableError);
    expect(verifications.stored(number)).toBeUndefined();
  });

  it('logs neither the number nor the code', async () => {
    // Prepare
    const { deps, log } = setUp({ codes: ['987654'] });

    // Act
    await sendVerificationCode(deps, number, actor);
    await checkVerificationCode(deps, number, '000000', actor).catch(() => undefined);
    await checkVerificationCode(deps, number, '987654', actor);

    // Assess
    expect(log.messages()).toEqual(['verification code sent', 'verification code refused', 'number verified']);
    expect(log.text()).not.toContain('7400200001');
    expect(log.text()).not.toContain('987654');
  });
});

describe('checkVerificationCode', () => {
  it('verifies with the right code: a `verified` ledger entry by the caller, verifiedAt on the state, the stale mark cleared', async () => {
    // Prepare: the number was marked stale before
    const { deps, clock, consent } = setUp({ codes: ['123456'] });
    const before = emptyConsentState(number, start);
    await consent.replaceState(undefined, before);
    await consent.markStale(before, { ...before, revision: 1, staleSince: '2026-02-01T00:00:00.000Z' });
    await sendVerificationCode(deps, number, actor);
    clock.advanceMinutes(3);

    // Act
    const verified = await checkVerificationCode(deps, typed, '123 456', actor);

    // Assess
    expect(verified).toEqual({ number, result: 'verified', verifiedAt: '2026-03-02T10:03:00.000Z' });
    expect(consent.ledger.get(number)).toEqual([
      { sequence: 1, eventId: 'id-1', number, contactId: undefined, change: { type: 'verified' }, at: verified.verifiedAt, recordedAt: verified.verifiedAt, source: 'api', evidence: {}, actor },
    ]);
    const state = (await consent.getStates([number])).get(number);
    expect(state).toMatchObject({ verifiedAt: verified.verifiedAt, sequence: 1 });
    expect(state?.staleSince).toBeUndefined();
    expect((await consent.listReverificationQueue(10, undefined)).items).toEqual([]);
  });

  it('answers a wrong code with the checks left, and the right code still works after it', async () => {
    // Prepare
    const { deps, consent } = setUp({ codes: ['123456'] });
    await sendVerificationCode(deps, number, actor);

    // Act
    const wrong = await rejectionOf(checkVerificationCode(deps, number, '654321', actor));
    const right = await checkVerificationCode(deps, number, '123456', actor);

    // Assess
    expect(wrong).toBeInstanceOf(VerificationCodeRejectedError);
    expect(wrong).toMatchObject({ reason: 'wrong-code', remainingChecks: 4 });
    expect(right.result).toBe('verified');
    expect(consent.ledger.get(number)).toHaveLength(1);
  });

  it('does not spend a check on a code that is not 6 digits', async () => {
    // Prepare
    const { deps, verifications } = setUp({ codes: ['123456'] });
    await sendVerificationCode(deps, number, actor);

    // Act
    const malformed = await rejectionOf(checkVerificationCode(deps, number, '12345', actor));

    // Assess
    expect(malformed).toMatchObject({ reason: 'malformed-code', remainingChecks: 5 });
    expect(verifications.stored(number)).toMatchObject({ checks: 0, version: 1 });
  });

  it('refuses even the right code after five wrong ones, and appends nothing', async () => {
    // Prepare
    const { deps, consent } = setUp({ codes: ['123456'] });
    await sendVerificationCode(deps, number, actor);
    const remaining: unknown[] = [];
    for (let check = 0; check < 5; check += 1) remaining.push(((await rejectionOf(checkVerificationCode(deps, number, '000000', actor))) as VerificationCodeRejectedError).remainingChecks);

    // Act
    const refusal = await rejectionOf(checkVerificationCode(deps, number, '123456', actor));

    // Assess
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    expect(refusal).toBeInstanceOf(TooManyRequestsError);
    expect(refusal).toMatchObject({ limit: 'check_limit', details: { remainingChecks: 0 } });
    expect(consent.ledger.get(number)).toBeUndefined();
  });

  it('refuses the code 10 minutes after it was sent', async () => {
    // Prepare
    const { deps, clock, consent } = setUp({ codes: ['123456'] });
    await sendVerificationCode(deps, number, actor);
    clock.advanceMinutes(10);

    // Act
    const expired = await rejectionOf(checkVerificationCode(deps, number, '123456', actor));

    // Assess
    expect(expired).toMatchObject({ reason: 'expired' });
    expect(consent.ledger.get(number)).toBeUndefined();
  });

  it('refuses a check when no code was sent, and a used code the second time', async () => {
    // Prepare
    const { deps, consent } = setUp({ codes: ['123456'] });
    const neverSent = await rejectionOf(checkVerificationCode(deps, number, '123456', actor));
    await sendVerificationCode(deps, number, actor);
    await checkVerificationCode(deps, number, '123456', actor);

    // Act
    const used = await rejectionOf(checkVerificationCode(deps, number, '123456', actor));

    // Assess
    expect(neverSent).toMatchObject({ reason: 'no-code' });
    expect(used).toMatchObject({ reason: 'no-code' });
    expect(consent.ledger.get(number)).toHaveLength(1);
  });

  it('spends one check per wrong code even when a rival check wrote in between', async () => {
    // Prepare: a rival wrong check lands between this check's read and its write
    const { deps, verifications } = setUp({ codes: ['123456'] });
    await sendVerificationCode(deps, number, actor);
    verifications.rivalBeforeNextPuts((store) => {
      const current = store.stored(number)!;
      store.overwrite({ ...current, checks: current.checks + 1, version: current.version + 1 });
    });

    // Act
    const wrong = await rejectionOf(checkVerificationCode(deps, number, '000000', actor));

    // Assess: the rival's check and this one both count
    expect(wrong).toMatchObject({ reason: 'wrong-code', remainingChecks: 3 });
    expect(verifications.stored(number)).toMatchObject({ checks: 2, version: 3 });
  });
});
