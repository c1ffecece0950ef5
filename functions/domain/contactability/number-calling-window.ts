// Calling windows per number (DESIGN §4): the legal hours in every zone the number may be in, the campaign's window
// and, for a number that asked for it, business hours. A number may be called only while all of them are open.
import { openingFrom, weekdays, type CallingWindow, type Weekday } from '../dialer/calling-window.ts';
import { timeZonesOf } from './number-time-zones.ts';

export interface NumberWindowOptions {
  businessHoursOnly: boolean;
}

export type LegalRule = 'default' | 'florida-oklahoma';

export interface LegalWindow {
  /** Every zone the number may be in; empty when none is known. */
  timeZones: string[];
  /** Local `HH:MM`, inclusive, every day, in each of the zones. */
  start: string;
  /** Local `HH:MM`, exclusive. */
  end: string;
  rule: LegalRule;
}

/** The common legal floor: no call before 08:00 or from 21:00 on, local time. */
export const defaultLegalHours = { start: '08:00', end: '21:00' } as const;

/** Florida's and Oklahoma's telephone solicitation acts (Fla. Stat. § 501.059; Oklahoma's of 2022) stop calls at 20:00. */
export const floridaOklahomaLegalHours = { start: '08:00', end: '20:00' } as const;

/**
 * NANP area codes of Florida and Oklahoma, overlays included. Add each new overlay before it goes into service: a
 * number of a missing one is held to 21:00 only.
 */
export const floridaAreaCodes: readonly string[] = [
  '239', '305', '321', '324', '352', '386', '407', '448', '561', '645', '656', '689', '727', '728', '754', '772',
  '786', '813', '850', '863', '904', '941', '954',
];
export const oklahomaAreaCodes: readonly string[] = ['405', '539', '572', '580', '918'];

/** "Business hours only": Monday to Friday, 09:00–17:00 local, in every zone the number may be in. */
export const businessHours = { start: '09:00', end: '17:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI'] as readonly Weekday[] } as const;

/** How far ahead nextNumberOpenTime looks: a week and a day covers every weekly window from any instant. */
export const searchDays = 8;

const dayMs = 86_400_000;

/** The zones and the local legal hours that apply to a number (for display and the API). */
export function legalWindowOf(e164: string): LegalWindow {
  const areaCode = e164.startsWith('+1') ? e164.slice(2, 5) : undefined;
  const stricter = areaCode !== undefined && (floridaAreaCodes.includes(areaCode) || oklahomaAreaCodes.includes(areaCode));
  const hours = stricter ? floridaOklahomaLegalHours : defaultLegalHours;
  return { timeZones: timeZonesOf(e164), start: hours.start, end: hours.end, rule: stricter ? 'florida-oklahoma' : 'default' };
}

/** Is `at` inside the number's legal window (in every zone), the campaign's window (if any) and business hours (if preferred)? */
export function numberWindowOpen(e164: string, campaignWindow: CallingWindow | undefined, at: Date, options: NumberWindowOptions): boolean {
  const windows = windowsOf(e164, campaignWindow, options);
  return windows.length > 0 && windows.every((window) => openingFrom(window, at.getTime()) === at.getTime());
}

/**
 * `at` itself when open; otherwise the first instant after it at which every window is open, within `searchDays`;
 * undefined when there is none (a campaign that dials only on Sunday and a number that wants business hours).
 */
export function nextNumberOpenTime(e164: string, campaignWindow: CallingWindow | undefined, at: Date, options: NumberWindowOptions): Date | undefined {
  const windows = windowsOf(e164, campaignWindow, options);
  if (windows.length === 0) return undefined;
  const limit = at.getTime() + searchDays * dayMs;
  // Each window's next opening is never later than the first instant at which all are open, so moving the candidate
  // to it skips nothing; it stops moving exactly there. Every move lands on an opening, so there are few of them.
  let candidate = at.getTime();
  for (let moved = true; moved; ) {
    moved = false;
    for (const window of windows) {
      const opening = openingFrom(window, candidate);
      if (opening === undefined || opening > limit) return undefined;
      if (opening > candidate) {
        candidate = opening;
        moved = true;
      }
    }
  }
  return new Date(candidate);
}

/**
 * The legal window in each of the number's zones, business hours in each if preferred, and the campaign's window. With
 * no known zone the most restrictive reading is the campaign's zone alone; with no campaign either, no window can be
 * read, so none is open.
 */
function windowsOf(e164: string, campaignWindow: CallingWindow | undefined, options: NumberWindowOptions): CallingWindow[] {
  const legal = legalWindowOf(e164);
  const zones = legal.timeZones.length > 0 ? legal.timeZones : campaignWindow === undefined ? [] : [campaignWindow.timeZone];
  return [
    ...zones.map((timeZone) => ({ start: legal.start, end: legal.end, days: [...weekdays], timeZone })),
    ...(options.businessHoursOnly ? zones.map((timeZone) => ({ start: businessHours.start, end: businessHours.end, days: [...businessHours.days], timeZone })) : []),
    ...(campaignWindow === undefined ? [] : [campaignWindow]),
  ];
}
