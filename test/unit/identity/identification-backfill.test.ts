// DESIGN §3's backfill over in-memory ports with the real identification (metadata first, the cache, the lease): which
// OTHER numbers become MOBILE, which are never looked up, and that a failure, a retry, a resume or a second run change
// nothing they should not.
import { describe, expect, it } from 'vitest';
import { allPhones, buildContact, type Contact, type PhoneKind } from '#domain/contact';
import { ConflictError, NotFoundError, VersionConflictError } from '#domain/errors';
import type { BackfillCounts } from '#domain/identity/identification-backfill';
import { editPhone } from '#domain/use-cases/contacts';
import { contactImportSink } from '#domain/use-cases/import-contacts';
import { runBackfill, type BackfillDependencies, type BackfillOptions, type BackfillReport } from '#domain/use-cases/identity/identification-backfill';
import { getBackfill, resumeBackfill, switchIdentification, type IdentificationSwitchDependencies } from '#domain/use-cases/identity/identification-switch';
import { identifyLine, InFlightLookups } from '#domain/use-cases/identity/identify-line';
import type { Page } from '#ports/contact-repository';
import { CounterIdGenerator } from '../fakes/counter-id-generator.ts';
import { CountingMetrics } from '../fakes/counting-metrics.ts';
import { CountingPhoneLookup } from '../fakes/counting-phone-lookup.ts';
import { FixedClock } from '../fakes/fixed-clock.ts';
import { InMemoryContactRepository } from '../fakes/in-memory-contact-repository.ts';
import { InMemoryIdentificationBackfillRepository } from '../fakes/in-memory-identification-backfill-repository.ts';
import { InMemoryIdentificationBackfillStarter } from '../fakes/in-memory-identification-backfill-starter.ts';
import { InMemoryInteractionStore } from '../fakes/in-memory-interaction-store.ts';
import { InMemoryItemTypeRepository } from '../fakes/in-memory-item-type-repository.ts';
import { InMemoryLookupCache } from '../fakes/in-memory-lookup-cache.ts';
import { RecordingOperationsLog } from '../fakes/recording-operations-log.ts';

const now = '2026-03-03T14:00:00.000Z';
/** North American numbers: the metadata cannot tell, only a paid lookup can. */
const us = (n: number) => `+1201555${String(n).padStart(4, '0')}`;
/** Certainly a mobile, and certainly a landline, from the metadata alone. */
const frenchMobile = '+33612345678';
const frenchLandline = '+33142345678';

const mobileAnswer = { lineType: 'mobile', carrier: 'Test Mobile' } as const;
const landlineAnswer = { lineType: 'landline', carrier: 'Test Telco' } as const;

/** A contacts repository whose list fails after `pages` pages, as an invocation that dies half-way would. */
class FailingAfterPages extends InMemoryContactRepository {
  private listed = 0;

  constructor(private readonly pages: number) {
    super();
  }

  override async list(limit: number, cursor: string | undefined): Promise<Page<Contact>> {
    this.listed += 1;
    if (this.listed > this.pages) throw new Error('the invocation died');
    return super.list(limit, cursor);
  }

  /** The next lists succeed: the outage is over. */
  recover(): void {
    this.listed = Number.NEGATIVE_INFINITY;
  }
}

function setUp(contacts = new InMemoryContactRepository()) {
  const interactions = new InMemoryInteractionStore();
  const backfills = new InMemoryIdentificationBackfillRepository();
  const starter = new InMemoryIdentificationBackfillStarter();
  // Unscripted numbers answer landline; no delay: the tests pile nothing up.
  const lookup = new CountingPhoneLookup(landlineAnswer, 0);
  const clock = new FixedClock(now);
  const log = new RecordingOperationsLog();
  const ids = new CounterIdGenerator();
  const lookupDeps = { lookup, lookupCache: new InMemoryLookupCache(), metrics: new CountingMetrics(), clock, ids, sleep: async () => undefined, inFlight: new InFlightLookups(), log };
  const deps: BackfillDependencies & IdentificationSwitchDependencies = { contacts, interactions, backfills, starter, identifyLine: (e164) => identifyLine(lookupDeps, e164), clock, log, ids };
  const contactDeps = { contacts, itemTypes: new InMemoryItemTypeRepository(), ids, clock, defaultRegion: 'US' };
  return { deps, contactDeps, contacts, interactions, backfills, starter, lookup, clock };
}

