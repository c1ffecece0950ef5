// Generated CSV tables for the import's property tests: cells with quotes, delimiters, line breaks and unicode, rendered
// as a file in any dialect, with the line every data row starts on (the model the import's report is checked against).
import fc from 'fast-check';

/** A data row: valid (a name and a fresh number, which must be imported) or noise (any cells, imported or rejected). */
export type TableRow = { kind: 'valid'; name: string; number: string; externalId: string; kindCell: string; email: string } | { kind: 'noise'; cells: string[] };

export interface CsvDialect {
  delimiter: ',' | ';' | '\t' | '|';
  lineEnd: '\n' | '\r\n' | '\r';
  bom: boolean;
  /** Quote every cell, or only those that need it. */
  quoteAll: boolean;
  /** Blank lines after these data rows (indices), which the import must skip without counting. */
  blankLinesAfter: number[];
  /** The last line has no line end. */
  finalLineEnd: boolean;
}

export const header = ['Name', 'Primary phone', 'Primary kind', 'External id', 'Email'];

/** Cell text of every kind the tokenizer must survive: delimiters, quotes, CR, LF, BOM, NUL, emoji, right-to-left. */
export const anyCell = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.constantFrom('"', ',', ';', '\t', '|', '\n', '\r', '\r\n', '\uFEFF', '\u0000', 'a', 'é', '😀', 'עברית', ' ', '=1+2', '@', '-', '+'), { maxLength: 8 })
      .map((parts) => parts.join('')),
  },
);

/** A name that survives trimming (the import trims cells) and so identifies its contact. */
const name = anyCell.map((text) => `N${text}`.trim()).filter((text) => text.length > 0);

/**
 * Rows whose numbers are unique: `prefix` (a French mobile range, so that a number is valid whatever its digits) and the
 * row's 7-digit serial from `firstSerial`.
 */
export function tableRows(prefix: string, firstSerial: number) {
  const valid = fc.tuple(name, fc.constantFrom('', 'MOBILE', 'mobile', 'Home', 'OFFICE', 'other'), fc.boolean(), fc.constantFrom('', 'a@example.com', 'a@example.com; b@example.org'));
  const noise = fc.array(anyCell, { minLength: 0, maxLength: 7 });
  return fc.array(fc.oneof(valid.map((cells) => ({ valid: cells })), noise.map((cells) => ({ noise: cells }))), { maxLength: 25 }).map((rows) =>
    rows.map((row, index): TableRow => {
      if ('noise' in row) return { kind: 'noise', cells: row.noise };
      const [rowName, kindCell, withExternalId, email] = row.valid;
      const serial = String(firstSerial + index).padStart(7, '0');
      return { kind: 'valid', name: rowName, number: `${prefix}${serial}`, externalId: withExternalId ? `ext-${firstSerial + index}` : '', kindCell, email };
    }),
  );
}

export const dialect: fc.Arbitrary<CsvDialect> = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  lineEnd: fc.constantFrom('\n', '\r\n', '\r'),
  bom: fc.boolean(),
  quoteAll: fc.boolean(),
  blankLinesAfter: fc.array(fc.nat({ max: 25 }), { maxLength: 3 }),
  finalLineEnd: fc.boolean(),
});

export function cellsOf(row: TableRow): string[] {
  return row.kind === 'noise' ? row.cells : [row.name, row.number, row.kindCell, row.externalId, row.email];
}

/** RFC 4180: a cell holding the delimiter, a quote or a line break is quoted, its quotes doubled. */
function renderCell(cell: string, format: CsvDialect): string {
  const needsQuotes = format.quoteAll || cell.includes(format.delimiter) || /["\r\n]/.test(cell) || cell.startsWith('\uFEFF');
  return needsQuotes ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** Line breaks a piece of text holds, as a reader counts them: CRLF is one. */
function lineBreaksIn(text: string): number {
  return (text.match(/\r\n|\r|\n/g) ?? []).length;
}

/** The file, and for each data row the 1-based line it starts on. */
export function renderCsv(rows: readonly TableRow[], format: CsvDialect): { text: string; lines: number[] } {
  const out: string[] = [];
  const lines: number[] = [];
  let line = 1;
  const emit = (record: string) => {
    out.push(record);
    line += lineBreaksIn(record) + 1;
  };
  emit(header.map((cell) => renderCell(cell, format)).join(format.delimiter));
  rows.forEach((row, index) => {
    lines.push(line);
    emit(cellsOf(row).map((cell) => renderCell(cell, format)).join(format.delimiter));
    for (const after of format.blankLinesAfter) if (after === index) emit('');
  });
  const body = out.join(format.lineEnd) + (format.finalLineEnd ? format.lineEnd : '');
  return { text: (format.bom ? '\uFEFF' : '') + body, lines };
}

/** Whether a row renders as an empty line, which the reader skips without counting: no cell, or one empty cell unquoted. */
export function isEmptyLine(row: TableRow, format: CsvDialect): boolean {
  return row.kind === 'noise' && (row.cells.length === 0 || (row.cells.length === 1 && row.cells[0] === '' && !format.quoteAll));
}
