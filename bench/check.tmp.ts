import { contactsCsvFile, contactsCsvPhoneColumns } from './lib/generate-contacts-csv.ts';
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
let t = Date.now();
const file = await contactsCsvFile(200_000);
console.log('gen ms', Date.now() - t, file);
t = Date.now();
let rows = 0, invalid = 0, cells = 0, badCells = 0;
const bad: string[] = [];
for await (const r of createReadStream(file).pipe(parse({ bom: true, delimiter: ',', relax_column_count: true, from_line: 2 })) as AsyncIterable<string[]>) {
  rows++; let ok = true;
  for (const c of contactsCsvPhoneColumns) { const v = r[c]!.trim(); if (!v) continue; cells++;
    let valid = false; try { valid = parsePhoneNumberWithError(v, { defaultCountry: 'US' }).isValid(); } catch {}
    if (!valid) { badCells++; ok = false; if (bad.length < 30) bad.push(v); } }
  if (!ok || r[1] === '') invalid++;
}
console.log({ rows, invalid, cells, badCells, ms: Date.now() - t }, bad);
