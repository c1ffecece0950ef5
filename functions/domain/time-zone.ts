// Wall-clock time in an IANA time zone, both ways, from `Intl` alone: what schedules and calling windows are made of.
import { InvalidInputError } from './errors.ts';

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function validTimeZone(timeZone: string, field = 'schedule.timeZone'): string {
  // Intl also takes offsets such as "+01:00"; Scheduler wants a zone name.
  if (typeof timeZone !== 'string' || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) {
    throw new InvalidInputError(field, 'must be an IANA time zone name such as Europe/Paris');
  }
  let resolved: string;
  try {
    resolved = formatterFor(timeZone).resolvedOptions().timeZone;
  } catch {
    throw new InvalidInputError(field, `${timeZone} is not an IANA time zone`);
  }
  // Keep the caller's zone, in IANA's spelling when only the case differs (europe/paris → Europe/Paris).
  return resolved.toLowerCase() === timeZone.toLowerCase() ? resolved : timeZone;
}

export function wallTimeAt(instantMs: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

export function wallTimeAsUtc(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

export function sameWallTime(a: WallTime, b: WallTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute && a.second === b.second;
}

/** The instants showing this wall time in the zone, earliest first: none in a DST gap, two in a DST overlap. */
export function instantsOf(wall: WallTime, timeZone: string): number[] {
  const asUtc = wallTimeAsUtc(wall);
  const day = 86_400_000;
  // The zone's offsets a day either side cover both sides of any transition near this wall time.
  const offsets = new Set([-day, 0, day].map((shift) => wallTimeAsUtc(wallTimeAt(asUtc + shift, timeZone)) - Math.floor((asUtc + shift) / 1000) * 1000));
  return [...offsets]
    .map((offset) => asUtc - offset)
    .filter((instant) => sameWallTime(wallTimeAt(instant, timeZone), wall))
    .sort((a, b) => a - b);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 = Sunday … 7 = Saturday, as EventBridge counts. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}
