// A campaign's calling window: the local hours and days it may dial, in its time zone.
import { InvalidInputError } from '../errors.ts';
import { instantsOf, validTimeZone, wallTimeAt, weekdayOf } from '../time-zone.ts';

export const weekdays = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof weekdays)[number];

export interface CallingWindow {
  /** Local `HH:MM`, inclusive. */
  start: string;
  /** Local `HH:MM`, exclusive; after `start` (a window never spans midnight). */
  end: string;
  days: Weekday[];
  timeZone: string;
}

const hhmm = /^([01]\d|2[0-3]):([0-5]\d)$/;
const weekdayByEventBridgeNumber: Weekday[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export function buildCallingWindow(input: CallingWindow, field = 'callingWindow'): CallingWindow {
  if (!hhmm.test(input.start)) throw new InvalidInputError(`${field}.start`, 'must be a local time HH:MM');
  if (!hhmm.test(input.end) && input.end !== '24:00') throw new InvalidInputError(`${field}.end`, 'must be a local time HH:MM');
  if (minutesOf(input.end) <= minutesOf(input.start)) throw new InvalidInputError(`${field}.end`, 'must be after start (a window never spans midnight)');
  if (input.days.length === 0) throw new InvalidInputError(`${field}.days`, 'must name at least one day');
  return { start: input.start, end: input.end, days: weekdays.filter((day) => input.days.includes(day)), timeZone: validTimeZone(input.timeZone, `${field}.timeZone`) };
}

/** `at` when the window is open then; otherwise the window's next opening (within the coming week). */
export function nextOpenTime(window: CallingWindow, at: Date): Date {
  const opening = openingFrom(window, at.getTime());
  if (opening === undefined) throw new Error('a calling window with days always opens within a week');
  return new Date(opening);
}

/**
 * The earliest instant from `from` on at which the window is open, within eight days, walking the zone's calendar
 * days (not 24-hour steps, which skip the day after a 23-hour daylight-saving day).
 */
export function openingFrom(window: CallingWindow, from: number): number | undefined {
  const local = wallTimeAt(from, window.timeZone);
  const startMinutes = minutesOf(window.start);
  const endMinutes = minutesOf(window.end);
  for (let offset = 0; offset <= 8; offset += 1) {
    const date = new Date(Date.UTC(local.year, local.month - 1, local.day + offset));
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (!window.days.includes(weekdayByEventBridgeNumber[weekdayOf(year, month, day) - 1]!)) continue;
    if (from < instantOf(year, month, day, endMinutes, window.timeZone)) return Math.max(from, instantOf(year, month, day, startMinutes, window.timeZone));
  }
  return undefined;
}

export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** The first instant of a local time; one skipped by a daylight-saving change is read an hour later. */
export function instantOf(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const wall = { year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 };
  if (wall.hour === 24) return instantOf(year, month, day, 23 * 60 + 59, timeZone) + 60_000;
  const [first] = instantsOf(wall, timeZone);
  return first ?? instantOf(year, month, day, minutes + 60, timeZone);
}
