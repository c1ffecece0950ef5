// The backfill that switching mobile number identification on starts (DESIGN §3): a job that pages through every
// contact and upgrades OTHER numbers held by exactly one contact and identified as mobile to MOBILE. Pure rules here;
// the pages, lookups and writes are in use-cases/identity/identification-backfill.ts.
import type { PhoneKind } from '../contact.ts';

export const backfillStatuses = ['RUNNING', 'COMPLETED', 'FAILED', 'STOPPED'] as const;
/**
 * `RUNNING`: a worker goes on from `cursor` (or lost its invocation: resume it). `FAILED`: the last invocation threw;
 * Lambda's retry or a resume goes on from `cursor`. `STOPPED`: identification was switched off; never resumed.
 */
export type BackfillStatus = (typeof backfillStatuses)[number];

/**
 * What the backfill found, over every page it saved. `phonesExamined` counts the OTHER phones on the pages, and each
 * of them lands in exactly one of the six counts that follow it.
 */
export interface BackfillCounts {
  contactsScanned: number;
  phonesExamined: number;
  /** Identified as mobile, now MOBILE. */
  upgraded: number;
  /** Identified as not mobile (landline, VoIP, toll-free…): left OTHER. */
  notMobile: number;
  /** Held by several contacts: never upgraded automatically. */
  skippedShared: number;
  /** Another contact holds the number as MOBILE: the pair is suggested as a possible match instead. */
  possibleMatches: number;
  /** Nobody could tell this time: left OTHER, tried again by the next run. */
  lookupFailed: number;
  /** Edited by someone else (kind changed, phone removed, contact deleted) while the backfill looked: left as edited. */
  changedMeanwhile: number;
  /** Answers paid for by this backfill (failed attempts are in lookupFailed); cached and metadata answers are free. */
  paidLookups: number;
}

export interface IdentificationBackfill {
  id: string;
  status: BackfillStatus;
  /** Where the next page starts; undefined before the first page and after the last. */
  cursor: string | undefined;
  /** Pages saved: each save is conditional on this, so two invocations never count one page twice. */
  pages: number;
  counts: BackfillCounts;
  /** Who switched identification on. */
  startedBy: string;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | undefined;
  /** The last failure's error name, for FAILED. */
  failure: string | undefined;
}

export function newBackfill(id: string, startedBy: string, at: string): IdentificationBackfill {
  return { id, status: 'RUNNING', cursor: undefined, pages: 0, counts: noBackfillCounts(), startedBy, startedAt: at, updatedAt: at, finishedAt: undefined, failure: undefined };
}

export function noBackfillCounts(): BackfillCounts {
  return { contactsScanned: 0, phonesExamined: 0, upgraded: 0, notMobile: 0, skippedShared: 0, possibleMatches: 0, lookupFailed: 0, changedMeanwhile: 0, paidLookups: 0 };
}

export function addBackfillCounts(a: BackfillCounts, b: BackfillCounts): BackfillCounts {
  const sum = noBackfillCounts();
  for (const key of Object.keys(sum) as Array<keyof BackfillCounts>) sum[key] = a[key] + b[key];
  return sum;
}

/** COMPLETED and STOPPED are final; a FAILED backfill goes on when retried or resumed. */
export function isFinished(status: BackfillStatus): boolean {
  return status === 'COMPLETED' || status === 'STOPPED';
}

export interface HeldNumber {
  contactId: string;
  kind: PhoneKind;
}

/**
 * What the backfill does with a number `contactId` holds, from every holder of it (the phone index, read now):
 * - `not-other`: the contact no longer holds it as OTHER (edited since its page was read): nothing.
 * - `second-mobile-holder`: another contact holds it as MOBILE: a second MOBILE holder is never made; the two may be
 *   one person, so they are suggested as a possible match. No lookup is needed: the number is a mobile already.
 * - `shared`: other contacts hold it (none as MOBILE): never upgraded automatically.
 * - `identify`: held by this contact only, as OTHER: identify it (metadata first).
 */
export type HeldNumberStep = { kind: 'not-other' } | { kind: 'second-mobile-holder'; mobileHolderId: string } | { kind: 'shared' } | { kind: 'identify' };

export function backfillStepFor(contactId: string, holders: readonly HeldNumber[]): HeldNumberStep {
  const own = holders.find((holder) => holder.contactId === contactId);
  if (own === undefined || own.kind !== 'OTHER') return { kind: 'not-other' };
  const others = holders.filter((holder) => holder.contactId !== contactId);
  const mobileHolder = others.find((holder) => holder.kind === 'MOBILE');
  if (mobileHolder) return { kind: 'second-mobile-holder', mobileHolderId: mobileHolder.contactId };
  return others.length > 0 ? { kind: 'shared' } : { kind: 'identify' };
}
