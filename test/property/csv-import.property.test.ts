// Properties of the CSV import over generated files (any dialect, any cell): every data row is stored or rejected with
// its line and a reason, the counts add up, and a valid row is imported. In memory first (many runs), then a few runs
// end to end through the local API on DynamoDB Local.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '#domain/import/csv-records';
import { neutraliseCell, type ImportJob, type RowRejection } from '#domain/import/import-job';
import { csvLine } from '#domain/use-cases/campaigns/history-csv';
import { runImport, startImport } from '#domain/use-cases/import-contacts';
import type { ImportDependencies } from '#domain/use-cases/dependencies';
import { call, importCsv } from '../support/api.ts';
import { CounterIdGenerator } from '../unit/fakes/counter-id-generator.ts';
import { FixedClock } from '../unit/fakes/fixed-clock.ts';
import { InMemoryConsentStore } from '../unit/fakes/in-memory-consent-store.ts';
import { InMemoryContactRepository } from '../unit/fakes/in-memory-contact-repository.ts';
import { InMemoryImportFileStore } from '../unit/fakes/in-memory-import-file-store.ts';
import { InMemoryImportJobRepository } from '../unit/fakes/in-memory-import-job-repository.ts';
import { InMemoryItemTypeRepository } from '../unit/fakes/in-memory-item-type-repository.ts';
import { anyCell, dialect, isEmptyLine, renderCsv, tableRows, type CsvDialect, type TableRow } from './csv-table.ts';

const seed = 20_261_123;

/** The file through the import use case on in-memory ports, as the S3 event would run it. */
async function importInMemory(text: string) {
  const contacts = new InMemoryContactRepository();
  const importJobs = new InMemoryImportJobRepository();
  const importFiles = new InMemoryImportFileStore();
  const deps: ImportDependencies = {
    contacts,
    itemTypes: new InMemoryItemTypeRepository(),
    importJobs,
    importFiles,
    consent: new InMemoryConsentStore(),
    ids: new CounterIdGenerator(),
    clock: new FixedClock('2026-03-01T10:00:00.000Z'),
    defaultRegion: 'FR',
  };
  const { job } = await startImport(deps, { fileName: 'generated.csv' });
  importFiles.put(job.fileKey, text);
  const finished = await runImport(deps, job.fileKey);
  const rejections = (await importJobs.listRejections(job.id, 1_000, undefined)).items;
  return { job: finished, rejections, contacts };
}

/**
 * What holds for any file: the job completes; rows read are the non-empty data rows; each is created or rejected
 * (counts add up); each rejection names the line its row starts on, once, with a reason; no valid row is rejected.
 */
function assertEveryRowAccountedFor(rows: readonly TableRow[], format: CsvDialect, lines: readonly number[], job: ImportJob, rejections: readonly RowRejection[]): void {
  const dataLines = lines.filter((_, index) => !isEmptyLine(rows[index]!, format));
  expect(job.status).toBe('COMPLETED');
  expect(job.counts.rowsRead).toBe(dataLines.length);
  expect(job.counts.created + job.counts.updated + job.counts.unchanged + job.counts.rejected).toBe(job.counts.rowsRead);
  expect(rejections).toHaveLength(job.counts.rejected);
  const rejectedLines = rejections.map((rejection) => rejection.line);
  expect(new Set(rejectedLines).size).toBe(rejectedLines.length);
  for (const rejection of rejections) {
    expect(dataLines).toContain(rejection.line);
    expect(rejection.reason).not.toBe('');
  }
  const validLines = lines.filter((_, index) => rows[index]!.kind === 'valid');
  expect(rejectedLines.filter((line) => validLines.includes(line))).toEqual([]);
}

