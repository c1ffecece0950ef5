// Appending to a number's ledger: read its state, derive the entries and the next state, write both at once, and
// start again when another writer got there first. The ledger can only grow.
import { applyLedgerEntry, emptyConsentState, type LedgerEntry, type NewLedgerEntry, type NumberConsentState } from '../../consent/consent-ledger.ts';
import type { ConsentStore } from '#ports/consent-store';

const maxAttempts = 8;

export type AppendOutcome = { appended: LedgerEntry[]; state: NumberConsentState; duplicate: boolean };

/**
 * `plan` sees the current state and says what to append (possibly nothing). With an idempotency key, a second
 * delivery of the same request appends nothing and answers `duplicate`.
 */
export async function appendToLedger(
  store: ConsentStore,
  number: string,
  now: Date,
  plan: (state: NumberConsentState) => NewLedgerEntry[],
  idempotencyKey?: string,
): Promise<AppendOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    const stored = (await store.getStates([number])).get(number);
    const current = await continuingLedger(store, stored ?? emptyConsentState(number, now.toISOString()));
    const planned = plan(current);
    if (planned.length === 0) return { appended: [], state: current, duplicate: false };
    const entries = planned.map((entry, index) => ({ ...entry, sequence: current.sequence + index + 1 }));
    const next = entries.reduce(applyLedgerEntry, current);
    const result = await store.append(stored, entries, next, { idempotencyKey });
    if (result === 'appended') return { appended: entries, state: next, duplicate: false };
    if (result === 'duplicate') return { appended: [], state: current, duplicate: true };
    if (attempt >= maxAttempts) throw new Error(`the consent state of a number kept changing: ${maxAttempts} attempts`);
  }
}

/**
 * A state no entry was applied to (none stored, or one born of preferences) may sit on an older ledger: an erased
 * contact's number keeps its pseudonymous entries. Its entries continue that ledger's sequence, or the next append
 * would collide with an old entry for ever. Only a state's first append reads the ledger's last entry.
 */
async function continuingLedger(store: ConsentStore, state: NumberConsentState): Promise<NumberConsentState> {
  if (state.sequence > 0) return state;
  return { ...state, sequence: await store.lastLedgerSequence(state.number) };
}

/** A state change that is not a ledger entry (preferences, stale marks, last reach), retried the same way. */
export async function updateState(
  store: Pick<ConsentStore, 'getStates' | 'replaceState'>,
  number: string,
  now: Date,
  change: (state: NumberConsentState) => NumberConsentState | undefined,
): Promise<NumberConsentState> {
  for (let attempt = 1; ; attempt += 1) {
    const stored = (await store.getStates([number])).get(number);
    const current = stored ?? emptyConsentState(number, now.toISOString());
    const changed = change(current);
    if (changed === undefined) return current;
    const next = { ...changed, revision: current.revision + 1, updatedAt: now.toISOString() };
    if (await store.replaceState(stored, next)) return next;
    if (attempt >= maxAttempts) throw new Error(`the consent state of a number kept changing: ${maxAttempts} attempts`);
  }
}
