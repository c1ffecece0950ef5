// The dialling rules of DESIGN §5 on their own: the acceptance vectors T1–T4 of DESIGN §8 call by call.
import { describe, it, expect } from 'vitest';
import type { CallStatus } from '#domain/dialer/call-status';
import { buildCampaignSettings } from '#domain/dialer/campaign';
import { afterCall, skipPhone, startDialling, type DialRules, type DialStep, type PhoneToPlan } from '#domain/dialer/dial-plan';

const phones: PhoneToPlan[] = [
  { number: '+33612345678', label: 'Primary' },
  { number: '+33140000000', label: 'Office', itemTypeId: 'office' },
  { number: '+33240000000', label: 'Holiday', itemTypeId: 'holiday' },
];

/** DESIGN §8 setup: every retry delay 2, additional phone delay 1, NO_ANSWER max 3, global max 4. */
function seedRules(overrides: { retries?: Record<string, { maxRetries?: number }> } = {}): DialRules {
  const retries = Object.fromEntries(['NO_ANSWER', 'BUSY', 'CONGESTION', 'NO_SUCH_NUMBER', 'DROP', 'ABANDONED', 'MACHINE', 'AGENT_REJECT'].map((status) => [status, { retryDelayMinutes: 2, ...overrides.retries?.[status] }]));
  return buildCampaignSettings({ additionalPhoneDelayMinutes: 1, globalMaxRetries: 4, retries: { ...retries, NO_ANSWER: { maxRetries: 3, retryDelayMinutes: 2, ...overrides.retries?.NO_ANSWER } } });
}

interface Call {
  at: string;
  phone: string;
  status: CallStatus;
  round: number;
}

/** Calls take no time: each ends when it starts. `outcome(n, label)` gives the status of call n (1-based). */
function runContact(rules: DialRules, outcome: (call: number, label: string) => CallStatus): { calls: Call[]; last: DialStep } {
  let step = startDialling(phones, new Date('2025-03-03T10:00:00Z'));
  const calls: Call[] = [];
  while (step.next.kind === 'call') {
    const { phoneIndex, at } = step.next;
    const label = step.state.phones[phoneIndex]!.label;
    const status = outcome(calls.length + 1, label);
    calls.push({ at: at.slice(11, 16), phone: label, status, round: step.state.round });
    step = afterCall(step.state, rules, phoneIndex, status, new Date(at));
    if (calls.length > 50) throw new Error('never closes');
  }
  return { calls, last: step };
}

const finalOf = ({ last }: { last: DialStep }) => {
  if (last.next.kind !== 'close') throw new Error('not closed');
  const phone = last.state.phones[last.state.lastDialled!]!;
  return { phone: phone.label, status: last.state.lastStatus, reason: last.next.reason, closedAt: last.next.at.slice(11, 16), counters: phone.counters };
};

