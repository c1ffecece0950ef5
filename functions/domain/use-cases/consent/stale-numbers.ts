// The daily stale-number job (DESIGN §4): a number neither verified nor reached for the policy's time is marked stale
// and queued for re-verification. Safe to run twice (a stale number is left as it is) and to stop half-way.
import { isStale } from '../../contactability/contactability.ts';
import type { NumberConsentState } from '../../consent/consent-ledger.ts';
import type { ConsentStore } from '#ports/consent-store';
import type { ConsentDependencies } from './consent-dependencies.ts';
import { updateState } from './ledger-append.ts';

export interface StaleRunReport {
  examined: number;
  marked: number;
}

const pageSize = 100;

export async function markStaleNumbers(deps: Pick<ConsentDependencies, 'consent' | 'clock' | 'log'>): Promise<StaleRunReport> {
  const now = deps.clock.now();
  const policy = await deps.consent.getPolicy();
  const report: StaleRunReport = { examined: 0, marked: 0 };
  let cursor: string | undefined;
  do {
    const page = await deps.consent.listStates(pageSize, cursor);
    for (const state of page.items) {
      report.examined += 1;
      const known = withKnownSince(state);
      if (state.staleSince !== undefined || known === undefined || !isStale(known, policy, now)) continue;
      const next = { ...state, staleSince: now.toISOString(), revision: state.revision + 1, updatedAt: now.toISOString() };
      // Moved meanwhile (verified, reached, withdrawn): tomorrow's run looks again.
      if (await deps.consent.markStale(state, next)) report.marked += 1;
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  deps.log.info('stale numbers marked', { ...report, staleAfterDays: policy.staleAfterDays });
  return report;
}

/**
 * A number never verified nor reached counts from its first consent: new numbers are not stale on day one. Without a
 * consent either (a HELP texted, preferences set) there is nothing to count from and nothing to re-verify: undefined.
 */
function withKnownSince(state: NumberConsentState): NumberConsentState | undefined {
  if (state.verifiedAt !== undefined || state.lastReachedAt !== undefined) return state;
  const first = Object.values(state.consents).map((record) => record!.at).sort()[0];
  return first === undefined ? undefined : { ...state, lastReachedAt: first };
}

/** A call that reached someone on the number proves it still reaches them: fresh again, off the queue. */
export async function noteNumberReached(consent: Pick<ConsentStore, 'getStates' | 'replaceState'>, number: string, at: Date): Promise<void> {
  await updateState(consent, number, at, (state) => (state.sequence === 0 ? undefined : { ...state, lastReachedAt: at.toISOString(), staleSince: undefined }));
}
