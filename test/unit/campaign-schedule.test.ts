// Campaign schedules: Scheduler expressions, their validation, and the next start in the campaign's time zone.
import { describe, expect, it } from 'vitest';
import { buildCampaignSchedule, campaignScheduleFromExpression, nextOccurrence, scheduleExpression, type CampaignSchedule } from '#domain/campaign-schedule';
import { InvalidInputError } from '#domain/errors';

const cron = (expression: string, timeZone = 'UTC'): CampaignSchedule => ({ kind: 'cron', expression, timeZone });
const at = (time: string, timeZone: string): CampaignSchedule => ({ kind: 'at', at: time, timeZone });

/** The next `count` starts after `after`, as ISO instants. */
function occurrences(schedule: CampaignSchedule, after: string, count: number): string[] {
  const starts: string[] = [];
  let from = new Date(after);
  for (let index = 0; index < count; index++) {
    const next = nextOccurrence(schedule, from);
    if (next === undefined) break;
    starts.push(next.toISOString());
    from = next;
  }
  return starts;
}

function errorOf(build: () => unknown): InvalidInputError {
  try {
    build();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidInputError');
}

describe('scheduleExpression', () => {
  it('writes a one-time start as at(local time)', () => {
    // Act
    const expression = scheduleExpression(at('2025-06-02T09:30:00', 'Europe/Paris'));

    // Assess
    expect(expression).toBe('at(2025-06-02T09:30:00)');
  });

  it('writes a recurring start as cron(fields)', () => {
    // Act
    const expression = scheduleExpression(cron('0 9 ? * MON-FRI *', 'Europe/Paris'));

    // Assess
    expect(expression).toBe('cron(0 9 ? * MON-FRI *)');
  });

  it('reads its own expressions back', () => {
    // Prepare
    const schedules = [at('2025-06-02T09:30:00', 'Europe/Paris'), cron('0/15 8-17 ? * MON-FRI *', 'America/New_York')];

    // Act
    const read = schedules.map((schedule) => campaignScheduleFromExpression(scheduleExpression(schedule), schedule.timeZone));

    // Assess
    expect(read).toEqual(schedules);
  });

  it('refuses rate(), which names no time of day', () => {
    // Act
    const error = errorOf(() => campaignScheduleFromExpression('rate(5 minutes)', 'UTC'));

    // Assess
    expect(error.field).toBe('schedule.expression');
  });
});

describe('buildCampaignSchedule', () => {
  it('canonicalises a cron: upper case, single spaces, and the zone as IANA spells it', () => {
    // Act
    const schedule = buildCampaignSchedule(cron('  0  9 ? jan-mar mon-fri *  ', 'europe/paris'));

    // Assess
    expect(schedule).toEqual({ kind: 'cron', expression: '0 9 ? JAN-MAR MON-FRI *', timeZone: 'Europe/Paris' });
  });

  it('keeps a valid one-time start as it is', () => {
    // Act
    const schedule = buildCampaignSchedule(at('2025-11-02T01:30:00', 'America/New_York'));

    // Assess
    expect(schedule).toEqual(at('2025-11-02T01:30:00', 'America/New_York'));
  });

  it.each([
    ['0 9 * * *', 'needs 6 fields'],
    ['0 9 * * * *', 'exactly one of them must be ?'],
    ['0 9 ? * ? *', 'exactly one of them must be ?'],
    ['60 9 * * ? *', 'minutes: "60" is not a value from 0 to 59'],
    ['0 24 * * ? *', 'hours: "24" is not a value from 0 to 23'],
    ['0 9 32 * ? *', 'day-of-month: "32"'],
    ['0 9 1 13 ? *', 'month: "13" is not a value from 1 to 12 or JAN-DEC'],
    ['0 9 1 JUNE ? *', 'month: "JUNE"'],
    ['0 9 ? * 8 *', 'day-of-week: "8" is not a value from 1 to 7 or SUN-SAT'],
    ['0 9 ? * MON-SUN *', 'day-of-week: the range "MON-SUN" runs backwards (SUN is 1, SAT is 7)'],
    ['0 9 ? * MON/2 *', 'day-of-week: / is not allowed'],
    ['0/0 9 * * ? *', 'minutes: the step "0"'],
    ['0 ? * * ? *', 'hours: ? is allowed only in day-of-month or day-of-week'],
    ['0 L * * ? *', 'hours: "L"'],
    ['0 9 L,15 * ? *', 'day-of-month: "L"'],
    ['0 9 ? * MON#1,FRI#3 *', 'day-of-week: "MON#1,FRI#3": # takes one day'],
    ['0 9 ? * MON#6 *', 'day-of-week: in "MON#6" the week of the month must be 1 to 5'],
    ['0 9 * * ? 2200', 'year: "2200" is not a value from 1970 to 2199'],
    ['0 9 1-2-3 * ? *', 'day-of-month: "1-2-3" is not a value or a range'],
  ])('rejects cron(%s), naming the field', (expression, reason) => {
    // Act
    const error = errorOf(() => buildCampaignSchedule(cron(expression)));

    // Assess
    expect(error.field).toBe('schedule.expression');
    expect(error.reason).toContain(reason);
  });

  it.each(['Mars/Olympus_Mons', '+01:00', '', 'Europe/../Paris'])('rejects the time zone %j', (timeZone) => {
    // Act
    const error = errorOf(() => buildCampaignSchedule(cron('0 9 * * ? *', timeZone)));

    // Assess
    expect(error.field).toBe('schedule.timeZone');
  });

  it.each([
    ['2025-06-02 09:30:00', 'must be a local time YYYY-MM-DDTHH:mm:ss'],
    ['2025-06-02T09:30', 'must be a local time YYYY-MM-DDTHH:mm:ss'],
    ['2025-06-02T09:30:00Z', 'must be a local time YYYY-MM-DDTHH:mm:ss'],
    ['2025-02-29T09:00:00', 'is not a real date and time'],
    ['2025-06-02T24:00:00', 'is not a real date and time'],
  ])('rejects the one-time start %j', (time, reason) => {
    // Act
    const error = errorOf(() => buildCampaignSchedule(at(time, 'Europe/Paris')));

    // Assess
    expect(error.field).toBe('schedule.at');
    expect(error.reason).toContain(reason);
  });

  it('rejects a one-time start the clocks skip, since it would never run', () => {
    // Act
    const error = errorOf(() => buildCampaignSchedule(at('2025-03-30T02:30:00', 'Europe/Paris')));

    // Assess
    expect(error.field).toBe('schedule.at');
    expect(error.reason).toBe('2025-03-30T02:30:00 does not exist in Europe/Paris: the clocks skip it when daylight saving time starts');
  });
});

describe('nextOccurrence of a one-time start', () => {
  it('is the local time in the zone, once', () => {
    // Prepare
    const schedule = at('2025-06-02T09:30:00', 'Europe/Paris');

    // Act
    const starts = occurrences(schedule, '2025-06-01T00:00:00Z', 3);

    // Assess
    expect(starts).toEqual(['2025-06-02T07:30:00.000Z']);
  });

  it('is none once the time has come', () => {
    // Act
    const next = nextOccurrence(at('2025-06-02T09:30:00', 'Europe/Paris'), new Date('2025-06-02T07:30:00Z'));

    // Assess
    expect(next).toBeUndefined();
  });

  it('runs a repeated local time at its first instant (America/New_York, 2 November 2025)', () => {
    // Act
    const next = nextOccurrence(at('2025-11-02T01:30:00', 'America/New_York'), new Date('2025-11-01T00:00:00Z'));

    // Assess: 01:30 EDT (UTC−4), not 01:30 EST an hour later
    expect(next?.toISOString()).toBe('2025-11-02T05:30:00.000Z');
  });

  it('is none for a local time the clocks skip', () => {
    // Act
    const next = nextOccurrence(at('2025-03-09T02:30:00', 'America/New_York'), new Date('2025-03-01T00:00:00Z'));

    // Assess
    expect(next).toBeUndefined();
  });
});

describe('nextOccurrence of a cron', () => {
  it('skips the weekend for MON-FRI and follows Paris into summer time', () => {
    // Prepare: Friday 28 March 2025, summer time starts on Sunday 30 March
    const schedule = cron('0 9 ? * MON-FRI *', 'Europe/Paris');

    // Act
    const starts = occurrences(schedule, '2025-03-28T07:59:00Z', 3);

    // Assess: 09:00 CET is 08:00Z; 09:00 CEST is 07:00Z
    expect(starts).toEqual(['2025-03-28T08:00:00.000Z', '2025-03-31T07:00:00.000Z', '2025-04-01T07:00:00.000Z']);
  });

  it('takes day lists and names: MON,WED,FRI', () => {
    // Act
    const starts = occurrences(cron('30 14 ? * MON,WED,FRI *'), '2025-06-02T00:00:00Z', 4);

    // Assess: 2 June 2025 is a Monday
    expect(starts).toEqual(['2025-06-02T14:30:00.000Z', '2025-06-04T14:30:00.000Z', '2025-06-06T14:30:00.000Z', '2025-06-09T14:30:00.000Z']);
  });

  it('steps from the start value to the end of the range: 5/20 and 8-17/4', () => {
    // Act
    const starts = occurrences(cron('5/20 8-17/4 * * ? *'), '2025-06-02T00:00:00Z', 7);

    // Assess
    expect(starts.map((start) => start.slice(11, 16))).toEqual(['08:05', '08:25', '08:45', '12:05', '12:25', '12:45', '16:05']);
  });

  it('is strictly after the given instant', () => {
    // Act
    const next = nextOccurrence(cron('0 9 * * ? *'), new Date('2025-06-02T09:00:00Z'));

    // Assess
    expect(next?.toISOString()).toBe('2025-06-03T09:00:00.000Z');
  });

  it('runs on the last day of each month with L, 29 February in a leap year', () => {
    // Act
    const starts = occurrences(cron('0 18 L * ? *'), '2024-01-31T19:00:00Z', 3);

    // Assess
    expect(starts).toEqual(['2024-02-29T18:00:00.000Z', '2024-03-31T18:00:00.000Z', '2024-04-30T18:00:00.000Z']);
  });

  it('passes over months too short for day 31', () => {
    // Act
    const starts = occurrences(cron('0 9 31 * ? *'), '2025-01-31T10:00:00Z', 2);

    // Assess
    expect(starts).toEqual(['2025-03-31T09:00:00.000Z', '2025-05-31T09:00:00.000Z']);
  });

  it('runs on the last weekday with LW: Friday 29 August when the 31st is a Sunday', () => {
    // Act
    const starts = occurrences(cron('0 9 LW * ? *'), '2025-08-01T00:00:00Z', 2);

    // Assess
    expect(starts).toEqual(['2025-08-29T09:00:00.000Z', '2025-09-30T09:00:00.000Z']);
  });

  it('moves 15W to the nearest weekday, and 1W forward without leaving the month', () => {
    // Act: 15 March 2025 is a Saturday; 1 June 2025 is a Sunday
    const fifteenth = nextOccurrence(cron('0 9 15W 3 ? *'), new Date('2025-03-01T00:00:00Z'));
    const first = nextOccurrence(cron('0 9 1W 6 ? *'), new Date('2025-05-01T00:00:00Z'));

    // Assess
    expect(fifteenth?.toISOString()).toBe('2025-03-14T09:00:00.000Z');
    expect(first?.toISOString()).toBe('2025-06-02T09:00:00.000Z');
  });

  it('runs on the last Friday with FRIL and the second Monday with MON#2', () => {
    // Act
    const lastFridays = occurrences(cron('0 17 ? * FRIL *'), '2025-05-01T00:00:00Z', 2);
    const secondMondays = occurrences(cron('0 9 ? * 2#2 *'), '2025-05-01T00:00:00Z', 2);

    // Assess
    expect(lastFridays).toEqual(['2025-05-30T17:00:00.000Z', '2025-06-27T17:00:00.000Z']);
    expect(secondMondays).toEqual(['2025-05-12T09:00:00.000Z', '2025-06-09T09:00:00.000Z']);
  });

  it('passes over months without a fifth Friday for FRI#5', () => {
    // Act
    const starts = occurrences(cron('0 9 ? * FRI#5 *'), '2025-01-01T00:00:00Z', 2);

    // Assess: January and May 2025 have five Fridays; February to April do not
    expect(starts).toEqual(['2025-01-31T09:00:00.000Z', '2025-05-30T09:00:00.000Z']);
  });

  it('ends with its years, and never runs on 30 February', () => {
    // Act
    const afterItsYear = nextOccurrence(cron('0 9 1 JAN ? 2025'), new Date('2025-02-01T00:00:00Z'));
    const impossible = nextOccurrence(cron('0 9 30 FEB ? *'), new Date('2025-01-01T00:00:00Z'));

    // Assess
    expect(afterItsYear).toBeUndefined();
    expect(impossible).toBeUndefined();
  });

  it('skips 02:30 in Paris on the night summer time starts (30 March 2025)', () => {
    // Act
    const starts = occurrences(cron('30 2 * * ? *', 'Europe/Paris'), '2025-03-28T12:00:00Z', 3);

    // Assess
    expect(starts).toEqual(['2025-03-29T01:30:00.000Z', '2025-03-31T00:30:00.000Z', '2025-04-01T00:30:00.000Z']);
  });

  it('runs 02:30 in Paris once on the night summer time ends (26 October 2025), at its first instant', () => {
    // Act
    const starts = occurrences(cron('30 2 * * ? *', 'Europe/Paris'), '2025-10-25T12:00:00Z', 2);

    // Assess: 02:30 CEST (UTC+2), then 02:30 CET (UTC+1) the next night
    expect(starts).toEqual(['2025-10-26T00:30:00.000Z', '2025-10-27T01:30:00.000Z']);
  });

  it('jumps from 01:30 to 03:00 in New York when the clocks spring forward (9 March 2025)', () => {
    // Act
    const starts = occurrences(cron('0/30 * * * ? *', 'America/New_York'), '2025-03-09T06:00:00Z', 3);

    // Assess: 01:30 EST, then 03:00 and 03:30 EDT
    expect(starts).toEqual(['2025-03-09T06:30:00.000Z', '2025-03-09T07:00:00.000Z', '2025-03-09T07:30:00.000Z']);
  });

  it('does not repeat the hour New York lives twice when the clocks fall back (2 November 2025)', () => {
    // Act
    const starts = occurrences(cron('0/30 * * * ? *', 'America/New_York'), '2025-11-02T04:45:00Z', 3);

    // Assess: 01:00 and 01:30 EDT, then 02:00 EST; 01:00 and 01:30 EST do not run again
    expect(starts).toEqual(['2025-11-02T05:00:00.000Z', '2025-11-02T05:30:00.000Z', '2025-11-02T07:00:00.000Z']);
  });

  it('asked during the repeated hour, waits for the hour after it', () => {
    // Act: 06:10Z is 01:10 EST, the second 01:10 of the night
    const next = nextOccurrence(cron('0/30 * * * ? *', 'America/New_York'), new Date('2025-11-02T06:10:00Z'));

    // Assess
    expect(next?.toISOString()).toBe('2025-11-02T07:00:00.000Z');
  });

  it('keeps 09:00 local across both New York changes', () => {
    // Act
    const march = occurrences(cron('0 9 * * ? *', 'America/New_York'), '2025-03-08T00:00:00Z', 2);
    const november = occurrences(cron('0 9 * * ? *', 'America/New_York'), '2025-11-01T00:00:00Z', 2);

    // Assess
    expect(march).toEqual(['2025-03-08T14:00:00.000Z', '2025-03-09T13:00:00.000Z']);
    expect(november).toEqual(['2025-11-01T13:00:00.000Z', '2025-11-02T14:00:00.000Z']);
  });
});
