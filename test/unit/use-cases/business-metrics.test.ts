// The business counts over in-memory ports and the counting Metrics fake: calls placed by status, contacts closed by
// reason, opt-outs by source — each counted once per event, however often its delivery comes.
import { describe, expect, it } from 'vitest';
import { SimulatorSmsSender } from '#adapters/messaging/simulator-sms-sender';
import { consentPurposes } from '#domain/consent/consent-ledger';
import type { CallStatus } from '#domain/dialer/call-status';
import { attemptIdOf, type WorkflowData } from '#domain/dialer/workflow-data';
import { recordConsentChange } from '#domain/use-cases/consent/consents';
import { handleInboundSms, reviewStopRequest, type InboundSmsDependencies } from '#domain/use-cases/consent/inbound-sms';
import { placeCall } from '#domain/use-cases/dialer/place-call';
import { recordCallOutcome } from '#domain/use-cases/dialer/record-call-outcome';
import { recordLostCall } from '#domain/use-cases/dialer/record-lost-call';
import { CounterIdGenerator } from '../fakes/counter-id-generator.ts';
import { CountingMetrics } from '../fakes/counting-metrics.ts';
import { FixedClock } from '../fakes/fixed-clock.ts';
import { InMemoryConsentStore } from '../fakes/in-memory-consent-store.ts';
import { InMemoryContactRepository } from '../fakes/in-memory-contact-repository.ts';
import { RecordingOperationsLog } from '../fakes/recording-operations-log.ts';
import { callTask, dialerSetup, executionOf, seedWorkflow, type DialerSetup } from './dialer/dialer-fixtures.ts';

/** Runs the contact's execution as the state machine would: each call placed, its outcome delivered `deliveries` times. */
async function runContact(setup: DialerSetup, status: (call: number) => CallStatus, deliveries: number): Promise<WorkflowData> {
  let workflow = seedWorkflow();
  for (let call = 1; workflow.next.kind === 'call'; call += 1) {
    setup.clock.advanceMinutes(Math.max(0, (Date.parse(workflow.next.at) - setup.clock.now().getTime()) / 60_000));
    const phone = workflow.dial.phones[workflow.next.phoneIndex]!.number;
    const providerCallId = `provider-${call}`;
    setup.telephony.script(phone, { providerCallId });
    expect(await placeCall(setup.deps, callTask(workflow))).toBe('placed');
    const outcome = { attemptId: attemptIdOf(executionOf(workflow), workflow.attempt), providerCallId, status: status(call), endedAt: setup.clock.now().toISOString() };
    for (let delivery = 0; delivery < deliveries; delivery += 1) await recordCallOutcome(setup.deps, outcome);
    workflow = setup.workflows.resumedOutputs().at(-1)!;
  }
  return workflow;
}

