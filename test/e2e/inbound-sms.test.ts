// Opt-out by SMS end to end: inbound messages delivered through /_local/sms/inbound as End User Messaging's SNS topic
// would deliver them, their effect read through the HTTP API, and the replies read from the simulated SMS outbox.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, uniqueName } from '../support/api.ts';
import { mobileNumber } from '../support/phone-numbers.ts';

/** A Wednesday, 15:00 UTC: 17:00 in Paris, inside a French number's legal window (08:00–21:00). */
const wednesday15 = '2026-06-03T15:00:00.000Z';
const allPurposes = ['marketing', 'service', 'support', 'emergency'];
const smsKeys = allPurposes.map((purpose) => `sms:${purpose}`).sort();

const numberPath = (number: string) => `/numbers/${encodeURIComponent(number)}`;

/** Delivers an SMS from `from`; the same `messageId` again is a redelivery. */
async function inbound(from: string, body: string, messageId: string = randomUUID()): Promise<string> {
  const delivered = await call('POST', '/_local/sms/inbound', { from, body, messageId });
  expect(delivered.status, JSON.stringify(delivered.body)).toBe(202);
  return messageId;
}

async function outbox(number: string): Promise<any[]> {
  const reply = await call('GET', `/_local/sms/outbox?to=${encodeURIComponent(number)}`);
  expect(reply.status).toBe(200);
  return reply.body.messages;
}

async function consents(number: string): Promise<{ state: any; entries: any[] }> {
  const reply = await call('GET', `${numberPath(number)}/consents?limit=100`);
  expect(reply.status).toBe(200);
  return reply.body;
}

/** A contact holding the mobile `number`, which consented by web form to `channels` for `purposes`. */
async function consentingContact(number: string, channels: string[], purposes: string[]): Promise<string> {
  const created = await call('POST', '/contacts', { displayName: uniqueName('Texter'), primaryPhone: { number, kind: 'MOBILE' } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const granted = await call('POST', `${numberPath(number)}/consents`, { action: 'grant', channels, purposes, source: 'web-form', contactId: created.body.id });
  expect(granted.status, JSON.stringify(granted.body)).toBe(201);
  return created.body.id as string;
}

async function smsContactability(contactId: string): Promise<any> {
  const reply = await call('GET', `/contacts/${contactId}/contactability?channel=sms&purpose=service&at=${wednesday15}`);
  expect(reply.status).toBe(200);
  return reply.body;
}

const statuses = (state: any, prefix: string) =>
  Object.entries(state.consents)
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, record]: [string, any]) => `${key}=${record.status}`)
    .sort();

