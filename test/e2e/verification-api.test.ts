// Verifying a number by a one-time code through the local HTTP API: the code is read from the simulated SMS outbox,
// and a right code shows in the number's consent state and ledger.
//
// Campaign time is shared with the other tests, whose campaigns make it jump ahead whenever the runtime is idle. A
// scenario that assumes it all happens within 10 minutes is therefore run again on a fresh number when campaign time
// moved 10 minutes or more while it ran; its assertions are made only on a run that fits.
import { describe, expect, inject, it } from 'vitest';
import { authorization, call, type ApiReply } from '../support/api.ts';
import { mobileNumber } from '../support/phone-numbers.ts';

const codeMessage = /^Your contactable verification code is (\d{6})\. It expires in 10 minutes\.$/;
const tenMinutes = 10 * 60_000;

const verification = (number: string) => `/numbers/${encodeURIComponent(number)}/verification`;

async function campaignNow(): Promise<number> {
  return Date.parse((await call('GET', '/_local/clock')).body.now);
}

async function outbox(number: string): Promise<any[]> {
  const reply = await call('GET', `/_local/sms/outbox?to=${encodeURIComponent(number)}`);
  if (reply.status !== 200) throw new Error(`outbox answered ${reply.status}`);
  return reply.body.messages;
}

/** The code in the latest message to `number`. */
async function latestCode(number: string): Promise<string> {
  const code = codeMessage.exec((await outbox(number)).at(-1)?.body ?? '')?.[1];
  if (code === undefined) throw new Error('no verification code in the outbox');
  return code;
}

/** A 6-digit code that is not `code`. */
const otherThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** A send, with the Retry-After header the shared `call` does not show. */
async function sendCode(number: string): Promise<ApiReply & { retryAfter: string | null }> {
  const response = await fetch(`${inject('apiUrl')}${verification(number)}`, { method: 'POST', headers: await authorization() });
  return { status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after') };
}

/** Runs `act` on a fresh number until campaign time moved less than 10 minutes meanwhile. */
async function withinTenMinutes<T>(act: (number: string) => Promise<T>): Promise<T & { number: string }> {
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const number = mobileNumber();
    const before = await campaignNow();
    const observed = await act(number);
    if ((await campaignNow()) - before < tenMinutes) return { ...observed, number };
  }
  throw new Error('campaign time kept jumping 10 minutes or more during the scenario');
}

describe('verification API', () => {
  it('sends a code by SMS, refuses a wrong one, verifies with the right one, and the consent ledger shows it', async () => {
    // Act
    const run = await withinTenMinutes(async (number) => {
      const sent = await call('POST', verification(number));
      const messages = await outbox(number);
      const code = await latestCode(number);
      const wrong = await call('POST', `${verification(number)}/check`, { code: otherThan(code) });
      const right = await call('POST', `${verification(number)}/check`, { code: `${code.slice(0, 3)} ${code.slice(3)}` });
      const consents = await call('GET', `/numbers/${encodeURIComponent(number)}/consents`);
      return { sent, messages, wrong, right, consents };
    });

    // Assess: the code went to this number only, and expires 10 minutes after it was sent (campaign time)
    const { sent, messages, wrong, right, consents, number } = run;
    expect(sent.status).toBe(202);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ to: number, kind: 'verification', body: expect.stringMatching(codeMessage) });
    expect(sent.body).toEqual({ number, expiresAt: new Date(Date.parse(messages[0].sentAt) + tenMinutes).toISOString(), remainingSends: 4 });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: 'wrong_code', remainingChecks: 4 });
    expect(right.status).toBe(200);
    expect(right.body).toEqual({ number, result: 'verified', verifiedAt: expect.any(String) });
    expect(consents.status).toBe(200);
    expect(consents.body.state.verifiedAt).toBe(right.body.verifiedAt);
    expect(consents.body.entries).toEqual([expect.objectContaining({ change: { type: 'verified' }, source: 'api', actor: 'user:local-administrator', at: right.body.verifiedAt })]);
  });

  it('refuses the 6th send within 10 minutes with 429, retryAt and Retry-After, and texts nothing more', async () => {
    // Act
    const run = await withinTenMinutes(async (number) => {
      const sends = [];
      for (let send = 0; send < 5; send += 1) sends.push(await sendCode(number));
      const sixth = await sendCode(number);
      return { sends, sixth, messages: await outbox(number) };
    });

    // Assess: the first send leaves the rolling window 10 minutes after it was sent
    const { sends, sixth, messages } = run;
    expect(sends.map((send) => [send.status, send.body.remainingSends])).toEqual([
      [202, 4],
      [202, 3],
      [202, 2],
      [202, 1],
      [202, 0],
    ]);
    expect(messages).toHaveLength(5);
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({ error: 'too_many_requests', limit: 'send_limit', retryAt: new Date(Date.parse(messages[0].sentAt) + tenMinutes).toISOString() });
    expect(Number(sixth.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(sixth.retryAfter)).toBeLessThanOrEqual(600);
  });

  it('refuses even the right code after five wrong ones, and records no verification', async () => {
    // Act
    const run = await withinTenMinutes(async (number) => {
      await call('POST', verification(number));
      const code = await latestCode(number);
      const wrongs = [];
      for (let check = 0; check < 5; check += 1) wrongs.push(await call('POST', `${verification(number)}/check`, { code: otherThan(code) }));
      const right = await call('POST', `${verification(number)}/check`, { code });
      const consents = await call('GET', `/numbers/${encodeURIComponent(number)}/consents`);
      return { wrongs, right, consents };
    });

    // Assess
    const { wrongs, right, consents } = run;
    expect(wrongs.map((wrong) => [wrong.status, wrong.body.remainingChecks])).toEqual([
      [400, 4],
      [400, 3],
      [400, 2],
      [400, 1],
      [400, 0],
    ]);
    expect(right.status).toBe(429);
    expect(right.body).toMatchObject({ error: 'too_many_requests', limit: 'check_limit', remainingChecks: 0 });
    expect(consents.body.state).toBeNull();
    expect(consents.body.entries).toEqual([]);
  });

  it('refuses the right code once campaign time is 10 minutes past the send', async () => {
    // Prepare
    const number = mobileNumber();
    expect((await call('POST', verification(number))).status).toBe(202);
    const [message] = await outbox(number);
    const code = await latestCode(number);
    const expiry = Date.parse(message.sentAt) + tenMinutes;

    // Act: move the shared clock on (forward only) until it stands at the expiry or later
    await call('POST', '/_local/clock', { advanceMinutes: 10 });
    for (let attempt = 0; attempt < 500 && (await campaignNow()) < expiry; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    const late = await call('POST', `${verification(number)}/check`, { code });

    // Assess
    expect(await campaignNow()).toBeGreaterThanOrEqual(expiry);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: 'code_expired' });
  });

  it('answers 409 for a check with no code sent, and 400 for a body without a code', async () => {
    // Prepare
    const number = mobileNumber();

    // Act
    const noCode = await call('POST', `${verification(number)}/check`, { code: '123456' });
    const noBody = await call('POST', `${verification(number)}/check`, {});

    // Assess
    expect(noCode.status).toBe(409);
    expect(noCode.body).toMatchObject({ error: 'no_code' });
    expect(noBody.status).toBe(400);
    expect(noBody.body).toMatchObject({ error: 'invalid_input', field: 'code' });
  });
});
