// DESIGN §3's mobile number identification switch through the local HTTP API: administrators only, versioned; off → on
// starts the backfill in its own invocations (the worker runs through the local Lambda service as it would in AWS);
// and unknown numbers calling with the switch off and on. This file runs its own local runtime: the setting is one per
// account and the backfill examines every contact, which would change what the other test files see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mobileNumber, usNumber } from '../support/phone-numbers.ts';
import { startIsolatedRuntime, type IsolatedRuntime } from '../support/isolated-runtime.ts';

let local: IsolatedRuntime;

beforeAll(async () => {
  local = await startIsolatedRuntime();
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

const encoded = (number: string) => encodeURIComponent(number);

async function lookupAnswers(number: string, answer: string | null) {
  expect((await local.call('PUT', `/_local/lookup/${encoded(number)}`, { answer })).status).toBe(200);
}

const paidLookups = async (number: string) => (await local.call('GET', `/_local/lookup/${encoded(number)}`)).body.lookups as number;

async function createContact(displayName: string, number: string, kind: string): Promise<string> {
  const created = await local.call('POST', '/contacts', { displayName, primaryPhone: { number, kind } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

async function primaryPhoneOf(contactId: string) {
  return (await local.call('GET', `/contacts/${contactId}`)).body.primaryPhone;
}

/** Switch to `enabled` from the version now stored; the reply's body. */
async function switchIdentification(enabled: boolean) {
  const { version } = (await local.call('GET', '/settings/identification')).body;
  const reply = await local.call('PUT', '/settings/identification', { enabled, version });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}

async function backfillDone(id: string) {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const backfill = await local.call('GET', `/settings/identification/backfills/${id}`);
    if (backfill.body.status !== 'RUNNING') return backfill.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`backfill ${id} did not finish`);
}

async function inboundCall(from: string) {
  const reply = await local.call('POST', '/_local/connect/inbound-call', { from });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body as { contactId: string; decision: string };
}

const holdersOf = async (number: string) => (await local.call('GET', `/contacts?phone=${encoded(number)}`)).body.items as any[];

describe('PUT /settings/identification', () => {
  it('is for administrators only (403 for an agent and a supervisor, who may still read it), and a stale version is 409', async () => {
    // Prepare
    const { version } = (await local.call('GET', '/settings/identification')).body;

    // Act
    const agent = await local.callAs('agent', 'PUT', '/settings/identification', { enabled: false, version });
    const supervisor = await local.callAs('supervisor', 'PUT', '/settings/identification', { enabled: false, version });
    const supervisorReads = await local.callAs('supervisor', 'GET', '/settings/identification');
    const stale = await local.call('PUT', '/settings/identification', { enabled: false, version: version + 1 });
    const malformed = await local.call('PUT', '/settings/identification', { enabled: 'no', version });

    // Assess
    expect([agent.status, supervisor.status, supervisorReads.status]).toEqual([403, 403, 200]);
    expect(agent.body.message).toBe('PUT /settings/identification is for administrator; the caller has agent');
    expect(stale).toMatchObject({ status: 409, body: { error: 'version_conflict' } });
    expect(malformed).toMatchObject({ status: 400, body: { error: 'invalid_input', field: 'enabled' } });
    expect((await local.call('GET', '/settings/identification')).body).toMatchObject({ enabled: true, version });
  });

  it('off → on starts a backfill that upgrades what DESIGN §3 says, with its counts; a second run upgrades nothing new but what failed before', async () => {
    // Prepare
    expect((await switchIdentification(false)).backfill).toBeUndefined();
    const numbers = { mobile: usNumber(), landline: usNumber(), shared: usNumber(), heldAsMobile: usNumber(), home: usNumber(), failing: usNumber(), french: mobileNumber() };
    await lookupAnswers(numbers.mobile, 'mobile');
    await lookupAnswers(numbers.landline, 'landline');
    await lookupAnswers(numbers.shared, 'mobile');
    await lookupAnswers(numbers.heldAsMobile, 'mobile');
    await lookupAnswers(numbers.home, 'mobile');
    await lookupAnswers(numbers.failing, 'fail');
    const ids = {
      mobile: await createContact('Mobile', numbers.mobile, 'OTHER'),
      landline: await createContact('Landline', numbers.landline, 'OTHER'),
      sharedA: await createContact('Shared A', numbers.shared, 'OTHER'),
      sharedB: await createContact('Shared B', numbers.shared, 'OTHER'),
      mobileHolder: await createContact('Mobile holder', numbers.heldAsMobile, 'MOBILE'),
      secondHolder: await createContact('Second holder', numbers.heldAsMobile, 'OTHER'),
      home: await createContact('Home', numbers.home, 'HOME'),
      failing: await createContact('Failing', numbers.failing, 'OTHER'),
      french: await createContact('French', numbers.french, 'OTHER'),
    };

    // Act
    const switched = await switchIdentification(true);
    const first = await backfillDone(switched.backfill.id);
    await lookupAnswers(numbers.failing, 'mobile');
    await switchIdentification(false);
    const second = await backfillDone((await switchIdentification(true)).backfill.id);

    // Assess
    expect(switched).toMatchObject({ enabled: true, backfillId: switched.backfill.id, backfill: { status: 'RUNNING', pages: 0, startedBy: 'user:local-administrator' } });
    expect(first).toMatchObject({ status: 'COMPLETED', pages: 1 });
    expect(first.counts).toEqual({ contactsScanned: 9, phonesExamined: 7, upgraded: 2, notMobile: 1, skippedShared: 2, possibleMatches: 1, lookupFailed: 1, changedMeanwhile: 0, paidLookups: 2 });
    expect(second.counts).toEqual({ contactsScanned: 9, phonesExamined: 5, upgraded: 1, notMobile: 1, skippedShared: 2, possibleMatches: 1, lookupFailed: 0, changedMeanwhile: 0, paidLookups: 1 });
    expect(await primaryPhoneOf(ids.mobile)).toMatchObject({ kind: 'MOBILE', lineType: 'mobile', lineTypeSource: 'lookup' });
    expect(await primaryPhoneOf(ids.landline)).toMatchObject({ kind: 'OTHER', lineType: 'fixed_line', lineTypeSource: 'lookup' });
    expect(await primaryPhoneOf(ids.french)).toMatchObject({ kind: 'MOBILE', lineType: 'mobile', lineTypeSource: 'metadata' });
    expect(await primaryPhoneOf(ids.failing)).toMatchObject({ kind: 'MOBILE', lineTypeSource: 'lookup' });
    expect([(await primaryPhoneOf(ids.sharedA)).kind, (await primaryPhoneOf(ids.sharedB)).kind, (await primaryPhoneOf(ids.secondHolder)).kind, (await primaryPhoneOf(ids.home)).kind]).toEqual(['OTHER', 'OTHER', 'OTHER', 'HOME']);
    const matches = (await local.call('GET', '/possible-matches?limit=100')).body.items as any[];
    expect(matches).toEqual([expect.objectContaining({ id: [ids.mobileHolder, ids.secondHolder].sort().join('|'), reason: 'second-mobile-holder', number: numbers.heldAsMobile })]);
    // Never looked up: the shared number, the numbers already MOBILE or HOME, the French mobile (its metadata settles it).
    expect(await Promise.all([numbers.shared, numbers.heldAsMobile, numbers.home, numbers.french].map(paidLookups))).toEqual([0, 0, 0, 0]);
    // Once each; the landline's answer came from the cache the second time; the failing number was tried again.
    expect(await Promise.all([numbers.mobile, numbers.landline, numbers.failing].map(paidLookups))).toEqual([1, 1, 2]);
  });

  it('lets a supervisor follow a backfill, not resume it; a completed backfill is not resumed, an unknown one is 404', async () => {
    // Prepare
    const { backfillId } = (await local.call('GET', '/settings/identification')).body;

    // Act
    const supervisorReads = await local.callAs('supervisor', 'GET', `/settings/identification/backfills/${backfillId}`);
    const agentReads = await local.callAs('agent', 'GET', `/settings/identification/backfills/${backfillId}`);
    const supervisorResumes = await local.callAs('supervisor', 'POST', `/settings/identification/backfills/${backfillId}/resume`);
    const completed = await local.call('POST', `/settings/identification/backfills/${backfillId}/resume`);
    const unknown = await local.call('GET', '/settings/identification/backfills/no-such-backfill');

    // Assess
    expect(supervisorReads).toMatchObject({ status: 200, body: { id: backfillId, status: 'COMPLETED' } });
    expect(supervisorReads.body.cursor).toBeUndefined();
    expect([agentReads.status, supervisorResumes.status]).toEqual([403, 403]);
    expect(completed).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect(unknown.status).toBe(404);
  });
});

describe('an unknown number calling (DESIGN §3)', () => {
  it('with identification off: a North American mobile makes an OTHER contact and costs no lookup; switched on, the backfill upgrades it', async () => {
    // Prepare
    const number = usNumber();
    await lookupAnswers(number, 'mobile');
    await switchIdentification(false);

    // Act
    const answer = await inboundCall(number);
    const whileOff = await primaryPhoneOf(answer.contactId);
    const lookupsWhileOff = await paidLookups(number);
    await backfillDone((await switchIdentification(true)).backfill.id);

    // Assess
    expect(answer.decision).toBe('create');
    expect(whileOff).toMatchObject({ kind: 'OTHER', lineTypeSource: 'metadata' });
    expect(lookupsWhileOff).toBe(0);
    expect(await primaryPhoneOf(answer.contactId)).toMatchObject({ kind: 'MOBILE', lineTypeSource: 'lookup' });
  });

  it('with identification on: a mobile makes a MOBILE contact marked as looked up, a landline an OTHER one; a failed lookup leaves OTHER and the next call looks it up again, on the same contact', async () => {
    // Prepare
    const [mobile, landline, failing] = [usNumber(), usNumber(), usNumber()];
    await lookupAnswers(mobile, 'mobile');
    await lookupAnswers(landline, 'landline');
    await lookupAnswers(failing, 'fail');
    expect((await local.call('GET', '/settings/identification')).body.enabled).toBe(true);

    // Act
    const answers = [await inboundCall(mobile), await inboundCall(landline), await inboundCall(failing)];
    const afterFailure = await primaryPhoneOf(answers[2]!.contactId);
    await lookupAnswers(failing, 'mobile');
    const again = await inboundCall(failing);

    // Assess
    expect(answers.map((answer) => answer.decision)).toEqual(['create', 'create', 'create']);
    expect(await primaryPhoneOf(answers[0]!.contactId)).toMatchObject({ kind: 'MOBILE', lineType: 'mobile', lineTypeSource: 'lookup' });
    expect(await primaryPhoneOf(answers[1]!.contactId)).toMatchObject({ kind: 'OTHER', lineType: 'fixed_line', lineTypeSource: 'lookup' });
    expect(afterFailure).toMatchObject({ kind: 'OTHER', lineTypeSource: 'metadata' });
    expect(again).toMatchObject({ decision: 'land', contactId: answers[2]!.contactId });
    expect(await holdersOf(failing)).toEqual([expect.objectContaining({ id: answers[2]!.contactId, primaryPhone: expect.objectContaining({ kind: 'MOBILE', lineTypeSource: 'lookup' }) })]);
    expect([await paidLookups(mobile), await paidLookups(landline), await paidLookups(failing)]).toEqual([1, 1, 2]);
  });
});
