// The streaming import: CSV records → mapped rows → batches for a sink. Memory holds one batch at a time.
import { InvalidInputError } from '../errors.ts';
import type { ItemType } from '../item-type.ts';
import { resolveColumnMapping, type ColumnMappingInput } from './column-mapping.ts';
import { readCsvRecords } from './csv-records.ts';
import { emptyCounts, type ImportCounts, type RowRejection } from './import-job.ts';
import { mapRow, type ImportRow } from './import-row.ts';

export type RowOutcome = 'created' | 'updated' | 'unchanged' | { rejected: string };

/** Where mapped rows go: DynamoDB in the product, a counter in the benchmark. */
export interface ImportSink {
  write(rows: readonly ImportRow[]): Promise<RowOutcome[]>;
}

export interface ImportPipelineOptions {
  itemTypes: readonly ItemType[];
  defaultRegion: string;
  mapping?: ColumnMappingInput | undefined;
  delimiter?: string | undefined;
  batchSize?: number | undefined;
  /** After every batch: the running counts and the bytes read so far. */
  onProgress?: ((counts: ImportCounts, bytesRead: number) => Promise<void> | void) | undefined;
  onRejections?: ((rejections: RowRejection[]) => Promise<void> | void) | undefined;
  onIgnoredColumns?: ((headers: string[]) => Promise<void> | void) | undefined;
}

const replacementCharacter = '\uFFFD';
/** A header line with a NUL or an unreadable byte: the file is binary data, or text in an encoding other than UTF-8/16. */
const notText = /[\u0000\uFFFD]/;
const notTextReason = 'is not CSV text: its first line holds binary data or bytes that are not UTF-8 (save it as "CSV UTF-8", or as UTF-16 with its BOM)';
const undecodableRowReason = 'the row holds bytes that are not UTF-8 text (a file saved as Latin-1 or Windows-1252?): save the file as "CSV UTF-8"';

export async function runImportPipeline(source: AsyncIterable<Uint8Array | string>, sink: ImportSink, options: ImportPipelineOptions): Promise<ImportCounts> {
  const counts = emptyCounts();
  const batchSize = options.batchSize ?? 100;
  let bytesRead = 0;
  let mapping: ReturnType<typeof resolveColumnMapping> | undefined;
  let batch: ImportRow[] = [];
  const keysInBatch = new Set<string>();
  let rejections: RowRejection[] = [];

  const flush = async () => {
    const rows = batch;
    batch = [];
    keysInBatch.clear();
    if (rows.length > 0) {
      const outcomes = await sink.write(rows);
      outcomes.forEach((outcome, index) => {
        if (typeof outcome === 'string') counts[outcome] += 1;
        else rejections.push({ line: rows[index]!.line, column: undefined, reason: outcome.rejected, value: undefined });
      });
    }
    if (rejections.length > 0) {
      counts.rejected += rejections.length;
      const reported = rejections;
      rejections = [];
      await options.onRejections?.(reported.sort((a, b) => a.line - b.line));
    }
    await options.onProgress?.({ ...counts }, bytesRead);
  };

  const records = readCsvRecords(source, { delimiter: options.delimiter, onBytes: (bytes) => (bytesRead = bytes) });
  for await (const item of records) {
    if ('rejection' in item) {
      counts.rowsRead += 1;
      rejections.push(item.rejection);
      continue;
    }
    if (mapping === undefined) {
      if (item.record.cells.some((cell) => notText.test(cell))) throw new InvalidInputError('file', notTextReason);
      mapping = resolveColumnMapping(item.record.cells, options.itemTypes, options.mapping);
      await options.onIgnoredColumns?.(mapping.ignored);
      continue;
    }
    counts.rowsRead += 1;
    // Bytes the decoder could not read (a Latin-1 file, binary data) became U+FFFD: storing them would garble the contact.
    if (item.record.cells.some((cell) => cell.includes(replacementCharacter))) {
      rejections.push({ line: item.record.line, column: undefined, reason: undecodableRowReason, value: undefined });
      continue;
    }
    const mapped = mapRow(item.record.cells, item.record.line, mapping, options.defaultRegion);
    if ('rejection' in mapped) {
      rejections.push(mapped.rejection);
      continue;
    }
    // Two rows for one contact never share a batch: the second must see what the first wrote.
    if (keysInBatch.has(mapped.row.importKey)) await flush();
    batch.push(mapped.row);
    keysInBatch.add(mapped.row.importKey);
    if (batch.length >= batchSize) await flush();
  }
  if (mapping === undefined) throw new InvalidInputError('file', 'is empty: expected a header line and rows');
  await flush();
  return counts;
}
