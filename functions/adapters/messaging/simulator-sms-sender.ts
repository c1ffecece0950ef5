// SMS on the local simulator (local runtime and tests): nothing leaves the process; messages land in an outbox.
import { randomUUID } from 'node:crypto';
import type { Clock } from '#ports/clock';
import { SmsDestinationRejectedError, SmsUnavailableError, type SmsKind, type SmsMessage, type SmsReceipt, type SmsSender } from '#ports/sms-sender';
import { systemClock } from '#adapters/system-clock';

/** One message as the simulator kept it: what `/_local/sms/outbox` shows. */
export interface OutboxSms {
  messageId: string;
  to: string;
  body: string;
  kind: SmsKind;
  /** ISO time, on the clock the simulator was given (the local runtime's campaign clock by default). */
  sentAt: string;
}

/** What the simulator answers for a number, as a provider would: refused destinations, or a provider that is down. */
export type SimulatedRefusal = 'opted-out' | 'blocked' | 'invalid' | 'throttled' | 'unavailable';

export interface SimulatorSmsOptions {
  clock?: Clock;
  newId?: () => string;
  /** The outbox keeps the latest messages only, so a long local run does not grow without end. */
  capacity?: number;
}

/** Numbers as the provider accepts them: E.164. */
const e164 = /^\+[1-9][0-9]{6,14}$/;

export class SimulatorSmsSender implements SmsSender {
  private readonly outbox: OutboxSms[] = [];
  private readonly refusals = new Map<string, SimulatedRefusal>();
  private readonly clock: Clock;
  private readonly newId: () => string;
  private readonly capacity: number;

  constructor(options: SimulatorSmsOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? randomUUID;
    this.capacity = options.capacity ?? 1_000;
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    const refusal = e164.test(message.to) ? this.refusals.get(message.to) : 'invalid';
    if (refusal === 'throttled' || refusal === 'unavailable') throw new SmsUnavailableError(refusal, 'Simulated');
    if (refusal) throw new SmsDestinationRejectedError(refusal, 'Simulated');
    const sent: OutboxSms = { messageId: this.newId(), to: message.to, body: message.body, kind: message.kind, sentAt: this.clock.now().toISOString() };
    this.outbox.push(sent);
    if (this.outbox.length > this.capacity) this.outbox.splice(0, this.outbox.length - this.capacity);
    return { messageId: sent.messageId };
  }

  /** The messages sent, oldest first; to one number when `to` is given. Copies: the outbox cannot be changed through them. */
  sent(to?: string): OutboxSms[] {
    return this.outbox.filter((message) => to === undefined || message.to === to).map((message) => ({ ...message }));
  }

  /** From now on, sending to `to` fails as the provider would; `undefined` lets it through again. */
  refuse(to: string, refusal: SimulatedRefusal | undefined): void {
    if (refusal) this.refusals.set(to, refusal);
    else this.refusals.delete(to);
  }

  /** Empties the outbox and forgets the refusals. */
  clear(): void {
    this.outbox.length = 0;
    this.refusals.clear();
  }
}
