// The identification backfill's worker (DESIGN §3): pages through every contact and, for each OTHER number held by
// that contact only, identifies it (metadata first, the cache, then one paid lookup) and makes it MOBILE when it is a
// mobile. One saved page at a time, conditional on the pages done; a new invocation when this one runs short of time.
import { allPhones, type Contact } from '../../contact.ts';
import { InvalidInputError, MobileNumberTakenError } from '../../errors.ts';
import { addBackfillCounts, backfillStepFor, isFinished, newBackfill, noBackfillCounts, type BackfillCounts, type IdentificationBackfill } from '../../identity/identification-backfill.ts';
import { possibleMatchesAmong } from '../../identity/interaction.ts';
import { detectionOf, type IdentifiedLine } from '../../identity/line-detection.ts';
import type { Clock } from '#ports/clock';
import type { ContactRepository } from '#ports/contact-repository';
import type { IdentificationBackfillRepository } from '#ports/identification-backfill-repository';
import type { BackfillRequest, IdentificationBackfillStarter } from '#ports/identification-backfill-starter';
import type { InteractionStore } from '#ports/interaction-store';
import type { OperationsLog } from '#ports/operations-log';
import { settleLine } from './settle-line.ts';

export interface BackfillDependencies {
  contacts: ContactRepository;
  /** The identification setting (is this still the backfill to run?) and possible matches. */
  interactions: Pick<InteractionStore, 'getIdentificationSetting' | 'suggestMatches'>;
  backfills: IdentificationBackfillRepository;
  starter: IdentificationBackfillStarter;
  /** identify-line.ts with its cache, lease and metrics. */
  identifyLine: (e164: string) => Promise<IdentifiedLine>;
  clock: Clock;
  log: OperationsLog;
}

export interface BackfillOptions {
  /** Contacts read per page; each page is saved with its counts. */
  pageSize: number;
  /** Contacts worked on at once within a page: bounds the paid lookups in flight. */
  concurrency: number;
  /** What this invocation has left, in milliseconds (Lambda's context). */
  timeLeftMs: () => number;
  /** Below this the invocation hands the rest to a new one: a page must always fit in it. */
  handOverBelowMs: number;
}

/**
 * A page of 50 contacts at 4 at once takes seconds (a lookup takes a few hundred milliseconds); three minutes of
 * margin under a 15-minute timeout covers a page of contacts with twenty OTHER numbers each.
 */
export const defaultBackfillLimits = { pageSize: 50, concurrency: 4, handOverBelowMs: 180_000 } as const;

export type BackfillOutcome =
  /** Every contact was examined. */
  | 'completed'
  /** A new invocation goes on from the saved cursor. */
  | 'continued'
  /** Identification was switched off (or on again, which started another backfill). */
  | 'stopped'
  /** Another invocation of this backfill saved the page first: it goes on, this one ends. */
  | 'overtaken'
  /** Nothing to do: unknown backfill, or one already finished. */
  | 'ignored';

export interface BackfillReport {
  backfillId: string;
  outcome: BackfillOutcome;
  /** What this invocation saved. */
  pages: number;
  counts: BackfillCounts;
}

type PhoneOutcome = Exclude<keyof BackfillCounts, 'contactsScanned' | 'phonesExamined' | 'paidLookups'>;

export async function runBackfill(deps: BackfillDependencies, request: BackfillRequest, options: BackfillOptions): Promise<BackfillReport> {
  const countsHere = noBackfillCounts();
  let pagesHere = 0;
  const report = (outcome: BackfillOutcome): BackfillReport => {
    deps.log.info('identification backfill', { backfillId: request.backfillId, outcome, pages: pagesHere, ...countsHere });
    return { backfillId: request.backfillId, outcome, pages: pagesHere, counts: countsHere };
  };
  let backfill = await openBackfill(deps, request.backfillId);
  if (backfill === undefined) return report('ignored');
  try {
    for (;;) {
      const setting = await deps.interactions.getIdentificationSetting();
      if (!setting.enabled || setting.backfillId !== backfill.id) {
        await stopBackfill(deps, backfill.id);
        return report('stopped');
      }
      // The stored cursor, not the request's: a retried or duplicated invocation goes on where the backfill got to.
      const page = await deps.contacts.list(options.pageSize, backfill.cursor);
      const pageCounts = await examineContacts(deps, page.items, options.concurrency);
      const now = deps.clock.now().toISOString();
      const done = page.cursor === undefined;
      const next: IdentificationBackfill = { ...backfill, cursor: page.cursor, pages: backfill.pages + 1, counts: addBackfillCounts(backfill.counts, pageCounts), status: done ? 'COMPLETED' : 'RUNNING', updatedAt: now, finishedAt: done ? now : undefined };
      if (!(await deps.backfills.advance(backfill, next))) {
        const stored = await deps.backfills.get(backfill.id);
        return report(stored?.status === 'STOPPED' ? 'stopped' : 'overtaken');
      }
      backfill = next;
      pagesHere += 1;
      Object.assign(countsHere, addBackfillCounts(countsHere, pageCounts));
      if (done) return report('completed');
      if (options.timeLeftMs() < options.handOverBelowMs) {
        await deps.starter.start({ backfillId: backfill.id });
        return report('continued');
      }
    }
  } catch (error) {
    await markFailed(deps, backfill, error);
    // Thrown on: Lambda retries the invocation, which goes on from the last saved page.
    throw error;
  }
}

/**
 * The backfill to run, RUNNING: a FAILED one goes on (a retry or a resume). One the switch named but did not get to
 * create is created here; undefined when there is nothing to run.
 */
