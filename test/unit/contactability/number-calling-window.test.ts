// Calling windows per number: legal hours in every zone of the number, the campaign's window, business hours.
import { describe, it, expect } from 'vitest';
import { buildCallingWindow, type CallingWindow } from '#domain/dialer/calling-window';
import { legalWindowOf, nextNumberOpenTime, numberWindowOpen, type NumberWindowOptions } from '#domain/contactability/number-calling-window';

const anyHours: NumberWindowOptions = { businessHoursOnly: false };
const businessHoursOnly: NumberWindowOptions = { businessHoursOnly: true };

const newYork = '+12125550123';
const miami = '+13055550123';
const oklahomaCity = '+14055550123';
const pensacola = '+18504300123';
const southDakota = '+16055550123';
const london = '+442079460123';
const india = '+919876543210';
const freephone = '+80012345678';

function openAt(e164: string, at: string, campaign?: CallingWindow, options = anyHours): boolean {
  return numberWindowOpen(e164, campaign, new Date(at), options);
}

function nextOpening(e164: string, at: string, campaign?: CallingWindow, options = anyHours): string | undefined {
  return nextNumberOpenTime(e164, campaign, new Date(at), options)?.toISOString();
}

describe('legal window of a number', () => {
  it('is 08:00–21:00 in a New York number’s zone: open at 20:59, closed at 21:00 until 08:00 the next day', () => {
    // Prepare: 2026-06-10 is a Wednesday; New York is on UTC−4.
    const at2059 = '2026-06-11T00:59:00.000Z';
    const at2100 = '2026-06-11T01:00:00.000Z';

    // Act
    const legal = legalWindowOf(newYork);

    // Assess
    expect(legal).toEqual({ timeZones: ['America/New_York'], start: '08:00', end: '21:00', rule: 'default' });
    expect(openAt(newYork, at2059)).toBe(true);
    expect(nextOpening(newYork, at2059)).toBe(at2059);
    expect(openAt(newYork, at2100)).toBe(false);
    expect(nextOpening(newYork, at2100)).toBe('2026-06-11T12:00:00.000Z');
  });

  it('ends at 20:00 for a Florida number', () => {
    // Act
    const legal = legalWindowOf(miami);

    // Assess
    expect(legal.rule).toBe('florida-oklahoma');
    expect(legal.end).toBe('20:00');
    expect(openAt(miami, '2026-06-10T23:59:00Z')).toBe(true);
    expect(openAt(miami, '2026-06-11T00:01:00Z')).toBe(false);
    expect(nextOpening(miami, '2026-06-11T00:01:00Z')).toBe('2026-06-11T12:00:00.000Z');
  });

  it('ends at 20:00 for an Oklahoma number, in Central time', () => {
    // Act
    const legal = legalWindowOf(oklahomaCity);

    // Assess: UTC−5 in summer.
    expect(legal).toEqual({ timeZones: ['America/Chicago'], start: '08:00', end: '20:00', rule: 'florida-oklahoma' });
    expect(openAt(oklahomaCity, '2026-06-10T12:59:00Z')).toBe(false);
    expect(openAt(oklahomaCity, '2026-06-10T13:00:00Z')).toBe(true);
    expect(openAt(oklahomaCity, '2026-06-11T00:59:00Z')).toBe(true);
    expect(openAt(oklahomaCity, '2026-06-11T01:00:00Z')).toBe(false);
  });

  it('keeps Florida’s 20:00 in the Central part of the panhandle', () => {
    // Act
    const legal = legalWindowOf(pensacola);

    // Assess: 20:00 Central is 21:00 Eastern, when a Miami number has been closed for an hour.
    expect(legal).toMatchObject({ timeZones: ['America/Chicago'], end: '20:00' });
    expect(openAt(pensacola, '2026-06-11T00:30:00Z')).toBe(true);
    expect(openAt(miami, '2026-06-11T00:30:00Z')).toBe(false);
    expect(openAt(pensacola, '2026-06-11T01:00:00Z')).toBe(false);
  });

  it('opens only when it is open in every zone of an area code across a zone line', () => {
    // Prepare: South Dakota is Central (UTC−5) east and Mountain (UTC−6) west in summer.
    const at0830Central = '2026-06-10T13:30:00Z';
    const at2030Central = '2026-06-11T01:30:00Z';
    const at2100Central = '2026-06-11T02:00:00Z';

    // Act
    const legal = legalWindowOf(southDakota);

    // Assess: from 08:00 in the later zone (Mountain) to 21:00 in the earlier one (Central).
    expect(legal.timeZones).toEqual(['America/Denver', 'America/North_Dakota/Center']);
    expect(openAt(southDakota, at0830Central)).toBe(false);
    expect(nextOpening(southDakota, at0830Central)).toBe('2026-06-10T14:00:00.000Z');
    expect(openAt(southDakota, at2030Central)).toBe(true);
    expect(openAt(southDakota, at2100Central)).toBe(false);
    expect(nextOpening(southDakota, at2100Central)).toBe('2026-06-11T14:00:00.000Z');
  });

  it('gives UK and Indian numbers their own zones', () => {
    // Act
    const uk = legalWindowOf(london);
    const indian = legalWindowOf(india);

    // Assess: 08:00 is 07:00Z in London in summer, 02:30Z in India.
    expect(uk.timeZones).toEqual(['Europe/London']);
    expect(indian.timeZones).toEqual(['Asia/Calcutta']);
    expect(nextOpening(london, '2026-06-10T05:00:00Z')).toBe('2026-06-10T07:00:00.000Z');
    expect(nextOpening(india, '2026-06-10T02:29:00Z')).toBe('2026-06-10T02:30:00.000Z');
  });
});

