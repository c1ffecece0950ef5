// Consent through the local HTTP API: the append-only ledger and the state derived from it, preferences, the
// do-not-call list, the contactability report and the account-wide contactability policy.
//
// Contactability is asked about fixed instants (`at=`), never the shared campaign clock. Do-not-call entries bar every
// number they prefix, for every test: this file bars only numbers of its own range (+33 78…, which no other test uses)
// and removes what it adds.
import { describe, expect, it } from 'vitest';
import { call, uniqueName, type ApiReply } from '../support/api.ts';
import { mobileNumber } from '../support/phone-numbers.ts';

/** A Wednesday, 15:00 UTC: 17:00 in Paris, inside a French number's legal window (08:00–21:00). */
const wednesday15 = '2026-06-03T15:00:00.000Z';
/** The same Wednesday at 21:30 in Paris (summer time, UTC+2): every French number's window has closed. */
const wednesday2130Paris = '2026-06-03T19:30:00.000Z';
/** The next morning at 08:00 in Paris, when it opens again. */
const thursday08Paris = '2026-06-04T06:00:00.000Z';
const dayMs = 86_400_000;

const numberPath = (number: string) => `/numbers/${encodeURIComponent(number)}`;

async function campaignNow(): Promise<number> {
  return Date.parse((await call('GET', '/_local/clock')).body.now);
}

