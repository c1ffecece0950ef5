// The internal do-not-call list: whole numbers and prefixes (a range, a country), each with an optional expiry.
import { InvalidInputError } from '../errors.ts';

export interface DoNotCallEntry {
  /** `+` and 1–15 digits: a whole E.164 number, or the start of every number it covers. */
  prefix: string;
  reason: string | undefined;
  addedBy: string;
  addedAt: string;
  /** Absent: for ever. Expired entries are ignored before the table's TTL removes them. */
  expiresAt: string | undefined;
}

export interface DoNotCallInput {
  prefix: string;
  reason?: string | undefined;
  expiresAt?: string | undefined;
}

const prefixPattern = /^\+[1-9]\d{0,14}$/;

export function buildDoNotCallEntry(input: DoNotCallInput, addedBy: string, now: Date): DoNotCallEntry {
  const prefix = input.prefix.replace(/[\s().-]/g, '');
  if (!prefixPattern.test(prefix)) throw new InvalidInputError('prefix', 'must be + and 1 to 15 digits: a whole number in E.164 or its first digits');
  if (input.expiresAt !== undefined && !(Date.parse(input.expiresAt) > now.getTime())) throw new InvalidInputError('expiresAt', 'must be a time in the future');
  return { prefix, reason: input.reason?.trim() || undefined, addedBy, addedAt: now.toISOString(), expiresAt: input.expiresAt === undefined ? undefined : new Date(input.expiresAt).toISOString() };
}

/** Every prefix of an E.164 number, shortest first, itself included: the keys a list lookup reads. */
export function prefixesOf(e164: string): string[] {
  return Array.from({ length: e164.length - 1 }, (_, index) => e164.slice(0, index + 2));
}

export function isInForce(entry: DoNotCallEntry, at: Date): boolean {
  return entry.expiresAt === undefined || Date.parse(entry.expiresAt) > at.getTime();
}

/** The entry that bars the number at `at` (the longest prefix in force), if any. */
export function barringEntry(e164: string, entries: readonly DoNotCallEntry[], at: Date): DoNotCallEntry | undefined {
  return entries
    .filter((entry) => e164.startsWith(entry.prefix) && isInForce(entry, at))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
}