describe('legal window on daylight-saving change days', () => {
  it('stays 08:00–21:00 local in New York on the day clocks go forward (2026-03-08)', () => {
    // Act: 23:30 EST on the Saturday; the Sunday is 23 hours long.
    const fromSaturdayNight = nextOpening(newYork, '2026-03-08T04:30:00Z');

    // Assess: 08:00 and 21:00 EDT (UTC−4) that Sunday.
    expect(fromSaturdayNight).toBe('2026-03-08T12:00:00.000Z');
    expect(openAt(newYork, '2026-03-09T00:59:00Z')).toBe(true);
    expect(openAt(newYork, '2026-03-09T01:00:00Z')).toBe(false);
  });

  it('stays 08:00–21:00 local in New York on the day clocks go back (2026-11-01)', () => {
    // Act: 01:30 EDT, the first of the two.
    const fromRepeatedHour = nextOpening(newYork, '2026-11-01T05:30:00Z');

    // Assess: 08:00 and 21:00 EST (UTC−5) that Sunday; 12:00Z would have been 08:00 the day before.
    expect(fromRepeatedHour).toBe('2026-11-01T13:00:00.000Z');
    expect(openAt(newYork, '2026-11-01T12:00:00Z')).toBe(false);
    expect(openAt(newYork, '2026-11-02T01:59:00Z')).toBe(true);
    expect(openAt(newYork, '2026-11-02T02:00:00Z')).toBe(false);
  });

  it('stays 08:00–21:00 local in London on the days clocks change (2026-03-29, 2026-10-25)', () => {
    // Act
    const spring = nextOpening(london, '2026-03-29T00:30:00Z');
    const autumn = nextOpening(london, '2026-10-25T00:30:00Z');

    // Assess: BST (UTC+1) from 01:00Z on 29 March; GMT again from 01:00Z on 25 October.
    expect(spring).toBe('2026-03-29T07:00:00.000Z');
    expect(openAt(london, '2026-03-29T19:59:00Z')).toBe(true);
    expect(openAt(london, '2026-03-29T20:00:00Z')).toBe(false);
    expect(autumn).toBe('2026-10-25T08:00:00.000Z');
    expect(openAt(london, '2026-10-25T20:59:00Z')).toBe(true);
    expect(openAt(london, '2026-10-25T21:00:00Z')).toBe(false);
  });
});