async function createContact(primary: string, additional: Array<{ number: string; itemTypeId?: string }> = []): Promise<string> {
  const created = await call('POST', '/contacts', {
    displayName: uniqueName('Consenting'),
    primaryPhone: { number: primary, kind: 'MOBILE' },
    additionalPhones: additional.map((phone) => ({ ...phone, kind: 'MOBILE' })),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

async function recordConsent(number: string, body: Record<string, unknown>) {
  const recorded = await call('POST', `${numberPath(number)}/consents`, { source: 'web-form', ...body });
  expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
  return recorded.body;
}

async function contactability(contactId: string, channel: string, purpose: string, at: string) {
  const reply = await call('GET', `/contacts/${contactId}/contactability?channel=${channel}&purpose=${purpose}&at=${encodeURIComponent(at)}`);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}

const verdicts = (list: any[]) => list.map((verdict) => [verdict.number, verdict.reasons]);

/** Every page of a number's ledger, `limit` entries at a time. */
async function wholeLedger(number: string, limit: number): Promise<{ pages: number; entries: any[] }> {
  const entries: any[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const reply = await call('GET', `${numberPath(number)}/consents?limit=${limit}${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    entries.push(...reply.body.entries);
    cursor = reply.body.cursor;
    pages += 1;
  } while (cursor !== undefined && pages < 10);
  return { pages, entries };
}

/** A fresh prefix of French mobiles in +33 78…, the do-not-call tests' own range: it covers 1,000 numbers. */
function ownRangePrefix(): string {
  return `+3378${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
}

const evidence = { disclosureText: 'I agree to be called and texted about my orders and offers.', disclosureVersion: 'v3', formUrl: 'https://example.com/signup' };

describe('consent API', () => {
  it('grants voice and SMS for two purposes: four ledger entries with who, when, how, evidence and actor, read back oldest first and page by page', async () => {
    // Prepare
    const [number, other] = [mobileNumber(), mobileNumber()];
    const contactId = await createContact(number, [{ number: other }]);
    const occurredAt = new Date((await campaignNow()) - 2 * dayMs).toISOString();

    // Act
    const granted = await call('POST', `${numberPath(number)}/consents`, { action: 'grant', channels: ['voice', 'sms'], purposes: ['marketing', 'service'], source: 'web-form', evidence, occurredAt, contactId });
    const read = await call('GET', `${numberPath(number)}/consents`);
    const paged = await wholeLedger(number, 2);
    const firstPage = await call('GET', `${numberPath(number)}/consents?limit=2`);
    const byContact = await call('GET', `/contacts/${contactId}/consents`);

    // Assess: one entry per channel and purpose, in the order asked
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    const { entries, state } = granted.body;
    const pairs = [
      ['voice', 'marketing'],
      ['voice', 'service'],
      ['sms', 'marketing'],
      ['sms', 'service'],
    ];
    expect(entries).toEqual(
      pairs.map(([channel, purpose], index) => ({
        sequence: index + 1,
        eventId: expect.any(String),
        number,
        contactId,
        change: { type: 'consent', action: 'grant', channel, purpose },
        at: occurredAt,
        recordedAt: expect.any(String),
        source: 'web-form',
        evidence,
        actor: 'user:local-administrator',
      })),
    );
    expect(new Set(entries.map((entry: any) => entry.eventId)).size).toBe(4);
    expect(Date.parse(entries[0].recordedAt)).toBeGreaterThan(Date.parse(occurredAt));
    expect(state).toMatchObject({ number, preferences: { businessHoursOnly: false } });
    expect(Object.keys(state.consents).sort()).toEqual(['sms:marketing', 'sms:service', 'voice:marketing', 'voice:service']);
    expect(state.consents['sms:service']).toEqual({ status: 'granted', at: occurredAt, source: 'web-form', sequence: 4 });
    // Read back: the same state and entries, oldest first, on one page or on pages of two
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ number, state, entries });
    expect(firstPage.body.entries.map((entry: any) => entry.sequence)).toEqual([1, 2]);
    expect(firstPage.body.cursor).toEqual(expect.any(String));
    expect(paged.pages).toBeGreaterThanOrEqual(2);
    expect(paged.entries).toEqual(entries);
    // By contact: each of its numbers, in its order, with its state and whole ledger (none yet for the other)
    expect(byContact.status).toBe(200);
    expect(byContact.body).toEqual({ contactId, numbers: [{ number, state, entries }, { number: other, state: null, entries: [] }] });
  });

  it('withdraws one consent: the state says withdrawn, and the earlier entries are still there, unchanged', async () => {
    // Prepare
    const number = mobileNumber();
    const contactId = await createContact(number);
    const occurredAt = new Date((await campaignNow()) - dayMs).toISOString();
    const granted = await recordConsent(number, { action: 'grant', channels: ['voice', 'sms'], purposes: ['marketing', 'service'], evidence, occurredAt, contactId });

    // Act
    const withdrawn = await call('POST', `${numberPath(number)}/consents`, { action: 'withdraw', channels: ['voice'], purposes: ['marketing'], source: 'agent', evidence: { agentId: 'agent-42' }, contactId });
    const read = await call('GET', `${numberPath(number)}/consents`);

    // Assess
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(201);
    expect(withdrawn.body.entries).toEqual([
      expect.objectContaining({ sequence: 5, change: { type: 'consent', action: 'withdraw', channel: 'voice', purpose: 'marketing' }, source: 'agent', evidence: { agentId: 'agent-42' }, contactId }),
    ]);
    expect(read.body.state.consents['voice:marketing']).toMatchObject({ status: 'withdrawn', source: 'agent', sequence: 5 });
    expect(read.body.state.consents['voice:service']).toEqual(granted.state.consents['voice:service']);
    expect(read.body.state.consents['sms:marketing']).toEqual(granted.state.consents['sms:marketing']);
    expect(read.body.entries).toEqual([...granted.entries, ...withdrawn.body.entries]);
    expect((await contactability(contactId, 'voice', 'marketing', wednesday15)).excluded).toEqual([{ number, usable: false, reasons: ['withdrawn'] }]);
    expect((await contactability(contactId, 'voice', 'service', wednesday15)).usable.map((verdict: any) => verdict.number)).toEqual([number]);
  });

  it('rejects bad input with 400 naming the field (404 for an unknown contact), and appends nothing', async () => {
    // Prepare
    const number = mobileNumber();
    const contactId = await createContact(number);
    const strangerId = await createContact(mobileNumber());
    const future = new Date((await campaignNow()) + 30 * dayMs).toISOString();
    const valid = { action: 'grant', channels: ['voice'], purposes: ['marketing'], source: 'web-form' };
    const post = (body: unknown, path = `${numberPath(number)}/consents`) => call('POST', path, body);

    // Act
    const replies = {
      unknownChannel: await post({ ...valid, channels: ['fax'] }),
      unknownPurpose: await post({ ...valid, purposes: ['sales'] }),
      noChannel: await post({ ...valid, channels: [] }),
      keywordSource: await post({ ...valid, source: 'keyword' }),
      futureOccurredAt: await post({ ...valid, occurredAt: future }),
      notATime: await post({ ...valid, occurredAt: 'yesterday' }),
      invalidNumber: await post(valid, `${numberPath('+33 1')}/consents`),
      notTheHolder: await post({ ...valid, contactId: strangerId }),
      unknownContact: await post({ ...valid, contactId: 'no-such-contact' }),
      noBody: await post(undefined),
      emptyObject: await post({}),
      notJson: await post('{"action":'),
      unknownProperty: await post({ ...valid, colour: 'red' }),
      unknownEvidence: await post({ ...valid, evidence: { signature: 'x' } }),
      badFormUrl: await post({ ...valid, evidence: { formUrl: 'not a url' } }),
      longDisclosure: await post({ ...valid, evidence: { disclosureText: 'x'.repeat(5_001) } }),
    };

    // Assess
    const outcome = Object.fromEntries(Object.entries(replies).map(([name, reply]) => [name, [reply.status, reply.body?.field]]));
    expect(outcome).toEqual({
      unknownChannel: [400, 'channels.0'],
      unknownPurpose: [400, 'purposes.0'],
      noChannel: [400, 'channels'],
      keywordSource: [400, 'source'],
      futureOccurredAt: [400, 'occurredAt'],
      notATime: [400, 'occurredAt'],
      invalidNumber: [400, 'number'],
      notTheHolder: [400, 'contactId'],
      unknownContact: [404, undefined],
      noBody: [400, 'body'],
      emptyObject: [400, 'action'],
      notJson: [400, 'body'],
      unknownProperty: [400, 'body'],
      unknownEvidence: [400, 'evidence'],
      badFormUrl: [400, 'evidence.formUrl'],
      longDisclosure: [400, 'evidence.disclosureText'],
    });
    expect(replies.unknownProperty.body.reason).toContain('colour');
    expect(replies.notTheHolder.body.reason).toContain(strangerId);
    expect(replies.unknownContact.body).toMatchObject({ error: 'not_found' });
    expect(Object.values(replies).every((reply) => reply.body.error === (reply.status === 404 ? 'not_found' : 'invalid_input'))).toBe(true);
    expect(JSON.stringify(replies)).not.toMatch(/at .*\.ts|stack/i);
    const ledger = await call('GET', `${numberPath(number)}/consents`);
    expect(ledger.body).toEqual({ number, state: null, entries: [] });
    expect((await call('GET', `/contacts/${contactId}/consents`)).body.numbers[0].entries).toEqual([]);
    expect((await call('GET', '/contacts/no-such-contact/consents')).status).toBe(404);
  });

  it('keeps preferences: a purpose not welcome is excluded as `preference`; business hours only waits for the next business day', async () => {
    // Prepare
    const number = mobileNumber();
    const contactId = await createContact(number);
    await recordConsent(number, { action: 'grant', channels: ['voice'], purposes: ['marketing', 'service'] });
    /** A Friday at 18:30 in Paris, and the Monday after at 09:00 there. */
    const [friday1830Paris, monday09Paris] = ['2026-06-05T16:30:00.000Z', '2026-06-08T07:00:00.000Z'];

    // Act
    const welcome = await call('PUT', `${numberPath(number)}/preferences`, { welcomePurposes: ['service'] });
    const marketing = await contactability(contactId, 'voice', 'marketing', wednesday15);
    const service = await contactability(contactId, 'voice', 'service', wednesday15);
    const businessHours = await call('PUT', `${numberPath(number)}/preferences`, { businessHoursOnly: true });
    const wednesdayEvening = await contactability(contactId, 'voice', 'service', '2026-06-03T16:30:00.000Z');
    const fridayEvening = await contactability(contactId, 'voice', 'service', friday1830Paris);
    const wednesdayMorning = await contactability(contactId, 'voice', 'service', '2026-06-03T08:00:00.000Z');
    const noPreferences = await call('PUT', `${numberPath(number)}/preferences`, { welcomePurposes: null, businessHoursOnly: false });
    const nothingToSet = await call('PUT', `${numberPath(number)}/preferences`, {});

    // Assess
    expect(welcome.status, JSON.stringify(welcome.body)).toBe(200);
    expect(welcome.body.preferences).toEqual({ welcomePurposes: ['service'], businessHoursOnly: false });
    expect(marketing.usable).toEqual([]);
    expect(marketing.excluded).toEqual([{ number, usable: false, reasons: ['preference'] }]);
    expect(service.usable).toEqual([{ number, usable: true, reasons: [] }]);
    expect(businessHours.body.preferences).toEqual({ welcomePurposes: ['service'], businessHoursOnly: true });
    expect(wednesdayEvening.excluded).toEqual([{ number, usable: false, reasons: ['outside-window'], nextOpenAt: '2026-06-04T07:00:00.000Z' }]);
    expect(fridayEvening.excluded).toEqual([{ number, usable: false, reasons: ['outside-window'], nextOpenAt: monday09Paris }]);
    expect(wednesdayMorning.usable.map((verdict: any) => verdict.number)).toEqual([number]);
    expect(noPreferences.body.preferences).toEqual({ businessHoursOnly: false });
    expect(nothingToSet.status).toBe(400);
    expect((await contactability(contactId, 'voice', 'marketing', friday1830Paris)).usable.map((verdict: any) => verdict.number)).toEqual([number]);
    // Preferences are not consent: the ledger holds the grant only
    expect((await call('GET', `${numberPath(number)}/consents`)).body.entries).toHaveLength(2);
  });

  it('bars a prefix until it expires and a whole number for ever; lists, reads and removes them', async () => {
    // Prepare: a contact with a number under a prefix of this file's own range and a number barred whole; another
    // contact with a number under the prefix too
    const prefix = ownRangePrefix();
    const [underPrefix, otherUnderPrefix] = [`${prefix}001`, `${prefix}002`];
    const barredNumber = `+3379${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
    const contactId = await createContact(underPrefix, [{ number: barredNumber }]);
    const otherId = await createContact(otherUnderPrefix);
    for (const number of [underPrefix, barredNumber]) await recordConsent(number, { action: 'grant', channels: ['voice'], purposes: ['marketing'] });
    const now = await campaignNow();
    const expiresAt = new Date(now + 30 * dayMs).toISOString();
    const afterExpiry = `${new Date(now + 31 * dayMs).toISOString().slice(0, 10)}T12:00:00.000Z`;

    try {
      // Act
      const addedPrefix = await call('POST', '/do-not-call', { prefix, reason: 'complaint about the range', expiresAt });
      const addedNumber = await call('POST', '/do-not-call', { prefix: `${barredNumber.slice(0, 3)} ${barredNumber.slice(3, 4)} ${barredNumber.slice(4)}` });
      const listed = await listedDoNotCall([prefix, barredNumber]);
      const readPrefix = await call('GET', `/do-not-call/${encodeURIComponent(prefix)}`);
      const barred = await contactability(contactId, 'voice', 'marketing', wednesday15);
      const prefixExpired = await contactability(contactId, 'voice', 'marketing', afterExpiry);
      const removed = await call('DELETE', `/do-not-call/${encodeURIComponent(barredNumber)}`);
      const removedAgain = await call('DELETE', `/do-not-call/${encodeURIComponent(barredNumber)}`);
      const readRemoved = await call('GET', `/do-not-call/${encodeURIComponent(barredNumber)}`);
      const afterRemoval = await contactability(contactId, 'voice', 'marketing', wednesday15);

      // Assess
      expect(addedPrefix.status, JSON.stringify(addedPrefix.body)).toBe(201);
      expect(addedPrefix.body).toEqual({ prefix, reason: 'complaint about the range', addedBy: 'user:local-administrator', addedAt: expect.any(String), expiresAt });
      expect(addedNumber.status, JSON.stringify(addedNumber.body)).toBe(201);
      expect(addedNumber.body).toEqual({ prefix: barredNumber, addedBy: 'user:local-administrator', addedAt: expect.any(String) });
      expect(listed).toEqual([addedPrefix.body, addedNumber.body].sort((a, b) => a.prefix.localeCompare(b.prefix)));
      expect(readPrefix).toEqual({ status: 200, body: addedPrefix.body });
      expect(barred.usable).toEqual([]);
      expect(verdicts(barred.excluded)).toEqual([
        [underPrefix, ['do-not-call']],
        [barredNumber, ['do-not-call']],
      ]);
      expect(prefixExpired.usable.map((verdict: any) => verdict.number)).toEqual([underPrefix]);
      expect(verdicts(prefixExpired.excluded)).toEqual([[barredNumber, ['do-not-call']]]);
      expect(removed).toEqual({ status: 204, body: undefined });
      expect(removedAgain.status).toBe(404);
      expect(readRemoved.status).toBe(404);
      expect(verdicts(afterRemoval.excluded)).toEqual([[underPrefix, ['do-not-call']]]);
      expect(afterRemoval.usable.map((verdict: any) => verdict.number)).toEqual([barredNumber]);
      // The other holder's number under the prefix has no consent: both reasons, the weightiest first
      expect(verdicts((await contactability(otherId, 'voice', 'marketing', wednesday15)).excluded)).toEqual([[otherUnderPrefix, ['do-not-call', 'no-consent']]]);
    } finally {
      await call('DELETE', `/do-not-call/${encodeURIComponent(prefix)}`);
      await call('DELETE', `/do-not-call/${encodeURIComponent(barredNumber)}`);
    }
    expect((await call('GET', `/do-not-call/${encodeURIComponent(prefix)}`)).status).toBe(404);
  });

  it('refuses a do-not-call entry with an invalid prefix or an expiry in the past, and adds nothing', async () => {
    // Prepare
    const past = new Date((await campaignNow()) - dayMs).toISOString();
    const prefix = ownRangePrefix();

    // Act
    const noPlus = await call('POST', '/do-not-call', { prefix: '3378123' });
    const letters = await call('POST', '/do-not-call', { prefix: '+33ab' });
    const tooLong = await call('POST', '/do-not-call', { prefix: '+3378123456789012' });
    const expired = await call('POST', '/do-not-call', { prefix, expiresAt: past });
    const unknownProperty = await call('POST', '/do-not-call', { prefix, until: past });

    // Assess
    expect([noPlus, letters, tooLong, expired, unknownProperty].map((reply) => [reply.status, reply.body.field])).toEqual([
      [400, 'prefix'],
      [400, 'prefix'],
      [400, 'prefix'],
      [400, 'expiresAt'],
      [400, 'body'],
    ]);
    expect((await call('GET', `/do-not-call/${encodeURIComponent(prefix)}`)).status).toBe(404);
  });

  it('reports contactability in dial order: usable, never granted, withdrawn; and outside the window, when each opens', async () => {
    // Prepare: the withdrawn number is typed, so it dials before the untyped one given first
    const itemType = await call('POST', '/item-types', { name: uniqueName('Office'), orderBy: 1 });
    expect(itemType.status).toBe(201);
    const [granted, neverGranted, withdrawn] = [mobileNumber(), mobileNumber(), mobileNumber()];
    const contactId = await createContact(granted, [{ number: neverGranted }, { number: withdrawn, itemTypeId: itemType.body.id }]);
    await recordConsent(granted, { action: 'grant', channels: ['voice'], purposes: ['marketing'] });
    await recordConsent(withdrawn, { action: 'grant', channels: ['voice'], purposes: ['marketing'] });
    await recordConsent(withdrawn, { action: 'withdraw', channels: ['voice'], purposes: ['marketing'], source: 'verbal' });

    // Act
    const open = await contactability(contactId, 'voice', 'marketing', wednesday15);
    const closed = await contactability(contactId, 'voice', 'marketing', wednesday2130Paris);
    const sms = await contactability(contactId, 'sms', 'marketing', wednesday15);
    const badQuery = await call('GET', `/contacts/${contactId}/contactability?channel=fax&purpose=marketing`);
    const unknown = await call('GET', '/contacts/no-such-contact/contactability?channel=voice&purpose=marketing');

    // Assess
    expect(open).toEqual({
      contactId,
      channel: 'voice',
      purpose: 'marketing',
      at: wednesday15,
      usable: [{ number: granted, usable: true, reasons: [] }],
      excluded: [
        { number: withdrawn, usable: false, reasons: ['withdrawn'] },
        { number: neverGranted, usable: false, reasons: ['no-consent'] },
      ],
    });
    expect(closed.usable).toEqual([]);
    expect(closed.excluded).toEqual([
      { number: granted, usable: false, reasons: ['outside-window'], nextOpenAt: thursday08Paris },
      { number: withdrawn, usable: false, reasons: ['withdrawn', 'outside-window'], nextOpenAt: thursday08Paris },
      { number: neverGranted, usable: false, reasons: ['no-consent', 'outside-window'], nextOpenAt: thursday08Paris },
    ]);
    // Voice consent is not SMS consent
    expect(sms.usable).toEqual([]);
    expect(verdicts(sms.excluded)).toEqual([
      [granted, ['no-consent']],
      [withdrawn, ['no-consent']],
      [neverGranted, ['no-consent']],
    ]);
    expect(badQuery).toMatchObject({ status: 400, body: { field: 'query.channel' } });
    expect(unknown.status).toBe(404);
  });

  it('applies the contactability policy: a purpose that needs verification excludes an unverified number, and a verification older than staleAfterDays', async () => {
    // Prepare: a contact whose first number is verified by a one-time code and whose second is not
    const [verified, unverified] = [mobileNumber(), mobileNumber()];
    const contactId = await createContact(verified, [{ number: unverified }]);
    for (const number of [verified, unverified]) await recordConsent(number, { action: 'grant', channels: ['voice'], purposes: ['marketing', 'emergency'] });
    const verifiedAt = await verifyByCode(verified);
    const nextDayNoon = `${new Date(Date.parse(verifiedAt) + dayMs).toISOString().slice(0, 10)}T12:00:00.000Z`;
    const monthLaterNoon = `${new Date(Date.parse(verifiedAt) + 31 * dayMs).toISOString().slice(0, 10)}T12:00:00.000Z`;
    const before = await call('GET', '/settings/contactability');
    expect(before.status).toBe(200);

    // Act: the policy is account-wide and other test files run meanwhile on the same runtime. It is changed for
    // `emergency` only, a purpose no other test dials or asks about (DESIGN's example is marketing; that would make
    // every parallel marketing campaign skip its unverified numbers), and restored at once, whatever happens.
    const { policy, nextDay, monthLater, marketing } = await withPolicy({ verificationRequiredFor: ['emergency'], staleAfterDays: 30 }, before.body, async () => ({
      nextDay: await contactability(contactId, 'voice', 'emergency', nextDayNoon),
      monthLater: await contactability(contactId, 'voice', 'emergency', monthLaterNoon),
      marketing: await contactability(contactId, 'voice', 'marketing', nextDayNoon),
    }));
    const restored = await contactability(contactId, 'voice', 'emergency', monthLaterNoon);

    // Assess
    expect(before.body).toEqual({ verificationRequiredFor: [], staleAfterDays: 365 });
    expect(policy).toEqual({ status: 200, body: { verificationRequiredFor: ['emergency'], staleAfterDays: 30 } });
    expect(nextDay.usable.map((verdict: any) => verdict.number)).toEqual([verified]);
    expect(verdicts(nextDay.excluded)).toEqual([[unverified, ['unverified']]]);
    expect(monthLater.usable).toEqual([]);
    expect(verdicts(monthLater.excluded)).toEqual([
      [verified, ['stale']],
      [unverified, ['unverified']],
    ]);
    expect(marketing.usable.map((verdict: any) => verdict.number)).toEqual([verified, unverified]);
    expect((await call('GET', '/settings/contactability')).body).toEqual(before.body);
    expect(restored.usable.map((verdict: any) => verdict.number)).toEqual([verified, unverified]);
    const invalid = await call('PUT', '/settings/contactability', { verificationRequiredFor: ['emergency'], staleAfterDays: 0 });
    expect(invalid).toMatchObject({ status: 400, body: { field: 'staleAfterDays' } });
    expect((await call('GET', '/settings/contactability')).body).toEqual(before.body);
  });

  it('stores formula-like and hostile evidence as given and returns it as JSON, unchanged', async () => {
    // Prepare
    const number = mobileNumber();
    const contactId = await createContact(number);
    const hostile = {
      disclosureText: '=HYPERLINK("http://evil.example/x","Click")\n+SUM(A1:A9)\t-1+1\r\n@cmd|\' /C calc\'!A0 <script>alert(1)</script> \'; DROP TABLE contacts; -- $' + '{jndi:ldap://x} {{7*7}} \u202Eevil\u202C 😀 "quoted" \\backslash\\',
      disclosureVersion: '=1+1',
      formUrl: 'https://example.com/form?next=%3Cscript%3E&q==cmd|calc',
      agentId: '@SUM(1,2)',
    };

    // Act
    const granted = await call('POST', `${numberPath(number)}/consents`, { action: 'grant', channels: ['sms'], purposes: ['support'], source: 'checkout', evidence: hostile, contactId });
    const read = await call('GET', `${numberPath(number)}/consents`);
    const exported = await call('GET', `/contacts/${contactId}/export`);

    // Assess
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    expect(granted.body.entries[0].evidence).toEqual(hostile);
    expect(read.body.entries[0].evidence).toEqual(hostile);
    expect(exported.status).toBe(200);
    expect(exported.body.numbers[0].ledger[0].evidence).toEqual(hostile);
  });
});

/** The do-not-call list holds every test's entries: read every page and keep the `prefixes` asked for. */
async function listedDoNotCall(prefixes: string[]): Promise<any[]> {
  const found: any[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const reply = await call('GET', `/do-not-call?limit=100${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    expect(reply.status).toBe(200);
    found.push(...reply.body.items.filter((entry: any) => prefixes.includes(entry.prefix)));
    cursor = reply.body.cursor;
    if (cursor === undefined) break;
  }
  return found;
}

/** Runs `act` under `policy`, then puts `previous` back, whatever happened. */
async function withPolicy<T>(policy: unknown, previous: unknown, act: () => Promise<T>): Promise<T & { policy: ApiReply }> {
  try {
    const set = await call('PUT', '/settings/contactability', policy);
    return { ...(await act()), policy: set };
  } finally {
    const restored = await call('PUT', '/settings/contactability', previous);
    expect(restored.status).toBe(200);
  }
}

/** Verifies `number` with the one-time code from the SMS outbox; sends again if campaign time let the code expire. */
async function verifyByCode(number: string): Promise<string> {
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const sent = await call('POST', `${numberPath(number)}/verification`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const outbox = await call('GET', `/_local/sms/outbox?to=${encodeURIComponent(number)}`);
    const code = /(\d{6})/.exec(outbox.body.messages.at(-1)?.body ?? '')?.[1];
    const checked = await call('POST', `${numberPath(number)}/verification/check`, { code });
    if (checked.status === 200) return checked.body.verifiedAt as string;
    expect(checked.body.error, JSON.stringify(checked.body)).toBe('code_expired');
  }
  throw new Error('campaign time kept moving on by 10 minutes during each verification');
}
