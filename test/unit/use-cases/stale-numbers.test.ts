// The daily stale-number job over an in-memory consent store: a number neither verified nor reached within the policy's
// time is marked and queued for re-verification, once; a verification or a reach takes it off the queue.
import { describe, expect, it } from 'vitest';
import { consentEntriesOf, type NewLedgerEntry } from '#domain/consent/consent-ledger';
import { appendToLedger, updateState } from '#domain/use-cases/consent/ledger-append';
import { markStaleNumbers, noteNumberReached } from '#domain/use-cases/consent/stale-numbers';
import { CounterIdGenerator } from '../fakes/counter-id-generator.ts';
import { FixedClock } from '../fakes/fixed-clock.ts';
import { InMemoryConsentStore } from '../fakes/in-memory-consent-store.ts';
import { RecordingOperationsLog } from '../fakes/recording-operations-log.ts';

const now = '2026-03-03T10:00:00.000Z';
const daysAgo = (days: number) => new Date(Date.parse(now) - days * 86_400_000);

function setUp() {
  const consent = new InMemoryConsentStore();
  const ids = new CounterIdGenerator();
  const deps = { consent, clock: new FixedClock(now), log: new RecordingOperationsLog() };

  /** Voice consent for service, given `days` ago on a web form and recorded then. */
  const consentGiven = async (number: string, days: number) => {
    await appendToLedger(consent, number, daysAgo(days), () => consentEntriesOf({ number, action: 'grant', channels: ['voice'], purposes: ['service'], source: 'web-form', actor: 'api' }, daysAgo(days), () => ids.newId()));
  };
  /** A one-time code checked `days` ago: what the verification use case appends. */
  const verified = async (number: string, days: number) => {
    const at = daysAgo(days).toISOString();
    const entry: NewLedgerEntry = { eventId: ids.newId(), number, contactId: undefined, change: { type: 'verified' }, at, recordedAt: at, source: 'api', evidence: {}, actor: 'api' };
    await appendToLedger(consent, number, daysAgo(days), () => [entry]);
  };
  /** A HELP texted `days` ago: a ledger entry, and no consent. */
  const helpRequested = async (number: string, days: number) => {
    const at = daysAgo(days).toISOString();
    const entry: NewLedgerEntry = { eventId: ids.newId(), number, contactId: undefined, change: { type: 'help-requested' }, at, recordedAt: at, source: 'keyword', evidence: { message: 'HELP' }, actor: 'keyword' };
    await appendToLedger(consent, number, daysAgo(days), () => [entry]);
  };
  const stateOf = async (number: string) => (await consent.getStates([number])).get(number);
  const queue = async () => (await consent.listReverificationQueue(100, undefined)).items;

  return { consent, deps, consentGiven, verified, helpRequested, stateOf, queue };
}

