// Is this number a mobile? Metadata first, then the cache, then one paid lookup per number, however many ask at once.
import { classifyLine } from '#domain/identity/line-classification';
import type { LineType } from '#domain/phone-number';
import type { Clock } from '#ports/clock';
import type { IdGenerator } from '#ports/id-generator';
import type { CachedLookup, LookupCache } from '#ports/lookup-cache';
import type { Metrics } from '#ports/metrics';
import type { OperationsLog } from '#ports/operations-log';
import type { LookupLineType, PhoneLookup } from '#ports/phone-lookup';

/**
 * `metadata`: the number metadata settled it, free. `sms`: the number texted us, which proves a mobile, free.
 * `cache`: a paid answer kept from before. `lookup`: paid for now. `failed`: nobody can tell this time (the lookup
 * failed, or another process is paying for it and did not answer in time); nothing was kept, so a later call tries again.
 */
export type IdentificationSource = 'metadata' | 'sms' | 'cache' | 'lookup' | 'failed';

export interface LineIdentification {
  /** undefined when `source` is `failed`: leave the number as it is (OTHER), never guess. */
  mobile: boolean | undefined;
  /** The line type to keep on the phone; the metadata's when a lookup failed or answered invalid/other. */
  lineType: LineType;
  source: IdentificationSource;
  /** The provider's own answer, when a paid lookup (now or cached) settled it. */
  lookupLineType?: LookupLineType;
  /** ISO time the answer was found (a cached answer's own time); absent when `failed`. */
  checkedAt?: string;
}

export interface LineIdentificationSettings {
  /** How long a paid answer is used: numbers are ported between mobile and fixed networks rarely. */
  cacheLifetimeDays: number;
  /** How long a process may hold a number's lookup before another takes over: far above a lookup's few seconds. */
  leaseSeconds: number;
  /** A process that finds the lease taken reads the cache this many times, this far apart, then gives up (`failed`). */
  pollAttempts: number;
  pollIntervalMs: number;
}

export const defaultLineIdentificationSettings: LineIdentificationSettings = {
  cacheLifetimeDays: 180,
  leaseSeconds: 30,
  // Two seconds in all: the lookup client's own time limit, retries included, is of that order.
  pollAttempts: 10,
  pollIntervalMs: 200,
};

/** Concurrent identifications of one number within this process share one promise: one per process, not per call. */
export class InFlightLookups {
  private readonly pending = new Map<string, Promise<LineIdentification>>();

  share(number: string, start: () => Promise<LineIdentification>): Promise<LineIdentification> {
    const running = this.pending.get(number);
    if (running) return running;
    const started = start().finally(() => this.pending.delete(number));
    this.pending.set(number, started);
    return started;
  }

  /** Numbers being identified now. */
  get size(): number {
    return this.pending.size;
  }
}

export interface LineIdentificationDependencies {
  lookup: PhoneLookup;
  lookupCache: LookupCache;
  metrics: Metrics;
  clock: Clock;
  /** The lease owner's id. */
  ids: Pick<IdGenerator, 'newId'>;
  sleep: (milliseconds: number) => Promise<void>;
  inFlight: InFlightLookups;
  log: OperationsLog;
  settings?: Partial<LineIdentificationSettings>;
}

export interface IdentifyLineOptions {
  now?: Date;
  /** `sms`: the number reached us by SMS, which only a mobile can send. */
  origin?: 'call' | 'sms';
}

/** What a paid answer says; invalid and other add nothing to the metadata's line type. */
const lookupAnswers: Record<LookupLineType, { mobile: boolean; lineType: LineType | undefined }> = {
  mobile: { mobile: true, lineType: 'mobile' },
  prepaid: { mobile: true, lineType: 'mobile' },
  landline: { mobile: false, lineType: 'fixed_line' },
  voip: { mobile: false, lineType: 'voip' },
  invalid: { mobile: false, lineType: undefined },
  other: { mobile: false, lineType: undefined },
};

/**
 * Identify an E.164 number. Pays for at most one lookup per number per cache lifetime: concurrent calls in this
 * process share one promise; across processes a lease lets one pay while the others read its answer from the cache.
 * Throws InvalidPhoneNumberError when `e164` is not a number; a store error other than caching a paid answer is thrown.
 */
