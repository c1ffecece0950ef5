// The malformed-CSV corpus, imported in memory and through the local API on DynamoDB Local: no crash (the job completes, or fails with
// a clear reason), every rejection reported with its line and reason, the valid rows imported — exact counts per file.
import { describe, expect, inject, it } from 'vitest';
import { authorization, call } from '../support/api.ts';
import { runImport, startImport } from '#domain/use-cases/import-contacts';
import type { ImportDependencies } from '#domain/use-cases/dependencies';
import { CounterIdGenerator } from '../unit/fakes/counter-id-generator.ts';
import { FixedClock } from '../unit/fakes/fixed-clock.ts';
import { InMemoryConsentStore } from '../unit/fakes/in-memory-consent-store.ts';
import { InMemoryContactRepository } from '../unit/fakes/in-memory-contact-repository.ts';
import { InMemoryImportFileStore } from '../unit/fakes/in-memory-import-file-store.ts';
import { InMemoryImportJobRepository } from '../unit/fakes/in-memory-import-job-repository.ts';
import { InMemoryItemTypeRepository } from '../unit/fakes/in-memory-item-type-repository.ts';
import { malformedCsvCorpus, numberSource, type CorpusFile } from './malformed-csv-files.ts';

/** Start an import, upload the bytes as they are, wait for the job to finish; every rejection, page after page. */
async function importFile(content: Uint8Array | string, fileName: string): Promise<{ job: any; rejections: any[] }> {
  const started = await call('POST', '/imports', { fileName });
  expect(started.status).toBe(201);
  const upload = await fetch(started.body.uploadUrl, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: content });
  expect(upload.ok).toBe(true);
  const deadline = Date.now() + 60_000;
  let job = started.body;
  while (job.status !== 'COMPLETED' && job.status !== 'FAILED') {
    if (Date.now() > deadline) throw new Error(`import of ${fileName} did not finish: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    job = (await call('GET', `/imports/${started.body.id}`)).body;
  }
  const rejections: any[] = [];
  let cursor: string | undefined;
  do {
    const page = await call('GET', `/imports/${started.body.id}/rejections?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status).toBe(200);
    rejections.push(...page.body.items);
    cursor = page.body.cursor;
  } while (cursor !== undefined);
  return { job, rejections };
}

const corpus = malformedCsvCorpus(numberSource(Math.floor(Math.random() * 9_000) * 1_000));

/** The same file through the import use case on in-memory ports: the domain's answer, without DynamoDB or HTTP. */
async function importInMemory(content: Uint8Array | string): Promise<{ job: any; rejections: any[]; contacts: InMemoryContactRepository }> {
  const contacts = new InMemoryContactRepository();
  const importJobs = new InMemoryImportJobRepository();
  const importFiles = new InMemoryImportFileStore();
  const deps: ImportDependencies = { contacts, itemTypes: new InMemoryItemTypeRepository(), importJobs, importFiles, consent: new InMemoryConsentStore(), ids: new CounterIdGenerator(), clock: new FixedClock('2026-03-01T10:00:00.000Z'), defaultRegion: 'US' };
  const { job } = await startImport(deps, {});
  importFiles.put(job.fileKey, typeof content === 'string' ? content : Buffer.from(content));
  const finished = await runImport(deps, job.fileKey);
  return { job: finished, rejections: (await importJobs.listRejections(job.id, 1_000, undefined)).items, contacts };
}

