// DESIGN §3 through the local API: inbound calls (as Connect's contact flow invokes us) and SMS (as End User
// Messaging's topic delivers them) land on the right contact; unknown numbers make one contact, however many at once.
import { describe, expect, it } from 'vitest';
import { call } from '../support/api.ts';
import { mobileNumber, usNumber } from '../support/phone-numbers.ts';

const encoded = (number: string) => encodeURIComponent(number);

async function inboundCall(from: string, contactId?: string) {
  const reply = await call('POST', '/_local/connect/inbound-call', { from, ...(contactId === undefined ? {} : { contactId }) });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body as { contactId: string; decision: string; connectContactId: string };
}

async function inboundSms(from: string, body = 'hello', messageId?: string) {
  const reply = await call('POST', '/_local/sms/inbound', { from, body, ...(messageId === undefined ? {} : { messageId }) });
  expect(reply.status, JSON.stringify(reply.body)).toBe(202);
}

async function lookupAnswers(number: string, answer: string | null) {
  expect((await call('PUT', `/_local/lookup/${encoded(number)}`, { answer })).status).toBe(200);
}

const paidLookups = async (number: string) => (await call('GET', `/_local/lookup/${encoded(number)}`)).body.lookups as number;
const holdersOf = async (number: string) => (await call('GET', `/contacts?phone=${encoded(number)}`)).body.items as any[];
const interactionsOf = async (contactId: string) => (await call('GET', `/contacts/${contactId}/interactions?limit=100`)).body.items as any[];

describe('inbound calls and SMS (DESIGN §3)', () => {
  it('an unknown North American number calling: one paid lookup; mobile → a MOBILE contact, landline → OTHER, a failed lookup → OTHER', async () => {
    // Prepare
    const [mobile, landline, failing] = [usNumber(), usNumber(), usNumber()];
    await lookupAnswers(mobile, 'mobile');
    await lookupAnswers(landline, 'landline');
    await lookupAnswers(failing, 'fail');

    // Act
    const answers = [await inboundCall(mobile), await inboundCall(landline), await inboundCall(failing)];

    // Assess
    expect(answers.map((answer) => answer.decision)).toEqual(['create', 'create', 'create']);
    expect((await holdersOf(mobile))[0].primaryPhone.kind).toBe('MOBILE');
    expect((await holdersOf(landline))[0].primaryPhone.kind).toBe('OTHER');
    expect((await holdersOf(failing))[0].primaryPhone.kind).toBe('OTHER');
    expect([await paidLookups(mobile), await paidLookups(landline), await paidLookups(failing)]).toEqual([1, 1, 1]);
    expect(await interactionsOf(answers[0]!.contactId)).toEqual([expect.objectContaining({ channel: 'voice', direction: 'inbound', number: mobile, provider: 'connect', contactId: answers[0]!.contactId })]);
  });

  it('a number the metadata settles costs no lookup; an unknown SMS makes a MOBILE contact without one', async () => {
    // Prepare
    const [frenchMobile, texter] = [mobileNumber(), usNumber()];

    // Act
    await inboundCall(frenchMobile);
    await inboundSms(texter);

    // Assess
    expect((await holdersOf(frenchMobile))[0].primaryPhone.kind).toBe('MOBILE');
    expect((await holdersOf(texter))[0].primaryPhone.kind).toBe('MOBILE');
    expect([await paidLookups(frenchMobile), await paidLookups(texter)]).toEqual([0, 0]);
  });

  it('a call then an SMS from the same number: one contact, its OTHER number now MOBILE, both interactions on it; a second call costs no lookup', async () => {
    // Prepare
    const number = usNumber();
    await lookupAnswers(number, 'landline');

    // Act
    const first = await inboundCall(number);
    await inboundSms(number);
    const again = await inboundCall(number);

    // Assess
    const holders = await holdersOf(number);
    expect(holders).toHaveLength(1);
    expect(holders[0].primaryPhone.kind).toBe('MOBILE');
    expect(again).toMatchObject({ decision: 'land', contactId: first.contactId });
    // Campaign time may not move between them: same-instant interactions have no order to assert.
    expect((await interactionsOf(first.contactId)).map((interaction) => interaction.channel).sort()).toEqual(['sms', 'voice', 'voice']);
    expect(await paidLookups(number)).toBe(1);
  });

  it('a number two contacts hold lands on nobody, with both as possible matches; a dismissed pair is never suggested again', async () => {
    // Prepare
    const number = usNumber();
    const ids: string[] = [];
    for (const kind of ['HOME', 'OTHER']) {
      const created = await call('POST', '/contacts', { displayName: `Shared ${kind}`, primaryPhone: { number, kind } });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    const pair = [...ids].sort().join('|');

    // Act
    const answer = await inboundCall(number);
    const unassigned = (await call('GET', '/interactions/unassigned?limit=100')).body.items as any[];
    const suggested = (await call('GET', '/possible-matches?limit=100')).body.items as any[];
    const dismissed = await call('POST', `/possible-matches/${encodeURIComponent(pair)}/dismiss`);
    await inboundSms(number);
    const afterwards = (await call('GET', '/possible-matches?limit=100')).body.items as any[];

    // Assess
    expect(answer).toMatchObject({ decision: 'unassigned', contactId: '' });
    expect(unassigned.filter((interaction) => interaction.number === number)[0]).toMatchObject({ possibleContactIds: [...ids].sort() });
    expect(suggested.filter((match) => match.id === pair)).toEqual([expect.objectContaining({ reason: 'shared-number', number })]);
    expect(dismissed.status).toBe(204);
    expect(afterwards.some((match) => match.id === pair)).toBe(false);
    expect((await call('POST', `/possible-matches/${encodeURIComponent(pair)}/dismiss`)).status).toBe(404);
  });

  it('the same call delivered twice is one interaction', async () => {
    // Prepare
    const number = mobileNumber();

    // Act
    const first = await inboundCall(number, 'connect-contact-1-' + number);
    const again = await inboundCall(number, 'connect-contact-1-' + number);

    // Assess
    expect(again.contactId).toBe(first.contactId);
    expect(await interactionsOf(first.contactId)).toHaveLength(1);
  });

  it('fifty SMS at once from one new number make exactly one contact, with the fifty interactions on it', async () => {
    // Prepare
    const number = usNumber();

    // Act
    await Promise.all(Array.from({ length: 50 }, (_, index) => inboundSms(number, `message ${index}`)));

    // Assess
    const holders = await holdersOf(number);
    expect(holders).toHaveLength(1);
    expect(holders[0].primaryPhone.kind).toBe('MOBILE');
    expect(await interactionsOf(holders[0].id)).toHaveLength(50);
  });
});
