// LookupCache in memory, with the DynamoDB adapter's rules: expired answers read as none, a lease is taken only when
// free or run out, and released only by its owner. Two identifiers sharing one instance are two processes sharing a table.
import type { CachedLookup, LookupCache, LookupLease } from '#ports/lookup-cache';

export class InMemoryLookupCache implements LookupCache {
  private readonly entries = new Map<string, CachedLookup>();
  private readonly leases = new Map<string, LookupLease>();
  /** Reads, writes and lease claims made, as a table would bill them. */
  reads = 0;
  writes = 0;
  claims = 0;

  async get(e164: string, now: Date): Promise<CachedLookup | undefined> {
    this.reads += 1;
    const entry = this.entries.get(e164);
    return entry && entry.expiresAt * 1000 > now.getTime() ? structuredClone(entry) : undefined;
  }

  async put(e164: string, entry: CachedLookup): Promise<void> {
    this.writes += 1;
    this.entries.set(e164, structuredClone(entry));
  }

  async claimLease(e164: string, lease: LookupLease, now: Date): Promise<boolean> {
    this.claims += 1;
    const held = this.leases.get(e164);
    if (held && held.until > now.getTime()) return false;
    this.leases.set(e164, { ...lease });
    return true;
  }

  async releaseLease(e164: string, owner: string): Promise<void> {
    if (this.leases.get(e164)?.owner === owner) this.leases.delete(e164);
  }

  /** The answer as stored, expired or not. */
  stored(e164: string): CachedLookup | undefined {
    return structuredClone(this.entries.get(e164));
  }

  /** The lease as stored, run out or not. */
  lease(e164: string): LookupLease | undefined {
    return this.leases.get(e164) && { ...this.leases.get(e164)! };
  }

  /** Test setup: a lease held by a process the test stands for. */
  holdLease(e164: string, lease: LookupLease): void {
    this.leases.set(e164, { ...lease });
  }
}
