// Calling windows: local hours and days in the campaign's zone, and the next opening when closed.
import { describe, it, expect } from 'vitest';
import { buildCallingWindow, nextOpenTime } from '#domain/dialer/calling-window';
import { InvalidInputError } from '#domain/errors';

const paris = buildCallingWindow({ start: '09:00', end: '18:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], timeZone: 'Europe/Paris' });

describe('calling window', () => {
  it('keeps a time inside the window', () => {
    // Act
    const at = nextOpenTime(paris, new Date('2025-03-04T10:30:00Z'));

    // Assess
    expect(at.toISOString()).toBe('2025-03-04T10:30:00.000Z');
  });

  it('moves a time before the opening to the opening, in local time (UTC+1 in winter, UTC+2 in summer)', () => {
    // Act
    const winter = nextOpenTime(paris, new Date('2025-03-04T06:00:00Z'));
    const summer = nextOpenTime(paris, new Date('2025-07-01T05:00:00Z'));

    // Assess
    expect(winter.toISOString()).toBe('2025-03-04T08:00:00.000Z');
    expect(summer.toISOString()).toBe('2025-07-01T07:00:00.000Z');
  });

  it('moves a time after the closing, or on a day off, to the next working day’s opening', () => {
    // Act
    const fridayEvening = nextOpenTime(paris, new Date('2025-03-07T17:00:00Z'));

    // Assess
    expect(fridayEvening.toISOString()).toBe('2025-03-10T08:00:00.000Z');
  });

  it('rejects a window that ends before it starts, or names no day, with the field', () => {
    // Act
    const reversed = () => buildCallingWindow({ start: '18:00', end: '09:00', days: ['MON'], timeZone: 'UTC' });
    const noDays = () => buildCallingWindow({ start: '09:00', end: '18:00', days: [], timeZone: 'UTC' });

    // Assess
    expect(reversed).toThrow(InvalidInputError);
    expect(reversed).toThrow('callingWindow.end');
    expect(noDays).toThrow('callingWindow.days');
  });
});

describe('calling window across a daylight-saving change', () => {
  it('opens on the day after a 23-hour day (a 24-hour step would skip it)', () => {
    // Prepare: every day 08:00–21:00 New York; Saturday 23:30 EST, the night clocks go forward.
    const newYork = buildCallingWindow({ start: '08:00', end: '21:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], timeZone: 'America/New_York' });

    // Act
    const opening = nextOpenTime(newYork, new Date('2026-03-08T04:30:00Z'));

    // Assess: Sunday 08:00 EDT
    expect(opening.toISOString()).toBe('2026-03-08T12:00:00.000Z');
  });
});
