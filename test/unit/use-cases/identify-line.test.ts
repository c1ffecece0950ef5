// identifyLine: the lookup economy. Metadata and SMS cost nothing; an ambiguous number costs one paid lookup per cache
// lifetime, however many identify it at once, in one process or in several sharing the cache; a failure keeps nothing.
import { describe, expect, it, vi } from 'vitest';
import { identifyLine, InFlightLookups, type LineIdentificationDependencies, type LineIdentificationSettings } from '#domain/use-cases/identity/identify-line';
import type { CachedLookup } from '#ports/lookup-cache';
import { CountingMetrics } from '../fakes/counting-metrics.ts';
import { CountingPhoneLookup } from '../fakes/counting-phone-lookup.ts';
import { FixedClock } from '../fakes/fixed-clock.ts';
import { InMemoryLookupCache } from '../fakes/in-memory-lookup-cache.ts';
import { RecordingOperationsLog } from '../fakes/recording-operations-log.ts';

const usNumber = '+12015550123';
const start = '2026-03-03T10:00:00.000Z';
const day = 86_400_000;

/** What the processes of one test share: the table (cache and lease), the provider, the metrics, the clock. */
function world(lookup = new CountingPhoneLookup()) {
  return { cache: new InMemoryLookupCache(), lookup, metrics: new CountingMetrics(), clock: new FixedClock(start), log: new RecordingOperationsLog(), sleeps: [] as number[] };
}

let owners = 0;

/** One process: its own in-flight map, the world's stores. Its sleep waits a few real milliseconds, whatever it is asked. */
function processIn(shared: ReturnType<typeof world>, settings: Partial<LineIdentificationSettings> = {}): LineIdentificationDependencies {
  return {
    lookup: shared.lookup,
    lookupCache: shared.cache,
    metrics: shared.metrics,
    clock: shared.clock,
    ids: { newId: () => `owner-${(owners += 1)}` },
    sleep: async (milliseconds) => {
      shared.sleeps.push(milliseconds);
      await new Promise((resolve) => setTimeout(resolve, 5));
    },
    inFlight: new InFlightLookups(),
    log: shared.log,
    settings,
  };
}

