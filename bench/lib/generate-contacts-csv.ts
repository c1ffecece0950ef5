// A deterministic contacts CSV of any size, streamed to .cache/bench/ and reused while this generator is unchanged.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../local/seeded-random.ts';

export const contactsCsvHeader = ['External id', 'Name', 'Primary phone', 'Primary kind', 'Office', 'Holiday Home', 'Email'];
export const contactsCsvNameColumn = 1;
/** The columns holding numbers: what the pipeline parses. */
export const contactsCsvPhoneColumns = [2, 4, 5];
export const contactsCsvItemTypes = [
  { name: 'Office', orderBy: 1 },
  { name: 'Holiday Home', orderBy: 2 },
];

const cacheDir = fileURLToPath(new URL('../../.cache/bench/', import.meta.url));
// Changing this file changes the file name, so a stale file is never reused.
const generatorVersion = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 8);
const linesPerWrite = 2_000;

/** The path of a file of `rows` data rows (plus the header), writing it first when absent. */
export async function contactsCsvFile(rows: number): Promise<string> {
  const path = `${cacheDir}contacts-${rows}-${generatorVersion}.csv`;
  if (existsSync(path)) return path;
  await mkdir(cacheDir, { recursive: true });
  const staging = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(staging);
  const random = seededRandom(20_240_601);
  let chunk = `${contactsCsvHeader.join(',')}\n`;
  for (let index = 0; index < rows; index += 1) {
    chunk += `${contactRow(index, random).join(',')}\n`;
    if ((index + 1) % linesPerWrite === 0) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  await rename(staging, path);
  await removeOtherVersions();
  return path;
}

/** Files of earlier versions of this generator are never read again. */
async function removeOtherVersions(): Promise<void> {
  const stale = (await readdir(cacheDir)).filter((name) => /^contacts-\d+-[0-9a-f]{8}\.csv$/.test(name) && !name.endsWith(`-${generatorVersion}.csv`));
  await Promise.all(stale.map((name) => rm(`${cacheDir}${name}`, { force: true })));
}

const firstNames = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Radia', 'Linus', 'Frances', 'Niklaus', 'Sophie', 'Tim', 'Karen', 'José', 'Zoë', 'Chloé'];
const lastNames = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Perlman', 'Torvalds', 'Allen', 'Wirth', 'Wilson', "O'Brien", 'Spärck Jones', 'Berners-Lee'];
// Area codes in libphonenumber's US metadata; any exchange 200–999 with them is valid there.
const areaCodes = ['201', '202', '206', '212', '213', '305', '312', '404', '415', '469', '512', '617', '646', '702', '713', '718', '773', '818', '917', '972'];
const usSpace = areaCodes.length * 800 * 10_000;
// +44 76… are pagers, not mobiles.
const ukMobilePrefixes = ['74', '75', '77', '78', '79'];
const ukMobileSpace = ukMobilePrefixes.length * 100_000_000;
const switchboards = Array.from({ length: 40 }, (_, index) => `(212) 555-${String(1000 + index)}`);
const invalidNumbers = ['12345', '555-01', 'n/a', '+44 7700 900123', '(212) 555-01234567', '+1 (000) 000-0000'];

/** Row `index`: every number is unique to its row and slot (a permutation of the index), except switchboards. */
function contactRow(index: number, random: () => number): string[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const first = pick(firstNames);
  const last = pick(lastNames);
  const name = random() < 0.1 ? `"${last}, ${first}"` : `${first} ${last}`;
  const ukPrimary = random() < 0.35;
  const primary = ukPrimary ? ukMobile(3 * index) : usNumber(3 * index, random);
  const kind = ukPrimary ? pick(['MOBILE', 'MOBILE', 'mobile', '']) : pick(['', '', 'HOME', 'OFFICE', 'MOBILE', 'Other']);
  const office = random() < 0.5 ? (random() < 0.05 ? pick(switchboards) : usNumber(3 * index + 1, random)) : '';
  const holiday = random() < 0.3 ? (random() < 0.3 ? ukMobile(3 * index + 2) : usNumber(3 * index + 2, random)) : '';
  const email = random() < 0.8 ? `${first}.${last}.${index}@example.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, '') : '';
  const cells = [`C${String(index + 1).padStart(7, '0')}`, name, primary, kind, office, holiday, email];
  // About 2% of rows cannot be imported: mostly a bad primary number, some a bad office number or no name.
  const fault = random();
  if (fault < 0.012) cells[2] = pick(invalidNumbers);
  else if (fault < 0.017) cells[4] = pick(invalidNumbers);
  else if (fault < 0.02) cells[1] = '';
  return cells;
}

function usNumber(slot: number, random: () => number): string {
  const n = permute(slot, usSpace);
  const area = areaCodes[n % areaCodes.length]!;
  const rest = Math.floor(n / areaCodes.length);
  const exchange = String(200 + (rest % 800));
  const line = String(Math.floor(rest / 800)).padStart(4, '0');
  const format = random();
  if (format < 0.5) return `(${area}) ${exchange}-${line}`;
  if (format < 0.7) return `${area}-${exchange}-${line}`;
  if (format < 0.8) return `${area}.${exchange}.${line}`;
  if (format < 0.9) return `+1 ${area} ${exchange} ${line}`;
  return `${area}${exchange}${line}`;
}

function ukMobile(slot: number): string {
  const n = permute(slot, ukMobileSpace);
  const digits = ukMobilePrefixes[n % ukMobilePrefixes.length]! + String(Math.floor(n / ukMobilePrefixes.length)).padStart(8, '0');
  return `+44 ${digits.slice(0, 4)} ${digits.slice(4)}`;
}

/** An affine bijection of 0…space-1: unique inputs give unique, scattered outputs. */
function permute(value: number, space: number): number {
  return (value * 7_919_063 + 12_345_679) % space;
}

