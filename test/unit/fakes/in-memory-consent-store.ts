// ConsentStore in memory, with the DynamoDB adapter's conditions: a ledger append and its state are written together
// only when the stored state is still the one they were derived from; an idempotency key is used once.
import { consentChannels, consentPurposes, consentKey, emptyConsentState, type LedgerEntry, type NumberConsentState } from '#domain/consent/consent-ledger';
import type { DoNotCallEntry } from '#domain/consent/do-not-call';
import { defaultContactabilityPolicy, type ContactabilityPolicy, type Suppression } from '#domain/contactability/contactability';
import type { AppendOptions, AppendResult, ConsentStore, ContactabilityInputs } from '#ports/consent-store';
import type { Page } from '#ports/contact-repository';

export class InMemoryConsentStore implements ConsentStore {
  readonly ledger = new Map<string, LedgerEntry[]>();
  private readonly states = new Map<string, NumberConsentState>();
  private readonly doNotCall = new Map<string, DoNotCallEntry>();
  private readonly suppressions = new Map<string, Suppression>();
  private readonly seen = new Set<string>();
  private readonly queue = new Map<string, string>();
  private policy: ContactabilityPolicy = defaultContactabilityPolicy;
  /** How many times contactability inputs were read: the dialer reads them right before every dial. */
  reads = 0;

  /** Test setup: voice and SMS consent for every purpose on each number, as a web form would record it. */
  grantEverything(numbers: readonly string[], at: string): void {
    for (const number of numbers) {
      const state = this.states.get(number) ?? emptyConsentState(number, at);
      const consents = Object.fromEntries(consentChannels.flatMap((channel) => consentPurposes.map((purpose) => [consentKey(channel, purpose), { status: 'granted', at, source: 'web-form', sequence: 0 }])));
      this.states.set(number, { ...state, consents, revision: state.revision + 1 });
    }
  }

  async append(previous: NumberConsentState | undefined, entries: readonly LedgerEntry[], next: NumberConsentState, options: AppendOptions = {}): Promise<AppendResult> {
    if (options.idempotencyKey !== undefined && this.seen.has(options.idempotencyKey)) return 'duplicate';
    if (!this.holds(previous, next.number)) return 'moved';
    // The adapter puts each entry under its sequence only where none is: an entry never overwrites another.
    const taken = new Set((this.ledger.get(next.number) ?? []).map((entry) => entry.sequence));
    if (entries.some((entry) => taken.has(entry.sequence))) return 'moved';
    if (options.idempotencyKey !== undefined) this.seen.add(options.idempotencyKey);
    this.ledger.set(next.number, [...(this.ledger.get(next.number) ?? []), ...structuredClone(entries)]);
    this.writeState(previous, next);
    return 'appended';
  }

  async replaceState(previous: NumberConsentState | undefined, next: NumberConsentState): Promise<boolean> {
    if (!this.holds(previous, next.number)) return false;
    this.writeState(previous, next);
    return true;
  }

  async getStates(numbers: readonly string[]): Promise<Map<string, NumberConsentState>> {
    return new Map(numbers.flatMap((number) => (this.states.has(number) ? [[number, structuredClone(this.states.get(number)!)] as const] : [])));
  }

  async contactabilityInputs(numbers: readonly string[], doNotCallList?: readonly DoNotCallEntry[]): Promise<ContactabilityInputs> {
    this.reads += 1;
    const list = doNotCallList ?? [...this.doNotCall.values()];
    const facts = new Map(
      numbers.map((number) => [
        number,
        { state: structuredClone(this.states.get(number)), doNotCall: list.filter((entry) => number.startsWith(entry.prefix)), suppression: this.suppressions.get(number) },
      ]),
    );
    return { facts, policy: this.policy };
  }

  async allDoNotCall(): Promise<DoNotCallEntry[]> {
    return [...this.doNotCall.values()];
  }

  async lastLedgerSequence(number: string): Promise<number> {
    return Math.max(0, ...(this.ledger.get(number) ?? []).map((entry) => entry.sequence));
  }

  async listLedger(number: string, limit: number, cursor: string | undefined): Promise<Page<LedgerEntry>> {
    return pageOf(this.ledger.get(number) ?? [], limit, cursor);
  }

  async putDoNotCall(entry: DoNotCallEntry): Promise<void> {
    this.doNotCall.set(entry.prefix, structuredClone(entry));
  }

  async deleteDoNotCall(prefix: string): Promise<boolean> {
    return this.doNotCall.delete(prefix);
  }

  async getDoNotCall(prefix: string): Promise<DoNotCallEntry | undefined> {
    return structuredClone(this.doNotCall.get(prefix));
  }

  async listDoNotCall(limit: number, cursor: string | undefined): Promise<Page<DoNotCallEntry>> {
    return pageOf([...this.doNotCall.values()].sort((a, b) => a.prefix.localeCompare(b.prefix)), limit, cursor);
  }

  async eraseNumber(state: NumberConsentState | undefined, number: string, suppress: Suppression | undefined): Promise<void> {
    if (!this.holds(state, number)) throw new Error('the consent state of a number changed while it was erased: erase again');
    this.states.delete(number);
    this.queue.delete(number);
    if (suppress) this.suppressions.set(number, suppress);
  }

  async listStates(limit: number, cursor: string | undefined): Promise<Page<NumberConsentState>> {
    return pageOf([...this.states.values()], limit, cursor);
  }

  async markStale(previous: NumberConsentState, next: NumberConsentState): Promise<boolean> {
    if (!(await this.replaceState(previous, next))) return false;
    this.queue.set(next.number, next.staleSince!);
    return true;
  }

  async listReverificationQueue(limit: number, cursor: string | undefined): Promise<Page<{ number: string; staleSince: string }>> {
    const queued = [...this.queue.entries()].map(([number, staleSince]) => ({ number, staleSince })).sort((a, b) => a.staleSince.localeCompare(b.staleSince));
    return pageOf(queued, limit, cursor);
  }

  async getPolicy(): Promise<ContactabilityPolicy> {
    return this.policy;
  }

  async putPolicy(policy: ContactabilityPolicy): Promise<void> {
    this.policy = structuredClone(policy);
  }

  suppressionOf(number: string): Suppression | undefined {
    return this.suppressions.get(number);
  }

  private holds(previous: NumberConsentState | undefined, number: string): boolean {
    return this.states.get(number)?.revision === previous?.revision;
  }

  private writeState(previous: NumberConsentState | undefined, next: NumberConsentState): void {
    this.states.set(next.number, structuredClone(next));
    if (previous?.staleSince !== undefined && next.staleSince === undefined) this.queue.delete(next.number);
  }
}

function pageOf<T>(items: readonly T[], limit: number, cursor: string | undefined): Page<T> {
  const start = cursor === undefined ? 0 : Number(cursor);
  return { items: structuredClone(items.slice(start, start + limit)), cursor: start + limit < items.length ? String(start + limit) : undefined };
}
