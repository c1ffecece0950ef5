// Streams CSV text into records with their line numbers; malformed records become rejections, not crashes.
import { parse, type Info } from 'csv-parse';
import { Readable } from 'node:stream';
import { neutraliseCell, type RowRejection } from './import-job.ts';

export interface CsvRecord {
  line: number;
  cells: string[];
}

export type CsvItem = { record: CsvRecord } | { rejection: RowRejection };

export interface CsvOptions {
  /** Found from the first line when absent: the most frequent of , ; tab | outside quotes. */
  delimiter?: string | undefined;
  /** Called with the bytes handed to the parser so far. */
  onBytes?: ((bytes: number) => void) | undefined;
}

const candidateDelimiters = [',', ';', '\t', '|'];
const maxRecordBytes = 1_000_000;

export function sniffDelimiter(sample: string): string {
  const firstLine = sample.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = candidateDelimiters.map((delimiter) => unquoted.split(delimiter).length - 1);
  const best = counts.indexOf(Math.max(...counts));
  return counts[best]! > 0 ? candidateDelimiters[best]! : ',';
}

/** Records of `source` (bytes or text, UTF-8, with or without BOM, LF or CRLF, quoted fields). */
export async function* readCsvRecords(source: AsyncIterable<Uint8Array | string>, options: CsvOptions = {}): AsyncGenerator<CsvItem> {
  const { first, rest } = await peek(source);
  if (first === undefined) return;
  const delimiter = options.delimiter ?? sniffDelimiter(Buffer.from(first).toString('utf8', 0, 64 * 1024));
  const skipped: RowRejection[] = [];
  const parser = parse({
    bom: true,
    delimiter,
    info: true,
    relax_column_count: true,
    // A quote inside an unquoted cell (=HYPERLINK("…")) is kept as text: the row mapper judges the cell.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: maxRecordBytes,
  });
  // The parser runs ahead of the consumer and may report one record twice: keep the first report per line,
  // and hand rejections out in line order between the records.
  parser.on('skip', (error: Error & { lines?: number; record?: string[] }) => {
    const line = error.lines ?? 0;
    if (skipped.some((rejection) => rejection.line === line)) return;
    const value = error.record?.join(delimiter);
    skipped.push({ line, column: undefined, reason: `malformed CSV: ${error.message}`, value: value ? neutraliseCell(value) : undefined });
  });
  let bytes = 0;
  const counted = Readable.from(
    (async function* () {
      yield countBytes(first);
      for await (const chunk of rest) yield countBytes(chunk);
    })(),
  );
  function countBytes(chunk: Uint8Array | string): Uint8Array | string {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    options.onBytes?.(bytes);
    return chunk;
  }
  counted.on('error', (error) => parser.destroy(error));
  counted.pipe(parser);
  for await (const item of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    const line = item.info.lines - countLineBreaks(item.record);
    while (skipped.length > 0 && skipped[0]!.line < line) yield { rejection: skipped.shift()! };
    yield { record: { line, cells: item.record } };
  }
  while (skipped.length > 0) yield { rejection: skipped.shift()! };
}

/** A record's line is where it ends less the line breaks quoted inside it. */
function countLineBreaks(cells: readonly string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    if (!cell.includes('\n')) continue;
    breaks += cell.split('\n').length - 1;
  }
  return breaks;
}

async function peek<T>(source: AsyncIterable<T>): Promise<{ first: T | undefined; rest: AsyncIterable<T> }> {
  const iterator = source[Symbol.asyncIterator]();
  const head = await iterator.next();
  return { first: head.done ? undefined : head.value, rest: { [Symbol.asyncIterator]: () => iterator } };
}