type Setup = ReturnType<typeof setUp>;

async function holding(setup: Setup, id: string, phones: Array<[string, PhoneKind]>) {
  const [primary, ...additional] = phones.map(([number, kind]) => ({ number, kind }));
  const contact = buildContact(id, { displayName: id, primaryPhone: primary!, additionalPhones: additional }, { defaultRegion: 'US', knownItemTypeIds: new Set(), now: '2026-01-01T00:00:00.000Z' });
  await setup.contacts.create(contact);
  return contact;
}

const options = (overrides: Partial<BackfillOptions> = {}): BackfillOptions => ({ pageSize: 2, concurrency: 2, timeLeftMs: () => 600_000, handOverBelowMs: 180_000, ...overrides });

/** Switch identification off then on, as an administrator would: the second switch starts a backfill. */
async function switchOffAndOn(setup: Setup): Promise<string> {
  const current = await setup.interactions.getIdentificationSetting();
  const off = current.enabled ? await switchIdentification(setup.deps, { enabled: false, version: current.version }, 'user:admin') : { setting: current };
  const on = await switchIdentification(setup.deps, { enabled: true, version: off.setting.version }, 'user:admin');
  return on.backfill!.id;
}

/** Deliver every queued invocation of the worker, as Lambda would, until none is left. */
async function deliverAll(setup: Setup, runOptions = options()): Promise<BackfillReport[]> {
  const reports: BackfillReport[] = [];
  for (let request = setup.starter.take(); request !== undefined; request = setup.starter.take()) reports.push(await runBackfill(setup.deps, request, runOptions));
  return reports;
}

async function phoneOf(setup: Setup, contactId: string, number: string) {
  return allPhones((await setup.contacts.get(contactId))!).find((phone) => phone.number === number)!;
}

const counts = (partial: Partial<BackfillCounts>): BackfillCounts => ({ contactsScanned: 0, phonesExamined: 0, upgraded: 0, notMobile: 0, skippedShared: 0, possibleMatches: 0, lookupFailed: 0, changedMeanwhile: 0, paidLookups: 0, ...partial });

