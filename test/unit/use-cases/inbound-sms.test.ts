// Opt-out by SMS over in-memory ports: every keyword changes SMS consent at once and answers at most once; HELP
// changes nothing; a stop asked in words waits for an agent; the same message delivered twice changes nothing twice.
import { describe, expect, it } from 'vitest';
import { SimulatorSmsSender } from '#adapters/messaging/simulator-sms-sender';
import { consentPurposes } from '#domain/consent/consent-ledger';
import { contactabilityOf, defaultContactabilityPolicy } from '#domain/contactability/contactability';
import { handleInboundSms, reviewStopRequest, type InboundSmsDependencies } from '#domain/use-cases/consent/inbound-sms';
import { recordConsentChange } from '#domain/use-cases/consent/consents';
import { ConflictError } from '#domain/errors';
import { CounterIdGenerator } from '../fakes/counter-id-generator.ts';
import { CountingMetrics } from '../fakes/counting-metrics.ts';
import { FixedClock } from '../fakes/fixed-clock.ts';
import { InMemoryConsentStore } from '../fakes/in-memory-consent-store.ts';
import { InMemoryContactRepository } from '../fakes/in-memory-contact-repository.ts';
import { RecordingOperationsLog } from '../fakes/recording-operations-log.ts';

const number = '+33612345678';
// A Tuesday, 15:00 in Paris.
const now = '2026-03-03T14:00:00.000Z';

async function setUp() {
  const consent = new InMemoryConsentStore();
  const sms = new SimulatorSmsSender();
  const log = new RecordingOperationsLog();
  const deps: InboundSmsDependencies = { consent, contacts: new InMemoryContactRepository(), ids: new CounterIdGenerator(), clock: new FixedClock(now), log, defaultRegion: 'FR', sms, metrics: new CountingMetrics() };
  // SMS consent for every purpose, given on a web form.
  await recordConsentChange(deps, { number, action: 'grant', channels: ['sms'], purposes: [...consentPurposes], source: 'web-form', actor: 'api' });
  return { deps, consent, sms, log };
}

let messages = 0;
const inbound = (body: string, messageId = `m-${(messages += 1)}`) => ({ messageId, from: number, body, receivedAt: now });
const smsStatuses = async (consent: InMemoryConsentStore) => Object.entries((await consent.getStates([number])).get(number)!.consents).filter(([key]) => key.startsWith('sms:')).map(([key, record]) => `${key}=${record!.status}`).sort();
const usableForSms = async (consent: InMemoryConsentStore) => {
  const { facts, policy } = await consent.contactabilityInputs([number]);
  return contactabilityOf([{ phone: { number, kind: 'MOBILE' }, ...facts.get(number)! }], { channel: 'sms', purpose: 'marketing', at: new Date(now) }, policy ?? defaultContactabilityPolicy).usable.length === 1;
};

