// Where paid lookup answers are kept, and the lease that lets one process at a time pay for a number's lookup.
import type { LookupResult } from './phone-lookup.ts';

export interface CachedLookup {
  result: LookupResult;
  /** ISO time the provider answered. */
  checkedAt: string;
  /** Epoch seconds after which the answer is no longer used (and the store may delete it). */
  expiresAt: number;
}

export interface LookupLease {
  /** Who holds it: only the holder releases it. */
  owner: string;
  /** Epoch milliseconds after which another process may take it over (its holder presumably died). */
  until: number;
}

export interface LookupCache {
  /** The answer kept for `e164`, or undefined when there is none or it expired by `now` (deletion may lag). Read strongly consistent. */
  get(e164: string, now: Date): Promise<CachedLookup | undefined>;

  /** Keep an answer, replacing any earlier one. */
  put(e164: string, entry: CachedLookup): Promise<void>;

  /** Take the lease on `e164` if nobody holds it or its holder's lease ran out by `now`: true when taken. */
  claimLease(e164: string, lease: LookupLease, now: Date): Promise<boolean>;

  /** Give the lease back; nothing happens when `owner` no longer holds it. */
  releaseLease(e164: string, owner: string): Promise<void>;
}