describe('markStaleNumbers and noteNumberReached', () => {
  it('marks and queues the numbers neither verified nor reached for a year, counting from the first consent when neither happened', async () => {
    // Prepare
    const setup = setUp();
    const [verifiedLongAgo, reachedLately, consentedLongAgo, consentedYesterday, verifiedLately] = ['+33611000001', '+33611000002', '+33611000003', '+33611000004', '+33611000005'];
    await setup.consentGiven(verifiedLongAgo, 500);
    await setup.verified(verifiedLongAgo, 400);
    await setup.consentGiven(reachedLately, 400);
    await noteNumberReached(setup.consent, reachedLately, daysAgo(10));
    await setup.consentGiven(consentedLongAgo, 400);
    await setup.consentGiven(consentedYesterday, 1);
    await setup.consentGiven(verifiedLately, 400);
    await setup.verified(verifiedLately, 10);
    const fresh = await Promise.all([reachedLately, consentedYesterday, verifiedLately].map(setup.stateOf));

    // Act
    const report = await markStaleNumbers(setup.deps);

    // Assess
    expect(report).toEqual({ examined: 5, marked: 2 });
    expect(await setup.queue()).toEqual([
      { number: verifiedLongAgo, staleSince: now },
      { number: consentedLongAgo, staleSince: now },
    ]);
    expect((await setup.stateOf(verifiedLongAgo))?.staleSince).toBe(now);
    expect((await setup.stateOf(consentedLongAgo))?.staleSince).toBe(now);
    expect(await Promise.all([reachedLately, consentedYesterday, verifiedLately].map(setup.stateOf))).toEqual(fresh);
    expect(fresh[0]?.lastReachedAt).toBe(daysAgo(10).toISOString());
    expect(setup.deps.log.lines).toContainEqual({ level: 'info', message: 'stale numbers marked', fields: { examined: 5, marked: 2, staleAfterDays: 365 } });
  });

  it('marks nothing more on a second run: a stale number keeps the day it went stale', async () => {
    // Prepare
    const setup = setUp();
    const number = '+33611000011';
    await setup.consentGiven(number, 400);
    await markStaleNumbers(setup.deps);
    const marked = await setup.stateOf(number);
    setup.deps.clock.advanceMinutes(24 * 60);

    // Act
    const second = await markStaleNumbers(setup.deps);

    // Assess
    expect(marked?.staleSince).toBe(now);
    expect(second).toEqual({ examined: 1, marked: 0 });
    expect(await setup.stateOf(number)).toEqual(marked);
    expect(await setup.queue()).toEqual([{ number, staleSince: now }]);
  });

  it('takes a number off the queue when it is verified or reached again, and the next run leaves it alone', async () => {
    // Prepare
    const setup = setUp();
    const [verifiedAgain, reachedAgain] = ['+33611000021', '+33611000022'];
    await setup.consentGiven(verifiedAgain, 400);
    await setup.consentGiven(reachedAgain, 400);
    expect(await markStaleNumbers(setup.deps)).toEqual({ examined: 2, marked: 2 });
    expect(await setup.queue()).toHaveLength(2);

    // Act
    await setup.verified(verifiedAgain, 0);
    await noteNumberReached(setup.consent, reachedAgain, new Date(now));
    const next = await markStaleNumbers(setup.deps);

    // Assess
    expect(await setup.queue()).toEqual([]);
    expect(await setup.stateOf(verifiedAgain)).toMatchObject({ staleSince: undefined, verifiedAt: now });
    expect(await setup.stateOf(reachedAgain)).toMatchObject({ staleSince: undefined, lastReachedAt: now });
    expect(next).toEqual({ examined: 2, marked: 0 });
  });

  it('notes a reach only on a number that has a ledger: a call is no reason to start a state', async () => {
    // Prepare
    const setup = setUp();
    const number = '+33611000031';

    // Act
    await noteNumberReached(setup.consent, number, new Date(now));

    // Assess
    expect(await setup.stateOf(number)).toBeUndefined();
  });

  it('never marks a number it knows nothing to count from: no consent, no verification, no reach (a HELP, preferences)', async () => {
    // Prepare
    const setup = setUp();
    const [helpOnly, preferencesOnly] = ['+33611000041', '+33611000042'];
    await setup.helpRequested(helpOnly, 1);
    await updateState(setup.consent, preferencesOnly, daysAgo(1), (state) => ({ ...state, preferences: { ...state.preferences, businessHoursOnly: true } }));

    // Act
    const report = await markStaleNumbers(setup.deps);

    // Assess
    expect(report).toEqual({ examined: 2, marked: 0 });
    expect(await setup.queue()).toEqual([]);
    expect((await setup.stateOf(helpOnly))?.staleSince).toBeUndefined();
  });

  it('marks more under a policy with staleAfterDays 30', async () => {
    // Prepare
    const setup = setUp();
    const [verified60, reached100, consented45, consented20, verified10] = ['+33611000051', '+33611000052', '+33611000053', '+33611000054', '+33611000055'];
    await setup.consentGiven(verified60, 400);
    await setup.verified(verified60, 60);
    await setup.consentGiven(reached100, 400);
    await noteNumberReached(setup.consent, reached100, daysAgo(100));
    await setup.consentGiven(consented45, 45);
    await setup.consentGiven(consented20, 20);
    await setup.consentGiven(verified10, 400);
    await setup.verified(verified10, 10);
    const underDefaultPolicy = await markStaleNumbers(setup.deps);

    // Act
    await setup.consent.putPolicy({ verificationRequiredFor: [], staleAfterDays: 30 });
    const underShortPolicy = await markStaleNumbers(setup.deps);

    // Assess
    expect(underDefaultPolicy).toEqual({ examined: 5, marked: 0 });
    expect(underShortPolicy).toEqual({ examined: 5, marked: 3 });
    expect((await setup.queue()).map((queued) => queued.number).sort()).toEqual([verified60, reached100, consented45].sort());
  });
});