describe('dialer counts', () => {
  it("counts T1's nine NO_ANSWER calls and its one closure, once each though every outcome comes twice", async () => {
    // Prepare
    const setup = dialerSetup();

    // Act
    const closed = await runContact(setup, () => 'NO_ANSWER', 2);

    // Assess
    expect(closed.next).toMatchObject({ kind: 'close', reason: 'MAX_RETRIES_NO_ANSWER' });
    expect(setup.calls.historyRows()).toHaveLength(9);
    expect(setup.metrics.total('CallsPlaced')).toBe(9);
    expect(setup.metrics.breakdown('CallsPlaced', 'status')).toEqual({ NO_ANSWER: 9 });
    expect(setup.metrics.breakdown('ContactsClosed', 'reason')).toEqual({ MAX_RETRIES_NO_ANSWER: 1 });
  });

  it("counts T2: three calls unanswered, the fourth reached, the contact closed REACHED", async () => {
    // Prepare
    const setup = dialerSetup();

    // Act
    await runContact(setup, (call) => (call === 4 ? 'REACHED' : 'NO_ANSWER'), 1);

    // Assess
    expect(setup.metrics.breakdown('CallsPlaced', 'status')).toEqual({ NO_ANSWER: 3, REACHED: 1 });
    expect(setup.metrics.breakdown('ContactsClosed', 'reason')).toEqual({ REACHED: 1 });
  });

  it('counts a call whose outcome never came as one DROP, however often the timeout is settled', async () => {
    // Prepare
    const setup = dialerSetup();
    const workflow = seedWorkflow();
    expect(await placeCall(setup.deps, callTask(workflow))).toBe('placed');

    // Act
    for (let settling = 0; settling < 2; settling += 1) await recordLostCall(setup.deps, { executionName: executionOf(workflow), workflow, error: 'States.Timeout' });

    // Assess
    expect(setup.metrics.breakdown('CallsPlaced', 'status')).toEqual({ DROP: 1 });
    expect(setup.metrics.total('ContactsClosed')).toBe(0);
  });

  it('counts no call for a number passed over before dialling, and the closure it causes once', async () => {
    // Prepare: the only number's voice consent withdrawn before the call task runs
    const setup = dialerSetup();
    const workflow = seedWorkflow({ phones: [{ number: '+33612345678', label: 'Primary' }] });
    await recordConsentChange(
      { consent: setup.consent, contacts: new InMemoryContactRepository(), ids: new CounterIdGenerator(), clock: setup.clock, log: setup.log, defaultRegion: 'FR', metrics: new CountingMetrics() },
      { number: '+33612345678', action: 'withdraw', channels: ['voice'], purposes: [...consentPurposes], source: 'api', actor: 'user:test' },
    );

    // Act
    const first = await placeCall(setup.deps, callTask(workflow));
    const second = await placeCall(setup.deps, callTask(workflow));

    // Assess
    expect([first, second]).toEqual(['skipped', 'duplicate']);
    expect(setup.metrics.total('CallsPlaced')).toBe(0);
    expect(setup.metrics.breakdown('ContactsClosed', 'reason')).toEqual({ NO_CALLABLE_PHONES: 1 });
  });
});

describe('opt-out counts', () => {
  const number = '+33612345678';
  const now = '2026-03-03T14:00:00.000Z';

  async function consentSetup() {
    const metrics = new CountingMetrics();
    const deps: InboundSmsDependencies = { consent: new InMemoryConsentStore(), contacts: new InMemoryContactRepository(), ids: new CounterIdGenerator(), clock: new FixedClock(now), log: new RecordingOperationsLog(), defaultRegion: 'FR', sms: new SimulatorSmsSender(), metrics };
    await recordConsentChange(deps, { number, action: 'grant', channels: ['sms', 'voice'], purposes: [...consentPurposes], source: 'web-form', actor: 'api' });
    return { deps, metrics };
  }
  const sms = (body: string, messageId: string) => ({ messageId, from: number, body, receivedAt: now });

  it('counts a STOP once: not its redelivery, not a second STOP with nothing left to withdraw, not a START', async () => {
    // Prepare
    const { deps, metrics } = await consentSetup();

    // Act
    await handleInboundSms(deps, sms('STOP', 'm-1'));
    await handleInboundSms(deps, sms('STOP', 'm-1'));
    await handleInboundSms(deps, sms('stop', 'm-2'));
    await handleInboundSms(deps, sms('START', 'm-3'));

    // Assess
    expect(metrics.breakdown('OptOuts', 'source')).toEqual({ keyword: 1 });
  });

  it('counts withdrawals through the API and by an agent by their source, and no grant', async () => {
    // Prepare
    const { deps, metrics } = await consentSetup();
    await handleInboundSms(deps, sms('please stop texting me', 'm-1'));

    // Act
    await recordConsentChange(deps, { number, action: 'withdraw', channels: ['voice'], purposes: ['marketing'], source: 'api', actor: 'user:a' });
    await recordConsentChange(deps, { number, action: 'withdraw', channels: ['voice'], purposes: ['service'], source: 'agent', actor: 'user:b' });
    await recordConsentChange(deps, { number, action: 'grant', channels: ['voice'], purposes: ['marketing'], source: 'verbal', actor: 'user:b' });
    await reviewStopRequest(deps, number, 'withdraw', 'user:c');

    // Assess
    expect(metrics.breakdown('OptOuts', 'source')).toEqual({ api: 1, agent: 2 });
    expect(metrics.total('OptOuts')).toBe(3);
  });

  it('counts nothing when an agent keeps consent after a stop asked in words', async () => {
    // Prepare
    const { deps, metrics } = await consentSetup();
    await handleInboundSms(deps, sms('please stop texting me', 'm-1'));

    // Act
    await reviewStopRequest(deps, number, 'keep', 'user:c');

    // Assess
    expect(metrics.total('OptOuts')).toBe(0);
  });
});