describe('number window with a campaign window', () => {
  const londonOfficeHours = buildCallingWindow({ start: '09:00', end: '17:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], timeZone: 'Europe/London' });

  it('opens a New York number only while both are open: 08:00–12:00 New York, 13:00–17:00 London', () => {
    // Prepare: London is UTC+1, New York UTC−4; Wednesday 2026-06-10.
    const londonNoon = '2026-06-10T11:00:00Z';
    const bothOpen = '2026-06-10T15:59:00Z';
    const londonClosed = '2026-06-10T16:00:00Z';

    // Act
    const opening = nextOpening(newYork, londonNoon, londonOfficeHours);

    // Assess
    expect(openAt(newYork, londonNoon, londonOfficeHours)).toBe(false);
    expect(opening).toBe('2026-06-10T12:00:00.000Z');
    expect(openAt(newYork, bothOpen, londonOfficeHours)).toBe(true);
    expect(openAt(newYork, londonClosed, londonOfficeHours)).toBe(false);
    expect(nextOpening(newYork, londonClosed, londonOfficeHours)).toBe('2026-06-11T12:00:00.000Z');
  });

  it('carries a Friday closing over the campaign’s weekend', () => {
    // Act
    const opening = nextOpening(newYork, '2026-06-12T16:00:00Z', londonOfficeHours);

    // Assess
    expect(opening).toBe('2026-06-15T12:00:00.000Z');
  });
});

describe('business hours only', () => {
  it('calls such a number Monday to Friday 09:00–17:00 in its zone', () => {
    // Act
    const afterFive = nextOpening(newYork, '2026-06-10T21:00:00Z', undefined, businessHoursOnly);
    const saturday = nextOpening(newYork, '2026-06-13T15:00:00Z', undefined, businessHoursOnly);

    // Assess: 09:00 EDT is 13:00Z.
    expect(openAt(newYork, '2026-06-10T20:59:00Z', undefined, businessHoursOnly)).toBe(true);
    expect(openAt(newYork, '2026-06-10T21:00:00Z', undefined, businessHoursOnly)).toBe(false);
    expect(afterFive).toBe('2026-06-11T13:00:00.000Z');
    expect(openAt(newYork, '2026-06-13T15:00:00Z')).toBe(true);
    expect(saturday).toBe('2026-06-15T13:00:00.000Z');
  });

  it('never opens for a campaign that dials only on Sunday', () => {
    // Prepare
    const sundays = buildCallingWindow({ start: '10:00', end: '16:00', days: ['SUN'], timeZone: 'America/New_York' });

    // Act
    const preferred = nextOpening(newYork, '2026-06-10T15:00:00Z', sundays, businessHoursOnly);
    const anyTime = nextOpening(newYork, '2026-06-10T15:00:00Z', sundays);

    // Assess
    expect(preferred).toBeUndefined();
    expect(anyTime).toBe('2026-06-14T14:00:00.000Z');
  });
});

describe('a number with no known zone', () => {
  it('has no zones and the default rule', () => {
    // Act
    const legal = legalWindowOf(freephone);

    // Assess
    expect(legal).toEqual({ timeZones: [], start: '08:00', end: '21:00', rule: 'default' });
  });

  it('is held to the legal hours in the campaign’s zone', () => {
    // Prepare: a campaign that would dial from 07:00 to 22:00 Paris time (UTC+2 in summer).
    const longDays = buildCallingWindow({ start: '07:00', end: '22:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], timeZone: 'Europe/Paris' });

    // Act
    const opening = nextOpening(freephone, '2026-06-10T05:30:00Z', longDays);

    // Assess
    expect(openAt(freephone, '2026-06-10T05:30:00Z', longDays)).toBe(false);
    expect(opening).toBe('2026-06-10T06:00:00.000Z');
    expect(openAt(freephone, '2026-06-10T18:59:00Z', longDays)).toBe(true);
    expect(openAt(freephone, '2026-06-10T19:00:00Z', longDays)).toBe(false);
  });

  it('is never open without a campaign window, whose zone could be read instead', () => {
    // Act
    const open = openAt(freephone, '2026-06-10T12:00:00Z');
    const opening = nextOpening(freephone, '2026-06-10T12:00:00Z');

    // Assess
    expect(open).toBe(false);
    expect(opening).toBeUndefined();
  });
});
