// The IANA time zones a phone number may be in, from Google libphonenumber's map (number-time-zone-data.ts).
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { prefixesByZones, zonesByRegion } from './number-time-zone-data.ts';

const zonesByPrefix = new Map<string, readonly string[]>(
  prefixesByZones.flatMap(([zones, prefixes]) => {
    const zoneList = zones.split('&');
    return prefixes.trim().split(/\s+/).map((prefix) => [prefix, zoneList] as const);
  }),
);

/**
 * The zones of the longest prefix the map knows, several where a prefix spans several (an area code across a zone
 * line); for a calling code several countries share, the zones of the number's country. Empty when no zone is known
 * (a non-geographic calling code such as +800, or not a number in E.164).
 */
export function timeZonesOf(e164: string): string[] {
  const digits = /^\+(\d{1,15})$/.exec(e164)?.[1];
  if (digits === undefined) return [];
  for (let length = digits.length; length > 0; length -= 1) {
    const prefix = digits.slice(0, length);
    const zones = zonesByPrefix.get(prefix);
    if (zones === undefined) continue;
    const byRegion = zonesByRegion[prefix];
    const region = byRegion === undefined ? undefined : regionOf(e164);
    const countryZones = region === undefined ? undefined : byRegion?.[region];
    return countryZones === undefined ? [...zones] : countryZones.split('&');
  }
  return [];
}

/** Only read when the map knows nothing finer than a shared calling code: libphonenumber tells the country. */
function regionOf(e164: string): string | undefined {
  try {
    return parsePhoneNumberWithError(e164).country;
  } catch {
    return undefined;
  }
}