/** What the issue asks of every file: a job that ends as expected, every rejection with its line and reason, exact counts. */
function assertImportedAsExpected(file: CorpusFile, job: any, rejections: any[]): void {
  const { expected } = file;
  if (expected.status === 'FAILED') {
    expect(job.status).toBe('FAILED');
    expect(job.failureReason).toMatch(expected.failureReason);
    expect(job.failureReason).not.toMatch(/internal error/);
    return;
  }
  expect(job.status, JSON.stringify(job)).toBe('COMPLETED');
  expect(job.counts).toEqual({ rowsRead: expected.counts.rowsRead, created: expected.counts.created, updated: 0, unchanged: 0, rejected: expected.counts.rejected });
  // Every rejection with its line and reason, in line order, each row once.
  expect(rejections).toHaveLength(expected.rejections.length);
  expected.rejections.forEach((wanted, index) => {
    const got = rejections[index];
    expect(got.line).toBe(wanted.line);
    expect(got.reason).toMatch(wanted.reason);
    if (wanted.column !== undefined) expect(got.column).toBe(wanted.column);
    if (wanted.value !== undefined) expect(got.value).toBe(wanted.value);
    // An echoed cell never starts a formula and never runs long.
    if (got.value !== undefined) {
      expect(got.value).not.toMatch(/^[=+\-@]/);
      expect(got.value.length).toBeLessThanOrEqual(201);
    }
  });
  if (expected.ignoredColumns) expect(job.ignoredColumns).toEqual(expected.ignoredColumns);
}

describe('the malformed-CSV corpus, through the import use case in memory', () => {
  it.each(corpus.map((file) => [file.name, file] as const))('%s', async (_name, file: CorpusFile) => {
    // Act
    const { job, rejections, contacts } = await importInMemory(file.content);

    // Assess
    assertImportedAsExpected(file, job, rejections);
    for (const { number, displayName } of file.stored) {
      const [holder] = await contacts.findHolders(number);
      expect((await contacts.get(holder!.contactId))?.displayName).toBe(displayName);
    }
    for (const number of file.notStored) expect(await contacts.findHolders(number)).toEqual([]);
  });
});

describe('the malformed-CSV corpus, imported through the local API on DynamoDB Local', () => {
  it('holds every kind of malformed file the issue names', () => {
    const names = corpus.map((file) => file.name);
    for (const kind of ['utf16le', 'utf16be', 'latin1', 'utf8-bom', 'unbalanced-quotes', 'huge-cells', 'formula-cells', 'wrong-columns', 'missing-phone-column', 'duplicated-columns', 'zip', 'png', 'binary-rows', 'crlf', 'cr-only', 'trailing']) {
      expect(names.some((name) => name.includes(kind)), kind).toBe(true);
    }
  });

  it.each(corpus.map((file) => [file.name, file] as const))('%s', { timeout: 90_000 }, async (_name, file: CorpusFile) => {
    // Act
    const { job, rejections } = await importFile(file.content, file.name);

    // Assess: the job's end, counts and report
    assertImportedAsExpected(file, job, rejections);
    // Assess: the valid rows are stored exactly as written, and nothing of the rejected ones.
    for (const { number, displayName } of file.stored) {
      const found = await call('GET', `/contacts?phone=${encodeURIComponent(number)}`);
      expect(found.body.items.map((contact: any) => contact.displayName), number).toEqual([displayName]);
    }
    for (const number of file.notStored) {
      expect((await call('GET', `/contacts?phone=${encodeURIComponent(number)}`)).body.items, number).toEqual([]);
    }
  });

  it('keeps formula cells as text in a contact and in its JSON export', async () => {
    // Prepare
    const [number] = [numberSource(Math.floor(Math.random() * 9_000) * 1_000 + 500)()];
    const formula = '=HYPERLINK("http://example.com","x")';
    const { job } = await importFile(`Name,Primary phone\n"${formula.replaceAll('"', '""')}",${number}\n`, 'formula.csv');
    expect(job.counts.created).toBe(1);
    const contact = (await call('GET', `/contacts?phone=${encodeURIComponent(number)}`)).body.items[0];

    // Act
    const exported = await fetch(`${inject('apiUrl')}/contacts/${contact.id}/export`, { headers: await authorization() });

    // Assess: text, never evaluated or altered; the export is JSON, where a formula is inert
    expect(contact.displayName).toBe(formula);
    expect(exported.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await exported.json()) as any).contact.displayName).toBe(formula);
  });
});
