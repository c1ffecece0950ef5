// Where consent lives: the append-only ledger, each number's derived state, the do-not-call list, the suppressions
// erasure leaves behind, and the account's contactability policy.
import type { LedgerEntry, NumberConsentState } from '#domain/consent/consent-ledger';
import type { DoNotCallEntry } from '#domain/consent/do-not-call';
import type { ContactabilityPolicy, Suppression } from '#domain/contactability/contactability';
import type { Page } from './contact-repository.ts';

export interface AppendOptions {
  /** An inbound message's id: the same message delivered again appends nothing (for a while: see the adapter). */
  idempotencyKey?: string | undefined;
}

/** `moved`: the stored state is no longer the one the entries were derived from; read it again and retry. */
export type AppendResult = 'appended' | 'moved' | 'duplicate';

/** What contactability reads of one number, fetched together. */
export interface StoredNumberFacts {
  state: NumberConsentState | undefined;
  doNotCall: DoNotCallEntry[];
  suppression: Suppression | undefined;
}

export interface ContactabilityInputs {
  facts: Map<string, StoredNumberFacts>;
  policy: ContactabilityPolicy;
}

export interface ConsentStore {
  /**
   * Appends the entries (sequences following `state.sequence`) and writes `next` as the number's state, in one
   * transaction that holds only if the stored state is still `state` (absent: none stored). False when it moved.
   */
  append(previous: NumberConsentState | undefined, entries: readonly LedgerEntry[], next: NumberConsentState, options?: AppendOptions): Promise<AppendResult>;
  /** Writes preferences, stale marks or the last reach; false when the stored state is no longer `previous`. */
  replaceState(previous: NumberConsentState | undefined, next: NumberConsentState): Promise<boolean>;
  getStates(numbers: readonly string[]): Promise<Map<string, NumberConsentState>>;
  /**
   * State, do-not-call entries and suppression of each number, and the policy, in as few (consistent) requests as
   * the store allows. Given the whole do-not-call list (a starter reads it once), the entries come from it instead.
   */
  contactabilityInputs(numbers: readonly string[], doNotCallList?: readonly DoNotCallEntry[]): Promise<ContactabilityInputs>;
  /** The whole do-not-call list. */
  allDoNotCall(): Promise<DoNotCallEntry[]>;
  /** The sequence of the number's last ledger entry; 0 when it has none. */
  lastLedgerSequence(number: string): Promise<number>;
  /** A number's ledger in the order it was appended. */
  listLedger(number: string, limit: number, cursor: string | undefined): Promise<Page<LedgerEntry>>;

  putDoNotCall(entry: DoNotCallEntry): Promise<void>;
  deleteDoNotCall(prefix: string): Promise<boolean>;
  getDoNotCall(prefix: string): Promise<DoNotCallEntry | undefined>;
  listDoNotCall(limit: number, cursor: string | undefined): Promise<Page<DoNotCallEntry>>;

  /** Erasure: the number's state goes; a hashed suppression stays when `suppress`. */
  eraseNumber(state: NumberConsentState | undefined, number: string, suppress: Suppression | undefined): Promise<void>;

  /** Every number's state, page by page: what the daily stale job reads (off any request path). */
  listStates(limit: number, cursor: string | undefined): Promise<Page<NumberConsentState>>;
  /** Marks the number stale and queues it for re-verification, in one transaction; false when the state moved. */
  markStale(previous: NumberConsentState, next: NumberConsentState): Promise<boolean>;
  /** Numbers waiting for re-verification, longest waiting first. */
  listReverificationQueue(limit: number, cursor: string | undefined): Promise<Page<{ number: string; staleSince: string }>>;

  getPolicy(): Promise<ContactabilityPolicy>;
  putPolicy(policy: ContactabilityPolicy): Promise<void>;
}
