// The SMS simulator: an outbox in memory, on the clock it is given, and refusals scripted per number.
import { describe, expect, it } from 'vitest';
import { SimulatorSmsSender } from '../../../functions/adapters/messaging/simulator-sms-sender.ts';
import { SmsDestinationRejectedError, SmsUnavailableError } from '../../../functions/ports/sms-sender.ts';

const alice = '+447700900301';
const bob = '+447700900302';

function simulator(capacity?: number) {
  let time = Date.parse('2026-03-02T10:00:00.000Z');
  let ids = 0;
  const sender = new SimulatorSmsSender({
    clock: { now: () => new Date(time) },
    newId: () => `sms-${(ids += 1)}`,
    ...(capacity ? { capacity } : {}),
  });
  return { sender, advanceSeconds: (seconds: number) => (time += seconds * 1000) };
}

describe('SimulatorSmsSender', () => {
  it('keeps every message sent, with its id and time, oldest first', async () => {
    // Prepare
    const { sender, advanceSeconds } = simulator();

    // Act
    const first = await sender.send({ to: alice, body: 'Your code is 123456.', kind: 'verification' });
    advanceSeconds(30);
    const second = await sender.send({ to: bob, body: 'Help: call 0800 000 000.', kind: 'help' });

    // Assess
    expect([first, second]).toEqual([{ messageId: 'sms-1' }, { messageId: 'sms-2' }]);
    expect(sender.sent()).toEqual([
      { messageId: 'sms-1', to: alice, body: 'Your code is 123456.', kind: 'verification', sentAt: '2026-03-02T10:00:00.000Z' },
      { messageId: 'sms-2', to: bob, body: 'Help: call 0800 000 000.', kind: 'help', sentAt: '2026-03-02T10:00:30.000Z' },
    ]);
    expect(sender.sent(bob).map((message) => message.messageId)).toEqual(['sms-2']);
  });

  it('hands out copies: what a reader changes does not change the outbox', async () => {
    // Prepare
    const { sender } = simulator();
    await sender.send({ to: alice, body: 'Your code is 123456.', kind: 'verification' });

    // Act
    sender.sent()[0]!.body = 'changed';
    sender.sent().length = 0;

    // Assess
    expect(sender.sent()).toHaveLength(1);
    expect(sender.sent()[0]!.body).toBe('Your code is 123456.');
  });

  it('refuses numbers as the provider would, and sends to them again once the refusal is lifted', async () => {
    // Prepare
    const { sender } = simulator();
    sender.refuse(alice, 'opted-out');
    sender.refuse(bob, 'throttled');

    // Act
    const optedOut = await sender.send({ to: alice, body: 'Your code is 123456.', kind: 'verification' }).catch((caught: unknown) => caught);
    const throttled = await sender.send({ to: bob, body: 'Your code is 123456.', kind: 'verification' }).catch((caught: unknown) => caught);
    const invalid = await sender.send({ to: '07700 900301', body: 'Your code is 123456.', kind: 'verification' }).catch((caught: unknown) => caught);
    sender.refuse(alice, undefined);
    await sender.send({ to: alice, body: 'Welcome back.', kind: 'opt-in-confirmation' });

    // Assess
    expect(optedOut).toBeInstanceOf(SmsDestinationRejectedError);
    expect(optedOut).toMatchObject({ reason: 'opted-out' });
    expect(throttled).toBeInstanceOf(SmsUnavailableError);
    expect(throttled).toMatchObject({ reason: 'throttled' });
    expect(invalid).toMatchObject({ name: 'SmsDestinationRejectedError', reason: 'invalid' });
    expect(sender.sent().map((message) => message.body)).toEqual(['Welcome back.']);
  });

  it('keeps only the latest messages beyond its capacity, and empties on clear', async () => {
    // Prepare
    const { sender } = simulator(2);
    for (const body of ['one', 'two', 'three']) await sender.send({ to: alice, body, kind: 'help' });
    const kept = sender.sent().map((message) => message.body);

    // Act
    sender.clear();

    // Assess
    expect(kept).toEqual(['two', 'three']);
    expect(sender.sent()).toEqual([]);
  });
});