describe('dial plan', () => {
  it('T1: every call NO_ANSWER dials P O H three times, then closes on Holiday with MAX_RETRIES_NO_ANSWER', () => {
    // Act
    const run = runContact(seedRules(), () => 'NO_ANSWER');

    // Assess
    expect(run.calls.map((call) => `${call.at} ${call.phone}`)).toEqual([
      '10:00 Primary', '10:01 Office', '10:02 Holiday',
      '10:04 Primary', '10:05 Office', '10:06 Holiday',
      '10:08 Primary', '10:09 Office', '10:10 Holiday',
    ]);
    expect(run.calls.map((call) => call.round)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(finalOf(run)).toEqual({ phone: 'Holiday', status: 'NO_ANSWER', reason: 'MAX_RETRIES_NO_ANSWER', closedAt: '10:10', counters: { byStatus: { NO_ANSWER: 3 }, global: 3 } });
  });

  it('T2: the fourth call answered closes at 10:04 as REACHED on the primary', () => {
    // Act
    const run = runContact(seedRules(), (call) => (call === 4 ? 'REACHED' : 'NO_ANSWER'));

    // Assess
    expect(run.calls).toHaveLength(4);
    expect(finalOf(run)).toMatchObject({ phone: 'Primary', status: 'REACHED', reason: 'REACHED', closedAt: '10:04' });
  });

  it('T3: an office number that does not exist is dropped after one call; later rounds are P then H', () => {
    // Act
    const run = runContact(seedRules({ retries: { NO_SUCH_NUMBER: { maxRetries: 1 } } }), (call) => (call === 2 ? 'NO_SUCH_NUMBER' : 'NO_ANSWER'));

    // Assess
    expect(run.calls.map((call) => `${call.at} ${call.phone}`)).toEqual(['10:00 Primary', '10:01 Office', '10:02 Holiday', '10:04 Primary', '10:05 Holiday', '10:07 Primary', '10:08 Holiday']);
    expect(run.last.state.phones[1]!.exhausted).toBe('MAX_RETRIES_NO_SUCH_NUMBER');
    expect(finalOf(run)).toMatchObject({ phone: 'Holiday', reason: 'MAX_RETRIES_NO_ANSWER' });
  });

  it('T4: with NO_ANSWER allowed 5 times, the global limit of 4 closes after 12 calls', () => {
    // Act
    const run = runContact(seedRules({ retries: { NO_ANSWER: { maxRetries: 5 } } }), () => 'NO_ANSWER');

    // Assess
    expect(run.calls).toHaveLength(12);
    expect(finalOf(run)).toMatchObject({ phone: 'Holiday', reason: 'MAX_RETRIES_GLOBAL', counters: { byStatus: { NO_ANSWER: 4 }, global: 4 } });
  });

  it('the per-status reason wins when the status limit and the global limit are reached by the same call', () => {
    // Act
    const run = runContact(seedRules({ retries: { NO_ANSWER: { maxRetries: 4 } } }), () => 'NO_ANSWER');

    // Assess
    expect(finalOf(run)).toMatchObject({ reason: 'MAX_RETRIES_NO_ANSWER', counters: { global: 4 } });
  });

  it('the next round waits the retry delay of the status of the round’s last call', () => {
    // Prepare
    const rules = seedRules();
    rules.retries.BUSY = { maxRetries: 3, retryDelayMinutes: 30 };

    // Act
    const run = runContact(rules, (call) => (call === 3 ? 'BUSY' : 'NO_ANSWER'));

    // Assess
    expect(run.calls[3]).toMatchObject({ at: '10:32', phone: 'Primary', round: 2 });
  });

  it('a skipped phone counts nothing and the round goes on with the next phone', () => {
    // Prepare
    const rules = seedRules();
    let step = startDialling(phones, new Date('2025-03-03T10:00:00Z'));
    step = afterCall(step.state, rules, 0, 'NO_ANSWER', new Date('2025-03-03T10:00:00Z'));

    // Act
    const skipped = skipPhone(step.state, rules, new Date('2025-03-03T10:01:00Z'));

    // Assess
    expect(skipped.next).toEqual({ kind: 'call', phoneIndex: 2, at: '2025-03-03T10:01:00.000Z' });
    expect(skipped.state.phones[1]!.counters).toEqual({ byStatus: {}, global: 0 });
  });

  it('a round in which every phone is skipped closes the contact with NO_CALLABLE_PHONES instead of looping', () => {
    // Prepare
    const rules = seedRules();
    let step = startDialling(phones, new Date('2025-03-03T10:00:00Z'));

    // Act
    for (let skips = 0; skips < 3 && step.next.kind === 'call'; skips += 1) step = skipPhone(step.state, rules, new Date('2025-03-03T10:00:00Z'));

    // Assess
    expect(step.next).toMatchObject({ kind: 'close', reason: 'NO_CALLABLE_PHONES' });
  });

  it('a contact without phones closes at once with NO_CALLABLE_PHONES', () => {
    // Act
    const step = startDialling([], new Date('2025-03-03T10:00:00Z'));

    // Assess
    expect(step.next).toEqual({ kind: 'close', reason: 'NO_CALLABLE_PHONES', at: '2025-03-03T10:00:00.000Z' });
  });
});