describe('CSV import of any generated file, in memory', () => {
  it('stores or rejects every data row with its line and a reason; the counts add up; valid rows are imported as written', async () => {
    await fc.assert(
      fc.asyncProperty(tableRows('+3361', 1), dialect, async (rows, format) => {
        // Prepare
        const { text, lines } = renderCsv(rows, format);

        // Act
        const { job, rejections, contacts } = await importInMemory(text);

        // Assess
        assertEveryRowAccountedFor(rows, format, lines, job, rejections);
        // Every stored row is a contact (numbers and external ids are unique in the table, so no row updates another).
        expect((await contacts.list(1_000, undefined)).items).toHaveLength(job.counts.created);
        for (const row of rows) {
          if (row.kind !== 'valid') continue;
          const stored = await contacts.get(`derived:${row.externalId === '' ? `phone:${row.number}` : `external:${row.externalId}`}`);
          expect(stored).toMatchObject({ displayName: row.name, primaryPhone: { number: row.number } });
        }
      }),
      { seed, numRuns: 300 },
    );
  });

  it('reads a file the same however it is encoded and cut into chunks: a line break, a quote, a character or the BOM split between chunks', async () => {
    await fc.assert(
      fc.asyncProperty(tableRows('+3361', 1), dialect, fc.constantFrom('utf-8', 'utf-16le', 'utf-16be'), fc.array(fc.nat(), { maxLength: 6 }), async (rows, format, encoding, cutPoints) => {
        // Prepare: the same text, whole and as bytes in an encoding cut at arbitrary places (inside characters too)
        const text = renderCsv(rows, format).text;
        const bytes = encode(text, encoding);
        const cuts = [...new Set(cutPoints.map((point) => point % (bytes.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...cuts].map((from, index) => bytes.subarray(from, [...cuts, bytes.length][index]));
        const whole = await importInMemory(text);

        // Act: through the pipeline's byte path, one chunk per piece
        const contacts = new InMemoryContactRepository();
        const importJobs = new InMemoryImportJobRepository();
        const deps: ImportDependencies = { contacts, itemTypes: new InMemoryItemTypeRepository(), importJobs, importFiles: chunkedStore(pieces), consent: new InMemoryConsentStore(), ids: new CounterIdGenerator(), clock: new FixedClock('2026-03-01T10:00:00.000Z'), defaultRegion: 'FR' };
        const { job } = await startImport(deps, {});
        const chunked = await runImport(deps, job.fileKey);

        // Assess
        expect(chunked.counts).toEqual(whole.job.counts);
        expect((await importJobs.listRejections(job.id, 1_000, undefined)).items).toEqual(whole.rejections);
      }),
      { seed, numRuns: 200 },
    );
  });
});

describe('CSV export of any cell (History as CSV)', () => {
  it('reads back through the import reader as the neutralised cells: no formula runs, no cell splits or merges', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(anyCell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 10 }), async (rows) => {
        // Prepare: a header line first, so that a BOM opening the first cell is a cell's, not the file's
        const text = `${['header', ...rows.map(csvLine)].join('\r\n')}\r\n`;

        // Act
        const read: unknown[] = [];
        for await (const item of readCsvRecords((async function* () {
          yield text;
        })(), { delimiter: ',' })) read.push('record' in item ? item.record.cells : item);

        // Assess: a row of one empty cell is an empty line, which a reader skips
        const written = rows.filter((cells) => !(cells.length === 1 && cells[0] === ''));
        expect(read.slice(1)).toEqual(written.map((cells) => cells.map(neutraliseCell)));
        for (const cells of read.slice(1) as string[][]) for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@]/);
      }),
      { seed, numRuns: 500 },
    );
  });
});

/** The text as a file's bytes: UTF-16 always with its BOM (how a reader knows it), UTF-8 as the text says. */
function encode(text: string, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const bytes = Buffer.from(`${text.startsWith('\uFEFF') ? '' : '\uFEFF'}${text}`, 'utf16le');
  return encoding === 'utf-16le' ? bytes : bytes.swap16();
}

/** An import file store whose file arrives in the given pieces, as S3 streams it in chunks. */
function chunkedStore(pieces: Buffer[]): ImportDependencies['importFiles'] {
  return {
    uploadUrl: async (key) => `memory://${key}`,
    open: async () => ({
      body: (async function* () {
        for (const piece of pieces) yield new Uint8Array(piece);
      })() as never,
      size: pieces.reduce((total, piece) => total + piece.byteLength, 0),
    }),
  };
}

describe('CSV import of generated files, end to end through the local API', () => {
  it('stores or rejects every data row with its line and a reason; valid rows are imported as written', { timeout: 120_000 }, async () => {
    // Numbers in +33 77…, a range no other test uses: the database is shared by the whole run.
    let firstSerial = Math.floor(Math.random() * 50) * 100_000;
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => tableRows('+3377', (firstSerial += 100))),
        dialect,
        async (rows, format) => {
          // Prepare
          const { text, lines } = renderCsv(rows, format);

          // Act
          const { job, rejections } = await importCsv(text, { fileName: 'generated.csv' });

          // Assess
          assertEveryRowAccountedFor(rows, format, lines, job, rejections);
          for (const row of rows) {
            if (row.kind !== 'valid') continue;
            const found = await call('GET', `/contacts?phone=${encodeURIComponent(row.number)}`);
            expect(found.body.items).toEqual([expect.objectContaining({ displayName: row.name, primaryPhone: expect.objectContaining({ number: row.number }) })]);
          }
        },
      ),
      { seed, numRuns: 8, endOnFailure: true },
    );
  });
});