export async function openBackfill(deps: { backfills: IdentificationBackfillRepository; interactions: Pick<InteractionStore, 'getIdentificationSetting'>; clock: Clock }, id: string): Promise<IdentificationBackfill | undefined> {
  for (let attempt = 1; attempt <= maxStatusAttempts; attempt += 1) {
    const stored = await deps.backfills.get(id);
    const now = deps.clock.now().toISOString();
    if (stored === undefined) {
      const setting = await deps.interactions.getIdentificationSetting();
      if (!setting.enabled || setting.backfillId !== id) return undefined;
      const created = newBackfill(id, 'identification-switch', now);
      if (await deps.backfills.create(created)) return created;
      continue;
    }
    if (isFinished(stored.status)) return undefined;
    if (stored.status === 'RUNNING') return stored;
    const resumed: IdentificationBackfill = { ...stored, status: 'RUNNING', failure: undefined, updatedAt: now };
    if (await deps.backfills.advance(stored, resumed)) return resumed;
  }
  throw new Error(`identification backfill ${id} kept changing while it was being opened`);
}

/** Identification was switched off: the backfill ends at its next page. Undefined when there is no such backfill. */
export async function stopBackfill(deps: Pick<BackfillDependencies, 'backfills' | 'clock'>, id: string): Promise<IdentificationBackfill | undefined> {
  for (let attempt = 1; attempt <= maxStatusAttempts; attempt += 1) {
    const stored = await deps.backfills.get(id);
    if (stored === undefined || isFinished(stored.status)) return stored;
    const now = deps.clock.now().toISOString();
    const stopped: IdentificationBackfill = { ...stored, status: 'STOPPED', updatedAt: now, finishedAt: now };
    if (await deps.backfills.advance(stored, stopped)) return stopped;
  }
  throw new Error(`identification backfill ${id} kept changing while it was being stopped`);
}

/** Each conditional status change is retried on a fresh read this many times: a page save races it at most once. */
const maxStatusAttempts = 5;

async function markFailed(deps: BackfillDependencies, backfill: IdentificationBackfill, error: unknown): Promise<void> {
  const failure = error instanceof Error ? error.name : 'UnknownError';
  deps.log.warn('identification backfill failed: a retry or a resume goes on from its last saved page', { backfillId: backfill.id, pages: backfill.pages, error: failure });
  // Only over the page this invocation last saved: another invocation that went further keeps its status.
  await deps.backfills.advance(backfill, { ...backfill, status: 'FAILED', failure, updatedAt: deps.clock.now().toISOString() }).catch(() => false);
}

async function examineContacts(deps: BackfillDependencies, contacts: readonly Contact[], concurrency: number): Promise<BackfillCounts> {
  const counts = noBackfillCounts();
  counts.contactsScanned = contacts.length;
  let next = 0;
  const worker = async () => {
    while (next < contacts.length) {
      const contact = contacts[next++]!;
      // One number after another: two writes to one contact at once would only conflict.
      for (const phone of allPhones(contact).filter((each) => each.kind === 'OTHER')) {
        const { outcome, paid } = await examineNumber(deps, contact.id, phone.number);
        counts.phonesExamined += 1;
        counts[outcome] += 1;
        if (paid) counts.paidLookups += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, contacts.length) }, worker));
  return counts;
}

/** One OTHER number of one contact; MOBILE, HOME and OFFICE numbers never get here, so are never looked up. */
async function examineNumber(deps: BackfillDependencies, contactId: string, number: string): Promise<{ outcome: PhoneOutcome; paid: boolean }> {
  // Read now, not with the page: the page comes from an index that may lag behind the last writes.
  const step = backfillStepFor(contactId, await deps.contacts.findHolders(number));
  switch (step.kind) {
    case 'not-other':
      return { outcome: 'changedMeanwhile', paid: false };
    case 'shared':
      return { outcome: 'skippedShared', paid: false };
    case 'second-mobile-holder':
      await suggestSecondMobileHolder(deps, contactId, step.mobileHolderId, number);
      return { outcome: 'possibleMatches', paid: false };
    case 'identify':
      return identifyAndSettle(deps, contactId, number);
  }
}

async function identifyAndSettle(deps: BackfillDependencies, contactId: string, number: string): Promise<{ outcome: PhoneOutcome; paid: boolean }> {
  let identification: IdentifiedLine;
  try {
    identification = await deps.identifyLine(number);
  } catch (error) {
    // A stored number the metadata cannot read: one bad number must not stop the backfill.
    if (!(error instanceof InvalidInputError)) throw error;
    deps.log.warn('identification backfill could not read a stored number', { contactId, reason: error.reason });
    return { outcome: 'lookupFailed', paid: false };
  }
  const paid = identification.source === 'lookup';
  const detection = detectionOf(identification);
  if (detection === undefined) return { outcome: 'lookupFailed', paid };
  const mobile = identification.mobile === true;
  try {
    const settled = await settleLine(deps, contactId, number, detection, mobile);
    if (settled === 'changed-meanwhile') return { outcome: 'changedMeanwhile', paid };
    return { outcome: mobile ? 'upgraded' : 'notMobile', paid };
  } catch (error) {
    // Another contact took the number as MOBILE after the holders were read: never a second MOBILE holder.
    if (!(error instanceof MobileNumberTakenError)) throw error;
    await suggestSecondMobileHolder(deps, contactId, error.holderContactId, number);
    return { outcome: 'possibleMatches', paid };
  }
}

async function suggestSecondMobileHolder(deps: BackfillDependencies, contactId: string, mobileHolderId: string, number: string): Promise<void> {
  await deps.interactions.suggestMatches(possibleMatchesAmong([contactId, mobileHolderId], number, 'second-mobile-holder', deps.clock.now().toISOString()));
}
