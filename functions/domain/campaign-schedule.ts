// When a campaign starts: once (`at`) or on a cron, in the campaign's IANA time zone, with EventBridge Scheduler's
// expression rules, and when the next start falls. Pure TypeScript: the time zone rules come from `Intl`.
//
// Daylight-saving changes are handled as EventBridge Scheduler documents them for its own schedules:
// - a local time the clocks skip (spring forward, e.g. 02:30 on 30 March 2025 in Europe/Paris) does not occur:
//   a cron occurrence there is skipped and the schedule resumes at its next occurrence; an `at` time there is
//   rejected when the schedule is built, because it would never run;
// - a local time the clocks repeat (fall back, e.g. 01:30 on 2 November 2025 in America/New_York) runs once, at
//   its first instant (the offset in force before the change), and is not repeated an hour later.
import { InvalidInputError } from './errors.ts';
import { type WallTime, validTimeZone, wallTimeAt, instantsOf, daysInMonth, weekdayOf } from './time-zone.ts';

export type CampaignSchedule =
  /** Once, at a local time (`YYYY-MM-DDTHH:mm:ss`) in `timeZone`. */
  | { kind: 'at'; at: string; timeZone: string }
  /** At every occurrence of an EventBridge six-field cron (minutes hours day-of-month month day-of-week year) in `timeZone`. */
  | { kind: 'cron'; expression: string; timeZone: string };

const AT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;
const MAX_YEAR = 2199;

/** Checks a schedule and returns it in canonical form (time zone spelled as IANA spells it, cron upper case, single spaces). */
export function buildCampaignSchedule(input: CampaignSchedule): CampaignSchedule {
  const timeZone = validTimeZone(input.timeZone);
  switch (input.kind) {
    case 'at': {
      const wall = parseAtTime(input.at);
      if (instantsOf(wall, timeZone)[0] === undefined) {
        throw new InvalidInputError('schedule.at', `${input.at} does not exist in ${timeZone}: the clocks skip it when daylight saving time starts`);
      }
      return { kind: 'at', at: input.at, timeZone };
    }
    case 'cron':
      return { kind: 'cron', expression: parseCron(input.expression).canonical, timeZone };
    default:
      throw new InvalidInputError('schedule.kind', 'must be "at" or "cron"');
  }
}

/** The `ScheduleExpression` EventBridge Scheduler takes; the time zone goes alongside, as `ScheduleExpressionTimezone`. */
export function scheduleExpression(schedule: CampaignSchedule): string {
  return schedule.kind === 'at' ? `at(${schedule.at})` : `cron(${schedule.expression})`;
}

/** The inverse of `scheduleExpression`: reads `at(…)` or `cron(…)` back, checked. `rate(…)` has no campaign meaning. */
export function campaignScheduleFromExpression(expression: string, timeZone: string): CampaignSchedule {
  const match = /^\s*(at|cron)\((.*)\)\s*$/.exec(expression);
  if (!match) throw new InvalidInputError('schedule.expression', 'must be at(YYYY-MM-DDTHH:mm:ss) or cron(minutes hours day-of-month month day-of-week year)');
  return match[1] === 'at' ? buildCampaignSchedule({ kind: 'at', at: match[2]!, timeZone }) : buildCampaignSchedule({ kind: 'cron', expression: match[2]!, timeZone });
}

/**
 * The first start strictly after `after`, or undefined when there is none (an `at` time already past, a cron whose
 * years are over, or that matches no real date such as 30 February). DST rules: see the top of this file.
 */
export function nextOccurrence(schedule: CampaignSchedule, after: Date): Date | undefined {
  const timeZone = validTimeZone(schedule.timeZone);
  const afterMs = after.getTime();
  if (schedule.kind === 'at') {
    const instant = instantsOf(parseAtTime(schedule.at), timeZone)[0];
    return instant !== undefined && instant > afterMs ? new Date(instant) : undefined;
  }
  const cron = parseCron(schedule.expression);
  // Local wall times only ever map to later instants as they grow (the first instant of a repeated time is taken),
  // so the first matching wall time whose instant is after `after` is the answer.
  for (const wall of matchingWallTimes(cron, wallTimeAt(afterMs, timeZone))) {
    const instant = instantsOf(wall, timeZone)[0];
    if (instant !== undefined && instant > afterMs) return new Date(instant);
  }
  return undefined;
}