describe('inbound SMS', () => {
  it.each(['STOP', 'stop!', ' Stop. ', 'OPT-OUT'])('"%s" withdraws SMS consent for every purpose, keeps the message as evidence, and confirms once', async (body) => {
    // Prepare: SMS consent for two purposes, voice consent beside it
    const number = mobileNumber();
    await consentingContact(number, ['sms', 'voice'], ['marketing', 'service']);
    const granted = await consents(number);
    const contactId = (await call('GET', `/contacts?phone=${encodeURIComponent(number)}`)).body.items[0].id;

    // Act
    const messageId = await inbound(number, body);
    const stopped = await consents(number);
    const repliedOnce = await outbox(number);
    await inbound(number, body, messageId);
    const afterRedelivery = await consents(number);
    const outboxAfterRedelivery = await outbox(number);
    await inbound(number, 'STOP');
    const afterSecondStop = await consents(number);

    // Assess: every SMS purpose withdrawn by keyword, voice untouched, the grant entries unchanged
    expect(statuses(stopped.state, 'sms:')).toEqual(smsKeys.map((key) => `${key}=withdrawn`));
    expect(statuses(stopped.state, 'voice:')).toEqual(['voice:marketing=granted', 'voice:service=granted']);
    expect(stopped.entries.slice(0, 4)).toEqual(granted.entries);
    const keywordEntries = stopped.entries.slice(4);
    expect(keywordEntries.map((entry) => [entry.sequence, entry.change.channel, entry.change.action, entry.change.purpose])).toEqual(allPurposes.map((purpose, index) => [5 + index, 'sms', 'withdraw', purpose]));
    expect(keywordEntries.every((entry) => entry.source === 'keyword' && entry.actor === 'keyword' && entry.contactId === contactId)).toBe(true);
    expect(keywordEntries.map((entry) => entry.evidence)).toEqual(allPurposes.map(() => ({ message: body })));
    expect(repliedOnce).toEqual([expect.objectContaining({ to: number, kind: 'opt-out-confirmation', body: expect.stringMatching(/unsubscribed/) })]);
    // Delivered again: nothing new; a second STOP: nothing left to withdraw, no second confirmation
    expect(afterRedelivery).toEqual(stopped);
    expect(outboxAfterRedelivery).toEqual(repliedOnce);
    expect(afterSecondStop.entries).toHaveLength(stopped.entries.length);
    expect(await outbox(number)).toEqual(repliedOnce);
    expect(verdictsOf(await smsContactability(contactId))).toEqual([[number, ['withdrawn']]]);
  });

  it('grants again on START after STOP, and confirms once', async () => {
    // Prepare
    const number = mobileNumber();
    const contactId = await consentingContact(number, ['sms'], allPurposes);
    await inbound(number, 'STOP');

    // Act
    await inbound(number, 'START');
    const restarted = await consents(number);
    await inbound(number, 'start');

    // Assess
    expect(statuses(restarted.state, 'sms:')).toEqual(smsKeys.map((key) => `${key}=granted`));
    expect(restarted.entries.slice(8).map((entry) => [entry.change.action, entry.source, entry.evidence.message])).toEqual(allPurposes.map(() => ['grant', 'keyword', 'START']));
    expect((await consents(number)).entries).toHaveLength(restarted.entries.length);
    expect((await outbox(number)).map((message) => message.kind)).toEqual(['opt-out-confirmation', 'opt-in-confirmation']);
    expect((await smsContactability(contactId)).usable.map((verdict: any) => verdict.number)).toEqual([number]);
  });

  it('gives back on START only what STOP took: never a purpose the number had not consented to', async () => {
    // Prepare: one number consented to SMS for service only; another never consented to anything
    const [serviceOnly, stranger] = [mobileNumber(), mobileNumber()];
    await consentingContact(serviceOnly, ['sms'], ['service']);
    for (const number of [serviceOnly, stranger]) await inbound(number, 'STOP');

    // Act
    for (const number of [serviceOnly, stranger]) await inbound(number, 'START');
    const [serviceOnlyState, strangerState] = [(await consents(serviceOnly)).state, (await consents(stranger)).state];

    // Assess: STOP withdrew every purpose, so that no import can grant one later; START re-granted service alone
    expect(statuses(serviceOnlyState, 'sms:')).toEqual(['sms:emergency=withdrawn', 'sms:marketing=withdrawn', 'sms:service=granted', 'sms:support=withdrawn']);
    expect(serviceOnlyState.consents['sms:service']).toMatchObject({ status: 'granted', source: 'keyword' });
    expect(statuses(strangerState, 'sms:')).toEqual(smsKeys.map((key) => `${key}=withdrawn`));
    expect((await outbox(serviceOnly)).map((message) => message.kind)).toEqual(['opt-out-confirmation', 'opt-in-confirmation']);
    expect((await outbox(stranger)).map((message) => message.kind)).toEqual(['opt-out-confirmation']);
  });

  it('answers HELP with the help text and changes no consent', async () => {
    // Prepare
    const number = mobileNumber();
    await consentingContact(number, ['sms'], ['service']);
    const before = await consents(number);

    // Act
    await inbound(number, 'HELP');
    const after = await consents(number);

    // Assess
    expect(after.state.consents).toEqual(before.state.consents);
    expect(after.entries.slice(0, -1)).toEqual(before.entries);
    expect(after.entries.at(-1)).toMatchObject({ change: { type: 'help-requested' }, source: 'keyword', evidence: { message: 'HELP' } });
    expect(await outbox(number)).toEqual([expect.objectContaining({ kind: 'help', body: expect.stringMatching(/STOP/) })]);
  });

  it('flags "please stop texting me" for review: no SMS until an agent keeps or withdraws consent; a second review is 409', async () => {
    // Prepare
    const number = mobileNumber();
    const contactId = await consentingContact(number, ['sms'], ['service']);
    const usableBefore = await smsContactability(contactId);

    // Act
    await inbound(number, 'please stop texting me');
    const flagged = await consents(number);
    const whileFlagged = await smsContactability(contactId);
    const kept = await call('POST', `${numberPath(number)}/review`, { decision: 'keep' });
    const afterReview = await smsContactability(contactId);
    const secondReview = await call('POST', `${numberPath(number)}/review`, { decision: 'withdraw' });

    // Assess
    expect(usableBefore.usable.map((verdict: any) => verdict.number)).toEqual([number]);
    expect(flagged.state.reviewFlagRaisedAt).toEqual(expect.any(String));
    expect(flagged.state.consents['sms:service'].status).toBe('granted');
    expect(flagged.entries.at(-1)).toMatchObject({ change: { type: 'review-flag', action: 'raised' }, source: 'keyword', evidence: { message: 'please stop texting me' } });
    expect(verdictsOf(whileFlagged)).toEqual([[number, ['review-pending']]]);
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body.reviewFlagRaisedAt).toBeUndefined();
    expect(kept.body.consents['sms:service'].status).toBe('granted');
    expect(afterReview.usable.map((verdict: any) => verdict.number)).toEqual([number]);
    expect(secondReview.status).toBe(409);
    expect(secondReview.body).toMatchObject({ error: 'conflict' });
    expect((await consents(number)).entries.at(-1)).toMatchObject({ change: { type: 'review-flag', action: 'cleared' }, source: 'agent' });
    expect(await outbox(number)).toEqual([]);
  });

  it('withdraws SMS consent when the agent reviewing a stop in words decides so', async () => {
    // Prepare
    const number = mobileNumber();
    const contactId = await consentingContact(number, ['sms'], ['service']);
    await inbound(number, 'Take me off your list.');

    // Act
    const withdrawn = await call('POST', `${numberPath(number)}/review`, { decision: 'withdraw' });

    // Assess
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.reviewFlagRaisedAt).toBeUndefined();
    expect(statuses(withdrawn.body, 'sms:')).toEqual(smsKeys.map((key) => `${key}=withdrawn`));
    expect(withdrawn.body.consents['sms:service'].source).toBe('agent');
    expect(verdictsOf(await smsContactability(contactId))).toEqual([[number, ['withdrawn']]]);
  });

  it('ignores an ordinary message: no ledger entry, no reply', async () => {
    // Prepare
    const number = mobileNumber();
    await consentingContact(number, ['sms'], ['service']);
    const before = await consents(number);

    // Act
    await inbound(number, "Can't stop laughing, see you at 5");

    // Assess
    expect(await consents(number)).toEqual(before);
    expect(await outbox(number)).toEqual([]);
  });

  it('answers 400 for an inbound message without a sender or a body, or not JSON, and delivers nothing', async () => {
    // Prepare
    const number = mobileNumber();
    await consentingContact(number, ['sms'], ['service']);
    const before = await consents(number);

    // Act
    const noSender = await call('POST', '/_local/sms/inbound', { body: 'STOP' });
    const noBody = await call('POST', '/_local/sms/inbound', { from: number });
    const senderNotText = await call('POST', '/_local/sms/inbound', { from: 33612345678, body: 'STOP' });
    const notJson = await call('POST', '/_local/sms/inbound', `{"from":"${number}","body":"STOP"`);

    // Assess
    expect([noSender, noBody, senderNotText, notJson].map((reply) => [reply.status, reply.body.error])).toEqual([
      [400, 'invalid_input'],
      [400, 'invalid_input'],
      [400, 'invalid_input'],
      [400, 'invalid_input'],
    ]);
    expect(await consents(number)).toEqual(before);
    expect(await outbox(number)).toEqual([]);
  });
});

function verdictsOf(report: any): Array<[string, string[]]> {
  return report.excluded.map((verdict: any) => [verdict.number, verdict.reasons]);
}