describe('the identification backfill', () => {
  it('upgrades an OTHER mobile held by one contact to MOBILE, keeping the lookup on the phone; a landline stays OTHER with its lookup kept too', async () => {
    // Prepare
    const setup = setUp();
    setup.lookup.answer(us(1), mobileAnswer);
    setup.lookup.answer(us(2), landlineAnswer);
    await holding(setup, 'a', [[us(1), 'OTHER']]);
    await holding(setup, 'b', [[us(2), 'OTHER']]);
    await holding(setup, 'c', [[frenchLandline, 'HOME'], [frenchMobile, 'OTHER']]);

    // Act
    const id = await switchOffAndOn(setup);
    await deliverAll(setup);

    // Assess
    expect(await phoneOf(setup, 'a', us(1))).toMatchObject({ kind: 'MOBILE', lineType: 'mobile', lineTypeSource: 'lookup', lineTypeCheckedAt: now });
    expect(await phoneOf(setup, 'b', us(2))).toMatchObject({ kind: 'OTHER', lineType: 'fixed_line', lineTypeSource: 'lookup', lineTypeCheckedAt: now });
    expect(await phoneOf(setup, 'c', frenchMobile)).toMatchObject({ kind: 'MOBILE', lineType: 'mobile', lineTypeSource: 'metadata' });
    expect(await getBackfill(setup.deps, id)).toMatchObject({ status: 'COMPLETED', pages: 2, finishedAt: now, counts: counts({ contactsScanned: 3, phonesExamined: 3, upgraded: 2, notMobile: 1, paidLookups: 2 }) });
    // The French mobile was settled by its metadata: only the two North American numbers were paid for.
    expect(setup.lookup.calls.sort()).toEqual([us(1), us(2)]);
  });

  it('never upgrades a number several contacts hold, and never looks it up', async () => {
    // Prepare
    const setup = setUp();
    setup.lookup.answer(us(3), mobileAnswer);
    await holding(setup, 'a', [[us(3), 'OTHER']]);
    await holding(setup, 'b', [[us(3), 'OTHER']]);
    await holding(setup, 'c', [[us(3), 'HOME']]);

    // Act
    const id = await switchOffAndOn(setup);
    await deliverAll(setup);

    // Assess
    expect([(await phoneOf(setup, 'a', us(3))).kind, (await phoneOf(setup, 'b', us(3))).kind, (await phoneOf(setup, 'c', us(3))).kind]).toEqual(['OTHER', 'OTHER', 'HOME']);
    expect((await getBackfill(setup.deps, id)).counts).toEqual(counts({ contactsScanned: 3, phonesExamined: 2, skippedShared: 2 }));
    expect(setup.lookup.count()).toBe(0);
  });

  it('never looks up a number already MOBILE, HOME or OFFICE', async () => {
    // Prepare
    const setup = setUp();
    await holding(setup, 'a', [[us(4), 'MOBILE']]);
    await holding(setup, 'b', [[us(5), 'HOME'], [us(6), 'OFFICE']]);

    // Act
    const id = await switchOffAndOn(setup);
    await deliverAll(setup);

    // Assess
    expect((await getBackfill(setup.deps, id)).counts).toEqual(counts({ contactsScanned: 2 }));
    expect(setup.lookup.count()).toBe(0);
    expect(setup.contacts.committed).toHaveLength(2);
  });

  it('never makes a second MOBILE holder: a number another contact holds as MOBILE makes the two a possible match instead', async () => {
    // Prepare
    const setup = setUp();
    await holding(setup, 'a', [[us(7), 'MOBILE']]);
    await holding(setup, 'b', [[us(7), 'OTHER']]);

    // Act
    const id = await switchOffAndOn(setup);
    await deliverAll(setup);

    // Assess
    expect((await phoneOf(setup, 'b', us(7))).kind).toBe('OTHER');
    expect((await setup.interactions.listPossibleMatches(10, undefined)).items).toEqual([{ id: 'a|b', contactIds: ['a', 'b'], reason: 'second-mobile-holder', number: us(7), suggestedAt: now }]);
    expect((await getBackfill(setup.deps, id)).counts).toEqual(counts({ contactsScanned: 2, phonesExamined: 1, possibleMatches: 1 }));
    expect(setup.lookup.count()).toBe(0);
  });

  it('suggests a possible match, not a second MOBILE holder, when another contact takes the number as MOBILE while it is looked up', async () => {
    // Prepare
    const setup = setUp();
    setup.lookup.answer(us(8), mobileAnswer);
    await holding(setup, 'b', [[us(8), 'OTHER']]);
    const identify = setup.deps.identifyLine;
    setup.deps.identifyLine = async (e164) => {
      const answer = await identify(e164);
      // An SMS from the number lands meanwhile on a contact that has just been given it as MOBILE.
      await holding(setup, 'a', [[e164, 'MOBILE']]);
      return answer;
    };

    // Act
    const id = await switchOffAndOn(setup);
    await deliverAll(setup);

    // Assess
    expect((await phoneOf(setup, 'b', us(8))).kind).toBe('OTHER');
    expect((await setup.contacts.findHolders(us(8))).filter((holder) => holder.kind === 'MOBILE').map((holder) => holder.contactId)).toEqual(['a']);
    expect((await setup.interactions.listPossibleMatches(10, undefined)).items).toEqual([expect.objectContaining({ id: 'a|b', reason: 'second-mobile-holder' })]);
    expect((await getBackfill(setup.deps, id)).counts).toMatchObject({ phonesExamined: 1, possibleMatches: 1, upgraded: 0 });
  });

  it('leaves a number whose lookup failed OTHER, and the next backfill looks it up again and upgrades it', async () => {
    // Prepare
    const setup = setUp();
    setup.lookup.answer(us(9), 'fail');
    await holding(setup, 'a', [[us(9), 'OTHER']]);

    // Act
    const first = await switchOffAndOn(setup);
    await deliverAll(setup);
    const afterFailure = await phoneOf(setup, 'a', us(9));
    setup.lookup.answer(us(9), mobileAnswer);
    const second = await switchOffAndOn(setup);
    await deliverAll(setup);

    // Assess
    expect(afterFailure).toMatchObject({ kind: 'OTHER', lineType: 'fixed_line_or_mobile', lineTypeSource: 'metadata' });
    expect((await getBackfill(setup.deps, first)).counts).toEqual(counts({ contactsScanned: 1, phonesExamined: 1, lookupFailed: 1 }));
    expect((await getBackfill(setup.deps, second)).counts).toEqual(counts({ contactsScanned: 1, phonesExamined: 1, upgraded: 1, paidLookups: 1 }));
    expect(await phoneOf(setup, 'a', us(9))).toMatchObject({ kind: 'MOBILE', lineTypeSource: 'lookup' });
    expect(setup.lookup.count(us(9))).toBe(2);
  });

  it('upgrades nothing new when run twice, pays for no lookup the second time, and its counts show it', async () => {
    // Prepare
    const setup = setUp();
    setup.lookup.answer(us(10), mobileAnswer);
    await holding(setup, 'a', [[us(10), 'OTHER']]);
    await holding(setup, 'b', [[us(11), 'OTHER']]);
    await holding(setup, 'c', [[frenchLandline, 'OTHER']]);
    const first = await switchOffAndOn(setup);
    await deliverAll(setup);
    const writes = setup.contacts.committed.length;

    // Act
    const second = await switchOffAndOn(setup);
    await deliverAll(setup);

    // Assess
    expect((await getBackfill(setup.deps, first)).counts).toEqual(counts({ contactsScanned: 3, phonesExamined: 3, upgraded: 1, notMobile: 2, paidLookups: 2 }));
    expect((await getBackfill(setup.deps, second)).counts).toEqual(counts({ contactsScanned: 3, phonesExamined: 2, notMobile: 2 }));
    expect(setup.contacts.committed).toHaveLength(writes);
    expect(setup.lookup.count()).toBe(2);
  });

  it.each(['Lambda retrying the invocation', 'an administrator resuming it'])('interrupted half-way, then resumed by %s, ends as an uninterrupted run: same phones, same counts, no page counted twice', async (how) => {
    // Prepare
    const build = async (contacts?: InMemoryContactRepository) => {
      const setup = setUp(contacts);
      for (let n = 20; n < 27; n += 1) {
        setup.lookup.answer(us(n), n % 2 === 0 ? mobileAnswer : landlineAnswer);
        await holding(setup, `c${n}`, [[us(n), 'OTHER']]);
      }
      await holding(setup, 'shared-1', [[us(30), 'OTHER']]);
      await holding(setup, 'shared-2', [[us(30), 'OTHER']]);
      return setup;
    };
    const uninterrupted = await build();
    const uninterruptedId = await switchOffAndOn(uninterrupted);
    await deliverAll(uninterrupted);
    const failing = new FailingAfterPages(2);
    const interrupted = await build(failing);
    const id = await switchOffAndOn(interrupted);
    const request = interrupted.starter.take()!;

    // Act
    const failure = await runBackfill(interrupted.deps, request, options()).catch((error: unknown) => error);
    const failed = await getBackfill(interrupted.deps, id);
    failing.recover();
    if (how === 'Lambda retrying the invocation') await runBackfill(interrupted.deps, request, options());
    else await resumeBackfill(interrupted.deps, id);
    await deliverAll(interrupted);

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(failed).toMatchObject({ status: 'FAILED', pages: 2, failure: 'Error' });
    const done = await getBackfill(interrupted.deps, id);
    const reference = await getBackfill(uninterrupted.deps, uninterruptedId);
    expect(done).toMatchObject({ status: 'COMPLETED', pages: reference.pages, counts: reference.counts });
    expect(done.counts).toEqual(counts({ contactsScanned: 9, phonesExamined: 9, upgraded: 4, notMobile: 3, skippedShared: 2, paidLookups: 7 }));
    expect((await interrupted.contacts.list(100, undefined)).items).toEqual((await uninterrupted.contacts.list(100, undefined)).items);
    expect(interrupted.lookup.count()).toBe(uninterrupted.lookup.count());
  });

  it('continues itself in a new invocation when its time runs low, from the page it saved', async () => {
    // Prepare
    const setup = setUp();
    for (let n = 40; n < 45; n += 1) await holding(setup, `c${n}`, [[us(n), 'OTHER']]);
    const id = await switchOffAndOn(setup);

    // Act
    const reports = await deliverAll(setup, options({ timeLeftMs: () => 60_000 }));

    // Assess
    expect(reports.map((report) => [report.outcome, report.pages])).toEqual([['continued', 1], ['continued', 1], ['completed', 1]]);
    expect(await getBackfill(setup.deps, id)).toMatchObject({ status: 'COMPLETED', pages: 3, counts: counts({ contactsScanned: 5, phonesExamined: 5, notMobile: 5, paidLookups: 5 }) });
  });

  it('counts each page once when two invocations of one backfill run at the same time', async () => {
    // Prepare
    const setup = setUp();
    for (let n = 50; n < 57; n += 1) {
      setup.lookup.answer(us(n), n % 2 === 0 ? mobileAnswer : landlineAnswer);
      await holding(setup, `c${n}`, [[us(n), 'OTHER']]);
    }
    const id = await switchOffAndOn(setup);
    const request = setup.starter.take()!;

    // Act
    const reports = await Promise.all([runBackfill(setup.deps, request, options()), runBackfill(setup.deps, request, options())]);

    // Assess
    const backfill = await getBackfill(setup.deps, id);
    expect(backfill).toMatchObject({ status: 'COMPLETED', pages: 4 });
    expect(backfill.counts).toMatchObject({ contactsScanned: 7, phonesExamined: 7 });
    expect(reports.map((report) => report.outcome).sort()).toEqual(['completed', 'overtaken']);
    const kinds = await Promise.all(Array.from({ length: 7 }, async (_, i) => (await phoneOf(setup, `c${50 + i}`, us(50 + i))).kind));
    expect(kinds).toEqual(['MOBILE', 'OTHER', 'MOBILE', 'OTHER', 'MOBILE', 'OTHER', 'MOBILE']);
  });

  it('keeps what the lookup found on the phone through an edit and an import of the same contact', async () => {
    // Prepare
    const setup = setUp();
    setup.lookup.answer(us(60), mobileAnswer);
    await holding(setup, 'a', [[us(60), 'OTHER']]);
    await switchOffAndOn(setup);
    await deliverAll(setup);
    setup.clock.advanceMinutes(60);

    // Act
    await editPhone(setup.contactDeps, 'a', us(60), { description: 'own phone' });
    const outcomes = await contactImportSink(setup.contactDeps, []).write([{ line: 2, importKey: `phone:${us(60)}`, input: { displayName: 'Ada Renamed', primaryPhone: { number: us(60) } }, unspecifiedKinds: new Set([us(60)]) }]);

    // Assess
    expect(outcomes).toEqual(['updated']);
    const contact = (await setup.contacts.get('a'))!;
    expect(contact.displayName).toBe('Ada Renamed');
    expect(contact.primaryPhone).toMatchObject({ kind: 'MOBILE', description: 'own phone', lineType: 'mobile', lineTypeSource: 'lookup', lineTypeCheckedAt: now });
  });
});