function parseAtTime(at: string): WallTime {
  const match = typeof at === 'string' ? AT_PATTERN.exec(at) : null;
  if (!match) throw new InvalidInputError('schedule.at', 'must be a local time YYYY-MM-DDTHH:mm:ss');
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw new InvalidInputError('schedule.at', `${at} is not a real date and time`);
  }
  return { year, month, day, hour, minute, second };
}

// ---- cron --------------------------------------------------------------------------------------------------------

/** Which days of a month a cron takes: from day-of-month, or from day-of-week (the other field is `?`). */
type DayRule =
  | { by: 'days-of-month'; days: readonly number[] }
  | { by: 'last-day' }
  | { by: 'last-weekday' }
  | { by: 'nearest-weekday'; day: number }
  | { by: 'weekdays'; weekdays: ReadonlySet<number> }
  | { by: 'last-of-weekday'; weekday: number }
  | { by: 'nth-weekday'; weekday: number; nth: number };

interface Cron {
  canonical: string;
  minutes: readonly number[];
  hours: readonly number[];
  months: readonly number[];
  years: ReadonlySet<number>;
  days: DayRule;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  steps: boolean;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const minutesField: FieldSpec = { name: 'minutes', min: 0, max: 59, steps: true };
const hoursField: FieldSpec = { name: 'hours', min: 0, max: 23, steps: true };
const dayOfMonthField: FieldSpec = { name: 'day-of-month', min: 1, max: 31, steps: true };
const monthField: FieldSpec = { name: 'month', min: 1, max: 12, names: MONTH_NAMES, steps: true };
// EventBridge lists no `/` for day-of-week.
const dayOfWeekField: FieldSpec = { name: 'day-of-week', min: 1, max: 7, names: DAY_NAMES, steps: false };
const yearField: FieldSpec = { name: 'year', min: 1970, max: MAX_YEAR, steps: true };

function cronError(field: string, reason: string): InvalidInputError {
  return new InvalidInputError('schedule.expression', `${field}: ${reason}`);
}

function parseCron(expression: string): Cron {
  if (typeof expression !== 'string') throw new InvalidInputError('schedule.expression', 'must be a string');
  const fields = expression.trim().toUpperCase().split(/\s+/).filter((field) => field !== '');
  if (fields.length !== 6) {
    throw new InvalidInputError('schedule.expression', `needs 6 fields (minutes hours day-of-month month day-of-week year), found ${fields.length}`);
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw cronError('day-of-month and day-of-week', 'exactly one of them must be ? (the other says which days)');
  }
  return {
    canonical: fields.join(' '),
    minutes: parseValues(minutesField, minutes),
    hours: parseValues(hoursField, hours),
    months: parseValues(monthField, month),
    years: new Set(parseValues(yearField, year)),
    days: dayOfMonth === '?' ? parseDayOfWeek(dayOfWeek) : parseDayOfMonth(dayOfMonth),
  };
}

/** Lists, ranges, steps and `*` of one field, as sorted values. */
function parseValues(spec: FieldSpec, text: string): number[] {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') throw cronError(spec.name, `empty item in "${text}"`);
    if (item === '?') throw cronError(spec.name, '? is allowed only in day-of-month or day-of-week');
    const [range, stepText, extra] = item.split('/');
    if (extra !== undefined) throw cronError(spec.name, `"${item}" has more than one /`);
    let low: number;
    let high: number;
    if (range === '*') {
      [low, high] = [spec.min, spec.max];
    } else {
      const bounds = range!.split('-');
      if (bounds.length > 2) throw cronError(spec.name, `"${item}" is not a value or a range`);
      low = parseValue(spec, bounds[0]!);
      high = bounds[1] === undefined ? (stepText === undefined ? low : spec.max) : parseValue(spec, bounds[1]);
      if (high < low) {
        const numbering = spec === dayOfWeekField ? ' (SUN is 1, SAT is 7)' : '';
        throw cronError(spec.name, `the range "${range}" runs backwards${numbering}: write it low to high, as two ranges if needed`);
      }
    }
    let step = 1;
    if (stepText !== undefined) {
      if (!spec.steps) throw cronError(spec.name, '/ is not allowed in this field');
      step = Number(stepText);
      if (!/^\d+$/.test(stepText) || step < 1 || step > spec.max - spec.min + 1) {
        throw cronError(spec.name, `the step "${stepText}" must be a whole number from 1 to ${spec.max - spec.min + 1}`);
      }
    }
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

function parseValue(spec: FieldSpec, text: string): number {
  const named = spec.names?.indexOf(text) ?? -1;
  if (named >= 0) return named + spec.min;
  if (/#|^([A-Z]{3}|\d*)L$|^\d*W$|^LW$/.test(text)) {
    throw cronError(spec.name, `"${text}": L, W and # stand alone in day-of-month (L, LW, 15W) or day-of-week (L, FRIL, MON#2)`);
  }
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < spec.min || value > spec.max) {
    const names = spec.names ? ` or ${spec.names[0]}-${spec.names.at(-1)}` : '';
    throw cronError(spec.name, `"${text}" is not a value from ${spec.min} to ${spec.max}${names}`);
  }
  return value;
}

function parseDayOfMonth(text: string): DayRule {
  if (text === 'L') return { by: 'last-day' };
  if (text === 'LW') return { by: 'last-weekday' };
  const nearest = /^(\d+)W$/.exec(text);
  if (nearest) return { by: 'nearest-weekday', day: parseValue(dayOfMonthField, nearest[1]!) };
  return { by: 'days-of-month', days: parseValues(dayOfMonthField, text) };
}

function parseDayOfWeek(text: string): DayRule {
  if (text === 'L') return { by: 'weekdays', weekdays: new Set([7]) }; // the last day of the week: Saturday
  const last = /^([A-Z]+|\d+)L$/.exec(text);
  if (last) return { by: 'last-of-weekday', weekday: parseValue(dayOfWeekField, last[1]!) };
  const nth = /^([A-Z]+|\d+)#(\d+)$/.exec(text);
  if (nth) {
    const n = Number(nth[2]);
    if (n < 1 || n > 5) throw cronError(dayOfWeekField.name, `in "${text}" the week of the month must be 1 to 5`);
    return { by: 'nth-weekday', weekday: parseValue(dayOfWeekField, nth[1]!), nth: n };
  }
  if (text.includes('#')) throw cronError(dayOfWeekField.name, `"${text}": # takes one day and stands alone in the field, as in MON#2`);
  return { by: 'weekdays', weekdays: new Set(parseValues(dayOfWeekField, text)) };
}

/** Days of the month the rule takes, ascending. */
function daysMatching(rule: DayRule, year: number, month: number): number[] {
  const last = daysInMonth(year, month);
  const weekday = (day: number) => weekdayOf(year, month, day);
  switch (rule.by) {
    case 'days-of-month':
      return rule.days.filter((day) => day <= last);
    case 'last-day':
      return [last];
    case 'last-weekday':
      return [weekday(last) === 7 ? last - 1 : weekday(last) === 1 ? last - 2 : last];
    case 'nearest-weekday': {
      // The weekday nearest the day, without leaving the month; a day the month lacks takes nothing.
      const day = rule.day;
      if (day > last) return [];
      if (weekday(day) === 7) return [day === 1 ? 3 : day - 1];
      if (weekday(day) === 1) return [day === last ? day - 2 : day + 1];
      return [day];
    }
    case 'weekdays':
      return Array.from({ length: last }, (_, index) => index + 1).filter((day) => rule.weekdays.has(weekday(day)));
    case 'last-of-weekday':
      return [last - ((weekday(last) - rule.weekday + 7) % 7)];
    case 'nth-weekday': {
      const day = 1 + ((rule.weekday - weekday(1) + 7) % 7) + 7 * (rule.nth - 1);
      return day <= last ? [day] : [];
    }
  }
}

/** Every local wall time the cron matches, from `from`'s minute on, in order. */
function* matchingWallTimes(cron: Cron, from: WallTime): Generator<WallTime> {
  for (let year = Math.max(from.year, yearField.min); year <= MAX_YEAR; year++) {
    if (!cron.years.has(year)) continue;
    const fromYear = year === from.year;
    for (const month of cron.months) {
      if (fromYear && month < from.month) continue;
      const fromMonth = fromYear && month === from.month;
      for (const day of daysMatching(cron.days, year, month)) {
        if (fromMonth && day < from.day) continue;
        const fromDay = fromMonth && day === from.day;
        for (const hour of cron.hours) {
          if (fromDay && hour < from.hour) continue;
          const fromHour = fromDay && hour === from.hour;
          for (const minute of cron.minutes) {
            if (fromHour && minute < from.minute) continue;
            yield { year, month, day, hour, minute, second: 0 };
          }
        }
      }
    }
  }
}