export async function identifyLine(deps: LineIdentificationDependencies, e164: string, options: IdentifyLineOptions = {}): Promise<LineIdentification> {
  const now = options.now ?? deps.clock.now();
  if (options.origin === 'sms') return { mobile: true, lineType: 'mobile', source: 'sms', checkedAt: now.toISOString() };
  const { verdict, lineType } = classifyLine(e164);
  if (verdict !== 'ambiguous') return { mobile: verdict === 'mobile', lineType, source: 'metadata', checkedAt: now.toISOString() };
  return deps.inFlight.share(e164, () => identifyAmbiguous(deps, e164, lineType, now));
}

async function identifyAmbiguous(deps: LineIdentificationDependencies, e164: string, metadataLineType: LineType, now: Date): Promise<LineIdentification> {
  const settings = { ...defaultLineIdentificationSettings, ...deps.settings };
  const cached = await freshEntry(deps, e164, now, settings);
  if (cached) return fromAnswer(cached, 'cache', metadataLineType);

  const owner = deps.ids.newId();
  const taken = await deps.lookupCache.claimLease(e164, { owner, until: now.getTime() + settings.leaseSeconds * 1000 }, now);
  if (!taken) return awaitOtherProcess(deps, e164, metadataLineType, now, settings);
  try {
    // Another process may have answered and given the lease back between our read and our claim.
    const answered = await freshEntry(deps, e164, now, settings);
    if (answered) return fromAnswer(answered, 'cache', metadataLineType);
    return await lookUpAndKeep(deps, e164, metadataLineType, now, settings);
  } finally {
    await deps.lookupCache.releaseLease(e164, owner).catch((error: unknown) => {
      // It runs out by itself: the next lookup of this number waits at most leaseSeconds.
      deps.log.warn('number lookup lease not released', { error: errorName(error) });
    });
  }
}

async function lookUpAndKeep(deps: LineIdentificationDependencies, e164: string, metadataLineType: LineType, now: Date, settings: LineIdentificationSettings): Promise<LineIdentification> {
  deps.metrics.count('PaidLookups');
  let entry: CachedLookup;
  try {
    const result = await deps.lookup.lookup(e164);
    entry = { result, checkedAt: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + settings.cacheLifetimeDays * 86_400 };
  } catch (error) {
    deps.metrics.count('LookupFailures');
    deps.log.warn('number lookup failed: the number is left as it is and looked up again next time', { error: errorName(error), providerCode: providerCode(error) });
    return failed(metadataLineType);
  }
  deps.log.info('number looked up', { lookupLineType: entry.result.lineType });
  try {
    await deps.lookupCache.put(e164, entry);
  } catch (error) {
    // Paid for: the answer is used now even though the next identification will pay again.
    deps.log.warn('number lookup answer not cached', { error: errorName(error) });
  }
  return fromAnswer(entry, 'lookup', metadataLineType);
}

/** Another process holds the lease: read its answer when it comes, never pay a second time. */
async function awaitOtherProcess(deps: LineIdentificationDependencies, e164: string, metadataLineType: LineType, now: Date, settings: LineIdentificationSettings): Promise<LineIdentification> {
  for (let attempt = 0; attempt < settings.pollAttempts; attempt += 1) {
    await deps.sleep(settings.pollIntervalMs);
    const entry = await freshEntry(deps, e164, now, settings);
    if (entry) return fromAnswer(entry, 'cache', metadataLineType);
  }
  deps.log.info('number lookup under way elsewhere did not answer in time: not identified this time', {});
  return failed(metadataLineType);
}

/** The store drops expired items late (TTL), and the lifetime setting may have shortened since an item was written. */
async function freshEntry(deps: LineIdentificationDependencies, e164: string, now: Date, settings: LineIdentificationSettings): Promise<CachedLookup | undefined> {
  const entry = await deps.lookupCache.get(e164, now);
  if (entry === undefined) return undefined;
  const fresh = entry.expiresAt * 1000 > now.getTime() && Date.parse(entry.checkedAt) + settings.cacheLifetimeDays * 86_400_000 > now.getTime();
  return fresh ? entry : undefined;
}

function fromAnswer(entry: CachedLookup, source: 'cache' | 'lookup', metadataLineType: LineType): LineIdentification {
  const answer = lookupAnswers[entry.result.lineType];
  return { mobile: answer.mobile, lineType: answer.lineType ?? metadataLineType, source, lookupLineType: entry.result.lineType, checkedAt: entry.checkedAt };
}

function failed(metadataLineType: LineType): LineIdentification {
  return { mobile: undefined, lineType: metadataLineType, source: 'failed' };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

function providerCode(error: unknown): string | undefined {
  const code = (error as { providerCode?: unknown } | undefined)?.providerCode;
  return typeof code === 'string' ? code : undefined;
}