describe('switching identification', () => {
  it('starts a backfill only from off to on; the same value again starts nothing; a stale version changes nothing', async () => {
    // Prepare
    const setup = setUp();

    // Act
    const alreadyOn = await switchIdentification(setup.deps, { enabled: true, version: 0 }, 'user:admin');
    const off = await switchIdentification(setup.deps, { enabled: false, version: 0 }, 'user:admin');
    const stale = await switchIdentification(setup.deps, { enabled: true, version: 0 }, 'user:admin').catch((error: unknown) => error);
    const on = await switchIdentification(setup.deps, { enabled: true, version: 1 }, 'user:admin');
    const onAgain = await switchIdentification(setup.deps, { enabled: true, version: 2 }, 'user:admin');

    // Assess
    expect(alreadyOn).toEqual({ setting: { enabled: true, version: 0, updatedAt: undefined }, backfill: undefined });
    expect(off).toEqual({ setting: { enabled: false, version: 1, updatedAt: now, backfillId: undefined }, backfill: undefined });
    expect(stale).toBeInstanceOf(VersionConflictError);
    expect(on.setting).toEqual({ enabled: true, version: 2, updatedAt: now, backfillId: on.backfill!.id });
    expect(on.backfill).toMatchObject({ status: 'RUNNING', pages: 0, startedBy: 'user:admin', startedAt: now });
    expect(onAgain.backfill).toBeUndefined();
    expect(setup.starter.requests).toEqual([{ backfillId: on.backfill!.id }]);
    expect(await setup.interactions.getIdentificationSetting()).toEqual(on.setting);
  });

  it('switched off, stops the running backfill: its next invocation ends it, and it cannot be resumed', async () => {
    // Prepare
    const setup = setUp();
    for (let n = 70; n < 75; n += 1) await holding(setup, `c${n}`, [[us(n), 'OTHER']]);
    const id = await switchOffAndOn(setup);
    const first = await runBackfill(setup.deps, setup.starter.take()!, options({ timeLeftMs: () => 0 }));
    const { version } = await setup.interactions.getIdentificationSetting();

    // Act
    const off = await switchIdentification(setup.deps, { enabled: false, version }, 'user:admin');
    const next = await deliverAll(setup);
    const resumed = await resumeBackfill(setup.deps, id).catch((error: unknown) => error);

    // Assess
    expect(first.outcome).toBe('continued');
    expect(off.backfill).toMatchObject({ id, status: 'STOPPED', pages: 1, finishedAt: now });
    expect(next.map((report) => report.outcome)).toEqual(['ignored']);
    expect(await getBackfill(setup.deps, id)).toMatchObject({ status: 'STOPPED', pages: 1, counts: { contactsScanned: 2 } });
    expect(resumed).toBeInstanceOf(ConflictError);
    expect(setup.lookup.count()).toBe(2);
  });

  it('the worker stops a backfill the setting no longer names, however it was switched', async () => {
    // Prepare
    const setup = setUp();
    await holding(setup, 'a', [[us(80), 'OTHER']]);
    const id = await switchOffAndOn(setup);
    const setting = await setup.interactions.getIdentificationSetting();
    // As if the switch had died between writing the setting and stopping the backfill.
    await setup.interactions.putIdentificationSetting(setting, { ...setting, enabled: false, version: setting.version + 1 });

    // Act
    const reports = await deliverAll(setup);

    // Assess
    expect(reports.map((report) => report.outcome)).toEqual(['stopped']);
    expect(await getBackfill(setup.deps, id)).toMatchObject({ status: 'STOPPED', pages: 0 });
    expect(setup.lookup.count()).toBe(0);
  });

  it('resumes only a backfill that is not finished; one the switch named but did not create is created', async () => {
    // Prepare
    const setup = setUp();
    await holding(setup, 'a', [[us(90), 'OTHER']]);
    const completed = await switchOffAndOn(setup);
    await deliverAll(setup);
    const setting = await setup.interactions.getIdentificationSetting();
    // As if the switch had died right after writing the setting.
    await setup.interactions.putIdentificationSetting(setting, { ...setting, version: setting.version + 1, backfillId: 'never-created' });

    // Act
    const finished = await resumeBackfill(setup.deps, completed).catch((error: unknown) => error);
    const unknown = await resumeBackfill(setup.deps, 'no-such-backfill').catch((error: unknown) => error);
    const created = await resumeBackfill(setup.deps, 'never-created');
    const reports = await deliverAll(setup);

    // Assess
    expect(finished).toBeInstanceOf(ConflictError);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(created).toMatchObject({ id: 'never-created', status: 'RUNNING', pages: 0 });
    expect(reports.map((report) => report.outcome)).toEqual(['completed']);
    expect(await getBackfill(setup.deps, 'never-created')).toMatchObject({ status: 'COMPLETED', counts: { contactsScanned: 1, phonesExamined: 1, notMobile: 1 } });
  });
});