describe('inbound SMS keywords', () => {
  it.each(['STOP', 'stop', 'Stop!', ' STOP. ', 'STOPALL', 'UNSUBSCRIBE', 'cancel', 'End', 'QUIT', 'revoke', 'OPTOUT', 'OPT-OUT', 'opt out', 'Stop all'])('"%s" withdraws SMS consent for every purpose at once and confirms once', async (body) => {
    // Prepare
    const { deps, consent, sms } = await setUp();

    // Act
    const outcome = await handleInboundSms(deps, inbound(body));

    // Assess
    expect(outcome).toEqual({ intent: 'opt-out', entriesAppended: 4, duplicate: false, replied: 'opt-out-confirmation' });
    expect(await smsStatuses(consent)).toEqual(['sms:emergency=withdrawn', 'sms:marketing=withdrawn', 'sms:service=withdrawn', 'sms:support=withdrawn']);
    expect(consent.ledger.get(number)!.slice(4).every((entry) => entry.source === 'keyword' && entry.evidence.message === body)).toBe(true);
    expect(sms.sent().map((message) => message.kind)).toEqual(['opt-out-confirmation']);
    expect(await usableForSms(consent)).toBe(false);
  });

  it('answers a second STOP, and the same message delivered again, with nothing: one reply at most', async () => {
    // Prepare
    const { deps, consent, sms } = await setUp();
    const stop = inbound('STOP');

    const help = inbound('HELP');

    // Act
    await handleInboundSms(deps, stop);
    const redelivered = await handleInboundSms(deps, stop);
    const again = await handleInboundSms(deps, inbound('stop'));
    await handleInboundSms(deps, help);
    const helpRedelivered = await handleInboundSms(deps, help);

    // Assess
    expect(redelivered).toMatchObject({ entriesAppended: 0, replied: undefined });
    expect(again).toMatchObject({ entriesAppended: 0, replied: undefined });
    expect(helpRedelivered).toMatchObject({ duplicate: true, entriesAppended: 0, replied: undefined });
    expect(consent.ledger.get(number)).toHaveLength(9);
    expect(sms.sent().map((message) => message.kind)).toEqual(['opt-out-confirmation', 'help']);
  });

  it.each(['START', 'unstop', 'Yes'])('"%s" grants again what a keyword withdrew, and confirms', async (body) => {
    // Prepare
    const { deps, consent, sms } = await setUp();
    await handleInboundSms(deps, inbound('STOP'));

    // Act
    const outcome = await handleInboundSms(deps, inbound(body));

    // Assess
    expect(outcome).toMatchObject({ intent: 'opt-in', entriesAppended: 4, replied: 'opt-in-confirmation' });
    expect(await smsStatuses(consent)).toEqual(['sms:emergency=granted', 'sms:marketing=granted', 'sms:service=granted', 'sms:support=granted']);
    expect(consent.ledger.get(number)!.at(-1)).toMatchObject({ source: 'keyword', change: { type: 'consent', action: 'grant', channel: 'sms' } });
    expect(sms.sent().map((message) => message.kind)).toEqual(['opt-out-confirmation', 'opt-in-confirmation']);
  });

  it('never lets YES undo a withdrawal an agent recorded, nor grant what was never withdrawn', async () => {
    // Prepare
    const { deps, consent, sms } = await setUp();
    await recordConsentChange(deps, { number, action: 'withdraw', channels: ['sms'], purposes: ['marketing'], source: 'agent', actor: 'agent-1' });

    // Act
    const outcome = await handleInboundSms(deps, inbound('YES'));

    // Assess
    expect(outcome).toMatchObject({ intent: 'opt-in', entriesAppended: 0, replied: undefined });
    expect((await consent.getStates([number])).get(number)!.consents['sms:marketing']?.status).toBe('withdrawn');
    expect(sms.sent()).toEqual([]);
  });

  it('answers HELP with the help text and changes no consent (the request is kept in the ledger)', async () => {
    // Prepare
    const { deps, consent, sms } = await setUp();
    const before = (await consent.getStates([number])).get(number)!.consents;

    // Act
    const outcome = await handleInboundSms(deps, inbound('help'));

    // Assess
    expect(outcome).toMatchObject({ intent: 'help', entriesAppended: 1, replied: 'help' });
    expect((await consent.getStates([number])).get(number)!.consents).toEqual(before);
    expect(consent.ledger.get(number)!.at(-1)).toMatchObject({ change: { type: 'help-requested' }, source: 'keyword' });
    expect(sms.sent()[0]!.body).toMatch(/STOP/);
  });

  it('flags "please stop texting me" for an agent: no SMS meanwhile; the agent withdraws, or keeps consent', async () => {
    // Prepare
    const { deps, consent, sms } = await setUp();

    // Act
    const outcome = await handleInboundSms(deps, inbound('please stop texting me'));
    const flaggedUsable = await usableForSms(consent);
    const second = await handleInboundSms(deps, inbound('I said stop texting me'));
    const reviewed = await reviewStopRequest(deps, number, 'withdraw', 'agent-7');

    // Assess
    expect(outcome).toMatchObject({ intent: 'stop-request', entriesAppended: 1, replied: undefined });
    expect(flaggedUsable).toBe(false);
    expect(second.entriesAppended).toBe(0);
    expect(reviewed.reviewFlagRaisedAt).toBeUndefined();
    expect(reviewed.consents['sms:marketing']?.status).toBe('withdrawn');
    expect(sms.sent()).toEqual([]);
    await expect(reviewStopRequest(deps, number, 'keep', 'agent-7')).rejects.toThrow(ConflictError);
    // Nothing is sent while a review waits, not even the help text.
    await handleInboundSms(deps, inbound('please stop texting me'));
    expect((await handleInboundSms(deps, inbound('HELP'))).replied).toBeUndefined();
    expect(sms.sent()).toEqual([]);
  });

  it('ignores an ordinary message, and never logs the number', async () => {
    // Prepare
    const { deps, consent, log } = await setUp();

    // Act
    const outcome = await handleInboundSms(deps, inbound("can't stop laughing, see you at 5"));
    await handleInboundSms(deps, inbound('STOP'));

    // Assess
    expect(outcome).toMatchObject({ intent: 'other', entriesAppended: 0 });
    expect(consent.ledger.get(number)).toHaveLength(8);
    expect(JSON.stringify(log.lines)).not.toContain(number.slice(3));
  });
});