describe('identifyLine', () => {
  it.each([
    ['+33612345678', true, 'mobile'],
    ['+447400123456', true, 'mobile'],
    ['+442079460958', false, 'fixed_line'],
    ['+18005550199', false, 'toll_free'],
  ])('settles %s from the metadata: no lookup, no cache read', async (number, mobile, lineType) => {
    // Prepare
    const shared = world();

    // Act
    const result = await identifyLine(processIn(shared), number);

    // Assess
    expect(result).toEqual({ mobile, lineType, source: 'metadata', checkedAt: start });
    expect(shared.lookup.count()).toBe(0);
    expect(shared.cache.reads).toBe(0);
    expect(shared.metrics.total('PaidLookups')).toBe(0);
  });

  it('takes a number that texted us for a mobile without looking it up, even where the metadata cannot tell', async () => {
    // Prepare
    const shared = world();

    // Act
    const result = await identifyLine(processIn(shared), usNumber, { origin: 'sms' });

    // Assess
    expect(result).toEqual({ mobile: true, lineType: 'mobile', source: 'sms', checkedAt: start });
    expect(shared.lookup.count()).toBe(0);
    expect(shared.cache.reads).toBe(0);
  });

  it('pays one lookup for an ambiguous number, counts it, keeps the answer 180 days, and pays none until then', async () => {
    // Prepare
    const shared = world();
    const deps = processIn(shared);

    // Act
    const first = await identifyLine(deps, usNumber);
    shared.clock.advanceMinutes((180 * day - 60_000) / 60_000);
    const beforeExpiry = await identifyLine(deps, usNumber);
    shared.clock.advanceMinutes(2);
    const afterExpiry = await identifyLine(deps, usNumber);

    // Assess
    expect(first).toEqual({ mobile: true, lineType: 'mobile', source: 'lookup', lookupLineType: 'mobile', checkedAt: start });
    expect(beforeExpiry).toEqual({ ...first, source: 'cache' });
    expect(afterExpiry).toMatchObject({ mobile: true, source: 'lookup' });
    expect(shared.lookup.count(usNumber)).toBe(2);
    expect(shared.metrics.total('PaidLookups')).toBe(2);
  });

  it('writes the answer with its expiry in epoch seconds, and gives the lease back', async () => {
    // Prepare
    const shared = world();

    // Act
    await identifyLine(processIn(shared, { cacheLifetimeDays: 30 }), usNumber);

    // Assess
    expect(shared.cache.stored(usNumber)).toEqual({ result: { lineType: 'mobile', carrier: 'Test Mobile' }, checkedAt: start, expiresAt: (Date.parse(start) + 30 * day) / 1000 });
    expect(shared.cache.lease(usNumber)).toBeUndefined();
  });

  it('checks the lifetime at read: an answer kept for 180 days is not used past a lifetime since shortened to 30', async () => {
    // Prepare
    const shared = world();
    await identifyLine(processIn(shared), usNumber);
    shared.clock.advanceMinutes((31 * day) / 60_000);

    // Act
    const result = await identifyLine(processIn(shared, { cacheLifetimeDays: 30 }), usNumber);

    // Assess
    expect(result.source).toBe('lookup');
    expect(shared.lookup.count()).toBe(2);
  });

  it.each([
    [{ lineType: 'landline' }, false, 'fixed_line'],
    [{ lineType: 'voip' }, false, 'voip'],
    [{ lineType: 'prepaid' }, true, 'mobile'],
    [{ lineType: 'invalid' }, false, 'fixed_line_or_mobile'],
    [{ lineType: 'other' }, false, 'fixed_line_or_mobile'],
  ] as const)('reads a lookup answering %o as mobile %s, line type %s', async (answer, mobile, lineType) => {
    // Prepare
    const shared = world(new CountingPhoneLookup(answer));

    // Act
    const result = await identifyLine(processIn(shared), usNumber);

    // Assess
    expect(result).toEqual({ mobile, lineType, source: 'lookup', lookupLineType: answer.lineType, checkedAt: start });
  });

  it('makes exactly one lookup for 20 concurrent identifications of one number in one process', async () => {
    // Prepare
    const shared = world();
    const deps = processIn(shared);

    // Act
    const results = await Promise.all(Array.from({ length: 20 }, () => identifyLine(deps, usNumber)));

    // Assess
    expect(shared.lookup.count()).toBe(1);
    expect(shared.metrics.total('PaidLookups')).toBe(1);
    expect(results.every((result) => result.mobile === true)).toBe(true);
    // One flight: one read, one lease claim, one read again under the lease.
    expect(shared.cache.claims).toBe(1);
    expect(shared.cache.reads).toBe(2);
    expect(deps.inFlight.size).toBe(0);
  });

  it('makes exactly one lookup for 20 concurrent identifications split between two processes sharing the cache', async () => {
    // Prepare
    const shared = world();
    const processes = [processIn(shared), processIn(shared)];

    // Act
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => identifyLine(processes[index % 2]!, usNumber)));

    // Assess
    expect(shared.lookup.count()).toBe(1);
    expect(shared.metrics.total('PaidLookups')).toBe(1);
    expect(results.map((result) => result.mobile)).toEqual(Array(20).fill(true));
    expect(new Set(results.map((result) => result.source))).toEqual(new Set(['lookup', 'cache']));
    expect(shared.cache.lease(usNumber)).toBeUndefined();
  });

  it('reads the cache again once it holds the lease: a process that answered and let go in between is not paid twice', async () => {
    // Prepare
    const shared = world();
    const [slow, fast] = [processIn(shared), processIn(shared)];
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let firstRead = true;
    slow!.lookupCache = {
      get: async (number, now) => {
        const read = await shared.cache.get(number, now);
        if (firstRead) {
          firstRead = false;
          await gate;
        }
        return read;
      },
      put: (number, entry) => shared.cache.put(number, entry),
      claimLease: (number, lease, now) => shared.cache.claimLease(number, lease, now),
      releaseLease: (number, owner) => shared.cache.releaseLease(number, owner),
    };
    const slowIdentification = identifyLine(slow!, usNumber);

    // Act
    const fastResult = await identifyLine(fast!, usNumber);
    openGate();
    const slowResult = await slowIdentification;

    // Assess
    expect(fastResult.source).toBe('lookup');
    expect(slowResult).toMatchObject({ mobile: true, source: 'cache' });
    expect(shared.lookup.count()).toBe(1);
  });

  it('answers failed rather than pay twice when the other process holding the lease does not answer in time', async () => {
    // Prepare
    const shared = world(new CountingPhoneLookup(undefined, 200));
    const [winner, loser] = [processIn(shared), processIn(shared, { pollAttempts: 4, pollIntervalMs: 150 })];

    const winning = identifyLine(winner!, usNumber);
    await vi.waitFor(() => expect(shared.lookup.count()).toBe(1));

    // Act
    const lost = await identifyLine(loser!, usNumber);
    const won = await winning;

    // Assess
    expect(lost).toEqual({ mobile: undefined, lineType: 'fixed_line_or_mobile', source: 'failed' });
    expect(won.source).toBe('lookup');
    expect(shared.lookup.count()).toBe(1);
    expect(shared.sleeps).toEqual([150, 150, 150, 150]);
  });

  it('takes over a lease whose holder died once it has run out', async () => {
    // Prepare
    const shared = world();
    shared.cache.holdLease(usNumber, { owner: 'dead-process', until: Date.parse(start) });

    // Act
    const result = await identifyLine(processIn(shared), usNumber);

    // Assess
    expect(result.source).toBe('lookup');
    expect(shared.lookup.count()).toBe(1);
    expect(shared.sleeps).toEqual([]);
  });

  it('keeps nothing when the lookup fails, gives the lease back, and looks up again at the next identification', async () => {
    // Prepare
    const shared = world();
    shared.lookup.answer(usNumber, 'fail');
    const deps = processIn(shared);

    // Act
    const failed = await identifyLine(deps, usNumber);
    shared.lookup.answer(usNumber, { lineType: 'landline' });
    const retried = await identifyLine(deps, usNumber);

    // Assess
    expect(failed).toEqual({ mobile: undefined, lineType: 'fixed_line_or_mobile', source: 'failed' });
    expect(retried).toMatchObject({ mobile: false, lineType: 'fixed_line', source: 'lookup' });
    expect(shared.lookup.count(usNumber)).toBe(2);
    expect(shared.cache.writes).toBe(1);
    expect(shared.metrics.total('PaidLookups')).toBe(2);
    expect(shared.metrics.total('LookupFailures')).toBe(1);
    expect(shared.log.lines.find((line) => line.level === 'warn')).toMatchObject({ fields: { error: 'LookupUnavailableError', providerCode: 'TestOutage' } });
    expect(shared.log.text()).not.toContain(usNumber.slice(2));
  });

  it('answers from a paid lookup even when its answer cannot be kept', async () => {
    // Prepare
    const shared = world();
    shared.cache.put = async (_number: string, _entry: CachedLookup) => {
      throw Object.assign(new Error('table unavailable'), { name: 'ProvisionedThroughputExceededException' });
    };

    // Act
    const result = await identifyLine(processIn(shared), usNumber);

    // Assess
    expect(result).toMatchObject({ mobile: true, source: 'lookup' });
    expect(shared.log.lines).toContainEqual({ level: 'warn', message: 'number lookup answer not cached', fields: { error: 'ProvisionedThroughputExceededException' } });
  });

  it('refuses what is not a number before paying anything', async () => {
    // Prepare
    const shared = world();

    // Act
    const error = await identifyLine(processIn(shared), 'anonymous').catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ name: 'InvalidPhoneNumberError' });
    expect(shared.lookup.count()).toBe(0);
  });
});
