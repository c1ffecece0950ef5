// The floor the import is held to (DESIGN.md §9): csv-parse and libphonenumber over the same file, nothing else.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js/max';
import { contactsCsvNameColumn, contactsCsvPhoneColumns } from '../../lib/generate-contacts-csv.ts';

/**
 * Rows read. The same cells as the pipeline: a row without a name is skipped, and the others' non-blank phone
 * cells are parsed and validated up to the first bad one.
 */
export async function parseAndValidatePhones(file: string, defaultCountry: CountryCode): Promise<number> {
  const parser = createReadStream(file).pipe(parse({ bom: true, delimiter: ',', relax_column_count: true, from_line: 2 }));
  let rows = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    rows += 1;
    if ((record[contactsCsvNameColumn] ?? '').trim() === '') continue;
    for (const column of contactsCsvPhoneColumns) {
      const cell = (record[column] ?? '').trim();
      if (cell !== '' && !isValidNumber(cell, defaultCountry)) break;
    }
  }
  return rows;
}

function isValidNumber(text: string, defaultCountry: CountryCode): boolean {
  try {
    return parsePhoneNumberWithError(text, { defaultCountry }).isValid();
  } catch {
    return false;
  }
}
